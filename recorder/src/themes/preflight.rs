//! The CORS-preflight fetch: which requests need one, what it says, and
//! which answers let the request through.

use super::{lines_label, readable, with_lines, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP, FOREIGN};

/// `Access-Control-Allow-Methods` forms (each entry: the header lines).
const ALLOW_METHODS: [&[&str]; 17] = [
    &["PUT"],
    &["put"],
    &["PUT, DELETE, PATCH"],
    &["*"],
    &[],
    &["GET"],
    &["PUT,"],
    &[",PUT"],
    &["PUT DELETE"],
    &["P(T"],
    &[""],
    &["PUT , POST"],
    &["GET", "PUT"],
    &["PUT,,DELETE"],
    &["PATCH"],
    &["patch"],
    &["FOO, PUT, PATCH, DELETE, patch"],
];

/// `Access-Control-Allow-Headers` forms.
const ALLOW_HEADERS: [&[&str]; 14] = [
    &["x-custom"],
    &["X-CUSTOM"],
    &["*"],
    &["x-custom, x-other"],
    &[],
    &["x-other"],
    &["x-custom,"],
    &["x custom"],
    &[""],
    &["x-other", "x-custom"],
    &["x-custom;"],
    &["authorization"],
    &["x-custom, *"],
    &["content-type"],
];

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Preflight, "pre");
    // Methods against Access-Control-Allow-Methods.
    for method in ["PUT", "DELETE", "PATCH", "patch", "FOO", "OPTIONS"] {
        for lines in ALLOW_METHODS {
            set.single(
                format!(
                    "{method}, Access-Control-Allow-Methods {}",
                    lines_label(lines)
                ),
                API,
                |url| Step::get(url).method(method),
                vec![with_lines(
                    Reply::new(204).acao(APP),
                    "Access-Control-Allow-Methods",
                    lines,
                )],
                vec![readable()],
            );
        }
    }
    // Author headers against Access-Control-Allow-Headers.
    let requests: [(&str, &[(&str, &str)]); 5] = [
        ("X-Custom", &[("X-Custom", "1")]),
        (
            "X-Custom and X-Other",
            &[("X-Custom", "1"), ("X-Other", "2")],
        ),
        ("Authorization", &[("Authorization", "Bearer t")]),
        (
            "Content-Type application/json",
            &[("Content-Type", "application/json")],
        ),
        (
            "X-Custom and Authorization",
            &[("X-Custom", "1"), ("Authorization", "Basic dTpw")],
        ),
    ];
    for (label, headers) in requests {
        for lines in ALLOW_HEADERS {
            set.single(
                format!(
                    "GET with {label}, Access-Control-Allow-Headers {}",
                    lines_label(lines)
                ),
                API,
                |url| {
                    headers
                        .iter()
                        .fold(Step::get(url), |s, (n, v)| s.header(n, v))
                },
                vec![with_lines(
                    Reply::new(204).acao(APP),
                    "Access-Control-Allow-Headers",
                    lines,
                )],
                vec![readable()],
            );
        }
    }
    // The preflight's status.
    for status in [
        200, 201, 204, 206, 299, 300, 301, 302, 304, 400, 401, 403, 404, 500,
    ] {
        for (label, step) in [
            ("PUT", Step::default().method("PUT")),
            ("GET with X-Custom", Step::default().header("X-Custom", "1")),
        ] {
            set.single(
                format!("{label}, preflight answered {status}"),
                API,
                |url| Step { url, ..step },
                vec![Reply::new(status).acao(APP).acam("PUT").acah("x-custom")],
                vec![readable()],
            );
        }
    }
    // The preflight's Access-Control-Allow-Origin.
    let origins: [(&str, &[&str]); 8] = [
        ("absent", &[]),
        ("*", &["*"]),
        ("null", &["null"]),
        ("another origin", &["http://other.example.test"]),
        (
            "the origin twice",
            &["http://app.example.test", "http://app.example.test"],
        ),
        ("the origin in upper case", &["HTTP://APP.EXAMPLE.TEST"]),
        ("origin with trailing slash", &["http://app.example.test/"]),
        ("the origin", &["http://app.example.test"]),
    ];
    for (label, lines) in origins {
        for target in [API, FOREIGN] {
            let site = if target == API {
                "same-site"
            } else {
                "cross-site"
            };
            set.single(
                format!("PUT {site}, preflight Access-Control-Allow-Origin {label}"),
                target,
                |url| Step::get(url).method("PUT").body("x"),
                vec![with_lines(
                    Reply::new(204).acam("PUT"),
                    "Access-Control-Allow-Origin",
                    lines,
                )],
                vec![readable()],
            );
        }
    }
    // Wildcards and credentials.
    for credentials in ["omit", "same-origin", "include"] {
        let cases: [(&str, Step, Reply); 6] = [
            (
                "PUT, methods *",
                Step::default().method("PUT"),
                Reply::new(204).acao(APP).acac().acam("*"),
            ),
            (
                "GET with X-Custom, headers *",
                Step::default().header("X-Custom", "1"),
                Reply::new(204).acao(APP).acac().acah("*"),
            ),
            (
                "GET with Authorization, headers *",
                Step::default().header("Authorization", "Bearer t"),
                Reply::new(204).acao(APP).acac().acah("*"),
            ),
            (
                "PUT, origin *",
                Step::default().method("PUT"),
                Reply::new(204).acao("*").acac().acam("PUT"),
            ),
            (
                "PUT, no Access-Control-Allow-Credentials",
                Step::default().method("PUT"),
                Reply::new(204).acao(APP).acam("PUT"),
            ),
            (
                "PUT, Access-Control-Allow-Credentials True",
                Step::default().method("PUT"),
                Reply::new(204)
                    .acao(APP)
                    .acam("PUT")
                    .header("Access-Control-Allow-Credentials", "True"),
            ),
        ];
        for (label, step, reply) in cases {
            set.single(
                format!("{label}, credentials {credentials}"),
                API,
                |url| Step { url, ..step }.credentials(credentials),
                vec![reply],
                vec![readable().acac()],
            );
        }
    }
    // A good preflight, then a main response that fails or passes.
    let mains: [(&str, Reply); 6] = [
        ("no Access-Control-Allow-Origin", Reply::ok()),
        ("Access-Control-Allow-Origin *", Reply::ok().acao("*")),
        (
            "another origin",
            Reply::ok().acao("http://other.example.test"),
        ),
        ("the origin", readable()),
        ("status 500 and the origin", Reply::new(500).acao(APP)),
        ("status 204 and the origin", Reply::new(204).acao(APP)),
    ];
    for (label, reply) in mains {
        set.single(
            format!("PUT, good preflight, main response {label}"),
            API,
            |url| Step::get(url).method("PUT").body("x"),
            vec![Reply::new(204).acao(APP).acam("PUT")],
            vec![reply],
        );
    }
    // What the preflight request itself carries.
    let shapes: [(&str, Step); 8] = [
        (
            "PUT with X-B, X-A and Accept",
            Step::default()
                .method("PUT")
                .header("X-B", "1")
                .header("X-A", "2")
                .header("Accept", "x"),
        ),
        (
            "POST with Content-Type application/json and body",
            Step::default()
                .method("POST")
                .header("Content-Type", "application/json")
                .body("{}"),
        ),
        (
            "DELETE with a body",
            Step::default().method("DELETE").body("x"),
        ),
        (
            "GET with X-A in upper and lower case",
            Step::default().header("X-A", "1").header("x-a", "2"),
        ),
        (
            "GET with an empty X-Empty",
            Step::default().header("X-Empty", ""),
        ),
        (
            "PUT with Content-Language de and Accept-Language de",
            Step::default()
                .method("PUT")
                .header("Content-Language", "de")
                .header("Accept-Language", "de"),
        ),
        (
            "POST with Content-Type text/plain and X-Custom",
            Step::default()
                .method("POST")
                .header("Content-Type", "text/plain")
                .header("X-Custom", "1")
                .body("x"),
        ),
        (
            "PATCH with Range bytes=0-",
            Step::default().method("PATCH").header("Range", "bytes=0-"),
        ),
    ];
    for (label, step) in shapes {
        set.single(
            label,
            API,
            |url| Step { url, ..step },
            vec![Reply::new(204)
                .acao(APP)
                .acam("PUT, POST, DELETE, PATCH")
                .acah("x-a, x-b, x-empty, x-custom, content-type, accept, accept-language, content-language, range")],
            vec![readable()],
        );
    }
    set.done()
}
