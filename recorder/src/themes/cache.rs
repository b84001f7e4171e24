//! The CORS-preflight cache: how long an entry lives for each
//! `Access-Control-Max-Age` form, what an entry covers (methods, headers,
//! credentials, URL) and what clears or grows it. Every scenario fetches one
//! URL on api (one route), so each preflight after the first shows a miss.

use super::{allow, lines_label, readable, with_lines, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, OTHER};

/// `Access-Control-Max-Age` forms for an immediate second fetch (each
/// entry: the header lines).
const FORMS: [&[&str]; 20] = [
    &[],
    &["0"],
    &["1"],
    &["5"],
    &["10"],
    &["600"],
    &["7200"],
    &["86400"],
    &["-1"],
    &["+5"],
    &["5.5"],
    &["abc"],
    &[""],
    &["5, 10"],
    &["5", "10"],
    &["05"],
    &["1e3"],
    &["99999999999999999999"],
    &["0x10"],
    &["-0"],
];

/// Forms for fetches at 0, 3 and 7 seconds.
const TIMED_FORMS: [&[&str]; 11] = [
    &["1"],
    &["2"],
    &["4"],
    &["6"],
    &["10"],
    &[],
    &["-1"],
    &["0"],
    &["+5"],
    &["abc"],
    &["20"],
];

/// `reply` with one `Access-Control-Max-Age` line per entry of `lines`.
fn max_age(reply: Reply, lines: &[&str]) -> Reply {
    with_lines(reply, "Access-Control-Max-Age", lines)
}

/// How a vector name says which `Access-Control-Max-Age` lines a reply had.
fn max_age_label(lines: &[&str]) -> String {
    if lines.is_empty() {
        "no Access-Control-Max-Age".to_owned()
    } else {
        format!("Access-Control-Max-Age {}", lines_label(lines))
    }
}

/// A scenario whose fetches all go to one URL on api (`steps` gets it).
fn one_url(
    set: &mut Set,
    name: String,
    preflight: Vec<Reply>,
    main: Vec<Reply>,
    steps: impl FnOnce(&str) -> Vec<Step>,
) {
    let s = set.add(name);
    let path = s.path(0, 0);
    s.route(path, preflight, main);
    let url = s.url(API, 0, 0);
    for step in steps(&url) {
        s.step(step);
    }
}

/// [`one_url`] twice: every preflight reply with `Access-Control-Max-Age:
/// 600`, then with none (the browser's default).
fn both_ages(
    set: &mut Set,
    name: &str,
    preflight: &[Reply],
    main: Vec<Reply>,
    steps: impl Fn(&str) -> Vec<Step>,
) {
    for lines in [&["600"][..], &[]] {
        one_url(
            set,
            format!("{name}; every preflight reply has {}", max_age_label(lines)),
            preflight
                .iter()
                .map(|r| max_age(r.clone(), lines))
                .collect(),
            main.clone(),
            &steps,
        );
    }
}

fn put(url: &str) -> Step {
    Step::get(url).method("PUT")
}

fn get_with(url: &str, header: &str) -> Step {
    Step::get(url).header(header, "1")
}

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Cache, "cache");
    max_age_forms(&mut set);
    timed(&mut set);
    scope(&mut set);
    credentials(&mut set);
    failures(&mut set);
    urls_and_case(&mut set);
    growing(&mut set);
    set.done()
}

/// Each Max-Age form, then the same request again at once.
fn max_age_forms(set: &mut Set) {
    for lines in FORMS {
        let label = max_age_label(lines);
        one_url(
            set,
            format!("PUT twice, preflight allows PUT with {label}"),
            vec![max_age(allow("PUT", ""), lines)],
            vec![readable()],
            |url| vec![put(url), put(url)],
        );
        one_url(
            set,
            format!("GET with X-Custom twice, preflight allows x-custom with {label}"),
            vec![max_age(allow("", "x-custom"), lines)],
            vec![readable()],
            |url| vec![get_with(url, "X-Custom"), get_with(url, "X-Custom")],
        );
    }
}

/// Fetches at 0, 3 and 7 seconds.
fn timed(set: &mut Set) {
    for lines in TIMED_FORMS {
        let label = max_age_label(lines);
        one_url(
            set,
            format!("PUT at 0 s, 3 s and 7 s, preflight allows PUT with {label}"),
            vec![max_age(allow("PUT", ""), lines)],
            vec![readable()],
            |url| vec![put(url), put(url).at(3.0), put(url).at(7.0)],
        );
    }
    for lines in [&["2"][..], &["10"], &[], &["20"]] {
        let label = max_age_label(lines);
        one_url(
            set,
            format!(
                "GET with X-Custom at 0 s, 3 s and 7 s, preflight allows x-custom with {label}"
            ),
            vec![max_age(allow("", "x-custom"), lines)],
            vec![readable()],
            |url| {
                vec![
                    get_with(url, "X-Custom"),
                    get_with(url, "X-Custom").at(3.0),
                    get_with(url, "X-Custom").at(7.0),
                ]
            },
        );
    }
    // A later preflight for the same method with another Max-Age.
    one_url(
        set,
        "PUT at 0 s (preflight allows PUT, Max-Age 10), PUT with X-A at 3 s (preflight allows PUT and x-a, Max-Age 2), PUT at 7 s (preflight allows PUT and x-a, Max-Age 10)".to_owned(),
        vec![
            max_age(allow("PUT", ""), &["10"]),
            max_age(allow("PUT", "x-a"), &["2"]),
            max_age(allow("PUT", "x-a"), &["10"]),
        ],
        vec![readable()],
        |url| vec![put(url), put(url).header("X-A", "1").at(3.0), put(url).at(7.0)],
    );
    one_url(
        set,
        "PUT at 0 s (preflight allows PUT, Max-Age 2), PUT with X-A at 1 s (preflight allows PUT and x-a, Max-Age 10), PUT at 4 s (preflight allows PUT and x-a, Max-Age 10)".to_owned(),
        vec![
            max_age(allow("PUT", ""), &["2"]),
            max_age(allow("PUT", "x-a"), &["10"]),
        ],
        vec![readable()],
        |url| vec![put(url), put(url).header("X-A", "1").at(1.0), put(url).at(4.0)],
    );
    // Method and header entries from one preflight, with different uses.
    one_url(
        set,
        "PUT with X-A at 0 s, PUT at 3 s, GET with X-A at 7 s; preflight allows PUT and x-a with Max-Age 4".to_owned(),
        vec![max_age(allow("PUT", "x-a"), &["4"])],
        vec![readable()],
        |url| {
            vec![
                put(url).header("X-A", "1"),
                put(url).at(3.0),
                get_with(url, "X-A").at(7.0),
            ]
        },
    );
    // A failing request in between, timed.
    one_url(
        set,
        "PUT at 0 s, 2 s and 4 s, preflight allows PUT with Max-Age 10; the main reply at 2 s has no Access-Control-Allow-Origin".to_owned(),
        vec![max_age(allow("PUT", ""), &["10"])],
        vec![readable(), Reply::ok(), readable()],
        |url| vec![put(url), put(url).at(2.0), put(url).at(4.0)],
    );
}

/// What one entry covers.
fn scope(set: &mut Set) {
    both_ages(
        set,
        "PUT then DELETE, preflight allows `PUT, DELETE`",
        &[allow("PUT, DELETE", "")],
        vec![readable()],
        |url| vec![put(url), Step::get(url).method("DELETE")],
    );
    both_ages(
        set,
        "GET with X-A, then with X-B, then with X-A and X-B; preflight allows `x-a, x-b`",
        &[allow("", "x-a, x-b")],
        vec![readable()],
        |url| {
            vec![
                get_with(url, "X-A"),
                get_with(url, "X-B"),
                get_with(url, "X-A").header("X-B", "1"),
            ]
        },
    );
    both_ages(
        set,
        "PUT then DELETE, preflight Access-Control-Allow-Methods `*`",
        &[allow("*", "")],
        vec![readable()],
        |url| vec![put(url), Step::get(url).method("DELETE")],
    );
    for methods in ["*", "PUT, *"] {
        both_ages(
            set,
            &format!(
                "PUT then DELETE, both credentials include; preflight Access-Control-Allow-Methods `{methods}` allows the page origin with credentials, every main reply too"
            ),
            &[allow(methods, "").acac()],
            vec![readable().acac()],
            |url| {
                vec![
                    put(url).credentials("include"),
                    Step::get(url).method("DELETE").credentials("include"),
                ]
            },
        );
    }
    both_ages(
        set,
        "GET with X-A then with X-B, preflight Access-Control-Allow-Headers `*`",
        &[allow("", "*")],
        vec![readable()],
        |url| vec![get_with(url, "X-A"), get_with(url, "X-B")],
    );
    both_ages(
        set,
        "GET with X-A (preflight allows `*`), then with Authorization (preflight allows authorization), then with X-A (any later preflight allows `*`)",
        &[allow("", "*"), allow("", "authorization"), allow("", "*")],
        vec![readable()],
        |url| {
            vec![
                get_with(url, "X-A"),
                Step::get(url).header("Authorization", "Basic dXNlcjpwYXNz"),
                get_with(url, "X-A"),
            ]
        },
    );
    both_ages(
        set,
        "PUT (preflight allows PUT), then PUT with X-A (preflight allows PUT and x-a), then PUT",
        &[allow("PUT", ""), allow("PUT", "x-a")],
        vec![readable()],
        |url| vec![put(url), put(url).header("X-A", "1"), put(url)],
    );
    both_ages(
        set,
        "GET with X-A then POST with X-A and a body, preflight allows x-a",
        &[allow("", "x-a")],
        vec![readable()],
        |url| {
            vec![
                get_with(url, "X-A"),
                Step::get(url)
                    .method("POST")
                    .header("X-A", "1")
                    .body("hello"),
            ]
        },
    );
    both_ages(
        set,
        "GET with X-A then with x-a, preflight allows `X-A`",
        &[allow("", "X-A")],
        vec![readable()],
        |url| vec![get_with(url, "X-A"), get_with(url, "x-a")],
    );
    both_ages(
        set,
        "PUT with X-A then GET with X-A, preflight allows PUT and x-a",
        &[allow("PUT", "x-a")],
        vec![readable()],
        |url| vec![put(url).header("X-A", "1"), get_with(url, "X-A")],
    );
    // The same path on another origin.
    let s = set.add(
        "PUT to api, then PUT to the same path on other; preflight allows PUT with Access-Control-Max-Age 600",
    );
    let path = s.path(0, 0);
    s.route(
        path,
        vec![max_age(allow("PUT", ""), &["600"])],
        vec![readable()],
    );
    let api = s.url(API, 0, 0);
    let other = s.url(OTHER, 0, 0);
    s.step(put(&api));
    s.step(put(&other));
}

/// Entries and credentials modes.
fn credentials(set: &mut Set) {
    for (first, second) in [
        ("omit", "include"),
        ("include", "omit"),
        ("same-origin", "omit"),
        ("include", "include"),
    ] {
        both_ages(
            set,
            &format!(
                "PUT credentials {first} then PUT credentials {second}; preflight allows PUT for the page origin with credentials, every main reply too"
            ),
            &[allow("PUT", "").acac()],
            vec![readable().acac()],
            |url| vec![put(url).credentials(first), put(url).credentials(second)],
        );
    }
}

/// Failures around cached entries.
fn failures(set: &mut Set) {
    both_ages(
        set,
        "PUT three times, preflight allows PUT; the second main reply has no Access-Control-Allow-Origin",
        &[allow("PUT", "")],
        vec![readable(), Reply::ok(), readable()],
        |url| vec![put(url), put(url), put(url)],
    );
    both_ages(
        set,
        "GET with X-Custom three times, preflight allows x-custom; the second main reply has no Access-Control-Allow-Origin",
        &[allow("", "x-custom")],
        vec![readable(), Reply::ok(), readable()],
        |url| {
            vec![
                get_with(url, "X-Custom"),
                get_with(url, "X-Custom"),
                get_with(url, "X-Custom"),
            ]
        },
    );
    both_ages(
        set,
        "PUT twice, the first preflight allows the page origin but has no Access-Control-Allow-Methods, the second allows PUT",
        &[Reply::new(204).acao(crate::scenario::APP), allow("PUT", "")],
        vec![readable()],
        |url| vec![put(url), put(url)],
    );
    both_ages(
        set,
        "PUT twice, the first preflight allows PUT but has no Access-Control-Allow-Origin, the second allows the page origin and PUT",
        &[Reply::new(204).acam("PUT"), allow("PUT", "")],
        vec![readable()],
        |url| vec![put(url), put(url)],
    );
    both_ages(
        set,
        "PUT twice, the first preflight answered 500 with the page origin and PUT allowed, the second 204",
        &[
            Reply {
                status: 500,
                ..allow("PUT", "")
            },
            allow("PUT", ""),
        ],
        vec![readable()],
        |url| vec![put(url), put(url)],
    );
    both_ages(
        set,
        "PUT (preflight allows PUT), PUT with X-A (preflight allows only PUT), PUT",
        &[allow("PUT", ""), allow("PUT", ""), allow("PUT", "")],
        vec![readable()],
        |url| vec![put(url), put(url).header("X-A", "1"), put(url)],
    );
}

/// URLs that differ only in query or fragment, and method case.
fn urls_and_case(set: &mut Set) {
    both_ages(
        set,
        "PUT to ?a=1, then ?a=2, then ?a=1 of one path; preflight allows PUT",
        &[allow("PUT", "")],
        vec![readable()],
        |url| {
            vec![
                put(&format!("{url}?a=1")),
                put(&format!("{url}?a=2")),
                put(&format!("{url}?a=1")),
            ]
        },
    );
    both_ages(
        set,
        "PUT to #a, then #b of one URL; preflight allows PUT",
        &[allow("PUT", "")],
        vec![readable()],
        |url| vec![put(&format!("{url}#a")), put(&format!("{url}#b"))],
    );
    both_ages(
        set,
        "patch (preflight allows `patch`), then PATCH (preflight allows `PATCH`)",
        &[allow("patch", ""), allow("PATCH", "")],
        vec![readable()],
        |url| {
            vec![
                Step::get(url).method("patch"),
                Step::get(url).method("PATCH"),
            ]
        },
    );
    both_ages(
        set,
        "PATCH (preflight allows `PATCH`), then patch (preflight allows `patch`)",
        &[allow("PATCH", ""), allow("patch", "")],
        vec![readable()],
        |url| {
            vec![
                Step::get(url).method("PATCH"),
                Step::get(url).method("patch"),
            ]
        },
    );
    both_ages(
        set,
        "put then PUT, preflight allows PUT",
        &[allow("PUT", "")],
        vec![readable()],
        |url| vec![Step::get(url).method("put"), put(url)],
    );
}

/// Entries that grow with later preflights.
fn growing(set: &mut Set) {
    both_ages(
        set,
        "GET with X-A (preflight allows x-a), with X-B (preflight allows x-b), with X-A again (any later preflight allows x-a)",
        &[allow("", "x-a"), allow("", "x-b"), allow("", "x-a")],
        vec![readable()],
        |url| {
            vec![
                get_with(url, "X-A"),
                get_with(url, "X-B"),
                get_with(url, "X-A"),
            ]
        },
    );
    both_ages(
        set,
        "PUT (preflight allows PUT), DELETE (preflight allows DELETE), PUT again (any later preflight allows PUT)",
        &[allow("PUT", ""), allow("DELETE", ""), allow("PUT", "")],
        vec![readable()],
        |url| vec![put(url), Step::get(url).method("DELETE"), put(url)],
    );
}
