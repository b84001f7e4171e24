//! Simple requests: no preflight, one CORS check on the response.

use super::{readable, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP, FOREIGN};

/// `Access-Control-Allow-Origin` values (None: the header is absent; two
/// values: two header lines).
const ALLOW_ORIGIN: [(&str, &[&str]); 17] = [
    ("exact origin", &["http://app.example.test"]),
    ("*", &["*"]),
    ("absent", &[]),
    ("null", &["null"]),
    ("origin with trailing slash", &["http://app.example.test/"]),
    ("origin in upper case", &["HTTP://APP.EXAMPLE.TEST"]),
    ("origin with :80", &["http://app.example.test:80"]),
    ("another origin", &["http://api.example.test"]),
    ("https origin", &["https://app.example.test"]),
    ("host only", &["app.example.test"]),
    ("origin with trailing dot", &["http://app.example.test."]),
    (
        "two header lines of the origin",
        &["http://app.example.test", "http://app.example.test"],
    ),
    (
        "origin listed twice in one line",
        &["http://app.example.test, http://app.example.test"],
    ),
    ("* and the origin", &["*, http://app.example.test"]),
    ("two header lines * and *", &["*", "*"]),
    ("empty", &[""]),
    ("origin with a path", &["http://app.example.test/page"]),
];

/// `method` to `url`, with a string body for POST.
fn request(url: String, method: &str) -> Step {
    let step = Step::get(url).method(method);
    if method == "POST" {
        step.body("hello")
    } else {
        step
    }
}

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Simple, "simple");
    for (target_name, target) in [("same-site", API), ("cross-site", FOREIGN)] {
        for method in ["GET", "HEAD", "POST"] {
            for (label, values) in ALLOW_ORIGIN {
                let mut reply = Reply::ok();
                for v in values {
                    reply = reply.acao(v);
                }
                reply = reply.header("Content-Type", "text/plain");
                set.single(
                    format!("{method} {target_name}, Access-Control-Allow-Origin {label}"),
                    target,
                    |url| request(url, method),
                    vec![],
                    vec![reply],
                );
            }
        }
    }
    for status in [
        201, 202, 203, 204, 206, 299, 400, 401, 403, 404, 410, 500, 503,
    ] {
        set.single(
            format!("GET answered {status} with the origin allowed"),
            API,
            Step::get,
            vec![],
            vec![Reply {
                status,
                ..readable()
            }],
        );
        set.single(
            format!("GET answered {status} without Access-Control-Allow-Origin"),
            API,
            Step::get,
            vec![],
            vec![Reply::new(status).header("Content-Type", "text/plain")],
        );
    }
    for method in ["GET", "HEAD", "POST"] {
        set.single(
            format!("{method} same-origin, no CORS headers"),
            APP,
            |url| request(url, method),
            vec![],
            vec![Reply::ok()
                .header("Content-Type", "text/plain")
                .header("X-Private", "1")
                .header("Set-Cookie", "s=1; Path=/r/none")],
        );
    }
    set.single(
        "GET with method spelled get",
        API,
        |url| Step::get(url).method("get"),
        vec![],
        vec![readable()],
    );
    set.single(
        "POST with method spelled post",
        API,
        |url| Step::get(url).method("post").body("x"),
        vec![],
        vec![readable()],
    );
    set.single(
        "GET with a query and a fragment",
        API,
        |url| Step::get(format!("{url}?a=1&b=%20#frag")),
        vec![],
        vec![readable()],
    );
    set.done()
}
