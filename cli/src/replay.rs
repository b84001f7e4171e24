//! `fetch-cors replay PATH...`: replays vector files (or every `*.json` in
//! a directory) against the engine and prints one row per file.
//! The README's main job.
//!
//! A directory's `expected-failures.txt` (see
//! [`fetch_cors::vectors::ExpectedFailures`]) is read with it and applies
//! under the spec profile: a listed vector must fail, and the run fails on
//! an unlisted failure, on a listed vector that passes, and on an entry for
//! a vector that does not exist.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fetch_cors::vectors::{
    replay_file, ExpectedFailures, ReplayOptions, VectorFile, VectorResult, Verdict,
};
use fetch_cors::Profile;
use serde::Serialize;

/// The expected-failures file read from a directory argument.
const EXPECTED_FAILURES: &str = "expected-failures.txt";

/// `fetch-cors replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// Replay under this profile instead of each vector's own (the
    /// expected-failures list then does not apply).
    #[arg(long)]
    profile: Option<Profile>,
    /// One JSON record per vector: file, name, verdict, first difference.
    #[arg(long)]
    json: bool,
    /// Read the expected failures from FILE rather than from each
    /// directory's `expected-failures.txt`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_expected")]
    expected: Option<PathBuf>,
    /// Use no expected-failures list.
    #[arg(long)]
    no_expected: bool,
    /// Vector files, or directories of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// One vector in the `--json` report.
#[derive(Serialize)]
struct Record<'a> {
    file: &'a str,
    name: &'a str,
    passed: bool,
    verdict: Verdict,
    difference: Option<String>,
}

/// One replayed file.
struct Report {
    /// The path as given or found.
    path: String,
    /// The file name, which the expected-failures list uses.
    name: String,
    results: Vec<VectorResult>,
    verdicts: Vec<Verdict>,
}

/// Where the expected-failures list comes from.
enum ExpectedSource {
    /// `expected-failures.txt` of each directory argument.
    Directories,
    /// One given file.
    File(PathBuf),
    /// None at all.
    Off,
}

/// Replays, prints, and says whether every vector met its verdict.
pub fn run(args: ReplayArgs) -> Result<ExitCode, String> {
    let options = ReplayOptions {
        profile: args.profile,
    };
    let json = args.json;
    let expected_source = match (args.expected, args.no_expected) {
        (Some(file), _) => ExpectedSource::File(file),
        (None, true) => ExpectedSource::Off,
        (None, false) => ExpectedSource::Directories,
    };
    let paths = args.paths;
    let profile = options.profile.unwrap_or(Profile::Spec);
    // The list records failures under the spec profile; under a browser
    // profile every failure is shown as one.
    let (expected, list_paths) = if profile == Profile::Spec {
        load_expected(&expected_source, &paths)?
    } else {
        (ExpectedFailures::default(), Vec::new())
    };
    let mut reports = Vec::new();
    for file in expand(&paths)? {
        let path = file.display().to_string();
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{path}: {e}"))?;
        let vectors = VectorFile::parse(&text).map_err(|e| format!("{path}: {e}"))?;
        let name = file_name(&file);
        let results = replay_file(&vectors, &options);
        let verdicts = expected.judge(&name, &results);
        reports.push(Report {
            path,
            name,
            results,
            verdicts,
        });
    }
    // A directory's own list must name only its files; a list given with
    // `--expected` may cover more than was replayed.
    let complete = matches!(expected_source, ExpectedSource::Directories);
    let stale = stale_entries(&expected, &reports, complete);
    let bad = reports
        .iter()
        .flat_map(|r| &r.verdicts)
        .filter(|v| v.is_bad())
        .count()
        + stale.len();
    if json {
        let records: Vec<Record<'_>> = reports
            .iter()
            .flat_map(|report| {
                report
                    .results
                    .iter()
                    .zip(&report.verdicts)
                    .map(|(r, v)| Record {
                        file: &report.path,
                        name: &r.name,
                        passed: r.passed(),
                        verdict: *v,
                        difference: r.mismatch.as_ref().map(ToString::to_string),
                    })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&records).map_err(|e| e.to_string())?
        );
    } else {
        print_table(&reports, profile, &list_paths, &expected, &stale);
    }
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn load_expected(
    source: &ExpectedSource,
    paths: &[PathBuf],
) -> Result<(ExpectedFailures, Vec<PathBuf>), String> {
    let files: Vec<PathBuf> = match source {
        ExpectedSource::Off => Vec::new(),
        ExpectedSource::File(file) => vec![file.clone()],
        ExpectedSource::Directories => paths
            .iter()
            .filter(|p| p.is_dir())
            .map(|p| p.join(EXPECTED_FAILURES))
            .filter(|p| p.is_file())
            .collect(),
    };
    let mut text = String::new();
    for file in &files {
        let t = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        // Parse each alone for line numbers that point into the right file.
        ExpectedFailures::parse(&t).map_err(|e| format!("{}: {e}", file.display()))?;
        text.push_str(&t);
        text.push('\n');
    }
    let list = ExpectedFailures::parse(&text).map_err(|e| format!("expected failures: {e}"))?;
    Ok((list, files))
}

/// Entries whose vector was not replayed, as messages.
fn stale_entries(expected: &ExpectedFailures, reports: &[Report], complete: bool) -> Vec<String> {
    let replayed: Vec<(&str, &[VectorResult])> = reports
        .iter()
        .map(|r| (r.name.as_str(), &r.results[..]))
        .collect();
    expected
        .stale(&replayed, complete)
        .into_iter()
        .map(|e| {
            format!(
                "{} :: {} :: listed as an expected failure (line {}), but no such vector was replayed",
                e.file, e.vector, e.line
            )
        })
        .collect()
}

fn print_table(
    reports: &[Report],
    profile: Profile,
    lists: &[PathBuf],
    expected: &ExpectedFailures,
    stale: &[String],
) {
    let width = reports
        .iter()
        .map(|r| r.path.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!("profile: {profile}");
    for list in lists {
        println!(
            "expected failures: {} ({} listed)",
            list.display(),
            expected.len()
        );
    }
    println!(
        "{:<width$}  {:>7}  {:>6}  {:>6}  {:>8}",
        "file", "vectors", "passed", "failed", "expected"
    );
    let count = |r: &Report, v: Verdict| r.verdicts.iter().filter(|&&x| x == v).count();
    let (mut total, mut passed, mut failed, mut xfail) = (0, 0, 0, 0);
    for report in reports {
        let (p, x) = (
            count(report, Verdict::Pass),
            count(report, Verdict::ExpectedFailure),
        );
        let f = report.results.len() - p - x;
        let status = if f == 0 { "" } else { "  FAIL" };
        println!(
            "{:<width$}  {:>7}  {p:>6}  {f:>6}  {x:>8}{status}",
            report.path,
            report.results.len()
        );
        (total, passed, failed, xfail) = (
            total + report.results.len(),
            passed + p,
            failed + f,
            xfail + x,
        );
    }
    println!(
        "{:<width$}  {total:>7}  {passed:>6}  {failed:>6}  {xfail:>8}",
        "total"
    );
    for report in reports {
        for (result, verdict) in report.results.iter().zip(&report.verdicts) {
            match (verdict, &result.mismatch) {
                (Verdict::Fail, Some(mismatch)) => {
                    println!("{} :: {} :: {mismatch}", report.path, result.name)
                }
                (Verdict::UnexpectedPass, _) => println!(
                    "{} :: {} :: passes, but is listed as an expected failure: remove it from the list",
                    report.path, result.name
                ),
                _ => {}
            }
        }
    }
    for line in stale {
        println!("{line}");
    }
    println!(
        "{passed} passed, {failed} failed, {xfail} expected failures{}",
        if stale.is_empty() {
            String::new()
        } else {
            format!(", {} stale list entries", stale.len())
        }
    );
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Files as given, and every `*.json` directly in a directory, sorted.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    Ok(files)
}
