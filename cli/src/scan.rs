//! `fetch-cors scan --origin TRUSTED URL...`: for each target, pages at
//! forged origins derived from each trusted one fetch it, with and without
//! credentials, simply and with a preflight, under every profile; a
//! finding is a read the engine lets through, or a server answer a browser
//! breaks on. Never a string comparison of headers alone: the verdicts
//! are the engine's.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use fetch_cors::request::CredentialsMode;
use fetch_cors::trace::Event;
use fetch_cors::Profile;
use fetch_cors_tower::{Browser, Exchange, FetchOptions};
use http_body_util::Full;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tokio::sync::Semaphore;
use url::{Origin, Url};

use crate::net::{block_on, https_client, parse_header, HttpsClient};
use crate::pace::Paced;
use crate::report::ExchangeView;

/// `fetch-cors scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// An origin the server means to trust (`https://app.example.com`);
    /// repeat for more.
    #[arg(long = "origin")]
    origins: Vec<String>,
    /// The URLs to scan.
    urls: Vec<String>,
    /// Scan the cross-origin requests of a HAR file too; without
    /// `--origin`, the pages' origins in it are the trusted ones.
    #[arg(long, value_name = "FILE")]
    har: Option<std::path::PathBuf>,
    /// The preflighted request's method.
    #[arg(short = 'X', long = "request", default_value = "PUT")]
    method: String,
    /// The preflighted request's headers, `Name: value` (default:
    /// `Content-Type: application/json` and `X-Requested-With: fetch-cors-scan`).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,
    /// One JSON report (`cors-scan/1`) instead of text.
    #[arg(long, conflicts_with = "sarif")]
    json: bool,
    /// A SARIF 2.1.0 log instead of text, for code-scanning services.
    #[arg(long)]
    sarif: bool,
    /// At most this many requests a second, over all targets (0: no limit).
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value = "medium")]
    fail_on: Severity,
    /// Targets scanned at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Trust the certificates of this PEM file too (an internal CA).
    #[arg(long, value_name = "PEM")]
    ca_cert: Option<std::path::PathBuf>,
    /// Seconds each fetch may take.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; no harm.
    Info,
    /// Breaks browsers, or needs another foothold to abuse.
    Low,
    /// A read without the user's credentials, or with them from an origin
    /// an attacker needs more to control.
    Medium,
    /// An attacker's page reads the response with the user's credentials.
    High,
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub(crate) url: String,
    pub(crate) method: String,
    pub(crate) class: &'static str,
    pub(crate) severity: Severity,
    /// The `Origin` sent.
    pub(crate) origin: String,
    /// Whether a page at that origin reads the response with the user's
    /// cookies.
    pub(crate) credentials: bool,
    /// The profiles under which it can read it (or that break).
    pub(crate) profiles: Vec<&'static str>,
    /// What happened, in one sentence.
    pub(crate) message: String,
    /// The exchanges of the first profile concerned.
    evidence: Vec<ExchangeView>,
}

/// A target that could not be scanned.
#[derive(Clone, Debug, Serialize)]
pub struct ScanError {
    url: String,
    message: String,
}

#[derive(Serialize)]
struct Report {
    format: &'static str,
    targets: Vec<String>,
    findings: Vec<Finding>,
    errors: Vec<ScanError>,
}

/// Every class, what it means, and its worst severity.
pub const CLASSES: [(&str, &str, Severity); 18] = [
    ("reflect-any-origin", "An arbitrary unrelated origin is allowed", Severity::High),
    ("null-origin", "`Origin: null` is allowed", Severity::High),
    ("prefix-match", "The trusted host followed by more labels is allowed", Severity::High),
    ("suffix-match", "A host that ends with the trusted name without a dot boundary is allowed", Severity::High),
    ("unescaped-dot", "A trusted host with a dot replaced by another character is allowed", Severity::High),
    ("special-characters", "A trusted host followed by characters browsers accept in hosts and another domain is allowed", Severity::High),
    ("insecure-origin", "The http: form of an https: trusted origin is allowed", Severity::Medium),
    ("any-subdomain", "An arbitrary subdomain of the trusted host is allowed", Severity::Medium),
    ("any-port", "The trusted host on another port is allowed", Severity::Medium),
    ("wildcard-with-credentials", "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true` (browsers refuse the credentialed read)", Severity::Low),
    ("missing-vary-origin", "`Access-Control-Allow-Origin` changes with `Origin` but `Vary` lacks `Origin`", Severity::Low),
    ("multiple-allow-origin", "More than one `Access-Control-Allow-Origin` value", Severity::Low),
    ("invalid-allow-credentials", "`Access-Control-Allow-Credentials` present but not exactly `true`", Severity::Low),
    ("preflight-main-mismatch", "The preflight allows the request but the main response fails the CORS check", Severity::Low),
    ("preflight-redirect", "The preflight is answered with a redirect", Severity::Low),
    ("preflight-not-ok", "The preflight gets a non-2xx status although the main request would be allowed", Severity::Low),
    ("reflect-any-method", "The preflight echoes whatever method is requested", Severity::Info),
    ("reflect-any-header", "The preflight echoes whatever header names are requested", Severity::Info),
];

/// How a forged origin relates to a trusted one.
struct Candidate {
    class: &'static str,
    origin: String,
    /// Whether an attacker controls it outright (a registrable name of
    /// their own, an opaque origin) rather than needing a foothold (a
    /// subdomain, another port, the network for plain HTTP).
    attacker: bool,
}

/// The forged origins for one trusted origin.
fn candidates(trusted: &Url) -> Vec<Candidate> {
    let scheme = trusted.scheme();
    let host = trusted.host_str().unwrap_or_default().to_owned();
    let port = trusted.port().map(|p| format!(":{p}")).unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    let registrable = if labels.len() >= 2 {
        labels[labels.len() - 2..].join(".")
    } else {
        host.clone()
    };
    let at = |h: &str| format!("{scheme}://{h}{port}");
    let mut out = vec![
        Candidate {
            class: "reflect-any-origin",
            origin: "https://fetch-cors-scan.attacker.test".into(),
            attacker: true,
        },
        Candidate {
            class: "null-origin",
            origin: "null".into(),
            attacker: true,
        },
        Candidate {
            class: "prefix-match",
            origin: at(&format!("{host}.attacker.test")),
            attacker: true,
        },
        Candidate {
            class: "suffix-match",
            origin: at(&format!("attacker{registrable}")),
            attacker: true,
        },
        Candidate {
            class: "suffix-match",
            origin: at(&format!("attacker{host}")),
            attacker: true,
        },
        Candidate {
            class: "any-subdomain",
            origin: at(&format!("fetch-cors-scan.{host}")),
            attacker: false,
        },
    ];
    if let Some(dot) = host.find('.') {
        let mut unescaped = host.clone();
        unescaped.replace_range(dot..=dot, "x");
        out.push(Candidate {
            class: "unescaped-dot",
            origin: at(&unescaped),
            attacker: true,
        });
    }
    for c in ['_', '`', '$', '!', '~', '=', '{', '}'] {
        out.push(Candidate {
            class: "special-characters",
            origin: at(&format!("{host}{c}.attacker.test")),
            attacker: true,
        });
    }
    if scheme == "https" {
        out.push(Candidate {
            class: "insecure-origin",
            origin: format!("http://{host}{port}"),
            attacker: false,
        });
    }
    let other_port =
        trusted
            .port_or_known_default()
            .map_or(8443, |p| if p == 8443 { 8444 } else { 8443 });
    out.push(Candidate {
        class: "any-port",
        origin: format!("{scheme}://{host}:{other_port}"),
        attacker: false,
    });
    out
}

/// One profile's fetch of the target.
struct ProfileResult {
    profile: Profile,
    allowed: bool,
    exchanges: Vec<Exchange>,
    trace: Vec<Event>,
    /// The browser's reason, when it blocked the fetch.
    error: Option<&'static str>,
}

/// A fetch of the target under every profile.
struct Fetched {
    results: Vec<ProfileResult>,
}

impl Fetched {
    fn allowed(&self) -> Vec<&'static str> {
        (self.results.iter())
            .filter(|r| r.allowed)
            .map(|r| r.profile.name())
            .collect()
    }

    fn evidence(&self, profile: Option<&str>) -> Vec<ExchangeView> {
        let result = self
            .results
            .iter()
            .find(|r| profile.is_none_or(|p| r.profile.name() == p))
            .or(self.results.first());
        result.map_or_else(Vec::new, |r| {
            r.exchanges.iter().map(ExchangeView::sent).collect()
        })
    }

    fn profiles_where(&self, test: impl Fn(&ProfileResult) -> bool) -> Vec<&'static str> {
        self.results
            .iter()
            .filter(|r| test(r))
            .map(|r| r.profile.name())
            .collect()
    }

    /// Whether a preflight's answer lists `token` in its header `name`
    /// (by name, not by `*`), in any profile.
    fn preflight_lists(&self, name: &str, token: &str) -> bool {
        self.results.iter().any(|r| {
            r.exchanges
                .iter()
                .filter(|x| x.kind == fetch_cors::fetch::RequestKind::Preflight)
                .any(|x| {
                    let values: Vec<String> = (x.response_headers.get_all(name).iter())
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                        .collect();
                    has_token(&values, token)
                })
        })
    }

    /// The last response's headers named `name`, in any profile.
    fn response_values(&self, name: &str) -> Vec<Vec<String>> {
        self.results
            .iter()
            .filter_map(|r| r.exchanges.last())
            .map(|x| {
                x.response_headers
                    .get_all(name)
                    .iter()
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                    .collect()
            })
            .collect()
    }
}

/// What one kind of request is.
#[derive(Clone)]
struct Scenario {
    method: String,
    headers: Vec<(String, String)>,
    credentials: bool,
}

struct Scanner {
    client: Paced<HttpsClient>,
    timeout: Duration,
}

impl Scanner {
    async fn fetch(&self, url: &Url, origin: &str, scenario: &Scenario) -> Result<Fetched, String> {
        self.fetch_as(url, origin, scenario, false).await
    }

    /// The request sent as the user agent's own, so never preflighted: what
    /// the server answers the request itself.
    async fn fetch_unpreflighted(
        &self,
        url: &Url,
        origin: &str,
        scenario: &Scenario,
    ) -> Result<Fetched, String> {
        self.fetch_as(url, origin, scenario, true).await
    }

    async fn fetch_as(
        &self,
        url: &Url,
        origin: &str,
        scenario: &Scenario,
        user_agent: bool,
    ) -> Result<Fetched, String> {
        let credentials = if scenario.credentials {
            CredentialsMode::Include
        } else {
            CredentialsMode::Omit
        };
        let options = FetchOptions::new(origin)
            .credentials(credentials)
            .from_user_agent(user_agent);
        let browser = Browser::new(self.client.clone(), origin)
            .over_network()
            .options(options);
        let mut results = Vec::new();
        for profile in Profile::ALL {
            let mut request = http::Request::builder()
                .method(scenario.method.as_str())
                .uri(url.as_str());
            for (name, value) in &scenario.headers {
                request = request.header(name.as_str(), value.as_str());
            }
            let request = request
                .body(Full::new(Bytes::new()))
                .map_err(|e| e.to_string())?;
            let (outcome, recording) =
                tokio::time::timeout(self.timeout, browser.fetch_recorded(profile, request))
                    .await
                    .map_err(|_| format!("no answer within {:?}", self.timeout))?;
            let kind = match &outcome {
                Ok(_) => None,
                Err(fetch_cors_tower::Error::Fetch(e)) => Some(e.kind().name()),
                // Not the browser's verdict: the target could not be reached.
                Err(other) => return Err(other.to_string()),
            };
            results.push(ProfileResult {
                profile,
                allowed: outcome.is_ok(),
                exchanges: recording.exchanges,
                trace: recording.trace,
                error: kind,
            });
        }
        Ok(Fetched { results })
    }
}

fn has_token(values: &[String], token: &str) -> bool {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// Scans one target: every finding.
async fn scan_target(
    scanner: &Scanner,
    url: &Url,
    trusted: &[Url],
    preflighted: &Scenario,
) -> Result<Vec<Finding>, String> {
    let simple = Scenario {
        method: "GET".into(),
        headers: Vec::new(),
        credentials: false,
    };
    let credentialed = Scenario {
        credentials: true,
        ..simple.clone()
    };
    let mut findings = Vec::new();
    // The evidence is the exchanges of the first profile concerned.
    let finding = |method: &str,
                   class,
                   severity,
                   origin: &str,
                   credentials,
                   fetched: &Fetched,
                   profiles: Vec<&'static str>,
                   message: String| Finding {
        url: url.to_string(),
        method: method.to_owned(),
        class,
        severity,
        origin: origin.to_owned(),
        credentials,
        evidence: fetched.evidence(profiles.first().copied()),
        profiles,
        message,
    };
    for trusted_origin in trusted {
        let trusted_text = trusted_origin.origin().ascii_serialization();
        // What the server tells its own page.
        let own_simple = scanner.fetch(url, &trusted_text, &simple).await?;
        let own_credentialed = scanner.fetch(url, &trusted_text, &credentialed).await?;
        let own_preflighted = scanner.fetch(url, &trusted_text, preflighted).await?;
        let main_allowed = scanner
            .fetch_unpreflighted(url, &trusted_text, preflighted)
            .await?;
        // Forged origins.
        for candidate in candidates(trusted_origin) {
            let mut reported = false;
            for (scenario, method) in [
                (&credentialed, "GET"),
                (preflighted, preflighted.method.as_str()),
            ] {
                let fetched = scanner.fetch(url, &candidate.origin, scenario).await?;
                let profiles = fetched.allowed();
                if profiles.is_empty() {
                    continue;
                }
                let severity = if candidate.attacker {
                    Severity::High
                } else {
                    Severity::Medium
                };
                findings.push(finding(method, candidate.class,
                    severity,
                    &candidate.origin,
                    true,
                    &fetched,
                    profiles.clone(),
                    format!("a page at {} can read the response to {method} with the user's credentials", candidate.origin),));
                reported = true;
                break;
            }
            if reported {
                continue;
            }
            let fetched = scanner.fetch(url, &candidate.origin, &simple).await?;
            let profiles = fetched.allowed();
            // A public `*` is what it says: anyone may read it.
            let wildcard = fetched
                .response_values("access-control-allow-origin")
                .iter()
                .all(|v| v == &["*"]);
            if !profiles.is_empty() && !wildcard {
                let severity = if candidate.attacker {
                    Severity::Medium
                } else {
                    Severity::Low
                };
                findings.push(finding(
                    "GET",
                    candidate.class,
                    severity,
                    &candidate.origin,
                    false,
                    &fetched,
                    profiles.clone(),
                    format!(
                        "a page at {} can read the response to GET without credentials",
                        candidate.origin
                    ),
                ));
            }
        }
        // Answers browsers break on, seen from the trusted page.
        for (fetched, method, credentials) in [
            (&own_simple, "GET", false),
            (&own_credentialed, "GET", true),
            (&own_preflighted, preflighted.method.as_str(), true),
        ] {
            let mut push = |class, severity, profiles: Vec<&'static str>, message: String| {
                if profiles.is_empty()
                    || findings
                        .iter()
                        .any(|f: &Finding| f.class == class && f.origin == trusted_text)
                {
                    return;
                }
                findings.push(finding(
                    method,
                    class,
                    severity,
                    &trusted_text,
                    credentials,
                    fetched,
                    profiles.clone(),
                    message,
                ));
            };
            let by_kind = |kind: &str| fetched.profiles_where(|r| r.error == Some(kind));
            // The profiles whose preflight got a status `test` accepts,
            // whatever its CORS headers said (the CORS check comes first).
            let preflight_status = |test: fn(u16) -> bool| {
                fetched.profiles_where(|r| {
                    r.exchanges.iter().any(|x| {
                        x.kind == fetch_cors::fetch::RequestKind::Preflight
                            && test(x.status.as_u16())
                    })
                })
            };
            let allow_credentials = fetched.response_values("access-control-allow-credentials");
            let says_true = allow_credentials
                .iter()
                .any(|v| v.iter().any(|v| v == "true"));
            push(
                "wildcard-with-credentials",
                Severity::Low,
                by_kind("wildcard-origin-with-credentials").into_iter().filter(|_| says_true).collect(),
                "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`: browsers refuse the credentialed read".into(),
            );
            push(
                "multiple-allow-origin",
                Severity::Low,
                by_kind("multiple-allow-origin"),
                "more than one `Access-Control-Allow-Origin` value: browsers refuse the response"
                    .into(),
            );
            push(
                "invalid-allow-credentials",
                Severity::Low,
                by_kind("invalid-allow-credentials")
                    .into_iter()
                    .filter(|_| {
                        fetched
                            .response_values("access-control-allow-credentials")
                            .iter()
                            .any(|v| !v.is_empty())
                    })
                    .collect(),
                "`Access-Control-Allow-Credentials` is sent but is not exactly `true`".into(),
            );
            push(
                "preflight-redirect",
                Severity::Low,
                preflight_status(|status| (300..400).contains(&status)),
                "the preflight is answered with a redirect, which browsers never follow".into(),
            );
            // Only when the request itself would pass: sent without a
            // preflight (as the user agent's own request), its response
            // passes the CORS check.
            let not_ok = preflight_status(|status| !(200..400).contains(&status));
            if !not_ok.is_empty() && !main_allowed.allowed().is_empty() {
                push(
                    "preflight-not-ok",
                    Severity::Low,
                    not_ok,
                    "the preflight gets a status outside 200-299 although the request itself would be allowed, so browsers never send it".into(),
                );
            }
            let mismatch = fetched.profiles_where(|r| {
                r.trace
                    .iter()
                    .any(|e| matches!(e, Event::PreflightChecked { passed: true, .. }))
                    && r.trace
                        .iter()
                        .any(|e| matches!(e, Event::CorsCheck { passed: false, .. }))
            });
            push(
                "preflight-main-mismatch",
                Severity::Low,
                mismatch,
                "the preflight allows the request but the response to it fails the CORS check"
                    .into(),
            );
        }
        // `Access-Control-Allow-Origin` that follows `Origin` without `Vary: Origin`.
        let other = scanner
            .fetch(url, "https://fetch-cors-scan.attacker.test", &simple)
            .await?;
        let mine = own_simple.response_values("access-control-allow-origin");
        let theirs = other.response_values("access-control-allow-origin");
        let vary = own_simple.response_values("vary");
        if mine.first() != theirs.first()
            && !vary
                .iter()
                .any(|v| has_token(v, "origin") || has_token(v, "*"))
        {
            let profiles = Profile::ALL.iter().map(|p| p.name()).collect();
            findings.push(finding("GET", "missing-vary-origin", Severity::Low, &trusted_text, false, &own_simple, profiles,
                "`Access-Control-Allow-Origin` changes with `Origin` but `Vary` does not name `Origin`: a shared cache can serve one origin's answer to another".into()));
        }
        // A preflight that echoes whatever is asked.
        let odd_method = Scenario {
            method: "FETCHCORSSCAN".into(),
            headers: Vec::new(),
            credentials: false,
        };
        let fetched = scanner.fetch(url, &trusted_text, &odd_method).await?;
        let echoed = fetched.preflight_lists("access-control-allow-methods", "FETCHCORSSCAN");
        if echoed && !fetched.allowed().is_empty() {
            findings.push(finding(
                "FETCHCORSSCAN",
                "reflect-any-method",
                Severity::Info,
                &trusted_text,
                false,
                &fetched,
                fetched.allowed(),
                "the preflight allows any method it is asked about".into(),
            ));
        }
        let odd_header = Scenario {
            method: "GET".into(),
            headers: vec![("X-Fetch-Cors-Scan-Probe".into(), "1".into())],
            credentials: false,
        };
        let fetched = scanner.fetch(url, &trusted_text, &odd_header).await?;
        let echoed =
            fetched.preflight_lists("access-control-allow-headers", "x-fetch-cors-scan-probe");
        if echoed && !fetched.allowed().is_empty() {
            findings.push(finding(
                "GET",
                "reflect-any-header",
                Severity::Info,
                &trusted_text,
                false,
                &fetched,
                fetched.allowed(),
                "the preflight allows any header it is asked about".into(),
            ));
        }
    }
    Ok(findings)
}

/// Scans; exits 1 when a finding reaches `--fail-on`, 2 on a bad command
/// line, else 0 (unreachable targets are reported, not findings).
pub fn run(mut args: ScanArgs) -> Result<ExitCode, String> {
    // Files are read before the runtime starts, not inside it.
    if let Some(path) = &args.har {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (urls, origins) =
            crate::har::targets(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        args.urls.extend(urls);
        if args.origins.is_empty() {
            args.origins = origins;
        }
    }
    if args.origins.is_empty() || args.urls.is_empty() {
        return Err("scan needs at least one --origin and one URL (or a --har file with cross-origin requests)".into());
    }
    let client = https_client(args.ca_cert.as_deref())?;
    block_on(scan(args, client))
}

async fn scan(args: ScanArgs, client: HttpsClient) -> Result<ExitCode, String> {
    let trusted = (args.origins.iter())
        .map(|o| {
            let url = Url::parse(o).map_err(|e| format!("--origin `{o}`: {e}"))?;
            match url.origin() {
                Origin::Tuple(..) => Ok(url),
                Origin::Opaque(_) => Err(format!("--origin `{o}` has no tuple origin")),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let headers = if args.headers.is_empty() {
        vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Requested-With".to_owned(), "fetch-cors-scan".to_owned()),
        ]
    } else {
        args.headers
            .iter()
            .map(|h| parse_header(h))
            .collect::<Result<_, _>>()?
    };
    let preflighted = Arc::new(Scenario {
        method: args.method.clone(),
        headers,
        credentials: true,
    });
    let scanner = Arc::new(Scanner {
        client: Paced::new(client, args.rate),
        timeout: Duration::try_from_secs_f64(args.timeout)
            .map_err(|e| format!("--timeout: {e}"))?,
    });
    let limit = Arc::new(Semaphore::new(args.concurrency.max(1)));
    let trusted = Arc::new(trusted);
    let started = Instant::now();
    // A bar on a terminal, when there is more than one target.
    let progress = (std::io::stderr().is_terminal() && args.urls.len() > 1).then(|| {
        ProgressBar::new(args.urls.len() as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} targets {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    });
    let mut tasks = Vec::new();
    for target in &args.urls {
        let (scanner, limit, trusted, preflighted) = (
            scanner.clone(),
            limit.clone(),
            trusted.clone(),
            preflighted.clone(),
        );
        let target = target.clone();
        let progress = progress.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire_owned().await;
            let result = match Url::parse(&target) {
                Ok(url) => scan_target(&scanner, &url, &trusted, &preflighted).await,
                Err(e) => Err(format!("not a URL: {e}")),
            };
            if let Some(progress) = &progress {
                progress.inc(1);
            }
            (target, result)
        }));
    }
    let (mut findings, mut errors) = (Vec::new(), Vec::new());
    for task in tasks {
        let (url, result) = task.await.map_err(|e| e.to_string())?;
        match result {
            Ok(found) => findings.extend(found),
            Err(message) => errors.push(ScanError { url, message }),
        }
    }
    if let Some(progress) = progress {
        progress.finish_and_clear();
    }
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.url.cmp(&b.url))
            .then(a.class.cmp(b.class))
    });
    let failing = findings.iter().any(|f| f.severity >= args.fail_on);
    let report = Report {
        format: "cors-scan/1",
        targets: args.urls.clone(),
        findings,
        errors,
    };
    if args.sarif {
        let log = crate::sarif::log(&report.findings);
        let text = serde_json::to_string_pretty(&log).map_err(|e| e.to_string())?;
        println!("{text}");
    } else if args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print_text(&report, started.elapsed());
    }
    Ok(if failing {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_text(report: &Report, elapsed: Duration) {
    let classes: BTreeSet<&str> = report.findings.iter().map(|f| f.class).collect();
    for f in &report.findings {
        println!(
            "{:<6} {:<26} {} (Origin: {}){}: {}; profiles: {}",
            format!("{:?}", f.severity).to_lowercase(),
            f.class,
            f.url,
            f.origin,
            if f.credentials {
                ", with credentials"
            } else {
                ""
            },
            f.message,
            f.profiles.join(", ")
        );
    }
    for e in &report.errors {
        println!("error  {}: {}", e.url, e.message);
    }
    println!(
        "{} targets, {} findings ({} classes), {} errors, in {:.1} s",
        report.targets.len(),
        report.findings.len(),
        classes.len(),
        report.errors.len(),
        elapsed.as_secs_f64()
    );
}
