//! `cargo run -p wpt-gen -- OUTDIR`: writes every vector file, COVERAGE.md
//! and DISAGREEMENTS.md into OUTDIR.

use std::path::PathBuf;

fn main() {
    let out: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            eprintln!("usage: wpt-gen OUTDIR");
            std::process::exit(2)
        });
    std::fs::create_dir_all(&out).expect("create OUTDIR");
    let files = wpt_gen::generate();
    let mut n = 0;
    for (name, contents) in &files {
        std::fs::write(out.join(name), contents).expect("write vector file");
        n += contents.matches("\"fetches\"").count();
    }
    std::fs::write(out.join("COVERAGE.md"), wpt_gen::coverage_markdown())
        .expect("write COVERAGE.md");
    std::fs::write(
        out.join("DISAGREEMENTS.md"),
        wpt_gen::disagreements_markdown(),
    )
    .expect("write DISAGREEMENTS.md");
    eprintln!(
        "wrote {} files, {} vectors to {}",
        files.len(),
        n,
        out.display()
    );
}
