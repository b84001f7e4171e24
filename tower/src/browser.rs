//! An in-process browser for server tests: a page at some origin fetches
//! from a tower service (an axum `Router`, a service behind tower-http's
//! `CorsLayer`), with no socket, under one or all of the profiles.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use fetch_cors::error::ErrorKind;
use fetch_cors::request::CredentialsMode;
use fetch_cors::{FetchError, Profile};
use http::HeaderValue;
use tower::Service;
use url::Url;

use crate::body::{RequestBody, ResponseBody};
use crate::clock::Clock;
use crate::credentials::CredentialStore;
use crate::driver::{request_url, script_request, uri_is, Recording};
use crate::error::{BoxError, Error};
use crate::options::FetchOptions;
use crate::service::{host_header, Target, TowerTransport};
use crate::user_agent::UserAgent;

/// The response script sees, or why the browser refused it.
pub type Outcome<R, E> = Result<http::Response<ResponseBody<R>>, Error<E>>;

/// A page in a browser, fetching from a server that is a tower service in
/// the same process.
///
/// The page's origin and `fetch()` options are the browser's defaults (a
/// request can carry its own [`FetchOptions`]); a relative URI is resolved
/// against the server's URL (`http://localhost` unless
/// [`Browser::server`] says otherwise). Each profile has its own preflight
/// cache, kept across fetches until [`Browser::reset`], and all share one
/// [`Clock`], which [`Browser::advance`] moves.
///
/// ```
/// use axum::{http::{HeaderValue, Method}, routing::put, Router};
/// use fetch_cors::Profile;
/// use fetch_cors_tower::Browser;
/// use tower_http::cors::CorsLayer;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let api = Router::new().route("/items/{id}", put(|| async { "saved" })).layer(
///     CorsLayer::new()
///         .allow_origin(HeaderValue::from_static("https://app.example"))
///         .allow_methods([Method::PUT])
///         .allow_headers([http::header::CONTENT_TYPE]),
/// );
/// let browser = Browser::new(api, "https://app.example").server("https://api.example");
/// let put = || {
///     http::Request::put("/items/7")
///         .header("content-type", "application/json")
///         .body(axum::body::Body::from("{}"))
///         .unwrap()
/// };
/// // Every profile lets the page make this request.
/// let verdicts = browser.fetch_all(put()).await;
/// assert!(Profile::ALL.iter().all(|&p| verdicts.is_allowed(p)), "{verdicts}");
/// // And under the default (spec) profile the response is the page's to read.
/// let response = browser.assert_allowed(put()).await;
/// assert_eq!(response.status(), 200);
/// # }
/// ```
///
/// `B` is the request body type the service takes (`axum::body::Body` for
/// a `Router`).
#[derive(Debug)]
pub struct Browser<S, B> {
    service: S,
    body: PhantomData<fn(B)>,
    server: Url,
    /// The server's `Host` value, made once for every origin-form request.
    server_host: Option<HeaderValue>,
    /// The URL of the last request URI resolved: tests fetch the same few
    /// targets again and again, and parsing a URL was the largest single
    /// cost of a fetch through the browser.
    last_resolved: Mutex<Option<Resolved>>,
    profile: Profile,
    clock: Clock,
    /// One per profile, in `Profile::ALL`'s order.
    agents: Vec<UserAgent>,
    /// How requests name their target: origin-form for a server in
    /// process, absolute for a client.
    target: Target,
}

impl<S, B> Browser<S, B> {
    /// A browser whose page is at `page_origin` (a serialized origin, or
    /// `null`), fetching from `service` under the spec's profile.
    pub fn new(service: S, page_origin: &str) -> Self {
        let clock = Clock::new();
        let defaults = FetchOptions::new(page_origin);
        let agents = Profile::ALL
            .iter()
            .map(|&profile| {
                UserAgent::new(defaults.clone())
                    .with_profile(profile)
                    .with_clock(clock.clone())
            })
            .collect();
        let server = Url::parse("http://localhost/").expect("a valid URL");
        Browser {
            service,
            body: PhantomData,
            server_host: host_header(&server),
            server,
            last_resolved: Mutex::default(),
            profile: Profile::Spec,
            clock,
            agents,
            target: Target::Origin,
        }
    }

    fn with_agents(mut self, change: impl Fn(UserAgent) -> UserAgent) -> Self {
        self.agents = self.agents.into_iter().map(change).collect();
        self
    }

    /// Where the server is: relative request URIs are resolved against it.
    ///
    /// # Panics
    ///
    /// If `url` is not an absolute URL; this is a test's set-up.
    pub fn server(mut self, url: &str) -> Self {
        self.server = Url::parse(url).unwrap_or_else(|e| panic!("server URL `{url}`: {e}"));
        self.server_host = host_header(&self.server);
        *self
            .last_resolved
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner) = None;
        self
    }

    /// The service is an HTTP client that connects (hyper-util's `Client`)
    /// rather than a server: requests carry absolute URIs. For a page
    /// fetching over the real network, under one profile or all four.
    pub fn over_network(mut self) -> Self {
        self.target = Target::Absolute;
        self
    }

    /// The profile [`Browser::fetch`] and the assertions use.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The page's `fetch()` options (its origin included), for requests
    /// that carry none.
    pub fn options(self, options: FetchOptions) -> Self {
        self.with_agents(|agent| agent.with_defaults(options.clone()))
    }

    /// The page's default credentials mode.
    pub fn credentials(self, credentials: CredentialsMode) -> Self {
        let options = self.agents[0].defaults().clone().credentials(credentials);
        self.options(options)
    }

    /// Cookies and authentication for requests that include credentials.
    pub fn credential_store(self, store: Arc<dyn CredentialStore>) -> Self {
        self.with_agents(|agent| agent.with_credential_store(Arc::clone(&store)))
    }

    /// Moves the browser's clock forward (preflight cache entries expire).
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Empties every profile's preflight cache.
    pub fn reset(&self) {
        self.agents
            .iter()
            .for_each(UserAgent::clear_preflight_cache);
    }

    /// The user agent of `profile` (its cache, policy and clock).
    pub fn user_agent(&self, profile: Profile) -> &UserAgent {
        let index = Profile::ALL.iter().position(|&p| p == profile);
        // `Profile::ALL` lists every profile and `agents` follows it.
        &self.agents[index.expect("every profile is in Profile::ALL")]
    }

    /// The origin of the page that makes `request` (every profile's
    /// agent has the same defaults).
    fn page_origin<T>(&self, request: &http::Request<T>) -> String {
        self.agents[0]
            .options_for(request.extensions())
            .origin()
            .to_owned()
    }

    /// The request's URL: its URI, resolved against the server's URL when
    /// relative.
    fn resolve<E>(&self, uri: &http::Uri) -> Result<Url, Error<E>> {
        let mut last = self
            .last_resolved
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Only a URI written exactly as the last one has its URL
        // (`http::Uri`'s own equality ignores the case of the scheme and
        // authority, which the URL keeps in its username and password).
        if let Some(last) = last.as_ref().filter(|last| uri_is(uri, &last.uri)) {
            return Ok(last.url.clone());
        }
        let url = if uri.scheme().is_some() {
            request_url(uri)?
        } else {
            let path = uri.path_and_query().map_or("/", |p| p.as_str());
            self.server.join(path).map_err(|e| FetchError::InvalidUrl {
                what: "URL",
                input: path.as_bytes().to_vec(),
                reason: e.to_string(),
            })?
        };
        *last = Some(Resolved {
            uri: uri.to_string(),
            url: url.clone(),
        });
        Ok(url)
    }
}

/// A request URI as written, and the URL it resolved to.
#[derive(Debug)]
struct Resolved {
    uri: String,
    url: Url,
}

impl<S: Clone, B> Clone for Browser<S, B> {
    fn clone(&self) -> Self {
        Browser {
            service: self.service.clone(),
            body: PhantomData,
            server: self.server.clone(),
            server_host: self.server_host.clone(),
            last_resolved: Mutex::default(),
            profile: self.profile,
            clock: self.clock.clone(),
            agents: self.agents.clone(),
            target: self.target,
        }
    }
}

/// Where a request goes: its URI as script wrote it, which the first
/// request on the wire sends when its target is written the same way, and
/// the URL it resolves to.
#[derive(Clone)]
struct Destination {
    uri: http::Uri,
    url: Url,
}

/// The head of a request, to fetch once per profile.
#[derive(Clone)]
struct Head {
    method: http::Method,
    headers: http::HeaderMap,
    /// Where the request's own [`FetchOptions`] are, if it has them.
    extensions: http::Extensions,
}

impl<S, B, R> Browser<S, B>
where
    S: Service<http::Request<B>, Response = http::Response<R>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Send,
    B: http_body::Body + From<Bytes> + Default + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    R: Send + 'static,
{
    async fn split(
        &self,
        request: http::Request<B>,
    ) -> Result<(Head, Destination, RequestBody<B>), Error<S::Error>> {
        let (parts, body) = request.into_parts();
        let url = self.resolve(&parts.uri)?;
        let head = Head {
            method: parts.method,
            headers: parts.headers,
            extensions: parts.extensions,
        };
        let destination = Destination {
            uri: parts.uri,
            url,
        };
        let body = RequestBody::read(body).await.map_err(Error::Body)?;
        Ok((head, destination, body))
    }

    async fn run(
        &self,
        profile: Profile,
        head: Head,
        destination: Destination,
        body: RequestBody<B>,
        recording: Option<&mut Recording>,
    ) -> Outcome<R, S::Error> {
        let agent = self.user_agent(profile);
        let request = script_request(
            agent.options_for(&head.extensions),
            &head.method,
            destination.url,
            &head.headers,
            body.engine_body(),
        )?;
        let mut transport = TowerTransport::new(self.service.clone(), self.target)
            .with_request_uri(destination.uri);
        if let Some(host) = &self.server_host {
            transport = transport.with_host(host.clone());
        }
        agent
            .drive(request, head.headers, body, &mut transport, recording)
            .await
    }

    /// Fetches `request` as the page would, under the browser's profile.
    pub async fn fetch(&self, request: http::Request<B>) -> Outcome<R, S::Error> {
        self.fetch_as(self.profile, request).await
    }

    /// Fetches `request` under `profile`.
    pub async fn fetch_as(
        &self,
        profile: Profile,
        request: http::Request<B>,
    ) -> Outcome<R, S::Error> {
        let (head, destination, body) = self.split(request).await?;
        self.run(profile, head, destination, body, None).await
    }

    /// Fetches `request` under `profile` and returns, with the outcome,
    /// every exchange that went over the wire, the engine's trace and the
    /// server's fix for a block.
    pub async fn fetch_recorded(
        &self,
        profile: Profile,
        request: http::Request<B>,
    ) -> (Outcome<R, S::Error>, Recording) {
        let mut recording = Recording::default();
        let outcome = match self.split(request).await {
            Ok((head, destination, body)) => {
                self.run(profile, head, destination, body, Some(&mut recording))
                    .await
            }
            Err(e) => Err(e),
        };
        (outcome, recording)
    }

    /// Fetches `request` under every profile, each with its own cache:
    /// one verdict per profile.
    pub async fn fetch_all(&self, request: http::Request<B>) -> Verdicts<R, S::Error> {
        let page = self.page_origin(&request);
        let mut results = Vec::with_capacity(Profile::ALL.len());
        let prepared = match self.split(request).await {
            Ok((head, destination, body)) => match body.into_copies(Profile::ALL.len()).await {
                Ok(copies) => Ok((head, destination, copies)),
                Err(e) => Err(Error::Body(e)),
            },
            Err(e) => Err(e),
        };
        match prepared {
            Ok((head, destination, copies)) => {
                for (profile, body) in Profile::ALL.into_iter().zip(copies) {
                    let (head, destination) = (head.clone(), destination.clone());
                    results.push((
                        profile,
                        self.run(profile, head, destination, body, None).await,
                    ));
                }
            }
            // Nothing was fetched: the same failure under every profile.
            // Preparing the request sends nothing, so it cannot fail in
            // the transport.
            Err(e) => {
                for profile in Profile::ALL {
                    let error = match &e {
                        Error::Fetch(fetch) => Error::Fetch(fetch.clone()),
                        Error::RelativeUri { uri } => Error::RelativeUri { uri: uri.clone() },
                        Error::Body(body) => Error::Body(body.to_string().into()),
                        _ => Error::Body("the request could not be read".into()),
                    };
                    results.push((profile, Err(error)));
                }
            }
        }
        Verdicts { page, results }
    }

    /// Fetches `request` and returns the response script sees.
    ///
    /// # Panics
    ///
    /// If the browser blocks it; the message is the engine's full reason.
    pub async fn assert_allowed(&self, request: http::Request<B>) -> http::Response<ResponseBody<R>>
    where
        S::Error: fmt::Display,
    {
        let what = format!("{} {}", request.method(), request.uri());
        let page = self.page_origin(&request);
        match self.fetch(request).await {
            Ok(response) => response,
            Err(e) => panic!(
                "expected a page at {page} to be allowed to fetch {what} under the {} profile, \
                 but it was not: {e}",
                self.profile
            ),
        }
    }

    /// Fetches `request` and returns why the browser blocked it.
    ///
    /// # Panics
    ///
    /// If the browser lets it through, or blocks it for a reason other
    /// than `kind` (the message gives the status and visible headers, or
    /// the engine's full reason).
    pub async fn assert_blocked(&self, request: http::Request<B>, kind: ErrorKind) -> FetchError
    where
        S::Error: fmt::Display,
    {
        let what = format!("{} {}", request.method(), request.uri());
        let profile = self.profile;
        match self.fetch(request).await {
            Err(Error::Fetch(e)) if e.kind() == kind => e,
            Err(e) => panic!(
                "expected {what} to be blocked with `{kind}` under the {profile} profile, \
                 but: {e}"
            ),
            Ok(response) => panic!(
                "expected {what} to be blocked with `{kind}` under the {profile} profile, \
                 but the page could read it: status {}, visible headers {:?}",
                response.status(),
                response.headers()
            ),
        }
    }
}

/// One verdict per profile for the same request.
pub struct Verdicts<R, E> {
    page: String,
    results: Vec<(Profile, Outcome<R, E>)>,
}

impl<R, E> Verdicts<R, E> {
    /// The outcome under `profile`.
    pub fn get(&self, profile: Profile) -> &Outcome<R, E> {
        let (_, outcome) = self
            .results
            .iter()
            .find(|(p, _)| *p == profile)
            .expect("a verdict for every profile");
        outcome
    }

    /// Whether the page could read the response under `profile`.
    pub fn is_allowed(&self, profile: Profile) -> bool {
        self.get(profile).is_ok()
    }

    /// Why `profile` blocked the fetch; `None` when it was allowed (or the
    /// transport failed).
    pub fn blocked_by(&self, profile: Profile) -> Option<ErrorKind> {
        self.get(profile)
            .as_ref()
            .err()
            .and_then(Error::fetch_error)
            .map(FetchError::kind)
    }

    /// Every profile with its outcome, spec first.
    pub fn iter(&self) -> impl Iterator<Item = (Profile, &Outcome<R, E>)> {
        self.results.iter().map(|(p, o)| (*p, o))
    }
}

impl<R, E: fmt::Display> fmt::Display for Verdicts<R, E> {
    /// One line per profile: `allowed (status)` or the engine's reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "page at {}:", self.page)?;
        for (profile, outcome) in self.iter() {
            match outcome {
                Ok(response) => writeln!(f, "  {profile:<8} allowed ({})", response.status())?,
                Err(e) => writeln!(f, "  {profile:<8} blocked: {e}")?,
            }
        }
        Ok(())
    }
}

impl<R, E: fmt::Debug> fmt::Debug for Verdicts<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_map();
        for (profile, outcome) in self.iter() {
            list.entry(&profile, &outcome.as_ref().map(|r| r.status()));
        }
        list.finish()
    }
}
