//! `fetch/api/cors/*.any.js`: the tables of calls each test makes.

use crate::http::enc;
use crate::sim::Request;
use crate::*;

pub(crate) fn res(origin: &str) -> String {
    format!("{}/fetch/api/resources/", origin)
}
pub(crate) fn preflight_url(origin: &str) -> String {
    format!("{}preflight.py", res(origin))
}
pub(crate) fn redirect_url(origin: &str) -> String {
    format!("{}redirect.py", res(origin))
}
fn src() -> Src {
    Src::Undici
}

/// `resources/corspreflight.js`'s `corsPreflight()`, whose arguments it mirrors.
#[allow(clippy::too_many_arguments)]
fn cors_preflight(
    g: &mut Gen,
    f: &mut WptFile,
    desc: &str,
    cors_url: &str,
    method: &str,
    allowed: bool,
    headers: Option<&[(&str, &str)]>,
    safe: &[(&str, &str)],
) {
    let t = token(&format!("{}{}", f.path, desc));
    let mut url = format!(
        "{}{}token={}&max_age=0",
        cors_url,
        if cors_url.contains('?') { "&" } else { "?" },
        t
    );
    let mut req = Request::get("", PAGE).method(method);
    if let Some(h) = headers {
        req = req.headers(h);
    }
    req = req.headers(safe);
    if allowed {
        url += &format!("&allow_methods={}&control_request_headers", method);
        if let Some(h) = headers {
            let names: Vec<String> = h.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
            url += &format!("&allow_headers={}", names.join("%20%2C"));
        }
        let mut checks = vec![Check::Status(200), hdr("x-did-preflight", "1")];
        match headers {
            Some(h) => {
                let mut names: Vec<String> =
                    h.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
                names.sort();
                checks.push(hdr("x-control-request-headers", &names.join(",")));
            }
            None => checks.push(no_hdr("x-control-request-headers")),
        }
        req.url = url;
        g.add(f, case1(desc, req.normalized(), Want::Ok(checks)));
    } else {
        req.url = url;
        g.add(f, case1(desc, req.normalized(), Want::Err));
    }
}

pub fn cors_preflight_any(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-preflight.any.js", src());
    let u = preflight_url(REMOTE);
    let ua = format!("{}?checkUserAgentHeaderInPreflight", u);
    for (d, url, m, allowed) in [
        ("CORS [DELETE], server allows", &u, "DELETE", true),
        ("CORS [DELETE], server refuses", &u, "DELETE", false),
        ("CORS [PUT], server allows", &u, "PUT", true),
        (
            "CORS [PUT], server allows, check preflight has user agent",
            &ua,
            "PUT",
            true,
        ),
        ("CORS [PUT], server refuses", &u, "PUT", false),
        ("CORS [PATCH], server allows", &u, "PATCH", true),
        ("CORS [PATCH], server refuses", &u, "PATCH", false),
        ("CORS [patcH], server allows", &u, "patcH", true),
        ("CORS [patcH], server refuses", &u, "patcH", false),
        ("CORS [NEW], server allows", &u, "NEW", true),
        ("CORS [NEW], server refuses", &u, "NEW", false),
        ("CORS [chicken], server allows", &u, "chicken", true),
        ("CORS [chicken], server refuses", &u, "chicken", false),
    ] {
        cors_preflight(g, &mut f, d, url, m, allowed, None, &[]);
    }
    cors_preflight(
        g,
        &mut f,
        "CORS [GET] [x-test-header: allowed], server allows",
        &u,
        "GET",
        true,
        Some(&[("x-test-header1", "allowed")]),
        &[],
    );
    cors_preflight(
        g,
        &mut f,
        "CORS [GET] [x-test-header: refused], server refuses",
        &u,
        "GET",
        false,
        Some(&[("x-test-header1", "refused")]),
        &[],
    );
    let headers: &[(&str, &str)] = &[
        ("x-test-header1", "allowedOrRefused"),
        ("x-test-header2", "allowedOrRefused"),
        ("X-test-header3", "allowedOrRefused"),
        ("x-test-header-b", "allowedOrRefused"),
        ("x-test-header-D", "allowedOrRefused"),
        ("x-test-header-C", "allowedOrRefused"),
        ("x-test-header-a", "allowedOrRefused"),
        ("Content-Type", "allowedOrRefused"),
    ];
    let safe: &[(&str, &str)] = &[
        ("Accept", "*"),
        ("Accept-Language", "bzh"),
        ("Content-Language", "eu"),
    ];
    cors_preflight(
        g,
        &mut f,
        "CORS [GET] [several headers], server allows",
        &u,
        "GET",
        true,
        Some(headers),
        safe,
    );
    cors_preflight(
        g,
        &mut f,
        "CORS [GET] [several headers], server refuses",
        &u,
        "GET",
        false,
        Some(headers),
        safe,
    );
    cors_preflight(
        g,
        &mut f,
        "CORS [PUT] [several headers], server allows",
        &u,
        "PUT",
        true,
        Some(headers),
        safe,
    );
    cors_preflight(
        g,
        &mut f,
        "CORS [PUT] [several headers], server refuses",
        &u,
        "PUT",
        false,
        Some(headers),
        safe,
    );
    cors_preflight(
        g,
        &mut f,
        "CORS [PUT] [only safe headers], server allows",
        &u,
        "PUT",
        true,
        None,
        safe,
    );
    g.add(
        &mut f,
        case1(
            "\"authorization\" should not be covered by the wildcard symbol",
            Request::get(format!("{}?allow_headers=*", u), PAGE)
                .header("authorization", "foobar")
                .normalized(),
            Want::Err,
        ),
    );
    g.add(
        &mut f,
        case1(
            "\"authorization\" should be covered by \"authorization\"",
            Request::get(format!("{}?allow_headers=authorization", u), PAGE)
                .header("authorization", "foobar")
                .normalized(),
            Want::Ok(vec![]),
        ),
    );
    f
}

pub fn not_cors_safelisted(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/cors/cors-preflight-not-cors-safelisted.any.js",
        src(),
    );
    f.skip(
        1,
        "\"Loading data…\" is a harness step (loads resources/not-cors-safelisted.json)",
    );
    let long_accept = "012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678";
    let long_ct = "text/plain; long=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901";
    let table: Vec<(&str, &str)> = vec![
        ("accept", "\""),
        ("accept", long_accept),
        ("accept-language", "\u{0001}"),
        ("accept-language", "@"),
        ("authorization", "basics"),
        ("content-language", "\u{0001}"),
        ("content-language", "@"),
        ("content-type", "text/html"),
        ("content-type", long_ct),
        ("range", "bytes 0-"),
        ("test", "hi"),
    ];
    let u = preflight_url(REMOTE);
    for (n, v) in table {
        cors_preflight(
            g,
            &mut f,
            &format!("Need CORS-preflight for {}/{} header", n, v),
            &u,
            "GET",
            true,
            Some(&[(n, v)]),
            &[],
        );
    }
    f
}

pub fn basic(g: &mut Gen, path: &'static str, keepalive: bool) -> WptFile {
    let mut f = WptFile::new(path, src());
    let pre = if keepalive { "[keepalive] " } else { "" };
    for (desc, origin) in [
        ("Same domain different port", PAGE_P2),
        ("Same domain different protocol different port", PAGE_S),
        ("Cross domain basic usage", REMOTE),
        ("Cross domain different port", REMOTE_P2),
        ("Cross domain different protocol", REMOTE_S),
    ] {
        let url = format!("{}top.txt", res(origin));
        let allow = format!("{}?pipe=header(Access-Control-Allow-Origin,*)", url);
        let mut add = |g: &mut Gen, name: String, req: Request, want: Want| {
            let mut c = fc(req.normalized(), want);
            if keepalive {
                c.note = Some("The WPT request also sets keepalive: true, which the format does not carry; it does not change CORS".into());
            }
            g.add(&mut f, case(name, vec![c]));
        };
        add(
            g,
            format!("{}{} [no-cors mode]", pre, desc),
            Request::get(&allow, PAGE).mode("no-cors"),
            Want::Ok(vec![Check::Status(0), Check::Type("opaque")]),
        );
        let forbid = if keepalive {
            "[cors mode, server forbid CORS]"
        } else {
            "[server forbid CORS]"
        };
        add(
            g,
            format!("{}{} {}", pre, desc, forbid),
            Request::get(&url, PAGE),
            Want::Err,
        );
        add(
            g,
            format!("{}{} [cors mode]", pre, desc),
            Request::get(&allow, PAGE),
            Want::Ok(vec![Check::Status(200), Check::Type("cors")]),
        );
    }
    if keepalive {
        f.skip(40, "fetches sent from an iframe's unload handler, checked through stash-put/stash-take (needs DOM events / unload)");
        f.partial(
            15,
            "keepalive: true is not carried by the format (does not change CORS)",
        );
    }
    f
}

pub fn expose_star(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-expose-star.sub.any.js", src());
    let url = format!("{}top.txt", res(PAGE_P2));
    let shared = "?pipe=header(Access-Control-Expose-Headers,*)|header(Test,X)|header(Set-Cookie,X)|header(*,whoa)|";
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
                Check::Status(200),
                Check::Type("cors"),
                hdr("test", "X"),
                no_hdr("set-cookie"),
                hdr("*", "whoa"),
            ]),
        ),
    );
    g.add(&mut f, case1(
        "* for credentialed fetches only matches literally",
        Request::get(format!("{}{}header(Access-Control-Allow-Origin,{})|header(Access-Control-Allow-Credentials,true)", url, shared, PAGE), PAGE).creds("include").normalized(),
        Want::Ok(vec![Check::Status(200), Check::Type("cors"), hdr("content-type", "text/plain"), no_hdr("test"), no_hdr("set-cookie"), hdr("*", "whoa")]),
    ));
    g.add(&mut f, case1(
        "* can be one of several values",
        Request::get(format!("{}{}header(Access-Control-Allow-Origin,*)|header(Access-Control-Expose-Headers,set-cookie\\,*)", url, shared), PAGE).normalized(),
        Want::Ok(vec![Check::Status(200), Check::Type("cors"), hdr("test", "X"), no_hdr("set-cookie"), hdr("*", "whoa")]),
    ));
    f
}

pub fn filtering(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-filtering.sub.any.js", src());
    let url = format!("{}top.txt", res(PAGE_P2));
    let filter: &[(&str, &str, bool)] = &[
        ("Cache-Control", "no-cache", false),
        ("Content-Language", "fr", false),
        ("Content-Type", "text/html", false),
        ("Expires", "04 May 1988 22:22:22 GMT", false),
        ("Last-Modified", "04 May 1988 22:22:22 GMT", false),
        ("Pragma", "no-cache", false),
        ("Content-Length", "3", false),
        ("Age", "27", true),
        ("Server", "wptServe", true),
        ("Warning", "Mind the gap", true),
        ("Set-Cookie", "name=value; max-age=0", true),
        ("Set-Cookie2", "name=value; max-age=0", true),
    ];
    for (n, v, filtered) in filter {
        let u = format!(
            "{}?pipe=header({},{})|header(Access-Control-Allow-Origin,*)",
            url,
            n,
            enc(v)
        );
        let check = if *filtered { no_hdr(n) } else { hdr(n, v) };
        g.add(
            &mut f,
            case1(
                format!("CORS filter on {} header", n),
                Request::get(u, PAGE).normalized(),
                Want::Ok(vec![Check::Status(200), Check::Type("cors"), check]),
            ),
        );
    }
    let expose: &[(&str, &str, bool, bool)] = &[
        ("Age", "27", false, false),
        ("Server", "wptServe", false, false),
        ("Warning", "Mind the gap", false, false),
        ("Set-Cookie", "name=value; max-age=0", true, false),
        ("Set-Cookie2", "name=value; max-age=0", true, false),
        ("Set-Cookie", "name=value; max-age=0", true, true),
        ("Set-Cookie2", "name=value; max-age=0", true, true),
    ];
    for (n, v, forbidden, creds) in expose {
        let u = format!(
            "{}?pipe=header({},{})|header(Access-Control-Allow-Origin, {})header(Access-Control-Allow-Credentials, true)header(Access-Control-Expose-Headers,{})",
            url, n, enc(v), PAGE, n
        );
        let mut title = format!(
            "CORS filter on {} header, header is {}",
            n,
            if *forbidden { "forbidden" } else { "exposed" }
        );
        if *creds {
            title += "(credentials = include)";
        }
        let check = if *forbidden { no_hdr(n) } else { hdr(n, v) };
        g.add(
            &mut f,
            case1(
                title,
                Request::get(u, PAGE)
                    .creds(if *creds { "include" } else { "omit" })
                    .normalized(),
                Want::Ok(vec![Check::Status(200), Check::Type("cors"), check]),
            ),
        );
    }
    f
}

pub fn multiple_origins(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-multiple-origins.sub.any.js", src());
    let lists: Vec<Vec<&str>> = vec![
        vec!["\"\"", "http://example.com", PAGE],
        vec!["\"\"", "http://example.com", "*"],
        vec!["\"\"", PAGE, PAGE],
        vec!["*", "http://example.com", "*"],
        vec!["*", "http://example.com", PAGE],
        vec!["", "http://example.com", "https://example2.com"],
    ];
    for l in lists {
        let u = format!("{}?origin={}", preflight_url(PAGE_P2), enc(&l.join(", ")));
        g.add(
            &mut f,
            case1(
                format!("Listing multiple origins is illegal: {}", l.join(",")),
                Request::get(u, PAGE).normalized(),
                Want::Err,
            ),
        );
    }
    f
}

pub fn no_preflight(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-no-preflight.any.js", src());
    type Row<'a> = (&'a str, &'a str, &'a str, Option<(&'a str, &'a str)>);
    let t: &[Row] = &[
        ("Cross domain basic usage [GET]", REMOTE, "GET", None),
        ("Same domain different port [GET]", PAGE_P2, "GET", None),
        ("Cross domain different port [GET]", REMOTE_P2, "GET", None),
        (
            "Cross domain different protocol [GET]",
            REMOTE_S,
            "GET",
            None,
        ),
        (
            "Same domain different protocol different port [GET]",
            PAGE_S,
            "GET",
            None,
        ),
        ("Cross domain [POST]", REMOTE, "POST", None),
        ("Cross domain [HEAD]", REMOTE, "HEAD", None),
        (
            "Cross domain [GET] [Accept: */*]",
            REMOTE,
            "GET",
            Some(("Accept", "*/*")),
        ),
        (
            "Cross domain [GET] [Accept-Language: fr]",
            REMOTE,
            "GET",
            Some(("Accept-Language", "fr")),
        ),
        (
            "Cross domain [GET] [Content-Language: fr]",
            REMOTE,
            "GET",
            Some(("Content-Language", "fr")),
        ),
        (
            "Cross domain [GET] [Content-Type: application/x-www-form-urlencoded]",
            REMOTE,
            "GET",
            Some(("Content-Type", "application/x-www-form-urlencoded")),
        ),
        (
            "Cross domain [GET] [Content-Type: multipart/form-data]",
            REMOTE,
            "GET",
            Some(("Content-Type", "multipart/form-data")),
        ),
        (
            "Cross domain [GET] [Content-Type: text/plain]",
            REMOTE,
            "GET",
            Some(("Content-Type", "text/plain")),
        ),
        (
            "Cross domain [GET] [Content-Type: text/plain;charset=utf-8]",
            REMOTE,
            "GET",
            Some(("Content-Type", "text/plain;charset=utf-8")),
        ),
        (
            "Cross domain [GET] [Content-Type: Text/Plain;charset=utf-8]",
            REMOTE,
            "GET",
            Some(("Content-Type", "Text/Plain;charset=utf-8")),
        ),
    ];
    for (desc, base, m, h) in t {
        let u = format!("{}?token={}&max_age=0", preflight_url(base), token(desc));
        let mut r = Request::get(u, PAGE).method(m);
        if let Some((n, v)) = h {
            r = r.header(n, v);
        }
        g.add(
            &mut f,
            case1(
                *desc,
                r.normalized(),
                Want::Ok(vec![Check::Status(200), hdr("x-did-preflight", "0")]),
            ),
        );
    }
    f
}

pub fn origin(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-origin.any.js", src());
    let t: &[(&str, &str, &str, Option<&str>, bool)] = &[
        (
            "Cross domain different subdomain [origin OK]",
            REMOTE,
            "GET",
            Some(PAGE),
            true,
        ),
        (
            "Cross domain different subdomain [origin KO]",
            REMOTE,
            "GET",
            None,
            false,
        ),
        (
            "Same domain different port [origin OK]",
            PAGE_P2,
            "GET",
            Some(PAGE),
            true,
        ),
        (
            "Same domain different port [origin KO]",
            PAGE_P2,
            "GET",
            None,
            false,
        ),
        (
            "Cross domain different port [origin OK]",
            REMOTE_P2,
            "GET",
            Some(PAGE),
            true,
        ),
        (
            "Cross domain different port [origin KO]",
            REMOTE_P2,
            "GET",
            None,
            false,
        ),
        (
            "Cross domain different protocol [origin OK]",
            REMOTE_S,
            "GET",
            Some(PAGE),
            true,
        ),
        (
            "Cross domain different protocol [origin KO]",
            REMOTE_S,
            "GET",
            None,
            false,
        ),
        (
            "Same domain different protocol different port [origin OK]",
            PAGE_S,
            "GET",
            Some(PAGE),
            true,
        ),
        (
            "Same domain different protocol different port [origin KO]",
            PAGE_S,
            "GET",
            None,
            false,
        ),
        (
            "Cross domain [POST] [origin OK]",
            REMOTE,
            "POST",
            Some(PAGE),
            true,
        ),
        (
            "Cross domain [POST] [origin KO]",
            REMOTE,
            "POST",
            None,
            false,
        ),
        (
            "Cross domain [HEAD] [origin OK]",
            REMOTE,
            "HEAD",
            Some(PAGE),
            true,
        ),
        (
            "Cross domain [HEAD] [origin KO]",
            REMOTE,
            "HEAD",
            None,
            false,
        ),
        (
            "CORS preflight [PUT] [origin OK]",
            REMOTE,
            "PUT",
            Some(PAGE),
            true,
        ),
        (
            "CORS preflight [PUT] [origin KO]",
            REMOTE,
            "PUT",
            None,
            false,
        ),
        (
            "Allowed origin: \"\" [origin KO]",
            REMOTE,
            "GET",
            Some(""),
            false,
        ),
    ];
    for (desc, base, m, o, pass) in t {
        let o = o.unwrap_or(base);
        let u = format!(
            "{}?token={}&max_age=0&origin={}&allow_methods={}",
            preflight_url(base),
            token(desc),
            enc(o),
            m
        );
        let want = if *pass {
            Want::Ok(vec![Check::Status(200)])
        } else {
            Want::Err
        };
        g.add(
            &mut f,
            case1(*desc, Request::get(u, PAGE).method(m).normalized(), want),
        );
    }
    f
}

pub fn preflight_referrer(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-preflight-referrer.any.js", src());
    let cu = preflight_url(REMOTE);
    let page_url = format!("{}/fetch/api/cors/cors-preflight-referrer.any.html", PAGE);
    let myref = format!("{}/fetch/api/cors/myreferrer", PAGE);
    let origin_slash = format!("{}/", PAGE);
    let t: Vec<(&str, &str, bool, String)> = vec![
        (
            "Referrer policy: no-referrer",
            "no-referrer",
            false,
            String::new(),
        ),
        (
            "Referrer policy: no-referrer",
            "no-referrer",
            true,
            String::new(),
        ),
        ("Referrer policy: \"\"", "", false, origin_slash.clone()),
        ("Referrer policy: \"\"", "", true, origin_slash.clone()),
        (
            "Referrer policy: no-referrer-when-downgrade",
            "no-referrer-when-downgrade",
            false,
            page_url.clone(),
        ),
        (
            "Referrer policy: no-referrer-when-downgrade",
            "no-referrer-when-downgrade",
            true,
            myref.clone(),
        ),
        (
            "Referrer policy: origin",
            "origin",
            false,
            origin_slash.clone(),
        ),
        (
            "Referrer policy: origin",
            "origin",
            true,
            origin_slash.clone(),
        ),
        (
            "Referrer policy: origin-when-cross-origin",
            "origin-when-cross-origin",
            false,
            origin_slash.clone(),
        ),
        (
            "Referrer policy: origin-when-cross-origin",
            "origin-when-cross-origin",
            true,
            origin_slash.clone(),
        ),
        (
            "Referrer policy: unsafe-url",
            "unsafe-url",
            false,
            page_url.clone(),
        ),
        (
            "Referrer policy: unsafe-url",
            "unsafe-url",
            true,
            myref.clone(),
        ),
    ];
    for (desc, pol, with_ref, expected) in t {
        let name = format!(
            "{} and referrer: {}",
            desc,
            if with_ref { "'myreferrer'" } else { "default" }
        );
        let u = format!(
            "{}?token={}&max_age=0&allow_headers=x-force-preflight",
            cu,
            token(&name)
        );
        let mut r = Request::get(u, PAGE)
            .header("x-force-preflight", "")
            .normalized();
        if !pol.is_empty() {
            r.referrer_policy = Some(pol.to_string());
        }
        if !expected.is_empty() {
            r.ua_referer = Some(expected.clone());
        }
        let mut c = fc(
            r,
            Want::Ok(vec![
                Check::Status(200),
                hdr("x-did-preflight", "1"),
                hdr("x-preflight-referrer", &expected),
                hdr("x-referrer", &expected),
                hdr("x-control-request-headers", ""),
            ]),
        );
        c.note = Some(format!(
            "Referer is not modelled: the handler's x-referrer / x-preflight-referrer echo the Referer a browser sends{} (the engine sends none); the vector checks the preflight and that the answer passes through",
            if with_ref { " for init.referrer 'myreferrer'" } else { "" }
        ));
        g.add(&mut f, case(name, vec![c]));
    }
    f.partial(12, "the Referer header (computed from the referrer policy) is given as the handler's input, not checked in `sent`");
    f
}

pub fn response_validation(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/cors/cors-preflight-response-validation.any.js",
        src(),
    );
    let cu = preflight_url(REMOTE);
    for (desc, ah, am) in [
        (
            "Preflight response with a bad Access-Control-Allow-Headers",
            Some("Bad value"),
            None,
        ),
        (
            "Preflight response with a bad Access-Control-Allow-Methods",
            None,
            Some("Bad value"),
        ),
    ] {
        let mut u = format!(
            "{}?token={}&max_age=0&allow_headers=x-force-preflight",
            cu,
            token(desc)
        );
        if let Some(a) = ah {
            u += &format!(",{}", a);
        }
        if let Some(m) = am {
            u += &format!("&allow_methods={}", m);
        }
        g.add(
            &mut f,
            case(
                desc,
                vec![
                    fc(
                        Request::get(&u, PAGE)
                            .header("x-force-preflight", "")
                            .normalized(),
                        Want::Err,
                    ),
                    fc(
                        Request::get(&u, PAGE).normalized(),
                        Want::Ok(vec![hdr("x-did-preflight", "1")]),
                    ),
                ],
            ),
        );
    }
    f
}

pub fn preflight_star(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-preflight-star.any.js", src());
    let url = preflight_url(REMOTE);
    let mut t = |g: &mut Gen,
                 succeeds: bool,
                 creds: bool,
                 am: &str,
                 ah: &str,
                 m: &str,
                 h: Option<(&str, &str)>| {
        let mut u = format!("{}?", url);
        let mut r = Request::get("", PAGE);
        if creds {
            u += &format!("origin={}&credentials&", PAGE);
            r = r.creds("include");
        }
        r = r.method(m);
        if let Some((n, v)) = h {
            r = r.header(n, v);
        }
        u += &format!("allow_methods={}&allow_headers={}&", am, ah);
        r.url = u;
        let hs = match h {
            Some((n, v)) => format!("{},{}", n, v),
            None => String::new(),
        };
        let name = format!(
            "CORS that {} with credentials: {}; method: {} (allowed: {}); header: {} (allowed: {})",
            if succeeds { "succeeds" } else { "fails" },
            creds,
            m,
            am,
            hs,
            ah
        );
        let want = if succeeds {
            Want::Ok(vec![hdr("x-origin", PAGE)])
        } else {
            Want::Err
        };
        g.add(&mut f, case1(name, r.normalized(), want));
    };
    t(
        g,
        true,
        false,
        "get",
        "x-test",
        "GET",
        Some(("X-Test", "1")),
    );
    t(
        g,
        true,
        false,
        "*",
        "x-test",
        "SUPER",
        Some(("X-Test", "1")),
    );
    t(g, true, false, "*", "*", "OK", Some(("X-Test", "1")));
    t(g, false, true, "*", "*", "OK", Some(("X-Test", "1")));
    t(g, false, true, "*", "", "PUT", None);
    t(g, false, true, "get", "*", "GET", Some(("X-Test", "1")));
    t(g, false, true, "*", "*", "GET", Some(("X-Test", "1")));
    t(g, true, true, "*", "*", "*", Some(("*", "1")));
    for up in ["GET", "HEAD", "POST"] {
        let lo = up.to_lowercase();
        t(g, true, true, up, "*", up, None);
        t(g, true, true, up, "*", &lo, None);
        t(g, true, true, &lo, "*", up, None);
        t(g, true, true, &lo, "*", &lo, None);
    }
    for up in ["DELETE", "PUT"] {
        let lo = up.to_lowercase();
        t(g, true, true, up, "*", up, None);
        t(g, true, true, up, "*", &lo, None);
        t(g, false, true, &lo, "*", up, None);
        t(g, false, true, &lo, "*", &lo, None);
    }
    t(g, true, true, "PATCH", "*", "PATCH", None);
    t(g, false, true, "PATCH", "*", "patch", None);
    t(g, false, true, "patch", "*", "PATCH", None);
    t(g, true, true, "patch", "*", "patch", None);
    t(
        g,
        false,
        false,
        "*",
        "*",
        "POST",
        Some(("Authorization", "123")),
    );
    t(
        g,
        true,
        false,
        "*",
        "*, Authorization",
        "POST",
        Some(("Authorization", "123")),
    );
    f
}

pub fn preflight_status(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-preflight-status.any.js", src());
    let cu = preflight_url(REMOTE);
    for s in [
        200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401,
        402, 403, 404, 405, 501, 502, 503, 504, 505,
    ] {
        let desc = format!("Preflight answered with status {}", s);
        let u = format!(
            "{}?token={}&max_age=0&allow_headers=x-force-preflight&preflight_status={}",
            cu,
            token(&desc),
            s
        );
        let want = if (200..=299).contains(&s) {
            Want::Ok(vec![Check::Status(200), hdr("x-did-preflight", "1")])
        } else {
            Want::Err
        };
        g.add(
            &mut f,
            case1(
                desc,
                Request::get(u, PAGE)
                    .header("x-force-preflight", "")
                    .normalized(),
                want,
            ),
        );
    }
    f
}

pub fn redirect(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-redirect.any.js", src());
    for code in [301, 302, 303, 307, 308] {
        for (what, from, to, exp) in [
            ("cors to same cors", REMOTE, REMOTE, PAGE),
            ("cors to another cors", REMOTE, PAGE_P2, "null"),
            ("same origin to cors", PAGE, REMOTE, PAGE),
            ("cors to same origin", REMOTE, PAGE, "null"),
        ] {
            let desc = format!("Redirect {}: {}", code, what);
            let u = format!(
                "{}?token={}&max_age=0&redirect_status={}&location={}",
                redirect_url(from),
                token(&desc),
                code,
                enc(&preflight_url(to))
            );
            g.add(
                &mut f,
                case1(
                    desc,
                    Request::get(u, PAGE).normalized(),
                    Want::Ok(vec![
                        Check::Status(200),
                        hdr("x-did-preflight", "0"),
                        hdr("x-origin", exp),
                    ]),
                ),
            );
        }
    }
    f
}

pub fn redirect_credentials(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-redirect-credentials.any.js", src());
    let (lr, rr) = (redirect_url(PAGE), redirect_url(PAGE_P2));
    let (ll, rl, rl2) = (
        preflight_url(PAGE),
        preflight_url(PAGE_P2),
        preflight_url(REMOTE),
    );
    for code in [301, 302, 303, 307, 308] {
        let rows: Vec<(String, &String, &String, &str)> = vec![
            (
                "from same origin to remote without user and password".into(),
                &lr,
                &rl,
                "",
            ),
            (
                "from same origin to remote with user and password".into(),
                &lr,
                &rl,
                "user:password",
            ),
            (
                "from same origin to remote with user".into(),
                &lr,
                &rl,
                "user:",
            ),
            (
                "from same origin to remote with password".into(),
                &lr,
                &rl,
                ":password",
            ),
            (
                "from remote to same origin with user and password".into(),
                &rr,
                &ll,
                "user:password",
            ),
            (
                "from remote to same origin with user".into(),
                &rr,
                &ll,
                "user:",
            ),
            (
                "from remote to same origin with password".into(),
                &rr,
                &ll,
                ":password",
            ),
            (
                "from remote to same remote with user and password".into(),
                &rr,
                &rl,
                "user:password",
            ),
            (
                "from remote to same remote with user".into(),
                &rr,
                &rl,
                "user:",
            ),
            (
                "from remote to same remote with password".into(),
                &rr,
                &rl,
                ":password",
            ),
            (
                "from remote to another remote with user and password".into(),
                &rr,
                &rl2,
                "user:password",
            ),
            (
                "from remote to another remote with user".into(),
                &rr,
                &rl2,
                "user:",
            ),
            (
                "from remote to another remote with password".into(),
                &rr,
                &rl2,
                ":password",
            ),
        ];
        for (what, from, to, cred) in rows {
            let desc = format!("Redirect {} {}", code, what);
            let loc = to.replacen("://", &format!("://{}@", cred), 1);
            let u = format!("{}?redirect_status={}&location={}", from, code, loc);
            let want = if cred.is_empty() {
                Want::Ok(vec![])
            } else {
                Want::Err
            };
            g.add(
                &mut f,
                case1(desc, Request::get(u, PAGE).normalized(), want),
            );
        }
    }
    f
}

pub fn redirect_preflight(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/cors/cors-redirect-preflight.any.js", src());
    for code in [301, 302, 303, 307, 308] {
        for (what, from, to) in [
            ("same origin to cors", PAGE, REMOTE),
            ("cors to same origin", REMOTE, PAGE),
            ("cors to another cors", REMOTE, PAGE_P2),
        ] {
            let desc = format!("Redirect {}: {}", code, what);
            let loc = preflight_url(to);
            let n1 = format!("{} (preflight after redirection success case)", desc);
            let u1 = format!(
                "{}?token={}&max_age=0&redirect_status={}&allow_headers=x-w3c&location={}",
                redirect_url(from),
                token(&n1),
                code,
                enc(&format!("{}?allow_headers=x-w3c", loc))
            );
            g.add(
                &mut f,
                case1(
                    n1,
                    Request::get(u1, PAGE).header("x-w3c", "test").normalized(),
                    Want::Ok(vec![Check::Status(200), hdr("x-did-preflight", "1")]),
                ),
            );
            let n2 = format!("{} (preflight after redirection failure case)", desc);
            let u2 = format!(
                "{}?token={}&max_age=0&redirect_status={}&location={}",
                redirect_url(from),
                token(&n2),
                code,
                enc(&loc)
            );
            g.add(
                &mut f,
                case1(
                    n2,
                    Request::get(u2, PAGE).header("x-w3c", "test").normalized(),
                    Want::Err,
                ),
            );
        }
    }
    f
}

pub fn skipped(g: &mut Gen) -> Vec<WptFile> {
    let mut v = vec![];
    let mut f = WptFile::new("fetch/api/cors/cors-cookies.any.js", src());
    f.skip(
        6,
        "category (b): whether a cookie set by an earlier response is sent needs a cookie jar",
    );
    v.push(f);
    let top = format!("{}top.txt", res(PAGE));
    for (p, what) in [
        ("fetch/api/cors/data-url-iframe.html", "a data: URL iframe"),
        (
            "fetch/api/cors/data-url-worker.html",
            "a data: URL dedicated worker",
        ),
        (
            "fetch/api/cors/data-url-shared-worker.html",
            "a data: URL shared worker",
        ),
    ] {
        let mut f = WptFile::new(p, src());
        let note = format!(
            "Fetched from {} (opaque origin, given here as request origin `null`)",
            what
        );
        let mut c1 = fc(Request::get(&top, "null").normalized(), Want::Err);
        c1.note = Some(note.clone());
        g.add(
            &mut f,
            case(
                "fetching \"top.txt\" without ACAO should be rejected.",
                vec![c1],
            ),
        );
        let mut c2 = fc(
            Request::get(
                format!("{}?pipe=header(Access-Control-Allow-Origin, null)", top),
                "null",
            )
            .normalized(),
            Want::Ok(vec![]),
        );
        c2.note = Some(note);
        g.add(
            &mut f,
            case(
                "fetching \"top.txt\" with CORS allowing null origin should be allowed.",
                vec![c2],
            ),
        );
        f.skip(1, "fetching a data: URL is a scheme fetch, not CORS");
        f.partial(
            2,
            &format!("category (b): {} is given as request origin `null`", what),
        );
        v.push(f);
    }
    let mut f = WptFile::new("fetch/api/cors/cors-cookies-redirect.any.js", src());
    f.skip(
        4,
        "category (b): set/clean cookie steps and x-request-cookie checks need a cookie jar",
    );
    v.push(f);
    let mut f = WptFile::new("fetch/api/cors/sandboxed-iframe.html", src());
    let mut c1 = fc(Request::get(&top, "null").normalized(), Want::Err);
    c1.note = Some("From resources/sandboxed-iframe.html in a sandboxed iframe (opaque origin, given here as request origin `null`): fetching top.txt without ACAO must be rejected".into());
    let mut c2 = fc(
        Request::get(
            format!(
                "{}?pipe=header(access-control-allow-origin,null)|header(cache-control,no-store)",
                top
            ),
            "null",
        )
        .normalized(),
        Want::Ok(vec![]),
    );
    c2.note = Some("... and with `Access-Control-Allow-Origin: null` it must load; the iframe then posts `PASS`".into());
    g.add(&mut f, case("CORS with sandboxed iframe", vec![c1, c2]));
    f.partial(
        1,
        "category (b): the sandboxed iframe is given as request origin `null`",
    );
    v.push(f);
    v
}
