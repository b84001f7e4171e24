//! Every network error a server caused in `wpt-vectors/` has a fix, and the
//! fix works: applied to the recorded response that caused it (a bare
//! `200` standing in for requests the original run never sent), the fetch
//! is replayed until it goes through. Counts and the kinds no server change
//! can cure are printed (`cargo test --test fixes -- --nocapture`).
#![cfg(feature = "vectors")]

use std::collections::BTreeMap;
use std::path::Path;

use fetch_cors::error::ErrorKind;
use fetch_cors::vectors::{check_fixes, FixCheck, ReplayOptions, VectorFile};

/// The network errors no change to the server's response can cure, as
/// the `fix` module lists them: the request's mode or scheme, an invalid
/// `data:` URL, a bad port, a redirect to a non-HTTP(S) URL or to one that
/// cannot be known, a loop, a stream body.
const NOT_SERVER_FIXABLE: [ErrorKind; 9] = [
    ErrorKind::DisallowedByMode,
    ErrorKind::NoCorsRedirectMode,
    ErrorKind::SchemeNotSupported,
    ErrorKind::InvalidDataUrl,
    ErrorKind::BadPort,
    ErrorKind::RedirectToNonHttpScheme,
    ErrorKind::InvalidRedirectLocation,
    ErrorKind::TooManyRedirects,
    ErrorKind::RedirectWithStreamBody,
];

#[test]
fn every_fixable_network_error_in_the_vectors_is_fixed_by_its_fixes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("wpt-vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut fixed, mut fixes_applied) = (0, 0);
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unfixable: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &files {
        let file = VectorFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for vector in &file.vectors {
            let checks = check_fixes(vector, &ReplayOptions::default())
                .unwrap_or_else(|e| panic!("{name} :: {}: {e}", vector.name));
            for check in checks {
                match check {
                    FixCheck::Fixed { error, fixes, .. } => {
                        fixed += 1;
                        fixes_applied += fixes.len();
                        *by_kind.entry(error).or_default() += 1;
                    }
                    FixCheck::NotServerFixable { error, .. } => {
                        *unfixable.entry(error).or_default() += 1;
                    }
                    FixCheck::StillBlocked {
                        fetch,
                        error,
                        fixes,
                        last,
                    } => problems.push(format!(
                        "{name} :: {} :: fetch {fetch}: {error}, after {fixes:?}: {last}",
                        vector.name
                    )),
                }
            }
        }
    }
    eprintln!(
        "server-fixable network errors: {}, fixed: {fixed} ({fixes_applied} fixes)",
        fixed + problems.len()
    );
    eprintln!("fixed, by first error: {by_kind:?}");
    eprintln!("no server change can cure: {unfixable:?}");
    assert!(
        problems.is_empty(),
        "fixes that did not work:\n{}",
        problems.join("\n")
    );
    assert!(
        fixed > 100,
        "only {fixed} fixed: the check found too few errors"
    );
    let allowed: Vec<&str> = NOT_SERVER_FIXABLE.iter().map(|k| k.name()).collect();
    for kind in unfixable.keys() {
        assert!(
            allowed.contains(kind),
            "{kind} has no fix, but a server could cure it"
        );
    }
}
