//! Properties over random inputs: 10,000 cases each, or what the
//! `PROPTEST_CASES` environment variable says.

mod common;

use common::{head, request, run};
use fetch_cors::cache::{CacheKey, Credentials};
use fetch_cors::fetch::RequestKind;
use fetch_cors::headers::request::{
    cors_unsafe_request_header_names, is_cors_safelisted_request_header,
};
use fetch_cors::request::CredentialsMode;
use fetch_cors::{HeaderList, Policy, PreflightCache, Profile, Timestamp};
use http::header::HeaderName;
use http::Method;
use proptest::prelude::*;

const APP: &str = "https://app.example";

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("content-type".to_string()),
        Just("cache-control".to_string()),
        Just("x-a".to_string()),
        Just("X-B".to_string()),
        Just("set-cookie".to_string()),
        Just("set-cookie2".to_string()),
        Just("expires".to_string()),
        Just("access-control-allow-origin".to_string()),
        "[a-zA-Z][a-zA-Z0-9-]{0,8}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1".to_string()),
        Just("*".to_string()),
        "[ -~]{0,12}".prop_map(|s| s.trim().to_string())
    ]
}

fn credentials() -> impl Strategy<Value = CredentialsMode> {
    prop_oneof![
        Just(CredentialsMode::Omit),
        Just(CredentialsMode::SameOrigin),
        Just(CredentialsMode::Include)
    ]
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![
        Just(Profile::Spec),
        Just(Profile::Chromium),
        Just(Profile::Firefox),
        Just(Profile::Webkit)
    ]
}

/// URLs of every kind of origin, differing in one part at a time: scheme
/// (tuple, `blob:`, opaque), host (case, IP, IDNA), port (absent, a
/// default written out, another), user info.
fn url() -> impl Strategy<Value = url::Url> {
    let scheme = prop::sample::select(
        &[
            "http",
            "https",
            "ws",
            "wss",
            "ftp",
            "blob:https",
            "file",
            "foo",
        ][..],
    );
    let host = prop::sample::select(
        &[
            "a.example",
            "A.Example",
            "b.example",
            "127.0.0.1",
            "[::1]",
            "xn--bcher-kva.example",
            "bücher.example",
        ][..],
    );
    let port = prop::sample::select(&["", ":80", ":443", ":21", ":8443"][..]);
    let user = prop::sample::select(&["", "u@", "u:p@"][..]);
    prop_oneof![
        9 => (scheme, user, host, port).prop_filter_map("not a URL", |(scheme, user, host, port)| {
            url::Url::parse(&format!("{scheme}://{user}{host}{port}/p")).ok()
        }),
        1 => Just(url::Url::parse("data:text/plain,x").unwrap()),
    ]
}

proptest! {
    #![proptest_config(common::proptest_config())]

    /// Redirect-taint, whose same-origin tests are made in place, is the
    /// spec's loop written with `Url::origin`, for any URL list and a
    /// tuple or opaque request origin.
    #[test]
    fn redirect_taint_agrees_with_url_origin(
        list in prop::collection::vec(url(), 1..5),
        origin in prop::option::of(url()),
    ) {
        let origin = origin.map_or_else(url::Origin::new_opaque, |url| url.origin());
        let expected = list.windows(2).any(|pair| {
            let last = pair[0].origin();
            pair[1].origin() != last && origin != last
        });
        prop_assert_eq!(fetch_cors::request::is_redirect_tainted(&origin, &list), expected);
    }

    /// A credentialed fetch never succeeds when the response says `*`.
    #[test]
    fn credentialed_fetch_never_succeeds_with_wildcard_origin(
        extra in prop::collection::vec((header_name(), header_value()), 0..8),
        method in prop_oneof![Just("GET"), Just("PUT"), Just("POST")],
        custom in any::<bool>(),
        profile in profile(),
    ) {
        let mut req = request("https://api.example/x", APP).method(method).credentials(CredentialsMode::Include);
        if custom {
            req = req.header("X-Custom", "1");
        }
        let policy = Policy::from_profile(profile);
        let mut cache = PreflightCache::new(policy.cache_capacity);
        let mut pairs: Vec<(&str, &str)> = extra.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("access-control-allow-origin")).map(|(n, v)| (n.as_str(), v.as_str())).collect();
        pairs.push(("Access-Control-Allow-Origin", "*"));
        pairs.push(("Access-Control-Allow-Credentials", "true"));
        pairs.push(("Access-Control-Allow-Methods", "*"));
        pairs.push(("Access-Control-Allow-Headers", "*"));
        let (_, outcome) = run(req.build().unwrap(), &policy, &mut cache, Timestamp::ZERO, |_| head(200, &pairs));
        prop_assert!(outcome.is_err());
    }

    /// Nothing outside the safelist and Access-Control-Expose-Headers is
    /// visible on a CORS response, and Set-Cookie never is.
    #[test]
    fn cors_responses_show_only_safelisted_and_exposed_headers(
        headers in prop::collection::vec((header_name(), header_value()), 0..12),
        exposed in prop::collection::vec(prop_oneof![header_name(), Just("*".to_string())], 0..4),
        credentials in credentials(),
    ) {
        let req = request("https://api.example/x", APP).credentials(credentials).build().unwrap();
        let mut pairs: Vec<(String, String)> = headers.into_iter().filter(|(n, _)| !n.eq_ignore_ascii_case("access-control-allow-origin")).collect();
        pairs.push(("Access-Control-Allow-Origin".into(), APP.into()));
        pairs.push(("Access-Control-Allow-Credentials".into(), "true".into()));
        let aceh = exposed.join(", ");
        pairs.push(("Access-Control-Expose-Headers".into(), aceh.clone()));
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let (_, outcome) = run(req, &Policy::spec(), &mut PreflightCache::new(8), Timestamp::ZERO, |_| head(200, &borrowed));
        let response = outcome.unwrap();
        let star = credentials != CredentialsMode::Include && exposed.iter().any(|e| e == "*");
        for (name, _) in response.headers.iter() {
            let name = name.as_str();
            prop_assert!(name != "set-cookie" && name != "set-cookie2");
            let safelisted = ["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"].contains(&name);
            let listed = exposed.iter().any(|e| e.eq_ignore_ascii_case(name));
            prop_assert!(safelisted || listed || star, "{name} visible with ACEH `{aceh}`");
        }
    }

    /// The cache never allows a method or header the preflight did not,
    /// never past max-age, never for another partition, origin, URL, or an
    /// include request after an uncredentialed preflight.
    #[test]
    fn cache_allows_only_what_a_preflight_allowed(
        methods in prop::collection::vec(prop_oneof![Just("PUT"), Just("DELETE"), Just("patch"), Just("*")], 0..3),
        names in prop::collection::vec(prop_oneof![Just("x-a"), Just("X-B"), Just("*"), Just("authorization")], 0..3),
        stored_with_credentials in any::<bool>(),
        max_age in 0u64..100,
        probe_method in prop_oneof![Just("PUT"), Just("DELETE"), Just("patch"), Just("PATCH"), Just("POST")],
        probe_name in prop_oneof![Just("x-a"), Just("x-b"), Just("x-c"), Just("authorization")],
        probe_include in any::<bool>(),
        probe_at in 0u64..200,
        probe_key in 0usize..4,
    ) {
        let mut cache = PreflightCache::new(64);
        let stored = CacheKey { partition: Some("p"), origin: APP, url: "https://api.example/x" };
        let m: Vec<&[u8]> = methods.iter().map(|s| s.as_bytes()).collect();
        let h: Vec<&[u8]> = names.iter().map(|s| s.as_bytes()).collect();
        cache.store(&stored, Credentials::spec(stored_with_credentials), m, h, max_age, Timestamp::ZERO);
        let keys = [
            stored,
            CacheKey { partition: Some("q"), ..stored },
            CacheKey { origin: "null", ..stored },
            CacheKey { url: "https://api.example/y", ..stored },
        ];
        let key = keys[probe_key];
        let now = Timestamp::from_secs(probe_at);
        let creds = Credentials::spec(probe_include);
        let method = Method::from_bytes(probe_method.as_bytes()).unwrap();
        let name = HeaderName::from_static(probe_name);
        let live = probe_key == 0 && probe_at < max_age && (stored_with_credentials || !probe_include);
        let method_allowed = live && methods.iter().any(|m| *m == probe_method || *m == "*");
        let header_allowed = live && names.iter().any(|n| n.eq_ignore_ascii_case(probe_name) || (*n == "*" && probe_name != "authorization"));
        prop_assert_eq!(cache.method_match(&key, &method, creds, now), method_allowed);
        prop_assert_eq!(cache.header_name_match(&key, &name, creds, now), header_allowed);
    }

    /// Whatever is stored, looked up and cleared, the cache stays within
    /// its capacity and its invariants.
    #[test]
    fn cache_never_exceeds_its_capacity(
        capacity in 0usize..16,
        ops in prop::collection::vec((0u8..3, 0usize..24, prop::collection::vec("[a-z]{1,3}", 0..6), 0u64..20, 0u64..40), 1..60),
    ) {
        let mut cache = PreflightCache::new(capacity);
        let urls: Vec<String> = (0..24).map(|i| format!("https://api.example/{i}")).collect();
        for (op, url, names, max_age, at) in ops {
            let key = CacheKey { partition: None, origin: APP, url: &urls[url] };
            let now = Timestamp::from_secs(at);
            match op {
                0 => {
                    let h: Vec<&[u8]> = names.iter().map(|s| s.as_bytes()).collect();
                    cache.store(&key, Credentials::spec(false), [&b"PUT"[..]], h, max_age, now);
                }
                1 => {
                    cache.method_match(&key, &Method::PUT, Credentials::spec(false), now);
                }
                _ => cache.clear(&key),
            }
            cache.check_invariants();
            prop_assert!(cache.len() <= capacity);
        }
    }

    /// Arbitrary header bytes never panic: not in the list, not in
    /// classification, not in the state machine.
    #[test]
    fn arbitrary_header_bytes_never_panic(
        pairs in prop::collection::vec((prop::collection::vec(any::<u8>(), 0..12), prop::collection::vec(any::<u8>(), 0..40)), 0..10),
        status in 0u16..1000,
        include in any::<bool>(),
    ) {
        let mut list = HeaderList::new();
        for (name, value) in &pairs {
            let _ = list.try_append(name, value);
            if let Ok(name) = HeaderName::from_bytes(name) {
                let _ = is_cors_safelisted_request_header(&name, value);
                list.append(name, value.as_slice());
            }
        }
        let _ = cors_unsafe_request_header_names(&list);
        let _ = list.sort_and_combine();
        let credentials = if include { CredentialsMode::Include } else { CredentialsMode::Omit };
        let req = request("https://api.example/x", APP).method("PUT").credentials(credentials).build().unwrap();
        let mut cache = PreflightCache::new(4);
        // `run` panics if the fetch does not end within its step bound.
        let _ = run(req, &Policy::spec(), &mut cache, Timestamp::ZERO, |out| {
            let mut response = fetch_cors::ResponseHead { status, headers: list.clone() };
            if out.kind == RequestKind::Main && status / 100 == 3 {
                response.headers.append(http::header::LOCATION, &b"/again"[..]);
            }
            response
        });
        cache.check_invariants();
    }
}
