//! Generator of the WPT-derived CORS vectors (`wpt-vectors/`).
//!
//! * `handlers/`: the WPT server handlers, emulated as functions from a
//!   request (method, URL with query, headers) to a response (status,
//!   headers), over wptserve's stash.
//! * `files/`: one module per WPT test file: its tables (the calls the test
//!   makes) written down as Rust data, with what the test asserts.
//! * `sim`: a small model of Fetch's CORS steps that decides which requests
//!   a conforming user agent sends; its outcome is compared with the WPT
//!   assertion, and every difference is listed in `DISAGREEMENTS.md`.
//!
//! [`generate`] returns every vector file as (file name, contents);
//! [`outputs`] adds the two reports, `COVERAGE.md` (which replays every
//! generated file through `fetch_cors::vectors` under each profile, see
//! [`coverage`]) and `DISAGREEMENTS.md`. `cargo run -p wpt-gen` writes them
//! into `wpt-vectors/`; `tests/reproduce.rs` checks that it is up to date.

pub mod coverage;
pub mod files;
pub mod handlers;
pub mod http;
pub mod out;
pub mod server;
pub mod sim;

use out::{Fetch, Vector};
use serde_json::Value;
use sim::{Outcome, Request, Sim};

/// Client origin of window tests (`location.origin`).
pub const PAGE: &str = "http://web-platform.test:8000";
pub const PAGE_P2: &str = "http://web-platform.test:8001";
pub const PAGE_S: &str = "https://web-platform.test:8443";
pub const REMOTE: &str = "http://www1.web-platform.test:8000";
pub const REMOTE_P2: &str = "http://www1.web-platform.test:8001";
pub const REMOTE_S: &str = "https://www1.web-platform.test:8443";
pub const OTHER: &str = "http://www2.web-platform.test:8000";
pub const NOTSAMESITE: &str = "http://not-web-platform.test:8000";

/// The nodejs/undici commit whose `test/fixtures/wpt` (a byte copy of WPT
/// master of 2025-08-18) was read for the `fetch/` and `xhr/` files that did
/// not change later.
pub const UNDICI_COMMIT: &str = "2f6cc66c57aa4303b1574dde47e028495d5678af";

/// The real web-platform-tests/wpt commit at which the subtest names of the
/// `fetch/` and `xhr/` files were checked: the WPT checkout nodejs/undici
/// pins (submodule `test/web-platform-tests/wpt` at undici
/// 7eb7c8ec8f23acd9c3da93a286162f8c1dc68326), whose
/// `test/web-platform-tests/expectation.json` lists every subtest name that
/// checkout produces.
pub const WPT_NAMES_COMMIT: &str = "203f5335c8f9a36f9dd1d87c95fc920866edcd47";

/// Where a WPT file was read. The web-platform-tests/wpt versions stored in
/// the index are mostly years old (see COVERAGE.md), so each file is read
/// from the newest copy available and that copy's commit is recorded.
#[derive(Clone, Copy, Debug)]
pub enum Src {
    /// `nodejs/undici@UNDICI_COMMIT:test/fixtures/wpt/<path>`.
    Undici,
    /// `servo/servo@<commit>:tests/wpt/tests/<path>` (Servo's vendored WPT).
    Servo(&'static str),
    /// `web-platform-tests/wpt@<commit>:<path>` (the newest version of the
    /// file stored in the index).
    Wpt(&'static str),
    /// Not read: the subtest count comes from wpt-cors-inventory.md.
    Inventory,
}

impl Src {
    /// The `source` note of a vector file.
    pub fn note(&self) -> String {
        match self {
            Src::Undici => format!(
                "read at nodejs/undici@{} test/fixtures/wpt, a copy of WPT master of 2025-08-18",
                UNDICI_COMMIT
            ),
            Src::Servo(c) => format!(
                "read at servo/servo@{} tests/wpt/tests, Servo's vendored copy of upstream WPT",
                c
            ),
            Src::Wpt(c) => format!("read at web-platform-tests/wpt@{}", c),
            Src::Inventory => "not read; subtest count from wpt-cors-inventory.md".to_string(),
        }
    }
    /// Short form for COVERAGE.md.
    pub fn short(&self) -> String {
        match self {
            Src::Undici => format!("undici@{}", &UNDICI_COMMIT[..10]),
            Src::Servo(c) => format!("servo@{}", &c[..10]),
            Src::Wpt(c) => format!("wpt@{}", &c[..10]),
            Src::Inventory => "(inventory)".to_string(),
        }
    }
}

/// What one fetch of a subtest is expected to give, per the WPT assertions.
#[derive(Clone, Debug)]
pub enum Want {
    /// A response; the listed checks are what the test asserts.
    Ok(Vec<Check>),
    /// The fetch rejects (TypeError / XHR error event).
    Err,
    /// A network error, with checks on the exchanges (e.g. a preflight was sent).
    ErrWith(Vec<Check>),
    /// `new Request()` / `fetch()` throws synchronously.
    Invalid,
}

#[derive(Clone, Debug)]
pub enum Check {
    Status(u16),
    Type(&'static str),
    Header(String, Option<String>),
    /// A request header of the last exchange (what the test reads back
    /// from a handler that echoes the request, e.g. `r['origin']`).
    LastSent(String, Option<String>),
    /// Whether a preflight (OPTIONS) was sent for this fetch.
    Preflighted(bool),
}

pub fn hdr(n: &str, v: &str) -> Check {
    Check::Header(n.to_string(), Some(v.to_string()))
}
pub fn no_hdr(n: &str) -> Check {
    Check::Header(n.to_string(), None)
}

pub struct FCase {
    pub at: f64,
    pub req: Request,
    pub want: Want,
    /// Extra note for the outcome's `reason`.
    pub note: Option<String>,
    /// For a recorded disagreement where WPT expects an earlier failure:
    /// keep only this many exchanges.
    pub truncate: Option<usize>,
}

pub fn fc(req: Request, want: Want) -> FCase {
    FCase {
        at: 0.0,
        req,
        want,
        note: None,
        truncate: None,
    }
}

pub struct Case {
    pub name: String,
    pub policy: Option<Value>,
    pub fetches: Vec<FCase>,
}

pub fn case(name: impl Into<String>, fetches: Vec<FCase>) -> Case {
    Case {
        name: name.into(),
        policy: None,
        fetches,
    }
}

pub fn case1(name: impl Into<String>, req: Request, want: Want) -> Case {
    case(name, vec![fc(req, want)])
}

/// One WPT file's output and coverage.
pub struct WptFile {
    pub path: &'static str,
    pub src: Src,
    pub subtests: usize,
    pub vectors: Vec<Vector>,
    pub not_transcribed: Vec<(usize, String)>,
    pub partial: Vec<(usize, String)>,
    /// A note on the source (appended to the vector file's `source`).
    pub remark: Option<String>,
}

impl WptFile {
    pub fn new(path: &'static str, src: Src) -> WptFile {
        WptFile {
            path,
            src,
            subtests: 0,
            vectors: vec![],
            not_transcribed: vec![],
            partial: vec![],
            remark: None,
        }
    }
    pub fn file_name(&self) -> String {
        // `fetch/api/cors/cors-preflight.any.js` -> `fetch-api-cors-cors-preflight.any.json`
        let stem = match self.path.rfind('.') {
            Some(i) => &self.path[..i],
            None => self.path,
        };
        format!("{}.json", stem.replace('/', "-"))
    }
    pub fn skip(&mut self, n: usize, why: &str) {
        self.subtests += n;
        self.not_transcribed.push((n, why.to_string()));
    }
    pub fn partial(&mut self, n: usize, why: &str) {
        self.partial.push((n, why.to_string()));
    }
}

#[derive(Default)]
pub struct Gen {
    pub files: Vec<WptFile>,
    pub disagreements: Vec<String>,
}

/// Deterministic stand-in for `token()` (a UUID) of one subtest.
pub fn token(seed: &str) -> String {
    let mut h1: u64 = 0xcbf29ce484222325;
    let mut h2: u64 = 0x84222325cbf29ce4;
    for b in seed.bytes() {
        h1 ^= b as u64;
        h1 = h1.wrapping_mul(0x100000001b3);
        h2 = h2.wrapping_add(b as u64).wrapping_mul(0x9e3779b97f4a7c15);
    }
    let hex = format!("{:016x}{:016x}", h1, h2);
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn short(o: &Outcome) -> String {
    match o {
        Outcome::Invalid(r) => format!("invalid-request ({})", r),
        Outcome::NetErr(r) => format!("network-error ({})", r),
        Outcome::Resp { typ, status, .. } => format!("a {} response with status {}", typ, status),
    }
}

fn check(o: &Outcome, ex: &[sim::Exchange], c: &Check) -> Option<String> {
    match c {
        Check::Preflighted(p) => {
            let got = ex.iter().any(|e| e.method == "OPTIONS");
            (got != *p).then(|| {
                format!(
                    "preflight {} expected, model {}",
                    if *p { "" } else { "not" },
                    if got { "sends one" } else { "sends none" }
                )
            })
        }
        Check::LastSent(n, v) => {
            let got = ex.last().and_then(|e| http::get(&e.headers, n));
            (got != *v).then(|| {
                format!(
                    "request header {} of the last exchange expected {:?}, model gives {:?}",
                    n, v, got
                )
            })
        }
        Check::Status(s) => (o.status() != Some(*s))
            .then(|| format!("status {} expected, model gives {:?}", s, o.status())),
        Check::Type(t) => {
            (o.typ() != Some(*t)).then(|| format!("type {} expected, model gives {:?}", t, o.typ()))
        }
        Check::Header(n, v) => {
            let got = o.header(n);
            (got != *v).then(|| format!("header {} expected {:?}, model gives {:?}", n, v, got))
        }
    }
}

impl Gen {
    /// Expand one subtest into a vector: lay out the exchanges, derive the
    /// outcome, compare it with the WPT assertions.
    pub fn add(&mut self, f: &mut WptFile, c: Case) {
        f.subtests += 1;
        let mut sim = Sim::new();
        let mut server = server::Wpt::default();
        let mut fetches = vec![];
        for fcase in c.fetches {
            let run = sim.run(&mut server, &fcase.req, fcase.at);
            let mut exchanges = run.exchanges;
            let mut outcome = run.outcome;
            let mut reason = fcase.note.clone();
            let mismatch: Option<String> = match (&fcase.want, &outcome) {
                (Want::Ok(checks), Outcome::Resp { .. }) => {
                    let errs: Vec<String> = checks
                        .iter()
                        .filter_map(|ch| check(&outcome, &exchanges, ch))
                        .collect();
                    (!errs.is_empty()).then(|| errs.join("; "))
                }
                (Want::Ok(_), o) => Some(format!(
                    "WPT expects a response; the spec model gives {}",
                    short(o)
                )),
                (Want::Err, Outcome::NetErr(_)) => None,
                (Want::ErrWith(checks), Outcome::NetErr(_)) => {
                    let errs: Vec<String> = checks
                        .iter()
                        .filter_map(|ch| check(&outcome, &exchanges, ch))
                        .collect();
                    (!errs.is_empty()).then(|| errs.join("; "))
                }
                (Want::ErrWith(_), o) => Some(format!(
                    "WPT expects a network error; the spec model gives {}",
                    short(o)
                )),
                (Want::Err, o) => Some(format!(
                    "WPT expects a network error; the spec model gives {}",
                    short(o)
                )),
                (Want::Invalid, Outcome::Invalid(_)) => None,
                (Want::Invalid, o) => Some(format!(
                    "WPT expects an invalid request; the spec model gives {}",
                    short(o)
                )),
            };
            if let Some(m) = mismatch {
                let d = format!("{} :: {} :: {}", f.path, c.name, m);
                self.disagreements.push(d);
                match fcase.want {
                    Want::Err | Want::ErrWith(_) => {
                        if let Some(n) = fcase.truncate {
                            exchanges.truncate(n);
                        }
                        outcome = Outcome::NetErr(String::new());
                        reason = Some(format!(
                            "WPT expects a network error here (transcribed as WPT says; see DISAGREEMENTS.md){}",
                            fcase.note.map(|n| format!(". {}", n)).unwrap_or_default()
                        ));
                    }
                    _ => {
                        reason = Some(format!("DISAGREEMENT, not resolved: {}", m));
                    }
                }
            }
            fetches.push(Fetch {
                at: fcase.at,
                request: fcase.req,
                exchanges,
                expect: outcome,
                reason,
            });
        }
        if f.vectors.iter().any(|v| v.name == c.name) {
            panic!("duplicate vector name {} in {}", c.name, f.path);
        }
        f.vectors.push(Vector {
            name: c.name,
            policy: c.policy,
            fetches,
        });
    }
}

pub fn build() -> Gen {
    let mut g = Gen::default();
    files::all(&mut g);
    g
}

/// Whether `name` follows the naming of the generated WPT-derived vector
/// files (`<wpt path with / as ->.json`, the WPT path starting with one of
/// the directories transcribed). Hand-written files never match.
pub fn is_generated_name(name: &str) -> bool {
    name.ends_with(".json")
        && !name.starts_with("hand-written-")
        && ["cors-", "fetch-", "xhr-"]
            .iter()
            .any(|p| name.starts_with(p))
}

fn vector_files(g: &Gen) -> Vec<(String, String)> {
    g.files
        .iter()
        .filter(|f| !f.vectors.is_empty())
        .map(|f| {
            let source = match &f.remark {
                Some(r) => format!("web-platform-tests {} ({}; {})", f.path, f.src.note(), r),
                None => format!("web-platform-tests {} ({})", f.path, f.src.note()),
            };
            (f.file_name(), out::file_json(&source, &f.vectors))
        })
        .collect()
}

/// Every vector file, as (file name, contents), in a stable order.
pub fn generate() -> Vec<(String, String)> {
    vector_files(&build())
}

/// Everything the generator writes into `wpt-vectors/`: the vector files,
/// then `COVERAGE.md` and `DISAGREEMENTS.md`. `expected_failures` is the
/// text of `wpt-vectors/expected-failures.txt` (if any); COVERAGE.md counts
/// its entries that name a generated file.
pub fn outputs(expected_failures: Option<&str>) -> Vec<(String, String)> {
    let g = build();
    let mut files = vector_files(&g);
    let coverage = coverage::markdown(&g, &files, expected_failures);
    files.push(("COVERAGE.md".to_string(), coverage));
    files.push(("DISAGREEMENTS.md".to_string(), disagreements_markdown(&g)));
    files
}

/// `DISAGREEMENTS.md`: where the WPT expectation and the spec model differ.
pub fn disagreements_markdown(g: &Gen) -> String {
    let mut s = String::from("# WPT expectations that disagree with the Fetch Standard text\n\n");
    s.push_str("Generated by `cargo run -p wpt-gen`. Each vector below is written with the WPT expectation (it\n");
    s.push_str("is a transcription); the independent model in `xtask/src/sim.rs` follows the spec text and\n");
    s.push_str("gives another outcome. The spec text behind each one is quoted below; the engineer decides.\n\n");
    s.push_str(&files::disagreement_notes());
    s.push_str("\n## Mechanical list (generator output)\n\n");
    for d in &g.disagreements {
        s.push_str(&format!("- {}\n", d));
    }
    s
}
