//! More `xhr/` files (nodejs/undici@2f6cc66 test/fixtures/wpt). XHR calls
//! are written as the fetch they become: mode "cors", credentials
//! "same-origin" (or "include" with `withCredentials`), `send(string)` a
//! string body (which brings `text/plain;charset=UTF-8` unless the test set
//! a Content-Type), `send()` no body. An untitled test is named as a browser
//! names it: after the page's `<title>` (or the `META: title`).

use crate::http::{b64_encode, enc};
use crate::sim::Request;
use crate::*;

const NOTE_BODY: &str = "The test also reads the response body (not modelled)";

fn xr(path: &str) -> String {
    format!("{}/xhr/resources/{}", REMOTE, path)
}

fn xl(path: &str) -> String {
    format!("{}/xhr/resources/{}", PAGE, path)
}

fn file(path: &'static str) -> WptFile {
    WptFile::new(path, Src::Undici)
}

fn ok_body(r: Request, checks: Vec<Check>) -> FCase {
    let mut c = fc(r.normalized(), Want::Ok(checks));
    c.note = Some(NOTE_BODY.into());
    c
}

fn one(g: &mut Gen, path: &'static str, name: &str, c: FCase) -> WptFile {
    let mut f = file(path);
    g.add(&mut f, case(name, vec![c]));
    f
}

pub fn all(g: &mut Gen) -> Vec<WptFile> {
    let mut out = vec![];

    let mut c = fc(
        Request::get(xr("access-control-origin-header.py"), PAGE).normalized(),
        Want::Ok(vec![Check::LastSent("origin".into(), Some(PAGE.into()))]),
    );
    c.note = Some(
        "The test reads `HTTP_ORIGIN: <Origin>` from the body; here `sent` asserts the Origin"
            .into(),
    );
    out.push(one(
        g,
        "xhr/access-control-basic-allow-access-control-origin-header.any.js",
        "Access control test with origin header",
        c,
    ));

    let mut f = file("xhr/access-control-basic-allow-access-control-origin-header-data-url.htm");
    let mut c = fc(
        Request::get(xr("access-control-origin-header.py"), "null").normalized(),
        Want::Ok(vec![Check::LastSent("origin".into(), Some("null".into()))]),
    );
    c.note = Some("The XHR runs in a data: URL iframe (opaque origin, given here as request origin `null`); the test reads `HTTP_ORIGIN: null` from the body, here `sent` asserts it".into());
    g.add(
        &mut f,
        case("Access granted to null-origin iframe", vec![c]),
    );
    f.partial(1, "the data: URL iframe is given as request origin `null`");
    out.push(f);

    out.push(one(
        g,
        "xhr/access-control-basic-allow-non-cors-safelisted-method-async.any.js",
        "Allow async PUT request",
        ok_body(
            Request::get(xr("access-control-basic-put-allow.py"), PAGE)
                .method("PUT")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .body("PASS: PUT data received"),
            vec![Check::Status(200), Check::Preflighted(true)],
        ),
    ));

    // The preflight-cache family: reset-token.py, then PUTs to a stateful
    // handler whose answers show whether the UA sent a new preflight.
    let cache_test = |g: &mut Gen,
                      path: &'static str,
                      name: &str,
                      handler: &str,
                      second: Request,
                      second_preflight: bool,
                      second_at: f64| {
        let t = token(name);
        let reset = fc(
            Request::get(xr(&format!("reset-token.py?token={}", t)), PAGE).normalized(),
            Want::Ok(vec![Check::Status(200)]),
        );
        let u = xr(&format!("{}?token={}", handler, t));
        let first = ok_body(
            Request::get(&u, PAGE).method("PUT"),
            vec![Check::Status(200), Check::Preflighted(true)],
        );
        let mut second = second;
        second.url = u;
        let mut c2 = ok_body(
            second,
            vec![Check::Status(200), Check::Preflighted(second_preflight)],
        );
        c2.at = second_at;
        let mut f = file(path);
        g.add(&mut f, case(name, vec![reset, first, c2]));
        f
    };
    out.push(cache_test(
        g,
        "xhr/access-control-basic-allow-preflight-cache.any.js",
        "Preflight cache should allow second request",
        "access-control-basic-preflight-cache.py",
        Request::get("", PAGE).method("PUT"),
        false,
        0.0,
    ));
    out.push(cache_test(
        g,
        "xhr/access-control-basic-allow-preflight-cache-invalidation-by-header.any.js",
        "Preflight cache should be invalidated in presence of custom header",
        "access-control-basic-preflight-cache-invalidation.py",
        Request::get("", PAGE)
            .method("PUT")
            .header("x-test", "headerValue"),
        true,
        0.0,
    ));
    out.push(cache_test(
        g,
        "xhr/access-control-basic-allow-preflight-cache-invalidation-by-method.any.js",
        "Preflight cache should be invalidated by changed method",
        "access-control-basic-preflight-cache-invalidation.py",
        Request::get("", PAGE).method("XMETHOD"),
        true,
        0.0,
    ));
    out.push(cache_test(
        g,
        "xhr/access-control-basic-allow-preflight-cache-timeout.any.js",
        "Preflight cache should be invalidated on timeout",
        "access-control-basic-preflight-cache-timeout.py",
        Request::get("", PAGE).method("PUT"),
        true,
        3.0,
    ));

    let mut c = fc(
        Request::get(
            xr("access-control-basic-cors-safelisted-request-headers.py"),
            PAGE,
        )
        .method("POST")
        .headers(&[
            ("Accept", "*"),
            ("Accept-Language", "ru"),
            ("Content-Language", "ru"),
            ("Content-Type", "text/plain"),
        ])
        .normalized(),
        Want::Ok(vec![Check::Status(200), Check::Preflighted(false)]),
    );
    c.note = Some(
        "The test reads the four received headers from the body; here `sent` asserts them".into(),
    );
    out.push(one(
        g,
        "xhr/access-control-basic-cors-safelisted-request-headers.htm",
        "Request with CORS-safelisted headers",
        c,
    ));

    let mut c = fc(
        Request::get(
            xr("access-control-basic-cors-safelisted-response-headers.py"),
            PAGE,
        )
        .normalized(),
        Want::Ok(vec![
            hdr("cache-control", "no cache"),
            hdr("content-language", "en"),
            hdr("content-type", "text/plain"),
            hdr("content-length", "34"),
            hdr("expires", "Fri, 30 Oct 1998 14:19:41 GMT"),
            hdr("last-modified", "Tue, 15 Nov 1994 12:45:26 GMT"),
            hdr("pragma", "no-cache"),
            no_hdr("x-webkit"),
            no_hdr("x-test"),
        ]),
    );
    c.note = Some("getResponseHeader()/getAllResponseHeaders() read the CORS-filtered header list, which `expect.headers` is".into());
    out.push(one(
        g,
        "xhr/access-control-basic-cors-safelisted-response-headers.htm",
        "Response with CORS-safelisted headers",
        c,
    ));

    let mut f = file("xhr/access-control-basic-non-cors-safelisted-content-type.htm");
    let put = |ct: &str, b: &str| {
        Request::get(xr("access-control-basic-put-allow.py"), PAGE)
            .method("PUT")
            .header("Content-Type", ct)
            .body(b)
            .normalized()
    };
    let mut c1 = fc(
        put("text/plain", "PASS: PUT data received"),
        Want::Ok(vec![Check::Status(200)]),
    );
    c1.note = Some(NOTE_BODY.into());
    g.add(
        &mut f,
        case(
            "Deny cross-origin request with non-CORS-safelisted content type",
            vec![
                c1,
                fc(
                    put("application/xml", "FAIL: PUT data received"),
                    Want::ErrWith(vec![Check::Preflighted(true)]),
                ),
            ],
        ),
    );
    out.push(f);

    out.push(one(
        g,
        "xhr/access-control-basic-post-success-no-content-type.htm",
        "POST request with text content and no Content-Type header",
        fc(
            Request::get(xr("access-control-basic-options-not-supported.py"), PAGE)
                .method("POST")
                .body("Test")
                .normalized(),
            Want::Ok(vec![Check::Status(200), Check::Preflighted(false)]),
        ),
    ));

    let mut f = file("xhr/access-control-basic-post-with-non-cors-safelisted-content-type.htm");
    let mut c = fc(
        Request::get(xl("access-control-basic-options-not-supported.py"), PAGE)
            .method("POST")
            .header("Content-Type", "application/xml")
            .normalized(),
        Want::Ok(vec![Check::Status(200), Check::Preflighted(false)]),
    );
    c.note = Some("The handler answers 500 to a non-OPTIONS request without `Origin`: a same-origin POST carries `Origin` (append a request `Origin` header)".into());
    g.add(
        &mut f,
        case(
            "Same-origin request with non-safelisted content type succeeds",
            vec![c],
        ),
    );
    g.add(
        &mut f,
        case1(
            "CORS request with non-safelisted content type sends preflight and fails",
            Request::get(xr("access-control-basic-options-not-supported.py"), PAGE)
                .method("POST")
                .header("Content-Type", "application/xml")
                .normalized(),
            Want::ErrWith(vec![Check::Preflighted(true)]),
        ),
    );
    out.push(f);

    let dest = format!(
        "{}/common/blank.html?pipe=header(access-control-allow-origin,*)|header(access-control-expose-headers,foo)|header(foo,bar)|header(hoge,fuga)",
        REMOTE
    );
    out.push(one(
        g,
        "xhr/access-control-expose-headers-on-redirect.html",
        "XHR should respect access-control-expose-headers header on redirect",
        fc(
            Request::get(
                format!("{}?location={}", xl("redirect.py"), enc(&dest)),
                PAGE,
            )
            .normalized(),
            Want::Ok(vec![Check::Status(200), hdr("foo", "bar"), no_hdr("hoge")]),
        ),
    ));

    // access-control-preflight-denied.py: reset, the denied request, then
    // `command=complete`, which answers 200 only if the actual request of
    // the denied one never arrived.
    let denied = |g: &mut Gen, path: &'static str, name: &str, r: Request| {
        let t = token(path);
        let base = xr(&format!("access-control-preflight-denied.py?token={}", t));
        let reset = fc(
            Request::get(format!("{}&command=reset", base), PAGE).normalized(),
            Want::Ok(vec![Check::Status(200)]),
        );
        let mut r = r;
        r.url = format!("{}{}", base, r.url);
        let mut complete = fc(
            Request::get(format!("{}&command=complete", base), PAGE).normalized(),
            Want::Ok(vec![Check::Status(200)]),
        );
        complete.note = Some("The test reads `Request successfully blocked.` from the body; a 200 here also shows the handler's state is still `Denied`".into());
        let mut f = file(path);
        g.add(
            &mut f,
            case(
                name,
                vec![
                    reset,
                    fc(
                        r.normalized(),
                        Want::ErrWith(vec![Check::Preflighted(true)]),
                    ),
                    complete,
                ],
            ),
        );
        f
    };
    for (path, name, r) in [
        (
            "xhr/access-control-preflight-async-header-denied.htm",
            "Async request denied at preflight",
            Request::get("&command=header", PAGE).header("x-test", "foo"),
        ),
        (
            "xhr/access-control-preflight-sync-header-denied.htm",
            "Sync request denied at preflight",
            Request::get("&command=header", PAGE).header("x-test", "foo"),
        ),
        (
            "xhr/access-control-preflight-async-method-denied.htm",
            "Async request denied at preflight",
            Request::get("&command=method", PAGE).method("DELETE"),
        ),
        (
            "xhr/access-control-preflight-sync-method-denied.htm",
            "Sync request denied at preflight because of non-CORS-safelisted method",
            Request::get("&command=method", PAGE).method("DELETE"),
        ),
        (
            "xhr/access-control-preflight-async-not-supported.htm",
            "Async PUT request denied at preflight",
            Request::get("", PAGE).method("PUT"),
        ),
        (
            "xhr/access-control-preflight-sync-not-supported.htm",
            "Sync PUT request denied at preflight",
            Request::get("", PAGE).method("PUT").body(""),
        ),
    ] {
        out.push(denied(g, path, name, r));
    }

    for (path, name) in [
        (
            "xhr/access-control-preflight-credential-async.htm",
            "CORS async request with URL credentials",
        ),
        (
            "xhr/access-control-preflight-credential-sync.htm",
            "CORS sync request with URL credentials",
        ),
    ] {
        let mut f = file(path);
        let mut c = fc(
            Request::get(xr("access-control-auth-basic.py?uid=fooUser"), PAGE)
                .method("PUT")
                .creds("include")
                .normalized(),
            Want::Ok(vec![Check::Status(401), Check::Preflighted(true)]),
        );
        c.note = Some("XHR open() with user `fooUser` and password `barPass` (URL credentials) is not expressible: fetch() rejects a URL with credentials. The vector keeps the rest: credentials are not sent preemptively (no Authorization), and the 401 of a CORS request is exposed without a retry".into());
        g.add(&mut f, case(name, vec![c]));
        f.partial(
            1,
            "the URL credentials given to XHR open() are not modelled",
        );
        out.push(f);
    }

    for (path, name) in [
        (
            "xhr/access-control-preflight-headers-async.htm",
            "Preflighted async request with custom header",
        ),
        (
            "xhr/access-control-preflight-headers-sync.htm",
            "Preflighted sync request with custom header",
        ),
    ] {
        let t = token(path);
        let mut c = fc(
            Request::get(
                xr(&format!("no-custom-header-on-preflight.py?token={}", t)),
                PAGE,
            )
            .header("x-test", "foobar")
            .normalized(),
            Want::Ok(vec![Check::Status(200), Check::Preflighted(true)]),
        );
        c.note = Some("The handler answers 400 to a preflight carrying `x-test`; the test reads `PASS` from the body".into());
        let mut f = file(path);
        g.add(
            &mut f,
            case(
                name,
                vec![
                    fc(
                        Request::get(xr(&format!("reset-token.py?token={}", t)), PAGE).normalized(),
                        Want::Ok(vec![Check::Status(200)]),
                    ),
                    c,
                ],
            ),
        );
        out.push(f);
    }

    for (path, name, handler, headers) in [
        (
            "xhr/access-control-preflight-request-allow-headers-returns-star.any.js",
            "Access-Control-Allow-Headers supports *",
            "access-control-preflight-request-allow-headers-returns-star.py",
            vec![("X-Test", "foobar")],
        ),
        (
            "xhr/access-control-preflight-request-header-lowercase.htm",
            "Request with uppercase header set",
            "access-control-preflight-request-header-lowercase.py",
            vec![("X-Test", "foobar")],
        ),
        (
            "xhr/access-control-preflight-request-header-returns-origin.any.js",
            "Access-Control-Request-Origin accept different origin between preflight and actual request",
            "access-control-preflight-request-header-returns-origin.py",
            vec![("X-Test", "foobar")],
        ),
        (
            "xhr/access-control-preflight-request-header-sorted.htm",
            "Tests that Access-Control-Request-Headers are sorted.",
            "access-control-preflight-request-header-sorted.py",
            vec![
                ("X-Custom-Test", "foobar"),
                ("X-Custom-ua", "foobar"),
                ("X-Custom-V", "foobar"),
                ("X-Custom-s", "foobar"),
                ("X-Custom-U", "foobar"),
            ],
        ),
        (
            "xhr/access-control-preflight-request-headers-origin.htm",
            "'Origin' should not be included in CORS Request-Headers",
            "access-control-preflight-request-headers-origin.py",
            vec![("x-pass", "PASS")],
        ),
    ] {
        let mut f = file(path);
        if path.ends_with(".any.js") {
            f.remark = Some("untitled subtest: a browser names it after the META title; undici's runner, without a title, names it after the file".into());
        }
        g.add(
            &mut f,
            case(
                name,
                vec![ok_body(
                    Request::get(xr(handler), PAGE).headers(&headers),
                    vec![Check::Status(200), Check::Preflighted(true)],
                )],
            ),
        );
        out.push(f);
    }

    for code in [301, 400, 501] {
        let path: &'static str = match code {
            301 => "xhr/access-control-preflight-request-invalid-status-301.htm",
            400 => "xhr/access-control-preflight-request-invalid-status-400.htm",
            _ => "xhr/access-control-preflight-request-invalid-status-501.htm",
        };
        out.push(one(
            g,
            path,
            &format!("Request with {} preflight response", code),
            fc(
                Request::get(
                    xr(&format!(
                        "access-control-preflight-request-invalid-status.py?code={}",
                        code
                    )),
                    PAGE,
                )
                .header("x-pass", "pass")
                .normalized(),
                Want::ErrWith(vec![Check::Preflighted(true)]),
            ),
        ));
    }

    let mut f = file("xhr/access-control-recursive-failed-request.htm");
    let fetches = (0..10)
        .map(|_| {
            fc(
                Request::get(xr("access-control-basic-denied.py"), PAGE).normalized(),
                Want::Err,
            )
        })
        .collect();
    g.add(
        &mut f,
        case(
            "Recursively repeated CORS requests with failed preflights should never result in unexpected behavior",
            fetches,
        ),
    );
    out.push(f);

    for (path, name) in [
        (
            "xhr/access-control-response-with-body-sync.htm",
            "Tests body from CORS preflight response and actual response with sync request",
        ),
        (
            "xhr/access-control-response-with-body.htm",
            "Tests that XHR doesn't prepend the body from CORS preflight response to the actual response",
        ),
    ] {
        out.push(one(
            g,
            path,
            name,
            ok_body(
                Request::get(xr("access-control-allow-with-body.py"), PAGE).headers(&[
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("X-Requested-With", "XMLHttpRequest"),
                ]),
                vec![Check::Status(200), Check::Preflighted(true)],
            ),
        ));
    }

    // The misplaced third argument of open() (a pipe string) only makes the
    // call async: the URL ends with `|`.
    let u = xr("pass.txt?pipe=header(Cache-Control,no-cache)|header(Access-Control-Max-Age,0)|header(Access-Control-Allow-Origin,*)|header(X-foo,BAR)|header(x-test,TEST)|header(Access-Control-Expose-Headers,x-Foo)|");
    out.push(one(
        g,
        "xhr/access-control-response-with-exposed-headers.htm",
        "Test CORS response with 'Access-Control-Expose-Headers' header",
        ok_body(
            Request::get(u, PAGE),
            vec![Check::Status(200), hdr("x-foo", "BAR"), no_hdr("x-test")],
        ),
    ));

    let pass = |acao: &str| {
        format!(
            "{}?pipe=header(Cache-Control,no-store)|header(Content-Type,text/plain)|header(Access-Control-Allow-Credentials,true)|header(Access-Control-Allow-External,true)|header(Access-Control-Allow-Origin,{})",
            xl("pass.txt"),
            acao
        )
    };
    for (path, name, acao) in [
        (
            "xhr/access-control-sandboxed-iframe-allow-origin-null.htm",
            "Tests that sandboxed iframe has CORS XHR access to a server that accepts null domain",
            "null",
        ),
        (
            "xhr/access-control-sandboxed-iframe-allow.htm",
            "Tests that sandboxed iframe has CORS XHR access to a server that accepts all domains",
            "*",
        ),
    ] {
        let mut f = file(path);
        let mut c = fc(
            Request::get(pass(acao), "null").normalized(),
            Want::Ok(vec![Check::Status(200), Check::Type("cors")]),
        );
        c.note = Some("The XHR runs in a sandboxed iframe (opaque origin, given here as request origin `null`); the test reads `PASS` from the body".into());
        g.add(&mut f, case(name, vec![c]));
        f.partial(1, "the sandboxed iframe is given as request origin `null`");
        out.push(f);
    }
    let sandboxed = |r: Request| {
        let mut c = fc(r.normalized(), Want::Err);
        c.note = Some("The XHR runs in a sandboxed iframe (opaque origin, given here as request origin `null`)".into());
        c
    };
    let mut f = file("xhr/access-control-sandboxed-iframe-denied-without-wildcard.htm");
    let p = format!(
        "{}?pipe=header(Cache-Control,no-store)|header(Content-Type,text/plain)header(Access-Control-Allow-Credentials,true)|header(Access-Control-Allow-Origin,{})",
        xr("pass.txt"),
        PAGE
    );
    g.add(
        &mut f,
        case(
            "Check that path exists and is accessible via CORS XHR request",
            vec![ok_body(
                Request::get(&p, PAGE),
                vec![Check::Status(200), Check::Type("cors")],
            )],
        ),
    );
    g.add(
        &mut f,
        case(
            "Sandboxed iframe is denied CORS access to server that allows parent origin",
            vec![sandboxed(Request::get(&p, "null"))],
        ),
    );
    f.partial(1, "the sandboxed iframe is given as request origin `null`");
    out.push(f);
    let mut f = file("xhr/access-control-sandboxed-iframe-denied.htm");
    let p = format!(
        "{}?pipe=header(Cache-Control,no-store)|header(Content-Type,text/plain)",
        xl("pass.txt")
    );
    g.add(
        &mut f,
        case(
            "Check that path exists and is accessible via local XHR request",
            vec![ok_body(
                Request::get(&p, PAGE),
                vec![Check::Status(200), Check::Type("basic")],
            )],
        ),
    );
    g.add(
        &mut f,
        case(
            "Sandboxed iframe is denied access to path",
            vec![sandboxed(Request::get(&p, "null"))],
        ),
    );
    f.partial(1, "the sandboxed iframe is given as request origin `null`");
    out.push(f);

    let mut f = file("xhr/allow-lists-starting-with-comma.htm");
    let mut c1 = fc(
        Request::get(
            format!(
                "{}?headers=,y-lol,x-print,%20,,,y-print&origin={}",
                xr("access-control-allow-lists.py"),
                PAGE
            ),
            PAGE,
        )
        .headers(&[("x-print", "unicorn"), ("y-print", "narwhal")])
        .reads(&["x-print", "y-print"])
        .normalized(),
        Want::Ok(vec![Check::Preflighted(true)]),
    );
    c1.note = Some(
        "The test reads x-print and y-print back from the JSON body; here `sent` asserts them"
            .into(),
    );
    let c2 = fc(
        Request::get(
            format!(
                "{}?methods=,,PUT,GET&origin={}",
                xr("access-control-allow-lists.py"),
                PAGE
            ),
            PAGE,
        )
        .method("PUT")
        .normalized(),
        Want::Ok(vec![Check::Preflighted(true)]),
    );
    g.add(
        &mut f,
        case(
            "Allow lists starting with a comma should be parsed correctly",
            vec![c1, c2],
        ),
    );
    out.push(f);

    let mut f = file("xhr/cors-upload.any.js");
    let boundary = "----formdata-wpt-boundary";
    let form = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nvalue\r\n--{b}--\r\n",
        b = boundary
    );
    let ct = format!("multipart/form-data; boundary={}", boundary);
    for (name, auth) in [
        ("Cross-Origin POST FormData body but no preflight", false),
        ("Cross-Origin POST with preflight and FormData body", true),
    ] {
        let mut r = Request::get(xr("echo-content-cors.py"), PAGE)
            .method("POST")
            .header("Content-Type", &ct)
            .body(&form);
        if auth {
            r = r
                .header("Authorization", "Bearer access-token")
                .creds("include");
        }
        let mut c = fc(
            r.normalized(),
            Want::Ok(vec![Check::Status(200), Check::Preflighted(auth)]),
        );
        c.note = Some("The FormData body is written as the multipart text a browser sends (its boundary is the browser's choice; here a fixed one) with its `multipart/form-data` Content-Type, which is CORS-safelisted; the test reads the echoed body (not modelled)".into());
        g.add(&mut f, case(name, vec![c]));
    }
    f.partial(2, "the FormData body is written as fixed multipart text");
    out.push(f);

    let auth_title = "XMLHttpRequest: send() - \"Basic\" authenticated CORS requests with user name and password passed to open() (asserts failure)";
    let mut f = file("xhr/send-authentication-basic-cors.htm");
    let mut c = fc(
        Request::get(xr("auth1/corsenabled.py"), PAGE)
            .creds("include")
            .headers(&[("x-user", "user"), ("x-pass", "pass")])
            .normalized(),
        Want::ErrWith(vec![Check::Preflighted(true)]),
    );
    c.note = Some("xhr/resources/auth1/ holds no corsenabled.py: the preflight gets wptserve's 404. The user and password given to open() are not modelled".into());
    g.add(&mut f, case(auth_title, vec![c]));
    f.partial(
        1,
        "the user and password given to XHR open() are not modelled",
    );
    out.push(f);

    let mut f = file("xhr/send-authentication-basic-cors-not-enabled.htm");
    let user = token("send-authentication-basic-cors-not-enabled");
    let mut c = fc(
        Request::get(format!("{}/xhr/resources/auth10/auth.py", REMOTE), PAGE)
            .creds("include")
            .header("x-user", &user)
            .normalized(),
        Want::ErrWith(vec![Check::Preflighted(true)]),
    );
    c.note = Some("auth10/auth.py sends no CORS headers, so the preflight fails. The user and password given to open() are not modelled".into());
    g.add(&mut f, case(auth_title, vec![c]));
    f.partial(
        1,
        "the user and password given to XHR open() are not modelled",
    );
    out.push(f);

    let auth_req = |path: &str, user: &str, creds: bool| {
        let mut r = Request::get(xr(path), PAGE)
            .headers(&[("x-user", user), ("x-pass", "pass")])
            .header(
                "Authorization",
                &format!("Basic {}", b64_encode(&format!("{}:pass", user))),
            );
        if creds {
            r = r.creds("include");
        }
        r.normalized()
    };
    let user = token("send-authentication-cors-basic-setrequestheader");
    let mut c = fc(
        auth_req("auth2/corsenabled.py", &user, true),
        Want::Ok(vec![Check::Status(200), hdr("x-challenge", "DID-NOT")]),
    );
    c.note = Some(NOTE_BODY.into());
    out.push(one(
        g,
        "xhr/send-authentication-cors-basic-setrequestheader.htm",
        "XMLHttpRequest: send() - \"Basic\" authenticated CORS request using setRequestHeader() (expects to succeed)",
        c,
    ));
    let mut f = file("xhr/send-authentication-cors-setrequestheader-no-cred.htm");
    let user = token("setrequestheader-no-cred 7");
    let mut c = fc(
        auth_req("auth7/corsenabled.py", &user, false),
        Want::Ok(vec![Check::Status(200), hdr("x-challenge", "DID-NOT")]),
    );
    c.note = Some(NOTE_BODY.into());
    g.add(
        &mut f,
        case(
            "CORS request with setRequestHeader auth to URL accepting Authorization header",
            vec![c],
        ),
    );
    let user = token("setrequestheader-no-cred 8");
    g.add(
        &mut f,
        case1(
            "CORS request with setRequestHeader auth to URL NOT accepting Authorization header",
            auth_req("auth8/corsenabled-no-authorize.py", &user, false),
            Want::ErrWith(vec![Check::Preflighted(true)]),
        ),
    );
    out.push(f);

    let mut f = file("xhr/send-conditional-cors.htm");
    for (cors, name) in [
        (false, "304 without appropriate CORS header"),
        (true, "304 with appropriate CORS header"),
    ] {
        // The test's identifier is Math.random(); a fixed stand-in here.
        let ident = if cors { "0.25" } else { "0.75" };
        let u = xr(&format!(
            "conditional.py?tag={}{}",
            ident,
            if cors { "&cors=yes" } else { "" }
        ));
        let mut first = ok_body(Request::get(&u, PAGE), vec![Check::Status(200)]);
        first.note = Some("The test's tag is Math.random(); a fixed value here. The test also reads the body (`MAYBE NOT`, not modelled)".into());
        let second = Request::get(&u, PAGE)
            .header("If-None-Match", ident)
            .normalized();
        let c2 = if cors {
            fc(
                second,
                Want::Ok(vec![Check::Status(304), Check::Preflighted(true)]),
            )
        } else {
            fc(second, Want::ErrWith(vec![Check::Preflighted(true)]))
        };
        g.add(&mut f, case(name, vec![first, c2]));
    }
    out.push(f);

    let mut f = file("xhr/send-non-same-origin.htm");
    let title = "XMLHttpRequest: send() - non same-origin";
    for (shown, url) in [
        (
            "mailto:test@example.org",
            "mailto:test@example.org".to_string(),
        ),
        ("tel:+31600000000", "tel:+31600000000".to_string()),
        (REMOTE, REMOTE.to_string()),
        (
            "javascript:alert('FAIL')",
            "javascript:alert('FAIL')".to_string(),
        ),
        ("folder.txt", format!("{}/folder.txt", REMOTE)),
        ("about:blank", "about:blank".to_string()),
        ("blob:bogusidentifier", "blob:bogusidentifier".to_string()),
    ] {
        let mut c = fc(Request::get(url, PAGE).normalized(), Want::Err);
        if shown == "folder.txt" {
            c.note =
                Some("Resolved against the page's `<base href>`, set to the remote origin".into());
        }
        g.add(&mut f, case(format!("{} ({})", title, shown), vec![c]));
    }
    out.push(f);

    let mut f = file("xhr/event-upload-progress-crossorigin.any.js");
    let remote = xr("corsenabled.py");
    let redirect = format!("resources/redirect.py?code=307&location={}", remote);
    for (on_time, what) in [(true, "on time"), (false, "too late")] {
        for url in [&remote, &redirect] {
            let abs = crate::http::join(&format!("{}/xhr/", PAGE), url);
            let label = if on_time { "On time" } else { "Too late" };
            let mut r = Request::get(abs, PAGE)
                .method("POST")
                .body(&format!("{}: {}", label, url));
            if on_time {
                r = r.preflight_flag();
            }
            let mut c = fc(
                r.normalized(),
                Want::Ok(vec![Check::Status(200), Check::Preflighted(on_time)]),
            );
            c.note = Some(if on_time {
                "Upload listeners registered before send() set XHR's use-CORS-preflight flag (`use_cors_preflight`), so even this simple POST is preflighted; the upload events themselves are not modelled".into()
            } else {
                "Upload listeners registered after send() do not set the use-CORS-preflight flag: a simple POST, no preflight; the (absent) upload events are not modelled".into()
            });
            g.add(
                &mut f,
                case(
                    format!("Upload events registered {} ({})", what, url),
                    vec![c],
                ),
            );
        }
    }
    f.partial(4, "category (b): the upload listeners are given as the use-CORS-preflight flag; the events are not modelled");
    out.push(f);

    out.push(send_redirect_to_cors(g));
    out.push(send_redirect_to_non_cors(g));
    out.push(authorization_redirect(g));
    out
}

fn send_redirect_to_cors(g: &mut Gen) -> WptFile {
    let mut f = file("xhr/send-redirect-to-cors.htm");
    let title = "XMLHttpRequest: send() - Redirect to CORS-enabled resource";
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        bool,
    );
    // (code, name, method, body, explicit Content-Type, safelist)
    let rows: Vec<Row> = vec![
        ("301", None, "GET", None, None, false),
        (
            "301",
            Some("301 GET with explicit Content-Type"),
            "GET",
            None,
            Some("application/x-pony"),
            false,
        ),
        (
            "301",
            Some("301 GET with explicit Content-Type safelisted"),
            "GET",
            None,
            Some("application/x-pony"),
            true,
        ),
        (
            "303",
            Some("303 GET with explicit Content-Type safelisted"),
            "GET",
            None,
            Some("application/x-pony"),
            true,
        ),
        ("302", None, "GET", None, None, false),
        ("303", None, "GET", None, None, false),
        (
            "302",
            Some("302 FOO with string and explicit Content-Type safelisted"),
            "FOO",
            Some("test"),
            Some("application/x-pony"),
            true,
        ),
        (
            "303",
            Some("303 FOO with string and explicit Content-Type safelisted"),
            "FOO",
            Some("test"),
            Some("application/x-pony"),
            true,
        ),
        ("307", None, "GET", None, None, false),
        ("307", Some("307 post with null"), "POST", None, None, false),
        (
            "307",
            Some("307 post with string"),
            "POST",
            Some("hello"),
            None,
            false,
        ),
        (
            "301",
            Some("301 POST with string and explicit Content-Type"),
            "POST",
            Some("yoyo"),
            Some("application/x-pony"),
            false,
        ),
        (
            "301",
            Some("301 POST with string and explicit Content-Type safelisted"),
            "POST",
            Some("yoyo"),
            Some("application/x-pony"),
            true,
        ),
        (
            "302",
            Some("302 POST with string and explicit Content-Type"),
            "POST",
            Some("yoyo"),
            Some("application/x-pony"),
            false,
        ),
        (
            "307",
            Some("307 POST with string and explicit Content-Type"),
            "POST",
            Some("yoyo"),
            Some("application/x-pony"),
            false,
        ),
        (
            "307",
            Some("307 FOO with string and explicit Content-Type"),
            "FOO",
            Some("yoyo"),
            Some("application/x-pony"),
            false,
        ),
        (
            "308",
            Some("308 POST with string and explicit Content-Type"),
            "POST",
            Some("yoyo"),
            Some("application/x-pony"),
            false,
        ),
        (
            "308",
            Some("308 FOO with string and explicit Content-Type"),
            "FOO",
            Some("yoyo"),
            Some("application/x-pony"),
            false,
        ),
        (
            "308",
            Some("308 FOO with string and explicit Content-Type text/plain"),
            "FOO",
            Some("yoyo"),
            Some("text/plain"),
            false,
        ),
        (
            "308",
            Some("308 FOO with string and explicit Content-Type multipart/form-data"),
            "FOO",
            Some("yoyo"),
            Some("multipart/form-data"),
            false,
        ),
        (
            "308",
            Some("308 FOO with string and explicit Content-Type safelisted"),
            "FOO",
            Some("yoyo"),
            Some("application/thunderstorm"),
            true,
        ),
        (
            "307",
            Some("307 POST with string and explicit Content-Type safelisted"),
            "POST",
            Some("yoyo"),
            Some("application/thunderstorm"),
            true,
        ),
    ];
    let target = format!("{}/xhr/resources/corsenabled.py", OTHER);
    for (code, name, method, body, explicit, safelist) in rows {
        let name = format!("{} ({})", title, name.unwrap_or(code));
        let (mut exp_body, mut exp_type) = match body {
            None => ("", "NO"),
            Some(b) => (b, "text/plain;charset=UTF-8"),
        };
        if let Some(t) = explicit {
            exp_type = t;
        }
        let mut exp_method = method;
        if ((code == "301" || code == "302") && method == "POST")
            || (code == "303" && method != "GET" && method != "HEAD")
        {
            exp_method = "GET";
            exp_body = "";
            exp_type = "NO";
        }
        let u = format!(
            "{}?location={}{}&code={}",
            xl("redirect.py"),
            enc(&target),
            if safelist {
                "?safelist_content_type"
            } else {
                ""
            },
            code
        );
        let mut r = Request::get(u, PAGE).method(method);
        if let Some(t) = explicit {
            r = r.header("Content-Type", t);
        }
        if let Some(b) = body {
            r = r.body(b);
        }
        let passes = (exp_method == "GET" && exp_type == "NO")
            || explicit != Some("application/x-pony")
            || safelist;
        let want = if passes {
            Want::Ok(vec![
                Check::Status(200),
                hdr("x-request-method", exp_method),
                hdr("x-request-content-type", exp_type),
                hdr("x-request-data", exp_body),
            ])
        } else {
            Want::Err
        };
        g.add(&mut f, case1(name, r.normalized(), want));
    }
    f.skip(
        1,
        "\"307 post with typed array\": a Uint8Array body has no Content-Type, which the format's string body cannot express",
    );
    f
}

fn send_redirect_to_non_cors(g: &mut Gen) -> WptFile {
    let mut f = file("xhr/send-redirect-to-non-cors.htm");
    let title = "XMLHttpRequest: send() - Redirect to cross-origin resource, not CORS-enabled";
    let target = format!("{}/xhr/resources/content.py", OTHER);
    for code in ["301", "302", "303", "307"] {
        let u = format!(
            "{}?location={}&code={}",
            xl("redirect.py"),
            enc(&target),
            code
        );
        g.add(
            &mut f,
            case1(
                format!("{} ({})", title, code),
                Request::get(u, PAGE)
                    .header("Content-Type", "application/x-pony")
                    .normalized(),
                Want::Err,
            ),
        );
    }
    f
}

fn authorization_redirect(g: &mut Gen) -> WptFile {
    let mut f = file("xhr/xhr-authorization-redirect.any.js");
    let value = format!("Basic {}", b64_encode("user:pass"));
    let dump = "/fetch/api/resources/dump-authorization-header.py";
    let rows = [
        (
            "getAuthorizationHeaderValue - no redirection",
            format!("{}{}", PAGE, dump),
            Some(value.clone()),
        ),
        (
            "getAuthorizationHeaderValue - same origin redirection",
            format!(
                "{}/fetch/api/resources/redirect.py?location={}",
                PAGE,
                enc(dump)
            ),
            Some(value.clone()),
        ),
        (
            "getAuthorizationHeaderValue - cross origin redirection",
            format!(
                "{}/fetch/api/resources/redirect.py?allow_headers=Authorization&location={}",
                REMOTE,
                enc(&format!("{}{}", PAGE, dump))
            ),
            None,
        ),
    ];
    for (name, u, exp) in rows {
        let mut c = fc(
            Request::get(u, PAGE)
                .header("Authorization", &value)
                .normalized(),
            Want::Ok(vec![Check::LastSent("authorization".into(), exp)]),
        );
        c.note = Some("The test reads the Authorization value the handler received (or `none`) from the body; here the last exchange's `sent` asserts it".into());
        g.add(&mut f, case(name, vec![c]));
    }
    f
}
