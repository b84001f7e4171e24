//! `fetch-cors probe URL --origin O`: sends the real requests (HTTP/1.1 or
//! HTTP/2, HTTPS through rustls with webpki's roots) as each browser
//! profile would from a page at `O`, and reports the verdicts side by
//! side, then per profile what went on the wire, the trace and the fix.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use fetch_cors::request::{CredentialsMode, Mode, RedirectMode};
use fetch_cors::Profile;
use fetch_cors_tower::{Browser, CredentialStore, FetchOptions};
use http::{HeaderMap, HeaderValue};
use http_body_util::Full;
use serde::Serialize;
use url::Url;

use crate::net::{block_on, https_client, parse_header, HttpsClient};
use crate::report::{ErrorView, ExchangeView, ProfileReport, ScriptView};

/// `fetch-cors probe`.
#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The URL to fetch.
    url: String,
    /// The origin of the page that fetches (`https://app.example`, or `null`).
    #[arg(long)]
    origin: String,
    /// The method.
    #[arg(short = 'X', long = "request", default_value = "GET")]
    method: String,
    /// An author header, `Name: value`; repeat for more.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,
    /// A request body (sent as bytes).
    #[arg(short = 'd', long = "data")]
    data: Option<String>,
    /// `fetch()`'s credentials mode.
    #[arg(long, default_value = "same-origin")]
    credentials: CredentialsMode,
    /// `fetch()`'s mode.
    #[arg(long, default_value = "cors")]
    mode: Mode,
    /// `fetch()`'s redirect mode.
    #[arg(long, default_value = "follow")]
    redirect: RedirectMode,
    /// The `Cookie` header the browser holds for the target, sent only when
    /// credentials are included.
    #[arg(long)]
    cookie: Option<String>,
    /// Only this profile (default: spec, chromium, firefox and webkit).
    #[arg(long)]
    profile: Option<Profile>,
    /// Trust the certificates of this PEM file too (an internal CA).
    #[arg(long, value_name = "PEM")]
    ca_cert: Option<PathBuf>,
    /// Seconds each profile's fetch may take.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// One JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// Print every decision the engine made (JSON always has them).
    #[arg(long)]
    trace: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    url: &'a str,
    origin: &'a str,
    method: &'a str,
    profiles: Vec<ProfileReport>,
}

/// The `--cookie` value, for every URL.
struct FixedCookie(HeaderValue);

impl CredentialStore for FixedCookie {
    fn cookie_header(&self, _: &Url) -> Option<HeaderValue> {
        Some(self.0.clone())
    }

    fn store_response_cookies(&self, _: &Url, _: &HeaderMap) {}
}

/// Probes; exits 0 when the page can read the response under every
/// profile asked, 1 when a profile blocks it, 2 when the server could not
/// be reached or the command line is wrong.
pub fn run(args: ProbeArgs) -> Result<ExitCode, String> {
    // The CA file is read before the runtime starts, not inside it.
    let client = https_client(args.ca_cert.as_deref())?;
    block_on(probe(args, client))
}

async fn probe(args: ProbeArgs, client: HttpsClient) -> Result<ExitCode, String> {
    let url = Url::parse(&args.url).map_err(|e| format!("URL `{}`: {e}", args.url))?;
    let headers = (args.headers.iter().map(|h| parse_header(h))).collect::<Result<Vec<_>, _>>()?;
    let options = FetchOptions::new(args.origin.clone())
        .credentials(args.credentials)
        .mode(args.mode)
        .redirect(args.redirect);
    let mut browser = Browser::new(client, &args.origin)
        .over_network()
        .options(options);
    if let Some(cookie) = &args.cookie {
        let value = HeaderValue::from_str(cookie).map_err(|e| format!("--cookie: {e}"))?;
        browser = browser.credential_store(Arc::new(FixedCookie(value)));
    }
    let profiles = match args.profile {
        Some(profile) => vec![profile],
        None => Profile::ALL.to_vec(),
    };
    let timeout =
        Duration::try_from_secs_f64(args.timeout).map_err(|e| format!("--timeout: {e}"))?;
    let mut reports = Vec::new();
    let (mut blocked, mut failed) = (false, false);
    for profile in profiles {
        let mut request = http::Request::builder()
            .method(args.method.as_str())
            .uri(url.as_str());
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let body = args.data.clone().map(Bytes::from).unwrap_or_default();
        let request = request
            .body(Full::new(body))
            .map_err(|e| format!("the request cannot be sent: {e}"))?;
        let (outcome, recording) =
            match tokio::time::timeout(timeout, browser.fetch_recorded(profile, request)).await {
                Ok(done) => done,
                Err(_) => {
                    failed = true;
                    let error = ErrorView::other(format!("no answer within {} s", args.timeout));
                    reports.push(ProfileReport::new(
                        profile,
                        Err(error),
                        None,
                        Vec::new(),
                        Vec::new(),
                    ));
                    continue;
                }
            };
        let outcome = match &outcome {
            Ok(response) => {
                let view = response
                    .extensions()
                    .get::<fetch_cors_tower::ScriptResponse>();
                Ok(ScriptView {
                    response_type: view.map_or("basic", |v| v.response_type.as_str()),
                    status: view.map_or(response.status().as_u16(), |v| v.status),
                    headers: response
                        .headers()
                        .iter()
                        .map(|(n, v)| {
                            (
                                n.as_str().to_owned(),
                                String::from_utf8_lossy(v.as_bytes()).into_owned(),
                            )
                        })
                        .collect(),
                })
            }
            Err(fetch_cors_tower::Error::Fetch(e)) => {
                blocked = true;
                Err(ErrorView::of(e))
            }
            Err(other) => {
                failed = true;
                Err(ErrorView::other(other.to_string()))
            }
        };
        let exchanges = recording.exchanges.iter().map(ExchangeView::sent).collect();
        reports.push(ProfileReport::new(
            profile,
            outcome,
            recording.fix.as_ref(),
            exchanges,
            recording.trace,
        ));
    }
    let report = Report {
        url: &args.url,
        origin: &args.origin,
        method: &args.method,
        profiles: reports,
    };
    if args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        println!(
            "{} {} from a page at {}\n",
            report.method, report.url, report.origin
        );
        print_side_by_side(&report.profiles);
        println!();
        for p in &report.profiles {
            p.print(args.trace);
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if blocked {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The verdicts in one row per line, a column per profile.
fn print_side_by_side(profiles: &[ProfileReport]) {
    let verdict = |p: &ProfileReport| match (&p.response, &p.error) {
        (Some(view), _) => format!("allowed {}", view.status),
        (None, Some(error)) => format!("blocked: {}", error.kind),
        (None, None) => String::new(),
    };
    let fix = |p: &ProfileReport| match (&p.fix, &p.error) {
        (Some(_), _) => "fix below".to_owned(),
        (None, Some(_)) => "no server fix".to_owned(),
        (None, None) => "-".to_owned(),
    };
    let rows: [(&str, Vec<String>); 3] = [
        (
            "profile",
            profiles.iter().map(|p| p.profile.to_owned()).collect(),
        ),
        ("verdict", profiles.iter().map(verdict).collect()),
        ("fix", profiles.iter().map(fix).collect()),
    ];
    let widths: Vec<usize> = (0..profiles.len())
        .map(|i| {
            rows.iter()
                .map(|(_, cells)| cells[i].len())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (label, cells) in &rows {
        let cells: Vec<String> = (cells.iter().zip(&widths))
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("  {label:<8} {}", cells.join("  ").trim_end());
    }
}
