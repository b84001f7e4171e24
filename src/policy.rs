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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxAgeParsing {
    /// [`#cors-preflight-fetch`](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
    /// step 9: failure (`-1`, `+5`, `abc`, two headers) gives the default;
    /// `0` is a valid age.
    Spec,
    /// Chromium (`preflight_result.cc`): a negative integer gives 0 (stored
    /// already stale); anything else unparsable gives the default.
    Chromium,
    /// Firefox (`nsCORSListenerProxy.cpp`): any non-digit, or `0`, means the
    /// result is not cached at all.
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
