//! `fetch-cors explain FILE [VECTOR]`: offline, what each browser profile
//! decides for one vector's fetches (what goes on the wire, what script
//! sees or why it is blocked) and how the server lets a blocked fetch
//! through.

use std::path::PathBuf;
use std::process::ExitCode;

use fetch_cors::vectors::{play, Vector, VectorFile};
use fetch_cors::Profile;
use serde::Serialize;

use crate::har;
use crate::report::{ErrorView, ExchangeView, ProfileReport, ScriptView};

/// `fetch-cors explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A vector file (`cors-vectors/1`), or a HAR file exported from a
    /// browser's developer tools.
    file: PathBuf,
    /// The vector's name; without it, a vector file's names are listed and
    /// every cross-origin request of a HAR file is explained.
    vector: Option<String>,
    /// Only this profile (default: spec, chromium, firefox and webkit).
    #[arg(long)]
    profile: Option<Profile>,
    /// One JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// Print every decision the engine made (JSON always has them).
    #[arg(long)]
    trace: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    vector: &'a str,
    fetches: Vec<FetchReport<'a>>,
}

#[derive(Serialize)]
struct FetchReport<'a> {
    fetch: usize,
    request: &'a fetch_cors::vectors::RequestSpec,
    profiles: Vec<ProfileReport>,
}

fn find<'a>(vectors: &'a [Vector], name: &str) -> Result<&'a Vector, String> {
    vectors.iter().find(|v| v.name == name).ok_or_else(|| {
        let close: Vec<&str> = vectors
            .iter()
            .map(|v| v.name.as_str())
            .filter(|n| n.to_lowercase().contains(&name.to_lowercase()))
            .take(10)
            .collect();
        if close.is_empty() {
            format!("no vector named `{name}` (run without a name to list them)")
        } else {
            format!("no vector named `{name}`; close: {}", close.join(" | "))
        }
    })
}

/// Explains and prints; exits 0 once explained, whatever the verdicts.
pub fn run(args: ExplainArgs) -> Result<ExitCode, String> {
    let path = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|e| format!("{path}: {e}"))?;
    let from_har = har::is_har(&text);
    let vectors = if from_har {
        har::vectors(&text).map_err(|e| format!("{path}: {e}"))?
    } else {
        VectorFile::parse(&text)
            .map_err(|e| format!("{path}: {e}"))?
            .vectors
    };
    let selected: Vec<&Vector> = match &args.vector {
        Some(name) => vec![find(&vectors, name)?],
        None if from_har => vectors.iter().collect(),
        None => {
            for vector in &vectors {
                println!("{}", vector.name);
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    let profiles = match args.profile {
        Some(profile) => vec![profile],
        None => Profile::ALL.to_vec(),
    };
    let reports = selected
        .into_iter()
        .map(|vector| explain(vector, &profiles))
        .collect::<Result<Vec<_>, _>>()?;
    if args.json {
        // One vector, one document; a HAR's requests, a list of them.
        let text = match &reports[..] {
            [one] if args.vector.is_some() => serde_json::to_string_pretty(one),
            all => serde_json::to_string_pretty(all),
        }
        .map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        for report in &reports {
            print_text(report, args.trace);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every profile's verdict on each fetch of `vector`.
fn explain<'a>(vector: &'a Vector, profiles: &[Profile]) -> Result<Report<'a>, String> {
    let mut fetches = Vec::new();
    for (index, spec) in vector.fetches.iter().enumerate() {
        let mut reports = Vec::new();
        for &profile in profiles {
            let policy = vector.policy(Some(profile)).map_err(|e| e.to_string())?;
            let played = play(vector, &policy, index, None)?;
            let exchanges = (played.sent.iter().zip(&played.responses))
                .map(|(out, response)| ExchangeView::played(out, response))
                .collect();
            let outcome = match &played.outcome {
                Ok(response) => Ok(ScriptView::of(response)),
                Err(error) => Err(ErrorView::of(error)),
            };
            reports.push(ProfileReport::new(
                profile,
                outcome,
                played.fix.as_ref(),
                exchanges,
                played.trace,
            ));
        }
        fetches.push(FetchReport {
            fetch: index,
            request: &spec.request,
            profiles: reports,
        });
    }
    Ok(Report {
        vector: &vector.name,
        fetches,
    })
}

fn print_text(report: &Report<'_>, trace: bool) {
    println!("vector: {}", report.vector);
    for fetch in &report.fetches {
        let r = fetch.request;
        println!(
            "\nfetch {}: {} {} from {} (mode {}, credentials {}, redirect {})",
            fetch.fetch + 1,
            r.method.as_deref().unwrap_or("GET"),
            r.url,
            r.origin,
            r.mode.as_deref().unwrap_or("cors"),
            r.credentials.as_deref().unwrap_or("same-origin"),
            r.redirect.as_deref().unwrap_or("follow"),
        );
        for (name, value) in &r.headers {
            println!("  {name}: {value}");
        }
        for p in &fetch.profiles {
            p.print(trace);
        }
    }
    println!();
}
