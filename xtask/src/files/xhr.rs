//! `xhr/*`: XHR calls written as the fetch they become (mode "cors",
//! credentials "same-origin", or "include" with `withCredentials`).

use crate::sim::Request;
use crate::*;

const NOTE_BODY: &str = "The test also reads the response body (not modelled)";

pub fn and_redirects_same_origin(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "xhr/access-control-and-redirects-async-same-origin.any.js",
        Src::Undici,
    );
    let rows = [
        ("/xhr/resources/access-control-basic-allow-star.py", false, true, "Request without credentials is redirected to a cross-origin response with Access-Control-Allow-Origin=* (with star)"),
        ("/xhr/resources/access-control-basic-allow-star.py", true, false, "Request with credentials is redirected to a cross-origin response with Access-Control-Allow-Origin=* (with star)"),
        ("/xhr/resources/access-control-basic-allow.py", false, true, "Request without credentials is redirected to a cross-origin response with a specific Access-Control-Allow-Origin"),
        ("/xhr/resources/access-control-basic-allow.py", true, true, "Request with credentials is redirected to a cross-origin response with a specific Access-Control-Allow-Origin"),
        ("/xhr/resources/access-control-basic-allow-no-credentials.py", false, true, "Request without credentials is redirected to a cross-origin response with a specific Access-Control-Allow-Origin (no credentials)"),
        ("/xhr/resources/access-control-basic-allow-no-credentials.py", true, false, "Request with credentials is redirected to a cross-origin response with a specific Access-Control-Allow-Origin (no credentials)"),
    ];
    for (path, creds, ok, name) in rows {
        let u = format!(
            "{}/xhr/resources/redirect.py?location={}{}",
            PAGE, REMOTE, path
        );
        let r = Request::get(u, PAGE)
            .creds(if creds { "include" } else { "same-origin" })
            .normalized();
        let mut c = fc(r, if ok { Want::Ok(vec![]) } else { Want::Err });
        if ok {
            c.note = Some(NOTE_BODY.into());
        }
        g.add(&mut f, case(name, vec![c]));
    }
    f
}

pub fn and_redirects(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("xhr/access-control-and-redirects.any.js", Src::Undici);
    let allow = "/xhr/resources/access-control-basic-allow.py";
    let local = format!(
        "{}/xhr/resources/redirect-cors.py?location={}{}",
        PAGE, REMOTE, allow
    );
    let r2l = format!(
        "{}/xhr/resources/redirect-cors.py?location={}{}&allow_origin=true",
        REMOTE, PAGE, allow
    );
    let r2r = format!(
        "{}/xhr/resources/redirect-cors.py?location={}{}&allow_origin=true",
        REMOTE, REMOTE, allow
    );
    for (name, u) in [
        ("Local sync redirect to remote origin", &local),
        ("Local async redirect to remote origin", &local),
        ("Remote sync redirect to local origin", &r2l),
        ("Remote async redirect to local origin", &r2l),
        ("Remote sync redirect to same remote origin", &r2r),
        ("Remote async redirect to same remote origin", &r2r),
    ] {
        let mut c = fc(Request::get(u, PAGE).normalized(), Want::Ok(vec![]));
        c.note = Some(NOTE_BODY.into());
        g.add(&mut f, case(name, vec![c]));
    }
    f
}

pub fn and_redirects_async(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("xhr/access-control-and-redirects-async.any.js", Src::Undici);
    let star = format!(
        "{}/xhr/resources/access-control-basic-allow-star.py",
        REMOTE
    );
    let star_ui = star.replace("http://", "http://username:password@");
    let pass = format!("{}/xhr/resources/pass.txt", PAGE);
    let rows: Vec<(&str, &str, &str, bool, bool, bool)> = vec![
        ("Request is redirected without CORS headers to a response with Access-Control-Allow-Origin=*", &star, "", false, false, false),
        ("Request is redirected to a response with Access-Control-Allow-Origin=*", &star, "allow_origin=true", false, false, true),
        ("Request with user info is redirected to a response with Access-Control-Allow-Origin=*", &star_ui, "allow_origin=true", false, false, false),
        ("Request is redirect to a bad URL", "foo://bar.cgi", "allow_origin=true", false, false, false),
        ("Preflighted request is redirected to a response with Access-Control-Allow-Origin=*", &star, "allow_origin=true&redirect_preflight=true", true, false, false),
        ("Preflighted request is redirected to a response with Access-Control-Allow-Origin=* and header allowed", &star, "allow_origin=true&allow_header=x-test&redirect_preflight=true", true, false, false),
        ("Request is redirected to a same-origin resource file", &pass, "", true, true, true),
    ];
    for (name, dest, params, custom, local, ok) in rows {
        let u = format!(
            "{}/xhr/resources/redirect-cors.py?location={}&{}",
            if local { PAGE } else { REMOTE },
            dest,
            params
        );
        let mut r = Request::get(u, PAGE);
        if custom {
            r = r.header("x-test", "test");
        }
        let mut c = fc(
            r.normalized(),
            if ok { Want::Ok(vec![]) } else { Want::Err },
        );
        if ok {
            c.note = Some(NOTE_BODY.into());
        }
        g.add(&mut f, case(name, vec![c]));
    }
    f
}

pub fn singles(g: &mut Gen) -> Vec<WptFile> {
    let mut out = vec![];
    let allow = format!("{}/xhr/resources/access-control-basic-allow.py", REMOTE);
    let star = format!(
        "{}/xhr/resources/access-control-basic-allow-star.py",
        REMOTE
    );
    for (path, name, u) in [
        (
            "xhr/access-control-basic-allow.any.js",
            "Allow basic",
            &allow,
        ),
        (
            "xhr/access-control-basic-allow-async.any.js",
            "Basic async cross-origin XHR request",
            &allow,
        ),
        (
            "xhr/access-control-basic-allow-star.any.js",
            "Allow star",
            &star,
        ),
    ] {
        let mut f = WptFile::new(path, Src::Undici);
        let mut c = fc(Request::get(u, PAGE).normalized(), Want::Ok(vec![]));
        c.note = Some(NOTE_BODY.into());
        g.add(&mut f, case(name, vec![c]));
        out.push(f);
    }
    let mut f = WptFile::new(
        "xhr/access-control-basic-allow-non-cors-safelisted-method.any.js",
        Src::Undici,
    );
    let r = Request::get(
        format!("{}/xhr/resources/access-control-basic-put-allow.py", REMOTE),
        PAGE,
    )
    .method("PUT")
    .header("Content-Type", "text/plain; charset=UTF-8")
    .body("PASS: PUT data received")
    .normalized();
    let mut c = fc(r, Want::Ok(vec![Check::Status(200)]));
    c.note = Some(NOTE_BODY.into());
    g.add(&mut f, case("Allow PUT request", vec![c]));
    out.push(f);

    let mut f = WptFile::new("xhr/access-control-basic-denied.htm", Src::Undici);
    let p = "/xhr/resources/access-control-basic-denied.py";
    g.add(
        &mut f,
        case1(
            "Same-origin request accepted",
            Request::get(format!("{}{}", PAGE, p), PAGE).normalized(),
            Want::Ok(vec![Check::Status(200), Check::Type("basic")]),
        ),
    );
    g.add(
        &mut f,
        case1(
            "Cross-origin request denied",
            Request::get(format!("{}{}", REMOTE, p), PAGE).normalized(),
            Want::Err,
        ),
    );
    out.push(f);

    let mut f = WptFile::new(
        "xhr/access-control-basic-get-fail-non-simple.htm",
        Src::Undici,
    );
    let r = Request::get(
        format!(
            "{}/xhr/resources/access-control-basic-options-not-supported.py",
            REMOTE
        ),
        PAGE,
    )
    .header("x-test", "foobar")
    .normalized();
    g.add(
        &mut f,
        case1(
            "Preflighted cross-origin request denied",
            r,
            Want::ErrWith(vec![Check::Preflighted(true)]),
        ),
    );
    out.push(f);

    let mut f = WptFile::new("xhr/access-control-basic-preflight-denied.htm", Src::Undici);
    let r = Request::get(
        format!("{}/xhr/resources/access-control-basic-denied.py", REMOTE),
        PAGE,
    )
    .method("FOO")
    .normalized();
    g.add(
        &mut f,
        case1(
            "Tests async XHR preflight denial due to lack of CORS headers",
            r,
            Want::ErrWith(vec![Check::Preflighted(true)]),
        ),
    );
    out.push(f);

    let mut f = WptFile::new("xhr/cors-expose-star.sub.any.js", Src::Undici);
    let url = format!("{}/xhr/resources/top.txt", PAGE_P2);
    let shared = "?pipe=header(Access-Control-Expose-Headers,*)|header(Test,X)|header(*,whoa)|";
    g.add(
        &mut f,
        case1(
            "Basic Access-Control-Expose-Headers: * support",
            Request::get(
                format!("{}{}header(Access-Control-Allow-Origin,*)", url, shared),
                PAGE,
            )
            .normalized(),
            Want::Ok(vec![
                hdr("test", "X"),
                no_hdr("set-cookie"),
                hdr("*", "whoa"),
            ]),
        ),
    );
    g.add(&mut f, case1(
        "* for credentialed fetches only matches literally",
        Request::get(format!("{}{}header(Access-Control-Allow-Origin,{})|header(Access-Control-Allow-Credentials,true)", url, shared, PAGE), PAGE).creds("include").normalized(),
        Want::Ok(vec![hdr("content-type", "text/plain"), no_hdr("test"), no_hdr("set-cookie"), hdr("*", "whoa")]),
    ));
    g.add(&mut f, case1(
        "* can be one of several values",
        Request::get(format!("{}{}header(Access-Control-Allow-Origin,*)|header(Access-Control-Expose-Headers,set-cookie\\,*)", url, shared), PAGE).normalized(),
        Want::Ok(vec![hdr("test", "X"), no_hdr("set-cookie"), hdr("*", "whoa")]),
    ));
    out.push(f);
    out
}
