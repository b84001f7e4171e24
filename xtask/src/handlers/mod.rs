//! Emulated WPT handlers.

pub mod cors;
pub mod fetch;

use crate::server::{py, Wpt};
use crate::sim::{HReq, HResp};

/// Handlers outside `fetch/api/resources`.
pub fn other(s: &mut Wpt, req: &HReq, path: &str) -> HResp {
    match path {
        "/cors/resources/cors-makeheader.py" => cors::makeheader(s, req),
        "/cors/resources/preflight.py" => cors::preflight(s, req),
        "/cors/resources/status.py" => cors::status(req),
        "/cors/resources/expose-headers.py" => cors::expose_headers(req),
        "/cors/resources/cors-headers.asis" => cors::cors_headers_asis(),
        _ => py(404, &[("Content-Type", "text/plain".to_string())], Some("Not Found")),
    }
}
