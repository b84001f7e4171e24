//! `fetch-cors replay PATH...`: replays vector files (or every `*.json` in
//! a directory) against the engine and prints one row per file.

use std::path::PathBuf;
use std::process::ExitCode;

use fetch_cors::vectors::{replay_file, ReplayOptions, VectorFile, VectorResult};
use fetch_cors::Profile;
use serde::Serialize;

const USAGE: &str =
    "usage: fetch-cors replay [--profile spec|chromium|firefox|webkit] [--json] PATH...";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("fetch-cors: {message}");
            ExitCode::from(2)
        }
    }
}

/// One vector in the `--json` report.
#[derive(Serialize)]
struct Record<'a> {
    file: &'a str,
    name: &'a str,
    passed: bool,
    difference: Option<String>,
}

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("replay") => {}
        _ => return Err(USAGE.into()),
    }
    let mut options = ReplayOptions::default();
    let mut json = false;
    let mut paths = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--profile" => {
                let name = args.next().ok_or(USAGE)?;
                options.profile = Some(name.parse::<Profile>().map_err(|e| e.to_string())?);
            }
            "--json" => json = true,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`\n{USAGE}"))
            }
            path => paths.push(PathBuf::from(path)),
        }
    }
    if paths.is_empty() {
        return Err(USAGE.into());
    }
    let files = expand(&paths)?;
    let mut reports: Vec<(String, Vec<VectorResult>)> = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
        let vectors = VectorFile::parse(&text).map_err(|e| format!("{name}: {e}"))?;
        reports.push((name, replay_file(&vectors, &options)));
    }
    let failed: usize = reports
        .iter()
        .map(|(_, r)| r.iter().filter(|v| !v.passed()).count())
        .sum();
    let total: usize = reports.iter().map(|(_, r)| r.len()).sum();
    if json {
        let records: Vec<Record<'_>> = reports
            .iter()
            .flat_map(|(file, results)| {
                results.iter().map(move |r| Record {
                    file,
                    name: &r.name,
                    passed: r.passed(),
                    difference: r.mismatch.as_ref().map(ToString::to_string),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&records).map_err(|e| e.to_string())?
        );
    } else {
        print_table(&reports, options.profile.unwrap_or(Profile::Spec));
        println!("{} passed, {failed} failed", total - failed);
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_table(reports: &[(String, Vec<VectorResult>)], profile: Profile) {
    let width = reports
        .iter()
        .map(|(f, _)| f.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!("profile: {profile}");
    println!(
        "{:<width$}  {:>7}  {:>6}  {:>6}",
        "file", "vectors", "passed", "failed"
    );
    for (file, results) in reports {
        let failed = results.iter().filter(|r| !r.passed()).count();
        let status = if failed == 0 { "" } else { "  FAIL" };
        println!(
            "{file:<width$}  {:>7}  {:>6}  {failed:>6}{status}",
            results.len(),
            results.len() - failed
        );
    }
    for (file, results) in reports {
        for result in results {
            if let Some(mismatch) = &result.mismatch {
                println!("{file} :: {} :: {mismatch}", result.name);
            }
        }
    }
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
