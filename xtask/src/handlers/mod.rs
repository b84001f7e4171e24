//! Emulated WPT handlers.

pub mod cors;
pub mod fetch;
pub mod xhr;

use crate::server::{py, Wpt};
use crate::sim::{HReq, HResp};

/// Handlers outside `fetch/api/resources`.
pub fn other(s: &mut Wpt, req: &HReq, path: &str) -> HResp {
    if let Some(r) = xhr::dispatch(req, path) {
        return r;
    }
    match path {
        "/cors/resources/cors-makeheader.py" => cors::makeheader(s, req),
        "/cors/resources/preflight.py" => cors::preflight(s, req),
        "/cors/resources/status.py" => cors::status(req),
        "/cors/resources/expose-headers.py" => cors::expose_headers(req),
        "/cors/resources/cors-headers.asis" => cors::cors_headers_asis(),
        "/common/redirect.py" => common_redirect(req),
        "/fetch/origin/resources/redirect-and-stash.py" => redirect_and_stash(s, req),
        "/common/blank.html" => crate::server::static_file(req, "text/html", &[], ""),
        _ => py(
            404,
            &[("Content-Type", "text/plain".to_string())],
            Some("Not Found"),
        ),
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
