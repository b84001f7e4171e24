//! Vectors, files and their JSON form (cors-vectors/1).

use crate::sim::{Exchange, Outcome, Request};
use serde_json::{json, Map, Value};

pub struct Fetch {
    pub at: f64,
    pub request: Request,
    pub exchanges: Vec<Exchange>,
    pub expect: Outcome,
    pub reason: Option<String>,
}

pub struct Vector {
    pub name: String,
    pub policy: Option<Value>,
    pub fetches: Vec<Fetch>,
}

fn pairs(h: &[(String, String)]) -> Value {
    Value::Array(h.iter().map(|(n, v)| json!([n, v])).collect())
}

fn num(f: f64) -> Value {
    if f.fract() == 0.0 {
        json!(f as i64)
    } else {
        json!(f)
    }
}

fn request_json(r: &Request) -> Value {
    let mut m = Map::new();
    m.insert("url".into(), json!(r.url));
    m.insert("method".into(), json!(r.method));
    m.insert("origin".into(), json!(r.origin));
    m.insert("mode".into(), json!(r.mode));
    m.insert("credentials".into(), json!(r.credentials));
    m.insert("redirect".into(), json!(r.redirect));
    m.insert("headers".into(), pairs(&r.headers));
    if let Some(b) = &r.body {
        m.insert("body".into(), json!(b));
    }
    if r.use_cors_preflight {
        m.insert("use_cors_preflight".into(), json!(true));
    }
    if let Some(p) = &r.referrer_policy {
        m.insert("referrer_policy".into(), json!(p));
    }
    Value::Object(m)
}

fn exchange_json(e: &Exchange) -> Value {
    let mut sent = Map::new();
    sent.insert("method".into(), json!(e.method));
    sent.insert("url".into(), json!(e.url));
    sent.insert("credentials".into(), json!(e.credentials));
    sent.insert("headers".into(), pairs(&e.headers));
    if !e.absent.is_empty() {
        sent.insert("absent".into(), json!(e.absent));
    }
    let mut resp = Map::new();
    resp.insert("status".into(), json!(e.response.status));
    resp.insert("headers".into(), pairs(&e.response.headers));
    json!({"sent": Value::Object(sent), "response": Value::Object(resp)})
}

fn outcome_json(o: &Outcome, reason: &Option<String>) -> Value {
    let mut m = Map::new();
    match o {
        Outcome::Invalid(r) => {
            m.insert("outcome".into(), json!("invalid-request"));
            m.insert(
                "reason".into(),
                json!(reason.clone().unwrap_or_else(|| r.clone())),
            );
        }
        Outcome::NetErr(r) => {
            m.insert("outcome".into(), json!("network-error"));
            m.insert(
                "reason".into(),
                json!(reason.clone().unwrap_or_else(|| r.clone())),
            );
        }
        Outcome::Resp {
            typ,
            status,
            headers,
            redirected,
            url,
        } => {
            m.insert("outcome".into(), json!("response"));
            m.insert("type".into(), json!(typ));
            m.insert("status".into(), json!(status));
            m.insert("headers".into(), pairs(headers));
            if *typ != "opaque" && *typ != "opaqueredirect" {
                m.insert("redirected".into(), json!(redirected));
                if let Some(u) = url {
                    m.insert("url".into(), json!(u));
                }
            }
            if let Some(r) = reason {
                m.insert("reason".into(), json!(r));
            }
        }
    }
    Value::Object(m)
}

pub fn vector_json(v: &Vector) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(v.name));
    if let Some(p) = &v.policy {
        m.insert("policy".into(), p.clone());
    }
    let fetches: Vec<Value> = v
        .fetches
        .iter()
        .map(|f| {
            let mut fm = Map::new();
            fm.insert("at".into(), num(f.at));
            fm.insert("request".into(), request_json(&f.request));
            fm.insert(
                "exchanges".into(),
                Value::Array(f.exchanges.iter().map(exchange_json).collect()),
            );
            fm.insert("expect".into(), outcome_json(&f.expect, &f.reason));
            Value::Object(fm)
        })
        .collect();
    m.insert("fetches".into(), Value::Array(fetches));
    Value::Object(m)
}

pub fn file_json(source: &str, vectors: &[Vector]) -> String {
    let v = json!({
        "format": "cors-vectors/1",
        "source": source,
        "vectors": vectors.iter().map(vector_json).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("json");
    s.push('\n');
    s
}
