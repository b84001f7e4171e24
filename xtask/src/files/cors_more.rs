//! More `cors/` files: status-preflight, response-headers, credentials-flag,
//! request-headers, redirect-userinfo, redirect-preflight(-2). XHR calls are
//! written as the fetch they become (mode "cors"; credentials "same-origin",
//! or "include" with `withCredentials`).

use crate::http::enc;
use crate::sim::Request;
use crate::*;

fn crossdomain() -> String {
    format!("{}/cors/", REMOTE)
}

fn makeheader(base: &str) -> String {
    format!("{}resources/cors-makeheader.py", base)
}

pub fn status_preflight(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/status-preflight.htm",
        Src::Wpt("2e1553c1514467f53e5d90161957fb7ec78258be"),
    );
    let rows: &[(&str, u16)] = &[
        ("GET", 200),
        ("GET", 204),
        ("GET", 400),
        ("GET", 401),
        ("HEAD", 200),
        ("HEAD", 204),
        ("HEAD", 400),
        ("HEAD", 401),
        ("HEAD", 501),
        ("HEAD", 699),
        ("POST", 204),
        ("POST", 400),
        ("POST", 401),
        ("POST", 404),
        ("PUT", 699),
        ("CHICKEN", 501),
    ];
    for (i, (m, code)) in rows.iter().enumerate() {
        let u = format!(
            "{}resources/status.py?{}&code={}&headers=x-nonsimple&preflight=200",
            crossdomain(),
            i + 1,
            code
        );
        let mut c = fc(
            Request::get(u, PAGE)
                .method(m)
                .header("x-nonsimple", "true")
                .normalized(),
            Want::Ok(vec![
                Check::Status(*code),
                Check::Preflighted(true),
                hdr("x-request-method", m),
            ]),
        );
        c.note = Some("The test also checks that the body is empty and that no error event follows (bodies and events are not modelled)".into());
        g.add(
            &mut f,
            case(
                format!("CORS - status after preflight on {} {}", m, code),
                vec![c],
            ),
        );
    }
    f.partial(16, "the empty-body check is not modelled");
    f
}

pub fn response_headers(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/response-headers.htm",
        Src::Servo("1359e8e4624d10ceb0bf55bcb1cb2903141c6d38"),
    );
    f.remark = Some(
        "handler resources/cors-headers.asis read at servo/servo@37ae1c0f315ac307d5a66d26574f09d5efb69047"
            .into(),
    );
    let url = format!("{}resources/cors-headers.asis", crossdomain());
    let mut one = |g: &mut Gen, name: &str, checks: Vec<Check>| {
        let mut c = fc(Request::get(&url, PAGE).normalized(), Want::Ok(checks));
        c.note = Some("XHR getResponseHeader() reads the CORS-filtered header list; here `expect.headers` is that list".into());
        g.add(&mut f, case(name, vec![c]));
    };
    one(
        g,
        "getResponseHeader: Expose Access-Control-Expose-Headers (x-custom-header-comma)",
        vec![hdr("x-custom-header-comma", "1, 2")],
    );
    one(
        g,
        "getResponseHeader: Expose second Access-Control-Expose-Headers (x-second-expose)",
        vec![hdr("x-second-expose", "flyingpig")],
    );
    one(
        g,
        "getResponseHeader: x-custom-header bytes",
        vec![hdr("x-custom-header-bytes", "\u{e2}\u{80}\u{a6}")],
    );
    one(
        g,
        "getResponseHeader: Exposed server field readable (Date)",
        vec![hdr("date", "Wed, 22 Oct 2013 10:00:00 GMT")],
    );
    for (h, v) in [
        ("Cache-Control", "no-cache"),
        ("Content-Language", "nn"),
        ("Expires", "Thu, 01 Dec 1994 16:00:00 GMT"),
        ("Last-Modified", "Thu, 01 Dec 1994 10:00:00 GMT"),
        ("Pragma", "no-cache"),
        ("Content-Length", "4"),
        ("Content-Type", "text/plain"),
    ] {
        one(
            g,
            &format!("getResponseHeader: {}: readable by default", h),
            vec![hdr(h, v)],
        );
    }
    for h in ["Server", "X-Powered-By"] {
        one(
            g,
            &format!("getResponseHeader: {}: unreadable by default", h),
            vec![no_hdr(h)],
        );
    }
    one(
        g,
        "getResponseHeader: Combined testing of cors response headers",
        vec![
            hdr("x-custom-header", "test, test"),
            hdr("x-custom-header-empty", ""),
            no_hdr("set-cookie"),
            no_hdr("set-cookie2"),
            no_hdr("x-non-existent-header"),
            no_hdr("x-nonexposed"),
        ],
    );
    one(
        g,
        "getResponse: don't expose x-nonexposed",
        vec![hdr("x-custom-header", "test, test"), no_hdr("x-nonexposed")],
    );
    one(
        g,
        "getAllResponseHeaders: don't expose x-nonexposed",
        vec![hdr("x-custom-header", "test, test"), no_hdr("x-nonexposed")],
    );
    f.skip(
        1,
        "category (c): `getResponseHeader(' x-custom-header')` tests XHR's header-name handling (a name with a leading space), not CORS",
    );
    f
}

pub fn credentials_flag(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/credentials-flag.htm",
        Src::Wpt("2177a7cb7254b971f5bf07c4f673cca4ca167da0"),
    );
    f.remark = Some("the newest version stored in the index; engine expectation files show a later version with five more Access-Control-Allow-Credentials values, which could not be read".into());
    f.skip(
        1,
        "category (c): setting withCredentials on a sync XHR object (an XHR API check)",
    );
    f.skip(3, "category (b): cookie round-trips through cors-cookie.py need a cookie jar, and its Set-Cookie answers (set and delete) depend on the jar's state and on the time");
    for v in ["TRUE", "True", "\"true\"", "false", "1", "0"] {
        let u = format!("{}?credentials={}", makeheader(&crossdomain()), enc(v));
        g.add(
            &mut f,
            case1(
                format!(
                    "Access-Control-Allow-Credentials: {} should be disallowed (async)",
                    v
                ),
                Request::get(u, PAGE).creds("include").normalized(),
                Want::Err,
            ),
        );
    }
    f
}

pub fn request_headers(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/request-headers.htm",
        Src::Wpt("81f7e8369b571f5a08228a983ec34f8ea8e376dc"),
    );
    let mh = makeheader(&crossdomain());
    let note = "The test reads the request headers back from the JSON body cors-makeheader.py answers; here the actual request's `sent` asserts them".to_string();
    let mut c = fc(
        Request::get(format!("{}?headers=x-print", mh), PAGE)
            .header("x-print", "unicorn")
            .reads(&["x-print"])
            .normalized(),
        Want::Ok(vec![Check::LastSent(
            "x-print".into(),
            Some("unicorn".into()),
        )]),
    );
    c.note = Some(note.clone());
    g.add(&mut f, case("basic request header", vec![c]));

    let mut c = fc(
        Request::get(format!("{}?headers=x-print,", mh), PAGE)
            .headers(&[
                ("x-print", "unicorn"),
                ("content-type", "text/plain"),
                ("accept", "test"),
                ("accept-language", "nn"),
                ("content-language", "nn"),
            ])
            .reads(&[
                "x-print",
                "content-type",
                "accept",
                "accept-language",
                "content-language",
            ])
            .normalized(),
        Want::Ok(vec![
            Check::LastSent("x-print".into(), Some("unicorn".into())),
            Check::LastSent("content-type".into(), Some("text/plain".into())),
            Check::LastSent("accept".into(), Some("test".into())),
            Check::LastSent("accept-language".into(), Some("nn".into())),
            Check::LastSent("content-language".into(), Some("nn".into())),
        ]),
    );
    c.note = Some(note.clone());
    g.add(
        &mut f,
        case(
            "Simple request headers need not be in allow-headers",
            vec![c],
        ),
    );

    g.add(
        &mut f,
        case1(
            "Unspecified request headers are disallowed",
            Request::get(format!("{}?headers=x-print", mh), PAGE)
                .headers(&[("x-print", "unicorn"), ("y-print", "unicorn")])
                .normalized(),
            Want::ErrWith(vec![Check::Preflighted(true)]),
        ),
    );

    let mut c = fc(
        Request::get(format!("{}?headers=,y-lol,x-PriNT,%20,,,Y-PRINT", mh), PAGE)
            .headers(&[("x-print", "unicorn"), ("y-print", "narwhal")])
            .reads(&["x-print", "y-print"])
            .normalized(),
        Want::Ok(vec![
            Check::LastSent("x-print".into(), Some("unicorn".into())),
            Check::LastSent("y-print".into(), Some("narwhal".into())),
        ]),
    );
    c.note = Some(note);
    g.add(
        &mut f,
        case("Strange allowheaders (case insensitive)", vec![c]),
    );
    f.skip(
        2,
        "category (c): XHR state checks (setRequestHeader() before open() and after send() throw InvalidStateError)",
    );
    f
}

/// `buildURL()` of redirect-userinfo.htm and redirect-origin.htm: the last
/// URL gets `get_value=last`, each earlier one redirects to the next.
fn build_url(urls: &[String], id: usize) -> String {
    let mut tmp = String::new();
    for (i, u) in urls.iter().enumerate().rev() {
        if tmp.is_empty() {
            tmp = format!("{}&get_value=last&{}_{}", u, id, i);
        } else {
            tmp = format!("{}&location={}&{}_{}", u, enc(&tmp), id, i);
        }
    }
    tmp
}

pub fn redirect_userinfo(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/redirect-userinfo.htm",
        Src::Wpt("81f7e8369b571f5a08228a983ec34f8ea8e376dc"),
    );
    let first = format!("{}?", makeheader(&crossdomain()));
    let rows: &[(&str, &str, bool)] = &[
        (
            "Disallow redirect with userinfo (user:pass@)",
            "test:test@",
            false,
        ),
        ("Disallow redirect with userinfo (user:@)", "user:@", false),
        ("Disallow redirect with userinfo (user@)", "user:@", false),
        (
            "Allow redirect without userinfo (:@ is trimmed during URL parsing)",
            ":@",
            true,
        ),
        ("Disallow redirect with userinfo (:pass@)", ":pass@", false),
        (
            "Allow redirect without userinfo (@ is trimmed during URL parsing)",
            "@",
            true,
        ),
    ];
    for (id, (name, ui, pass)) in rows.iter().enumerate() {
        let second = first.replacen("http://", &format!("http://{}", ui), 1);
        let u = build_url(&[first.clone(), second], id);
        let want = if *pass { Want::Ok(vec![]) } else { Want::Err };
        let mut c = fc(Request::get(u, PAGE).normalized(), want);
        if *pass {
            c.note = Some("The test also reads `get_value` (`last`) from the final JSON body (bodies are not modelled)".into());
        }
        g.add(&mut f, case(*name, vec![c]));
    }
    f
}

pub fn redirect_preflight(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/redirect-preflight.htm",
        Src::Wpt("9ffeed4d2da421e9b4ce9cf71694aee8a0a545b8"),
    );
    let mh = makeheader(&crossdomain());
    for (i, code) in [301, 302, 303, 307, 308].into_iter().enumerate() {
        let redirect = format!("{}?headers=x-test&{}", mh, 2 * i);
        let u = format!(
            "{}?preflight=200&headers=x-test&location={}&code={}&{}",
            mh,
            enc(&redirect),
            code,
            2 * i + 1
        );
        g.add(
            &mut f,
            case1(
                format!(
                    "Should allow redirect {} after successful (200) preflight",
                    code
                ),
                Request::get(u, PAGE).header("x-test", "test").normalized(),
                Want::Ok(vec![Check::Status(200)]),
            ),
        );
    }
    f
}

pub fn redirect_preflight_2(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "cors/redirect-preflight-2.htm",
        Src::Servo("cc4650aeb3085d20e51750a6d7b6abd99e687a83"),
    );
    let local = makeheader(&format!("{}/cors/", PAGE));
    let remote = makeheader(&crossdomain());
    // The test's ident is `"fail_" + Date.now()`; a fixed stand-in here.
    let last = format!("{}?origin=*&ident=fail_{}", remote, 1_700_000_000_000u64);
    let u = format!("{}?origin=*&location={}", local, enc(&last));
    let mut c = fc(
        Request::get(u, PAGE)
            .header("custom-header", "admin")
            .normalized(),
        Want::ErrWith(vec![Check::Preflighted(true)]),
    );
    c.note = Some("The test's `ident` is `fail_` and a timestamp; a fixed value here".into());
    g.add(
        &mut f,
        case(
            "Same-origin custom-header request, redirect to cross-origin fails after doing a non-successful preflight",
            vec![c],
        ),
    );
    let name = "Same-origin custom-header request, redirect to cross-origin succeeds after doing a preflight";
    let t = token(name);
    let last = format!("{}?headers=custom-header&origin=*&token={}", remote, t);
    let u = format!("{}?origin=*&location={}", local, enc(&last));
    let mut check = fc(
        Request::get(format!("{}?check&token={}", local, t), PAGE).normalized(),
        Want::Ok(vec![]),
    );
    check.note = Some(
        "The test's same-origin check call; its body (`1`: a preflight was recorded) is not modelled"
            .into(),
    );
    g.add(
        &mut f,
        case(
            name,
            vec![
                fc(
                    Request::get(u, PAGE)
                        .header("custom-header", "admin")
                        .normalized(),
                    Want::Ok(vec![Check::Preflighted(true)]),
                ),
                check,
            ],
        ),
    );
    f
}
