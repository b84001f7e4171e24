//! `cargo run -p wpt-gen [OUTDIR]`: writes every generated vector file,
//! COVERAGE.md and DISAGREEMENTS.md into OUTDIR (default: the workspace's
//! `wpt-vectors/`). Files there that follow the generated naming but are no
//! longer produced are deleted; nothing else is touched (hand-written-*.json,
//! expected-failures.txt and README.md stay as they are).

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let out: PathBuf = match args.next() {
        Some(a) if a == "-h" || a == "--help" => {
            eprintln!("usage: wpt-gen [OUTDIR]   (default: wpt-vectors/ of the workspace)");
            return;
        }
        Some(a) => PathBuf::from(a),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../wpt-vectors"),
    };
    if args.next().is_some() {
        eprintln!("usage: wpt-gen [OUTDIR]");
        std::process::exit(2);
    }
    std::fs::create_dir_all(&out).expect("create OUTDIR");
    let expected = std::fs::read_to_string(out.join("expected-failures.txt")).ok();
    let files = wpt_gen::outputs(expected.as_deref());
    let mut vectors = 0;
    let mut json = 0;
    for (name, contents) in &files {
        std::fs::write(out.join(name), contents)
            .unwrap_or_else(|e| panic!("write {}: {}", name, e));
        if name.ends_with(".json") {
            json += 1;
            vectors += serde_json::from_str::<serde_json::Value>(contents)
                .ok()
                .and_then(|v| v["vectors"].as_array().map(|a| a.len()))
                .unwrap_or(0);
        }
    }
    let mut removed = 0;
    for entry in std::fs::read_dir(&out).expect("read OUTDIR") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if wpt_gen::is_generated_name(&name) && !files.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(out.join(&name)).expect("remove stale file");
            eprintln!("removed stale {}", name);
            removed += 1;
        }
    }
    eprintln!(
        "wrote {} vector files ({} vectors), COVERAGE.md and DISAGREEMENTS.md to {}{}",
        json,
        vectors,
        out.canonicalize().unwrap_or_else(|_| out.clone()).display(),
        if removed > 0 {
            format!("; removed {} stale files", removed)
        } else {
            String::new()
        }
    );
}
