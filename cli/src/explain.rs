//! `fetch-cors explain FILE [VECTOR]`: offline, what each browser profile
//! decides for one vector's fetches (what goes on the wire, what script
//! sees or why it is blocked) and how the server lets a blocked fetch
//! through.

use std::path::PathBuf;
use std::process::ExitCode;

use fetch_cors::fetch::RequestKind;
use fetch_cors::fix::Fix;
use fetch_cors::headers::escape_bytes;
use fetch_cors::trace::Event;
use fetch_cors::vectors::{play, Played, Vector, VectorFile};
use fetch_cors::{FetchError, HeaderList, Profile};
use serde::Serialize;

/// `fetch-cors explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A vector file (`cors-vectors/1`).
    file: PathBuf,
    /// The vector's name; without it, the file's vector names are listed.
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

#[derive(Serialize)]
struct ProfileReport {
    profile: &'static str,
    allowed: bool,
    /// For an allowed fetch: type, status and the visible headers.
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<ScriptView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixView>,
    exchanges: Vec<ExchangeView>,
    trace: Vec<Event>,
}

#[derive(Serialize)]
struct ScriptView {
    #[serde(rename = "type")]
    response_type: &'static str,
    status: u16,
    headers: Vec<(String, String)>,
}

#[derive(Serialize)]
struct ErrorView {
    kind: &'static str,
    message: String,
    spec: String,
}

#[derive(Serialize)]
struct FixView {
    sentence: String,
    preflight: bool,
    url: String,
    changes: Vec<String>,
}

#[derive(Serialize)]
struct ExchangeView {
    kind: &'static str,
    method: String,
    url: String,
    credentials: bool,
    headers: Vec<(String, String)>,
    status: u16,
    response_headers: Vec<(String, String)>,
}

fn pairs(headers: &HeaderList) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), escape_bytes(value)))
        .collect()
}

fn error_view(error: &FetchError) -> ErrorView {
    ErrorView {
        kind: error.kind().name(),
        message: error.to_string(),
        spec: format!("https://fetch.spec.whatwg.org/{}", error.spec_anchor()),
    }
}

fn fix_view(fix: &Fix) -> FixView {
    FixView {
        sentence: fix.to_string(),
        preflight: fix.hop.preflight,
        url: fix.hop.url.to_string(),
        changes: fix.changes.iter().map(ToString::to_string).collect(),
    }
}

fn profile_report(profile: Profile, played: &Played) -> ProfileReport {
    let exchanges = played
        .sent
        .iter()
        .zip(&played.responses)
        .map(|(out, response)| ExchangeView {
            kind: match out.kind {
                RequestKind::Preflight => "preflight",
                RequestKind::Main => "main",
            },
            method: out.method.to_string(),
            url: out.url.to_string(),
            credentials: out.include_credentials,
            headers: pairs(&out.headers),
            status: response.status,
            response_headers: pairs(&response.headers),
        })
        .collect();
    let (response, error) = match &played.outcome {
        Ok(response) => (
            Some(ScriptView {
                response_type: response.response_type.as_str(),
                status: response.status,
                headers: response
                    .visible_headers()
                    .into_iter()
                    .map(|(name, value)| (name.as_str().to_owned(), escape_bytes(&value)))
                    .collect(),
            }),
            None,
        ),
        Err(error) => (None, Some(error_view(error))),
    };
    ProfileReport {
        profile: profile.name(),
        allowed: played.outcome.is_ok(),
        response,
        error,
        fix: played.fix.as_ref().map(fix_view),
        exchanges,
        trace: played.trace.clone(),
    }
}

fn find<'a>(file: &'a VectorFile, name: &str) -> Result<&'a Vector, String> {
    file.vectors.iter().find(|v| v.name == name).ok_or_else(|| {
        let close: Vec<&str> = file
            .vectors
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
    let file = VectorFile::parse(&text).map_err(|e| format!("{path}: {e}"))?;
    let Some(name) = args.vector else {
        for vector in &file.vectors {
            println!("{}", vector.name);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let vector = find(&file, &name)?;
    let profiles = match args.profile {
        Some(profile) => vec![profile],
        None => Profile::ALL.to_vec(),
    };
    let mut fetches = Vec::new();
    for (index, spec) in vector.fetches.iter().enumerate() {
        let mut reports = Vec::new();
        for &profile in &profiles {
            let policy = vector.policy(Some(profile)).map_err(|e| e.to_string())?;
            let played = play(vector, &policy, index, None)?;
            reports.push(profile_report(profile, &played));
        }
        fetches.push(FetchReport {
            fetch: index,
            request: &spec.request,
            profiles: reports,
        });
    }
    let report = Report {
        vector: &vector.name,
        fetches,
    };
    if args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print_text(&report, args.trace);
    }
    Ok(ExitCode::SUCCESS)
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
            match (&p.response, &p.error) {
                (Some(view), _) => {
                    let shown: Vec<&str> = view.headers.iter().map(|(n, _)| n.as_str()).collect();
                    println!(
                        "  {:<8} allowed: {} {}, script sees {}",
                        p.profile,
                        view.response_type,
                        view.status,
                        if shown.is_empty() {
                            "no headers".to_owned()
                        } else {
                            shown.join(", ")
                        }
                    );
                }
                (None, Some(error)) => {
                    println!(
                        "  {:<8} blocked ({}): {}",
                        p.profile, error.kind, error.message
                    );
                    println!("  {:<8} see {}", "", error.spec);
                    match &p.fix {
                        Some(fix) => println!("  {:<8} fix: {}", "", fix.sentence),
                        None => println!(
                            "  {:<8} no change to the server's response can fix this",
                            ""
                        ),
                    }
                }
                (None, None) => {}
            }
            for x in &p.exchanges {
                println!(
                    "  {:<8}   > {} {}{}   < {}",
                    "",
                    x.method,
                    x.url,
                    if x.credentials {
                        " (with credentials)"
                    } else {
                        ""
                    },
                    x.status
                );
            }
            if trace {
                for event in &p.trace {
                    println!("  {:<8}   · {}", "", describe(event));
                }
            }
        }
    }
}

/// One line for a decision.
fn describe(event: &Event) -> String {
    match event {
        Event::MainFetch {
            url,
            redirects,
            origin,
            same_origin,
            tainting,
        } => format!(
            "main fetch {url} (hop {redirects}, Origin {origin}): {} origin, {tainting} tainting",
            if *same_origin { "same" } else { "cross" }
        ),
        Event::Classified {
            method,
            method_safelisted,
            use_cors_preflight,
            unsafe_headers,
        } => {
            let mut line = format!(
                "method {method} is {}CORS-safelisted",
                if *method_safelisted { "" } else { "not " }
            );
            if *use_cors_preflight {
                line.push_str("; the use-CORS-preflight flag is set");
            }
            for h in unsafe_headers {
                line.push_str(&format!(
                    "; {} ({} bytes) is unsafe: {:?}",
                    h.name, h.value_len, h.reason
                ));
            }
            line
        }
        Event::PreflightDecision { needed, reason } => {
            format!(
                "preflight {}: {reason}",
                if *needed { "needed" } else { "not needed" }
            )
        }
        Event::CacheLookup {
            method,
            headers,
            hit,
        } => format!(
            "preflight cache {} for method {} and headers [{}]",
            if *hit { "hit" } else { "miss" },
            method.as_deref().unwrap_or("(safelisted)"),
            headers.join(", ")
        ),
        Event::PreflightChecked { status, passed, .. } => format!(
            "preflight response {status}: {}",
            if *passed { "passed" } else { "failed" }
        ),
        Event::CacheCleared => "preflight cache entries cleared after the failure".to_owned(),
        Event::CorsCheck {
            passed,
            allow_origin,
            ..
        } => format!(
            "CORS check {} (Access-Control-Allow-Origin: {})",
            if *passed { "passed" } else { "failed" },
            allow_origin.as_deref().unwrap_or("none")
        ),
        Event::Redirect {
            status,
            location,
            tainted,
            authorization_removed,
            rewritten_to_get,
        } => format!(
            "redirect {status} to {location}{}{}{}",
            if *tainted {
                "; origin tainted to null"
            } else {
                ""
            },
            if *authorization_removed {
                "; Authorization removed"
            } else {
                ""
            },
            if *rewritten_to_get {
                "; now a GET without body"
            } else {
                ""
            }
        ),
        Event::Filtered {
            response_type,
            shown,
            hidden,
        } => format!(
            "{response_type} response: shows [{}], hides [{}]",
            shown.join(", "),
            hidden
                .iter()
                .map(|h| format!("{} ({})", h.name, h.reason))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Event::Failed { kind } => format!("failed: {kind}"),
        other => format!("{other:?}"),
    }
}
