//! Targets that drive the engine from a [`Script`]: building and
//! classifying a request, and the whole state machine over many fetches.

use fetch_cors::fetch::RequestKind;
use fetch_cors::headers::request::{
    cors_unsafe_request_header_names, is_cors_safelisted_request_header,
    is_forbidden_request_header, is_no_cors_safelisted_request_header,
};
use fetch_cors::headers::{is_header_value, HeaderList};
use fetch_cors::methods::is_cors_safelisted_method;
use fetch_cors::redirect::{is_redirect_status, REDIRECT_LIMIT};
use fetch_cors::request::{CredentialsMode, Mode, RedirectMode};
use fetch_cors::{
    Action, Fetch, FetchError, Policy, PreflightCache, Request, Response, ResponseHead,
    ResponseType, SentRequest, Timestamp,
};
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, CONTENT_TYPE, LOCATION, ORIGIN,
};
use http::Method;

use super::reference::{self, ModelKey, PreflightCacheModel};
use super::script::{FetchScript, Script, Step};

/// Fetches run per input; more only repeat what the cache has seen.
const MAX_FETCHES: usize = 8;

/// The most requests one fetch may send: the first request and each of
/// the 20 redirects, every one possibly preflighted, plus slack.
const MAX_SENDS: usize = 2 * (REDIRECT_LIMIT as usize + 1) + 4;

/// Request construction and classification: `new Request()`'s rules keep
/// exactly the headers they should, normalized; the CORS-unsafe
/// request-header names are lowercase, sorted, unique and cover every
/// unsafe header; and main fetch sends a preflight first exactly when the
/// method or a header is unsafe, with those names in
/// `Access-Control-Request-Headers`.
pub fn request(data: &[u8]) {
    let script = Script::parse(data);
    let Some(spec) = script.fetches.first() else {
        return;
    };
    // The classifier alone, on the lines as given: values unnormalized.
    let mut raw = HeaderList::new();
    for (name, value) in &spec.headers {
        if let Ok(name) = HeaderName::from_bytes(name) {
            raw.append(name, &value[..]);
        }
    }
    check_unsafe_names(&raw);
    let Some(Ok(request)) = spec.build() else {
        return;
    };
    check_built(spec, &request);
    check_unsafe_names(request.headers());

    // With an empty cache, the first request is the preflight exactly when
    // main fetch's classification asks for one.
    let mut fetch = Fetch::new(request, &script.policy);
    let request = fetch.request().clone();
    let unsafe_names = cors_unsafe_request_header_names(request.headers());
    let needs_preflight = request.use_cors_preflight()
        || (request.unsafe_request()
            && (!is_cors_safelisted_method(request.method()) || !unsafe_names.is_empty()));
    let cross_origin_cors =
        request.mode() == Mode::Cors && request.url().origin() != *request.origin();
    let mut cache = PreflightCache::new(script.capacity());
    let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
        return;
    };
    check_outgoing(&out.to_owned(), &request);
    match out.kind {
        RequestKind::Preflight => assert!(cross_origin_cors && needs_preflight),
        RequestKind::Main if cross_origin_cors => {
            assert!(
                !needs_preflight,
                "a request that needs a preflight went out without one"
            );
            if request.unsafe_request() {
                assert!(is_cors_safelisted_method(request.method()));
                let total: usize = request.headers().iter().map(|(_, v)| v.len()).sum();
                assert!(total <= 1024, "safelisted values add up to {total} bytes");
                for (name, value) in request.headers().iter() {
                    assert!(is_cors_safelisted_request_header(name, value), "{name}");
                }
            }
        }
        RequestKind::Main => {}
    }
}

/// The CORS-unsafe request-header names of `list` against the properties
/// the spec's definition implies, and each entry's classification against
/// the reference's.
fn check_unsafe_names(list: &HeaderList) {
    let names = cors_unsafe_request_header_names(list);
    for pair in names.windows(2) {
        assert!(
            pair[0].as_str() < pair[1].as_str(),
            "sorted and unique: {names:?}"
        );
    }
    for name in &names {
        assert!(!name.as_str().bytes().any(|b| b.is_ascii_uppercase()));
        assert!(list.contains(name), "{name} is not in the list");
    }
    let mut safelisted_total = 0;
    for (name, value) in list.iter() {
        let safelisted = is_cors_safelisted_request_header(name, value);
        let expected = reference::is_cors_safelisted_request_header(name.as_str(), value);
        assert_eq!(safelisted, expected, "{name}: {value:?}");
        if safelisted {
            safelisted_total += value.len();
        } else {
            assert!(names.contains(name), "unsafe {name} is not listed");
        }
    }
    if safelisted_total > 1024 {
        // Past the budget, every name is unsafe.
        for (name, _) in list.iter() {
            assert!(names.contains(name), "{name} over budget is not listed");
        }
    } else {
        for name in &names {
            let unsafe_entry = list
                .iter()
                .any(|(n, v)| n == name && !is_cors_safelisted_request_header(n, v));
            assert!(unsafe_entry, "{name} is listed but every entry is safe");
        }
    }
}

/// `new Request()`'s rules, checked on the result: the method, and the
/// header list the guard should have let through, in order.
fn check_built(spec: &FetchScript, request: &Request) {
    let method = request.method().as_str().as_bytes();
    assert!(reference::is_token(method) && !reference::is_forbidden_method(method));
    match &spec.method {
        None => assert_eq!(request.method(), Method::GET),
        Some(given) => {
            let upper = given.to_ascii_uppercase();
            let normalized = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]
                .iter()
                .any(|m| m.as_bytes() == upper);
            assert_eq!(method, if normalized { &upper } else { given });
        }
    }
    let no_cors = request.mode() == Mode::NoCors;
    if no_cors {
        assert!(is_cors_safelisted_method(request.method()));
    }
    let mut expected = HeaderList::new();
    for (name, value) in &spec.headers {
        let name = HeaderName::from_bytes(name).expect("the request built, so names are tokens");
        let value = reference::trim_http_whitespace(value);
        guarded_append(&mut expected, name, value, no_cors);
    }
    if let Some(content_type) = spec.body.as_ref().and_then(|b| b.content_type()) {
        if !expected.contains(&CONTENT_TYPE) {
            let value = reference::trim_http_whitespace(content_type);
            guarded_append(&mut expected, CONTENT_TYPE, value, no_cors);
        }
    }
    assert_eq!(request.headers(), &expected);
    for (name, value) in request.headers().iter() {
        assert!(is_header_value(value), "{name}: {value:?}");
        assert_eq!(reference::trim_http_whitespace(value), value, "normalized");
    }
}

/// `Headers.append()` under the `request` or `request-no-cors` guard, for
/// a valid name and a normalized value.
fn guarded_append(list: &mut HeaderList, name: HeaderName, value: &[u8], no_cors: bool) {
    let keep = if no_cors {
        let combined = match list.get(&name) {
            Some(existing) => [&existing[..], b", ", value].concat(),
            None => value.to_vec(),
        };
        is_no_cors_safelisted_request_header(&name, &combined)
    } else {
        !is_forbidden_request_header(&name, value)
    };
    if keep {
        list.append(name, value);
    }
}

/// The whole state machine: every fetch of the script runs against one
/// shared cache and clock, answered by the script's responses. After every
/// step: the cache holds at most its capacity and its invariants; each
/// request on the wire is well-formed (HTTP(S), no fragment, preflights
/// without credentials or author headers); every fetch ends within
/// [`MAX_SENDS`] requests; a `cors` response passed the CORS check (never
/// `*` with credentials) and shows exactly the safelisted and exposed
/// headers; a `basic` one only ever comes from same-origin hops; opaque
/// responses show nothing, with status 0; and no request that needs a
/// preflight goes out without one unless an earlier preflight, still fresh
/// in [`PreflightCacheModel`], allowed it.
pub fn fetch(data: &[u8]) {
    let script = Script::parse(data);
    let mut cache = PreflightCache::new(script.capacity());
    let mut model = PreflightCacheModel::default();
    let mut now = script.start.iter().fold(Timestamp::ZERO, |t, c| c.apply(t));
    for spec in script.fetches.iter().take(MAX_FETCHES) {
        if let Some(Ok(request)) = spec.build() {
            let caches = (&mut cache, &mut model);
            run(&script.policy, caches, &mut now, spec, request);
        }
    }
}

/// Runs one fetch to its end, answering each request with the script's
/// next response and checking every step.
fn run(
    policy: &Policy,
    (cache, model): (&mut PreflightCache, &mut PreflightCacheModel),
    now: &mut Timestamp,
    spec: &FetchScript,
    request: Request,
) {
    let mut fetch = Fetch::new(request, policy);
    // Mode, credentials, redirect mode and origin never change; method and
    // headers may on a redirect, so those are read from the fetch.
    let original = fetch.request().clone();
    // Tainting turns `cors` at the first cross-origin hop and stays so.
    let mut cors_tainted = false;
    let mut steps = spec.steps.iter().peekable();
    let mut last_scripted: Option<&ResponseHead> = None;
    let mut previous: Option<(SentRequest, ResponseHead)> = None;
    for sent in 0.. {
        while let Some(Step::Clock(clock)) = steps.peek() {
            *now = clock.apply(*now);
            steps.next();
        }
        let out = match fetch.poll(cache, *now) {
            Action::Send(out) => out.to_owned(),
            Action::Done(outcome) => {
                check_cache(cache);
                check_outcome(outcome, &original, previous.as_ref());
                break;
            }
        };
        check_cache(cache);
        assert!(
            sent < MAX_SENDS,
            "a fetch sent more than {MAX_SENDS} requests"
        );
        match fetch.poll(cache, *now) {
            Action::Send(again) => {
                assert_eq!(again.to_owned(), out, "polling again changed the request")
            }
            Action::Done(_) => panic!("polling again ended the fetch"),
        }
        // A main request sends the request's header list and the engine's
        // `Origin` (script cannot set `Origin`, so every one is the
        // engine's); the request keeps its list meanwhile.
        let request_headers = fetch.request().headers().clone();
        if out.kind == RequestKind::Main && !policy.header_values_as_utf8 {
            let mut headers = out.headers.clone();
            headers.delete(&ORIGIN);
            assert!(
                headers == request_headers,
                "the request's own list goes out"
            );
        }
        check_outgoing(&out, fetch.request());
        cors_tainted |= original.mode() == Mode::Cors && out.url.origin() != *original.origin();
        let mut preflighted = false;
        if let Some((preflight, answer)) = &previous {
            if preflight.kind == RequestKind::Preflight {
                // The preflight passed: it must have earned it.
                assert_eq!(out.kind, RequestKind::Main, "two preflights in a row");
                assert_eq!(
                    (&out.url, out.redirects),
                    (&preflight.url, preflight.redirects)
                );
                assert!((200..=299).contains(&answer.status), "{}", answer.status);
                check_cors_passed(&answer.headers, preflight, fetch.request().credentials());
                remember(model, policy, preflight, answer, fetch.request(), *now);
                preflighted = true;
            }
        }
        if out.kind == RequestKind::Main && cors_tainted && !preflighted {
            check_preflight_not_skipped(model, &out, fetch.request(), &request_headers, *now);
        }
        if let Some(Step::Respond(response)) = steps.next() {
            last_scripted = Some(response);
        }
        let response = last_scripted.cloned().unwrap_or(ResponseHead {
            status: 200,
            headers: HeaderList::new(),
        });
        fetch
            .handle_response(response.clone())
            .expect("the fetch asked for this response");
        previous = Some((out, response));
    }
    let late = ResponseHead {
        status: 200,
        headers: HeaderList::new(),
    };
    assert!(
        fetch.handle_response(late).is_err(),
        "a finished fetch took a response"
    );
}

/// The model cache's key for a CORS request on the wire.
fn model_key(out: &SentRequest, request: &Request) -> ModelKey {
    let origin = out
        .headers
        .get(&ORIGIN)
        .expect("a CORS request carries Origin");
    (
        request.partition_key().map(|k| k.0.clone()),
        String::from_utf8(origin.into_owned()).expect("serialized origins are ASCII"),
        out.url.as_str().to_owned(),
    )
}

/// Writes what a passed preflight allows into the model, as CORS-preflight
/// fetch's last steps do.
fn remember(
    model: &mut PreflightCacheModel,
    policy: &Policy,
    preflight: &SentRequest,
    answer: &ResponseHead,
    request: &Request,
    now: Timestamp,
) {
    let Some(max_age) = fetch_cors::preflight::max_age(&answer.headers, policy) else {
        return;
    };
    fn list<'a>(headers: &'a HeaderList, name: &'a HeaderName) -> Option<Vec<&'a [u8]>> {
        let values: Vec<&[u8]> = headers.get_all(name).collect();
        let values = (!values.is_empty()).then_some(values)?;
        Some(reference::token_list(&values).expect("a passed preflight's lists parse"))
    }
    let (allow_methods, allow_headers) =
        (ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_HEADERS);
    let methods = match list(&answer.headers, &allow_methods) {
        Some(methods) => methods,
        None if request.use_cors_preflight() => vec![request.method().as_str().as_bytes()],
        None => Vec::new(),
    };
    let headers = list(&answer.headers, &allow_headers).unwrap_or_default();
    let include = request.credentials() == CredentialsMode::Include;
    let key = model_key(preflight, request);
    model.store(&key, include, &methods, &headers, max_age, now);
}

/// A main request in `cors` tainting that went out without a preflight
/// just before it: if it needed one, an earlier preflight must still allow
/// its method and every CORS-unsafe header name.
fn check_preflight_not_skipped(
    model: &PreflightCacheModel,
    out: &SentRequest,
    request: &Request,
    request_headers: &HeaderList,
    now: Timestamp,
) {
    let unsafe_names = cors_unsafe_request_header_names(request_headers);
    let method_needs = !is_cors_safelisted_method(request.method()) || request.use_cors_preflight();
    let make_preflight = request.use_cors_preflight()
        || (request.unsafe_request() && (method_needs || !unsafe_names.is_empty()));
    if !make_preflight {
        return;
    }
    let key = model_key(out, request);
    let include = request.credentials() == CredentialsMode::Include;
    if method_needs {
        let method = request.method().as_str().as_bytes();
        let allowed = model.allows(&key, include, false, method, now);
        assert!(
            allowed,
            "{} went out without a preflight allowing it",
            request.method()
        );
    }
    for name in &unsafe_names {
        let allowed = model.allows(&key, include, true, name.as_str().as_bytes(), now);
        assert!(allowed, "{name} went out without a preflight allowing it");
    }
}

fn check_cache(cache: &PreflightCache) {
    assert!(cache.len() <= cache.capacity(), "{} entries", cache.len());
    cache.check_invariants();
}

/// A request the engine asks the caller to send.
fn check_outgoing(out: &SentRequest, request: &Request) {
    assert!(matches!(out.url.scheme(), "http" | "https"), "{}", out.url);
    assert_eq!(out.url.fragment(), None);
    assert!(out.redirects <= REDIRECT_LIMIT);
    assert!(out.headers.get_all(&ORIGIN).count() <= 1);
    check_to_http(out);
    match out.kind {
        RequestKind::Preflight => {
            assert_eq!(out.method, Method::OPTIONS);
            assert!(
                !out.include_credentials,
                "a preflight never carries credentials"
            );
            for (name, _) in out.headers.iter() {
                let allowed = [
                    "accept",
                    "access-control-request-method",
                    "access-control-request-headers",
                    "origin",
                ];
                assert!(allowed.contains(&name.as_str()), "{name} on a preflight");
            }
            let method = out.headers.get(&ACCESS_CONTROL_REQUEST_METHOD);
            assert_eq!(
                method.as_deref(),
                Some(request.method().as_str().as_bytes())
            );
            assert!(out.headers.contains(&ORIGIN));
            let names = cors_unsafe_request_header_names(request.headers());
            let joined: Vec<&str> = names.iter().map(HeaderName::as_str).collect();
            let listed = out.headers.get(&ACCESS_CONTROL_REQUEST_HEADERS);
            match listed {
                None => assert!(names.is_empty()),
                Some(value) => assert_eq!(&value[..], joined.join(",").as_bytes()),
            }
        }
        RequestKind::Main => {
            assert_eq!(&out.method, request.method());
            match request.credentials() {
                CredentialsMode::Omit => assert!(!out.include_credentials),
                CredentialsMode::Include => assert!(out.include_credentials),
                CredentialsMode::SameOrigin => {}
            }
            for (name, value) in out.headers.iter() {
                if name != ORIGIN {
                    assert!(!is_forbidden_request_header(name, value), "{name} went out");
                }
            }
            if request.mode() == Mode::NoCors {
                for (name, value) in out.headers.sort_and_combine() {
                    if name != ORIGIN {
                        assert!(is_no_cors_safelisted_request_header(&name, &value));
                    }
                }
            }
        }
    }
}

/// The hand-off to an HTTP client keeps the request as it is, and fails
/// only where `to_http` says it may: on a header value `http` refuses, or
/// a host `http::Uri` refuses.
fn check_to_http(out: &SentRequest) {
    match out.as_outgoing().to_http() {
        Ok(request) => {
            assert_eq!(request.method(), out.method);
            assert_eq!(request.uri().to_string(), out.url.as_str());
            // `HeaderMap` groups values by name, so compare what script would see.
            let headers = HeaderList::from(request.headers());
            assert_eq!(headers.sort_and_combine(), out.headers.sort_and_combine());
        }
        Err(FetchError::InvalidHeaderValue { .. }) => {
            let refused = out
                .headers
                .iter()
                .any(|(_, value)| http::HeaderValue::from_bytes(value).is_err());
            assert!(refused, "to_http refused acceptable header values");
        }
        Err(FetchError::InvalidUrl { .. }) => {
            let host = out.url.host_str().unwrap_or_default();
            assert!(
                host.contains(['"', '`', '{', '}']),
                "to_http refused {}",
                out.url
            );
        }
        Err(error) => panic!("to_http failed with {error}"),
    }
}

/// The [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check)
/// passed for `headers`, answering `out`: the allowed origin is the one
/// sent, or `*` without credentials; with credentials, the server said
/// `Access-Control-Allow-Credentials: true`.
fn check_cors_passed(headers: &HeaderList, out: &SentRequest, credentials: CredentialsMode) {
    let sent = out
        .headers
        .get(&ORIGIN)
        .expect("a CORS request carries Origin");
    let allowed = headers
        .get(&ACCESS_CONTROL_ALLOW_ORIGIN)
        .expect("passed the CORS check without Access-Control-Allow-Origin");
    if credentials == CredentialsMode::Include {
        assert_ne!(&allowed[..], b"*", "a credentialed fetch passed with `*`");
        assert_eq!(allowed, sent);
        let credentials = headers.get(&ACCESS_CONTROL_ALLOW_CREDENTIALS);
        assert_eq!(credentials.as_deref(), Some(&b"true"[..]));
    } else {
        assert!(
            &allowed[..] == b"*" || allowed == sent,
            "{allowed:?} for {sent:?}"
        );
    }
}

/// How a fetch ended, given the last request and its answer.
fn check_outcome(
    outcome: &Result<Response, FetchError>,
    request: &Request,
    last: Option<&(SentRequest, ResponseHead)>,
) {
    let response = match outcome {
        Ok(response) => response,
        Err(error) => {
            // Messages quote what the server sent; they must render.
            let _ = (error.to_string(), format!("{error:?}"));
            return;
        }
    };
    let (out, head) = last.expect("a response without a request");
    assert_eq!(
        out.kind,
        RequestKind::Main,
        "a preflight's answer became the response"
    );
    let same_origin = |url: &url::Url| url.origin() == *request.origin();
    match response.response_type {
        ResponseType::Basic | ResponseType::Cors => {
            assert_eq!(response.status, head.status);
            assert_eq!(response.url_list.last(), Some(&*out.url));
            assert_eq!(response.url_list.len(), out.redirects as usize + 1);
            if is_redirect_status(head.status) {
                // Only a redirect without a Location is a response.
                assert_eq!(request.redirect(), RedirectMode::Follow);
                assert!(!head.headers.contains(&LOCATION));
            }
        }
        ResponseType::Opaque | ResponseType::OpaqueRedirect => {
            assert_eq!(response.status, 0);
            assert!(
                response.headers.is_empty(),
                "an opaque response shows headers"
            );
        }
    }
    // Whatever the filter shows, the user agent keeps the whole list.
    assert_eq!(response.headers.internal(), &head.headers);
    let include = request.credentials() == CredentialsMode::Include;
    match response.response_type {
        ResponseType::Basic => {
            if request.mode() != Mode::Navigate {
                assert!(
                    response.url_list.iter().all(same_origin),
                    "basic across origins"
                );
            }
            assert_eq!(
                out.include_credentials,
                request.credentials() != CredentialsMode::Omit
            );
            assert_eq!(
                response.headers.to_list(),
                reference::basic_visible(&head.headers)
            );
        }
        ResponseType::Cors => {
            assert_eq!(request.mode(), Mode::Cors);
            assert!(
                !response.url_list.iter().all(same_origin),
                "cors but same-origin"
            );
            assert_eq!(out.include_credentials, include);
            check_cors_passed(&head.headers, out, request.credentials());
            assert_eq!(
                response.headers.to_list(),
                reference::cors_visible(&head.headers, include)
            );
        }
        ResponseType::Opaque => {
            assert_eq!(request.mode(), Mode::NoCors);
            assert!(response.url_list.is_empty());
        }
        ResponseType::OpaqueRedirect => {
            assert_eq!(request.redirect(), RedirectMode::Manual);
            assert!(is_redirect_status(head.status));
        }
    }
}
