//! More `xhr/resources/*` handlers (nodejs/undici@2f6cc66 test/fixtures/wpt),
//! transcribed. A handler that sets `response.content` gets a
//! `Content-Length` from wptserve; one that leaves the content unset gets
//! none. Handlers that stash state use the stash namespace of their own path
//! (wptserve's default).

use crate::http::*;
use crate::server::{finish, py, RespHeaders, Stashed, Wpt};
use crate::sim::{HReq, HResp};

pub fn dispatch(s: &mut Wpt, req: &HReq, path: &str) -> Option<HResp> {
    Some(match path {
        "/xhr/resources/access-control-origin-header.py" => origin_header(req),
        "/xhr/resources/reset-token.py" => reset_token(s, req),
        "/xhr/resources/access-control-basic-preflight-cache.py" => preflight_cache(s, req),
        "/xhr/resources/access-control-basic-preflight-cache-invalidation.py" => {
            cache_invalidation(s, req)
        }
        "/xhr/resources/access-control-basic-preflight-cache-timeout.py" => cache_timeout(s, req),
        "/xhr/resources/access-control-basic-cors-safelisted-request-headers.py" => {
            safelisted_request_headers(req)
        }
        "/xhr/resources/access-control-basic-cors-safelisted-response-headers.py" => {
            safelisted_response_headers()
        }
        "/xhr/resources/access-control-preflight-denied.py" => preflight_denied(s, req),
        "/xhr/resources/access-control-auth-basic.py" => auth_basic(req),
        "/xhr/resources/no-custom-header-on-preflight.py" => no_custom_header(s, req),
        "/xhr/resources/access-control-preflight-request-allow-headers-returns-star.py" => {
            allow_headers_star(req)
        }
        "/xhr/resources/access-control-preflight-request-header-lowercase.py" => {
            header_lowercase(req)
        }
        "/xhr/resources/access-control-preflight-request-header-returns-origin.py" => {
            header_returns_origin(req)
        }
        "/xhr/resources/access-control-preflight-request-header-sorted.py" => header_sorted(req),
        "/xhr/resources/access-control-preflight-request-headers-origin.py" => headers_origin(req),
        "/xhr/resources/access-control-preflight-request-invalid-status.py" => invalid_status(req),
        "/xhr/resources/access-control-allow-with-body.py" => allow_with_body(),
        "/xhr/resources/access-control-allow-lists.py" => allow_lists(req),
        "/xhr/resources/echo-content-cors.py" => echo_content_cors(req),
        "/xhr/resources/corsenabled.py" => corsenabled(req),
        "/xhr/resources/content.py" => content(req),
        "/xhr/resources/conditional.py" => conditional(req),
        "/xhr/resources/auth2/corsenabled.py" | "/xhr/resources/auth7/corsenabled.py" => {
            auth_corsenabled(s, req, "authorization, x-user, x-pass")
        }
        "/xhr/resources/auth8/corsenabled-no-authorize.py" => {
            auth_corsenabled(s, req, "x-user, x-pass")
        }
        "/xhr/resources/auth10/auth.py" => authentication(
            s,
            req,
            RespHeaders::default(),
            "/xhr/resources/auth10/auth.py",
        ),
        _ => return None,
    })
}

/// `request.headers.get(b"origin")` written with `response.headers.set`:
/// wptserve writes an empty value when the header is absent.
fn origin_or_empty(req: &HReq) -> String {
    req.header("origin").unwrap_or_default()
}

fn take_state(s: &mut Wpt, path: &str, token: &Option<String>) -> String {
    let k = (path.to_string(), token.clone().unwrap_or_default());
    match s.stash.remove(&k).and_then(|d| d.get("state")) {
        Some(v) if !v.is_empty() => v,
        _ => "Uninitialized".into(),
    }
}

fn put_state(s: &mut Wpt, path: &str, token: &Option<String>, state: &str) {
    let mut d = Stashed::default();
    d.set("state", Some(state.to_string()));
    s.stash
        .insert((path.to_string(), token.clone().unwrap_or_default()), d);
}

/// `access-control-origin-header.py`: the body echoes the received Origin.
fn origin_header(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Content-Type", "text/plain");
    rh.set("Cache-Control", "no-cache, no-store");
    rh.set("Access-Control-Allow-External", "true");
    rh.set("Access-Control-Allow-Origin", "*");
    let body = format!(
        "PASS: Cross-domain access allowed.\nHTTP_ORIGIN: {}",
        req.header("origin").unwrap_or_default()
    );
    finish(200, rh, Some(&body))
}

/// `reset-token.py` (its stash namespace is its own path).
fn reset_token(s: &mut Wpt, req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    let t = q_first(&req.query(), "token");
    put_state(s, "/xhr/resources/reset-token.py", &t, "");
    finish(200, rh, Some("PASS"))
}

/// What the stash-driven preflight-cache handlers start with: the origin
/// echoed with credentials allowed, the `token`, and the state stored under
/// it (taken, as the handlers' `stash.take` does).
fn credentialed_state(
    s: &mut Wpt,
    path: &str,
    req: &HReq,
) -> (RespHeaders, Option<String>, String) {
    let mut rh = RespHeaders::default();
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    rh.set("Access-Control-Allow-Credentials", "true");
    let t = q_first(&req.query(), "token");
    let state = take_state(s, path, &t);
    (rh, t, state)
}

fn fail(method: &str, msg: &str) -> String {
    format!("FAIL {}: {}", method, msg)
}

/// `access-control-basic-preflight-cache.py`
fn preflight_cache(s: &mut Wpt, req: &HReq) -> HResp {
    const P: &str = "/xhr/resources/access-control-basic-preflight-cache.py";
    let (mut rh, t, state) = credentialed_state(s, P, req);
    let m = req.method.as_str();
    let (status, body): (u16, Option<String>) = match (state.as_str(), m) {
        ("Uninitialized", "OPTIONS") => {
            rh.set("Access-Control-Allow-Methods", "PUT");
            rh.set("Access-Control-Max-Age", "10");
            put_state(s, P, &t, "OPTIONSSent");
            (200, None)
        }
        ("OPTIONSSent", "PUT") => {
            put_state(s, P, &t, "FirstPUTSent");
            (200, Some("PASS: First PUT request.".into()))
        }
        ("FirstPUTSent", "PUT") => (
            200,
            Some("PASS: Second PUT request. Preflight worked.".into()),
        ),
        ("FirstPUTSent", "OPTIONS") => {
            rh.set("Access-Control-Allow-Methods", "PUT");
            put_state(s, P, &t, "FAILSecondOPTIONSSent");
            (200, None)
        }
        ("FAILSecondOPTIONSSent", "PUT") => (
            400,
            Some(fail(
                m,
                "Second OPTIONS request was sent. Preflight failed.",
            )),
        ),
        (st, _) => (400, Some(fail(m, st))),
    };
    finish(status, rh, body.as_deref())
}

/// `access-control-basic-preflight-cache-invalidation.py` (its `fail()`
/// sets only the body: the status stays 200).
fn cache_invalidation(s: &mut Wpt, req: &HReq) -> HResp {
    const P: &str = "/xhr/resources/access-control-basic-preflight-cache-invalidation.py";
    let (mut rh, t, state) = credentialed_state(s, P, req);
    let m = req.method.as_str();
    let body: Option<String> = match (state.as_str(), m) {
        ("Uninitialized", "OPTIONS") => {
            rh.set("Access-Control-Allow-Methods", "PUT");
            rh.set("Access-Control-Max-Age", "10");
            put_state(s, P, &t, "OPTIONSSent");
            None
        }
        ("OPTIONSSent", "PUT") => {
            put_state(s, P, &t, "FirstPUTSent");
            Some("PASS: First PUT request.".into())
        }
        ("FirstPUTSent", "OPTIONS") => {
            rh.set("Access-Control-Allow-Methods", "PUT, XMETHOD");
            rh.set("Access-Control-Allow-Headers", "x-test");
            put_state(s, P, &t, "SecondOPTIONSSent");
            None
        }
        ("FirstPUTSent", "PUT") => Some(fail(m, "Second PUT request sent without preflight")),
        ("SecondOPTIONSSent", "PUT") | ("SecondOPTIONSSent", "XMETHOD") => {
            Some("PASS: Second OPTIONS request was sent.".into())
        }
        (st, _) => Some(fail(m, st)),
    };
    finish(200, rh, body.as_deref())
}

/// `access-control-basic-preflight-cache-timeout.py`
fn cache_timeout(s: &mut Wpt, req: &HReq) -> HResp {
    const P: &str = "/xhr/resources/access-control-basic-preflight-cache-timeout.py";
    let (mut rh, t, state) = credentialed_state(s, P, req);
    let m = req.method.as_str();
    let body: Option<String> = match (state.as_str(), m) {
        ("Uninitialized", "OPTIONS") => {
            rh.set("Access-Control-Allow-Methods", "PUT");
            rh.set("Access-Control-Allow-Headers", "x-test");
            rh.set("Access-Control-Max-Age", "1");
            put_state(s, P, &t, "OPTIONSSent");
            None
        }
        ("OPTIONSSent", "PUT") => {
            put_state(s, P, &t, "FirstPUTSent");
            Some("PASS: First PUT request.".into())
        }
        ("FirstPUTSent", "OPTIONS") => {
            rh.set("Access-Control-Allow-Methods", "PUT");
            rh.set("Access-Control-Allow-Headers", "x-test");
            put_state(s, P, &t, "SecondOPTIONSSent");
            None
        }
        ("FirstPUTSent", "PUT") => Some(fail(m, "Second PUT request sent without preflight")),
        ("SecondOPTIONSSent", "PUT") => Some("PASS: Second OPTIONS request was sent.".into()),
        (st, _) => Some(fail(m, st)),
    };
    finish(200, rh, body.as_deref())
}

/// `access-control-basic-cors-safelisted-request-headers.py`
fn safelisted_request_headers(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Cache-Control", "no-store");
    if req.method != "POST" {
        return finish(400, rh, None);
    }
    rh.set("Access-Control-Allow-Credentials", "true");
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    let mut body = String::new();
    for h in [
        "Accept",
        "Accept-Language",
        "Content-Language",
        "Content-Type",
    ] {
        let v = req.header(h).unwrap_or_else(|| "<None>".into());
        body.push_str(&format!("{}: {}\n", h, v));
    }
    finish(200, rh, Some(&body))
}

/// `access-control-basic-cors-safelisted-response-headers.py`
fn safelisted_response_headers() -> HResp {
    let mut rh = RespHeaders::default();
    for (n, v) in [
        ("content-type", "text/plain"),
        ("cache-control", "no cache"),
        ("content-language", "en"),
        ("expires", "Fri, 30 Oct 1998 14:19:41 GMT"),
        ("last-modified", "Tue, 15 Nov 1994 12:45:26 GMT"),
        ("pragma", "no-cache"),
        ("x-test", "foobar"),
        ("Access-Control-Allow-Origin", "*"),
    ] {
        rh.set(n, v);
    }
    finish(200, rh, Some("PASS: Cross-domain access allowed."))
}

/// `access-control-preflight-denied.py`
fn preflight_denied(s: &mut Wpt, req: &HReq) -> HResp {
    const P: &str = "/xhr/resources/access-control-preflight-denied.py";
    let mut rh = RespHeaders::default();
    rh.set("Cache-Control", "no-store");
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    rh.set("Access-Control-Max-Age", "1");
    let q = req.query();
    let t = q_first(&q, "token");
    let state = take_state(s, P, &t);
    let command = q_first(&q, "command");
    let m = req.method.as_str();
    let failing = |msg: &str| (400, Some(format!("FAIL: {}", msg)));
    let (status, body): (u16, Option<String>) = if command.as_deref() == Some("reset") {
        if m == "GET" {
            put_state(s, P, &t, "");
            (200, Some("Server state reset".into()))
        } else {
            failing("Invalid Method.")
        }
    } else if state == "Uninitialized" {
        if m == "OPTIONS" {
            put_state(s, P, &t, "Denied");
            (200, Some("This request should not be displayed.".into()))
        } else {
            failing(&state)
        }
    } else if state == "Denied" {
        if m == "GET" && command.as_deref() == Some("complete") {
            put_state(s, P, &t, "");
            (200, Some("Request successfully blocked.".into()))
        } else {
            put_state(s, P, &t, "Deny Ignored");
            failing("The request was not denied.")
        }
    } else if state == "Deny Ignored" {
        put_state(s, P, &t, "");
        failing(&state)
    } else {
        put_state(s, P, &t, "");
        failing("Unknown Error.")
    };
    finish(status, rh, body.as_deref())
}

/// The user name and password of a `Basic` Authorization value, as
/// wptserve's `request.auth` reads them.
fn basic_auth(req: &HReq) -> Option<(String, String)> {
    let v = req.header("Authorization")?;
    let (scheme, rest) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let dec = b64_decode(rest.trim())?;
    let (u, p) = dec.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

/// `access-control-auth-basic.py`
fn auth_basic(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Cache-Control", "no-store");
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    rh.set("Access-Control-Allow-Credentials", "true");
    let uid = q_first(&req.query(), "uid");
    if req.method == "OPTIONS" {
        rh.set("Access-Control-Allow-Methods", "PUT");
        return finish(200, rh, None);
    }
    match basic_auth(req) {
        Some((u, p)) if Some(&u) == uid.as_ref() && !u.is_empty() => {
            let body = format!("User: {}, Password: {}", u, p);
            finish(200, rh, Some(&body))
        }
        _ => {
            rh.set("WWW-Authenticate", "Basic realm='Test Realm/Cross Origin'");
            finish(401, rh, Some("Authentication cancelled"))
        }
    }
}

/// `no-custom-header-on-preflight.py`
fn no_custom_header(s: &mut Wpt, req: &HReq) -> HResp {
    const P: &str = "/xhr/resources/no-custom-header-on-preflight.py";
    let mut rh = RespHeaders::default();
    rh.set("Access-Control-Allow-Origin", "*");
    rh.set("Access-Control-Allow-Headers", "x-test");
    rh.set("Access-Control-Max-Age", "0");
    let t = q_first(&req.query(), "token");
    let has_x_test = req.header("x-test").is_some_and(|v| !v.is_empty());
    if req.method == "OPTIONS" {
        if has_x_test {
            return finish(400, rh, Some("FAIL: Invalid header in preflight request."));
        }
        put_state(s, P, &t, "PASS");
        finish(200, rh, None)
    } else if has_x_test {
        let st = take_state(s, P, &t);
        finish(200, rh, Some(&st))
    } else {
        finish(400, rh, Some("FAIL: X-Test header missing in request"))
    }
}

/// `access-control-preflight-request-allow-headers-returns-star.py`
fn allow_headers_star(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    match req.method.as_str() {
        "OPTIONS" => {
            rh.set("Access-Control-Allow-Origin", "*");
            rh.set("Access-Control-Allow-Headers", "*");
            finish(200, rh, None)
        }
        "GET" => {
            rh.set("Access-Control-Allow-Origin", "*");
            if req.header("X-Test").is_some_and(|v| !v.is_empty()) {
                rh.set("Content-Type", "text/plain");
                finish(200, rh, Some("PASS"))
            } else {
                finish(400, rh, None)
            }
        }
        _ => finish(200, rh, None),
    }
}

/// `access-control-preflight-request-header-lowercase.py`
fn header_lowercase(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Cache-Control", "no-store");
    rh.set("Access-Control-Allow-Origin", "*");
    rh.set("Access-Control-Max-Age", "0");
    match req.method.as_str() {
        "OPTIONS" => {
            let acrh = req
                .header("Access-Control-Request-Headers")
                .unwrap_or_default();
            if acrh.split(',').any(|h| h.trim_matches(' ') == "x-test") {
                rh.set("Access-Control-Allow-Headers", "X-Test");
                finish(200, rh, None)
            } else {
                finish(400, rh, None)
            }
        }
        "GET" => {
            if req.header("X-Test").is_some_and(|v| !v.is_empty()) {
                finish(200, rh, Some("PASS"))
            } else {
                finish(400, rh, None)
            }
        }
        _ => finish(200, rh, None),
    }
}

/// `access-control-preflight-request-header-returns-origin.py`
fn header_returns_origin(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    match req.method.as_str() {
        "OPTIONS" => {
            rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
            rh.set("Access-Control-Allow-Headers", "X-Test");
            finish(200, rh, None)
        }
        "GET" => {
            rh.set("Access-Control-Allow-Origin", "*");
            if req.header("X-Test").is_some_and(|v| !v.is_empty()) {
                rh.set("Content-Type", "text/plain");
                finish(200, rh, Some("PASS"))
            } else {
                finish(400, rh, None)
            }
        }
        _ => finish(200, rh, None),
    }
}

/// `access-control-preflight-request-header-sorted.py`
fn header_sorted(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Cache-Control", "no-store");
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    let list = "x-custom-s,x-custom-test,x-custom-u,x-custom-ua,x-custom-v";
    if req.method == "OPTIONS" {
        rh.set("Access-Control-Max-Age", "0");
        rh.set("Access-Control-Allow-Headers", list);
        let acrh = req.header("Access-Control-Request-Headers");
        let status = if acrh.as_deref() == Some(list) {
            200
        } else {
            400
        };
        finish(status, rh, None)
    } else if req.header("x-custom-s").is_some_and(|v| !v.is_empty()) {
        finish(200, rh, Some("PASS"))
    } else {
        finish(400, rh, Some("FAIL"))
    }
}

/// `access-control-preflight-request-headers-origin.py`
fn headers_origin(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Cache-Control", "no-store");
    rh.set("Access-Control-Allow-Origin", "*");
    if req.method == "OPTIONS" {
        let acrh = req
            .header("Access-Control-Request-Headers")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if acrh.contains("origin") {
            return finish(
                400,
                rh,
                Some("Error: 'origin' included in Access-Control-Request-Headers"),
            );
        }
        rh.set("Access-Control-Allow-Headers", "x-pass");
        finish(200, rh, None)
    } else {
        let v = req.header("x-pass").unwrap_or_default();
        finish(200, rh, Some(&v))
    }
}

/// `access-control-preflight-request-invalid-status.py`
fn invalid_status(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    let code: Option<u16> = q_first(&req.query(), "code").and_then(|c| c.parse().ok());
    let mut status = 200;
    if req.method == "OPTIONS" {
        if let Some(c) = code.filter(|c| *c != 0) {
            status = c;
        }
        rh.set("Access-Control-Max-Age", "1");
        rh.set("Access-Control-Allow-Headers", "x-pass");
    }
    rh.set("Cache-Control", "no-store");
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    finish(status, rh, None)
}

/// `access-control-allow-with-body.py` (a dict, in insertion order)
fn allow_with_body() -> HResp {
    let mut rh = RespHeaders::default();
    for (n, v) in [
        ("Cache-Control", "no-store"),
        ("Access-Control-Allow-Headers", "X-Requested-With"),
        ("Access-Control-Max-Age", "0"),
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "*"),
        ("Vary", "Accept-Encoding"),
        ("Content-Type", "text/plain"),
    ] {
        rh.set(n, v);
    }
    finish(200, rh, Some("PASS"))
}

/// `access-control-allow-lists.py`: the body is a JSON dump of every
/// request header; its length depends on all of them, so its
/// `Content-Length` is not modelled (omitted).
fn allow_lists(req: &HReq) -> HResp {
    let q = req.query();
    let mut rh = RespHeaders::default();
    if let Some(o) = q_first(&q, "origin") {
        rh.set("Access-Control-Allow-Origin", &o);
    }
    if let Some(h) = q_first(&q, "headers") {
        rh.set("Access-Control-Allow-Headers", &h);
    }
    if let Some(m) = q_first(&q, "methods") {
        rh.set("Access-Control-Allow-Methods", &m);
    }
    finish(200, rh, None)
}

/// `echo-content-cors.py`
fn echo_content_cors(req: &HReq) -> HResp {
    let q = req.query();
    let mut h: Vec<(&str, String)> = vec![
        ("X-Request-Method", req.method.clone()),
        (
            "X-Request-Content-Length",
            req.content_length().unwrap_or_else(|| "NO".into()),
        ),
        (
            "X-Request-Content-Type",
            req.header("Content-Type").unwrap_or_else(|| "NO".into()),
        ),
        ("Access-Control-Allow-Credentials", "true".into()),
        ("Content-Type", "text/plain".into()),
    ];
    let origin_param = q_first(&q, "origin");
    if let Some(o) = origin_param.clone().or_else(|| req.header("origin")) {
        h.push(("Access-Control-Allow-Origin", o));
    }
    if let Some(v) = origin_param
        .clone()
        .or_else(|| req.header("access-control-request-headers"))
    {
        h.push(("Access-Control-Allow-Headers", v));
    }
    if let Some(v) = origin_param.or_else(|| req.header("access-control-request-method")) {
        h.push(("Access-Control-Allow-Methods", format!("OPTIONS, {}", v)));
    }
    let body = req.body.clone().unwrap_or_default();
    py(200, &h, Some(&body))
}

/// `corsenabled.py`
fn corsenabled(req: &HReq) -> HResp {
    let q = req.query();
    let mut h: Vec<(&str, String)> = vec![
        ("Access-Control-Allow-Origin", "*".into()),
        ("Access-Control-Allow-Credentials", "true".into()),
        ("Access-Control-Allow-Methods", "GET, POST, PUT, FOO".into()),
        ("Access-Control-Allow-Headers", "x-test, x-foo".into()),
        (
            "Access-Control-Expose-Headers",
            "x-request-method, x-request-content-type, x-request-query, x-request-content-length, x-request-data"
                .into(),
        ),
    ];
    if q_has(&q, "safelist_content_type") {
        h.push(("Access-Control-Allow-Headers", "content-type".into()));
    }
    push_echo(&mut h, req);
    h.push(("X-Request-Data", req.body.clone().unwrap_or_default()));
    py(200, &h, Some("Test"))
}

fn push_echo(h: &mut Vec<(&str, String)>, req: &HReq) {
    let query = url::Url::parse(&req.url)
        .ok()
        .and_then(|u| u.query().map(|q| q.to_string()))
        .filter(|q| !q.is_empty())
        .unwrap_or_else(|| "NO".into());
    h.push(("X-Request-Method", req.method.clone()));
    h.push(("X-Request-Query", query));
    h.push((
        "X-Request-Content-Length",
        req.content_length().unwrap_or_else(|| "NO".into()),
    ));
    h.push((
        "X-Request-Content-Type",
        req.header("Content-Type").unwrap_or_else(|| "NO".into()),
    ));
}

/// `content.py` (no CORS headers)
fn content(req: &HReq) -> HResp {
    let q = req.query();
    let mut ct = "text/plain".to_string();
    if let Some(l) = q_first(&q, "response_charset_label") {
        ct.push_str(&format!(";charset={}", l));
    }
    let mut h: Vec<(&str, String)> = vec![("Content-type", ct)];
    push_echo(&mut h, req);
    let body = q_first(&q, "content").unwrap_or_else(|| req.body.clone().unwrap_or_default());
    py(200, &h, Some(&body))
}

/// `conditional.py`
fn conditional(req: &HReq) -> HResp {
    let q = req.query();
    let mut rh = RespHeaders::default();
    if req.method == "OPTIONS" {
        rh.set("Access-Control-Allow-Origin", "*");
        rh.set("Access-Control-Allow-Headers", "IF-NONE-MATCH");
        return finish(200, rh, Some(""));
    }
    let tag = q_first(&q, "tag");
    let date = q_first(&q, "date").unwrap_or_default();
    let cors = q_first(&q, "cors");
    if let Some(t) = &tag {
        rh.set("ETag", &format!("\"{}\"", t));
    } else if !date.is_empty() {
        rh.set("Last-Modified", &date);
    }
    if cors.is_some() {
        rh.set("Access-Control-Allow-Origin", "*");
    }
    let m = req.header("If-None-Match");
    let modified = req.header("If-Modified-Since");
    if (m.is_some() && m == tag) || (modified.is_some() && modified.as_deref() == Some(&date)) {
        return finish(304, rh, Some(""));
    }
    if cors.is_none() {
        rh.set("Access-Control-Allow-Origin", "*");
    }
    rh.set("Content-Type", "text/plain");
    finish(200, rh, Some("MAYBE NOT"))
}

/// `auth2/corsenabled.py`, `auth7/corsenabled.py` and
/// `auth8/corsenabled-no-authorize.py`: CORS headers, then (but for
/// OPTIONS) `authentication.py`.
fn auth_corsenabled(s: &mut Wpt, req: &HReq, allow_headers: &str) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Access-Control-Allow-Origin", &origin_or_empty(req));
    rh.set("Access-Control-Allow-Credentials", "true");
    rh.set("Access-Control-Allow-Methods", "GET");
    rh.set("Access-Control-Allow-Headers", allow_headers);
    rh.set(
        "Access-Control-Expose-Headers",
        "x-challenge, xhr-user, ses-user",
    );
    if req.method == "OPTIONS" {
        return finish(200, rh, Some(""));
    }
    let p = req.path();
    authentication(s, req, rh, &p)
}

/// `xhr/resources/authentication.py`, run with the headers `rh` already set
/// (it is loaded by the auth*/ handlers, so its stash namespace is theirs).
fn authentication(s: &mut Wpt, req: &HReq, mut rh: RespHeaders, path: &str) -> HResp {
    let user = req.header("X-User");
    let key = (path.to_string(), user.clone().unwrap_or_default());
    match basic_auth(req) {
        None => {
            if user.is_some() && s.stash.remove(&key).is_some() {
                return finish(200, rh, Some("FAIL (did not authorize)"));
            }
            if user.is_some() {
                let mut d = Stashed::default();
                d.set("v", Some("1".into()));
                s.stash.insert(key, d);
            }
            rh.append("WWW-Authenticate", "Basic realm=\"test\"");
            finish(401, rh, Some("FAIL (should be transparent)"))
        }
        Some((su, sp)) => {
            let challenge = if s.stash.remove(&key).is_some() {
                "DID"
            } else {
                "DID-NOT"
            };
            rh.append("XHR-USER", &user.unwrap_or_default());
            rh.append("SES-USER", &su);
            rh.append("X-challenge", challenge);
            let body = format!("{}\n{}", su, sp);
            finish(200, rh, Some(&body))
        }
    }
}
