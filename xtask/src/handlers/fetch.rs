//! `fetch/api/resources/*.py`, transcribed line by line.

use crate::http::*;
use crate::server::{py, Stashed, Wpt};
use crate::sim::{HReq, HResp};

const PREFLIGHT: &str = "/fetch/api/resources/preflight.py";
const REDIRECT: &str = "/fetch/api/resources/redirect.py";

/// `fetch/api/resources/preflight.py`
pub fn preflight(s: &mut Wpt, req: &HReq) -> HResp {
    let q = req.query();
    let mut h: Vec<(&str, String)> = vec![("Content-Type", "text/plain".into())];
    let mut stashed = Stashed::default();
    stashed.set("control_request_headers", Some(String::new()));
    stashed.set("preflight", Some("0".into()));
    stashed.set("preflight_referrer", Some(String::new()));
    let token = q_first(&q, "token");
    if let Some(o) = q_first(&q, "origin") {
        for piece in o.split(", ") {
            h.push(("Access-Control-Allow-Origin", piece.to_string()));
        }
    } else {
        h.push(("Access-Control-Allow-Origin", "*".into()));
    }
    if q_has(&q, "clear-stash") {
        let key = (PREFLIGHT.to_string(), token.clone().unwrap_or_default());
        let body = if s.stash.remove(&key).is_some() {
            "1"
        } else {
            "0"
        };
        return py(200, &h, Some(body));
    }
    if q_has(&q, "credentials") {
        h.push(("Access-Control-Allow-Credentials", "true".into()));
    }
    if req.method == "OPTIONS" {
        if req.header("Access-Control-Request-Method").is_none() {
            return crate::server::set_error(400, "No Access-Control-Request-Method header");
        }
        if req.header("Accept").as_deref() != Some("*/*") {
            return crate::server::set_error(400, "Request does not have 'Accept: */*' header");
        }
        if q_has(&q, "control_request_headers") {
            stashed.set(
                "control_request_headers",
                req.header("Access-Control-Request-Headers"),
            );
        }
        if let Some(v) = q_first(&q, "max_age") {
            h.push(("Access-Control-Max-Age", v));
        }
        if let Some(v) = q_first(&q, "allow_headers") {
            h.push(("Access-Control-Allow-Headers", v));
        }
        if let Some(v) = q_first(&q, "allow_methods") {
            h.push(("Access-Control-Allow-Methods", v));
        }
        let status = q_first(&q, "preflight_status")
            .map(|v| v.parse().unwrap())
            .unwrap_or(200);
        stashed.set("preflight", Some("1".into()));
        stashed.set(
            "preflight_referrer",
            Some(req.referer.clone().unwrap_or_default()),
        );
        if let Some(t) = token {
            s.stash.insert((PREFLIGHT.into(), t), stashed);
        }
        return py(status, &h, Some(""));
    }
    if let Some(t) = &token {
        if let Some(d) = s.stash.remove(&(PREFLIGHT.to_string(), t.clone())) {
            stashed = d;
        }
    }
    // checkUserAgentHeaderInPreflight: the UA sends the same User-Agent on
    // the preflight and the request (not modelled: both equal).
    h.push((
        "Access-Control-Expose-Headers",
        "x-did-preflight, x-control-request-headers, x-referrer, x-preflight-referrer, x-origin"
            .into(),
    ));
    h.push((
        "x-did-preflight",
        stashed.get("preflight").unwrap_or_default(),
    ));
    if let Some(c) = stashed.get("control_request_headers") {
        h.push(("x-control-request-headers", c));
    }
    h.push((
        "x-preflight-referrer",
        stashed.get("preflight_referrer").unwrap_or_default(),
    ));
    h.push(("x-referrer", req.referer.clone().unwrap_or_default()));
    h.push(("x-origin", req.header("Origin").unwrap_or_default()));
    if let Some(t) = token {
        s.stash.insert((PREFLIGHT.into(), t), stashed);
    }
    py(200, &h, Some(""))
}

/// `fetch/api/resources/redirect.py`
pub fn redirect(s: &mut Wpt, req: &HReq) -> HResp {
    let q = req.query();
    let mut status = 302u16;
    let mut h: Vec<(&str, String)> = vec![
        ("Content-Type", "text/plain".into()),
        ("Cache-Control", "no-cache".into()),
        ("Pragma", "no-cache".into()),
    ];
    if let Some(o) = req.header("Origin") {
        h.push(("Access-Control-Allow-Origin", o));
        h.push(("Access-Control-Allow-Credentials", "true".into()));
    } else {
        h.push(("Access-Control-Allow-Origin", "*".into()));
    }
    let token = q_first(&q, "token");
    let mut count: u32 = 0;
    let mut pre = "0".to_string();
    if let Some(t) = &token {
        if let Some(d) = s.stash.remove(&(REDIRECT.to_string(), t.clone())) {
            count = d.get("count").unwrap().parse().unwrap();
            pre = d.get("preflight").unwrap();
        }
    }
    let store = |s: &mut Wpt, count: u32, pre: &str| {
        if let Some(t) = &token {
            let mut d = Stashed::default();
            d.set("count", Some(count.to_string()));
            d.set("preflight", Some(pre.to_string()));
            s.stash.insert((REDIRECT.to_string(), t.clone()), d);
        }
    };
    if req.method == "OPTIONS" {
        if let Some(v) = q_first(&q, "allow_headers") {
            h.push(("Access-Control-Allow-Headers", v));
        }
        pre = "1".into();
        if !q_has(&q, "redirect_preflight") {
            store(s, count, &pre);
            return py(200, &h, Some(""));
        }
    }
    if let Some(v) = q_first(&q, "redirect_status") {
        status = v.parse().unwrap();
    }
    count += 1;
    if let Some(loc) = q_first(&q, "location") {
        let mut url = loc.clone();
        if !q_has(&q, "simple") {
            let scheme = url::Url::parse(&url)
                .map(|u| u.scheme().to_string())
                .unwrap_or_default();
            if scheme.is_empty() || scheme == "http" || scheme == "https" {
                url.push(if url.contains('?') { '&' } else { '?' });
                let mut seen: Vec<String> = vec![];
                let mut parts = vec![];
                for (k, v) in &q {
                    if seen.contains(k) {
                        continue;
                    }
                    seen.push(k.clone());
                    let _ = v;
                    parts.push(format!(
                        "{}={}",
                        quote_plus(k),
                        quote_plus(&q_first(&q, k).unwrap())
                    ));
                }
                url.push_str(&parts.join("&"));
                url.push_str(&format!("&count={}", count));
            }
        }
        h.push(("Location", url));
    }
    if let Some(v) = q_first(&q, "redirect_referrerpolicy") {
        h.push(("Referrer-Policy", v));
    }
    store(s, count, &pre);
    if let Some(m) = q_first(&q, "max_count") {
        if token.is_some() && count > m.parse::<u32>().unwrap() {
            return py::<&str>(200, &[], Some(&(count - 1).to_string()));
        }
    }
    py(status, &h, Some(""))
}

/// `fetch/api/resources/inspect-headers.py`
pub fn inspect_headers(req: &HReq) -> HResp {
    let q = req.query();
    let mut names: Vec<String> = vec![];
    let mut xr: Vec<(String, String)> = vec![];
    if let Some(list) = q_first(&q, "headers") {
        names = list.split('|').map(|s| s.to_string()).collect();
        for n in &names {
            // Content-Length and User-Agent come from the UA's HTTP layer:
            // inputs to the handler, not asserted by the vector's `sent`.
            let v = match n.to_ascii_lowercase().as_str() {
                "content-length" => req.content_length(),
                "user-agent" => Some(crate::server::USER_AGENT.to_string()),
                _ => req.header(n),
            };
            if let Some(v) = v {
                xr.push((format!("x-request-{}", n), v));
            }
        }
    }
    let leaked: Vec<(String, String)> = xr;
    let mut owned: Vec<(String, String)> = leaked.clone();
    if q_has(&q, "cors") {
        owned.push((
            "Access-Control-Allow-Origin".into(),
            req.header("Origin").unwrap_or_else(|| "*".into()),
        ));
        owned.push(("Access-Control-Allow-Credentials".into(), "true".into()));
        owned.push((
            "Access-Control-Allow-Methods".into(),
            "GET, POST, HEAD".into(),
        ));
        owned.push((
            "Access-Control-Expose-Headers".into(),
            names
                .iter()
                .map(|n| format!("x-request-{}", n))
                .collect::<Vec<_>>()
                .join(", "),
        ));
        match q_first(&q, "allow_headers") {
            Some(v) => owned.push(("Access-Control-Allow-Headers".into(), v)),
            None => {
                // the names of all request headers as received
                let all: Vec<String> = req
                    .headers
                    .iter()
                    .map(|(n, _)| n.to_ascii_lowercase())
                    .collect();
                owned.push(("Access-Control-Allow-Headers".into(), all.join(", ")));
            }
        }
    }
    owned.push(("content-type".into(), "text/plain".into()));
    py(200, &owned, Some(""))
}

/// `fetch/api/resources/preflight-unterminated-body.py` (servo/servo@f9b43a6f):
/// the preflight answer's body never ends (not modelled: no Content-Length
/// is sent, the headers are what the engine sees).
pub fn preflight_unterminated_body(req: &HReq) -> HResp {
    let h: Vec<(&str, String)> = vec![
        (
            "Access-Control-Allow-Origin",
            req.header("Origin").unwrap_or_else(|| "*".into()),
        ),
        ("Access-Control-Allow-Methods", "GET".into()),
        ("Access-Control-Allow-Headers", "x-preflight-test".into()),
        ("Access-Control-Max-Age", "0".into()),
        ("Content-Type", "text/plain".into()),
    ];
    if req.method != "OPTIONS" {
        return py(200, &h, Some("actual request"));
    }
    py(200, &h, None)
}

/// `fetch/api/resources/method.py`
pub fn method(req: &HReq) -> HResp {
    let q = req.query();
    let mut h: Vec<(&str, String)> = vec![];
    if q_has(&q, "cors") {
        h.push(("Access-Control-Allow-Origin", "*".into()));
        h.push(("Access-Control-Allow-Credentials", "true".into()));
        h.push(("Access-Control-Allow-Methods", "GET, POST, PUT, FOO".into()));
        h.push(("Access-Control-Allow-Headers", "x-test, x-foo".into()));
        h.push(("Access-Control-Expose-Headers", "x-request-method".into()));
    }
    let no = || "NO".to_string();
    h.push(("x-request-method", req.method.clone()));
    h.push((
        "x-request-content-type",
        req.header("Content-Type").unwrap_or_else(no),
    ));
    h.push((
        "x-request-content-length",
        req.content_length().unwrap_or_else(no),
    ));
    h.push((
        "x-request-content-encoding",
        req.header("Content-Encoding").unwrap_or_else(no),
    ));
    h.push((
        "x-request-content-language",
        req.header("Content-Language").unwrap_or_else(no),
    ));
    h.push((
        "x-request-content-location",
        req.header("Content-Location").unwrap_or_else(no),
    ));
    let body = req.body.clone().unwrap_or_default();
    py(200, &h, Some(&body))
}

/// `fetch/api/resources/clean-stash.py`: takes the token from its own
/// stash namespace (wptserve keys the stash by the handler's path).
pub fn clean_stash(s: &mut Wpt, req: &HReq) -> HResp {
    let q = req.query();
    let t = q_first(&q, "token").unwrap_or_default();
    let body = if s
        .stash
        .remove(&("/fetch/api/resources/clean-stash.py".to_string(), t))
        .is_some()
    {
        "1"
    } else {
        "0"
    };
    py::<&str>(200, &[], Some(body))
}

/// `fetch/api/resources/redirect-empty-location.py`
pub fn redirect_empty_location() -> HResp {
    py(302, &[("Location", String::new())], Some(""))
}
