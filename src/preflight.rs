//! [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch):
//! building the `OPTIONS` request and deciding whether its response allows
//! the main request.

use std::borrow::Borrow;

use http::header::{
    HeaderName, ACCEPT, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, AUTHORIZATION, ORIGIN,
};
use http::Method;

use crate::cors_check::cors_check;
use crate::error::{FetchError, Hop, WildcardIgnored};
use crate::headers::names::{ListedNames, Marks};
use crate::headers::parse::{
    extract_max_age, extract_token_list_inline, parse_digits, MaxAge, TokenList,
};
use crate::headers::request::is_cors_non_wildcard_request_header_name;
use crate::headers::{is_http_tab_or_space, trim_bytes, HeaderList};
use crate::methods::is_cors_safelisted_method;
use crate::policy::{MaxAgeParsing, MethodMatch, Policy};
use crate::redirect::{is_ok_status, is_redirect_status};
use crate::request::CredentialsMode;
use crate::response::ResponseHead;

/// Steps 1-5 of [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
/// plus the `Origin` that HTTP-network-or-cache fetch appends (the preflight's
/// tainting is `cors`): the preflight's header list. No author header and no
/// credentials go with it.
///
/// ```
/// use fetch_cors::preflight::preflight_headers;
/// use http::{Method, header::HeaderName};
/// let names = [HeaderName::from_static("content-type"), HeaderName::from_static("x-trace")];
/// let h = preflight_headers(&Method::PUT, &names, "https://app.example");
/// assert_eq!(h.get("access-control-request-headers").as_deref(), Some(&b"content-type,x-trace"[..]));
/// assert_eq!(h.get("accept").as_deref(), Some(&b"*/*"[..]));
/// ```
pub fn preflight_headers(
    method: &Method,
    unsafe_names: &[impl Borrow<HeaderName>],
    origin: &str,
) -> HeaderList {
    let names = unsafe_names.iter().map(|n| n.borrow().as_str().as_bytes());
    let bytes = 3 + method.as_str().len() + names.clone().map(|n| n.len() + 1).sum::<usize>();
    let mut headers = HeaderList::with_capacities(4, bytes + origin.len());
    // 2. `Accept: */*`.
    headers.append(ACCEPT, crate::fetch::DEFAULT_ACCEPT);
    // 3. The method as is, byte for byte.
    headers.append(ACCESS_CONTROL_REQUEST_METHOD, method.as_str());
    // 4-5. The unsafe names joined with a bare `,` (not "combine").
    if !unsafe_names.is_empty() {
        headers.append_joined(ACCESS_CONTROL_REQUEST_HEADERS, names, b',');
    }
    headers.append(ORIGIN, origin.as_bytes());
    headers
}

/// The request a preflight is for, as step 7 of CORS-preflight fetch reads
/// it. The unsafe names may be owned or borrowed (`&HeaderName`, as main
/// fetch has them).
#[derive(Clone, Copy, Debug)]
pub struct PreflightFor<'a, N = HeaderName> {
    /// The request's method.
    pub method: &'a Method,
    /// The request's header list.
    pub headers: &'a HeaderList,
    /// Its CORS-unsafe request-header names.
    pub unsafe_names: &'a [N],
    /// Its credentials mode.
    pub credentials: CredentialsMode,
    /// Its byte-serialized origin.
    pub origin: &'a str,
    /// Its use-CORS-preflight flag.
    pub use_cors_preflight: bool,
}

/// What a successful preflight allows, borrowed from its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreflightResult<'a> {
    /// `Access-Control-Allow-Methods` (or the request's method, step 7.3).
    pub methods: TokenList<'a>,
    /// `Access-Control-Allow-Headers`.
    pub header_names: TokenList<'a>,
    /// Seconds to cache the result, or `None` not to cache it.
    pub max_age: Option<u64>,
}

/// Step 7 of [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0):
/// whether the preflight's `response` allows `request`. `hop` describes the
/// preflight for error messages.
pub fn check_preflight_response<'a, N: Borrow<HeaderName>>(
    response: &'a ResponseHead,
    request: &PreflightFor<'a, N>,
    policy: &Policy,
    hop: &dyn Fn() -> Hop,
) -> Result<PreflightResult<'a>, FetchError> {
    check_preflight_response_listing(response, request, policy, hop).map(|(result, _)| result)
}

/// Which of a request's CORS-unsafe names a preflight response listed by
/// name (not only through `*`), and which items of its
/// `Access-Control-Allow-Headers` named one of them.
pub(crate) struct Listed<'a> {
    names: ListedNames<'a>,
    listed: Marks,
    items_naming_one: Marks,
}

impl Listed<'_> {
    /// Whether `name`, one of the request's unsafe names, was listed.
    #[inline]
    pub(crate) fn contains(&self, name: &[u8]) -> bool {
        self.names
            .position(name)
            .is_some_and(|i| self.listed.get(i))
    }

    /// Whether the `i`th unsafe name, `name`, was listed: by position while
    /// the names are kept in their order, without a lookup.
    #[inline]
    pub(crate) fn contains_at(&self, i: usize, name: &[u8]) -> bool {
        if self.names.in_given_order() {
            self.listed.get(i)
        } else {
            self.contains(name)
        }
    }

    /// Whether the `j`th item of `Access-Control-Allow-Headers` is one of
    /// the request's unsafe names.
    pub(crate) fn item_names_one(&self, j: usize) -> bool {
        self.items_naming_one.get(j)
    }
}

/// [`check_preflight_response`], also saying which unsafe names were
/// listed, which main fetch stores first.
pub(crate) fn check_preflight_response_listing<'a, N: Borrow<HeaderName>>(
    response: &'a ResponseHead,
    request: &PreflightFor<'a, N>,
    policy: &Policy,
    hop: &dyn Fn() -> Hop,
) -> Result<(PreflightResult<'a>, Listed<'a>), FetchError> {
    let include = request.credentials == CredentialsMode::Include;
    // 7. The CORS check uses the request, not the preflight, so its
    //    credentials mode applies; then the status must be ok.
    cors_check(&response.headers, request.origin, request.credentials, hop)?;
    if !is_ok_status(response.status) {
        return Err(if is_redirect_status(response.status) {
            FetchError::PreflightRedirect {
                hop: Box::new(hop()),
                status: response.status,
            }
        } else {
            FetchError::PreflightInvalidStatus {
                hop: Box::new(hop()),
                status: response.status,
            }
        });
    }
    // 7.1-7.3. Parse the allow lists; a syntax error is a network error.
    let methods = match extract_token_list_inline(&response.headers, &ACCESS_CONTROL_ALLOW_METHODS)
    {
        Some(Err(e)) => {
            return Err(FetchError::InvalidAllowMethods {
                hop: Box::new(hop()),
                value: e.value,
                item: e.item,
            })
        }
        Some(Ok(methods)) => Some(methods),
        None => None,
    };
    // Which unsafe names the response lists: one pass over its list, each
    // item looked up among the request's names (a 1 MiB list has 100,000
    // items; a request rarely has more than a few unsafe names).
    let unsafe_names: ListedNames = request
        .unsafe_names
        .iter()
        .map(|n| n.borrow().as_str().as_bytes())
        .collect();
    let mut names_listed = Marks::new(unsafe_names.len());
    let mut items_naming_one = Marks::new(0);
    let mut headers_star = false;
    let mut see = |items: &TokenList| {
        items_naming_one = Marks::new(items.len());
        for (j, item) in items.iter().enumerate() {
            headers_star |= *item == b"*";
            if let Some(i) = unsafe_names.position(item) {
                names_listed.set(i);
                items_naming_one.set(j);
            }
        }
    };
    let parsed = extract_token_list_inline(&response.headers, &ACCESS_CONTROL_ALLOW_HEADERS)
        .map(|result| result.inspect(|items| see(items)));
    let header_names = match parsed {
        Some(Err(e)) => {
            return Err(FetchError::InvalidAllowHeaders {
                hop: Box::new(hop()),
                value: e.value,
                item: e.item,
            })
        }
        Some(Ok(names)) => names,
        None => TokenList::new(),
    };
    // 7.4. A preflight forced by the flag caches the method anyway.
    let methods = match methods {
        None if request.use_cors_preflight => {
            [request.method.as_str().as_bytes()].into_iter().collect()
        }
        m => m.unwrap_or_default(),
    };
    let has_star = |list: &[&[u8]]| list.iter().any(|item| *item == b"*");
    // 7.5. The method.
    let method = request.method.as_str().as_bytes();
    let listed = methods.iter().any(|m| match policy.method_match {
        MethodMatch::Exact => *m == method,
        // The request method uppercased, compared byte for byte.
        MethodMatch::UppercaseLegacy => {
            m.len() == method.len()
                && m.iter()
                    .zip(method)
                    .all(|(a, b)| *a == b.to_ascii_uppercase())
        }
    });
    if !listed && !is_cors_safelisted_method(request.method) && (include || !has_star(&methods)) {
        return Err(FetchError::MethodNotAllowed {
            hop: Box::new(hop()),
            method: request.method.to_string(),
            allowed: response
                .headers
                .get(&ACCESS_CONTROL_ALLOW_METHODS)
                .map(|v| v.into_owned()),
            wildcard_ignored: (include && has_star(&methods))
                .then_some(WildcardIgnored::CredentialsInclude),
        });
    }
    let listed = Listed {
        names: unsafe_names,
        listed: names_listed,
        items_naming_one,
    };
    let star_counts = !include && headers_star;
    let not_allowed = |name: &str, wildcard_ignored| FetchError::HeaderNotAllowed {
        hop: Box::new(hop()),
        header: name.to_owned(),
        allowed: response
            .headers
            .get(&ACCESS_CONTROL_ALLOW_HEADERS)
            .map(|v| v.into_owned()),
        wildcard_ignored,
    };
    // 7.6. `Authorization` must be listed by name, whatever `*` says
    //      (unless the policy follows the browsers). It is never
    //      safelisted, so it is one of the unsafe names the one pass over
    //      the list marked.
    if let Some((name, _)) = request
        .headers
        .iter()
        .find(|(name, _)| is_cors_non_wildcard_request_header_name(name.as_str().as_bytes()))
    {
        let covered = policy.authorization_covered_by_wildcard && star_counts;
        if !listed.contains(name.as_str().as_bytes()) && !covered {
            let why = if star_counts {
                Some(WildcardIgnored::NonWildcardHeader)
            } else {
                (include && headers_star).then_some(WildcardIgnored::CredentialsInclude)
            };
            return Err(not_allowed(AUTHORIZATION.as_str(), why));
        }
    }
    // 7.7. Every CORS-unsafe request-header name.
    for (i, name) in request.unsafe_names.iter().enumerate() {
        let name = name.borrow().as_str();
        if !star_counts && !listed.contains_at(i, name.as_bytes()) {
            let why = (include && headers_star).then_some(WildcardIgnored::CredentialsInclude);
            return Err(not_allowed(name, why));
        }
    }
    // 7.8-7.10. How long to cache it.
    let max_age = max_age(&response.headers, policy);
    let result = PreflightResult {
        methods,
        header_names,
        max_age,
    };
    Ok((result, listed))
}

/// Steps 7.8-7.9: `Access-Control-Max-Age` as the policy reads it, capped
/// by the policy's imposed limit. `None` means do not cache (Firefox's
/// reading of a bad or zero value).
///
/// ```
/// use fetch_cors::{preflight::max_age, HeaderList, Policy, Profile};
/// let mut h = HeaderList::new();
/// h.try_append("Access-Control-Max-Age", "-1").unwrap();
/// assert_eq!(max_age(&h, &Policy::spec()), Some(5));
/// assert_eq!(max_age(&h, &Policy::from_profile(Profile::Chromium)), Some(0));
/// assert_eq!(max_age(&h, &Policy::from_profile(Profile::Firefox)), None);
/// ```
pub fn max_age(headers: &HeaderList, policy: &Policy) -> Option<u64> {
    let parsed = extract_max_age(headers);
    let value_is_empty = || {
        let value = headers.get(&http::header::ACCESS_CONTROL_MAX_AGE);
        value.is_some_and(|v| trim_bytes(&v, is_http_tab_or_space).is_empty())
    };
    let seconds = match (policy.max_age_parsing, parsed) {
        (_, MaxAge::Absent) => policy.default_max_age,
        // Firefox reads an empty value as no value.
        (MaxAgeParsing::Firefox, MaxAge::Invalid { .. }) if value_is_empty() => {
            policy.default_max_age
        }
        (MaxAgeParsing::Firefox, MaxAge::Seconds(0) | MaxAge::Invalid { .. }) => return None,
        (_, MaxAge::Seconds(n)) => n,
        (MaxAgeParsing::Chromium | MaxAgeParsing::Webkit, MaxAge::Invalid { negative: true }) => 0,
        (MaxAgeParsing::Webkit, MaxAge::Invalid { negative: false }) => {
            // WebKit's integer parser takes a leading `+`.
            let value = headers
                .get(&http::header::ACCESS_CONTROL_MAX_AGE)
                .unwrap_or_default();
            value
                .strip_prefix(b"+")
                .and_then(parse_digits)
                .unwrap_or(policy.default_max_age)
        }
        (_, MaxAge::Invalid { .. }) => policy.default_max_age,
    };
    Some(policy.max_age_cap.map_or(seconds, |cap| seconds.min(cap)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Profile;
    use url::Url;

    fn hop() -> Hop {
        Hop {
            url: Url::parse("https://api.example/").unwrap(),
            redirects: 0,
            preflight: true,
            origin: "https://app.example".into(),
        }
    }

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::try_from_pairs(pairs.iter().copied()).unwrap()
    }

    struct Case {
        method: &'static str,
        headers: Vec<(&'static str, &'static str)>,
        credentials: CredentialsMode,
        use_cors_preflight: bool,
    }

    impl Case {
        fn new(method: &'static str, headers: &[(&'static str, &'static str)]) -> Self {
            Case {
                method,
                headers: headers.to_vec(),
                credentials: CredentialsMode::SameOrigin,
                use_cors_preflight: false,
            }
        }

        fn include(mut self) -> Self {
            self.credentials = CredentialsMode::Include;
            self
        }

        fn run(
            &self,
            status: u16,
            response: &[(&str, &str)],
            policy: &Policy,
        ) -> Result<Option<u64>, FetchError> {
            let headers = list(&self.headers);
            let unsafe_names = crate::headers::request::cors_unsafe_request_header_names(&headers);
            let method = Method::from_bytes(self.method.as_bytes()).unwrap();
            let request = PreflightFor {
                method: &method,
                headers: &headers,
                unsafe_names: &unsafe_names,
                credentials: self.credentials,
                origin: "https://app.example",
                use_cors_preflight: self.use_cors_preflight,
            };
            let response = ResponseHead {
                status,
                headers: list(response),
            };
            check_preflight_response(&response, &request, policy, &hop).map(|r| r.max_age)
        }
    }

    const ACAO: (&str, &str) = ("Access-Control-Allow-Origin", "https://app.example");
    const STAR: (&str, &str) = ("Access-Control-Allow-Origin", "*");
    const ACAC: (&str, &str) = ("Access-Control-Allow-Credentials", "true");

    #[test]
    fn ok_status_is_any_2xx() {
        let case = Case::new("PUT", &[]);
        let allow = [STAR, ("Access-Control-Allow-Methods", "PUT")];
        for s in [200, 204, 299] {
            assert!(case.run(s, &allow, &Policy::spec()).is_ok(), "{s}");
        }
        assert!(matches!(
            case.run(301, &allow, &Policy::spec()),
            Err(FetchError::PreflightRedirect { status: 301, .. })
        ));
        for s in [304, 400, 401, 404, 500, 199] {
            assert!(
                matches!(
                    case.run(s, &allow, &Policy::spec()),
                    Err(FetchError::PreflightInvalidStatus { .. })
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn the_cors_check_runs_first_with_the_requests_credentials() {
        let case = Case::new("PUT", &[]).include();
        let err = case.run(
            204,
            &[STAR, ACAC, ("Access-Control-Allow-Methods", "PUT")],
            &Policy::spec(),
        );
        assert!(matches!(
            err,
            Err(FetchError::WildcardOriginWithCredentials { .. })
        ));
        let ok = case.run(
            204,
            &[ACAO, ACAC, ("Access-Control-Allow-Methods", "PUT")],
            &Policy::spec(),
        );
        assert!(ok.is_ok());
    }

    #[test]
    fn syntax_errors_fail_the_preflight() {
        let case = Case::new("PUT", &[]);
        assert!(matches!(
            case.run(
                200,
                &[STAR, ("Access-Control-Allow-Methods", "PUT DELETE")],
                &Policy::spec()
            ),
            Err(FetchError::InvalidAllowMethods { .. })
        ));
        assert!(matches!(
            case.run(
                200,
                &[
                    STAR,
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "x;y")
                ],
                &Policy::spec()
            ),
            Err(FetchError::InvalidAllowHeaders { .. })
        ));
    }

    #[test]
    fn methods_compare_byte_for_byte_and_star_needs_no_credentials() {
        let patch = Case::new("patch", &[]);
        assert!(matches!(
            patch.run(
                200,
                &[STAR, ("Access-Control-Allow-Methods", "PATCH")],
                &Policy::spec()
            ),
            Err(FetchError::MethodNotAllowed {
                wildcard_ignored: None,
                ..
            })
        ));
        assert!(patch
            .run(
                200,
                &[STAR, ("Access-Control-Allow-Methods", "patch")],
                &Policy::spec()
            )
            .is_ok());
        assert!(patch
            .run(
                200,
                &[STAR, ("Access-Control-Allow-Methods", "*")],
                &Policy::spec()
            )
            .is_ok());
        let include = Case::new("PUT", &[]).include();
        assert!(matches!(
            include.run(
                200,
                &[ACAO, ACAC, ("Access-Control-Allow-Methods", "*")],
                &Policy::spec()
            ),
            Err(FetchError::MethodNotAllowed {
                wildcard_ignored: Some(WildcardIgnored::CredentialsInclude),
                ..
            })
        ));
        // A safelisted method passes with no Allow-Methods at all.
        assert!(Case::new("POST", &[])
            .run(200, &[STAR], &Policy::spec())
            .is_ok());
        let legacy = Policy {
            method_match: MethodMatch::UppercaseLegacy,
            ..Policy::spec()
        };
        assert!(patch
            .run(
                200,
                &[STAR, ("Access-Control-Allow-Methods", "PATCH")],
                &legacy
            )
            .is_ok());
    }

    #[test]
    fn use_cors_preflight_defaults_methods_to_the_request_method() {
        let mut case = Case::new("PUT", &[]);
        assert!(case.run(200, &[STAR], &Policy::spec()).is_err());
        case.use_cors_preflight = true;
        assert!(case.run(200, &[STAR], &Policy::spec()).is_ok());
    }

    #[test]
    fn headers_case_insensitive_and_star_without_credentials() {
        let case = Case::new("GET", &[("X-Custom", "1")]);
        assert!(case
            .run(
                200,
                &[STAR, ("Access-Control-Allow-Headers", "X-CUSTOM")],
                &Policy::spec()
            )
            .is_ok());
        assert!(case
            .run(
                200,
                &[STAR, ("Access-Control-Allow-Headers", "*")],
                &Policy::spec()
            )
            .is_ok());
        assert!(matches!(
            case.run(
                200,
                &[STAR, ("Access-Control-Allow-Headers", "x-other")],
                &Policy::spec()
            ),
            Err(FetchError::HeaderNotAllowed { .. })
        ));
        let include = Case::new("GET", &[("X-Custom", "1")]).include();
        assert!(matches!(
            include.run(
                200,
                &[ACAO, ACAC, ("Access-Control-Allow-Headers", "*")],
                &Policy::spec()
            ),
            Err(FetchError::HeaderNotAllowed {
                wildcard_ignored: Some(WildcardIgnored::CredentialsInclude),
                ..
            })
        ));
    }

    #[test]
    fn authorization_is_never_covered_by_star_under_the_spec() {
        let case = Case::new("GET", &[("Authorization", "Bearer t")]);
        let star = [STAR, ("Access-Control-Allow-Headers", "*")];
        assert!(matches!(
            case.run(200, &star, &Policy::spec()),
            Err(FetchError::HeaderNotAllowed {
                wildcard_ignored: Some(WildcardIgnored::NonWildcardHeader),
                ..
            })
        ));
        assert!(case
            .run(
                200,
                &[STAR, ("Access-Control-Allow-Headers", "*, Authorization")],
                &Policy::spec()
            )
            .is_ok());
        for p in [Profile::Chromium, Profile::Firefox, Profile::Webkit] {
            assert!(
                case.run(200, &star, &Policy::from_profile(p)).is_ok(),
                "{p}"
            );
        }
    }

    #[test]
    fn max_age_by_policy() {
        let age = |v: &str, p: Profile| {
            max_age(
                &list(&[("Access-Control-Max-Age", v)]),
                &Policy::from_profile(p),
            )
        };
        assert_eq!(max_age(&list(&[]), &Policy::spec()), Some(5));
        assert_eq!(age("0", Profile::Spec), Some(0));
        assert_eq!(age("-1", Profile::Spec), Some(5));
        assert_eq!(age("+5", Profile::Spec), Some(5));
        assert_eq!(age("1e3", Profile::Spec), Some(5));
        assert_eq!(age("99999999999999999999", Profile::Spec), Some(u64::MAX));
        assert_eq!(age("99999999999999999999", Profile::Chromium), Some(7200));
        assert_eq!(age("99999999999999999999", Profile::Firefox), Some(86400));
        assert_eq!(age("99999999999999999999", Profile::Webkit), Some(600));
        assert_eq!(age("-1", Profile::Chromium), Some(0));
        assert_eq!(age("abc", Profile::Chromium), Some(5));
        assert_eq!(age("0", Profile::Firefox), None);
        assert_eq!(age("abc", Profile::Firefox), None);
        // browser-vectors/firefox/cache.json `PUT twice, preflight allows
        // PUT with Access-Control-Max-Age ``` (the second PUT reuses the
        // preflight): an empty value is the default, as in the spec.
        assert_eq!(age("", Profile::Spec), Some(5));
        assert_eq!(age("", Profile::Firefox), Some(5));
        assert_eq!(age("+30", Profile::Webkit), Some(30));
        assert_eq!(age("-1", Profile::Webkit), Some(0));
    }
}
