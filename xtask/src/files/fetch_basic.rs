//! `fetch/api/basic/*.any.js` subtests that exercise CORS modes.

use crate::sim::Request;
use crate::*;

pub fn mode_no_cors(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/basic/mode-no-cors.sub.any.js", UNDICI_SNAPSHOT);
    let q = "?pipe=header(x-is-filtered,value)";
    for (shown, abs, opaque) in [
        (
            "../resources/top.txt".to_string(),
            format!("{}/fetch/api/resources/top.txt", PAGE),
            false,
        ),
        (
            format!("{}/fetch/api/resources/top.txt", PAGE),
            format!("{}/fetch/api/resources/top.txt", PAGE),
            false,
        ),
        (
            format!("{}/fetch/api/resources/top.txt", PAGE_S),
            format!("{}/fetch/api/resources/top.txt", PAGE_S),
            true,
        ),
        (
            format!("{}/fetch/api/resources/top.txt", PAGE_P2),
            format!("{}/fetch/api/resources/top.txt", PAGE_P2),
            true,
        ),
    ] {
        let want = if opaque {
            Want::Ok(vec![
                Check::Status(0),
                Check::Type("opaque"),
                no_hdr("x-is-filtered"),
            ])
        } else {
            Want::Ok(vec![
                Check::Status(200),
                Check::Type("basic"),
                hdr("x-is-filtered", "value"),
            ])
        };
        g.add(
            &mut f,
            case1(
                format!("Fetch {} with no-cors mode", shown),
                Request::get(format!("{}{}", abs, q), PAGE)
                    .mode("no-cors")
                    .normalized(),
                want,
            ),
        );
    }
    f
}

pub fn mode_same_origin(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/basic/mode-same-origin.any.js", UNDICI_SNAPSHOT);
    let top = |o: &str| format!("{}/fetch/api/resources/top.txt", o);
    let redir = "/fetch/api/basic/../resources/redirect.py?location=";
    let rows: Vec<(String, bool)> = vec![
        ("../resources/top.txt".into(), true),
        (top(PAGE), true),
        (top(PAGE_S), false),
        (top(REMOTE), false),
        (format!("{}../resources/top.txt", redir), true),
        (format!("{}{}", redir, top(PAGE)), true),
        (format!("{}{}", redir, top(PAGE_S)), false),
        (format!("{}{}", redir, top(REMOTE)), false),
    ];
    for (shown, pass) in rows {
        let abs = http::join(
            &format!("{}/fetch/api/basic/mode-same-origin.any.html", PAGE),
            &shown,
        );
        let want = if pass {
            Want::Ok(vec![Check::Status(200), Check::Type("basic")])
        } else {
            Want::Err
        };
        g.add(
            &mut f,
            case1(
                format!("Fetch {} with same-origin mode", shown),
                Request::get(abs, PAGE).mode("same-origin").normalized(),
                want,
            ),
        );
    }
    f
}

pub fn request_headers_origin(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/basic/request-headers.any.js", UNDICI_SNAPSHOT);
    f.skip(19, "category (b): same-origin method/body cases that check body-derived Content-Type / Content-Length (request body extraction, not CORS) (not yet transcribed)");
    let url = format!(
        "{}/fetch/api/resources/inspect-headers.py?headers=origin",
        PAGE
    );
    for (m, mode, needs) in [
        ("GET", "cors", false),
        ("POST", "same-origin", true),
        ("POST", "no-cors", true),
        ("PUT", "same-origin", true),
        ("TacO", "same-origin", true),
        ("TacO", "cors", true),
    ] {
        let name = format!(
            "Fetch with {} and mode \"{}\" {} an Origin header",
            m,
            mode,
            if needs { "needs" } else { "does not need" }
        );
        let md: &'static str = match mode {
            "cors" => "cors",
            "no-cors" => "no-cors",
            _ => "same-origin",
        };
        let check = if needs {
            hdr("x-request-origin", PAGE)
        } else {
            no_hdr("x-request-origin")
        };
        g.add(
            &mut f,
            case1(
                name,
                Request::get(&url, PAGE).method(m).mode(md).normalized(),
                Want::Ok(vec![Check::Status(200), Check::Type("basic"), check]),
            ),
        );
    }
    f
}
