//! Replays every shipped vector file in `wpt-vectors/` under the spec
//! profile, as the main job does, and fails naming each mismatch.
#![cfg(feature = "vectors")]

use std::path::Path;

use fetch_cors::vectors::{replay_file, ReplayOptions, VectorFile};

#[test]
fn every_shipped_vector_passes_under_the_spec_profile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("wpt-vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    let mut failures = Vec::new();
    let mut total = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file = VectorFile::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for result in replay_file(&file, &ReplayOptions::default()) {
            total += 1;
            if let Some(m) = result.mismatch {
                let name = path.file_name().unwrap().to_string_lossy();
                failures.push(format!("{name} :: {} :: {m}", result.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 60, "only {total} vectors");
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
