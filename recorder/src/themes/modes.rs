//! Request modes: same-origin, no-cors, cors to the page's own origin, the
//! modes script may not use, data: and other non-HTTP URLs, bad ports, and
//! redirect modes.

use super::{chain, readable, request, shown, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP, FOREIGN, OTHER};

/// A 200 with no CORS headers and a private header.
fn private() -> Reply {
    Reply::ok()
        .header("Content-Type", "text/plain")
        .header("X-Private", "1")
}

/// A 200 that sets a cookie and has a private header, no CORS headers.
fn own() -> Reply {
    private().header("Set-Cookie", "s=1; Path=/r/none")
}

/// A scenario with one step and no route: nothing of it reaches the server.
fn unrouted(set: &mut Set, name: String, step: Step) {
    set.add(name).step(step);
}

/// The data: URLs.
const DATA: [&str; 6] = [
    "data:,hello",
    "data:text/plain;base64,aGVsbG8=",
    "data:text/html;charset=utf-8,%3Cp%3Ehi",
    "data:;base64,aGk=",
    "data:;base64,%%%",
    "data:application/json,{}",
];

/// URLs that are not HTTP(S) on port 80.
const ELSEWHERE: [&str; 8] = [
    "about:blank",
    "blob:http://app.example.test/00000000-0000-0000-0000-000000000000",
    "blob:nonsense",
    "ftp://api.example.test/x",
    "file:///etc/hosts",
    "javascript:1",
    "http://api.example.test:25/",
    "http://api.example.test:1/",
];

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Modes, "mode");
    same_origin(&mut set);
    no_cors(&mut set);
    invalid_modes(&mut set);
    cors_same_origin(&mut set);
    data_urls(&mut set);
    elsewhere(&mut set);
    redirect_modes(&mut set);
    set.done()
}

/// Mode same-origin.
fn same_origin(set: &mut Set) {
    for (label, origin) in [
        ("api (same site, cross-origin)", API),
        ("api.other.test (cross-site)", FOREIGN),
    ] {
        for method in ["GET", "POST"] {
            set.single(
                format!("same-origin {method} {label}, 200 allowing the page origin"),
                origin,
                |url| request(method, url).mode("same-origin"),
                vec![],
                vec![readable()],
            );
        }
    }
    for method in ["GET", "POST", "PUT"] {
        set.single(
            format!(
                "same-origin {method} the page origin, 200 with Set-Cookie and X-Private, no CORS headers"
            ),
            APP,
            |url| request(method, url).mode("same-origin"),
            vec![],
            vec![own()],
        );
    }
    set.single(
        "same-origin GET the page origin with credentials omit, 200 with Set-Cookie and X-Private",
        APP,
        |url| Step::get(url).mode("same-origin").credentials("omit"),
        vec![],
        vec![own()],
    );
    // Redirects in same-origin mode.
    for (label, to) in [("to the page origin", APP), ("to api", API)] {
        for redirect in ["follow", "manual"] {
            chain(
                set,
                format!(
                    "same-origin GET redirect {redirect}, the page origin answered 302 {label}, next hop 200 with Access-Control-Allow-Origin *"
                ),
                &[APP, to],
                |next| Reply::new(302).location(next),
                vec![],
                private().acao("*"),
                |url| Step::get(url).mode("same-origin").redirect(redirect),
            );
        }
    }
}

/// Mode no-cors.
fn no_cors(set: &mut Set) {
    for (label, origin) in [
        ("api (same site, cross-origin)", API),
        ("api.other.test (cross-site)", FOREIGN),
    ] {
        for method in ["GET", "HEAD", "POST"] {
            set.single(
                format!("no-cors {method} {label}, 200 with X-Private, no CORS headers"),
                origin,
                |url| request(method, url).mode("no-cors"),
                vec![],
                vec![private()],
            );
        }
        set.single(
            format!("no-cors GET {label}, 200 allowing the page origin and exposing X-Private"),
            origin,
            |url| Step::get(url).mode("no-cors"),
            vec![],
            vec![private().acao(APP).aceh("X-Private")],
        );
    }
    set.single(
        "no-cors GET the page origin, 200 with Set-Cookie and X-Private",
        APP,
        |url| Step::get(url).mode("no-cors"),
        vec![],
        vec![own()],
    );
    for method in ["PUT", "DELETE", "PATCH", "patch", "OPTIONS", "post", "head"] {
        set.single(
            format!("no-cors {method} api, 200 allowing the page origin"),
            API,
            |url| request(method, url).mode("no-cors"),
            vec![],
            vec![readable()],
        );
    }
    // The Headers guard.
    let headers: [(&str, &str, &str); 10] = [
        ("GET", "X-Custom", "1"),
        ("POST", "Content-Type", "application/json"),
        ("POST", "Content-Type", "text/plain"),
        ("GET", "Accept", "text/plain"),
        ("GET", "Accept-Language", "en"),
        ("GET", "Content-Language", "en"),
        ("GET", "Authorization", "Basic dXNlcjpwYXNz"),
        ("GET", "Range", "bytes=0-1"),
        ("GET", "Range", "bytes=0-"),
        ("GET", "Accept", "{"),
    ];
    for (method, name, value) in headers {
        set.single(
            format!(
                "no-cors {method} api with {name} `{}`, 200 with X-Private, no CORS headers",
                shown(value)
            ),
            API,
            |url| request(method, url).mode("no-cors").header(name, value),
            vec![],
            vec![private()],
        );
    }
    // Credentials.
    for (label, origin) in [
        ("api", API),
        ("the page origin", APP),
        ("api.other.test (cross-site)", FOREIGN),
    ] {
        set.single(
            format!("no-cors GET {label} with credentials include, 200 with X-Private"),
            origin,
            |url| Step::get(url).mode("no-cors").credentials("include"),
            vec![],
            vec![private()],
        );
    }
    set.single(
        "no-cors GET api with credentials omit, 200 with X-Private",
        API,
        |url| Step::get(url).mode("no-cors").credentials("omit"),
        vec![],
        vec![private()],
    );
}

/// Modes script may not ask for.
fn invalid_modes(set: &mut Set) {
    for mode in ["navigate", "websocket", "CORS", ""] {
        set.single(
            format!("mode `{mode}` GET api, 200 allowing the page origin"),
            API,
            |url| Step::get(url).mode(mode),
            vec![],
            vec![readable()],
        );
    }
}

/// Mode cors to the page's own origin.
fn cors_same_origin(set: &mut Set) {
    for method in ["GET", "HEAD", "POST", "PUT", "DELETE"] {
        set.single(
            format!(
                "cors {method} the page origin, 200 with Set-Cookie and X-Private, no CORS headers"
            ),
            APP,
            |url| request(method, url),
            vec![],
            vec![own()],
        );
    }
    set.single(
        "cors GET the page origin with X-Custom, 200 with Set-Cookie and X-Private, no CORS headers",
        APP,
        |url| Step::get(url).header("X-Custom", "1"),
        vec![],
        vec![own()],
    );
    set.single(
        "cors GET the page origin with credentials omit, 200 with Set-Cookie and X-Private",
        APP,
        |url| Step::get(url).credentials("omit"),
        vec![],
        vec![own()],
    );
    set.single(
        "cors GET http://api.example.test:80/ (default port written out), 200 allowing the page origin",
        API,
        |url| Step::get(url.replacen("api.example.test", "api.example.test:80", 1)),
        vec![],
        vec![readable()],
    );
}

/// data: URLs (no request reaches the server).
fn data_urls(set: &mut Set) {
    for url in DATA {
        for mode in ["cors", "no-cors", "same-origin"] {
            unrouted(set, format!("{mode} GET {url}"), Step::get(url).mode(mode));
        }
    }
    for url in ["data:,hello", "data:text/plain;base64,aGVsbG8="] {
        for method in ["POST", "PUT", "HEAD", "DELETE"] {
            unrouted(
                set,
                format!("cors {method} {url}"),
                request(method, url.to_owned()),
            );
        }
        unrouted(
            set,
            format!("no-cors PUT {url}"),
            request("PUT", url.to_owned()).mode("no-cors"),
        );
        unrouted(
            set,
            format!("cors GET {url} with credentials include"),
            Step::get(url).credentials("include"),
        );
        unrouted(
            set,
            format!("cors GET {url} with X-Custom"),
            Step::get(url).header("X-Custom", "1"),
        );
        unrouted(
            set,
            format!("cors GET {url} with redirect manual"),
            Step::get(url).redirect("manual"),
        );
    }
}

/// Non-HTTP URLs and bad ports (refused without a request to the server).
fn elsewhere(set: &mut Set) {
    for url in ELSEWHERE {
        for mode in ["cors", "no-cors"] {
            unrouted(set, format!("{mode} GET {url}"), Step::get(url).mode(mode));
        }
    }
}

/// Redirect modes on same-origin and cross-origin 302s.
fn redirect_modes(set: &mut Set) {
    let hops: [(&str, &str, &str); 4] = [
        ("the page origin to the page origin", APP, APP),
        ("the page origin to api", APP, API),
        ("api to api", API, API),
        ("api to other", API, OTHER),
    ];
    for (label, from, to) in hops {
        for redirect in ["follow", "manual", "error"] {
            chain(
                set,
                format!(
                    "cors GET redirect {redirect}, 302 {label} with Access-Control-Allow-Origin *, final 200 with Access-Control-Allow-Origin *"
                ),
                &[from, to],
                |next| Reply::new(302).acao("*").location(next),
                vec![],
                private().acao("*"),
                |url| Step::get(url).redirect(redirect),
            );
        }
    }
    for (label, from, to) in [
        ("api to api", API, API),
        ("api to api.other.test", API, FOREIGN),
    ] {
        for redirect in ["follow", "manual", "error"] {
            chain(
                set,
                format!(
                    "no-cors GET redirect {redirect}, 302 {label} without CORS headers, final 200 with X-Private"
                ),
                &[from, to],
                |next| Reply::new(302).location(next),
                vec![],
                private(),
                |url| Step::get(url).mode("no-cors").redirect(redirect),
            );
        }
    }
}
