//! The input language of the `request` and `fetch` targets: one command per
//! line, a keyword and its argument separated by the first space. Lines
//! that do not parse are skipped, so every byte string is a script, and a
//! crash input reads like a test case.
//!
//! ```text
//! profile chromium             the policy's profile (spec by default)
//! capacity 4                   the preflight cache's capacity
//! max-age-cap 600              the policy's cap on max-age (`none` for no cap)
//! default-max-age 5
//! toggle NAME                  flips a boolean knob of the policy (see `toggle`)
//! fetch https://api.example/x  starts a fetch of this URL
//! origin https://app.example   the client's origin (`null` for an opaque one)
//! method PUT
//! mode no-cors                 cors, no-cors, same-origin, navigate
//! credentials include          omit, same-origin, include
//! redirect manual              follow, error, manual
//! referrer-policy no-referrer
//! body text                    text, stream, or `bytes [CONTENT-TYPE]`
//! flag use-cors-preflight      or `flag user-agent` (unsets unsafe-request)
//! partition KEY                the network partition key
//! header NAME: VALUE           a request header; after `response`, a response header
//! response 302                 answers the fetch's next request
//! wait 10                      advances the clock by whole seconds
//! at 4.5                       moves the clock to this time, never backwards
//! ```
//!
//! The policy lines may come anywhere. When a fetch sends more requests
//! than it has `response` lines, its last response answers again (or an
//! empty 200 when it has none), so a single redirect loops to the limit.

use fetch_cors::policy::MethodMatch;
use fetch_cors::request::{Body, NetworkPartitionKey};
use fetch_cors::{FetchError, HeaderList, Policy, Profile, Request, ResponseHead, Timestamp};
use http::header::HeaderName;
use url::Url;

/// A parsed script.
#[derive(Debug)]
pub struct Script {
    /// The policy every fetch runs under.
    pub policy: Policy,
    /// The cache's capacity, if the script sets one.
    pub capacity: Option<usize>,
    /// Clock moves before the first fetch.
    pub start: Vec<Clock>,
    /// The fetches, in order, against one cache and one clock.
    pub fetches: Vec<FetchScript>,
}

/// A move of the caller's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clock {
    /// Forward by whole seconds.
    Wait(u64),
    /// To this time, unless it is already later.
    At(Timestamp),
}

impl Clock {
    /// The time after this move.
    pub fn apply(self, now: Timestamp) -> Timestamp {
        match self {
            Clock::Wait(secs) => now.saturating_add_secs(secs),
            Clock::At(t) => now.max(t),
        }
    }
}

/// A request body, as the script names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodySpec {
    /// A string: `text/plain;charset=UTF-8`.
    Text,
    /// A `ReadableStream`.
    Stream,
    /// Bytes with the type extraction gives, if any.
    Bytes(Option<String>),
}

impl BodySpec {
    /// The `Content-Type` extracting the body gives.
    pub fn content_type(&self) -> Option<&[u8]> {
        match self {
            BodySpec::Text => Some(b"text/plain;charset=UTF-8"),
            BodySpec::Stream => None,
            BodySpec::Bytes(t) => t.as_deref().map(str::as_bytes),
        }
    }

    fn body(&self) -> Body {
        match self {
            BodySpec::Text => Body::text(),
            BodySpec::Stream => Body::stream(),
            BodySpec::Bytes(t) => Body::bytes(t.as_deref()),
        }
    }
}

/// What happens between two requests of a fetch.
#[derive(Clone, Debug)]
pub enum Step {
    /// The clock moves.
    Clock(Clock),
    /// The answer to the next request.
    Respond(ResponseHead),
}

/// One fetch: the request, then the answers and clock moves.
#[derive(Clone, Debug)]
pub struct FetchScript {
    /// The URL, as bytes (isomorphic-decoded before parsing).
    pub url: Vec<u8>,
    /// The client's serialized origin.
    pub origin: Vec<u8>,
    /// `init.method`, if given.
    pub method: Option<Vec<u8>>,
    /// `init.mode`.
    pub mode: Option<fetch_cors::request::Mode>,
    /// `init.credentials`.
    pub credentials: Option<fetch_cors::request::CredentialsMode>,
    /// `init.redirect`.
    pub redirect: Option<fetch_cors::request::RedirectMode>,
    /// `init.referrerPolicy`.
    pub referrer_policy: Option<fetch_cors::request::ReferrerPolicy>,
    /// Author headers as given: names and values not yet validated.
    pub headers: Vec<(Vec<u8>, Vec<u8>)>,
    /// `init.body`.
    pub body: Option<BodySpec>,
    /// The use-CORS-preflight flag.
    pub use_cors_preflight: bool,
    /// Started by the user agent rather than script.
    pub from_user_agent: bool,
    /// The network partition key.
    pub partition: Option<String>,
    /// Answers and clock moves, in order.
    pub steps: Vec<Step>,
}

impl FetchScript {
    fn new(url: &[u8]) -> Self {
        FetchScript {
            url: url.to_vec(),
            origin: b"https://app.example".to_vec(),
            method: None,
            mode: None,
            credentials: None,
            redirect: None,
            referrer_policy: None,
            headers: Vec::new(),
            body: None,
            use_cors_preflight: false,
            from_user_agent: false,
            partition: None,
            steps: Vec::new(),
        }
    }

    /// Builds the request as `new Request()` would; `None` when the URL
    /// does not parse (there is nothing to build from).
    pub fn build(&self) -> Option<Result<Request, FetchError>> {
        let url = Url::parse(&latin1(&self.url)).ok()?;
        let mut builder = Request::builder(url, latin1(&self.origin));
        if let Some(method) = &self.method {
            builder = builder.method(method);
        }
        if let Some(mode) = self.mode {
            builder = builder.mode(mode);
        }
        if let Some(credentials) = self.credentials {
            builder = builder.credentials(credentials);
        }
        if let Some(redirect) = self.redirect {
            builder = builder.redirect(redirect);
        }
        if let Some(policy) = self.referrer_policy {
            builder = builder.referrer_policy(policy);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &self.body {
            builder = builder.body(body.body());
        }
        if self.use_cors_preflight {
            builder = builder.use_cors_preflight(true);
        }
        if self.from_user_agent {
            builder = builder.from_user_agent();
        }
        if let Some(key) = &self.partition {
            builder = builder.partition_key(NetworkPartitionKey(key.clone()));
        }
        Some(builder.build())
    }
}

impl Script {
    /// Reads a script; never fails.
    pub fn parse(data: &[u8]) -> Script {
        let mut script = Script {
            policy: Policy::spec(),
            capacity: None,
            start: Vec::new(),
            fetches: Vec::new(),
        };
        for line in super::lines(data) {
            let (keyword, arg) = match line.iter().position(|&b| b == b' ') {
                Some(space) => (&line[..space], &line[space + 1..]),
                None => (line, &b""[..]),
            };
            script.command(keyword, arg);
        }
        script
    }

    /// The preflight cache's capacity.
    pub fn capacity(&self) -> usize {
        self.capacity.unwrap_or(self.policy.cache_capacity)
    }

    fn command(&mut self, keyword: &[u8], arg: &[u8]) {
        let text = std::str::from_utf8(arg).ok();
        match keyword {
            b"profile" => {
                if let Some(profile) = text.and_then(|t| t.parse::<Profile>().ok()) {
                    self.policy = Policy::from_profile(profile);
                }
            }
            b"capacity" => {
                if let Some(n) = number(arg) {
                    self.capacity = Some(usize::try_from(n).unwrap_or(usize::MAX));
                }
            }
            b"max-age-cap" if arg == b"none" => self.policy.max_age_cap = None,
            b"max-age-cap" => self.policy.max_age_cap = number(arg).or(self.policy.max_age_cap),
            b"default-max-age" => {
                self.policy.default_max_age = number(arg).unwrap_or(self.policy.default_max_age)
            }
            b"toggle" => self.toggle(arg),
            b"wait" | b"at" => {
                let clock = if keyword == b"wait" {
                    number(arg).map(Clock::Wait)
                } else {
                    let secs = text.and_then(|t| t.parse::<f64>().ok());
                    secs.map(|secs| Clock::At(Timestamp::from_secs_f64(secs)))
                };
                let Some(clock) = clock else { return };
                match self.fetches.last_mut() {
                    Some(fetch) => fetch.steps.push(Step::Clock(clock)),
                    None => self.start.push(clock),
                }
            }
            b"fetch" => self.fetches.push(FetchScript::new(arg)),
            _ => {
                if let Some(fetch) = self.fetches.last_mut() {
                    fetch.command(keyword, arg, text);
                }
            }
        }
    }

    /// Flips one boolean knob of the policy (or `method-match` between its
    /// two values).
    fn toggle(&mut self, knob: &[u8]) {
        let p = &mut self.policy;
        match knob {
            b"authorization-covered-by-wildcard" => p.authorization_covered_by_wildcard ^= true,
            b"clear-cache-on-failure" => p.clear_cache_on_failure ^= true,
            b"credentialed-entries-serve-uncredentialed" => {
                p.credentialed_entries_serve_uncredentialed ^= true
            }
            b"wildcard-entries-serve-credentialed" => p.wildcard_entries_serve_credentialed ^= true,
            b"method-match" => {
                p.method_match = match p.method_match {
                    MethodMatch::Exact => MethodMatch::UppercaseLegacy,
                    MethodMatch::UppercaseLegacy => MethodMatch::Exact,
                }
            }
            _ => {}
        }
    }
}

impl FetchScript {
    fn command(&mut self, keyword: &[u8], arg: &[u8], text: Option<&str>) {
        match keyword {
            b"origin" => self.origin = arg.to_vec(),
            b"method" => self.method = Some(arg.to_vec()),
            b"mode" => self.mode = text.and_then(|t| t.parse().ok()).or(self.mode),
            b"credentials" => {
                self.credentials = text.and_then(|t| t.parse().ok()).or(self.credentials)
            }
            b"redirect" => self.redirect = text.and_then(|t| t.parse().ok()).or(self.redirect),
            b"referrer-policy" => {
                self.referrer_policy = text.and_then(|t| t.parse().ok()).or(self.referrer_policy)
            }
            b"body" => {
                self.body = match arg.strip_prefix(b"bytes") {
                    Some(b"") => Some(BodySpec::Bytes(None)),
                    Some(rest) => match rest.strip_prefix(b" ") {
                        Some(t) => Some(BodySpec::Bytes(Some(latin1(t)))),
                        None => self.body.take(),
                    },
                    None => match arg {
                        b"text" => Some(BodySpec::Text),
                        b"stream" => Some(BodySpec::Stream),
                        _ => self.body.take(),
                    },
                }
            }
            b"flag" => match arg {
                b"use-cors-preflight" => self.use_cors_preflight = true,
                b"user-agent" => self.from_user_agent = true,
                _ => {}
            },
            b"partition" => self.partition = Some(latin1(arg)),
            b"header" => {
                let Some(colon) = arg.iter().position(|&b| b == b':') else {
                    return;
                };
                let name = &arg[..colon];
                let value = &arg[colon + 1..];
                // One space after the colon is punctuation; any more is value.
                let value = value.strip_prefix(b" ").unwrap_or(value);
                let response = self.steps.iter_mut().rev().find_map(|step| match step {
                    Step::Respond(response) => Some(response),
                    Step::Clock(_) => None,
                });
                match response {
                    None => self.headers.push((name.to_vec(), value.to_vec())),
                    // An HTTP parser only ever delivers token names.
                    Some(response) => {
                        if let Ok(name) = HeaderName::from_bytes(name) {
                            response.headers.append(name, value);
                        }
                    }
                }
            }
            b"response" => {
                let status = number(arg).map_or(200, |n| u16::try_from(n).unwrap_or(u16::MAX));
                self.steps.push(Step::Respond(ResponseHead {
                    status,
                    headers: HeaderList::new(),
                }));
            }
            _ => {}
        }
    }
}

/// `1*DIGIT` as a saturating number.
fn number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// Isomorphic decode: each byte is the code point of the same value, as
/// Fetch turns header bytes into a string.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}
