//! The pieces of [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch)
//! that do not need the fetch's state: which statuses redirect, the
//! response's location URL, the method rewrite, and the referrer policy a
//! redirect may set. The steps themselves run in [`crate::fetch`].

use std::borrow::Cow;

use http::header::{LOCATION, REFERRER_POLICY};
use http::Method;
use url::Url;

use crate::headers::parse::get_decode_split;
use crate::headers::HeaderList;
use crate::policy::{DuplicateLocations, EmptyLocation, LocationDecoding, Policy};
use crate::request::ReferrerPolicy;

/// At most this many redirects are followed; the next is a network error.
pub const REDIRECT_LIMIT: u32 = 20;

/// A [redirect status](https://fetch.spec.whatwg.org/#redirect-status):
/// 301, 302, 303, 307 or 308.
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// An [ok status](https://fetch.spec.whatwg.org/#ok-status): 200-299.
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// Why a `Location` header gives no URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocationFailure {
    /// The combined `Location` value.
    pub value: Vec<u8>,
    /// Why it failed.
    pub reason: String,
}

/// A response's [location URL](https://fetch.spec.whatwg.org/#concept-response-location-url)
/// given the request's current URL (the response's URL): `None` when there
/// is no `Location`; a failure when it does not parse or there are several.
/// A location without a fragment inherits the current URL's.
///
/// ```
/// use fetch_cors::{redirect::location_url, HeaderList};
/// let mut headers = HeaderList::new();
/// headers.try_append("Location", "/next?q").unwrap();
/// let current = "https://a.example/start#frag".parse().unwrap();
/// let next = location_url(&headers, &current).unwrap().unwrap();
/// assert_eq!(next.as_str(), "https://a.example/next?q#frag");
/// ```
pub fn location_url(headers: &HeaderList, current: &Url) -> Option<Result<Url, LocationFailure>> {
    location_url_with(headers, current, &LocationRules::SPEC)
}

/// How a user agent reads `Location` where browsers differ from the spec
/// (see [`crate::Policy`]'s fields of the same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocationRules {
    /// An empty value.
    pub empty: EmptyLocation,
    /// Bytes outside printable ASCII.
    pub decoding: LocationDecoding,
    /// Several `Location` headers.
    pub duplicates: DuplicateLocations,
}

impl LocationRules {
    /// The spec's rules.
    pub const SPEC: LocationRules = LocationRules {
        empty: EmptyLocation::SameUrl,
        decoding: LocationDecoding::Isomorphic,
        duplicates: DuplicateLocations::Failure,
    };

    /// The rules a policy sets.
    pub fn of(policy: &Policy) -> LocationRules {
        LocationRules {
            empty: policy.empty_location,
            decoding: policy.location_decoding,
            duplicates: policy.duplicate_locations,
        }
    }
}

/// [`location_url`] under `rules`. With [`EmptyLocation::NotARedirect`], an
/// empty value is `None`, as no `Location` is; with
/// [`EmptyLocation::NetworkError`] it is a failure.
pub fn location_url_with(
    headers: &HeaderList,
    current: &Url,
    rules: &LocationRules,
) -> Option<Result<Url, LocationFailure>> {
    // Extract header list values: `Location` allows one value only.
    let mut values = headers.get_all(&LOCATION);
    let first = values.next()?;
    let combined;
    let first = match values.next() {
        None => first,
        Some(second) => match rules.duplicates {
            DuplicateLocations::IdenticalCollapse
                if second == first && values.all(|other| other == first) =>
            {
                first
            }
            DuplicateLocations::Combined => {
                combined = headers.get(&LOCATION).unwrap_or_default();
                &combined[..]
            }
            _ => {
                return Some(Err(LocationFailure {
                    value: headers
                        .get(&LOCATION)
                        .map(|v| v.into_owned())
                        .unwrap_or_default(),
                    reason: "there are several Location headers".to_owned(),
                }))
            }
        },
    };
    if first.is_empty() {
        match rules.empty {
            EmptyLocation::SameUrl => {}
            EmptyLocation::NotARedirect => return None,
            EmptyLocation::NetworkError => {
                return Some(Err(LocationFailure {
                    value: Vec::new(),
                    reason: "it is empty".to_owned(),
                }))
            }
        }
    }
    // Decode, then parse against the response's URL. ASCII decodes to
    // itself under every rule, so only a value with other bytes is copied.
    let decoded = match std::str::from_utf8(first) {
        Ok(ascii) if ascii.bytes().all(|b| (0x20..0x7f).contains(&b)) => Cow::Borrowed(ascii),
        _ => Cow::Owned(decode_location(first, rules.decoding)),
    };
    let mut location = match Url::options().base_url(Some(current)).parse(&decoded) {
        Ok(url) => url,
        Err(e) => {
            return Some(Err(LocationFailure {
                value: first.to_vec(),
                reason: e.to_string(),
            }))
        }
    };
    if location.fragment().is_none() {
        location.set_fragment(current.fragment());
    }
    Some(Ok(location))
}

/// A `Location` value with bytes outside printable ASCII, as the URL parser
/// reads it under `decoding`.
fn decode_location(value: &[u8], decoding: LocationDecoding) -> String {
    use std::fmt::Write as _;
    let isomorphic = |bytes: &[u8]| bytes.iter().map(|&b| char::from(b)).collect();
    let percent_encode = |escape: fn(u8) -> bool| {
        let mut out = String::with_capacity(value.len() + 8);
        for &b in value {
            if escape(b) {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{b:02X}");
            } else {
                out.push(char::from(b));
            }
        }
        out
    };
    match decoding {
        LocationDecoding::Isomorphic => isomorphic(value),
        LocationDecoding::PercentEncodeNonAscii => percent_encode(|b| b >= 0x80),
        LocationDecoding::PercentEncodeNonAsciiAndControls => {
            percent_encode(|b| !(0x20..0x7f).contains(&b))
        }
    }
}

/// Whether HTTP-redirect fetch step 12 turns the request into a bodiless
/// GET: 301 or 302 with POST, or 303 with anything but GET or HEAD.
pub fn redirect_rewrites_to_get(status: u16, method: &Method) -> bool {
    ((status == 301 || status == 302) && *method == Method::POST)
        || (status == 303 && *method != Method::GET && *method != Method::HEAD)
}

/// Whether a URL [includes credentials](https://url.spec.whatwg.org/#include-credentials).
pub fn includes_credentials(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some_and(|p| !p.is_empty())
}

/// `url` without its username and password: the target an HTTP request
/// line names (userinfo travels, if at all, as `Authorization`).
pub(crate) fn without_credentials(url: &Url) -> Url {
    let mut bare = url.clone();
    // A URL that cannot have a username or password has none to remove.
    let _ = bare.set_username("");
    let _ = bare.set_password(None);
    bare
}

/// [Parse a referrer policy from a `Referrer-Policy` header](https://w3c.github.io/webappsec-referrer-policy/#parse-referrer-policy-from-header):
/// the last recognised token, or `None`. Used by "set request's referrer
/// policy on redirect".
pub fn referrer_policy_from_header(headers: &HeaderList) -> Option<ReferrerPolicy> {
    let value = headers.get(&REFERRER_POLICY)?;
    get_decode_split(&value)
        .into_iter()
        .filter_map(|token| {
            std::str::from_utf8(token)
                .ok()?
                .parse::<ReferrerPolicy>()
                .ok()
        })
        .rfind(|p| *p != ReferrerPolicy::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::try_from_pairs(pairs.iter().copied()).unwrap()
    }

    fn current() -> Url {
        Url::parse("https://a.example/dir/start?x#top").unwrap()
    }

    #[test]
    fn redirect_and_ok_statuses() {
        for s in [301, 302, 303, 307, 308] {
            assert!(is_redirect_status(s));
        }
        for s in [300, 304, 305, 306, 200, 399] {
            assert!(!is_redirect_status(s));
        }
        assert!(is_ok_status(200) && is_ok_status(204) && is_ok_status(299));
        assert!(!is_ok_status(199) && !is_ok_status(300) && !is_ok_status(0));
    }

    #[test]
    fn location_is_resolved_and_inherits_the_fragment() {
        let h = headers(&[("Location", "next")]);
        assert_eq!(
            location_url(&h, &current()).unwrap().unwrap().as_str(),
            "https://a.example/dir/next#top"
        );
        let h = headers(&[("Location", "https://b.example/#own")]);
        assert_eq!(
            location_url(&h, &current()).unwrap().unwrap().as_str(),
            "https://b.example/#own"
        );
        assert!(location_url(&headers(&[]), &current()).is_none());
    }

    #[test]
    fn bad_and_repeated_locations_fail() {
        assert!(
            location_url(&headers(&[("Location", "http://[::1")]), &current())
                .unwrap()
                .is_err()
        );
        let two = headers(&[("Location", "/a"), ("Location", "/a")]);
        assert!(location_url(&two, &current()).unwrap().is_err());
    }

    #[test]
    fn non_http_locations_parse_and_are_refused_later() {
        for l in ["data:,x", "javascript:alert(1)", "file:///etc/passwd"] {
            let url = location_url(&headers(&[("Location", l)]), &current())
                .unwrap()
                .unwrap();
            assert_ne!(url.scheme(), "https");
        }
    }

    #[test]
    fn non_utf8_location_bytes_are_decoded_not_refused() {
        let mut h = HeaderList::new();
        h.try_append("Location", b"/caf\xe9").unwrap();
        let url = location_url(&h, &current()).unwrap().unwrap();
        assert_eq!(url.path(), "/caf%C3%A9");
        // Bytes that happen to be UTF-8 are still decoded one by one: é
        // in UTF-8 is two code points here.
        let mut h = HeaderList::new();
        h.try_append("Location", "/caf\u{e9}").unwrap();
        let url = location_url(&h, &current()).unwrap().unwrap();
        assert_eq!(url.path(), "/caf%C3%83%C2%A9");
    }

    /// `location_url_with` under each profile's rules, against a base on
    /// api.example.test as in the recordings.
    fn locate(policy: &Policy, values: &[&[u8]]) -> Option<Result<String, String>> {
        let mut h = HeaderList::new();
        for value in values {
            h.try_append("Location", *value).unwrap();
        }
        let base = Url::parse("http://api.example.test/r/0/0").unwrap();
        location_url_with(&h, &base, &LocationRules::of(policy))
            .map(|r| r.map(|u| u.to_string()).map_err(|f| f.reason))
    }

    fn profiles() -> [Policy; 4] {
        use crate::policy::Profile;
        Profile::ALL.map(Policy::from_profile)
    }

    /// `location_decoding`, */redirects.json `GET api answered 302 with a
    /// Location ending in byte E9 ...` and `... in bytes C3 A9 ...`, and
    /// firefox/redirects.json `... with a tab inside ...`: the URL each
    /// browser then requested. Spec, Chromium, Firefox, WebKit in order.
    #[test]
    fn location_bytes_per_profile() {
        let [spec, chromium, firefox, webkit] = profiles();
        let sent = |policy: &Policy, value: &[u8]| locate(policy, &[value]).unwrap().unwrap();
        let e9 = b"/r/0/1\xe9";
        assert_eq!(sent(&spec, e9), "http://api.example.test/r/0/1%C3%A9");
        assert_eq!(sent(&chromium, e9), "http://api.example.test/r/0/1%E9");
        assert_eq!(sent(&firefox, e9), "http://api.example.test/r/0/1%E9");
        // WebKit reads the bytes as they reach this step; a lone E9 never
        // does, `Policy::header_values_as_utf8` made it U+FFFD's bytes on
        // arrival (webkit/redirects.json: `%C3%AF%C2%BF%C2%BD`).
        assert_eq!(sent(&webkit, e9), "http://api.example.test/r/0/1%C3%A9");
        assert_eq!(
            sent(&webkit, "/r/0/1\u{fffd}".as_bytes()),
            "http://api.example.test/r/0/1%C3%AF%C2%BF%C2%BD"
        );
        let utf8 = "/r/0/1\u{e9}".as_bytes();
        assert_eq!(
            sent(&spec, utf8),
            "http://api.example.test/r/0/1%C3%83%C2%A9"
        );
        assert_eq!(sent(&chromium, utf8), "http://api.example.test/r/0/1%C3%A9");
        assert_eq!(sent(&firefox, utf8), "http://api.example.test/r/0/1%C3%A9");
        assert_eq!(
            sent(&webkit, utf8),
            "http://api.example.test/r/0/1%C3%83%C2%A9"
        );
        let tab = b"/r/0/\t1";
        assert_eq!(sent(&spec, tab), "http://api.example.test/r/0/1");
        assert_eq!(sent(&chromium, tab), "http://api.example.test/r/0/1");
        assert_eq!(sent(&firefox, tab), "http://api.example.test/r/0/%091");
        assert_eq!(sent(&webkit, tab), "http://api.example.test/r/0/1");
    }

    /// `duplicate_locations`, */redirects.json `GET api answered 302 with
    /// two identical Location header lines ...` and `... two different
    /// ...`: Chromium and Firefox follow identical lines and fail on
    /// different ones, WebKit follows the combined value, the spec fails
    /// on both.
    #[test]
    fn duplicate_locations_per_profile() {
        let [spec, chromium, firefox, webkit] = profiles();
        let same: &[&[u8]] = &[b"/r/0/1", b"/r/0/1"];
        let different: &[&[u8]] = &[b"/r/0/1", b"/r/0/2"];
        for policy in [&chromium, &firefox] {
            assert_eq!(
                locate(policy, same),
                Some(Ok("http://api.example.test/r/0/1".into()))
            );
            assert!(locate(policy, different).unwrap().is_err());
        }
        assert_eq!(
            locate(&webkit, same),
            Some(Ok("http://api.example.test/r/0/1,%20/r/0/1".into()))
        );
        assert_eq!(
            locate(&webkit, different),
            Some(Ok("http://api.example.test/r/0/1,%20/r/0/2".into()))
        );
        assert!(locate(&spec, same).unwrap().is_err());
        assert!(locate(&spec, different).unwrap().is_err());
    }

    /// `empty_location`, */redirects.json `GET api answered 302 with an
    /// empty Location ...`: the spec and Firefox locate the response's own
    /// URL, Chromium sees no location, WebKit a failure.
    #[test]
    fn empty_location_per_profile() {
        let [spec, chromium, firefox, webkit] = profiles();
        for policy in [&spec, &firefox] {
            assert_eq!(
                locate(policy, &[b""]),
                Some(Ok("http://api.example.test/r/0/0".into()))
            );
        }
        assert_eq!(locate(&chromium, &[b""]), None);
        assert!(locate(&webkit, &[b""]).unwrap().is_err());
    }

    #[test]
    fn method_rewrites() {
        let put = Method::PUT;
        assert!(redirect_rewrites_to_get(301, &Method::POST));
        assert!(redirect_rewrites_to_get(302, &Method::POST));
        assert!(!redirect_rewrites_to_get(302, &put));
        assert!(redirect_rewrites_to_get(303, &put));
        assert!(redirect_rewrites_to_get(303, &Method::POST));
        assert!(!redirect_rewrites_to_get(303, &Method::HEAD));
        assert!(!redirect_rewrites_to_get(307, &Method::POST));
        assert!(!redirect_rewrites_to_get(308, &Method::POST));
    }

    #[test]
    fn url_credentials() {
        assert!(includes_credentials(&Url::parse("https://u@a/").unwrap()));
        assert!(includes_credentials(&Url::parse("https://:p@a/").unwrap()));
        assert!(!includes_credentials(&Url::parse("https://a/").unwrap()));
    }

    #[test]
    fn referrer_policy_header_takes_the_last_known_token() {
        let h = headers(&[("Referrer-Policy", "no-referrer, bogus, unsafe-url, nope")]);
        assert_eq!(
            referrer_policy_from_header(&h),
            Some(ReferrerPolicy::UnsafeUrl)
        );
        assert_eq!(
            referrer_policy_from_header(&headers(&[("Referrer-Policy", "bogus")])),
            None
        );
    }
}
