//! `xhr/resources/*`, transcribed.

use crate::http::*;
use crate::server::{finish, static_file, RespHeaders};
use crate::sim::{HReq, HResp};

pub fn dispatch(req: &HReq, path: &str) -> Option<HResp> {
    Some(match path {
        "/xhr/resources/redirect-cors.py" => redirect_cors(req),
        "/xhr/resources/access-control-basic-allow.py" => basic_allow(req, true),
        "/xhr/resources/access-control-basic-allow-no-credentials.py" => basic_allow(req, false),
        "/xhr/resources/access-control-basic-allow-star.py" => {
            let mut rh = RespHeaders::default();
            rh.set("Content-Type", "text/plain");
            rh.set("Access-Control-Allow-Origin", "*");
            finish(200, rh, Some("PASS: Cross-domain access allowed."))
        }
        "/xhr/resources/access-control-basic-put-allow.py" => put_allow(req),
        "/xhr/resources/access-control-basic-denied.py" => {
            // `response.text = ...` is not the body attribute: the body is empty
            // and, content not being a string, no Content-Length is sent.
            let mut rh = RespHeaders::default();
            rh.set("Cache-Control", "no-store");
            rh.set("Content-Type", "text/plain");
            finish(200, rh, None)
        }
        "/xhr/resources/access-control-basic-options-not-supported.py" => {
            let mut rh = RespHeaders::default();
            rh.set("Cache-Control", "no-store");
            let status = if req.method != "OPTIONS" {
                match req.header("origin") {
                    Some(o) => {
                        rh.set("Access-Control-Allow-Credentials", "true");
                        rh.set("Access-Control-Allow-Origin", &o);
                        200
                    }
                    None => 500,
                }
            } else {
                400
            };
            finish(status, rh, None)
        }
        "/xhr/resources/redirect.py" => {
            let q = req.query();
            let code: u16 = q_first(&q, "code")
                .and_then(|c| c.parse().ok())
                .unwrap_or(302);
            let mut loc = q_first(&q, "location").unwrap_or_default();
            // parse_qs("location=" + location)["location"][0]: the value is
            // cut at the first `&`, then `+` becomes a space and %XX
            // sequences are decoded once more.
            let first = loc.split('&').next().unwrap_or("").to_string();
            loc = url::form_urlencoded::parse(format!("location={}", first).as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            if loc.starts_with("redirect.py") {
                loc.push_str(&format!("&code={}", code));
            }
            let mut rh = RespHeaders::default();
            rh.append("Location", &loc);
            finish(code, rh, Some("TEST"))
        }
        "/xhr/resources/pass.txt" => static_file(req, "text/plain", &[], "PASS\n"),
        "/xhr/resources/top.txt" => static_file(req, "text/plain", &[], "top"),
        _ => return None,
    })
}

fn redirect_cors(req: &HReq) -> HResp {
    let q = req.query();
    let location = q_first(&q, "location").unwrap_or_default();
    let mut rh = RespHeaders::default();
    let mut status = 200;
    if req.method == "OPTIONS" {
        if q_has(&q, "redirect_preflight") {
            status = 302;
            rh.set("Location", &location);
        }
        rh.set("Access-Control-Allow-Methods", "GET");
        rh.set("Access-Control-Max-Age", "1");
    } else if req.method == "GET" {
        status = 302;
        rh.set("Location", &location);
    }
    if q_has(&q, "allow_origin") {
        rh.set(
            "Access-Control-Allow-Origin",
            &req.header("origin").unwrap_or_default(),
        );
    }
    if let Some(h) = q_first(&q, "allow_header") {
        rh.set("Access-Control-Allow-Headers", &h);
    }
    finish(status, rh, None)
}

fn basic_allow(req: &HReq, creds: bool) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Content-Type", "text/plain");
    if creds {
        rh.set("Access-Control-Allow-Credentials", "true");
    }
    rh.set(
        "Access-Control-Allow-Origin",
        &req.header("origin").unwrap_or_default(),
    );
    finish(200, rh, Some("PASS: Cross-domain access allowed."))
}

fn put_allow(req: &HReq) -> HResp {
    let mut rh = RespHeaders::default();
    rh.set("Content-Type", "text/plain");
    match req.method.as_str() {
        "OPTIONS" => {
            rh.set("Access-Control-Allow-Credentials", "true");
            rh.set("Access-Control-Allow-Methods", "PUT");
            rh.set(
                "Access-Control-Allow-Origin",
                &req.header("origin").unwrap_or_default(),
            );
            finish(200, rh, None)
        }
        "PUT" => {
            rh.set("Access-Control-Allow-Credentials", "true");
            rh.set(
                "Access-Control-Allow-Origin",
                &req.header("origin").unwrap_or_default(),
            );
            let body = format!(
                "PASS: Cross-domain access allowed.\n{}",
                req.body.clone().unwrap_or_default()
            );
            finish(200, rh, Some(&body))
        }
        m => finish(200, rh, Some(&format!("Wrong method: {}", m))),
    }
}
