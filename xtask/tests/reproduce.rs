//! Re-running the generator must reproduce the committed `wpt-vectors/`
//! byte for byte: every generated vector file, COVERAGE.md (which holds the
//! engine's pass counts, so a change of engine behaviour shows up here as a
//! stale COVERAGE.md) and DISAGREEMENTS.md; and no file following the
//! generated naming may be left over. Fix: `cargo run -p wpt-gen`.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn generated_files_match_committed_wpt_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wpt-vectors");
    let expected = std::fs::read_to_string(dir.join("expected-failures.txt")).ok();
    let outputs = wpt_gen::outputs(expected.as_deref());
    let mut names = BTreeSet::new();
    let mut stale = vec![];
    for (name, contents) in &outputs {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == *contents => {}
            Ok(_) => stale.push(format!("{} differs from the generator output", name)),
            Err(e) => stale.push(format!("{}: {}", path.display(), e)),
        }
        names.insert(name.clone());
    }
    for entry in std::fs::read_dir(&dir).expect("wpt-vectors/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if wpt_gen::is_generated_name(&name) && !names.contains(&name) {
            stale.push(format!(
                "{} is in wpt-vectors/ but the generator does not produce it",
                name
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "wpt-vectors/ is stale (run `cargo run -p wpt-gen`):\n  {}",
        stale.join("\n  ")
    );
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(wpt_gen::generate(), wpt_gen::generate());
}

#[test]
fn generated_naming() {
    assert!(wpt_gen::is_generated_name(
        "fetch-api-cors-cors-preflight.any.json"
    ));
    assert!(wpt_gen::is_generated_name("cors-origin.json"));
    assert!(wpt_gen::is_generated_name("xhr-cors-upload.any.json"));
    assert!(!wpt_gen::is_generated_name("hand-written-cache.json"));
    assert!(!wpt_gen::is_generated_name("expected-failures.txt"));
    assert!(!wpt_gen::is_generated_name("COVERAGE.md"));
}
