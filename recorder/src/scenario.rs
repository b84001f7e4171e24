//! A scenario: what a page's script fetches and what the scenario server
//! answers on each path. The browser decides everything in between (which
//! requests go on the wire, and what script sees); the recorder writes that
//! down as a vector.

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

/// The page's origin: every scenario's script runs here.
pub const APP: &str = "http://app.example.test";
/// Same site as the page, another origin.
pub const API: &str = "http://api.example.test";
/// Same site as the page, a third origin.
pub const OTHER: &str = "http://other.example.test";
/// Another site.
pub const FOREIGN: &str = "http://api.other.test";

/// Every host name the scenarios use (all map to 127.0.0.1).
pub const HOSTS: [&str; 4] = [
    "app.example.test",
    "api.example.test",
    "other.example.test",
    "api.other.test",
];

/// Hosts on which the recorder sets a first-party cookie, so whether a
/// request carried credentials can be seen. They are same-site with the
/// page, so no browser's third-party cookie rules interfere; requests to
/// [`FOREIGN`] record no `credentials`.
pub const COOKIE_HOSTS: [&str; 3] = ["app.example.test", "api.example.test", "other.example.test"];

/// The cookie the recorder sets on [`COOKIE_HOSTS`].
pub const COOKIE: (&str, &str) = ("fc", "1");

/// The theme a scenario belongs to: one vector file per theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Theme {
    Simple,
    Safelist,
    Preflight,
    Credentials,
    Expose,
    Modes,
    Redirects,
    Cache,
    Mix,
}

impl Theme {
    /// Every theme, in file order.
    pub const ALL: [Theme; 9] = [
        Theme::Simple,
        Theme::Safelist,
        Theme::Preflight,
        Theme::Credentials,
        Theme::Expose,
        Theme::Modes,
        Theme::Redirects,
        Theme::Cache,
        Theme::Mix,
    ];

    /// The file stem and table label.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Simple => "simple",
            Theme::Safelist => "safelist",
            Theme::Preflight => "preflight",
            Theme::Credentials => "credentials",
            Theme::Expose => "expose",
            Theme::Modes => "modes",
            Theme::Redirects => "redirects",
            Theme::Cache => "cache",
            Theme::Mix => "mix",
        }
    }

    /// The theme of a file stem.
    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A server answer: status and header list. Values are byte strings written
/// as Latin-1 text (U+0000..U+00FF), as in the vector format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// A reply with no headers of its own.
    pub fn new(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
        }
    }

    /// 200.
    pub fn ok() -> Self {
        Reply::new(200)
    }

    /// Appends a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `Access-Control-Allow-Origin: value`.
    pub fn acao(self, value: &str) -> Self {
        self.header("Access-Control-Allow-Origin", value)
    }

    /// `Access-Control-Allow-Credentials: true`.
    pub fn acac(self) -> Self {
        self.header("Access-Control-Allow-Credentials", "true")
    }

    /// `Access-Control-Allow-Methods: value`.
    pub fn acam(self, value: &str) -> Self {
        self.header("Access-Control-Allow-Methods", value)
    }

    /// `Access-Control-Allow-Headers: value`.
    pub fn acah(self, value: &str) -> Self {
        self.header("Access-Control-Allow-Headers", value)
    }

    /// `Access-Control-Expose-Headers: value`.
    pub fn aceh(self, value: &str) -> Self {
        self.header("Access-Control-Expose-Headers", value)
    }

    /// `Location: value`.
    pub fn location(self, value: &str) -> Self {
        self.header("Location", value)
    }

    /// The head the server puts on the wire, in wire order. Every reply
    /// says `Cache-Control: no-store` (no HTTP cache entry may cross
    /// scenarios or fetches) and, where the status allows a body, an empty
    /// one by `Content-Length: 0`. The recorder writes this same list into
    /// the vector, so the vector holds exactly what the browser received.
    pub fn head(&self) -> (StatusCode, HeaderMap) {
        let status = StatusCode::from_u16(self.status).expect("scenario status in 100..=999");
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("scenario header name"),
                HeaderValue::from_bytes(&latin1_bytes(value)).expect("scenario header value"),
            );
        }
        if !map.contains_key(http::header::CACHE_CONTROL) {
            map.append(
                http::header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            );
        }
        if !matches!(self.status, 204 | 304) && !map.contains_key(http::header::CONTENT_LENGTH) {
            map.append(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        (status, map)
    }

    /// [`Reply::head`]'s header list as the vector records it.
    pub fn wire_headers(&self) -> Vec<(String, String)> {
        header_pairs(&self.head().1)
    }
}

/// A header map as (name, Latin-1 value) pairs in iteration order.
pub fn header_pairs(map: &HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .map(|(n, v)| (n.as_str().to_owned(), latin1_string(v.as_bytes())))
        .collect()
}

/// Latin-1 text to bytes: a code point above U+00FF is a scenario bug.
pub fn latin1_bytes(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("header text is Latin-1"))
        .collect()
}

/// Bytes to Latin-1 text (isomorphic decode).
pub fn latin1_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// What the server answers on one path: to a preflight (`OPTIONS` with
/// `Access-Control-Request-Method`) and to anything else. The n-th request
/// of a kind gets the n-th reply of its list, the last one once the list
/// runs out.
#[derive(Clone, Debug)]
pub struct Route {
    pub path: String,
    pub preflight: Vec<Reply>,
    pub main: Vec<Reply>,
}

/// One `fetch()` of a scenario: `new Request(url, init)` then `fetch()`.
#[derive(Clone, Debug, Default)]
pub struct Step {
    /// Seconds after the scenario's first fetch started.
    pub at: f64,
    pub url: String,
    pub method: Option<String>,
    pub headers: Vec<(String, String)>,
    pub mode: Option<String>,
    pub credentials: Option<String>,
    pub redirect: Option<String>,
    pub body: Option<String>,
}

impl Step {
    /// A GET of `url`.
    pub fn get(url: impl Into<String>) -> Self {
        Step {
            url: url.into(),
            ..Step::default()
        }
    }

    /// Sets the method.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_owned());
        self
    }

    /// Appends an author header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the mode.
    pub fn mode(mut self, mode: &str) -> Self {
        self.mode = Some(mode.to_owned());
        self
    }

    /// Sets the credentials mode.
    pub fn credentials(mut self, credentials: &str) -> Self {
        self.credentials = Some(credentials.to_owned());
        self
    }

    /// Sets the redirect mode.
    pub fn redirect(mut self, redirect: &str) -> Self {
        self.redirect = Some(redirect.to_owned());
        self
    }

    /// Sets a string body.
    pub fn body(mut self, body: &str) -> Self {
        self.body = Some(body.to_owned());
        self
    }

    /// Sets the start time.
    pub fn at(mut self, at: f64) -> Self {
        self.at = at;
        self
    }
}

/// A scenario: one vector.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub theme: Theme,
    /// Path-safe and unique: every path the scenario's server answers on
    /// starts with `/r/<id>/`, so no preflight-cache or HTTP-cache entry
    /// crosses scenarios.
    pub id: String,
    /// The vector's name.
    pub name: String,
    pub steps: Vec<Step>,
    pub routes: Vec<Route>,
}

impl Scenario {
    /// An empty scenario.
    pub fn new(theme: Theme, id: impl Into<String>, name: impl Into<String>) -> Self {
        Scenario {
            theme,
            id: id.into(),
            name: name.into(),
            steps: Vec::new(),
            routes: Vec::new(),
        }
    }

    /// The path of hop `hop` of fetch `fetch`.
    pub fn path(&self, fetch: usize, hop: usize) -> String {
        format!("/r/{}/{}/{}", self.id, fetch, hop)
    }

    /// The URL of hop `hop` of fetch `fetch` on `origin`.
    pub fn url(&self, origin: &str, fetch: usize, hop: usize) -> String {
        format!("{}{}", origin, self.path(fetch, hop))
    }

    /// Answers on `path`.
    pub fn route(&mut self, path: String, preflight: Vec<Reply>, main: Vec<Reply>) -> &mut Self {
        self.routes.push(Route {
            path,
            preflight,
            main,
        });
        self
    }

    /// Adds a step.
    pub fn step(&mut self, step: Step) -> &mut Self {
        self.steps.push(step);
        self
    }

    /// Whether the scenario waits between fetches (such scenarios run side
    /// by side, so their waits overlap).
    pub fn timed(&self) -> bool {
        self.steps.iter().any(|s| s.at > 0.0)
    }
}

/// The path prefix of a scenario id's routes.
pub fn route_prefix(id: &str) -> String {
    format!("/r/{id}/")
}

/// Whether an author header (`name`, `value`) is one the recorder compares:
/// a [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header)
/// (and `User-Agent`, which browsers treat alike) is the browser's own: it
/// drops the author's value and may send its own, so neither presence nor
/// absence says anything about CORS.
pub fn comparable_author_header(name: &str, value: &str) -> bool {
    let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
        return false;
    };
    name != http::header::USER_AGENT
        && !fetch_cors::headers::request::is_forbidden_request_header(&name, &latin1_lossy(value))
}

/// Latin-1 text to bytes, with a code point above U+00FF (a value
/// `new Request()` refuses anyway) as `?`.
fn latin1_lossy(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}
