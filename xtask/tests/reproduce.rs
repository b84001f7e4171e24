//! Re-running the generator must reproduce the committed vector files byte
//! for byte. Ignored until the generated files are committed to
//! `wpt-vectors/` (remove the `#[ignore]` on integration).

use std::collections::BTreeSet;
use std::path::Path;

#[test]
#[ignore = "un-ignore once wpt-vectors/ holds the generated files"]
fn generated_files_match_committed_wpt_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wpt-vectors");
    let generated = wpt_gen::generate();
    let mut names = BTreeSet::new();
    for (name, contents) in &generated {
        let path = dir.join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {} (run `cargo run -p wpt-gen -- wpt-vectors`)",
                path.display(),
                e
            )
        });
        assert!(
            committed == *contents,
            "{} differs from the generator output (run `cargo run -p wpt-gen -- wpt-vectors`)",
            name
        );
        names.insert(name.clone());
    }
    for entry in std::fs::read_dir(&dir).expect("wpt-vectors/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".json") {
            assert!(
                names.contains(&name),
                "{} is in wpt-vectors/ but the generator does not produce it",
                name
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(wpt_gen::generate(), wpt_gen::generate());
}
