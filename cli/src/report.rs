//! What `explain` and `probe` report for one profile: the verdict, the
//! error with its Fetch Standard step, the server's fix, the exchanges on
//! the wire and the engine's trace; as JSON and as text.

use fetch_cors::fetch::{RequestKind, SentRequest};
use fetch_cors::fix::Fix;
use fetch_cors::headers::escape_bytes;
use fetch_cors::response::{Response, ResponseHead};
use fetch_cors::trace::Event;
use fetch_cors::{FetchError, HeaderList, Profile};
use serde::Serialize;

/// One profile's verdict on one fetch.
#[derive(Serialize)]
pub struct ProfileReport {
    pub profile: &'static str,
    pub allowed: bool,
    /// For an allowed fetch: type, status and the visible headers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ScriptView>,
    /// For a blocked one: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorView>,
    /// How the server lets it through, when it can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixView>,
    pub exchanges: Vec<ExchangeView>,
    pub trace: Vec<Event>,
}

/// What script sees.
#[derive(Serialize)]
pub struct ScriptView {
    #[serde(rename = "type")]
    pub response_type: &'static str,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

/// Why the fetch failed.
#[derive(Serialize)]
pub struct ErrorView {
    /// An engine error's kind, or `transport` when the network failed.
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
}

/// A fix, as data and as its sentence.
#[derive(Serialize)]
pub struct FixView {
    pub sentence: String,
    pub preflight: bool,
    pub url: String,
    pub changes: Vec<String>,
}

/// One request on the wire and its answer.
#[derive(Clone, Debug, Serialize)]
pub struct ExchangeView {
    pub kind: &'static str,
    pub method: String,
    pub url: String,
    pub credentials: bool,
    pub headers: Vec<(String, String)>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
}

fn kind_name(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Preflight => "preflight",
        RequestKind::Main => "main",
    }
}

fn pairs(headers: &HeaderList) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), escape_bytes(value)))
        .collect()
}

fn map_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), escape_bytes(value.as_bytes())))
        .collect()
}

impl ExchangeView {
    /// An exchange the engine played against a recorded answer.
    pub fn played(out: &SentRequest, response: &ResponseHead) -> Self {
        ExchangeView {
            kind: kind_name(out.kind),
            method: out.method.to_string(),
            url: out.url.to_string(),
            credentials: out.include_credentials,
            headers: pairs(&out.headers),
            status: response.status,
            response_headers: pairs(&response.headers),
        }
    }

    /// An exchange that went over the network.
    pub fn sent(x: &fetch_cors_tower::Exchange) -> Self {
        ExchangeView {
            kind: kind_name(x.kind),
            method: x.method.to_string(),
            url: x.url.to_string(),
            credentials: x.include_credentials,
            headers: map_pairs(&x.request_headers),
            status: x.status.as_u16(),
            response_headers: map_pairs(&x.response_headers),
        }
    }
}

impl ScriptView {
    /// What script sees of an engine response.
    pub fn of(response: &Response) -> Self {
        ScriptView {
            response_type: response.response_type.as_str(),
            status: response.status,
            headers: response
                .visible_headers()
                .into_iter()
                .map(|(name, value)| (name.as_str().to_owned(), escape_bytes(&value)))
                .collect(),
        }
    }
}

impl ErrorView {
    /// The browser's reason.
    pub fn of(error: &FetchError) -> Self {
        ErrorView {
            kind: error.kind().name(),
            message: error.to_string(),
            spec: Some(format!(
                "https://fetch.spec.whatwg.org/{}",
                error.spec_anchor()
            )),
        }
    }

    /// Not the browser: the network, or the request could not be read.
    pub fn other(message: String) -> Self {
        ErrorView {
            kind: "transport",
            message,
            spec: None,
        }
    }
}

impl FixView {
    /// A fix as data.
    pub fn of(fix: &Fix) -> Self {
        FixView {
            sentence: fix.to_string(),
            preflight: fix.hop.preflight,
            url: fix.hop.url.to_string(),
            changes: fix.changes.iter().map(ToString::to_string).collect(),
        }
    }
}

impl ProfileReport {
    /// A profile's report from its parts.
    pub fn new(
        profile: Profile,
        outcome: Result<ScriptView, ErrorView>,
        fix: Option<&Fix>,
        exchanges: Vec<ExchangeView>,
        trace: Vec<Event>,
    ) -> Self {
        let (response, error) = match outcome {
            Ok(view) => (Some(view), None),
            Err(error) => (None, Some(error)),
        };
        ProfileReport {
            profile: profile.name(),
            allowed: response.is_some(),
            response,
            error,
            fix: fix.map(FixView::of),
            exchanges,
            trace,
        }
    }

    /// The verdict, the fix, the wire and (if asked) the trace, as text.
    pub fn print(&self, trace: bool) {
        match (&self.response, &self.error) {
            (Some(view), _) => {
                let shown: Vec<&str> = view.headers.iter().map(|(n, _)| n.as_str()).collect();
                println!(
                    "  {:<8} allowed: {} {}, script sees {}",
                    self.profile,
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
                    self.profile, error.kind, error.message
                );
                if let Some(spec) = &error.spec {
                    println!("  {:<8} see {spec}", "");
                    match &self.fix {
                        Some(fix) => println!("  {:<8} fix: {}", "", fix.sentence),
                        None => println!(
                            "  {:<8} no change to the server's response can fix this",
                            ""
                        ),
                    }
                }
            }
            (None, None) => {}
        }
        for x in &self.exchanges {
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
            for event in &self.trace {
                println!("  {:<8}   · {}", "", describe(event));
            }
        }
    }
}

/// One line for a decision.
pub fn describe(event: &Event) -> String {
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
        Event::CacheLookup { hit, entries, .. } => format!(
            "preflight cache {}: {}",
            if *hit { "hit" } else { "miss" },
            entries
                .iter()
                .map(|e| match e.expires_at {
                    Some(at) => format!("{} (until {at} s)", e.item),
                    None => format!("{} (none)", e.item),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Event::PreflightChecked { status, passed, .. } => format!(
            "preflight response {status}: {}",
            if *passed { "passed" } else { "failed" }
        ),
        Event::CacheStored {
            methods,
            headers,
            max_age,
            ..
        } => format!(
            "preflight cache stores methods [{}] and headers [{}] for {max_age} s",
            methods.join(", "),
            headers.join(", ")
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
