//! Redirects: which hops a browser follows, what the Origin header becomes
//! after a cross-origin hop, what happens to the method, body and author
//! headers, which Location values it accepts, and the redirect modes.

use super::{allow, allow_for, chain, readable, request, shown, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP, FOREIGN, OTHER};

const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// Redirect chains: a label and the origin of each hop, first to last.
const CHAINS: [(&str, &[&str]); 5] = [
    ("api to api (same-origin hop)", &[API, API]),
    ("api to other (cross-origin hop)", &[API, OTHER]),
    ("api to app (back to the page origin)", &[API, APP]),
    (
        "app to api (same-origin start, cross-origin hop)",
        &[APP, API],
    ),
    ("api to other to api (two hops)", &[API, OTHER, API]),
];

/// A final 200 with `Access-Control-Allow-Origin: acao` (None: absent).
fn last(acao: Option<&str>) -> Reply {
    let r = Reply::ok();
    let r = match acao {
        Some(v) => r.acao(v),
        None => r,
    };
    r.header("Content-Type", "text/plain")
}

/// `Reply::new(status)` with a Location and optionally an
/// `Access-Control-Allow-Origin`.
fn redirect(status: u16, acao: Option<&str>, location: &str) -> Reply {
    let r = Reply::new(status);
    let r = match acao {
        Some(v) => r.acao(v),
        None => r,
    };
    r.location(location)
}

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Redirects, "redir");
    statuses_methods_chains(&mut set);
    other_3xx(&mut set);
    locations(&mut set);
    redirect_modes(&mut set);
    authorization(&mut set);
    redirect_allow_origin(&mut set);
    long_chains(&mut set);
    request_body_headers(&mut set);
    preflight_redirects(&mut set);
    // Last, so that the ids of the scenarios above stay as recorded.
    same_origin_start_credentials(&mut set);
    no_cors_origin(&mut set);
    unsafe_same_origin_start(&mut set);
    body_headers_after_rewrite(&mut set);
    sticky_preflight_cached(&mut set);
    headers_after_removal(&mut set);
    set.done()
}

/// Every redirect status × GET/POST/PUT × chain, the final reply allowing
/// the page origin or `null`.
fn statuses_methods_chains(set: &mut Set) {
    for status in STATUSES {
        for method in ["GET", "POST", "PUT"] {
            for (label, hops) in CHAINS {
                for final_acao in [APP, "null"] {
                    let (preflight, pre_label) = if method == "PUT" {
                        (
                            vec![allow_for("*", "PUT", "")],
                            ", every preflight allows PUT for *",
                        )
                    } else {
                        (vec![], "")
                    };
                    chain(
                        set,
                        format!(
                            "{method} {status} {label}, redirects with Access-Control-Allow-Origin *{pre_label}, final Access-Control-Allow-Origin {final_acao}"
                        ),
                        hops,
                        |next| redirect(status, Some("*"), next),
                        preflight,
                        last(Some(final_acao)),
                        |url| request(method, url),
                    );
                }
            }
        }
    }
}

/// 3xx statuses that are not redirect statuses, with a Location.
fn other_3xx(set: &mut Set) {
    for status in [300, 304, 305, 306, 399] {
        chain(
            set,
            format!("GET api answered {status} with a Location to api and the origin allowed"),
            &[API, API],
            |next| redirect(status, Some(APP), next).header("Content-Type", "text/plain"),
            vec![],
            readable(),
            Step::get,
        );
        chain(
            set,
            format!("GET same-origin answered {status} with a Location to the page origin, no CORS headers"),
            &[APP, APP],
            |next| redirect(status, None, next).header("Content-Type", "text/plain"),
            vec![],
            last(None),
            Step::get,
        );
    }
}

/// What a 302 from api may say in its Location.
fn locations(set: &mut Set) {
    // (label, Location built from the scenario, hop-1 paths the browser
    // may request, whether hop 0 itself is requested again).
    type Build = fn(&Scenario) -> Vec<String>;
    let cases: Vec<(&str, Build, Build)> = vec![
        ("an empty Location", |_| vec![String::new()], |_| vec![]),
        (
            "a Location with an absolute path",
            |s| vec![s.path(0, 1)],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a path-relative Location `1`",
            |_| vec!["1".to_owned()],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location `./1`",
            |_| vec!["./1".to_owned()],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location with a fragment",
            |s| vec![format!("{}#frag", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location with a query",
            |s| vec![format!("{}?q=1", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location of only a fragment",
            |_| vec!["#frag".to_owned()],
            |_| vec![],
        ),
        (
            "a Location of only a query",
            |_| vec!["?q=1".to_owned()],
            |_| vec![],
        ),
        (
            "a scheme-relative Location to api.other.test",
            |s| vec![format!("//api.other.test{}", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location starting with two backslashes and api.other.test",
            |s| vec![format!("\\\\api.other.test{}", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location with scheme and host in upper case",
            |s| vec![format!("HTTP://API.EXAMPLE.TEST{}", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location naming port 80",
            |s| vec![format!("http://api.example.test:80{}", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location ending in byte E9 (Latin-1 e acute)",
            |s| vec![format!("{}\u{e9}", s.path(0, 1))],
            non_ascii_paths,
        ),
        (
            "a Location ending in bytes C3 A9 (UTF-8 e acute)",
            |s| vec![format!("{}\u{c3}\u{a9}", s.path(0, 1))],
            non_ascii_paths,
        ),
        (
            "a Location with a space",
            |s| vec![format!("{} x", s.path(0, 1))],
            |s| vec![format!("{}%20x", s.path(0, 1))],
        ),
        (
            "a Location with a tab inside",
            |s| vec![format!("/r/{}/0/\t1", s.id)],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location with userinfo on api.example.test",
            |s| vec![format!("http://user:pass@api.example.test{}", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location with a user name only on api.example.test",
            |s| vec![format!("http://user@api.example.test{}", s.path(0, 1))],
            |s| vec![s.path(0, 1)],
        ),
        (
            "a Location `data:,x`",
            |_| vec!["data:,x".to_owned()],
            |_| vec![],
        ),
        (
            "a Location `ftp://api.example.test/x`",
            |_| vec!["ftp://api.example.test/x".to_owned()],
            |_| vec![],
        ),
        (
            "a Location `about:blank`",
            |_| vec!["about:blank".to_owned()],
            |_| vec![],
        ),
        (
            "an invalid Location `http://[`",
            |_| vec!["http://[".to_owned()],
            |_| vec![],
        ),
        (
            "a Location `http://api.example.test:25/` (a bad port)",
            |_| vec!["http://api.example.test:25/".to_owned()],
            |_| vec![],
        ),
        (
            "two identical Location header lines",
            |s| vec![s.path(0, 1), s.path(0, 1)],
            |s| vec![s.path(0, 1)],
        ),
        (
            "two different Location header lines",
            |s| vec![s.path(0, 1), s.path(0, 2)],
            |s| vec![s.path(0, 1), s.path(0, 2)],
        ),
        (
            "one Location line listing two paths",
            |s| vec![format!("{}, {}", s.path(0, 1), s.path(0, 2))],
            |s| {
                vec![
                    s.path(0, 1),
                    s.path(0, 2),
                    format!("{},%20{}", s.path(0, 1), s.path(0, 2)),
                ]
            },
        ),
    ];
    for (label, location, next_paths) in cases {
        let s = set.add(format!(
            "GET api answered 302 with {label} and Access-Control-Allow-Origin *, any next hop 200 with Access-Control-Allow-Origin *"
        ));
        let mut first = Reply::new(302).acao("*");
        for line in location(s) {
            first = first.location(&line);
        }
        let path = s.path(0, 0);
        // A Location resolving to hop 0 itself gets the 200 the second time.
        s.route(path, vec![], vec![first, last(Some("*"))]);
        for path in next_paths(s) {
            s.route(path, vec![], vec![last(Some("*"))]);
        }
        let url = s.url(API, 0, 0);
        s.step(Step::get(url));
    }
    // Userinfo on the page's own origin, from a same-origin start.
    for (label, host) in [
        ("app.example.test (same origin)", "app.example.test"),
        ("api.example.test", "api.example.test"),
    ] {
        let s = set.add(format!(
            "GET same-origin answered 302 with a Location with userinfo on {label}, next hop 200 with Access-Control-Allow-Origin *"
        ));
        let location = format!("http://user:pass@{host}{}", s.path(0, 1));
        let path = s.path(0, 0);
        s.route(path, vec![], vec![Reply::new(302).location(&location)]);
        let path = s.path(0, 1);
        s.route(path, vec![], vec![last(Some("*"))]);
        let url = s.url(APP, 0, 0);
        s.step(Step::get(url));
    }
}

/// The paths a browser may request for a hop-1 path followed by é in some
/// encoding.
fn non_ascii_paths(s: &Scenario) -> Vec<String> {
    [
        "%E9",
        "%C3%A9",
        "%EF%BF%BD",
        "%C3%83%C2%A9",
        "%EF%BF%BD%EF%BF%BD",
    ]
    .iter()
    .map(|tail| format!("{}{tail}", s.path(0, 1)))
    .collect()
}

/// Redirect modes `manual` and `error` for every status.
fn redirect_modes(set: &mut Set) {
    let hops: [(&str, &[&str]); 3] = [
        ("api to other (cross-origin hop)", &[API, OTHER]),
        ("api to api (same-origin hop)", &[API, API]),
        ("app to app (same origin as the page)", &[APP, APP]),
    ];
    for status in STATUSES {
        for (label, hops) in hops {
            for mode in ["manual", "error"] {
                chain(
                    set,
                    format!(
                        "GET redirect {mode}, {status} {label} with Access-Control-Allow-Origin *, final Access-Control-Allow-Origin *"
                    ),
                    hops,
                    |next| redirect(status, Some("*"), next),
                    vec![],
                    last(Some("*")),
                    |url| Step::get(url).redirect(mode),
                );
            }
        }
    }
}

/// An `Authorization` author header through a same-origin and a
/// cross-origin hop.
fn authorization(set: &mut Set) {
    for status in STATUSES {
        for (label, hops) in [
            ("api to api (same-origin hop)", &[API, API][..]),
            ("api to other (cross-origin hop)", &[API, OTHER][..]),
        ] {
            chain(
                set,
                format!(
                    "GET with Authorization, {status} {label} with Access-Control-Allow-Origin *, every preflight allows authorization for *, final Access-Control-Allow-Origin *"
                ),
                hops,
                |next| redirect(status, Some("*"), next),
                vec![allow_for("*", "", "authorization")],
                last(Some("*")),
                |url| Step::get(url).header("Authorization", "Basic dXNlcjpwYXNz"),
            );
        }
    }
}

/// A chain that starts on the page's own origin, so that its first
/// request includes credentials unless the mode is `omit`, then redirects
/// cross-origin twice: how the second hop's redirect response is checked
/// (credentials included, or as the mode says for a cross-origin request)
/// under each `Access-Control-Allow-Origin` and
/// `Access-Control-Allow-Credentials` it answers. The last hop carries a
/// tainted origin, so the final reply allows `*` (or `null` with
/// credentials). Then the same in mode `same-origin` for a request that
/// is preflighted on its cross-origin hops (`X-Custom`), each preflight
/// allowing `*`.
fn same_origin_start_credentials(set: &mut Set) {
    let chains: [(&str, &[&str]); 2] = [
        ("app to api to other", &[APP, API, OTHER]),
        ("app to api.other.test to other", &[APP, FOREIGN, OTHER]),
    ];
    let modes = [
        ("same-origin", false),
        ("include", false),
        ("omit", false),
        ("same-origin", true),
    ];
    for (credentials, preflighted) in modes {
        for (chain_label, hops) in chains {
            for (label, acao, with_acac) in [
                ("*", "*", false),
                ("* with Access-Control-Allow-Credentials true", "*", true),
                ("the page origin", APP, false),
                (
                    "the page origin with Access-Control-Allow-Credentials true",
                    APP,
                    true,
                ),
            ] {
                let final_reply = if credentials == "include" {
                    last(Some("null")).acac()
                } else {
                    last(Some("*"))
                };
                let (what, preflight) = if preflighted {
                    (
                        "GET with X-Custom (preflighted)",
                        vec![Reply::new(204).acao("*").acah("x-custom")],
                    )
                } else {
                    ("GET", vec![])
                };
                chain(
                    set,
                    format!(
                        "{what} credentials {credentials}, 302 {chain_label}, cross-origin redirect Access-Control-Allow-Origin {label}"
                    ),
                    hops,
                    |next| {
                        let reply = redirect(302, Some(acao), next);
                        if with_acac {
                            reply.acac()
                        } else {
                            reply
                        }
                    },
                    preflight,
                    final_reply,
                    |url| {
                        let step = Step::get(url).credentials(credentials);
                        if preflighted {
                            step.header("X-Custom", "1")
                        } else {
                            step
                        }
                    },
                );
            }
        }
    }
}

/// The `Origin` a `no-cors` `POST` carries after 307/308 redirects (the
/// method and body stay): which hops make it `null`. The spec nulls it once
/// the request is redirect-tainted (a hop to another origin from a URL that
/// is not the page's origin); a browser may null it at any hop that
/// crosses origins. And which hops include credentials (mode
/// `same-origin`: the spec, only while the response tainting is basic). No
/// reply carries CORS headers.
fn no_cors_origin(set: &mut Set) {
    let chains: [(&str, &[&str]); 7] = [
        ("app to api", &[APP, API]),
        ("app to api.other.test", &[APP, FOREIGN]),
        ("app to api to app", &[APP, API, APP]),
        ("app to app to api", &[APP, APP, API]),
        ("api to api", &[API, API]),
        ("api to other", &[API, OTHER]),
        ("api to app", &[API, APP]),
    ];
    for status in [307, 308] {
        for (label, hops) in chains {
            chain(
                set,
                format!("no-cors POST with a text body, {status} {label}"),
                hops,
                |next| redirect(status, None, next),
                vec![],
                last(None),
                |url| {
                    Step::get(url)
                        .mode("no-cors")
                        .method("POST")
                        .header("Content-Type", "text/plain")
                        .body("hello")
                },
            );
        }
    }
}

/// A request that a preflight would have to allow, sent first to the
/// page's own origin (no preflight there), then redirected to api: is the
/// cross-origin hop preflighted when the redirect made the request safe
/// (a 303 made it a `GET`, the hop removed `Authorization`)? With two
/// controls that stay unsafe.
fn unsafe_same_origin_start(set: &mut Set) {
    let preflight = Reply::new(204)
        .acao(APP)
        .acam("GET, PUT, POST, DELETE")
        .acah("authorization, content-type, x-custom");
    // A label, the redirect status and what makes the request unsafe.
    type Case = (&'static str, u16, fn(Step) -> Step);
    let cases: [Case; 5] = [
        ("GET with Authorization", 302, |s| {
            s.header("Authorization", "Bearer t")
        }),
        ("PUT with a text body", 303, |s| {
            s.method("PUT").body("hello")
        }),
        ("POST with Content-Type application/json", 303, |s| {
            s.method("POST")
                .header("Content-Type", "application/json")
                .body("{}")
        }),
        ("DELETE", 307, |s| s.method("DELETE")),
        ("GET with X-Custom", 302, |s| s.header("X-Custom", "1")),
    ];
    for (label, status, request) in cases {
        chain(
            set,
            format!("{label}, {status} app to api (same-origin start, unsafe request)"),
            &[APP, API],
            |next| redirect(status, None, next),
            vec![preflight.clone()],
            last(Some(APP)),
            |url| request(Step::get(url)),
        );
    }
}

/// What a 307 or 308 sends after an earlier 302 or 303 turned a request
/// with a body into a `GET` (which drops the request-body headers), on the
/// page's own origin; and the headers of a `DELETE` with body headers
/// redirected to api (a browser may turn it into a `GET`).
fn body_headers_after_rewrite(set: &mut Set) {
    for first in [302, 303] {
        for second in [307, 308] {
            twice_on_app(
                set,
                format!("POST with a text body, {first} then {second} on app"),
                first,
                second,
                |url| Step::get(url).method("POST").body("hello"),
            );
        }
    }
    twice_on_app(
        set,
        "POST with Content-Type application/json and Content-Language en, 303 then 308 on app"
            .to_owned(),
        303,
        308,
        |url| {
            Step::get(url)
                .method("POST")
                .header("Content-Type", "application/json")
                .header("Content-Language", "en")
                .body("{}")
        },
    );
    chain(
        set,
        "DELETE with Content-Type text/plain and Content-Language en, 308 app to api".to_owned(),
        &[APP, API],
        |next| redirect(308, None, next),
        vec![Reply::new(204)
            .acao(APP)
            .acam("DELETE")
            .acah("content-type, content-language")],
        last(Some(APP)),
        |url| {
            Step::get(url)
                .method("DELETE")
                .header("Content-Type", "text/plain")
                .header("Content-Language", "en")
        },
    );
}

/// A `DELETE` redirected by a 303 on api, fetched twice: the `GET` after
/// the 303 is preflighted where a browser keeps preflighting, and each
/// preflight allows only `DELETE`. Does the second fetch preflight the
/// `GET` again, or take the stored result as covering a safelisted method?
fn sticky_preflight_cached(set: &mut Set) {
    for (label, acam) in [("DELETE", "DELETE"), ("DELETE, GET", "DELETE, GET")] {
        let s = set.add(format!(
            "DELETE 303 api to api, fetched twice, preflights allow {label}"
        ));
        let preflight = vec![Reply::new(204)
            .acao(APP)
            .acam(acam)
            .header("Access-Control-Max-Age", "60")];
        for k in 0..2 {
            let main = if k == 0 {
                redirect(303, Some(APP), &s.url(API, 0, 1))
            } else {
                last(Some(APP))
            };
            let path = s.path(0, k);
            s.route(path, preflight.clone(), vec![main]);
        }
        let url = s.url(API, 0, 0);
        s.step(Step::get(url.clone()).method("DELETE"));
        s.step(Step::get(url).method("DELETE"));
    }
}

/// Whether a header an earlier redirect removed comes back at a later one:
/// the author's body headers after a 303 then a 301 on the page's origin,
/// and `Authorization` after a cross-origin hop then a same-origin one.
fn headers_after_removal(set: &mut Set) {
    twice_on_app(
        set,
        "PUT with Content-Type text/plain and Content-Language en, 303 then 301 on app".to_owned(),
        303,
        301,
        |url| {
            Step::get(url)
                .method("PUT")
                .header("Content-Type", "text/plain")
                .header("Content-Language", "en")
                .body("hello")
        },
    );
    twice_on_app(
        set,
        "POST with Content-Type text/plain and Content-Language en, 302 then 302 on app".to_owned(),
        302,
        302,
        |url| {
            Step::get(url)
                .method("POST")
                .header("Content-Type", "text/plain")
                .header("Content-Language", "en")
                .body("hello")
        },
    );
    chain(
        set,
        "PATCH with Authorization, 307 api to other, 302 other to other".to_owned(),
        &[API, OTHER, OTHER],
        |next| {
            if next.ends_with("/1") {
                redirect(307, Some("*"), next)
            } else {
                redirect(302, Some("*"), next)
            }
        },
        vec![Reply::new(204)
            .acao("*")
            .acam("PATCH")
            .acah("authorization")],
        last(Some("*")),
        |url| {
            Step::get(url)
                .method("PATCH")
                .header("Authorization", "Bearer t")
                .body("hello")
        },
    );
}

/// A request on the page's own origin redirected twice, by `first` then
/// by `second`, to a final reply without CORS headers.
fn twice_on_app(
    set: &mut Set,
    name: String,
    first: u16,
    second: u16,
    step: impl FnOnce(String) -> Step,
) {
    chain(
        set,
        name,
        &[APP, APP, APP],
        |next| {
            let status = if next.ends_with("/1") { first } else { second };
            redirect(status, None, next)
        },
        vec![],
        last(None),
        step,
    );
}

/// The redirect reply's own Access-Control-Allow-Origin (and
/// Access-Control-Allow-Credentials), then a cross-site hop.
fn redirect_allow_origin(set: &mut Set) {
    for status in STATUSES {
        for (label, acao) in [
            ("absent", None),
            ("another origin", Some(OTHER)),
            ("null", Some("null")),
            ("the page origin", Some(APP)),
        ] {
            chain(
                set,
                format!(
                    "GET {status} api to api, redirect Access-Control-Allow-Origin {label}, final reply allows the page origin"
                ),
                &[API, API],
                |next| redirect(status, acao, next),
                vec![],
                readable(),
                Step::get,
            );
        }
        for (label, acao) in [("*", "*"), ("the page origin", APP)] {
            chain(
                set,
                format!(
                    "GET credentials include, {status} api to api, redirect Access-Control-Allow-Origin {label} with Access-Control-Allow-Credentials true, final reply allows the page origin with credentials"
                ),
                &[API, API],
                |next| redirect(status, Some(acao), next).acac(),
                vec![],
                readable().acac(),
                |url| Step::get(url).credentials("include"),
            );
        }
    }
    for status in [302, 307] {
        for final_acao in ["null", APP] {
            chain(
                set,
                format!(
                    "GET credentials include, {status} api to other, redirect allows the page origin with credentials, final Access-Control-Allow-Origin {final_acao} with Access-Control-Allow-Credentials true"
                ),
                &[API, OTHER],
                |next| redirect(status, Some(APP), next).acac(),
                vec![],
                last(Some(final_acao)).acac(),
                |url| Step::get(url).credentials("include"),
            );
        }
    }
    // A cross-site hop.
    for final_acao in ["null", "*", APP] {
        chain(
            set,
            format!(
                "GET 302 api to api.other.test (cross-site hop), redirect Access-Control-Allow-Origin *, final Access-Control-Allow-Origin {final_acao}"
            ),
            &[API, FOREIGN],
            |next| redirect(302, Some("*"), next),
            vec![],
            last(Some(final_acao)),
            Step::get,
        );
    }
}

/// Chains of 19, 20 and 21 redirects on api.
fn long_chains(set: &mut Set) {
    for (status, counts) in [
        (301, &[20, 21][..]),
        (302, &[19, 20, 21][..]),
        (307, &[20, 21][..]),
        (308, &[20, 21][..]),
    ] {
        for &n in counts {
            let hops = vec![API; n + 1];
            chain(
                set,
                format!(
                    "GET through {n} redirects {status} on api with Access-Control-Allow-Origin *, then 200 allowing the page origin"
                ),
                &hops,
                |next| redirect(status, Some("*"), next),
                vec![],
                readable(),
                Step::get,
            );
        }
    }
    // Same-origin: no CORS on any hop.
    for n in [20, 21] {
        let hops = vec![APP; n + 1];
        chain(
            set,
            format!("GET through {n} redirects 302 on the page origin, then 200"),
            &hops,
            |next| redirect(302, None, next),
            vec![],
            last(None),
            Step::get,
        );
    }
}

/// POST with request-body headers through each status.
fn request_body_headers(set: &mut Set) {
    for status in STATUSES {
        for (name, value) in [("Content-Type", "text/plain"), ("Content-Language", "en")] {
            chain(
                set,
                format!(
                    "POST with {name} {} and a body, {status} api to api with Access-Control-Allow-Origin *, final reply allows the page origin",
                    shown(value)
                ),
                &[API, API],
                |next| redirect(status, Some("*"), next),
                vec![],
                readable(),
                |url| Step::get(url).method("POST").header(name, value).body("hello"),
            );
        }
        chain(
            set,
            format!(
                "POST with Content-Type text/plain and a body, {status} same-origin (page origin to page origin), no CORS headers"
            ),
            &[APP, APP],
            |next| redirect(status, None, next),
            vec![],
            last(None),
            |url| {
                Step::get(url)
                    .method("POST")
                    .header("Content-Type", "text/plain")
                    .body("hello")
            },
        );
    }
}

/// The preflight itself answered with a redirect.
fn preflight_redirects(set: &mut Set) {
    for status in [301, 302, 303, 307, 308] {
        preflight_redirect(
            set,
            format!(
                "PUT, preflight answered {status} with a Location to api, allowing the page origin and PUT; the Location's preflight allows PUT"
            ),
            status,
            allow("PUT", ""),
            |url| Step::get(url).method("PUT").body("hello"),
        );
    }
    preflight_redirect(
        set,
        "GET with X-Custom, preflight answered 307 with a Location to api, allowing the page origin and x-custom",
        307,
        allow("", "x-custom"),
        |url| Step::get(url).header("X-Custom", "1"),
    );
    preflight_redirect(
        set,
        "PUT, preflight answered 200 with a Location to api, allowing the page origin and PUT",
        200,
        allow("PUT", ""),
        |url| Step::get(url).method("PUT").body("hello"),
    );
}

/// A fetch of api whose preflight is answered `status` with `allowed`'s
/// headers and a Location to a second path on api, which answers its
/// preflight with `allowed`; both paths answer the main request readably.
fn preflight_redirect(
    set: &mut Set,
    name: impl Into<String>,
    status: u16,
    allowed: Reply,
    step: impl FnOnce(String) -> Step,
) {
    let s = set.add(name);
    let next = s.url(API, 0, 1);
    let path = s.path(0, 0);
    s.route(
        path,
        vec![Reply {
            status,
            ..allowed.clone()
        }
        .location(&next)],
        vec![readable()],
    );
    let path = s.path(0, 1);
    s.route(path, vec![allowed], vec![readable()]);
    let url = s.url(API, 0, 0);
    s.step(step(url));
}
