//! `cors/resources/*`, transcribed.
//!
//! `cors-makeheader.py` answers with a JSON dump of the request headers; its
//! length depends on every header the UA sends, so its `Content-Length` is
//! not modelled (omitted).

use crate::http::*;
use crate::server::{finish, py, RespHeaders, Wpt};
use crate::sim::{HReq, HResp};

const MAKEHEADER: &str = "/cors/resources/cors-makeheader.py";
const PREFLIGHT: &str = "/cors/resources/preflight.py";

/// `cors/resources/cors-makeheader.py`
pub fn makeheader(s: &mut Wpt, req: &HReq) -> HResp {
    let q = req.query();
    // the default argument is evaluated eagerly: the Origin header is always read
    let hdr_origin = req.header("origin");
    let origin = q_first(&q, "origin")
        .or(hdr_origin)
        .unwrap_or_else(|| "none".into());
    if q_has(&q, "check") {
        let t = q_first(&q, "token").unwrap_or_default();
        let v = s.stash.remove(&(MAKEHEADER.to_string(), t.clone()));
        let body = if let Some(v) = v {
            if q_first(&q, "check").as_deref() == Some("keep") {
                s.stash.insert((MAKEHEADER.to_string(), t), v);
            }
            "1"
        } else {
            "0"
        };
        return py(
            200,
            &[("Content-Type", "text/plain".to_string())],
            Some(body),
        );
    }
    let mut rh = RespHeaders::default();
    if origin != "none" {
        rh.set("Access-Control-Allow-Origin", &origin);
    }
    if let Some(o2) = q_first(&q, "origin2") {
        rh.append("Access-Control-Allow-Origin", &o2);
    }
    if let Some(v) = q_first(&q, "headers") {
        rh.set("Access-Control-Allow-Headers", &v);
    }
    if let Some(v) = q_first(&q, "credentials") {
        rh.set("Access-Control-Allow-Credentials", &v);
    }
    if let Some(v) = q_first(&q, "methods") {
        rh.set("Access-Control-Allow-Methods", &v);
    }
    let mut code: Option<u16> = q_first(&q, "code")
        .filter(|c| !c.is_empty())
        .map(|c| c.parse().unwrap());
    if req.method == "OPTIONS" {
        if let Some(p) = q_first(&q, "preflight") {
            code = Some(p.parse().unwrap());
        }
        if let Some(t) = q_first(&q, "token") {
            s.stash
                .insert((MAKEHEADER.to_string(), t), Default::default());
        }
    }
    if let Some(loc) = q_first(&q, "location") {
        let c = *code.get_or_insert(302);
        if (300..400).contains(&c) {
            rh.set("Location", &loc);
        }
    }
    finish(code.unwrap_or(200), rh, None)
}

/// `cors/resources/preflight.py`
pub fn preflight(s: &mut Wpt, req: &HReq) -> HResp {
    let q = req.query();
    let mut h: Vec<(&str, String)> = vec![("Content-Type", "text/plain".into())];
    if q_has(&q, "check") {
        let t = q_first(&q, "token").unwrap_or_default();
        let v = s.stash.remove(&(PREFLIGHT.to_string(), t.clone()));
        let body = match v {
            None => "0",
            Some(v) => {
                if q_first(&q, "check").as_deref() == Some("keep") {
                    s.stash.insert((PREFLIGHT.to_string(), t), v);
                }
                "1"
            }
        };
        return py(200, &h, Some(body));
    }
    if req.method == "OPTIONS" {
        let Some(acrm) = req.header("Access-Control-Request-Method") else {
            return crate::server::set_error(400, "No Access-Control-Request-Method header");
        };
        h.push(("Access-Control-Allow-Methods", acrm));
        if let Some(m) = q_first(&q, "max_age") {
            h.push(("Access-Control-Max-Age", m));
        }
        if let Some(t) = q_first(&q, "token") {
            s.stash
                .insert((PREFLIGHT.to_string(), t), Default::default());
        }
    }
    h.push(("Access-Control-Allow-Origin", "*".into()));
    h.push(("Access-Control-Allow-Headers", "x-print".into()));
    let body = req.header("x-print").unwrap_or_else(|| "NO".into());
    py(200, &h, Some(&body))
}

/// `cors/resources/status.py`
pub fn status(req: &HReq) -> HResp {
    let q = req.query();
    let mut rh = RespHeaders::default();
    // request.headers.get(b"origin") may be None; wptserve then writes no value
    rh.set(
        "Access-Control-Allow-Origin",
        &req.header("origin").unwrap_or_default(),
    );
    rh.set("Access-Control-Expose-Headers", "X-Request-Method");
    if req.method == "OPTIONS" {
        rh.set(
            "Access-Control-Allow-Methods",
            "GET, CHICKEN, HEAD, POST, PUT",
        );
    }
    if let Some(h) = q_first(&q, "headers") {
        rh.set("Access-Control-Allow-Headers", &h);
    }
    rh.set("X-Request-Method", &req.method);
    rh.set(
        "X-A-C-Request-Method",
        &req.header("Access-Control-Request-Method")
            .unwrap_or_default(),
    );
    let mut code: u16 = q_first(&q, "code")
        .and_then(|c| c.parse().ok())
        .unwrap_or(200);
    if req.method == "OPTIONS" {
        if let Some(p) = q_first(&q, "preflight") {
            if let Ok(p) = p.parse() {
                code = p;
            }
        }
    }
    if let Some(t) = q_first(&q, "type") {
        rh.set("Content-Type", &t);
    }
    let body = q_first(&q, "content").unwrap_or_default();
    finish(code, rh, Some(&body))
}

/// `cors/resources/expose-headers.py`: a raw response; the `expose` query
/// value is written as header line(s).
pub fn expose_headers(req: &HReq) -> HResp {
    let q = req.query();
    let mut h: Vec<(String, String)> = vec![
        ("Access-Control-Allow-Origin".into(), "*".into()),
        ("Connection".into(), "close".into()),
        ("BB-8".into(), "hey".into()),
        ("Content-Language".into(), "mkay".into()),
    ];
    let expose = q_first(&q, "expose").unwrap_or_default();
    for line in expose.split("\r\n") {
        if let Some(i) = line.find(':') {
            h.push((line[..i].to_string(), trim_ows(&line[i + 1..])));
        }
    }
    HResp {
        status: 221,
        headers: h,
    }
}

/// `cors/resources/cors-headers.asis` (servo/servo@37ae1c0f): a raw
/// response served as it is. `X-Custom-Header-Bytes` carries the UTF-8 bytes
/// of U+2026, written here byte for byte (one char per byte, as the format's
/// header values are).
pub fn cors_headers_asis() -> HResp {
    let h: &[(&str, &str)] = &[
        ("Access-Control-Allow-Origin", "*"),
        (
            "Access-Control-Expose-Headers",
            "X-Custom-Header, X-Custom-Header-Empty, X-Custom-Header-Comma, X-Custom-Header-Bytes",
        ),
        ("Access-Control-Expose-Headers", "X-Second-Expose"),
        ("Access-Control-Expose-Headers", "Date"),
        ("Content-Type", "text/plain"),
        ("Content-Length", "4"),
        ("X-Custom-Header", "test"),
        ("X-Custom-Header", "test"),
        ("Set-Cookie", "test1=t1;max-age=2"),
        ("Set-Cookie2", "test2=t2;Max-Age=2"),
        ("X-Custom-Header-Empty", ""),
        ("X-Custom-Header-Comma", "1"),
        ("X-Custom-Header-Comma", "2"),
        ("X-Custom-Header-Bytes", "\u{e2}\u{80}\u{a6}"),
        ("X-Nonexposed", "unicorn"),
        ("X-Second-Expose", "flyingpig"),
        ("Cache-Control", "no-cache"),
        ("Content-Language", "nn"),
        ("Expires", "Thu, 01 Dec 1994 16:00:00 GMT"),
        ("Last-Modified", "Thu, 01 Dec 1994 10:00:00 GMT"),
        ("Pragma", "no-cache"),
        ("Date", "Wed, 22 Oct 2013 10:00:00 GMT"),
    ];
    HResp {
        status: 200,
        headers: h
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    }
}
