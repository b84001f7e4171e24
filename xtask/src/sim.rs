//! A small reference model of the Fetch Standard's CORS steps, used only to
//! lay out which requests a conforming user agent puts on the wire for a
//! WPT subtest (preflight or not, redirect hops, the `Origin` it carries),
//! to feed them to the emulated WPT handlers, and to derive the expected
//! outcome. Each generated outcome is then compared with what the WPT test
//! asserts; a difference is reported as a disagreement, never silently
//! resolved.

use crate::http::*;
use std::cell::RefCell;
use url::Url;

#[derive(Clone, Debug)]
pub struct Request {
    pub url: String,
    pub method: String,
    pub origin: String,
    pub mode: &'static str,
    pub credentials: &'static str,
    pub redirect: &'static str,
    pub headers: HeaderList,
    pub body: Option<String>,
    pub use_cors_preflight: bool,
    pub referrer_policy: Option<String>,
    /// The `Referer` a browser would send (an input the handler reads; the
    /// engine under test does not send it). Not serialized.
    pub ua_referer: Option<String>,
    /// Lay the exchanges out as the WPT expectation says (no `Origin` on a
    /// same-origin non-GET request), for a recorded disagreement. Not serialized.
    pub wpt_quirk_no_origin: bool,
    /// Treat a negative Access-Control-Max-Age as 0 (as the WPT expects),
    /// for a recorded disagreement. Not serialized.
    pub wpt_quirk_negative_max_age: bool,
    /// Request headers the test reads back from a handler that echoes every
    /// request header in its body (e.g. `cors-makeheader.py`'s JSON): the
    /// actual request's `sent` then asserts them. Not serialized.
    pub reads: Vec<&'static str>,
}

impl Request {
    pub fn get(url: impl Into<String>, origin: &str) -> Request {
        Request {
            url: url.into(),
            method: "GET".into(),
            origin: origin.to_string(),
            mode: "cors",
            credentials: "same-origin",
            redirect: "follow",
            headers: vec![],
            body: None,
            use_cors_preflight: false,
            referrer_policy: None,
            ua_referer: None,
            wpt_quirk_no_origin: false,
            wpt_quirk_negative_max_age: false,
            reads: vec![],
        }
    }
    /// The URL as `new Request()` parses and serializes it.
    pub fn normalized(mut self) -> Self {
        self.url = Url::parse(&self.url)
            .expect("valid request URL")
            .to_string();
        self
    }
    pub fn method(mut self, m: &str) -> Self {
        self.method = m.to_string();
        self
    }
    pub fn mode(mut self, m: &'static str) -> Self {
        self.mode = m;
        self
    }
    pub fn creds(mut self, c: &'static str) -> Self {
        self.credentials = c;
        self
    }
    pub fn redirect(mut self, r: &'static str) -> Self {
        self.redirect = r;
        self
    }
    pub fn header(mut self, n: &str, v: &str) -> Self {
        self.headers.push((n.to_string(), v.to_string()));
        self
    }
    pub fn headers(mut self, h: &[(&str, &str)]) -> Self {
        for (n, v) in h {
            self.headers.push((n.to_string(), v.to_string()));
        }
        self
    }
    pub fn body(mut self, b: &str) -> Self {
        self.body = Some(b.to_string());
        self
    }
    pub fn reads(mut self, names: &[&'static str]) -> Self {
        self.reads.extend_from_slice(names);
        self
    }
    pub fn preflight_flag(mut self) -> Self {
        self.use_cors_preflight = true;
        self
    }
}

/// A request as the emulated WPT handler receives it.
pub struct HReq {
    pub method: String,
    pub url: String,
    pub headers: HeaderList,
    pub referer: Option<String>,
    /// The request body (a string), if any.
    pub body: Option<String>,
    pub observed: RefCell<Vec<String>>,
}

impl HReq {
    /// Read a request header the way the handler does; the read is recorded
    /// so the vector's `sent` asserts what the answer depended on.
    pub fn header(&self, name: &str) -> Option<String> {
        let l = name.to_ascii_lowercase();
        let mut o = self.observed.borrow_mut();
        if !o.contains(&l) {
            o.push(l);
        }
        get(&self.headers, name)
    }
    pub fn path(&self) -> String {
        Url::parse(&self.url).unwrap().path().to_string()
    }
    pub fn query(&self) -> Vec<(String, String)> {
        query(&self.url)
    }
    /// The `Content-Length` a user agent sends (HTTP-network-or-cache
    /// fetch: the body's length, or `0` for a POST or PUT without body).
    /// Handlers that echo it read it here: it is an input computed by the
    /// UA's HTTP layer, not something the vector's `sent` asserts.
    pub fn content_length(&self) -> Option<String> {
        match &self.body {
            Some(b) => Some(b.len().to_string()),
            None if self.method == "POST" || self.method == "PUT" => Some("0".into()),
            None => None,
        }
    }
    pub fn host_origin(&self) -> String {
        origin_of(&self.url)
    }
}

#[derive(Clone, Debug)]
pub struct HResp {
    pub status: u16,
    pub headers: HeaderList,
}

pub trait Server {
    fn respond(&mut self, req: &HReq) -> HResp;
}

#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub url: String,
    pub credentials: bool,
    pub headers: HeaderList,
    pub absent: Vec<String>,
    pub response: HResp,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Invalid(String),
    NetErr(String),
    Resp {
        typ: &'static str,
        status: u16,
        headers: HeaderList,
        redirected: bool,
        url: Option<String>,
    },
}

impl Outcome {
    pub fn ok(&self) -> bool {
        matches!(self, Outcome::Resp { .. })
    }
    pub fn header(&self, name: &str) -> Option<String> {
        match self {
            Outcome::Resp { headers, .. } => get(headers, name),
            _ => None,
        }
    }
    pub fn status(&self) -> Option<u16> {
        match self {
            Outcome::Resp { status, .. } => Some(*status),
            _ => None,
        }
    }
    pub fn typ(&self) -> Option<&'static str> {
        match self {
            Outcome::Resp { typ, .. } => Some(typ),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
struct CacheEntry {
    origin: String,
    url: String,
    credentials: bool,
    method: Option<String>,
    header: Option<String>,
    expires: f64,
}

#[derive(Default)]
pub struct Sim {
    cache: Vec<CacheEntry>,
}

const FORBIDDEN_REQUEST: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    let l = name.to_ascii_lowercase();
    if FORBIDDEN_REQUEST.contains(&l.as_str()) || l.starts_with("proxy-") || l.starts_with("sec-") {
        return true;
    }
    if [
        "x-http-method",
        "x-http-method-override",
        "x-method-override",
    ]
    .contains(&l.as_str())
    {
        return value
            .split(',')
            .map(|m| {
                m.trim_matches(|c| c == ' ' || c == '\t')
                    .to_ascii_uppercase()
            })
            .any(|m| ["CONNECT", "TRACE", "TRACK"].contains(&m.as_str()));
    }
    false
}

fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09) || b == 0x7f || b"\"():<>?@[\\]{}".contains(&b)
}

fn mime_essence(v: &str) -> Option<String> {
    let s = v.trim_matches(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
    let slash = s.find('/')?;
    let ty = &s[..slash];
    if !is_token(ty) {
        return None;
    }
    let rest = &s[slash + 1..];
    let sub = match rest.find(';') {
        Some(i) => &rest[..i],
        None => rest,
    };
    let sub = sub.trim_end_matches([' ', '\t', '\n', '\r']);
    if !is_token(sub) {
        return None;
    }
    Some(format!(
        "{}/{}",
        ty.to_ascii_lowercase(),
        sub.to_ascii_lowercase()
    ))
}

fn simple_range_ok(v: &str) -> bool {
    let Some(rest) = v.strip_prefix("bytes=") else {
        return false;
    };
    let digits = |s: &str| s.bytes().take_while(|b| b.is_ascii_digit()).count();
    let n1 = digits(rest);
    if n1 == 0 {
        return false;
    }
    let start: u128 = match rest[..n1].parse() {
        Ok(v) => v,
        Err(_) => return false,
    };
    let rest = &rest[n1..];
    let Some(rest) = rest.strip_prefix('-') else {
        return false;
    };
    let n2 = digits(rest);
    if n2 != rest.len() {
        return false;
    }
    if n2 > 0 {
        match rest.parse::<u128>() {
            Ok(end) => start <= end,
            Err(_) => false,
        }
    } else {
        true
    }
}

pub fn is_safelisted_request_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)),
        "content-type" => {
            if value.bytes().any(is_unsafe_byte) {
                return false;
            }
            matches!(
                mime_essence(value).as_deref(),
                Some("application/x-www-form-urlencoded")
                    | Some("multipart/form-data")
                    | Some("text/plain")
            )
        }
        "range" => simple_range_ok(value),
        _ => false,
    }
}

pub fn unsafe_names(headers: &[(String, String)]) -> Vec<String> {
    let mut unsafe_: Vec<String> = vec![];
    let mut safelisted: Vec<String> = vec![];
    let mut size = 0usize;
    for (n, v) in headers {
        if is_safelisted_request_header(n, v) {
            safelisted.push(n.to_ascii_lowercase());
            size += v.len();
        } else {
            unsafe_.push(n.to_ascii_lowercase());
        }
    }
    if size > 1024 {
        unsafe_.extend(safelisted);
    }
    unsafe_.sort();
    unsafe_.dedup();
    unsafe_
}

fn no_cors_safelisted(name: &str, value: &str) -> bool {
    [
        "accept",
        "accept-language",
        "content-language",
        "content-type",
    ]
    .contains(&name.to_ascii_lowercase().as_str())
        && is_safelisted_request_header(name, value)
}

fn normalize_method(m: &str) -> String {
    let u = m.to_ascii_uppercase();
    if ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].contains(&u.as_str()) {
        u
    } else {
        m.to_string()
    }
}

fn is_safelisted_method(m: &str) -> bool {
    m == "GET" || m == "HEAD" || m == "POST"
}

fn is_redirect(s: u16) -> bool {
    matches!(s, 301 | 302 | 303 | 307 | 308)
}

fn cors_check(headers: &[(String, String)], origin: &str, include: bool) -> Result<(), String> {
    let Some(acao) = get(headers, "access-control-allow-origin") else {
        return Err("no Access-Control-Allow-Origin header".into());
    };
    if !include && acao == "*" {
        return Ok(());
    }
    if acao != origin {
        return Err(format!(
            "Access-Control-Allow-Origin `{}` does not match the request origin `{}`",
            acao, origin
        ));
    }
    if !include {
        return Ok(());
    }
    match get(headers, "access-control-allow-credentials") {
        Some(v) if v == "true" => Ok(()),
        Some(v) => Err(format!(
            "Access-Control-Allow-Credentials is `{}`, not `true`",
            v
        )),
        None => Err(
            "credentials mode is include and Access-Control-Allow-Credentials is missing".into(),
        ),
    }
}

const SAFELISTED_RESPONSE: &[&str] = &[
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// The Headers iterator view: names lowercased, sorted, combined.
pub fn visible(headers: &[(String, String)], keep: impl Fn(&str) -> bool) -> HeaderList {
    let mut names: Vec<String> = vec![];
    for (n, _) in headers {
        let l = n.to_ascii_lowercase();
        if l == "set-cookie" || l == "set-cookie2" || !keep(&l) {
            continue;
        }
        if !names.contains(&l) {
            names.push(l);
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let v = get(headers, &n).unwrap();
            (n, v)
        })
        .collect()
}

fn parse_max_age(headers: &[(String, String)], neg_zero: bool) -> f64 {
    let vals: Vec<&String> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-max-age"))
        .map(|(_, v)| v)
        .collect();
    if vals.len() != 1 {
        return 5.0;
    }
    let v = vals[0];
    if neg_zero && v.starts_with('-') && v.len() > 1 && v[1..].bytes().all(|b| b.is_ascii_digit()) {
        return 0.0;
    }
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return 5.0;
    }
    v.parse::<f64>().unwrap_or(5.0)
}

pub struct Run {
    pub exchanges: Vec<Exchange>,
    pub outcome: Outcome,
}

impl Sim {
    pub fn new() -> Sim {
        Sim::default()
    }

    fn cache_has(
        &self,
        origin: &str,
        url: &str,
        include: bool,
        now: f64,
        method: Option<&str>,
        header: Option<&str>,
    ) -> bool {
        self.cache.iter().any(|e| {
            e.origin == origin
                && e.url == url
                && e.credentials == include
                && e.expires > now
                && match (method, header) {
                    (Some(m), _) => e
                        .method
                        .as_deref()
                        .is_some_and(|em| em == m || (em == "*" && !include)),
                    (_, Some(h)) => e.header.as_deref().is_some_and(|eh| {
                        eh.eq_ignore_ascii_case(h)
                            || (eh == "*" && !include && !h.eq_ignore_ascii_case("authorization"))
                    }),
                    _ => false,
                }
        })
    }

    pub fn run(&mut self, server: &mut dyn Server, req: &Request, now: f64) -> Run {
        let mut ex = vec![];
        let outcome = self.run_inner(server, req, now, &mut ex);
        Run {
            exchanges: ex,
            outcome,
        }
    }

    fn run_inner(
        &mut self,
        server: &mut dyn Server,
        req: &Request,
        now: f64,
        ex: &mut Vec<Exchange>,
    ) -> Outcome {
        // new Request(): method
        if !is_token(&req.method) {
            return Outcome::Invalid("method is not a valid HTTP token".into());
        }
        if ["CONNECT", "TRACE", "TRACK"].contains(&req.method.to_ascii_uppercase().as_str()) {
            return Outcome::Invalid("forbidden method".into());
        }
        let mut method = normalize_method(&req.method);
        if req.mode == "no-cors" && !is_safelisted_method(&method) {
            return Outcome::Invalid("no-cors mode requires a CORS-safelisted method".into());
        }
        // headers, with the request / request-no-cors guard
        let mut headers: HeaderList = vec![];
        for (n, v) in &req.headers {
            let v = v
                .trim_matches(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
                .to_string();
            if !is_token(n) || v.contains('\0') || v.contains('\n') || v.contains('\r') {
                return Outcome::Invalid(format!("invalid header {:?}", n));
            }
            if is_forbidden_request_header(n, &v) {
                continue;
            }
            if req.mode == "no-cors" {
                if !no_cors_safelisted(n, &v) {
                    continue;
                }
                let mut tmp = headers.clone();
                tmp.push((n.clone(), v.clone()));
                let combined = get(&tmp, n).unwrap();
                if !no_cors_safelisted(n, &combined) {
                    continue;
                }
            }
            headers.push((n.clone(), v));
        }
        let mut body = req.body.clone();
        if body.is_some() {
            if method == "GET" || method == "HEAD" {
                return Outcome::Invalid("GET/HEAD request with a body".into());
            }
            if !has(&headers, "content-type") {
                headers.push(("Content-Type".into(), "text/plain;charset=UTF-8".into()));
            }
        }
        let include_mode = req.credentials == "include";
        let mut cur = req.url.clone();
        let mut url_list = vec![cur.clone()];
        let mut tainting = "basic";
        let mut tainted_origin = false;
        let mut redirect_count = 0;

        loop {
            // main fetch
            let same = same_origin(&cur, &req.origin) && req.origin != "null";
            let mut preflight = false;
            if same && tainting == "basic" {
                // basic
            } else if req.mode == "same-origin" {
                return Outcome::NetErr("mode is same-origin and the URL is cross-origin".into());
            } else if req.mode == "no-cors" {
                if req.redirect != "follow" {
                    return Outcome::NetErr(
                        "no-cors cross-origin request with redirect mode other than follow".into(),
                    );
                }
                tainting = "opaque";
            } else {
                let scheme = Url::parse(&cur).unwrap().scheme().to_string();
                if scheme != "http" && scheme != "https" {
                    return Outcome::NetErr("not an HTTP(S) URL".into());
                }
                tainting = "cors";
                if req.use_cors_preflight
                    || !is_safelisted_method(&method)
                    || !unsafe_names(&headers).is_empty()
                {
                    preflight = true;
                }
            }
            let origin_ser = if tainted_origin {
                "null".to_string()
            } else {
                req.origin.clone()
            };
            let include = include_mode || (req.credentials == "same-origin" && tainting == "basic");

            if preflight {
                let wire = wire_url(&cur);
                let unsafe_ = unsafe_names(&headers);
                let method_cached =
                    self.cache_has(&origin_ser, &wire, include_mode, now, Some(&method), None);
                let need = (!method_cached
                    && (!is_safelisted_method(&method) || req.use_cors_preflight))
                    || unsafe_.iter().any(|h| {
                        !self.cache_has(&origin_ser, &wire, include_mode, now, None, Some(h))
                    });
                if need {
                    let mut ph: HeaderList = vec![
                        ("Accept".into(), "*/*".into()),
                        ("Access-Control-Request-Method".into(), method.clone()),
                    ];
                    if !unsafe_.is_empty() {
                        ph.push(("Access-Control-Request-Headers".into(), unsafe_.join(",")));
                    }
                    ph.push(("Origin".into(), origin_ser.clone()));
                    let hreq = HReq {
                        method: "OPTIONS".into(),
                        url: wire.clone(),
                        headers: ph.clone(),
                        referer: req.ua_referer.clone(),
                        body: None,
                        observed: RefCell::new(vec![]),
                    };
                    let resp = server.respond(&hreq);
                    let mut sent: HeaderList = vec![
                        ("accept".into(), "*/*".into()),
                        ("origin".into(), origin_ser.clone()),
                        ("access-control-request-method".into(), method.clone()),
                    ];
                    let mut absent = vec![];
                    if !unsafe_.is_empty() {
                        sent.push(("access-control-request-headers".into(), unsafe_.join(",")));
                    } else {
                        absent.push("access-control-request-headers".to_string());
                    }
                    // Other request headers the handler's answer depended on
                    // (e.g. a custom header it refuses to see on a preflight).
                    for n in hreq.observed.borrow().iter() {
                        if sent.iter().any(|(k, _)| k == n) || absent.contains(n) {
                            continue;
                        }
                        match get(&ph, n) {
                            Some(v) => sent.push((n.clone(), v)),
                            None => absent.push(n.clone()),
                        }
                    }
                    ex.push(Exchange {
                        method: "OPTIONS".into(),
                        url: wire.clone(),
                        credentials: false,
                        headers: sent,
                        absent,
                        response: resp.clone(),
                    });
                    if let Err(e) = cors_check(&resp.headers, &origin_ser, include_mode) {
                        return Outcome::NetErr(format!("preflight: {}", e));
                    }
                    if !(200..=299).contains(&resp.status) {
                        return Outcome::NetErr(format!(
                            "preflight answered with status {} (not an ok status)",
                            resp.status
                        ));
                    }
                    let methods = match extract_list(&resp.headers, "access-control-allow-methods")
                    {
                        Some(Err(())) => {
                            return Outcome::NetErr(
                                "preflight: Access-Control-Allow-Methods does not parse".into(),
                            )
                        }
                        Some(Ok(v)) => v,
                        None => vec![],
                    };
                    let names = match extract_list(&resp.headers, "access-control-allow-headers") {
                        Some(Err(())) => {
                            return Outcome::NetErr(
                                "preflight: Access-Control-Allow-Headers does not parse".into(),
                            )
                        }
                        Some(Ok(v)) => v,
                        None => vec![],
                    };
                    let methods = if methods.is_empty() && req.use_cors_preflight {
                        vec![method.clone()]
                    } else {
                        methods
                    };
                    if !methods.contains(&method)
                        && !is_safelisted_method(&method)
                        && (include_mode || !methods.iter().any(|m| m == "*"))
                    {
                        return Outcome::NetErr(format!(
                            "preflight: method `{}` not in Access-Control-Allow-Methods",
                            method
                        ));
                    }
                    for h in &unsafe_ {
                        if h == "authorization" && !names.iter().any(|n| n.eq_ignore_ascii_case(h))
                        {
                            return Outcome::NetErr("preflight: `authorization` is not listed in Access-Control-Allow-Headers (`*` does not cover it)".into());
                        }
                        if !names.iter().any(|n| n.eq_ignore_ascii_case(h))
                            && (include_mode || !names.iter().any(|n| n == "*"))
                        {
                            return Outcome::NetErr(format!(
                                "preflight: header `{}` not in Access-Control-Allow-Headers",
                                h
                            ));
                        }
                    }
                    let max_age = parse_max_age(&resp.headers, req.wpt_quirk_negative_max_age);
                    for m in &methods {
                        self.cache.retain(|e| {
                            !(e.origin == origin_ser
                                && e.url == wire
                                && e.credentials == include_mode
                                && e.method.as_deref() == Some(m))
                        });
                        self.cache.push(CacheEntry {
                            origin: origin_ser.clone(),
                            url: wire.clone(),
                            credentials: include_mode,
                            method: Some(m.clone()),
                            header: None,
                            expires: now + max_age,
                        });
                    }
                    for h in &names {
                        self.cache.retain(|e| {
                            !(e.origin == origin_ser
                                && e.url == wire
                                && e.credentials == include_mode
                                && e.header
                                    .as_deref()
                                    .is_some_and(|x| x.eq_ignore_ascii_case(h)))
                        });
                        self.cache.push(CacheEntry {
                            origin: origin_ser.clone(),
                            url: wire.clone(),
                            credentials: include_mode,
                            method: None,
                            header: Some(h.clone()),
                            expires: now + max_age,
                        });
                    }
                }
            }

            // HTTP-network-or-cache fetch: the request on the wire
            let mut wh = headers.clone();
            if !has(&wh, "accept") {
                wh.push(("Accept".into(), "*/*".into()));
            }
            let origin_header = if tainting == "cors" {
                Some(origin_ser.clone())
            } else if req.wpt_quirk_no_origin && tainting == "basic" && url_list.len() > 1 {
                None
            } else if method != "GET" && method != "HEAD" {
                let pol = req.referrer_policy.as_deref().unwrap_or("");
                let cross = !same_origin(&cur, &req.origin) || req.origin == "null";
                // the referrer-policy switch applies only when the mode is not "cors"
                let pol = if req.mode == "cors" {
                    "unsafe-url"
                } else {
                    pol
                };
                let serial = match pol {
                    "no-referrer" => "null".to_string(),
                    "same-origin" if cross => "null".to_string(),
                    "no-referrer-when-downgrade"
                    | "strict-origin"
                    | "strict-origin-when-cross-origin"
                    | "" if req.origin.starts_with("https:") && !cur.starts_with("https:") => {
                        "null".to_string()
                    }
                    _ => origin_ser.clone(),
                };
                Some(serial)
            } else {
                None
            };
            if let Some(o) = &origin_header {
                wh.push(("Origin".into(), o.clone()));
            }
            let wire = wire_url(&cur);
            let hreq = HReq {
                method: method.clone(),
                url: wire.clone(),
                headers: wh.clone(),
                referer: req.ua_referer.clone(),
                body: body.clone(),
                observed: RefCell::new(vec![]),
            };
            let resp = server.respond(&hreq);
            for n in &req.reads {
                hreq.header(n);
            }
            let mut sent = vec![];
            let mut absent = vec![];
            for n in hreq.observed.borrow().iter() {
                match get(&wh, n) {
                    Some(v) => sent.push((n.clone(), v)),
                    None => absent.push(n.clone()),
                }
            }
            ex.push(Exchange {
                method: method.clone(),
                url: wire.clone(),
                credentials: include,
                headers: sent,
                absent,
                response: resp.clone(),
            });

            if tainting == "cors" {
                if let Err(e) = cors_check(&resp.headers, &origin_ser, include_mode) {
                    return Outcome::NetErr(format!(
                        "CORS check failed{}: {}",
                        if is_redirect(resp.status) {
                            " on the redirect response"
                        } else {
                            ""
                        },
                        e
                    ));
                }
            }
            if is_redirect(resp.status) {
                // HTTP fetch: "If internalResponse's status is a redirect
                // status: ... Switch on request's redirect mode" -- before
                // (and whether or not) a Location is parsed; the location URL
                // is only looked at by HTTP-redirect fetch ("follow").
                match req.redirect {
                    "error" => return Outcome::NetErr("redirect mode is error".into()),
                    "manual" => {
                        return Outcome::Resp {
                            typ: "opaqueredirect",
                            status: 0,
                            headers: vec![],
                            redirected: url_list.len() > 1,
                            url: None,
                        };
                    }
                    _ => {}
                }
                // HTTP-redirect fetch: "If locationURL is null, then return
                // response."
                if let Some(loc) = get(&resp.headers, "location") {
                    let base = Url::parse(&cur).unwrap();
                    let Ok(mut loc_url) = base.join(&loc) else {
                        return Outcome::NetErr("Location does not parse".into());
                    };
                    if loc_url.fragment().is_none() {
                        if let Some(f) = base.fragment() {
                            loc_url.set_fragment(Some(f));
                        }
                    }
                    if loc_url.scheme() != "http" && loc_url.scheme() != "https" {
                        return Outcome::NetErr(format!(
                            "redirect to a non-HTTP(S) URL ({})",
                            loc_url.scheme()
                        ));
                    }
                    if redirect_count == 20 {
                        return Outcome::NetErr("too many redirects".into());
                    }
                    redirect_count += 1;
                    let loc_s = loc_url.to_string();
                    let has_creds = !loc_url.username().is_empty() || loc_url.password().is_some();
                    if req.mode == "cors" && has_creds && !same_origin(&req.origin, &loc_s) {
                        return Outcome::NetErr(
                            "redirect to a cross-origin URL that includes credentials".into(),
                        );
                    }
                    if tainting == "cors" && has_creds {
                        return Outcome::NetErr(
                            "CORS redirect to a URL that includes credentials".into(),
                        );
                    }
                    if ((resp.status == 301 || resp.status == 302) && method == "POST")
                        || (resp.status == 303 && method != "GET" && method != "HEAD")
                    {
                        method = "GET".into();
                        body = None;
                        for h in [
                            "content-encoding",
                            "content-language",
                            "content-location",
                            "content-type",
                        ] {
                            remove(&mut headers, h);
                        }
                    }
                    if !same_origin(&cur, &loc_s) {
                        remove(&mut headers, "authorization");
                        if !same_origin(&req.origin, &cur) || req.origin == "null" {
                            tainted_origin = true;
                        }
                    }
                    cur = loc_s;
                    url_list.push(cur.clone());
                    continue;
                }
            }
            let final_url = Some(wire_url(&cur));
            let redirected = url_list.len() > 1;
            return match tainting {
                "basic" => Outcome::Resp {
                    typ: "basic",
                    status: resp.status,
                    headers: visible(&resp.headers, |_| true),
                    redirected,
                    url: final_url,
                },
                "opaque" => Outcome::Resp {
                    typ: "opaque",
                    status: 0,
                    headers: vec![],
                    redirected: false,
                    url: None,
                },
                _ => {
                    let exposed = match extract_list(&resp.headers, "access-control-expose-headers")
                    {
                        Some(Ok(v)) => v,
                        _ => vec![],
                    };
                    let star = !include_mode && exposed.iter().any(|e| e == "*");
                    let hs = visible(&resp.headers, |n| {
                        star || SAFELISTED_RESPONSE.contains(&n)
                            || exposed.iter().any(|e| e.eq_ignore_ascii_case(n))
                    });
                    Outcome::Resp {
                        typ: "cors",
                        status: resp.status,
                        headers: hs,
                        redirected,
                        url: final_url,
                    }
                }
            };
        }
    }
}
