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
/// The recordings (browser-vectors/<browser>/cache.json `PUT twice,
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
    /// Whether a request whose origin a cross-origin redirect tainted (it
    /// serializes to `null`) looks up and stores cache entries like any
    /// other, keyed by `null` (the spec: yes). Chromium and WebKit give the
    /// tainted request a new opaque origin, which equals no other, so its
    /// results are never reused (Chromium keys `preflight_cache.cc` by
    /// `url::Origin`, WebKit by `ClientOrigin`).
    ///
    /// Evidence: browser-vectors/{chromium,webkit}/mix.json `#80 PATCH cors
    /// credentials same-origin ...` and browser-vectors/chromium/mix.json
    /// `#129 PATCH cors credentials omit ...` (the second fetch preflights
    /// the hop after the redirect again).
    pub tainted_origin_uses_cache: bool,
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
            tainted_origin_uses_cache: true,
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
                tainted_origin_uses_cache: false,
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
                tainted_origin_uses_cache: false,
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
}
