//! `Access-Control-Expose-Headers` and the CORS filter: which response
//! headers script may read.

use super::{lines_label, with_lines, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP};

/// Expose-headers forms (the header lines).
const EXPOSE: [&[&str]; 22] = [
    &[],
    &["x-a"],
    &["X-A"],
    &["x-a, x-b"],
    &["*"],
    &["x-a,,x-b"],
    &["x-a x-b"],
    &[","],
    &["set-cookie"],
    &["content-type"],
    &["x-a, *"],
    &["x-a", "x-b"],
    &["x-c"],
    &["x-a;"],
    &["x-a, x b"],
    &[""],
    &["*", "x-a"],
    &["x-mixed"],
    &["x-dup"],
    &["x-latin"],
    &["authorization, x-a"],
    &["x-a  ,  x-b"],
];

/// The response every case answers with (besides its expose header).
fn response() -> Reply {
    Reply::ok()
        .header("Content-Type", "text/plain")
        .header("Content-Language", "en")
        .header("Expires", "0")
        .header("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
        .header("Pragma", "no-cache")
        .header("X-A", "1")
        .header("X-B", "2")
        .header("X-Mixed", "m")
        .header("X-Dup", "1")
        .header("X-Dup", "2")
        .header("X-Latin", "caf\u{e9}")
        .header("Authorization", "x")
        .header("Set-Cookie", "e=1; Path=/r/none")
}

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Expose, "exp");
    for (credentials, origin) in [("same-origin", APP), ("same-origin", "*"), ("include", APP)] {
        for lines in EXPOSE {
            let mut reply = response().acao(origin);
            if credentials == "include" {
                reply = reply.acac();
            }
            reply = with_lines(reply, "Access-Control-Expose-Headers", lines);
            let label = lines_label(lines);
            let origin_label = if origin == "*" { "*" } else { "the origin" };
            set.single(
                format!(
                    "GET, credentials {credentials}, Access-Control-Allow-Origin {origin_label}, Access-Control-Expose-Headers {label}"
                ),
                API,
                |url| Step::get(url).credentials(credentials),
                vec![],
                vec![reply],
            );
        }
    }
    // The filters of the other response types.
    for (label, step, target) in [
        ("no-cors GET", Step::default().mode("no-cors"), API),
        ("same-origin GET", Step::default(), APP),
        (
            "same-origin GET in same-origin mode",
            Step::default().mode("same-origin"),
            APP,
        ),
    ] {
        set.single(
            format!("{label}, response with private headers and Set-Cookie"),
            target,
            |url| Step { url, ..step },
            vec![],
            vec![response().acao(APP).aceh("*")],
        );
    }
    // Preflighted request: the main response's expose list counts.
    set.single(
        "PUT, main response exposes x-a",
        API,
        |url| Step::get(url).method("PUT"),
        vec![Reply::new(204).acao(APP).acam("PUT").aceh("x-b")],
        vec![response().acao(APP).aceh("x-a")],
    );
    set.done()
}
