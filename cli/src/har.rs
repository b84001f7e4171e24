//! HAR files (HTTP Archive 1.2, as browsers' developer tools export them)
//! as vectors: each cross-origin request a page made, with its preflight
//! and redirect hops as recorded, so `explain` can say what each profile
//! decides for it.

use fetch_cors::headers::request::is_forbidden_request_header;
use fetch_cors::vectors::{Exchange, FetchSpec, Outcome, RequestSpec, ResponseSpec, Sent, Vector};
use serde::Deserialize;
use url::Url;

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    request: HarRequest,
    response: HarResponse,
}

#[derive(Deserialize)]
struct HarRequest {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<Header>,
    #[serde(default, rename = "postData")]
    post_data: Option<PostData>,
}

#[derive(Deserialize)]
struct PostData {
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct HarResponse {
    status: u16,
    #[serde(default)]
    headers: Vec<Header>,
    #[serde(default, rename = "redirectURL")]
    redirect_url: String,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    value: String,
}

/// Whether `text` is a HAR file rather than a vector file.
pub fn is_har(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("log").is_some_and(|log| log.get("entries").is_some()))
}

fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// Headers the browser adds itself (or that a page may not set): not the
/// page's, so not part of the request `fetch()` was given. The forbidden
/// request-headers are the core's rule; the rest are what a browser's
/// network layer adds to every request (a HAR records them all, and
/// HTTP/2 pseudo-headers too).
fn set_by_the_browser(name: &str, value: &str) -> bool {
    const ADDED_BY_THE_BROWSER: [&str; 6] = [
        "accept-language",
        "cache-control",
        "pragma",
        "priority",
        "upgrade-insecure-requests",
        "user-agent",
    ];
    let name = name.to_ascii_lowercase();
    if name.starts_with(':') || ADDED_BY_THE_BROWSER.contains(&name.as_str()) {
        return true;
    }
    match http::HeaderName::from_bytes(name.as_bytes()) {
        Ok(name) => is_forbidden_request_header(&name, value.as_bytes()),
        // Not a header name a page could set.
        Err(_) => true,
    }
}

fn exchange(entry: &Entry) -> Exchange {
    Exchange {
        sent: Sent {
            method: entry.request.method.clone(),
            url: entry.request.url.clone(),
            credentials: None,
            headers: Vec::new(),
            absent: Vec::new(),
        },
        response: ResponseSpec {
            status: entry.response.status,
            headers: (entry.response.headers.iter())
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect(),
        },
    }
}

fn is_preflight(entry: &Entry) -> bool {
    entry.request.method == "OPTIONS"
        && header(&entry.request.headers, "access-control-request-method").is_some()
}

/// One vector per cross-origin request (one with an `Origin` that is not
/// its URL's own), named `#N METHOD URL`, with the preflight recorded just
/// before it and the redirect hops after it.
pub fn vectors(text: &str) -> Result<Vec<Vector>, String> {
    let har: Har = serde_json::from_str(text).map_err(|e| format!("not a HAR file: {e}"))?;
    let entries = har.log.entries;
    let mut used = vec![false; entries.len()];
    let mut vectors = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if used[index] || is_preflight(entry) {
            continue;
        }
        let Some(origin) = header(&entry.request.headers, "origin") else {
            continue;
        };
        let Ok(url) = Url::parse(&entry.request.url) else {
            continue;
        };
        if url.origin().ascii_serialization() == origin {
            continue;
        }
        // The preflight for this URL, recorded before it.
        let preflight = (0..index).rev().find(|&i| {
            !used[i] && is_preflight(&entries[i]) && entries[i].request.url == entry.request.url
        });
        let mut exchanges = Vec::new();
        if let Some(i) = preflight {
            used[i] = true;
            exchanges.push(exchange(&entries[i]));
        }
        used[index] = true;
        exchanges.push(exchange(entry));
        // The hops: each redirect's target, recorded after it.
        let mut last = index;
        while !entries[last].response.redirect_url.is_empty() {
            let Ok(target) = url.join(&entries[last].response.redirect_url) else {
                break;
            };
            let next = (last + 1..entries.len())
                .find(|&i| !used[i] && entries[i].request.url == target.as_str());
            let Some(next) = next else {
                break;
            };
            if let Some(p) = (last + 1..next).find(|&i| {
                !used[i] && is_preflight(&entries[i]) && entries[i].request.url == target.as_str()
            }) {
                used[p] = true;
                exchanges.push(exchange(&entries[p]));
            }
            used[next] = true;
            exchanges.push(exchange(&entries[next]));
            last = next;
        }
        let request_headers = &entry.request.headers;
        // Cookies went along, so credentials were included.
        let credentials = header(request_headers, "cookie").map(|_| "include".to_owned());
        let request = RequestSpec {
            url: entry.request.url.clone(),
            method: Some(entry.request.method.clone()),
            origin: origin.to_owned(),
            mode: None,
            credentials,
            redirect: None,
            headers: (request_headers.iter())
                .filter(|h| !set_by_the_browser(&h.name, &h.value))
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect(),
            body: entry
                .request
                .post_data
                .as_ref()
                .and_then(|p| p.text.clone()),
            use_cors_preflight: None,
            referrer_policy: None,
        };
        vectors.push(Vector {
            name: format!(
                "#{} {} {}",
                index + 1,
                entry.request.method,
                entry.request.url
            ),
            policy: None,
            fetches: vec![FetchSpec {
                at: None,
                request,
                exchanges,
                // Not compared: `explain` plays, it does not replay.
                expect: Outcome::NetworkError { reason: None },
            }],
        });
    }
    Ok(vectors)
}

/// The targets and page origins of a HAR file's cross-origin requests, for
/// `scan --har`: each URL once, each origin once, in order.
pub fn targets(text: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let (mut urls, mut origins) = (Vec::new(), Vec::new());
    for vector in vectors(text)? {
        for fetch in &vector.fetches {
            if !urls.contains(&fetch.request.url) {
                urls.push(fetch.request.url.clone());
            }
            let origin = &fetch.request.origin;
            if origin != "null" && !origins.contains(origin) {
                origins.push(origin.clone());
            }
        }
    }
    Ok((urls, origins))
}
