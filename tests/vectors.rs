//! Replays every shipped vector file in `wpt-vectors/` under the spec
//! profile, as the main job does, and fails naming each mismatch that
//! `wpt-vectors/expected-failures.txt` does not list, and each listed
//! vector that passes.
#![cfg(feature = "vectors")]

use std::path::Path;

use fetch_cors::vectors::{replay_file, ExpectedFailures, ReplayOptions, VectorFile, Verdict};

#[test]
fn every_shipped_vector_passes_under_the_spec_profile_or_is_a_listed_failure() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("wpt-vectors");
    let list = dir.join("expected-failures.txt");
    let expected = match std::fs::read_to_string(&list) {
        Ok(text) => {
            ExpectedFailures::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", list.display()))
        }
        Err(_) => ExpectedFailures::default(),
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    let mut problems = Vec::new();
    let (mut total, mut listed) = (0, 0);
    let mut replayed = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file = VectorFile::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let results = replay_file(&file, &ReplayOptions::default());
        for (result, verdict) in results.iter().zip(expected.judge(&name, &results)) {
            total += 1;
            match verdict {
                Verdict::Pass => {}
                Verdict::ExpectedFailure => listed += 1,
                Verdict::Fail => problems.push(format!(
                    "{name} :: {} :: {}",
                    result.name,
                    result.mismatch.as_ref().unwrap()
                )),
                Verdict::UnexpectedPass => problems.push(format!(
                    "{name} :: {} :: passes but is listed in expected-failures.txt",
                    result.name
                )),
            }
        }
        replayed.push((name, results));
    }
    let replayed: Vec<(&str, &[_])> = replayed.iter().map(|(n, r)| (n.as_str(), &r[..])).collect();
    problems.extend(
        expected
            .stale(&replayed, true)
            .iter()
            .map(|e| format!("{} :: {} :: listed, but not replayed", e.file, e.vector)),
    );
    assert!(
        problems.is_empty(),
        "{} problems in {total} vectors:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(listed, expected.len());
    assert!(total >= 275, "only {total} vectors");
}

#[test]
fn hand_written_vectors_give_every_error_a_reason() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("wpt-vectors");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("hand-written-") {
            continue;
        }
        let file = VectorFile::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for vector in &file.vectors {
            for fetch in &vector.fetches {
                use fetch_cors::vectors::Outcome;
                if let Outcome::InvalidRequest { reason } | Outcome::NetworkError { reason } =
                    &fetch.expect
                {
                    assert!(
                        reason.as_deref().is_some_and(|r| !r.is_empty()),
                        "{name} :: {}",
                        vector.name
                    );
                }
            }
        }
    }
}

#[test]
fn the_loader_refuses_unknown_formats_keys_and_profiles() {
    let ok = r#"{"format":"cors-vectors/1","source":"t","vectors":[]}"#;
    assert!(VectorFile::parse(ok).is_ok());
    let future = r#"{"format":"cors-vectors/2","source":"t","vectors":[]}"#;
    assert!(VectorFile::parse(future)
        .unwrap_err()
        .to_string()
        .contains("cors-vectors/2"));
    let extra_key = r#"{"format":"cors-vectors/1","source":"t","vectors":[],"extra":1}"#;
    assert!(VectorFile::parse(extra_key).is_err());
    let vector = |policy: &str| {
        format!(
            r#"{{"format":"cors-vectors/1","source":"t","vectors":[{{"name":"v","policy":{policy},"fetches":[]}}]}}"#
        )
    };
    assert!(VectorFile::parse(&vector(r#"{"profile":"chromium","max_age_cap":10}"#)).is_ok());
    assert!(VectorFile::parse(&vector(r#"{"profile":"netscape"}"#))
        .unwrap_err()
        .to_string()
        .contains("netscape"));
    assert!(VectorFile::parse(&vector(r#"{"max_age":10}"#)).is_err());
    let dup = r#"{"format":"cors-vectors/1","source":"t","vectors":[{"name":"a","fetches":[]},{"name":"a","fetches":[]}]}"#;
    assert!(VectorFile::parse(dup).is_err());
}
