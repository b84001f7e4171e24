//! Hostile servers and inputs, each with an explicit bound: time that
//! grows linearly (the 10x input costs under 20x the 1x input, both
//! measured in the same run), memory proportional to the cache's capacity
//! whatever the number of fetches, and one specific outcome for every
//! malformed or malicious answer.
//!
//! The timing tests hold a lock so they never run beside each other, count
//! the thread's CPU time rather than wall time, and compare the best of
//! several runs: what is left of scheduler noise is well under the margin.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
#[cfg(not(target_os = "linux"))]
use std::time::Instant;

use common::{head, request, run};
use fetch_cors::fetch::RequestKind;
use fetch_cors::request::{CredentialsMode, Mode, RedirectMode};
use fetch_cors::{
    Action, Fetch, FetchError, HeaderList, OutgoingRequest, Policy, PreflightCache, Profile,
    Request, Response, ResponseHead, ResponseType, Timestamp,
};
use http::header::{self, HeaderName};
use url::Url;

const APP: &str = "https://app.example";
const T0: Timestamp = Timestamp::ZERO;

// ---- Instruments ----

/// Counts live heap bytes per thread, so the memory test sees its own
/// allocations and not those of the tests running beside it.
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn account(delta: isize) {
    // During thread teardown the counter may be gone; nothing to count then.
    let _ = LIVE.try_with(|live| live.set(live.get() + delta));
}

// SAFETY: every call is forwarded to `System` unchanged; the counting
// touches only a thread-local integer and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            account(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            account(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        account(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            account(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes this thread holds.
fn live_bytes() -> isize {
    LIVE.with(Cell::get)
}

/// One timing or memory test at a time.
fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// CPU time this thread has used. Wall time on a loaded machine mostly
/// measures the other processes: a short run fits in one time slice and a
/// long one does not, which skews the ratio by the load factor.
#[cfg(target_os = "linux")]
fn thread_cpu_time() -> Duration {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut time = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec (two 64-bit fields on
    // the 64-bit Linux targets this runs on).
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_time() -> Duration {
    use std::sync::OnceLock;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Runs the 1x and the 10x workload alternately `reps` times and asserts
/// that the best 10x run costs less than 20 times the best 1x run.
fn assert_linear(what: &str, reps: usize, small: impl Fn(), large: impl Fn()) -> f64 {
    let _serial = serial();
    let time = |f: &dyn Fn()| {
        let start = thread_cpu_time();
        f();
        thread_cpu_time() - start
    };
    let (mut best_small, mut best_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..reps {
        best_small = best_small.min(time(&small));
        best_large = best_large.min(time(&large));
    }
    let ratio = best_large.as_secs_f64() / best_small.as_secs_f64();
    eprintln!("{what}: 1x {best_small:?}, 10x {best_large:?}, ratio {ratio:.1}");
    assert!(
        ratio < 20.0,
        "{what}: the 10x input took {ratio:.1}x the 1x input ({best_large:?} vs {best_small:?})"
    );
    ratio
}

/// Runs a fetch to the end with no transcript, for the timed and the
/// memory tests.
fn drive(
    request: Request,
    policy: &Policy,
    cache: &mut PreflightCache,
    now: Timestamp,
    mut server: impl FnMut(&OutgoingRequest) -> ResponseHead,
) -> Result<Response, FetchError> {
    let mut fetch = Fetch::new(request, policy);
    for _ in 0..common::STEP_BOUND {
        match fetch.poll(cache, now) {
            Action::Send(out) => {
                let response = server(&out);
                fetch
                    .handle_response(response)
                    .expect("one response per request");
            }
            Action::Done(outcome) => return outcome.clone(),
        }
    }
    panic!(
        "the fetch did not end within {} requests",
        common::STEP_BOUND
    );
}

fn response(status: u16, headers: Vec<(HeaderName, Vec<u8>)>) -> ResponseHead {
    let mut list = HeaderList::with_capacity(headers.len());
    for (name, value) in headers {
        list.append(name, value);
    }
    ResponseHead {
        status,
        headers: list,
    }
}

fn star() -> (HeaderName, Vec<u8>) {
    (header::ACCESS_CONTROL_ALLOW_ORIGIN, b"*".to_vec())
}

/// `n` distinct header names of 11 bytes each.
fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("x-h{i:08}")).collect()
}

// ---- Linear time ----

/// A preflight whose `Access-Control-Allow-Headers` lists `n` names, the
/// one the request needs last: parsed, checked and cached in one pass.
fn huge_allow_headers(n: usize) -> impl Fn() {
    let names = names(n);
    let list = names.join(",");
    if n == 100_000 {
        assert!(list.len() >= 1 << 20, "{} bytes", list.len());
    }
    let preflight = response(
        204,
        vec![
            star(),
            (header::ACCESS_CONTROL_ALLOW_METHODS, b"PUT".to_vec()),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, list.into_bytes()),
            (header::ACCESS_CONTROL_MAX_AGE, b"600".to_vec()),
        ],
    );
    let main = response(200, vec![star()]);
    let needed = names[n - 1].clone();
    move || {
        let policy = Policy::spec();
        let mut cache = PreflightCache::new(policy.cache_capacity);
        let req = request("https://api.example/x", APP)
            .method("PUT")
            .header(&needed, "1")
            .build()
            .unwrap();
        let outcome = drive(req, &policy, &mut cache, T0, |out| match out.kind {
            RequestKind::Preflight => preflight.clone(),
            RequestKind::Main => main.clone(),
        });
        assert!(outcome.is_ok(), "{outcome:?}");
        assert!(cache.len() <= cache.capacity());
        black_box(outcome.ok());
    }
}

#[test]
fn a_1_mib_allow_headers_with_100_000_names_is_linear() {
    assert_linear(
        "Access-Control-Allow-Headers, 10,000 vs 100,000 names",
        3,
        huge_allow_headers(10_000),
        huge_allow_headers(100_000),
    );
}

/// A CORS response whose `Access-Control-Expose-Headers` lists `n` names;
/// the response has a few headers, one exposed by the last name.
fn huge_expose_headers(n: usize) -> impl Fn() {
    let names = names(n);
    let list = names.join(",");
    if n == 100_000 {
        assert!(list.len() >= 1 << 20, "{} bytes", list.len());
    }
    let last = HeaderName::from_bytes(names[n - 1].as_bytes()).unwrap();
    let main = response(
        200,
        vec![
            star(),
            (header::ACCESS_CONTROL_EXPOSE_HEADERS, list.into_bytes()),
            (header::CONTENT_TYPE, b"text/plain".to_vec()),
            (HeaderName::from_static("x-unlisted"), b"secret".to_vec()),
            (last.clone(), b"shown".to_vec()),
        ],
    );
    move || {
        let req = request("https://api.example/x", APP).build().unwrap();
        let outcome = drive(
            req,
            &Policy::spec(),
            &mut PreflightCache::new(16),
            T0,
            |_| main.clone(),
        );
        let response = outcome.unwrap();
        assert!(response.headers.contains(&last));
        assert!(!response.headers.contains("x-unlisted"));
        black_box(response);
    }
}

#[test]
fn a_1_mib_expose_headers_is_linear() {
    assert_linear(
        "Access-Control-Expose-Headers, 10,000 vs 100,000 names",
        3,
        huge_expose_headers(10_000),
        huge_expose_headers(100_000),
    );
}

/// A preflighted fetch whose preflight and response both carry `n`
/// distinct headers, every one listed in `Access-Control-Expose-Headers`.
fn many_response_headers(n: usize) -> impl Fn() {
    let names = names(n);
    let mut headers: Vec<(HeaderName, Vec<u8>)> = names
        .iter()
        .map(|n| (HeaderName::from_bytes(n.as_bytes()).unwrap(), b"v".to_vec()))
        .collect();
    headers.push(star());
    let mut preflight = headers.clone();
    preflight.push((header::ACCESS_CONTROL_ALLOW_METHODS, b"PUT".to_vec()));
    preflight.push((header::ACCESS_CONTROL_ALLOW_HEADERS, b"x-a".to_vec()));
    let preflight = response(204, preflight);
    headers.push((
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        names.join(", ").into_bytes(),
    ));
    let main = response(200, headers);
    move || {
        let req = request("https://api.example/x", APP)
            .method("PUT")
            .header("X-A", "1")
            .build()
            .unwrap();
        let outcome = drive(
            req,
            &Policy::spec(),
            &mut PreflightCache::new(16),
            T0,
            |out| match out.kind {
                RequestKind::Preflight => preflight.clone(),
                RequestKind::Main => main.clone(),
            },
        );
        let response = outcome.unwrap();
        // Every listed header; Allow-Origin and Expose-Headers are not listed.
        assert_eq!(response.headers.len(), n);
        black_box(response);
    }
}

#[test]
fn ten_thousand_response_headers_are_linear() {
    assert_linear(
        "response headers, 1,000 vs 10,000 (all exposed by name)",
        3,
        many_response_headers(1_000),
        many_response_headers(10_000),
    );
}

/// The CORS filter looks exposed names up in a set once a response has
/// more than a few headers (for the test above); the rule must be the one
/// a short response gets: names match case-insensitively, `*` is only a
/// name when credentials are included, Set-Cookie never shows.
#[test]
fn a_long_expose_list_keeps_the_exposure_rules() {
    let mut exposed = names(1000);
    exposed.extend(["X-A", "x-B", "*", "Set-Cookie", "SET-COOKIE2"].map(String::from));
    let exposed = exposed.join(", ");
    let fillers: Vec<String> = (0..20).map(|i| format!("x-filler-{i}")).collect();
    for padded in [false, true] {
        let mut pairs = vec![
            ("Access-Control-Allow-Origin", APP),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Expose-Headers", exposed.as_str()),
            ("x-a", "1"),
            ("X-B", "2"),
            ("X-Unlisted", "3"),
            ("Set-Cookie", "a=b"),
            ("Set-Cookie2", "c=d"),
            ("Content-Type", "text/plain"),
            ("X-H00000999", "4"),
            ("x-a", "5"),
        ];
        if padded {
            pairs.extend(fillers.iter().map(|f| (f.as_str(), "unlisted")));
        }
        let req = request("https://api.example/x", APP)
            .credentials(CredentialsMode::Include)
            .build()
            .unwrap();
        let (_, outcome) = fetch(req, |_| head(200, &pairs));
        let response = outcome.unwrap();
        let shown: Vec<&str> = response.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            shown,
            ["x-a", "x-b", "content-type", "x-h00000999", "x-a"],
            "{} headers",
            pairs.len()
        );
    }
}

/// The bytes that make a request-header value CORS-unsafe and that a
/// header value may still hold (no NUL, CR or LF, none of them edge
/// whitespace).
const UNSAFE_BYTES: &[u8] = b"\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\"():<>?@[\\]{}\x7f";

/// A request whose safelistable headers and one custom header each carry
/// `len` CORS-unsafe bytes: classified, preflighted and sent intact.
fn unsafe_request_value(len: usize) -> impl Fn() {
    let value: Vec<u8> = UNSAFE_BYTES.iter().copied().cycle().take(len).collect();
    let preflight = response(
        204,
        vec![
            star(),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, b"*".to_vec()),
        ],
    );
    let main = response(200, vec![star()]);
    move || {
        // Timings this small need a few fetches per measurement.
        for _ in 0..10 {
            let mut builder = request("https://api.example/x", APP);
            for name in ["Accept", "Content-Type", "Content-Language", "X-Unsafe"] {
                builder = builder.header(name, &value);
            }
            let outcome = drive(
                builder.build().unwrap(),
                &Policy::spec(),
                &mut PreflightCache::new(16),
                T0,
                |out| match out.kind {
                    RequestKind::Preflight => {
                        assert_eq!(
                            out.headers.get("access-control-request-headers").as_deref(),
                            Some(&b"accept,content-language,content-type,x-unsafe"[..])
                        );
                        preflight.clone()
                    }
                    RequestKind::Main => {
                        assert_eq!(out.headers.get("x-unsafe").as_deref(), Some(&value[..]));
                        main.clone()
                    }
                },
            );
            black_box(outcome.unwrap());
        }
    }
}

#[test]
fn a_64_kib_request_header_of_unsafe_bytes_is_linear() {
    assert_linear(
        "request header values of CORS-unsafe bytes, 6.4 KiB vs 64 KiB",
        5,
        unsafe_request_value(64 * 1024 / 10),
        unsafe_request_value(64 * 1024),
    );
}

// ---- Memory proportional to the cache's capacity ----

/// The most heap the cache and everything it keeps may hold per entry of
/// capacity. Measured use is a small fraction of this (the test prints it).
const BYTES_PER_ENTRY: isize = 1024;

/// `fetches` preflighted fetches to 4,096 URLs, each preflight answered
/// with a Max-Age the previous one did not use and names drawn from 5,000
/// distinct ones: the cache never holds more than its capacity, and the
/// heap it holds stays within a bound proportional to that capacity, and
/// within a quarter of that bound of what it held after warm-up.
fn churn(fetches: usize) {
    let _serial = serial();
    let policy = Policy::spec();
    let capacity = policy.cache_capacity;
    let urls: Vec<Url> = (0..4096)
        .map(|i| format!("https://api.example/r/{i}").parse().unwrap())
        .collect();
    let names: Vec<String> = (0..5000).map(|i| format!("x-n{i}")).collect();
    let methods = ["PUT", "DELETE", "PATCH"];
    let warm_up = fetches / 10;
    let before = live_bytes();
    let mut cache = PreflightCache::new(capacity);
    let (mut after_warm_up, mut peak) = (0, 0);
    let mut preflights = 0usize;
    for i in 0..fetches {
        // Every pair of fetches asks the same thing twice: the second may
        // use the cache, unless the first preflight's Max-Age was 0.
        let j = i / 2;
        let name = &names[j * 31 % names.len()];
        let method = methods[j % methods.len()];
        let req = Request::builder(urls[j % urls.len()].clone(), APP)
            .method(method)
            .header(name, "1")
            .build()
            .unwrap();
        let now = Timestamp::from_duration(Duration::from_millis(i as u64));
        let outcome = drive(req, &policy, &mut cache, now, |out| match out.kind {
            RequestKind::Preflight => {
                preflights += 1;
                let allowed = format!(
                    "{name}, {}, {}",
                    names[i * 7 % names.len()],
                    names[i * 13 % names.len()]
                );
                let max_age = (i as u64 * 7919 % 86_400).to_string();
                response(
                    204,
                    vec![
                        star(),
                        (header::ACCESS_CONTROL_ALLOW_METHODS, method.into()),
                        (header::ACCESS_CONTROL_ALLOW_HEADERS, allowed.into_bytes()),
                        (header::ACCESS_CONTROL_MAX_AGE, max_age.into_bytes()),
                    ],
                )
            }
            RequestKind::Main => response(200, vec![star()]),
        });
        assert!(outcome.is_ok(), "fetch {i}: {outcome:?}");
        drop(outcome);
        assert!(
            cache.len() <= capacity,
            "fetch {i}: {} entries",
            cache.len()
        );
        let held = live_bytes() - before;
        if i == warm_up {
            after_warm_up = held;
        } else if i > warm_up {
            peak = peak.max(held);
        }
        if i % 10_000 == 0 {
            cache.check_invariants();
        }
    }
    let bound = capacity as isize * BYTES_PER_ENTRY;
    eprintln!(
        "{fetches} fetches, {preflights} preflights: cache {} entries in {} groups; \
         heap after warm-up {after_warm_up} B, peak after {peak} B \
         ({} B per entry of capacity), bound {bound} B",
        cache.len(),
        cache.groups(),
        peak / capacity as isize,
    );
    assert!(
        (fetches / 2..fetches).contains(&preflights),
        "the cache must churn, and serve some fetches"
    );
    assert!(after_warm_up <= bound, "{after_warm_up} B after warm-up");
    assert!(peak <= bound, "{peak} B after {fetches} fetches");
    assert!(
        peak <= after_warm_up + bound / 4,
        "grew from {after_warm_up} B to {peak} B"
    );
    drop(cache);
}

#[test]
fn a_hundred_thousand_fetches_keep_the_cache_within_capacity_and_memory() {
    churn(100_000);
}

/// The full million: half a minute in a debug build, three seconds in a
/// release one, so run it with
/// `cargo test --release --test hostile -- --ignored`.
#[test]
#[ignore = "a million fetches: run with --release -- --ignored"]
fn a_million_fetches_keep_the_cache_within_capacity_and_memory() {
    churn(1_000_000);
}

// ---- Access-Control-Max-Age ----

/// What the spec makes of a Max-Age: `extract header list values` fails
/// unless there is exactly one header matching `delta-seconds` (1*DIGIT),
/// and failure or null means 5 (#cors-preflight-fetch, steps 7.8-7.9). The
/// spec imposes no limit, so a valid huge number is kept.
#[derive(Clone, Copy, Debug)]
enum Age {
    Secs(u64),
    Forever,
}

/// Whether a second PUT `after` the first, which a preflight answered with
/// these `Access-Control-Max-Age` headers, is preflighted again.
fn preflighted_again(max_age: &[&[u8]], t0: Duration, after: Duration) -> bool {
    let policy = Policy::spec();
    let mut cache = PreflightCache::new(policy.cache_capacity);
    let mut preflights = 0;
    let mut fetch_at = |at: Duration| {
        let req = request("https://api.example/x", APP)
            .method("PUT")
            .build()
            .unwrap();
        let outcome = drive(req, &policy, &mut cache, Timestamp::from(at), |out| {
            let mut head = response(200, vec![star()]);
            if out.kind == RequestKind::Preflight {
                preflights += 1;
                head.headers
                    .append(header::ACCESS_CONTROL_ALLOW_METHODS, &b"PUT"[..]);
                for value in max_age {
                    head.headers.append(header::ACCESS_CONTROL_MAX_AGE, *value);
                }
            }
            head
        });
        assert!(outcome.is_ok(), "{outcome:?}");
    };
    fetch_at(t0);
    fetch_at(t0.saturating_add(after));
    assert!(preflights >= 1);
    preflights == 2
}

#[test]
fn max_age_values_get_the_specs_reading() {
    let cases: &[(&str, &[&[u8]], Age)] = &[
        ("absent", &[], Age::Secs(5)),
        ("-1", &[b"-1"], Age::Secs(5)),
        ("0", &[b"0"], Age::Secs(0)),
        ("+5", &[b"+5"], Age::Secs(5)),
        ("+600", &[b"+600"], Age::Secs(5)),
        ("1e3", &[b"1e3"], Age::Secs(5)),
        ("empty", &[b""], Age::Secs(5)),
        ("600 twice", &[b"600", b"600"], Age::Secs(5)),
        ("600 and 700", &[b"600", b"700"], Age::Secs(5)),
        ("fullwidth digits", &["６００".as_bytes()], Age::Secs(5)),
        ("a Latin-1 byte", &[b"60\xb9"], Age::Secs(5)),
        ("600", &[b"600"], Age::Secs(600)),
        ("007", &[b"007"], Age::Secs(7)),
        (
            "99999999999999999999",
            &[b"99999999999999999999"],
            Age::Forever,
        ),
        ("2^64", &[b"18446744073709551616"], Age::Forever),
    ];
    // The epoch, and about 570 years after it: close to the end of the
    // clock, where `now + max-age` must saturate rather than overflow.
    let end = Duration::from_nanos(u64::MAX);
    for t0 in [Duration::ZERO, Duration::from_secs(18_000_000_000)] {
        for &(what, values, age) in cases {
            match age {
                Age::Secs(0) => assert!(
                    preflighted_again(values, t0, Duration::ZERO),
                    "{what} at {t0:?}: max-age 0 is never reused"
                ),
                Age::Secs(n) => {
                    let just_before = Duration::from_secs(n) - Duration::from_nanos(1);
                    assert!(
                        !preflighted_again(values, t0, just_before),
                        "{what} at {t0:?}: reused until {n} s"
                    );
                    assert!(
                        preflighted_again(values, t0, Duration::from_secs(n)),
                        "{what} at {t0:?}: expired at {n} s"
                    );
                }
                Age::Forever => {
                    // As far as the clock goes, less a second.
                    let far = (end - t0 - Duration::from_secs(1)).min(Duration::from_secs(1 << 40));
                    assert!(
                        !preflighted_again(values, t0, far),
                        "{what} at {t0:?}: still cached {far:?} later"
                    );
                }
            }
        }
    }
    // At the clock's last instant nothing outlives the present, and nothing
    // overflows either.
    for &(what, values, _) in cases {
        assert!(
            preflighted_again(values, end, Duration::ZERO),
            "{what} at the end"
        );
    }
}

// ---- Redirects ----

fn redirect(location: &[u8]) -> ResponseHead {
    response(302, vec![star(), (header::LOCATION, location.to_vec())])
}

/// A server that answers the first main request with a 302 to `location`
/// and anything after with 200.
fn redirect_once(location: &[u8]) -> impl FnMut(&OutgoingRequest) -> ResponseHead + '_ {
    let mut redirected = false;
    move |out| {
        if out.kind == RequestKind::Main && !redirected {
            redirected = true;
            redirect(location)
        } else {
            head(200, &[("Access-Control-Allow-Origin", "*")])
        }
    }
}

fn get(url: &str) -> Request {
    request(url, APP).build().unwrap()
}

fn fetch(
    req: Request,
    server: impl FnMut(&OutgoingRequest) -> ResponseHead,
) -> (Vec<String>, Result<Response, FetchError>) {
    run(
        req,
        &Policy::spec(),
        &mut PreflightCache::new(64),
        T0,
        server,
    )
}

#[test]
fn redirect_loops_end_at_the_twenty_first_hop() {
    // To itself, and back and forth between two URLs.
    let (transcript, outcome) = fetch(get("https://api.example/loop"), |_| redirect(b"/loop"));
    assert_eq!(transcript.len(), 21);
    assert!(transcript
        .iter()
        .all(|l| l.contains("https://api.example/loop ")));
    match outcome {
        Err(FetchError::TooManyRedirects {
            hop,
            location,
            limit,
        }) => {
            assert_eq!((limit, hop.redirects), (20, 20));
            assert_eq!(location.as_str(), "https://api.example/loop");
        }
        other => panic!("{other:?}"),
    }
    let (transcript, outcome) = fetch(get("https://api.example/a"), |out| {
        redirect(if out.url.path() == "/a" { b"/b" } else { b"/a" })
    });
    assert_eq!(transcript.len(), 21);
    assert!(matches!(
        outcome,
        Err(FetchError::TooManyRedirects { limit: 20, .. })
    ));
}

/// A chain `/0` -> `/1` -> ... -> `/hops`, each hop a 307 so a PUT stays a
/// PUT and is preflighted at every new URL.
fn chain(hops: usize, method: &str) -> (Vec<String>, Result<Response, FetchError>) {
    let req = request("https://api.example/0", APP)
        .method(method)
        .build()
        .unwrap();
    fetch(req, move |out| {
        let i: usize = out.url.path()[1..].parse().unwrap();
        match out.kind {
            RequestKind::Preflight => head(
                204,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            ),
            RequestKind::Main if i < hops => head(
                307,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Location", &format!("/{}", i + 1)),
                ],
            ),
            RequestKind::Main => head(200, &[("Access-Control-Allow-Origin", "*")]),
        }
    })
}

#[test]
fn exactly_twenty_redirects_are_followed_and_the_twenty_first_is_refused() {
    for (method, per_hop) in [("GET", 1), ("PUT", 2)] {
        let (transcript, outcome) = chain(20, method);
        assert_eq!(transcript.len(), 21 * per_hop, "{method}");
        let response = outcome.unwrap();
        assert_eq!(response.url_list.len(), 21);
        assert_eq!(response.url().unwrap().as_str(), "https://api.example/20");
        assert!(response.redirected());

        let (transcript, outcome) = chain(21, method);
        assert_eq!(
            transcript.len(),
            21 * per_hop,
            "{method}: the 21st hop is never sent"
        );
        match outcome {
            Err(FetchError::TooManyRedirects {
                hop,
                location,
                limit: 20,
            }) => {
                assert_eq!(hop.redirects, 20);
                assert_eq!(location.as_str(), "https://api.example/21");
            }
            other => panic!("{method}: {other:?}"),
        }
    }
}

#[test]
fn locations_that_are_not_urls_are_network_errors() {
    for location in [
        &b"http://[::1"[..],
        b"https://exa mple.example/",
        b"http://",
        b"https://api.example:99999/",
        b"https://[zz]/",
    ] {
        let (transcript, outcome) = fetch(get("https://api.example/r"), redirect_once(location));
        assert_eq!(transcript.len(), 1);
        match outcome {
            Err(FetchError::InvalidRedirectLocation { value, .. }) => assert_eq!(value, location),
            other => panic!("{}: {other:?}", location.escape_ascii()),
        }
    }
    // Location allows one value; two headers, even equal, are a failure.
    let (_, outcome) = fetch(get("https://api.example/r"), |_| {
        head(
            302,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Location", "/a"),
                ("Location", "/a"),
            ],
        )
    });
    assert!(matches!(
        outcome,
        Err(FetchError::InvalidRedirectLocation { .. })
    ));
}

#[test]
fn locations_with_local_schemes_are_network_errors() {
    for (location, scheme) in [
        ("data:text/html,<script>1</script>", "data"),
        ("javascript:alert(document.cookie)", "javascript"),
        ("file:///etc/passwd", "file"),
        ("blob:https://app.example/0b0c", "blob"),
        ("about:blank", "about"),
        ("ftp://api.example/f", "ftp"),
    ] {
        let (transcript, outcome) = fetch(
            get("https://api.example/r"),
            redirect_once(location.as_bytes()),
        );
        assert_eq!(transcript.len(), 1, "{location}: nothing more is sent");
        match outcome {
            Err(FetchError::RedirectToNonHttpScheme { location: url, .. }) => {
                assert_eq!(url.scheme(), scheme)
            }
            other => panic!("{location}: {other:?}"),
        }
    }
}

#[test]
fn bad_ports_are_never_requested() {
    // Neither directly nor through a redirect (#block-bad-port).
    for port in [25u16, 6666, 10080] {
        let (transcript, outcome) = fetch(get(&format!("https://api.example:{port}/")), |_| {
            unreachable!("nothing is sent to a bad port")
        });
        assert!(transcript.is_empty());
        assert!(matches!(outcome, Err(FetchError::BadPort { port: p, .. }) if p == port));
        let location = format!("http://internal.example:{port}/");
        let (transcript, outcome) = fetch(
            get("https://api.example/r"),
            redirect_once(location.as_bytes()),
        );
        assert_eq!(transcript.len(), 1, "{location}");
        assert!(matches!(outcome, Err(FetchError::BadPort { port: p, .. }) if p == port));
    }
}

#[test]
fn locations_with_credentials_are_refused_to_cors_requests() {
    // HTTP-redirect fetch step 9: mode cors, credentials in the URL, not
    // same origin with the request's origin.
    for location in [
        "https://user:pass@other.example/",
        "https://user@api.example/next",
        "https://:pw@other.example/",
    ] {
        let (transcript, outcome) = fetch(
            get("https://api.example/r"),
            redirect_once(location.as_bytes()),
        );
        assert_eq!(transcript.len(), 1, "{location} is never requested");
        assert!(
            matches!(
                outcome,
                Err(FetchError::RedirectContainsCredentials {
                    cross_origin: true,
                    ..
                })
            ),
            "{location}: {outcome:?}"
        );
    }
    // Step 10: back to the request's own origin, but the response tainting
    // is already cors.
    let (transcript, outcome) = fetch(
        get("https://api.example/r"),
        redirect_once(b"https://user:pw@app.example/back"),
    );
    assert_eq!(transcript.len(), 1);
    assert!(matches!(
        outcome,
        Err(FetchError::RedirectContainsCredentials {
            cross_origin: false,
            ..
        })
    ));
    // Neither step applies to a same-origin request that stays same-origin,
    // nor to no-cors: the spec lets those follow.
    let (transcript, outcome) = fetch(
        get("https://app.example/r"),
        redirect_once(b"https://user:pw@app.example/2"),
    );
    assert_eq!(transcript.len(), 2);
    assert_eq!(outcome.unwrap().response_type, ResponseType::Basic);
    let no_cors = request("https://api.example/r", APP)
        .mode(Mode::NoCors)
        .build()
        .unwrap();
    let (transcript, outcome) = fetch(no_cors, redirect_once(b"https://user:pw@other.example/"));
    assert_eq!(transcript.len(), 2);
    assert_eq!(outcome.unwrap().response_type, ResponseType::Opaque);
}

#[test]
fn relative_locations_resolve_against_the_response_url() {
    let start = "https://api.example/dir/start?x#frag";
    for (location, next) in [
        ("/next", "https://api.example/next"),
        ("next", "https://api.example/dir/next"),
        ("../up", "https://api.example/up"),
        ("?q=1", "https://api.example/dir/start?q=1"),
        ("#top", "https://api.example/dir/start?x"),
        ("//other.example/x", "https://other.example/x"),
        ("HTTPS://API.EXAMPLE/caps", "https://api.example/caps"),
    ] {
        let (transcript, outcome) = fetch(get(start), redirect_once(location.as_bytes()));
        assert_eq!(transcript.len(), 2, "{location}");
        assert!(
            transcript[1].starts_with(&format!("Main GET {next} ")),
            "{location}: {}",
            transcript[1]
        );
        let response = outcome.unwrap();
        assert_eq!(response.url().unwrap().as_str(), next, "{location}");
        assert!(response.redirected());
    }
}

#[test]
fn an_empty_location_is_the_response_url_itself() {
    // `` is a URI-reference, so extracting it succeeds and parsing it
    // against the response's URL gives that URL (#concept-response-location-url):
    // the fetch redirects to itself until the limit, as WPT's
    // fetch/api/redirect/redirect-empty-location.any.js expects.
    let (transcript, outcome) = fetch(get("https://api.example/r"), |_| redirect(b""));
    assert_eq!(transcript.len(), 21);
    assert!(transcript
        .iter()
        .all(|l| l.contains("https://api.example/r ")));
    assert!(matches!(
        outcome,
        Err(FetchError::TooManyRedirects { limit: 20, .. })
    ));

    let manual = request("https://api.example/r", APP)
        .redirect(RedirectMode::Manual)
        .build()
        .unwrap();
    let (transcript, outcome) = fetch(manual, |_| redirect(b""));
    assert_eq!(transcript.len(), 1);
    let response = outcome.unwrap();
    assert_eq!(
        (response.response_type, response.status),
        (ResponseType::OpaqueRedirect, 0)
    );

    let error = request("https://api.example/r", APP)
        .redirect(RedirectMode::Error)
        .build()
        .unwrap();
    let (_, outcome) = fetch(error, |_| redirect(b""));
    assert!(matches!(
        outcome,
        Err(FetchError::RedirectModeError { status: 302, .. })
    ));

    // No Location at all is a null location URL: the response is returned
    // as it is.
    let (transcript, outcome) = fetch(get("https://api.example/r"), |_| {
        head(302, &[("Access-Control-Allow-Origin", "*")])
    });
    assert_eq!(transcript.len(), 1);
    let response = outcome.unwrap();
    assert_eq!(
        (response.response_type, response.status),
        (ResponseType::Cors, 302)
    );
}

// ---- What never reaches the wire, never reaches script, never is cached ----

#[test]
fn credentials_go_only_where_the_credentials_mode_allows() {
    use CredentialsMode::{Include, Omit, SameOrigin};
    // Each scenario: the URLs the main request visits, and for each
    // credentials mode whether each main request carries credentials.
    // `same-origin` stops at the first cross-origin URL and, the tainting
    // being cors from then on, does not resume on coming back.
    // For each credentials mode, whether each main request carries them.
    type Expected = (CredentialsMode, &'static [bool]);
    let scenarios: &[(&[&str], &[Expected])] = &[
        (
            &["https://app.example/a"],
            &[(Omit, &[false]), (SameOrigin, &[true]), (Include, &[true])],
        ),
        (
            &["https://api.example/a"],
            &[(Omit, &[false]), (SameOrigin, &[false]), (Include, &[true])],
        ),
        (
            &[
                "https://app.example/a",
                "https://api.example/b",
                "https://app.example/c",
            ],
            &[
                (Omit, &[false, false, false]),
                (SameOrigin, &[true, false, false]),
                (Include, &[true, true, true]),
            ],
        ),
    ];
    for &(urls, expectations) in scenarios {
        for &(mode, expected) in expectations {
            for method in ["GET", "PUT"] {
                let req = request(urls[0], APP)
                    .method(method)
                    .credentials(mode)
                    .build()
                    .unwrap();
                let mut sent = Vec::new();
                let (_, outcome) = fetch(req, |out| {
                    assert!(
                        out.kind == RequestKind::Main || !out.include_credentials,
                        "a preflight never carries credentials"
                    );
                    let mut pairs = vec![
                        ("Access-Control-Allow-Origin", "null"),
                        ("Access-Control-Allow-Credentials", "true"),
                        ("Access-Control-Allow-Methods", "PUT"),
                    ];
                    let origin = out.headers.get("origin");
                    let origin = origin.as_deref().map(|o| std::str::from_utf8(o).unwrap());
                    if let Some(o) = origin {
                        pairs[0].1 = o;
                    }
                    if out.kind == RequestKind::Preflight {
                        return head(204, &pairs);
                    }
                    sent.push(out.include_credentials);
                    let i = urls.iter().position(|u| *u == out.url.as_str()).unwrap();
                    match urls.get(i + 1) {
                        Some(next) => {
                            pairs.push(("Location", next));
                            head(307, &pairs)
                        }
                        None => head(200, &pairs),
                    }
                });
                assert!(outcome.is_ok(), "{urls:?} {mode} {method}: {outcome:?}");
                assert_eq!(sent, expected, "{urls:?} {mode} {method}");
            }
        }
    }
}

#[test]
fn forbidden_request_headers_never_reach_the_wire() {
    let forbidden = [
        ("Accept-Charset", "x"),
        ("Accept-Encoding", "x"),
        ("Access-Control-Request-Headers", "x-evil"),
        ("Access-Control-Request-Method", "DELETE"),
        ("Connection", "close"),
        ("Content-Length", "1"),
        ("Cookie", "session=stolen"),
        ("Cookie2", "x"),
        ("Date", "x"),
        ("DNT", "1"),
        ("Expect", "100-continue"),
        ("Host", "evil.example"),
        ("Keep-Alive", "x"),
        ("Origin", "https://evil.example"),
        ("Referer", "https://evil.example/"),
        ("Set-Cookie", "a=b"),
        ("TE", "trailers"),
        ("Trailer", "x"),
        ("Transfer-Encoding", "chunked"),
        ("Upgrade", "websocket"),
        ("Via", "x"),
        ("Proxy-Authorization", "Basic eA=="),
        ("Sec-Fetch-Site", "same-origin"),
        ("X-HTTP-Method-Override", "TRACE"),
        ("X-Method-Override", "get, connect"),
    ];
    for mode in [Mode::Cors, Mode::NoCors] {
        let mut builder = request("https://api.example/x", APP)
            .method("POST")
            .mode(mode);
        for (name, value) in forbidden {
            builder = builder.header(name, value);
        }
        let (transcript, outcome) = fetch(builder.build().unwrap(), |out| {
            for (name, value) in out.headers.iter() {
                let n = name.as_str();
                let ours = (n == "origin" && value == APP.as_bytes())
                    || (n == "access-control-request-method" && value == b"POST")
                    || (n == "accept" && value == b"*/*");
                assert!(
                    ours || !forbidden.iter().any(|(f, _)| f.eq_ignore_ascii_case(n)),
                    "{mode}: `{n}: {}` went on the wire",
                    value.escape_ascii()
                );
            }
            head(200, &[("Access-Control-Allow-Origin", "*")])
        });
        assert!(outcome.is_ok(), "{mode}: {outcome:?}");
        assert_eq!(transcript.len(), 1, "{mode}: nothing left to preflight");
    }
}

#[test]
fn authorization_is_not_sent_again_after_a_cross_origin_hop() {
    // api -> other -> api: once another origin is seen the header is gone,
    // also when the chain comes back.
    let req = request("https://api.example/1", APP)
        .header("Authorization", "Bearer secret")
        .build()
        .unwrap();
    let mut carried = Vec::new();
    let (_, outcome) = fetch(req, |out| {
        if out.kind == RequestKind::Preflight {
            return head(
                204,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Headers", "Authorization"),
                ],
            );
        }
        carried.push(out.headers.contains("authorization"));
        let next = match out.url.as_str() {
            "https://api.example/1" => "https://other.example/2",
            "https://other.example/2" => "https://api.example/3",
            _ => return head(200, &[("Access-Control-Allow-Origin", "*")]),
        };
        head(
            302,
            &[("Access-Control-Allow-Origin", "*"), ("Location", next)],
        )
    });
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(carried, [true, false, false]);
}

#[test]
fn failed_preflights_are_never_cached() {
    let good: &[(&str, &str)] = &[
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Methods", "PUT, *"),
        ("Access-Control-Allow-Headers", "x-a, *"),
        ("Access-Control-Max-Age", "600"),
    ];
    let without = |name: &str| -> Vec<(&str, &str)> {
        good.iter().copied().filter(|(n, _)| *n != name).collect()
    };
    let with = |name: &'static str, value: &'static str| -> Vec<(&str, &str)> {
        let mut pairs = without(name);
        pairs.push((name, value));
        pairs
    };
    // What is wrong, the status, the headers.
    type Failure<'a> = (&'a str, u16, Vec<(&'a str, &'a str)>);
    let failures: Vec<Failure> = vec![
        ("status 500", 500, good.to_vec()),
        ("a redirect", 302, with("Location", "/elsewhere")),
        (
            "no Allow-Origin",
            204,
            without("Access-Control-Allow-Origin"),
        ),
        (
            "another origin",
            204,
            with("Access-Control-Allow-Origin", "https://evil.example"),
        ),
        (
            "* with credentials",
            204,
            with("Access-Control-Allow-Origin", "*"),
        ),
        (
            "no Allow-Credentials",
            204,
            without("Access-Control-Allow-Credentials"),
        ),
        (
            "method not listed",
            204,
            with("Access-Control-Allow-Methods", "DELETE, *"),
        ),
        (
            "header not listed",
            204,
            with("Access-Control-Allow-Headers", "x-b, *"),
        ),
        (
            "bad method list",
            204,
            with("Access-Control-Allow-Methods", "PUT DELETE"),
        ),
        (
            "bad header list",
            204,
            with("Access-Control-Allow-Headers", "x-a;"),
        ),
    ];
    for profile in Profile::ALL {
        let policy = Policy::from_profile(profile);
        for (what, status, pairs) in &failures {
            let mut cache = PreflightCache::new(policy.cache_capacity);
            let req = || {
                request("https://api.example/x", APP)
                    .method("PUT")
                    .header("X-A", "1")
                    .credentials(CredentialsMode::Include)
                    .build()
                    .unwrap()
            };
            let (transcript, outcome) =
                run(req(), &policy, &mut cache, T0, |_| head(*status, pairs));
            assert_eq!(
                transcript.len(),
                1,
                "{profile} {what}: the request is not sent"
            );
            assert!(
                outcome.as_ref().is_err_and(FetchError::is_preflight),
                "{profile} {what}: {outcome:?}"
            );
            assert!(
                cache.is_empty(),
                "{profile} {what}: {} entries",
                cache.len()
            );
            // A good preflight afterwards is needed and works.
            let (transcript, outcome) = run(req(), &policy, &mut cache, T0, |_| head(200, good));
            assert_eq!(transcript.len(), 2, "{profile} {what}");
            assert!(outcome.is_ok(), "{profile} {what}: {outcome:?}");
        }
    }
}

#[test]
fn a_credentialed_star_cache_entry_is_a_wildcard_only_under_the_spec_text() {
    // A credentialed preflight lists `PUT, *`; `*` is only a literal name
    // there, so PUT passes by name. The spec's cache-entry match then lets
    // the stored `*` stand for DELETE; no browser does (see SECURITY.md).
    let server = |_: &OutgoingRequest| {
        head(
            200,
            &[
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "PUT, *"),
                ("Access-Control-Max-Age", "600"),
            ],
        )
    };
    let req = |method: &str| {
        request("https://api.example/x", APP)
            .method(method)
            .credentials(CredentialsMode::Include)
            .build()
            .unwrap()
    };
    for profile in Profile::ALL {
        let policy = Policy::from_profile(profile);
        let mut cache = PreflightCache::new(policy.cache_capacity);
        let (transcript, outcome) = run(req("PUT"), &policy, &mut cache, T0, server);
        assert_eq!(transcript.len(), 2, "{profile}");
        assert!(outcome.is_ok(), "{profile}: {outcome:?}");
        let (transcript, outcome) = run(req("DELETE"), &policy, &mut cache, T0, server);
        if profile == Profile::Spec {
            assert_eq!(
                transcript.len(),
                1,
                "{profile}: DELETE goes without a preflight"
            );
            assert!(outcome.is_ok(), "{profile}: {outcome:?}");
        } else {
            assert_eq!(transcript.len(), 1, "{profile}: only the preflight");
            assert!(transcript[0].starts_with("Preflight"), "{profile}");
            assert!(
                matches!(outcome, Err(FetchError::MethodNotAllowed { .. })),
                "{profile}: {outcome:?}"
            );
        }
    }
}

#[test]
fn opaque_responses_show_script_nothing() {
    // A cross-origin no-cors answer, whatever it says, and a redirect under
    // redirect mode manual.
    let no_cors = request("https://api.example/x", APP)
        .mode(Mode::NoCors)
        .credentials(CredentialsMode::Include)
        .build()
        .unwrap();
    let (_, outcome) = fetch(no_cors, |_| {
        head(
            404,
            &[
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Expose-Headers", "*, x-secret"),
                ("X-Secret", "1"),
                ("Content-Type", "text/html"),
                ("Set-Cookie", "a=b"),
            ],
        )
    });
    let response = outcome.unwrap();
    assert_eq!(response.response_type, ResponseType::Opaque);
    assert_eq!(response.status, 0);
    assert!(response.headers.is_empty() && response.url_list.is_empty());
    assert!(response.url().is_none() && !response.redirected());

    let manual = request("https://api.example/x", APP)
        .redirect(RedirectMode::Manual)
        .build()
        .unwrap();
    let (_, outcome) = fetch(manual, |_| {
        head(
            301,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", "*"),
                ("Location", "https://internal.example/admin"),
            ],
        )
    });
    let response = outcome.unwrap();
    assert_eq!(response.response_type, ResponseType::OpaqueRedirect);
    assert_eq!(response.status, 0);
    assert!(response.headers.is_empty());
}
