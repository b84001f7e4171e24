//! The driver as a `reqwest-middleware` middleware: each request through
//! the client is a page's `fetch()`.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use fetch_cors::FetchError;
use http::Extensions;
use reqwest::ResponseBuilderExt;
use reqwest_middleware::{Middleware, Next};
use url::Url;

use crate::body::RequestBody;
use crate::driver::{script_request, Outgoing, ScriptResponse, Transport};
use crate::error::Error;
use crate::user_agent::UserAgent;

/// A [`Middleware`] that makes a `reqwest` client behave like a browser's
/// `fetch()`, with the same behaviour as [`CorsService`](crate::CorsService):
/// the engine sends the preflight and every redirect hop through the rest
/// of the middleware chain, and the response is what script sees.
///
/// The client must not follow redirects itself: build it with
/// `redirect(reqwest::redirect::Policy::none())`. If it does, the first
/// redirect it hides fails the fetch with
/// [`Error::RedirectFollowedByClient`].
///
/// A request's [`FetchOptions`](crate::FetchOptions) ride in reqwest-middleware's extensions
/// (`RequestBuilder::with_extension`); without them the user agent's
/// defaults apply. A blocked fetch is a `reqwest_middleware::Error::Middleware`
/// holding an [`Error<Infallible>`](Error), which
/// [`CorsMiddleware::fetch_error`] reads; a transport error stays
/// `reqwest_middleware::Error::Reqwest`.
///
/// ```no_run
/// use fetch_cors::request::CredentialsMode;
/// use fetch_cors_tower::{CorsMiddleware, FetchOptions, UserAgent};
///
/// # async fn run() -> Result<(), reqwest_middleware::Error> {
/// let reqwest = reqwest::Client::builder()
///     .redirect(reqwest::redirect::Policy::none())
///     .build()?;
/// let user_agent = UserAgent::new(FetchOptions::new("https://app.example"));
/// let client = reqwest_middleware::ClientBuilder::new(reqwest)
///     .with(CorsMiddleware::new(user_agent))
///     .build();
/// let outcome = client
///     .get("https://api.example/me")
///     .with_extension(FetchOptions::new("https://app.example").credentials(CredentialsMode::Include))
///     .send()
///     .await;
/// match outcome {
///     Ok(response) => println!("the page reads {}", response.status()),
///     Err(e) => match CorsMiddleware::fetch_error(&e) {
///         Some(blocked) => println!("the browser blocks it: {blocked}"),
///         None => return Err(e),
///     },
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct CorsMiddleware {
    user_agent: UserAgent,
}

impl CorsMiddleware {
    /// A middleware fetching as `user_agent`.
    pub fn new(user_agent: UserAgent) -> Self {
        CorsMiddleware { user_agent }
    }

    /// The user agent it fetches as.
    pub fn user_agent(&self) -> &UserAgent {
        &self.user_agent
    }

    /// The browser's reason, when `error` is a fetch this middleware
    /// blocked.
    pub fn fetch_error(error: &reqwest_middleware::Error) -> Option<&FetchError> {
        match error {
            reqwest_middleware::Error::Middleware(e) => e
                .downcast_ref::<Error<Infallible>>()
                .and_then(Error::fetch_error),
            reqwest_middleware::Error::Reqwest(_) => None,
        }
    }
}

/// The rest of the middleware chain as the engine's transport.
struct ReqwestTransport<'a> {
    next: Next<'a>,
    extensions: &'a mut Extensions,
    timeout: Option<Duration>,
}

impl Transport for ReqwestTransport<'_> {
    type Body = reqwest::Body;
    type ResponseBody = reqwest::Body;
    type Error = reqwest_middleware::Error;

    async fn send(
        &mut self,
        outgoing: Outgoing<reqwest::Body>,
    ) -> Result<http::Response<reqwest::Body>, Error<reqwest_middleware::Error>> {
        let requested = Url::clone(&outgoing.url);
        let mut request = reqwest::Request::new(outgoing.method, requested.clone());
        *request.headers_mut() = outgoing.headers;
        *request.body_mut() = Some(outgoing.body);
        *request.timeout_mut() = self.timeout;
        let response = self
            .next
            .clone()
            .run(request, self.extensions)
            .await
            .map_err(Error::Transport)?;
        if *response.url() != requested {
            return Err(Error::RedirectFollowedByClient {
                requested: Box::new(requested),
                ended_at: Box::new(response.url().clone()),
            });
        }
        Ok(http::Response::from(response))
    }
}

fn middleware_error(error: Error<reqwest_middleware::Error>) -> reqwest_middleware::Error {
    match error.into_transport() {
        Ok(transport) => transport,
        Err(other) => reqwest_middleware::Error::Middleware(anyhow::Error::new(other)),
    }
}

#[async_trait::async_trait]
impl Middleware for CorsMiddleware {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        // A body reqwest holds as bytes can be sent again; any other is a stream.
        let body = match request.body_mut().take() {
            None => RequestBody::Empty,
            Some(body) => match body.as_bytes() {
                Some([]) => RequestBody::Empty,
                Some(bytes) => RequestBody::Replayable(Bytes::copy_from_slice(bytes)),
                None => RequestBody::Stream(Some(body)),
            },
        };
        let script = script_request(
            self.user_agent.options_for(extensions),
            request.method(),
            request.url().clone(),
            request.headers(),
            body.engine_body(),
        )
        .map_err(|e| middleware_error(Error::Fetch(e)))?;
        let mut transport = ReqwestTransport {
            next,
            extensions,
            timeout: request.timeout().copied(),
        };
        let response = self
            .user_agent
            .drive(
                script,
                std::mem::take(request.headers_mut()),
                body,
                &mut transport,
                None,
            )
            .await
            .map_err(middleware_error)?;
        let script_view = response.extensions().get::<ScriptResponse>().cloned();
        let url = script_view
            .as_ref()
            .and_then(|view| view.url.clone())
            .unwrap_or_else(|| request.url().clone());
        let (parts, body) = response.into_parts();
        let body = body.into_inner().unwrap_or_default();
        let mut converted = http::Response::builder()
            .status(parts.status)
            .url(url)
            .body(body)
            .map_err(|e| reqwest_middleware::Error::Middleware(e.into()))?;
        *converted.headers_mut() = parts.headers;
        if let Some(view) = script_view {
            converted.extensions_mut().insert(view);
        }
        Ok(reqwest::Response::from(converted))
    }
}
