//! Emulated WPT handlers.

pub mod cors;
pub mod fetch;
pub mod xhr;
pub mod xhr_more;

use crate::server::{py, Wpt};
use crate::sim::{HReq, HResp};

/// Handlers outside `fetch/api/resources`.
pub fn other(s: &mut Wpt, req: &HReq, path: &str) -> HResp {
    if let Some(r) = xhr::dispatch(req, path) {
        return r;
    }
    if let Some(r) = xhr_more::dispatch(s, req, path) {
        return r;
    }
    match path {
        "/cors/resources/cors-makeheader.py" => cors::makeheader(s, req),
        "/cors/resources/preflight.py" => cors::preflight(s, req),
        "/cors/resources/status.py" => cors::status(req),
        "/cors/resources/expose-headers.py" => cors::expose_headers(req),
        "/cors/resources/cors-headers.asis" => cors::cors_headers_asis(),
        "/common/redirect.py" => common_redirect(req),
        "/fetch/api/resources/dump-authorization-header.py" => dump_authorization(req),
        "/fetch/range/resources/long-wav.py" => long_wav(req),
        "/fetch/origin/resources/redirect-and-stash.py" => redirect_and_stash(s, req),
        "/common/blank.html" => crate::server::static_file(req, "text/html", &[], ""),
        // wptserve answers a path with no file or handler through
        // `set_error(404, "")` (HTTPException(404) carries no message).
        _ => crate::server::set_error(404, ""),
    }
}

/// `common/redirect.py` (no CORS headers unless `enable-cors`).
fn common_redirect(req: &HReq) -> HResp {
    use crate::http::*;
    use crate::server::{finish, RespHeaders};
    let q = req.query();
    let status = q_first(&q, "status")
        .and_then(|s| s.parse().ok())
        .unwrap_or(302);
    let mut rh = RespHeaders::default();
    rh.set("Location", &q_first(&q, "location").unwrap_or_default());
    if q_has(&q, "enable-cors") {
        if let Some(o) = req.header("Origin") {
            rh.set("Content-Type", "text/plain");
            rh.set("Access-Control-Allow-Origin", &o);
            rh.set("Access-Control-Allow-Credentials", "true");
        }
    }
    // the handler returns no body: wptserve sends no Content-Length
    finish(status, rh, None)
}

/// `fetch/origin/resources/redirect-and-stash.py`
fn redirect_and_stash(s: &mut Wpt, req: &HReq) -> HResp {
    use crate::http::*;
    use crate::server::{finish, RespHeaders};
    let q = req.query();
    let key = q_first(&q, "stash").unwrap_or_default();
    let origin = req
        .header("origin")
        .unwrap_or_else(|| "no Origin header".into());
    let k = (
        "/fetch/origin/resources/redirect-and-stash.py".to_string(),
        key,
    );
    let mut list = s.stash.remove(&k).unwrap_or_default();
    let n = list.fields.len();
    list.set(&n.to_string(), Some(origin));
    s.stash.insert(k, list);
    let mut rh = RespHeaders::default();
    if let Some(mut loc) = q_first(&q, "location") {
        if q_has(&q, "dummyJS") {
            loc.push_str("&dummyJS");
        }
        rh.set("Location", &loc);
        return finish(308, rh, None);
    }
    rh.set("Content-Type", "text/html");
    rh.set("Access-Control-Allow-Origin", "*");
    let body = if q_has(&q, "dummyJS") {
        "console.log('dummy JS')"
    } else {
        "<meta charset=utf-8>\n<body><script>parent.postMessage('loaded','*')</script></body>"
    };
    finish(200, rh, Some(body))
}

/// `fetch/api/resources/dump-authorization-header.py`
fn dump_authorization(req: &HReq) -> HResp {
    use crate::http::*;
    let q = req.query();
    let mut h: Vec<(&str, String)> = vec![
        ("Content-Type", "text/html".into()),
        ("Cache-Control", "no-cache".into()),
    ];
    let strip = q_first(&q, "strip_auth_header").is_some_and(|v| !v.is_empty());
    if strip
        && req.method == "OPTIONS"
        && req
            .header("Access-Control-Request-Headers")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .contains("authorization")
    {
        return py(500, &h, Some("fail"));
    }
    match req.header("Origin") {
        Some(o) => {
            h.push(("Access-Control-Allow-Origin", o));
            h.push(("Access-Control-Allow-Credentials", "true".into()));
        }
        None => h.push(("Access-Control-Allow-Origin", "*".into())),
    }
    h.push(("Access-Control-Allow-Headers", "Authorization".into()));
    let body = req.header("Authorization").unwrap_or_else(|| "none".into());
    py(200, &h, Some(&body))
}

/// `fetch/range/resources/long-wav.py`: a 5-minute 8 kHz 8-bit mono WAV
/// (2 400 000 bytes) answering `Range: bytes=N-M`. Its body is not modelled;
/// the headers are exact. The stash of the request's Accept-Encoding (a
/// side effect read by the test later) is not modelled.
fn long_wav(req: &HReq) -> HResp {
    use crate::server::{finish, RespHeaders};
    let mut rh = RespHeaders::default();
    if req.method == "OPTIONS" {
        rh.set("Content-Type", "text/plain");
        return finish(404, rh, Some("Preflight not accepted"));
    }
    rh.set("Content-Type", "audio/wav");
    rh.set("Accept-Ranges", "bytes");
    rh.set("Cache-Control", "no-cache");
    rh.set(
        "Access-Control-Allow-Origin",
        &req.header("Origin").unwrap_or_default(),
    );
    let total: u64 = 8000 * 8 * 300 / 8;
    let range = req.header("Range").unwrap_or_default();
    let parsed = range.strip_prefix("bytes=").and_then(|r| {
        let (a, b) = r.split_once('-')?;
        let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        (digits(a) && digits(b)).then(|| (a.to_string(), b.to_string()))
    });
    let mut status = 200;
    let mut remaining = total;
    if let Some((a, b)) = parsed {
        status = 206;
        let start: u64 = a.parse().unwrap_or(0);
        let end: u64 = if b.is_empty() {
            0
        } else {
            b.parse().unwrap_or(0)
        };
        remaining = if end != 0 {
            end + 1 - start
        } else {
            total - start
        };
        let shown_end = if end != 0 { end } else { total - 1 };
        rh.set(
            "Content-Range",
            &format!("bytes {}-{}/{}", start, shown_end, total),
        );
    }
    rh.set("Content-Length", &remaining.to_string());
    finish(status, rh, None)
}
