//! The WPT server (wptserve) as the vectors need it: the stash, static
//! files with `?pipe=header(...)`, and a dispatcher to the emulated
//! handlers in `handlers/`.
//!
//! Headers that wptserve adds on its own are modelled as follows:
//! `Content-Length` is added (after the handler's headers, unless the
//! handler set one) whenever the body is a known string, as wptserve's
//! `write_default_headers` does; `Server` and `Date` are omitted (their
//! values are not reproducible and neither is a CORS-safelisted response
//! header). Header order follows wptserve's `ResponseHeaders`: an ordered
//! map keyed by lower-cased name, so repeated names are grouped at the
//! position of their first occurrence.

use crate::http::*;
use crate::sim::{HReq, HResp, Server};
use std::collections::HashMap;

/// A stand-in for the `User-Agent` a browser sends, where a handler echoes
/// it (the engine under test does not send one).
pub const USER_AGENT: &str = "Mozilla/5.0 (a browser's User-Agent; stand-in)";

#[derive(Default)]
pub struct Wpt {
    /// wptserve stash: keyed by (handler path, key).
    pub stash: HashMap<(String, String), Stashed>,
}

#[derive(Clone, Debug, Default)]
pub struct Stashed {
    pub fields: HashMap<String, Option<String>>,
}

impl Stashed {
    pub fn get(&self, k: &str) -> Option<String> {
        self.fields.get(k).cloned().flatten()
    }
    pub fn set(&mut self, k: &str, v: Option<String>) {
        self.fields.insert(k.to_string(), v);
    }
}

/// wptserve `ResponseHeaders`: `append` groups same-name values at the
/// first occurrence; `set` replaces in place.
#[derive(Default, Clone)]
pub struct RespHeaders {
    data: Vec<(String, Vec<String>)>,
}

impl RespHeaders {
    pub fn append(&mut self, n: &str, v: &str) {
        let v = trim_ows(v);
        if let Some(e) = self
            .data
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
        {
            e.1.push(v);
        } else {
            self.data.push((n.to_string(), vec![v]));
        }
    }
    pub fn set(&mut self, n: &str, v: &str) {
        let v = trim_ows(v);
        if let Some(e) = self
            .data
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
        {
            // wptserve keeps the original position but stores the new name spelling
            e.0 = n.to_string();
            e.1 = vec![v];
        } else {
            self.data.push((n.to_string(), vec![v]));
        }
    }
    pub fn has(&self, n: &str) -> bool {
        self.data.iter().any(|(k, _)| k.eq_ignore_ascii_case(n))
    }
    pub fn list(&self) -> HeaderList {
        let mut out = vec![];
        for (k, vs) in &self.data {
            for v in vs {
                out.push((k.clone(), v.clone()));
            }
        }
        out
    }
}

/// A Python handler's `return status, headers, body`.
pub fn py<N: AsRef<str>>(status: u16, headers: &[(N, String)], body: Option<&str>) -> HResp {
    let mut rh = RespHeaders::default();
    for (n, v) in headers {
        rh.append(n.as_ref(), v);
    }
    finish(status, rh, body)
}

pub fn finish(status: u16, mut rh: RespHeaders, body: Option<&str>) -> HResp {
    if let Some(b) = body {
        if !rh.has("content-length") {
            rh.append("Content-Length", &b.len().to_string());
        }
    }
    HResp {
        status,
        headers: rh.list(),
    }
}

/// wptserve's `response.set_error(code, message)`: the headers become
/// `Content-Type: application/json` and the `Content-Length` of the JSON
/// error object, whatever body the handler returns afterwards.
pub fn set_error(code: u16, message: &str) -> HResp {
    let data = format!(
        "{{\"error\": {{\"code\": {}, \"message\": \"{}\"}}}}",
        code, message
    );
    HResp {
        status: code,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Content-Length".into(), data.len().to_string()),
        ],
    }
}

/// wptserve's `pipe=header(name,value[,append])` functions, in order.
pub fn parse_pipe(p: &str) -> Vec<(String, String, bool)> {
    let mut out = vec![];
    let b: Vec<char> = p.chars().collect();
    let mut i = 0;
    while i < b.len() {
        let rest: String = b[i..].iter().collect();
        if rest.starts_with("header(") {
            i += 7;
            let mut args = vec![String::new()];
            while i < b.len() && b[i] != ')' {
                if b[i] == '\\' && i + 1 < b.len() {
                    args.last_mut().unwrap().push(b[i + 1]);
                    i += 2;
                    continue;
                }
                if b[i] == ',' {
                    args.push(String::new());
                } else {
                    args.last_mut().unwrap().push(b[i]);
                }
                i += 1;
            }
            i += 1;
            let append = args
                .get(2)
                .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"));
            out.push((
                args[0].clone(),
                args.get(1).cloned().unwrap_or_default(),
                append,
            ));
        } else {
            i += 1;
        }
    }
    out
}

/// A static file served by wptserve's FileHandler.
pub fn static_file(req: &HReq, content_type: &str, sidecar: &[(&str, &str)], body: &str) -> HResp {
    let mut rh = RespHeaders::default();
    for (n, v) in sidecar {
        rh.append(n, v);
    }
    if !rh.has("content-type") {
        let mut n = RespHeaders::default();
        n.append("Content-Type", content_type);
        for (k, v) in rh.list() {
            n.append(&k, &v);
        }
        rh = n;
    }
    let q = req.query();
    if let Some(p) = q_first(&q, "pipe") {
        for (n, v, append) in parse_pipe(&p) {
            if append {
                rh.append(&n, &v);
            } else {
                rh.set(&n, &v);
            }
        }
    }
    finish(200, rh, Some(body))
}

impl Server for Wpt {
    fn respond(&mut self, req: &HReq) -> HResp {
        let mut path = req.path();
        while path.contains("//") {
            path = path.replace("//", "/");
        }
        let p = path.as_str();
        match p {
            "/fetch/api/resources/preflight.py" => crate::handlers::fetch::preflight(self, req),
            "/fetch/api/resources/redirect.py" => crate::handlers::fetch::redirect(self, req),
            "/fetch/api/resources/inspect-headers.py" => {
                crate::handlers::fetch::inspect_headers(req)
            }
            "/fetch/api/resources/preflight-unterminated-body.py" => {
                crate::handlers::fetch::preflight_unterminated_body(req)
            }
            "/fetch/api/resources/method.py" => crate::handlers::fetch::method(req),
            "/fetch/api/resources/clean-stash.py" => crate::handlers::fetch::clean_stash(self, req),
            "/fetch/api/resources/redirect-empty-location.py" => {
                crate::handlers::fetch::redirect_empty_location()
            }
            "/fetch/api/resources/top.txt" => static_file(req, "text/plain", &[], "top"),
            "/fetch/api/resources/cors-top.txt" => static_file(
                req,
                "text/plain",
                &[("Access-Control-Allow-Origin", "*")],
                "top",
            ),
            _ => crate::handlers::other(self, req, p),
        }
    }
}
