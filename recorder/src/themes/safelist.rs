//! CORS-safelisted request headers: which values keep a request simple.
//! Every request carries one (or two) author headers; the preflight reply
//! allows exactly those names, so whether a preflight went out and what
//! `Access-Control-Request-Headers` said is the observation.

use super::{readable, shown, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP};

fn long(n: usize) -> String {
    "a".repeat(n)
}

/// (header name, values) tried one at a time.
fn values() -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut accept = s(&[
        "text/html",
        "*/*",
        "application/json, text/plain;q=0.9",
        "",
        "a\"b",
        "a(b",
        "a)b",
        "a:b",
        "a<b",
        "a>b",
        "a?b",
        "a@b",
        "a[b",
        "a\\b",
        "a]b",
        "a{b",
        "a}b",
        "a\tb",
        "a b",
        "a\u{e9}b",
        "\u{ff}",
        "a/b;c=d",
        "a,b",
    ]);
    accept.push(format!("text/{}", long(123)));
    accept.push(format!("text/{}", long(124)));
    let mut language = s(&[
        "en",
        "en-US,fr;q=0.8",
        "*",
        "en_US",
        "en.US",
        "en US",
        "en;q=1",
        "en=1",
        "a:b",
        "a/b",
        "a\"b",
        "a(b",
        "en\u{e9}",
        "",
        "EN-us",
        "0-9",
        "a+b",
        "a\tb",
    ]);
    language.push(long(128));
    language.push(long(129));
    let mut content_language = language.clone();
    content_language.retain(|v| v != "*");
    let mut content_type = s(&[
        "text/plain",
        "text/plain;charset=UTF-8",
        "TEXT/PLAIN",
        "text/plain; charset=\"utf-8\"",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "application/json",
        "text/html",
        "text/plain, application/json",
        "application/json, text/plain",
        "text/plain;",
        "text /plain",
        "text/plain ",
        "",
        "text/plainx",
        ";",
        "text/plain;charset=a\"b",
        "text/plain;charset=\u{e9}",
        "text/plain(",
        "text/plain;x=(",
        "text/plain;a=\"(\"",
        "*/*",
        "text/*",
        "application/x-www-form-urlencoded;charset=UTF-8",
        "multipart/form-data;boundary=\"a b\"",
        "text/plain\t",
        "\ttext/plain",
        "text/plain; charset=utf-8; charset=latin1",
    ]);
    content_type.push(format!("text/plain;x={}", long(117)));
    content_type.push(format!("text/plain;x={}", long(118)));
    let range = s(&[
        "bytes=0-",
        "bytes=0-10",
        "bytes=10-",
        "bytes=-10",
        "bytes=0-1,2-3",
        "bytes=10-5",
        "bytes = 0-",
        "BYTES=0-",
        "bytes=0 -1",
        "bytes=",
        "bytes=a-",
        "bytes=00-01",
        "bytes=0-0",
        "bytes=-",
        "items=0-",
        "bytes=0-1 ",
        "bytes=\t0-",
        "bytes=99999999999999999999-",
        "bytes=0-\u{e9}",
    ]);
    let others = s(&["1"]);
    vec![
        ("Accept", accept),
        ("Accept-Language", language),
        ("Content-Language", content_language),
        ("Content-Type", content_type),
        ("Range", range),
        ("DPR", others.clone()),
        ("Downlink", others.clone()),
        ("Save-Data", s(&["on"])),
        ("Viewport-Width", others.clone()),
        ("Width", others.clone()),
        ("Last-Event-ID", others.clone()),
        ("X-Custom", others.clone()),
        ("Device-Memory", others),
    ]
}

/// The names whose values are also tried in no-cors mode (the recordings
/// have these, Viewport-Width among them).
const ALSO_NO_CORS: [&str; 6] = [
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
    "Range",
    "Viewport-Width",
];

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Safelist, "safe");
    for (name, values) in values() {
        for value in values {
            let methods: &[&str] = if name == "Content-Type" {
                &["GET", "POST"]
            } else {
                &["GET"]
            };
            let modes: &[&str] = if ALSO_NO_CORS.contains(&name) {
                &["cors", "no-cors"]
            } else {
                &["cors"]
            };
            let shown_value = shown(&value);
            let shown_value = if shown_value.len() > 40 {
                format!("{} bytes of {}...", value.len(), &shown_value[..20])
            } else {
                format!("`{shown_value}`")
            };
            for (&method, &mode) in methods
                .iter()
                .flat_map(|m| modes.iter().map(move |d| (m, d)))
            {
                let in_mode = if mode == "cors" {
                    String::new()
                } else {
                    format!(" in {mode} mode")
                };
                set.single(
                    format!("{method}{in_mode} with {name}: {shown_value}"),
                    API,
                    |url| {
                        let step = Step::get(url)
                            .method(method)
                            .header(name, &value)
                            .mode(mode);
                        if method == "POST" {
                            step.body("x")
                        } else {
                            step
                        }
                    },
                    vec![Reply::new(204)
                        .acao(APP)
                        .acam(method)
                        .acah(&name.to_ascii_lowercase())],
                    vec![readable()],
                );
            }
        }
    }
    // Two values of one name: the combined value is what the rules see.
    for (name, a, b) in [
        ("Accept", "text/html", "text/plain"),
        (
            "Accept",
            &*format!("text/{}", long(60)),
            &*format!("text/{}", long(60)),
        ),
        ("Accept-Language", "en", "fr"),
        ("Content-Language", "en", "fr"),
        ("Content-Type", "text/plain", "text/plain"),
        ("Content-Type", "text/plain", "application/json"),
        ("Content-Type", "application/json", "text/plain"),
        ("Range", "bytes=0-", "bytes=1-"),
    ] {
        set.single(
            format!(
                "GET with two {name} headers `{}` and `{}`",
                shown(a),
                shown(b)
            ),
            API,
            |url| Step::get(url).header(name, a).header(name, b),
            vec![Reply::new(204).acao(APP).acah(&name.to_ascii_lowercase())],
            vec![readable()],
        );
    }
    // Several safelisted headers at once, each at its limit.
    set.single(
        "GET with Accept, Accept-Language and Content-Language of 128 bytes each",
        API,
        |url| {
            Step::get(url)
                .header("Accept", &long(128))
                .header("Accept-Language", &long(128))
                .header("Content-Language", &long(128))
        },
        vec![Reply::new(204)
            .acao(APP)
            .acah("accept, accept-language, content-language")],
        vec![readable()],
    );
    set.single(
        "GET with Accept, X-B and X-A: names in the preflight",
        API,
        |url| {
            Step::get(url)
                .header("X-B", "1")
                .header("Accept", "a")
                .header("X-A", "1")
        },
        vec![Reply::new(204).acao(APP).acah("x-a, x-b")],
        vec![readable()],
    );
    set.single(
        "GET with X-A twice and Content-Type application/json",
        API,
        |url| {
            Step::get(url)
                .header("X-A", "1")
                .header("x-a", "2")
                .header("Content-Type", "application/json")
        },
        vec![Reply::new(204).acao(APP).acah("x-a, content-type")],
        vec![readable()],
    );
    set.done()
}
