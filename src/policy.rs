//! User-agent policy: the spec's behaviour by default, and named presets for
//! the documented deviations of shipping browsers.
//!
//! Every knob changes one documented behaviour. None of them weakens a check
//! that the spec and all browsers agree on (the CORS check itself, ok status,
//! list syntax, the redirect rules).

use std::fmt;
use std::str::FromStr;

/// A named preset of knobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// The Fetch Standard as written.
    Spec,
    /// Chromium's network service (`services/network/cors/`).
    Chromium,
    /// Firefox (`netwerk/protocol/http/nsCORSListenerProxy.cpp`).
    Firefox,
    /// WebKit (`Source/WebCore/loader/CrossOriginAccessControl.cpp`,
    /// `CrossOriginPreflightResultCache.cpp`).
    Webkit,
}

impl Profile {
    /// Every profile, spec first.
    pub const ALL: [Profile; 4] = [
        Profile::Spec,
        Profile::Chromium,
        Profile::Firefox,
        Profile::Webkit,
    ];

    /// The profile's name as vectors and the command line spell it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Spec => "spec",
            Profile::Chromium => "chromium",
            Profile::Firefox => "firefox",
            Profile::Webkit => "webkit",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown profile name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{0}`; known profiles: spec, chromium, firefox, webkit")]
pub struct UnknownProfile(pub String);

impl FromStr for Profile {
    type Err = UnknownProfile;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| UnknownProfile(s.to_owned()))
    }
}

/// How an `Access-Control-Max-Age` that is not `1*DIGIT`, or is `0`, is
/// treated.
///
/// The recordings (`browser-vectors/<browser>/cache.json` `PUT twice,
/// preflight allows PUT with Access-Control-Max-Age ...` and `PUT at 0 s,
/// 3 s and 7 s, ...`) agree with each variant below: Chromium and WebKit
/// reuse the preflight for every form tried but `0`, `-0` and `-1`;
/// Firefox only for digits (`05`, `99999999999999999999`) and the empty
/// value. They cannot tell a form read as 5 from the default 5 (`+5`,
/// `05`), nor a huge value from the cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxAgeParsing {
    /// [`#cors-preflight-fetch`](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
    /// step 9: failure (`-1`, `+5`, `abc`, two headers) gives the default;
    /// `0` is a valid age.
    Spec,
    /// Chromium (`preflight_result.cc`): a negative integer gives 0 (stored
    /// already stale); anything else unparsable gives the default.
    Chromium,
    /// Firefox (`nsCORSListenerProxy.cpp`, `AddResultToCache`): an empty
    /// value gives the default, as an absent header does; any non-digit,
    /// or `0`, means the result is not cached at all (two headers are
    /// combined with `, `, so they are not cached either).
    Firefox,
    /// WebKit (`CrossOriginAccessControl.cpp`, `parseInteger`): a leading
    /// `+` is accepted, a negative integer gives an expired entry, anything
    /// else unparsable gives the default.
    Webkit,
}

/// How the method in the request is compared with
/// `Access-Control-Allow-Methods`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodMatch {
    /// Byte for byte: `patch` is not `PATCH` (the spec; current Chromium,
    /// Firefox and WebKit).
    Exact,
    /// Chromium before `AccessControlAllowMethodsInCORSPreflightSpecConformant`
    /// (crbug.com/1228178): the request method is uppercased first.
    UppercaseLegacy,
}

/// How the CORS-preflight cache keeps what one preflight allowed.
///
/// The spec's cache holds one entry per method and per header name, and a
/// later preflight for the same (key, origin, URL) refreshes or adds
/// entries ([`#cors-preflight-fetch`](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
/// steps 7.12-7.15). Chromium and WebKit keep one preflight result per
/// (origin, URL) instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheGranularity {
    /// One entry per method and header name (the spec; Firefox, whose
    /// `nsPreflightCache` entry is a list of tokens it adds to).
    PerItem,
    /// A preflight's result replaces whatever the cache held for its
    /// (key, origin, URL): WebKit (`CrossOriginPreflightResultCache.cpp`,
    /// `appendEntry` sets the map's value).
    PerResult,
    /// As [`CacheGranularity::PerResult`], and a lookup that finds a result
    /// not covering the request removes it, so nothing is left when the
    /// preflight that follows fails: Chromium (`preflight_cache.cc`,
    /// `CheckIfRequestCanSkipPreflight` erases "stale or not sufficient"
    /// entries).
    PerResultDroppedWhenInsufficient,
}

/// What a `*` held in the preflight cache stands for on a lookup (a fresh
/// preflight's `*` is [`Policy::authorization_covered_by_wildcard`]'s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachedWildcard {
    /// Any method, and any header name but `Authorization`
    /// ([`#concept-cache-match-header`](https://fetch.spec.whatwg.org/#concept-cache-match-header)):
    /// the spec and Chromium (its lookups always use the "non-wildcard
    /// request headers" variant, `preflight_cache.cc`).
    ExceptAuthorization,
    /// Any method and any header name, `Authorization` too: WebKit
    /// (`CrossOriginPreflightResultCache.cpp`, `validateCrossOriginHeaders`
    /// lets a valid wildcard cover every header).
    AuthorizationToo,
    /// Nothing: `*` is only the literal token `*`. Firefox
    /// (`nsCORSListenerProxy.cpp`, `CheckRequest` compares tokens).
    Literal,
}

/// What origin a CORS preflight speaks for once the request is
/// [redirect-tainted](https://fetch.spec.whatwg.org/#concept-request-tainted-origin)
/// (the main request then always carries `Origin: null`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaintedPreflightOrigin {
    /// The spec: the request's serialized origin, `null`, in the preflight's
    /// `Origin`, its CORS check and its cache key
    /// ([`#cors-preflight-fetch-0`](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
    /// steps 2 and 7, [`#concept-cache-match`](https://fetch.spec.whatwg.org/#concept-cache-match)).
    Null,
    /// Firefox: the page's own origin, in all three; only the main request
    /// says `null` (`nsCORSListenerProxy.cpp`: the preflight is made, and
    /// cached by `GetPrefLightCacheKey`, for the requesting principal).
    Original,
    /// Chromium and WebKit: `null`, but a new opaque origin at each taint,
    /// equal to no other: the preflight cache never serves such a preflight
    /// (Chromium `cors_url_loader.cc`: `tainted_ ? url::Origin() : ...`;
    /// WebKit `NetworkLoadChecker.cpp`: `SecurityOrigin::createOpaque()`).
    FreshOpaque,
}

/// Which statuses HTTP fetch follows as redirects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectStatuses {
    /// The spec's [redirect statuses](https://fetch.spec.whatwg.org/#redirect-status):
    /// 301, 302, 303, 307 and 308 (Chromium, Firefox).
    Spec,
    /// WebKitGTK (`NetworkDataTaskSoup.cpp`, `shouldStartHTTPRedirection`):
    /// every 3xx but 300, 304, 305 and 306, so 399 with a `Location` is
    /// followed too (as 307 is: the method is kept).
    Any3xxExcept300And304To306,
}

impl RedirectStatuses {
    /// Whether `status` is followed as a redirect.
    #[inline]
    pub fn is_redirect(self, status: u16) -> bool {
        match self {
            RedirectStatuses::Spec => crate::redirect::is_redirect_status(status),
            RedirectStatuses::Any3xxExcept300And304To306 => {
                (301..=399).contains(&status) && !(304..=306).contains(&status)
            }
        }
    }
}

/// What a redirect whose `Location` header is present but empty does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyLocation {
    /// The spec ([`#concept-response-location-url`](https://fetch.spec.whatwg.org/#concept-response-location-url)
    /// step 3): the empty string parses, relative to the response's URL, as
    /// that URL, which is fetched again (Firefox).
    SameUrl,
    /// Chromium (`net/http/http_response_headers.cc`, `IsRedirect`: "if the
    /// location value is empty, then it doesn't count"): not a redirect; the
    /// 3xx response is the response.
    NotARedirect,
    /// WebKit: a network error (`NetworkDataTaskSoup.cpp` does not redirect
    /// on an empty `Location`, and the 3xx then fails the load).
    NetworkError,
}

/// How the bytes of a `Location` value become the string the URL parser
/// reads. The spec does not say (the header value is bytes, the URL parser
/// takes a string); the engine isomorphic-decodes, as Fetch does elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationDecoding {
    /// Each byte is the code point of its value (isomorphic decode): byte
    /// E9 is `é` and goes out as `%C3%A9`; UTF-8 `C3 A9` is `Ã©`. The spec,
    /// and WebKit, whose values reach it already passed through UTF-8
    /// ([`Policy::header_values_as_utf8`]: a lone `E9` arrives as U+FFFD's
    /// bytes, so it goes out as `%C3%AF%C2%BF%C2%BD`).
    Isomorphic,
    /// Chromium (`net/http/http_response_headers.cc`, `IsRedirect`:
    /// `EscapeNonASCII` before the URL parser): each byte from 0x80 up is
    /// percent-encoded as it is (`E9` is `%E9`, `C3 A9` is `%C3%A9`).
    PercentEncodeNonAscii,
    /// Firefox (`nsHttpChannel.cpp`: `NS_EscapeURL(location,
    /// esc_OnlyNonASCII | esc_Spaces)` before `NS_NewURI`): as
    /// [`LocationDecoding::PercentEncodeNonAscii`], and the ASCII control
    /// bytes too, so a tab inside the value is `%09` rather than removed by
    /// the URL parser.
    PercentEncodeNonAsciiAndControls,
}

/// The header list a redirected request starts from before
/// [`#http-redirect-fetch`](https://fetch.spec.whatwg.org/#http-redirect-fetch)
/// steps 12-13 remove headers from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectHeaders {
    /// The spec and Chromium: the request's list as the last hop left it;
    /// the removals are for good.
    Current,
    /// WebKit: a redirect to a hop that needs CORS puts back the header
    /// list the request started with (less `Authorization` once a
    /// cross-origin hop removed it, less the body headers when this very
    /// redirect made the request a `GET`), so a `Content-Type` that an
    /// earlier 301/302/303 removed is sent again
    /// (`NetworkLoadChecker::checkCORSRedirectedRequest` sets
    /// `m_firstRequestHeaders` on each redirected request). Evidence:
    /// browser-vectors/webkit/redirects.json: `POST 301 api to other to api
    /// (two hops), ...`; mix.json: `#140 ...`.
    RestoreFirstForCors,
    /// Firefox: every redirect rebuilds the request's headers from those it
    /// started with, then removes only what this redirect removes: the
    /// request-body headers if it rewrote the request to `GET`,
    /// `Authorization` if it crosses origins. So a header an earlier hop
    /// removed comes back (an author's `Content-Type` after a 303 then a 301
    /// of the `GET`, `Authorization` after a cross-origin hop then a
    /// same-origin one); a `Content-Type` taken from the body goes with the
    /// body ([`Policy::body_headers_after_rewrite`]). Whether a redirect
    /// removes the body headers is asked of the method the request started
    /// with: a second 302 of a `POST` turned `GET` removes them again
    /// (`POST with Content-Type text/plain and Content-Language en, 302
    /// then 302 on app`; `FetchDriver::AsyncOnChannelRedirect` sets each new
    /// channel's headers from the `Request`). Evidence:
    /// browser-vectors/firefox/redirects.json: `PUT with Content-Type
    /// text/plain and Content-Language en, 303 then 301 on app` (both back
    /// on the second `GET`), `PATCH with Authorization, 307 api to other,
    /// 302 other to other` (`Authorization` back at the same-origin hop),
    /// and `POST 301 api to other to api (two hops), ...` (the body's own
    /// type does not come back at the `GET`'s 301).
    RebuildEachRedirect,
}

/// What a 307 or 308 does with the request-body headers that an earlier
/// redirect's rewrite to `GET` removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyHeadersAfterRewrite {
    /// The spec ([`#http-redirect-fetch`](https://fetch.spec.whatwg.org/#http-redirect-fetch)
    /// step 12 removes them for good) and Chromium: they stay removed.
    Removed,
    /// WebKit: `Content-Type` comes back (the `GET` stays bodiless).
    ContentTypeBack,
    /// Firefox: the body's own type comes back, the `Content-Type` that
    /// `new Request()` took from the body (the author's headers come back
    /// at any redirect: [`RedirectHeaders::RebuildEachRedirect`]).
    BodyTypeBack,
}

/// What several `Location` headers on one redirect do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicateLocations {
    /// The spec ([`#extract-header-list-values`](https://fetch.spec.whatwg.org/#extract-header-list-values)):
    /// `Location` takes a single value, so several are failure, a network
    /// error.
    Failure,
    /// Chromium and Firefox (`net/http/http_stream_parser.cc`,
    /// `HeadersContainMultipleCopiesOfField`; `nsHttpHeaderArray.cpp`,
    /// `SetHeaderFromNet` with `IsSuspectDuplicateHeader`): identical values
    /// count as one; different ones are a network error.
    IdenticalCollapse,
    /// WebKit: the values are combined (`a, b`) and the combination is
    /// parsed as one URL.
    Combined,
}

/// The knobs. Build one from a [`Profile`] and adjust fields.
///
/// ```
/// use fetch_cors::{Policy, Profile};
/// let spec = Policy::spec();
/// assert!(!spec.authorization_covered_by_wildcard);
/// let chromium = Policy::from_profile(Profile::Chromium);
/// assert_eq!(chromium.max_age_cap, Some(7200));
/// assert!(chromium.authorization_covered_by_wildcard);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The profile these knobs started from (for reports).
    pub profile: Profile,
    /// The user agent's "imposed limit" on `Access-Control-Max-Age`, in
    /// seconds. `None`: no limit (the spec names none). Chromium 7200,
    /// Firefox 86400, WebKit 600.
    pub max_age_cap: Option<u64>,
    /// The max-age used when the header is absent or (under
    /// [`MaxAgeParsing::Spec`]) invalid. The spec and every browser: 5.
    pub default_max_age: u64,
    /// How invalid, negative and zero max-ages are treated.
    pub max_age_parsing: MaxAgeParsing,
    /// The most entries the preflight cache holds (least recently used ones
    /// are evicted; the spec allows removing entries early). Spec profile:
    /// 1024, Chromium's number. Firefox: 100.
    pub cache_capacity: usize,
    /// Whether `*` in `Access-Control-Allow-Headers` covers `Authorization`.
    /// The spec says no (`#cors-non-wildcard-request-header-name`); Chromium,
    /// Firefox and WebKit say yes on a fresh preflight (whatwg/fetch#1919).
    /// Cache lookups stay strict either way, as Chromium's are.
    pub authorization_covered_by_wildcard: bool,
    /// Method comparison against `Access-Control-Allow-Methods`.
    pub method_match: MethodMatch,
    /// Whether a network error after a preflighted request runs "clear cache
    /// entries" (main fetch step for the preflight branch). Spec and
    /// Firefox: yes. Chromium and WebKit: no.
    pub clear_cache_on_failure: bool,
    /// Whether a cache entry stored from a credentialed preflight serves
    /// requests without credentials (spec: yes; Firefox keys entries by
    /// credentials, so no).
    pub credentialed_entries_serve_uncredentialed: bool,
    /// Whether a `*` cache entry stored from a credentialed preflight acts
    /// as a wildcard for a later `include` request. The spec's cache-entry
    /// match allows it, though `*` was only a literal when it was validated;
    /// Chromium, Firefox and WebKit never let it (fetch-cors-checklist
    /// §12.10). Spec profile: true, as written.
    pub wildcard_entries_serve_credentialed: bool,
    /// Whether the cache keeps one entry per method and header name (the
    /// spec) or one preflight result per (key, origin, URL), and whether a
    /// lookup that finds an insufficient result removes it. Spec, Firefox:
    /// per item. WebKit: per result. Chromium: per result, dropped when
    /// insufficient.
    ///
    /// Evidence: browser-vectors/{chromium,webkit}/cache.json `GET with X-A
    /// (preflight allows x-a), with X-B (preflight allows x-b), with X-A
    /// again ...` and `PUT (preflight allows PUT), DELETE (preflight allows
    /// DELETE), PUT again ...` (the third fetch preflights again; Firefox
    /// reuses its entries); browser-vectors/chromium/cache.json `PUT
    /// (preflight allows PUT), PUT with X-A (preflight allows only PUT),
    /// PUT; ...` (the third fetch preflights again; WebKit reuses the `PUT`
    /// result).
    pub cache_granularity: CacheGranularity,
    /// What a cached `*` covers on a lookup. Spec, Chromium: any method,
    /// any header name but `Authorization`. WebKit: `Authorization` too.
    /// Firefox: nothing, `*` is a literal token.
    ///
    /// Evidence: browser-vectors/webkit/cache.json `GET with X-A (preflight
    /// allows `*`), then with Authorization ...` (no second preflight);
    /// browser-vectors/firefox/cache.json `PUT then DELETE, preflight
    /// Access-Control-Allow-Methods `*` ...` and `GET with X-A then with
    /// X-B, preflight Access-Control-Allow-Headers `*` ...` (a second
    /// preflight).
    pub cached_wildcard: CachedWildcard,
    /// Whether the cache is keyed by the URL with its fragment. The spec's
    /// [cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match)
    /// compares URLs, and this engine reads that without the fragment,
    /// which never goes on the wire; Chromium (`url.spec()` in
    /// `preflight_cache.cc`), Firefox (`GetSpec` in `GetCacheKey`) and
    /// WebKit (the `URL` in its map key) keep it.
    ///
    /// Evidence: browser-vectors/{chromium,firefox,webkit}/cache.json `PUT
    /// to #a, then #b of one URL; ...` (the second fetch preflights again).
    pub cache_key_includes_fragment: bool,
    /// What origin a preflight speaks for after redirect-taint: its
    /// `Origin`, the CORS check of its response and its cache key
    /// ([`TaintedPreflightOrigin`]). Spec: `null`. Firefox: the page's
    /// origin (browser-vectors/firefox/redirects.json: `PUT 301 api to
    /// other (cross-origin hop), ... final Access-Control-Allow-Origin
    /// null`; mix.json: `#5 ...`, where the preflight passes on the
    /// page's origin and the main request on `null` fails). Chromium and
    /// WebKit: `null`, never served from the cache (mix.json: `#80 ...`
    /// and `#129 ...`, whose second fetch preflights the tainted hop again).
    pub tainted_preflight_origin: TaintedPreflightOrigin,
    /// Whether a request that needed a preflight at one hop is preflighted
    /// at every later CORS hop, even once a redirect made it safelisted
    /// (a 303 made it a `GET`, a cross-origin hop removed `Authorization`).
    /// The spec decides afresh at each hop ([`#main-fetch`](https://fetch.spec.whatwg.org/#main-fetch)
    /// step 12, "CORS-preflight flag"): no. Firefox (`HttpBaseChannel.cpp`:
    /// `mRequireCORSPreflight`, which a redirect's new channel keeps) and
    /// WebKit (`NetworkLoadChecker.cpp`: `m_isSimpleRequest` cleared once a
    /// preflight is needed): yes. Evidence: browser-vectors/{firefox,webkit}/redirects.json:
    /// `PUT 303 api to other (cross-origin hop), ...` and `GET with
    /// Authorization, 301 api to other (cross-origin hop) ...`, both
    /// preflighted again with `Access-Control-Request-Method: GET`. Such a
    /// preflight for a safelisted method is skipped when the cache holds a
    /// live result for the URL, whatever methods it lists (Firefox
    /// `nsPreflightCache` and WebKit `CrossOriginPreflightResultCacheItem`
    /// allow safelisted methods): redirects.json `DELETE 303 api to api,
    /// fetched twice, preflights allow DELETE`, whose second fetch reuses a
    /// result that lists only `DELETE` for the `GET`.
    pub preflight_sticks_across_redirects: bool,
    /// With [`Policy::preflight_sticks_across_redirects`], whether CORS-unsafe
    /// headers on a hop to the page's own origin (which needs no preflight)
    /// also make every later cross-origin hop preflighted, even once a
    /// redirect removed them (a 303's `GET` drops `Content-Type`, a
    /// cross-origin hop drops `Authorization`). An unsafe method alone does
    /// not. Spec, Chromium: no. Firefox (the unsafe header names `fetch()`
    /// hands its channel when it starts, whatever the origin): yes. WebKit
    /// reaches the same wire by [`Policy::preflight_lists_original_headers`]:
    /// no. Evidence: browser-vectors/firefox/redirects.json: `GET with
    /// Authorization, 302 app to api (same-origin start, unsafe request)`
    /// and `POST with Content-Type application/json, 303 ...` (preflighted,
    /// with no `Access-Control-Request-Headers`), `PUT with a text body,
    /// 303 ...` (not).
    pub unsafe_headers_on_same_origin_hops_stick: bool,
    /// Whether the CORS-unsafe header names a redirected request is
    /// classified by, preflighted for (`Access-Control-Request-Headers`)
    /// and looked up in the cache with are those of the header list the
    /// request started with, rather than of the list the redirect steps
    /// left ([`#http-redirect-fetch`](https://fetch.spec.whatwg.org/#http-redirect-fetch)
    /// steps 12-13 remove the body headers and `Authorization`). Spec: no.
    /// WebKit (`NetworkLoadChecker.cpp`, the preflight is built from
    /// `m_originalRequestHeaders`): yes. Evidence:
    /// browser-vectors/webkit/mix.json: `#127 ...` and `#129 ...` (a
    /// preflight after a cross-origin hop lists `authorization`, which the
    /// request no longer carries).
    pub preflight_lists_original_headers: bool,
    /// Whether a redirect to the same origin as the previous URL keeps the
    /// `Origin` header the previous request carried where
    /// [append a request `Origin` header](https://fetch.spec.whatwg.org/#append-a-request-origin-header)
    /// appends none (a `GET` after a 301/302/303 rewrote a `POST`, outside
    /// CORS). Spec: no. WebKit (`NetworkDataTaskSoup::continueHTTPRedirection`
    /// copies the previous request and clears `Origin` only on a
    /// cross-origin hop): yes. Evidence: browser-vectors/webkit/redirects.json:
    /// `POST with Content-Type text/plain and a body, 303 same-origin ...`;
    /// mix.json: `#173 ...` (kept on the same-origin hop, gone on the
    /// cross-origin one).
    pub same_origin_redirect_keeps_origin_header: bool,
    /// Whether, in a fetch whose first request went to the page's own
    /// origin in credentials mode `same-origin`, a redirect response on a
    /// cross-origin hop that passed the
    /// [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check) is
    /// checked again under the credentialed rules (`*` fails,
    /// `Access-Control-Allow-Credentials: true` is required), although that
    /// hop's request went without credentials. A failure fails the fetch
    /// when the next hop's request is ready to go: after that hop's
    /// preflight, when it needs one (sent, and stored in the cache when it
    /// passes). The final response is checked as the mode says. Spec,
    /// Chromium, Firefox: no. WebKit: yes. Evidence:
    /// browser-vectors/*/redirects.json: `GET credentials same-origin, 302
    /// app to api to other, cross-origin redirect Access-Control-Allow-Origin
    /// ...` and `... app to api.other.test to other ...` (WebKit passes only
    /// the page origin with `Access-Control-Allow-Credentials: true`, as it
    /// does in mode `include`; Chromium and Firefox pass all four);
    /// webkit/mix.json: `#187 ...`; and modes.json: `cors GET redirect
    /// follow, 302 the page origin to api with Access-Control-Allow-Origin
    /// *, ...` (a final response on the same path passes `*`);
    /// redirects.json `GET with X-Custom (preflighted) credentials
    /// same-origin, 302 app to ...` (the next hop's preflight goes out, then
    /// the fetch fails). The likely cause: WebKit's network process checks
    /// the redirect with the credentials of the new request and prepares the
    /// next hop, preflight included, before the web process checks it again
    /// with the credentials the load started with; the line is not found.
    /// In mode `omit` WebKit checks the same chains as the spec does (the
    /// `credentials omit` variants pass).
    pub redirects_checked_as_credentialed_after_same_origin_start: bool,
    /// Whether a redirect to another origin turns a `DELETE` into a bodiless
    /// `GET`, whatever the status (307 and 308 included). Spec
    /// ([`#http-redirect-fetch`](https://fetch.spec.whatwg.org/#http-redirect-fetch)
    /// step 12 rewrites only 301/302 `POST` and 303): no. WebKitGTK
    /// (`NetworkDataTaskSoup.cpp`, `shouldRedirectAsGET`): yes, and the
    /// `GET` keeps the request-body headers (`Content-Type`,
    /// `Content-Language`). Evidence: browser-vectors/webkit/mix.json:
    /// `#116 ...` and `#169 ...`; redirects.json: `DELETE with Content-Type
    /// text/plain and Content-Language en, 308 app to api`.
    pub cross_origin_redirect_turns_delete_into_get: bool,
    /// The statuses followed as redirects ([`RedirectStatuses`]). Spec,
    /// Chromium, Firefox: 301, 302, 303, 307, 308. WebKit: every 3xx but
    /// 300, 304, 305, 306 (browser-vectors/webkit/redirects.json: `GET api
    /// answered 399 with a Location to api and the origin allowed`).
    pub redirect_statuses: RedirectStatuses,
    /// What an empty `Location` does ([`EmptyLocation`]). Spec and Firefox:
    /// the same URL again. Chromium: the 3xx is the response. WebKit: a
    /// network error. Evidence: browser-vectors/*/redirects.json: `GET api
    /// answered 302 with an empty Location and Access-Control-Allow-Origin
    /// *, ...`.
    pub empty_location: EmptyLocation,
    /// How `Location` bytes outside printable ASCII are read
    /// ([`LocationDecoding`]). Evidence: browser-vectors/*/redirects.json:
    /// `GET api answered 302 with a Location ending in byte E9 ...`, `...
    /// ending in bytes C3 A9 ...`; browser-vectors/firefox/redirects.json:
    /// `GET api answered 302 with a Location with a tab inside ...`.
    pub location_decoding: LocationDecoding,
    /// What several `Location` headers do ([`DuplicateLocations`]).
    /// Evidence: browser-vectors/*/redirects.json: `GET api answered 302
    /// with two identical Location header lines ...`, `... two different
    /// Location header lines ...`.
    pub duplicate_locations: DuplicateLocations,
    /// Whether a redirect of a `cors`-mode request to a URL with a username
    /// or password fails even when that URL is same origin with the
    /// request's origin. Spec ([`#http-redirect-fetch`](https://fetch.spec.whatwg.org/#http-redirect-fetch)
    /// step 9 fails only for another origin; Firefox and WebKit follow it):
    /// no. Chromium: yes (browser-vectors/chromium/redirects.json: `GET
    /// same-origin answered 302 with a Location with userinfo on
    /// app.example.test (same origin), ...`; the refusal is not the CORS
    /// check, `cors_url_loader.cc` `CheckRedirectLocation` follows the
    /// spec, and was not located further).
    pub cors_redirect_refuses_credentials_everywhere: bool,
    /// Whether a `no-cors` request's `Origin` becomes `null` at any redirect
    /// to another origin than the previous URL's, for the rest of the
    /// fetch. Spec
    /// ([`#append-a-request-origin-header`](https://fetch.spec.whatwg.org/#append-a-request-origin-header),
    /// Firefox, WebKit): only once the request is redirect-tainted, which a
    /// hop away from the page's own origin is not. Chromium: yes (its
    /// network stack nulls `Origin` on a cross-origin redirect; in `cors`
    /// mode its CORS loader follows the spec). Evidence:
    /// browser-vectors/chromium/redirects.json: `no-cors POST with a text
    /// body, 307 app to api` (and `308`, `app to api.other.test`, `app to
    /// api to app`, `app to app to api`).
    pub no_cors_cross_origin_hop_nulls_origin: bool,
    /// What a 307 or 308 sends of the request-body headers (`Content-Type`,
    /// `Content-Language`, ...) that an earlier 301, 302 or 303 removed
    /// when it turned the request into a bodiless `GET`: see
    /// [`BodyHeadersAfterRewrite`]; the method stays `GET`. Back on the
    /// list, they count for the next hop's CORS decisions (an
    /// `application/json` is preflighted). Evidence:
    /// browser-vectors/*/redirects.json: `POST with a text body, 302 then
    /// 307 on app` (and `302 then 308`, `303 then 307`, `303 then 308`),
    /// `POST with Content-Type application/json and Content-Language en,
    /// 303 then 308 on app`.
    pub body_headers_after_rewrite: BodyHeadersAfterRewrite,
    /// Which header list a redirected request starts from before steps
    /// 12-13 remove headers: see [`RedirectHeaders`].
    pub redirect_headers: RedirectHeaders,
    /// Whether a `no-cors` request in credentials mode `same-origin`
    /// includes credentials on every hop exactly when its first request
    /// did (went to the page's own origin). Spec
    /// ([`#concept-http-network-or-cache-fetch`](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch),
    /// Chromium, Firefox): only while the response tainting is `basic`, so
    /// not after a hop to another origin. WebKit: yes. Evidence:
    /// browser-vectors/webkit/redirects.json: `no-cors POST with a text
    /// body, 307 app to api` (cookie sent to api.example.test), `... app
    /// to api to app`, `... app to app to api`; `... api to app` (none,
    /// the first request went elsewhere).
    pub no_cors_credentials_follow_first_request: bool,
    /// Whether the response to a `data:` URL also has a `Content-Length`
    /// header, the decoded body's length (for a `HEAD` too). Spec
    /// ([`#concept-scheme-fetch`](https://fetch.spec.whatwg.org/#concept-scheme-fetch),
    /// `data`: only `Content-Type`), Chromium, WebKit: no. Firefox: yes.
    /// Evidence: browser-vectors/firefox/modes.json: `cors GET data:,hello`,
    /// `cors HEAD data:,hello`.
    pub data_url_content_length: bool,
    /// Whether `about:blank` is fetched as
    /// [scheme fetch](https://fetch.spec.whatwg.org/#concept-scheme-fetch)
    /// says (`about`: an empty `text/html;charset=utf-8` response; in
    /// `no-cors` mode an opaque one), rather than failing. Spec and Firefox:
    /// yes. Chromium and WebKit: no, a network error
    /// (browser-vectors/{chromium,webkit}/modes.json: `no-cors GET
    /// about:blank`; browser-vectors/firefox/modes.json: the same vector,
    /// an opaque response).
    pub about_blank_is_fetched: bool,
    /// Whether a request header is classified by its name's combined value
    /// (every value of that name joined with `, `) rather than entry by
    /// entry. The spec classifies each header-list entry
    /// ([`#cors-unsafe-request-header-names`](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names),
    /// "for each header of headers"); Chromium and WebKit hold one combined
    /// value per name by the time they classify, so two `Content-Type:
    /// text/plain` (`text/plain, text/plain` is no MIME type), two `Range`
    /// or two 64-byte `Accept` (131 bytes combined) are preflighted.
    /// Evidence: browser-vectors/{chromium,webkit}/safelist.json: `GET with
    /// two Content-Type headers `text/plain` and `text/plain``, `GET with
    /// two Range headers `bytes=0-` and `bytes=1-``, `GET with two Accept
    /// headers `text/aaa…` and `text/aaa…`` (Firefox does as the spec).
    /// Chromium: `CorsUnsafeRequestHeaderNames` in
    /// `services/network/public/cpp/cors/cors.cc` reads a
    /// `net::HttpRequestHeaders`, one value per name.
    pub classify_combined_header_values: bool,
    /// Whether the client-hint headers script may set are CORS-safelisted
    /// when their value has the hint's syntax: `DPR`, `Device-Memory`,
    /// `Downlink` (`1*DIGIT ["." 1*DIGIT]`), `Width`, `Viewport-Width`,
    /// `RTT` (`1*DIGIT`), `ECT` (`slow-2g`, `2g`, `3g` or `4g`) and
    /// `Save-Data` (`on`, any case), at most 128 bytes. The spec safelists
    /// none of them
    /// ([`#cors-safelisted-request-header`](https://fetch.spec.whatwg.org/#cors-safelisted-request-header)).
    /// Chromium only (`IsCorsSafelistedHeader` in
    /// `services/network/public/cpp/cors/cors.cc`; the `Sec-CH-*` hints
    /// there are forbidden to script anyway). Evidence:
    /// browser-vectors/chromium/safelist.json: `GET with DPR: `1``, `GET
    /// with Save-Data: `on``, `GET with Device-Memory: `1`` (Firefox and
    /// WebKit preflight all six recorded hints; `RTT` and `ECT` are from
    /// the source, not recorded). WPT's `cors/client-hint-request-headers.htm`
    /// (unextractable values preflight) agrees.
    pub client_hint_headers_safelisted: bool,
    /// The largest first or last byte position a safelisted `Range` may
    /// name. `None`: no limit, as
    /// [`#simple-range-header-value`](https://fetch.spec.whatwg.org/#simple-range-header-value)
    /// reads the digits as a decimal number of any size. Every browser
    /// parses them into a machine integer and a value that does not fit is
    /// no range, so `bytes=99999999999999999999-` is preflighted: Chromium
    /// (`net::HttpUtil::ParseRangeHeader`, `int64_t`) and WebKit
    /// (`parseRange` in `HTTPParsers.cpp`, `long long`) `i64::MAX`,
    /// Firefox (`nsContentUtils::ParseSingleRangeRequest`, `uint64_t`)
    /// `u64::MAX`. Evidence: browser-vectors/{chromium,firefox,webkit}/safelist.json:
    /// `GET with Range: `bytes=99999999999999999999-`` (only values past
    /// `u64::MAX` were recorded).
    pub range_position_max: Option<u64>,
    /// Whether the `bytes` unit of a safelisted `Range` matches in any
    /// case (`BYTES=0-`). The spec's parser wants the bytes `bytes`
    /// exactly
    /// ([`#simple-range-header-value`](https://fetch.spec.whatwg.org/#simple-range-header-value)
    /// step 2). WebKit only (`parseRange` in `HTTPParsers.cpp` compares
    /// ignoring ASCII case). Evidence: browser-vectors/webkit/safelist.json:
    /// `GET with Range: `BYTES=0-`` (Chromium and Firefox preflight it).
    pub range_unit_case_insensitive: bool,
    /// Whether the bytes 0x80-0xFF are
    /// [CORS-unsafe request-header bytes](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte)
    /// (the spec lists only control bytes and some delimiters). They then
    /// make an `Accept` or `Content-Type` value unsafe, and the no-cors
    /// `Headers` guard drops such a value. Firefox only (its check,
    /// `nsContentUtils::IsCorsUnsafeRequestHeaderValue`, refuses them; not
    /// read line by line). Evidence: browser-vectors/firefox/safelist.json:
    /// `GET with Accept: `a\xE9b``, `GET with Content-Type:
    /// `text/plain;charset=\xE9``, `GET in no-cors mode with Content-Type:
    /// `text/plain;charset=\xE9`` (dropped).
    pub non_ascii_bytes_cors_unsafe: bool,
    /// Whether `Access-Control-Request-Headers` names each CORS-unsafe
    /// header once. The spec sends the CORS-unsafe request-header names,
    /// a sorted lowercase *set*
    /// ([`#cors-preflight-fetch-0`](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
    /// step 5, from
    /// [`#cors-unsafe-request-header-names`](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
    /// step 6). Firefox lists one name per header-list entry, sorted but
    /// with repeats (`x-a,x-a` for `X-A` appended twice): its
    /// `InternalHeaders::GetUnsafeHeaders` walks the entries and
    /// `nsCORSListenerProxy.cpp` lowercases, sorts and joins them. Only the
    /// header's value changes; the cache lookup and the preflight check
    /// ask about each name as before. Evidence:
    /// browser-vectors/firefox/preflight.json: `GET with X-A in upper and
    /// lower case`; browser-vectors/firefox/safelist.json: `GET with X-A
    /// twice and Content-Type application/json`.
    pub preflight_header_names_deduplicated: bool,
    /// Whether header values pass through a UTF-8 string type between
    /// script and the wire. The spec's values are bytes
    /// ([`#concept-header-value`](https://fetch.spec.whatwg.org/#concept-header-value)),
    /// sent and read as they are. WebKit holds them as its `String`: an
    /// author value's bytes 0x80-0xFF (Latin-1 characters from script) go
    /// on the wire UTF-8 encoded (`\xE9` as C3 A9), and a response header
    /// value is decoded as UTF-8, so that each invalid sequence reads as
    /// U+FFFD's bytes EF BF BD (valid UTF-8 is unchanged) in everything the
    /// engine does with that response: what script sees, and a `Location`.
    /// Request headers are classified before the encoding, as WebKit
    /// classifies its `String`s. Evidence: browser-vectors/webkit/safelist.json:
    /// `GET with Content-Language: `en\xE9``, `GET with Content-Type:
    /// `text/plain;charset=\xE9``; browser-vectors/webkit/expose.json: `GET,
    /// credentials include, Access-Control-Allow-Origin the origin,
    /// Access-Control-Expose-Headers `x-latin``.
    pub header_values_as_utf8: bool,
}

impl Policy {
    /// The Fetch Standard's behaviour.
    pub fn spec() -> Self {
        Self::from_profile(Profile::Spec)
    }

    /// The knobs of a named profile.
    pub fn from_profile(profile: Profile) -> Self {
        let spec = Policy {
            profile,
            max_age_cap: None,
            default_max_age: 5,
            max_age_parsing: MaxAgeParsing::Spec,
            cache_capacity: 1024,
            authorization_covered_by_wildcard: false,
            method_match: MethodMatch::Exact,
            clear_cache_on_failure: true,
            credentialed_entries_serve_uncredentialed: true,
            wildcard_entries_serve_credentialed: true,
            cache_granularity: CacheGranularity::PerItem,
            cached_wildcard: CachedWildcard::ExceptAuthorization,
            cache_key_includes_fragment: false,
            tainted_preflight_origin: TaintedPreflightOrigin::Null,
            preflight_sticks_across_redirects: false,
            unsafe_headers_on_same_origin_hops_stick: false,
            preflight_lists_original_headers: false,
            same_origin_redirect_keeps_origin_header: false,
            redirects_checked_as_credentialed_after_same_origin_start: false,
            cross_origin_redirect_turns_delete_into_get: false,
            redirect_statuses: RedirectStatuses::Spec,
            empty_location: EmptyLocation::SameUrl,
            location_decoding: LocationDecoding::Isomorphic,
            duplicate_locations: DuplicateLocations::Failure,
            cors_redirect_refuses_credentials_everywhere: false,
            no_cors_cross_origin_hop_nulls_origin: false,
            body_headers_after_rewrite: BodyHeadersAfterRewrite::Removed,
            redirect_headers: RedirectHeaders::Current,
            no_cors_credentials_follow_first_request: false,
            data_url_content_length: false,
            about_blank_is_fetched: true,
            classify_combined_header_values: false,
            client_hint_headers_safelisted: false,
            range_position_max: None,
            range_unit_case_insensitive: false,
            non_ascii_bytes_cors_unsafe: false,
            preflight_header_names_deduplicated: true,
            header_values_as_utf8: false,
        };
        match profile {
            Profile::Spec => spec,
            Profile::Chromium => Policy {
                max_age_cap: Some(7200),
                max_age_parsing: MaxAgeParsing::Chromium,
                authorization_covered_by_wildcard: true,
                clear_cache_on_failure: false,
                wildcard_entries_serve_credentialed: false,
                cache_granularity: CacheGranularity::PerResultDroppedWhenInsufficient,
                cache_key_includes_fragment: true,
                tainted_preflight_origin: TaintedPreflightOrigin::FreshOpaque,
                empty_location: EmptyLocation::NotARedirect,
                location_decoding: LocationDecoding::PercentEncodeNonAscii,
                duplicate_locations: DuplicateLocations::IdenticalCollapse,
                cors_redirect_refuses_credentials_everywhere: true,
                no_cors_cross_origin_hop_nulls_origin: true,
                about_blank_is_fetched: false,
                classify_combined_header_values: true,
                client_hint_headers_safelisted: true,
                range_position_max: Some(i64::MAX as u64),
                ..spec
            },
            Profile::Firefox => Policy {
                max_age_cap: Some(86400),
                max_age_parsing: MaxAgeParsing::Firefox,
                cache_capacity: 100,
                authorization_covered_by_wildcard: true,
                credentialed_entries_serve_uncredentialed: false,
                wildcard_entries_serve_credentialed: false,
                cached_wildcard: CachedWildcard::Literal,
                cache_key_includes_fragment: true,
                tainted_preflight_origin: TaintedPreflightOrigin::Original,
                preflight_sticks_across_redirects: true,
                unsafe_headers_on_same_origin_hops_stick: true,
                redirect_headers: RedirectHeaders::RebuildEachRedirect,
                body_headers_after_rewrite: BodyHeadersAfterRewrite::BodyTypeBack,
                location_decoding: LocationDecoding::PercentEncodeNonAsciiAndControls,
                duplicate_locations: DuplicateLocations::IdenticalCollapse,
                data_url_content_length: true,
                range_position_max: Some(u64::MAX),
                non_ascii_bytes_cors_unsafe: true,
                preflight_header_names_deduplicated: false,
                ..spec
            },
            Profile::Webkit => Policy {
                max_age_cap: Some(600),
                max_age_parsing: MaxAgeParsing::Webkit,
                authorization_covered_by_wildcard: true,
                clear_cache_on_failure: false,
                wildcard_entries_serve_credentialed: false,
                cache_granularity: CacheGranularity::PerResult,
                cached_wildcard: CachedWildcard::AuthorizationToo,
                cache_key_includes_fragment: true,
                tainted_preflight_origin: TaintedPreflightOrigin::FreshOpaque,
                preflight_sticks_across_redirects: true,
                preflight_lists_original_headers: true,
                redirect_headers: RedirectHeaders::RestoreFirstForCors,
                same_origin_redirect_keeps_origin_header: true,
                redirects_checked_as_credentialed_after_same_origin_start: true,
                no_cors_credentials_follow_first_request: true,
                body_headers_after_rewrite: BodyHeadersAfterRewrite::ContentTypeBack,
                cross_origin_redirect_turns_delete_into_get: true,
                redirect_statuses: RedirectStatuses::Any3xxExcept300And304To306,
                empty_location: EmptyLocation::NetworkError,
                duplicate_locations: DuplicateLocations::Combined,
                about_blank_is_fetched: false,
                classify_combined_header_values: true,
                range_position_max: Some(i64::MAX as u64),
                range_unit_case_insensitive: true,
                header_values_as_utf8: true,
                ..spec
            },
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self::spec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_parse_by_name() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>(), Ok(p));
        }
        assert!("safari".parse::<Profile>().is_err());
        assert!("Spec".parse::<Profile>().is_err());
    }

    /// `redirect_statuses`: the spec's five, and WebKit's every 3xx but
    /// 300, 304, 305, 306 (webkit/redirects.json: `GET api answered 399
    /// with a Location ...` followed, `... answered 300/304/305/306 ...`
    /// not).
    #[test]
    fn redirect_statuses() {
        let spec = Policy::spec().redirect_statuses;
        let webkit = Policy::from_profile(Profile::Webkit).redirect_statuses;
        for status in [301, 302, 303, 307, 308] {
            assert!(spec.is_redirect(status) && webkit.is_redirect(status));
        }
        for status in [300, 304, 305, 306, 200, 400] {
            assert!(!spec.is_redirect(status) && !webkit.is_redirect(status));
        }
        for status in [309, 350, 399] {
            assert!(!spec.is_redirect(status) && webkit.is_redirect(status));
        }
        for p in [Profile::Chromium, Profile::Firefox] {
            assert_eq!(Policy::from_profile(p).redirect_statuses, spec);
        }
    }

    #[test]
    fn presets_carry_the_documented_numbers() {
        assert_eq!(Policy::spec().max_age_cap, None);
        assert_eq!(
            Policy::from_profile(Profile::Chromium).max_age_cap,
            Some(7200)
        );
        assert_eq!(
            Policy::from_profile(Profile::Firefox).max_age_cap,
            Some(86400)
        );
        assert_eq!(Policy::from_profile(Profile::Webkit).max_age_cap, Some(600));
        assert_eq!(Policy::from_profile(Profile::Chromium).cache_capacity, 1024);
        assert_eq!(Policy::from_profile(Profile::Firefox).cache_capacity, 100);
        for p in Profile::ALL {
            let policy = Policy::from_profile(p);
            assert_eq!(policy.default_max_age, 5);
            assert_eq!(policy.authorization_covered_by_wildcard, p != Profile::Spec);
            assert_eq!(policy.method_match, MethodMatch::Exact);
        }
    }

    /// The request-header knobs: the spec profile keeps the spec's
    /// behaviour; each browser sets what its recordings show.
    #[test]
    fn header_knobs_by_profile() {
        let spec = Policy::spec();
        assert!(!spec.classify_combined_header_values);
        assert!(!spec.client_hint_headers_safelisted);
        assert_eq!(spec.range_position_max, None);
        assert!(!spec.range_unit_case_insensitive);
        assert!(!spec.non_ascii_bytes_cors_unsafe);
        assert!(spec.preflight_header_names_deduplicated);
        assert!(!spec.header_values_as_utf8);
        let [chromium, firefox, webkit] =
            [Profile::Chromium, Profile::Firefox, Profile::Webkit].map(Policy::from_profile);
        assert!(chromium.classify_combined_header_values && webkit.classify_combined_header_values);
        assert!(!firefox.classify_combined_header_values);
        assert!(chromium.client_hint_headers_safelisted);
        assert!(!firefox.client_hint_headers_safelisted && !webkit.client_hint_headers_safelisted);
        assert_eq!(chromium.range_position_max, Some(i64::MAX as u64));
        assert_eq!(firefox.range_position_max, Some(u64::MAX));
        assert_eq!(webkit.range_position_max, Some(i64::MAX as u64));
        assert!(webkit.range_unit_case_insensitive);
        assert!(!chromium.range_unit_case_insensitive && !firefox.range_unit_case_insensitive);
        assert!(firefox.non_ascii_bytes_cors_unsafe);
        assert!(!chromium.non_ascii_bytes_cors_unsafe && !webkit.non_ascii_bytes_cors_unsafe);
        assert!(!firefox.preflight_header_names_deduplicated);
        assert!(chromium.preflight_header_names_deduplicated);
        assert!(webkit.preflight_header_names_deduplicated);
        assert!(webkit.header_values_as_utf8);
        assert!(!chromium.header_values_as_utf8 && !firefox.header_values_as_utf8);
    }
}
