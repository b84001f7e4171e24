//! Replays fuzz inputs through the fuzz targets' own functions
//! (`tests/fuzz_targets/`), so `cargo test` catches what the fuzzer caught
//! without nightly or cargo-fuzz:
//!
//! - `fuzz/seeds/TARGET/`: checked in. `vec-*` files are generated from
//!   `wpt-vectors/` by `write_seeds` below; `crash-*` files are inputs that
//!   once crashed a target, kept as regression tests.
//! - `fuzz/corpus/TARGET/` and `fuzz/artifacts/TARGET/`: local only (git
//!   ignores them), replayed when present so a fresh crash fails here too.

mod fuzz_targets;

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

use fuzz_targets::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of a directory, sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn seeds_corpora_and_artifacts_pass() {
    // One thread per target: local corpora run to thousands of inputs.
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
        let threads: Vec<_> = TARGETS
            .iter()
            .map(|&(name, target)| scope.spawn(move || replay(name, target)))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let replayed: usize = results.iter().map(|(n, _)| n).sum();
    let failures: Vec<String> = results.into_iter().flat_map(|(_, f)| f).collect();
    assert!(
        failures.is_empty(),
        "{} of {replayed} inputs fail (panic messages above):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs every input of one target; returns how many, and the failures.
fn replay(name: &str, target: fuzz_targets::Target) -> (usize, Vec<String>) {
    let mut replayed = 0;
    let mut failures = Vec::new();
    for kind in ["seeds", "corpus", "artifacts"] {
        for path in files(&fuzz_dir().join(kind).join(name)) {
            // A running fuzzer may delete a corpus file under us.
            let Ok(data) = fs::read(&path) else { continue };
            replayed += 1;
            if panic::catch_unwind(|| target(&data)).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    (replayed, failures)
}

#[test]
fn every_target_is_wired_up_and_seeded() {
    let mut binaries: Vec<String> = files(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    binaries.sort();
    let mut functions: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    functions.sort();
    assert_eq!(
        binaries, functions,
        "fuzz/fuzz_targets/*.rs and TARGETS differ"
    );
    let manifest = fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    for (name, _) in TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} is not a [[bin]]"
        );
        assert!(
            !files(&fuzz_dir().join("seeds").join(name)).is_empty(),
            "{name} has no seeds"
        );
    }
}

#[test]
fn checked_in_seeds_stay_small() {
    let mut total = 0;
    for (name, _) in TARGETS {
        let seeds = files(&fuzz_dir().join("seeds").join(name));
        assert!(seeds.len() <= 64, "{name}: {} seeds", seeds.len());
        for seed in seeds {
            let len = fs::metadata(&seed).unwrap().len();
            assert!(len <= 16 * 1024, "{}: {len} bytes", seed.display());
            total += len;
        }
    }
    assert!(total < 512 * 1024, "seeds total {total} bytes");
}

/// Seeds from the shared vectors: `cargo test --all-features --test
/// fuzz_corpus -- --ignored write_seeds`. The output depends only on
/// `wpt-vectors/` and the lists below, so rerunning it is a no-op unless
/// they change.
#[cfg(feature = "vectors")]
mod generator {
    use std::collections::{BTreeMap, HashSet};
    use std::fs;
    use std::path::Path;

    use fetch_cors::vectors::{FetchSpec, RequestSpec, Vector, VectorFile};

    use super::{files, fuzz_dir, TARGETS};

    /// Generated seeds start with this; anything else in a seed directory
    /// (`crash-*` regression inputs) is left alone.
    const PREFIX: &str = "vec-";

    /// Seed contents by target, in the order the vectors give them.
    type Seeds = BTreeMap<&'static str, Vec<Vec<u8>>>;

    /// Seeds per target, vector-derived ones spread evenly over the files.
    const PER_TARGET: usize = 40;

    /// Corners the vectors do not reach, per target, always kept.
    const EXTRA: &[(&str, &[&str])] = &[
        ("allow_methods", &["GET, POST", "*", "PUT DELETE", "patch,PATCH", " ,,x", "\"PUT\""]),
        ("allow_headers", &["X-A, *", "Authorization", "a;b", "", "x-a\nX-B,\t*"]),
        ("expose_headers", &["*", "X-A, Set-Cookie", "x y", "content-type\n*"]),
        ("max_age", &["600", "-1", "+5", "99999999999999999999999", "0\n5", " 7\t", "\n"]),
        ("mime_essence", &["text/plain;charset=UTF-8", " TEXT/Plain ;x", "text/ plain", "a/b\r\n"]),
        ("range", &["bytes=0-", "bytes=100-199", "bytes=-500", "bytes = 0 - 1", "bytes=0009-10"]),
        ("decode_split", &["\"a\\\"b,c\",d", "x / x,,,1", "GET, TRACE", "\"unclosed, x"]),
        (
            "request",
            &[
                "fetch https://api.example/x\nmethod patch\nheader X-A:  spaced \t\nheader Accept: a\x01",
                "fetch https://api.example/x\nmode no-cors\nheader Accept: a\nheader accept: b\nheader Range: bytes=0-",
                "fetch https://api.example/x\nmethod POST\nbody bytes multipart/form-data; boundary=x\nflag user-agent",
            ],
        ),
        (
            "fetch",
            &[
                "fetch https://api.example/loop\nresponse 302\nheader Access-Control-Allow-Origin: *\nheader Location: /loop",
                "fetch https://api.example/x\ncredentials include\nresponse 200\nheader Access-Control-Allow-Origin: *\nheader Access-Control-Allow-Credentials: true",
                "fetch https://api.example/x\nresponse 307\nheader Access-Control-Allow-Origin: *\nheader Location: data:,x",
                "fetch https://app.example/x\nresponse 301\nheader Location: javascript:alert(1)",
                "fetch https://app.example/x\nresponse 308\nheader Location: file:///etc/passwd",
                "fetch https://api.example/x\nresponse 303\nheader Access-Control-Allow-Origin: *\nheader Location: https://user:pw@api.example/",
                "fetch https://api.example/x\nredirect manual\nresponse 301\nheader Access-Control-Allow-Origin: *\nheader Location: /y",
                "fetch https://api.example/x\nmethod PUT\ncredentials include\nheader X-A: 1\nresponse 204\nheader Access-Control-Allow-Origin: https://app.example\nheader Access-Control-Allow-Credentials: true\nheader Access-Control-Allow-Methods: PUT\nheader Access-Control-Allow-Headers: x-a\nresponse 200\nheader Access-Control-Allow-Origin: https://app.example\nheader Access-Control-Allow-Credentials: true\nheader Access-Control-Expose-Headers: X-B, *\nheader X-B: 2\nheader Set-Cookie: c=d",
                "fetch https://app.example/x\nmethod POST\nresponse 302\nheader Location: https://b.example/\nresponse 307\nheader Access-Control-Allow-Origin: *\nheader Location: https://c.example/\nresponse 200\nheader Access-Control-Allow-Origin: null",
                "capacity 2\nfetch https://api.example/a\nmethod PUT\nresponse 204\nheader Access-Control-Allow-Origin: *\nheader Access-Control-Allow-Methods: PUT, DELETE, *\nheader Access-Control-Max-Age: 10\nfetch https://api.example/b\nmethod PUT\nwait 11\nfetch https://api.example/a\nmethod DELETE",
            ],
        ),
    ];

    #[test]
    #[ignore = "writes fuzz/seeds/; run after changing wpt-vectors/"]
    fn write_seeds() {
        let mut seeds = Seeds::new();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("wpt-vectors");
        for path in files(&dir) {
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let file = VectorFile::parse(&fs::read_to_string(&path).unwrap()).unwrap();
            for vector in &file.vectors {
                collect(vector, &mut seeds);
            }
        }
        for &(target, _) in TARGETS {
            let out = fuzz_dir().join("seeds").join(target);
            fs::create_dir_all(&out).unwrap();
            for old in files(&out) {
                if old
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(PREFIX)
                {
                    fs::remove_file(old).unwrap();
                }
            }
            let extra = EXTRA.iter().filter(|(t, _)| *t == target);
            let extra: Vec<Vec<u8>> = extra
                .flat_map(|(_, s)| s.iter().map(|s| s.as_bytes().to_vec()))
                .collect();
            let mut seen = HashSet::new();
            let found: Vec<Vec<u8>> = seeds
                .remove(target)
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !extra.contains(s) && seen.insert(s.clone()))
                .collect();
            let room = PER_TARGET.saturating_sub(extra.len());
            let spread =
                (0..room.min(found.len())).map(|i| &found[i * found.len() / room.min(found.len())]);
            for seed in extra.iter().chain(spread) {
                fs::write(out.join(format!("{PREFIX}{:016x}", fnv1a(seed))), seed).unwrap();
            }
        }
    }

    /// Every seed one vector gives.
    fn collect(vector: &Vector, seeds: &mut Seeds) {
        let mut policy = Vec::new();
        if let Some(spec) = &vector.policy {
            if let Some(profile) = &spec.profile {
                line(&mut policy, "profile", profile.as_bytes());
            }
            for (keyword, value) in [
                ("max-age-cap", spec.max_age_cap),
                ("default-max-age", spec.default_max_age),
                ("capacity", spec.cache_capacity.map(|c| c as u64)),
            ] {
                if let Some(value) = value {
                    line(&mut policy, keyword, value.to_string().as_bytes());
                }
            }
        }
        let mut script = policy.clone();
        for fetch in &vector.fetches {
            let mut request = policy.clone();
            request_lines(&mut request, &fetch.request);
            seeds.entry("request").or_default().push(request);
            if let Some(at) = fetch.at {
                line(&mut script, "at", at.to_string().as_bytes());
            }
            request_lines(&mut script, &fetch.request);
            response_lines(&mut script, fetch, seeds);
        }
        seeds.entry("fetch").or_default().push(script);
    }

    fn request_lines(out: &mut Vec<u8>, request: &RequestSpec) {
        line(out, "fetch", request.url.as_bytes());
        line(out, "origin", request.origin.as_bytes());
        let settings = [
            ("method", &request.method),
            ("mode", &request.mode),
            ("credentials", &request.credentials),
            ("redirect", &request.redirect),
            ("referrer-policy", &request.referrer_policy),
        ];
        for (keyword, value) in settings {
            if let Some(value) = value {
                line(out, keyword, &wire_bytes(value));
            }
        }
        for (name, value) in &request.headers {
            header_line(out, name, value);
        }
        if request.body.is_some() {
            line(out, "body", b"text");
        }
        if request.use_cors_preflight == Some(true) {
            line(out, "flag", b"use-cors-preflight");
        }
    }

    /// The fetch's answers, and the parser seeds their headers and the
    /// request's give.
    fn response_lines(out: &mut Vec<u8>, fetch: &FetchSpec, seeds: &mut Seeds) {
        for (name, value) in &fetch.request.headers {
            match name.to_ascii_lowercase().as_str() {
                "content-type" => seeds
                    .entry("mime_essence")
                    .or_default()
                    .push(wire_bytes(value)),
                "range" => seeds.entry("range").or_default().push(wire_bytes(value)),
                _ => split_seed(seeds, value),
            }
        }
        for exchange in &fetch.exchanges {
            let response = &exchange.response;
            line(out, "response", response.status.to_string().as_bytes());
            let mut lists: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
            for (name, value) in &response.headers {
                header_line(out, name, value);
                let target = match name.to_ascii_lowercase().as_str() {
                    "access-control-allow-methods" => "allow_methods",
                    "access-control-allow-headers" => "allow_headers",
                    "access-control-expose-headers" => "expose_headers",
                    "access-control-max-age" => "max_age",
                    "content-type" => {
                        seeds
                            .entry("mime_essence")
                            .or_default()
                            .push(wire_bytes(value));
                        continue;
                    }
                    _ => {
                        split_seed(seeds, value);
                        continue;
                    }
                };
                // Several headers of one name are one seed, a line each.
                let seed = lists.entry(target).or_default();
                seed.extend_from_slice(&wire_bytes(value));
                seed.push(b'\n');
            }
            for (target, seed) in lists {
                seeds.entry(target).or_default().push(seed);
            }
        }
    }

    /// Values with commas or quotes exercise "get, decode, and split".
    fn split_seed(seeds: &mut Seeds, value: &str) {
        if value.contains([',', '"']) {
            seeds
                .entry("decode_split")
                .or_default()
                .push(wire_bytes(value));
        }
    }

    fn line(out: &mut Vec<u8>, keyword: &str, arg: &[u8]) {
        // A value with a newline cannot be a line; drop it.
        if arg.contains(&b'\n') {
            return;
        }
        out.extend_from_slice(keyword.as_bytes());
        out.push(b' ');
        out.extend_from_slice(arg);
        out.push(b'\n');
    }

    fn header_line(out: &mut Vec<u8>, name: &str, value: &str) {
        let arg = [&wire_bytes(name)[..], b": ", &wire_bytes(value)].concat();
        line(out, "header", &arg);
    }

    /// Bytes as a server sends text: Latin-1 when it fits, else UTF-8 (the
    /// vector replayer's rule).
    fn wire_bytes(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect::<Option<Vec<u8>>>()
            .unwrap_or_else(|| s.as_bytes().to_vec())
    }

    /// FNV-1a, 64-bit: a stable file name for a seed's content.
    fn fnv1a(data: &[u8]) -> u64 {
        data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }
}
