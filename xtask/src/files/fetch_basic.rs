//! `fetch/api/basic/*.any.js` subtests that exercise CORS modes.

use crate::http::enc;
use crate::sim::Request;
use crate::*;

pub fn mode_no_cors(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/basic/mode-no-cors.sub.any.js", Src::Undici);
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
    let mut f = WptFile::new("fetch/api/basic/mode-same-origin.any.js", Src::Undici);
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
    let mut f = WptFile::new("fetch/api/basic/request-headers.any.js", Src::Undici);
    let url = format!(
        "{}/fetch/api/resources/inspect-headers.py?headers=origin|user-agent|accept-charset|content-length|content-type",
        PAGE
    );
    let text = "Request's body";
    let boundary = "----formdata-wpt-boundary";
    let form = format!("--{}--\r\n", boundary);
    let form_ct = format!("multipart/form-data; boundary={}", boundary);
    // (name, method, body, explicit Content-Type standing in for the body's
    // own type, expected Content-Type, expected Content-Length)
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let rows: Vec<Row> = vec![
        ("Fetch with GET", "GET", None, None, None, None),
        ("Fetch with HEAD", "HEAD", None, None, None, None),
        (
            "Fetch with PUT without body",
            "POST",
            None,
            None,
            None,
            Some("0"),
        ),
        (
            "Fetch with PUT with body",
            "PUT",
            Some(text),
            None,
            Some("text/plain;charset=UTF-8"),
            Some("14"),
        ),
        (
            "Fetch with POST without body",
            "POST",
            None,
            None,
            None,
            Some("0"),
        ),
        (
            "Fetch with POST with text body",
            "POST",
            Some(text),
            None,
            Some("text/plain;charset=UTF-8"),
            Some("14"),
        ),
        (
            "Fetch with POST with FormData body",
            "POST",
            Some(&form),
            Some(&form_ct),
            Some(&form_ct),
            Some(""),
        ),
        (
            "Fetch with POST with URLSearchParams body",
            "POST",
            Some("name=value"),
            Some("application/x-www-form-urlencoded;charset=UTF-8"),
            Some("application/x-www-form-urlencoded;charset=UTF-8"),
            Some("10"),
        ),
        (
            "Fetch with POST with Blob body with mime type",
            "POST",
            Some("Test"),
            Some("text/maybe"),
            Some("text/maybe"),
            Some("4"),
        ),
        ("Fetch with Chicken", "Chicken", None, None, None, None),
        (
            "Fetch with Chicken with body",
            "Chicken",
            Some(text),
            None,
            Some("text/plain;charset=UTF-8"),
            Some("14"),
        ),
    ];
    for (name, method, body, explicit, ct, cl) in rows {
        let mut r = Request::get(&url, PAGE).method(method);
        if let Some(t) = explicit {
            r = r.header("Content-Type", t);
        }
        if let Some(b) = body {
            r = r.body(b);
        }
        let mut checks = vec![
            Check::Status(200),
            Check::Type("basic"),
            hdr("x-request-user-agent", crate::server::USER_AGENT),
            no_hdr("x-request-accept-charset"),
        ];
        checks.push(if method == "GET" || method == "HEAD" {
            no_hdr("x-request-origin")
        } else {
            hdr("x-request-origin", PAGE)
        });
        match cl {
            Some("") | None if name.contains("FormData") => {}
            Some(v) => checks.push(hdr("x-request-content-length", v)),
            None => checks.push(no_hdr("x-request-content-length")),
        }
        if !name.contains("FormData") {
            checks.push(match ct {
                Some(v) => hdr("x-request-content-type", v),
                None => no_hdr("x-request-content-type"),
            });
        }
        let mut c = fc(r.normalized(), Want::Ok(checks));
        let mut note = "User-Agent and Content-Length come from the UA's HTTP layer: inspect-headers.py echoes a stand-in User-Agent and the Content-Length the spec gives (the body's length; 0 for a POST or PUT without body)".to_string();
        if explicit.is_some() {
            note.push_str("; the body's own type (FormData, URLSearchParams, a typed Blob) is written as an explicit Content-Type with the body as text");
        }
        c.note = Some(note);
        g.add(&mut f, case(name, vec![c]));
    }
    f.skip(8, "bodies without a Content-Type (a Blob without type, ArrayBuffer, typed arrays, DataView) cannot be expressed by the format's string body, which brings text/plain;charset=UTF-8");
    f.partial(11, "User-Agent, Content-Length and (for FormData, URLSearchParams, typed Blob) the body's type are stand-ins");
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

pub fn authentication_redirection(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/credentials/authentication-redirection.any.js",
        Src::Undici,
    );
    let value = format!("Basic {}", crate::http::b64_encode("user:pass"));
    let dump = "/fetch/api/resources/dump-authorization-header.py";
    let redir = "/fetch/api/resources/redirect.py";
    let req = |u: String| {
        Request::get(u, PAGE)
            .header("Authorization", &value)
            .normalized()
    };
    let read = |r: Request, exp: Option<String>| {
        let mut c = fc(
            r,
            Want::Ok(vec![Check::LastSent("authorization".into(), exp)]),
        );
        c.note = Some("The test reads the Authorization value the handler received (or `none`) from the body; here the last exchange's `sent` asserts it".into());
        c
    };
    g.add(
        &mut f,
        case(
            "getAuthorizationHeaderValue - no redirection",
            vec![read(req(format!("{}{}", PAGE, dump)), Some(value.clone()))],
        ),
    );
    g.add(
        &mut f,
        case(
            "getAuthorizationHeaderValue - same origin redirection",
            vec![
                read(
                    req(format!("{}{}?location={}", PAGE, redir, enc(dump))),
                    Some(value.clone()),
                ),
                read(
                    req(format!(
                        "{}{}?allow_headers=Authorization&location={}",
                        REMOTE_S,
                        redir,
                        enc(&format!("{}{}", REMOTE_S, dump))
                    )),
                    Some(value.clone()),
                ),
            ],
        ),
    );
    g.add(
        &mut f,
        case(
            "getAuthorizationHeaderValue - cross origin redirection",
            vec![read(
                req(format!(
                    "{}{}?allow_headers=Authorization&location={}",
                    REMOTE_S,
                    redir,
                    enc(&format!("{}{}?strip_auth_header=true", PAGE_S, dump))
                )),
                None,
            )],
        ),
    );
    f
}

pub fn range_general(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/range/general.any.js", Src::Undici);
    let wav = format!("{}/fetch/range/resources/long-wav.py", REMOTE);
    let mut run = |g: &mut Gen, name: &str, ranges: [&str; 3], safe: bool| {
        let fetches = ranges
            .iter()
            .map(|r| {
                let u = format!("{}?accept-encoding-key={}", wav, token(&format!("{}{}", name, r)));
                let req = Request::get(u, PAGE).header("Range", r).normalized();
                let mut c = if safe {
                    fc(
                        req,
                        Want::Ok(vec![Check::Status(206), Check::Preflighted(false)]),
                    )
                } else {
                    fc(req, Want::ErrWith(vec![Check::Preflighted(true)]))
                };
                c.note = Some("long-wav.py also stashes the request's Accept-Encoding (read later by the test through stash-take.py; not modelled)".into());
                c
            })
            .collect();
        g.add(&mut f, case(name, fetches));
    };
    run(
        g,
        "Cross Origin Fetch with non safe range header",
        [
            "bytes=10-9",
            "bytes=-0",
            "bytes=0000000000000000000000000000000000000000000000000000000000011-0000000000000000000000000000000000000000000000000000000000111",
        ],
        false,
    );
    run(
        g,
        "Cross Origin Fetch with safe range header",
        [
            "bytes=0-10",
            "bytes=0-",
            "bytes=00000000000000000000000000000000000000000000000000000000011-00000000000000000000000000000000000000000000000000000000000111",
        ],
        true,
    );
    f.skip(5, "category (b): Range under the Headers guards (none, response, request, request-no-cors) and `Accept-Encoding: identity` on range requests are Headers-API / HTTP-layer behaviour");
    f
}
