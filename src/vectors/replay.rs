//! Replays vectors against the engine, as the format's "Replay rules" say.

use std::fmt;

use serde::Serialize;
use url::Url;

use super::format::{Exchange, FetchSpec, Outcome, RequestSpec, Sent, Vector, VectorFile};
use crate::fetch::{Action, Fetch, OutgoingRequest};
use crate::headers::{escape_bytes, HeaderList};
use crate::policy::Profile;
use crate::request::{Body, Request};
use crate::response::{Response, ResponseHead};
use crate::{FetchError, PreflightCache, Timestamp};

/// How to replay.
#[derive(Clone, Debug, Default)]
pub struct ReplayOptions {
    /// Replay under this profile instead of each vector's own.
    pub profile: Option<Profile>,
}

/// The first difference between a vector and the engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Which fetch of the vector (0-based).
    pub fetch: usize,
    /// What differed.
    pub difference: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fetch {}: {}", self.fetch, self.difference)
    }
}

/// One vector's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VectorResult {
    /// The vector's name.
    pub name: String,
    /// `None` when it passed.
    pub mismatch: Option<Mismatch>,
}

impl VectorResult {
    /// Whether the vector passed.
    pub fn passed(&self) -> bool {
        self.mismatch.is_none()
    }
}

/// Replays every vector of a file.
pub fn replay_file(file: &VectorFile, options: &ReplayOptions) -> Vec<VectorResult> {
    file.vectors
        .iter()
        .map(|vector| VectorResult {
            name: vector.name.clone(),
            mismatch: replay_vector(vector, options).err(),
        })
        .collect()
}

/// Replays one vector: its fetches in order against one cache and one
/// virtual clock.
pub fn replay_vector(vector: &Vector, options: &ReplayOptions) -> Result<(), Mismatch> {
    let policy = vector.policy(options.profile).map_err(|e| Mismatch {
        fetch: 0,
        difference: e.to_string(),
    })?;
    let mut cache = PreflightCache::new(policy.cache_capacity);
    let mut at = 0.0;
    for (index, spec) in vector.fetches.iter().enumerate() {
        at = spec.at.unwrap_or(at);
        let now = Timestamp::from_secs_f64(at);
        replay_fetch(spec, &policy, &mut cache, now).map_err(|difference| Mismatch {
            fetch: index,
            difference,
        })?;
    }
    Ok(())
}

fn replay_fetch(
    spec: &FetchSpec,
    policy: &crate::Policy,
    cache: &mut PreflightCache,
    now: Timestamp,
) -> Result<(), String> {
    let request = match build_request(&spec.request, policy) {
        Ok(request) => request,
        Err(error) => return compare_outcome(&spec.expect, &Err(error), 0, &spec.exchanges),
    };
    let mut fetch = Fetch::new(request, policy);
    let mut used = 0;
    loop {
        match fetch.poll(cache, now) {
            Action::Send(out) => {
                let Some(exchange) = spec.exchanges.get(used) else {
                    return Err(format!(
                        "UA sent an unexpected request: {} {} (only {} recorded)",
                        out.method,
                        out.url,
                        spec.exchanges.len()
                    ));
                };
                compare_sent(used, &exchange.sent, &out)?;
                let response = response_head(exchange)?;
                used += 1;
                fetch
                    .handle_response(response)
                    .map_err(|e| format!("replayer bug: {e}"))?;
            }
            Action::Done(outcome) => {
                return compare_outcome(&spec.expect, outcome, used, &spec.exchanges)
            }
        }
    }
}

/// `fetch()`'s view of the vector's request, through the builder's rules
/// (the `Headers` guard's under `policy`).
pub(super) fn build_request(
    spec: &RequestSpec,
    policy: &crate::Policy,
) -> Result<Request, FetchError> {
    let invalid = |what: &'static str, input: &str, reason: String| FetchError::InvalidUrl {
        what,
        input: input.as_bytes().to_vec(),
        reason,
    };
    let url = Url::parse(&spec.url).map_err(|e| invalid("URL", &spec.url, e.to_string()))?;
    let mut builder = Request::builder(url, &spec.origin).policy(policy);
    if let Some(method) = &spec.method {
        builder = builder.method(byte_string(method).map_err(|_| FetchError::InvalidMethod {
            method: method.as_bytes().to_vec(),
        })?);
    }
    let token = |what: &'static str, s: &str, e: crate::request::UnknownToken| {
        invalid(what, s, e.to_string())
    };
    if let Some(mode) = &spec.mode {
        builder = builder.mode(mode.parse().map_err(|e| token("mode", mode, e))?);
    }
    if let Some(credentials) = &spec.credentials {
        builder = builder.credentials(
            credentials
                .parse()
                .map_err(|e| token("credentials", credentials, e))?,
        );
    }
    if let Some(redirect) = &spec.redirect {
        builder = builder.redirect(
            redirect
                .parse()
                .map_err(|e| token("redirect", redirect, e))?,
        );
    }
    if let Some(policy) = &spec.referrer_policy {
        builder = builder.referrer_policy(
            policy
                .parse()
                .map_err(|e| token("referrer_policy", policy, e))?,
        );
    }
    for (name, value) in &spec.headers {
        // A JS ByteString: a code point above U+00FF throws a TypeError.
        let (Ok(name), Ok(value)) = (byte_string(name), byte_string(value)) else {
            return Err(FetchError::InvalidHeaderValue {
                name: name.clone(),
                value: value.as_bytes().to_vec(),
            });
        };
        builder = builder.header(name, value);
    }
    if spec.body.is_some() {
        builder = builder.body(Body::text());
    }
    if spec.use_cors_preflight == Some(true) {
        builder = builder.use_cors_preflight(true);
    }
    builder.build()
}

/// Isomorphic encode, failing on a code point above U+00FF.
fn byte_string(s: &str) -> Result<Vec<u8>, ()> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).map_err(|_| ()))
        .collect()
}

/// Header bytes as a server sends them: Latin-1 when the text fits, else
/// UTF-8.
fn wire_bytes(s: &str) -> Vec<u8> {
    byte_string(s).unwrap_or_else(|()| s.as_bytes().to_vec())
}

pub(super) fn response_head(exchange: &Exchange) -> Result<ResponseHead, String> {
    // Values go in as the server sent them (a hostile server may send NUL);
    // only the names must be tokens, as any HTTP parser ensures.
    let mut headers = HeaderList::with_capacity(exchange.response.headers.len());
    for (name, value) in &exchange.response.headers {
        let name = http::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("vector's response header name `{name}` is not a token"))?;
        headers.append(name, wire_bytes(value));
    }
    Ok(ResponseHead {
        status: exchange.response.status,
        headers,
    })
}

/// Whether `url`, a URL with a username or password, is `recorded` as a
/// request target shows it: an HTTP request line carries no userinfo (a
/// user agent sends it as `Authorization`), so a recording from the wire
/// has none.
fn same_on_the_wire(url: &Url, recorded: &str) -> bool {
    use crate::redirect::{includes_credentials, without_credentials};
    includes_credentials(url) && without_credentials(url).as_str() == recorded
}

fn compare_sent(index: usize, sent: &Sent, out: &OutgoingRequest<'_>) -> Result<(), String> {
    let at = |what: String| format!("exchange {index} ({} {}): {what}", out.method, out.url);
    if out.method.as_str() != sent.method {
        return Err(at(format!(
            "UA sent method `{}`, recorded `{}`",
            out.method, sent.method
        )));
    }
    if out.url.as_str() != sent.url && !same_on_the_wire(out.url, &sent.url) {
        return Err(at(format!(
            "UA sent URL {}, recorded {}",
            out.url, sent.url
        )));
    }
    if let Some(credentials) = sent.credentials {
        if credentials != out.include_credentials {
            return Err(at(format!(
                "UA sent credentials: {}, recorded {credentials}",
                out.include_credentials
            )));
        }
    }
    for (name, value) in &sent.headers {
        let want = wire_bytes(value);
        match out.headers.get(name.as_str()) {
            None => return Err(at(format!("header `{name}` missing, recorded `{value}`"))),
            Some(have) if *have != want[..] => {
                return Err(at(format!(
                    "header `{name}` is `{}`, recorded `{value}`",
                    escape_bytes(&have)
                )))
            }
            Some(_) => {}
        }
    }
    for name in &sent.absent {
        if let Some(have) = out.headers.get(name.as_str()) {
            return Err(at(format!(
                "header `{name}` must be absent, UA sent `{}`",
                escape_bytes(&have)
            )));
        }
    }
    Ok(())
}

fn compare_outcome(
    expect: &Outcome,
    actual: &Result<Response, FetchError>,
    used: usize,
    exchanges: &[Exchange],
) -> Result<(), String> {
    if used < exchanges.len() {
        return Err(format!(
            "UA sent fewer requests than recorded ({used} of {}), then finished with {}",
            exchanges.len(),
            describe(actual)
        ));
    }
    match (expect, actual) {
        (Outcome::InvalidRequest { .. }, Err(e)) if e.is_invalid_request() => Ok(()),
        (Outcome::NetworkError { .. }, Err(e)) if !e.is_invalid_request() => Ok(()),
        (
            Outcome::Response {
                response_type,
                status,
                headers,
                redirected,
                url,
                ..
            },
            Ok(response),
        ) => {
            if response.response_type.as_str() != response_type {
                return Err(format!(
                    "expected a {response_type} response, got {}",
                    describe(actual)
                ));
            }
            if response.status != *status {
                return Err(format!("expected status {status}, got {}", response.status));
            }
            let shown: Vec<(String, String)> = response
                .visible_headers()
                .into_iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        v.iter().map(|&b| char::from(b)).collect(),
                    )
                })
                .collect();
            let expected: Vec<(String, String)> = headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.clone(),
                        wire_bytes(v).iter().map(|&b| char::from(b)).collect(),
                    )
                })
                .collect();
            if shown != expected {
                return Err(format!("visible headers {shown:?}, expected {expected:?}"));
            }
            if let Some(redirected) = redirected {
                if response.redirected() != *redirected {
                    return Err(format!(
                        "redirected is {}, expected {redirected}",
                        response.redirected()
                    ));
                }
            }
            if let Some(url) = url {
                let have = response.url().map_or("", Url::as_str);
                if have != url {
                    return Err(format!("response URL is `{have}`, expected `{url}`"));
                }
            }
            Ok(())
        }
        (expect, actual) => Err(format!(
            "expected {}, got {}",
            expected_kind(expect),
            describe(actual)
        )),
    }
}

fn expected_kind(expect: &Outcome) -> String {
    match expect {
        Outcome::InvalidRequest { .. } => "invalid-request".into(),
        Outcome::NetworkError { .. } => "network-error".into(),
        Outcome::Response {
            response_type,
            status,
            ..
        } => format!("a {response_type} response ({status})"),
    }
}

fn describe(actual: &Result<Response, FetchError>) -> String {
    match actual {
        Ok(r) => format!("a {} response ({})", r.response_type, r.status),
        Err(e) if e.is_invalid_request() => format!("invalid-request: {e}"),
        Err(e) => format!("network-error: {e} [{}]", e.spec_anchor()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A redirect to a URL with userinfo goes out with it in the URL (the
    /// caller turns it into `Authorization`); a recording from the wire
    /// has the request target only (browser-vectors/firefox/redirects.json:
    /// `GET same-origin answered 302 with a Location with userinfo on
    /// app.example.test (same origin), ...`).
    #[test]
    fn userinfo_is_not_on_the_wire() {
        let url = Url::parse("http://user:pass@app.example.test/r/1").unwrap();
        assert!(same_on_the_wire(&url, "http://app.example.test/r/1"));
        assert!(!same_on_the_wire(&url, "http://app.example.test/r/2"));
        let bare = Url::parse("http://app.example.test/r/1").unwrap();
        assert!(!same_on_the_wire(&bare, "http://app.example.test/r/1"));
    }
}
