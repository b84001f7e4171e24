//! How a server lets a blocked fetch through: for a network error the
//! server's response caused, the smallest change to that response.
//!
//! Each [`Fix`] undoes the one failure its error names, the way the failing
//! step of the Fetch Standard reads: the CORS check wants
//! `Access-Control-Allow-Origin` to be the request's origin and, with
//! credentials, `Access-Control-Allow-Credentials: true`; CORS-preflight
//! fetch wants an ok status and the method and headers listed. A response
//! may fail more than one step; a fix lets the fetch reach the next one,
//! whose error has its own fix.
//!
//! Errors no server change can cure have none: refusals of the request
//! itself, the request's mode or scheme, a `data:` URL the data: URL
//! processor refuses (no server is asked: the URL is the response), a bad
//! port, a redirect to a non-HTTP(S) URL or one whose target cannot be
//! known (an unparsable `Location`), a redirect loop, and a stream body
//! that must follow a redirect.

use std::fmt;

use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, LOCATION,
};

use crate::error::{FetchError, Hop};
use crate::headers::escape_bytes;
use crate::headers::request::{cors_unsafe_request_header_name_refs_under, SafelistRules};
use crate::policy::Policy;
use crate::redirect::without_credentials;
use crate::request::Request;
use crate::response::ResponseHead;

/// One change to a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Send `name: value`, replacing any header of that name.
    SetHeader {
        /// The header.
        name: HeaderName,
        /// Its value.
        value: Vec<u8>,
    },
    /// Add `item` to the comma-separated list `name` holds (sending the
    /// header if it is absent).
    AddToList {
        /// The header.
        name: HeaderName,
        /// The item to add.
        item: Vec<u8>,
    },
    /// Answer with this status instead.
    SetStatus {
        /// The status.
        status: u16,
    },
    /// Do not send `name`.
    RemoveHeader {
        /// The header.
        name: HeaderName,
    },
}

impl Change {
    /// Makes the change to `response`.
    pub fn apply(&self, response: &mut ResponseHead) {
        match self {
            Change::SetHeader { name, value } => response.headers.set(name.clone(), value),
            Change::AddToList { name, item } => {
                let value = match response.headers.get(name) {
                    Some(list) if !list.iter().all(u8::is_ascii_whitespace) => {
                        let mut value = list.into_owned();
                        value.extend_from_slice(b", ");
                        value.extend_from_slice(item);
                        value
                    }
                    _ => item.clone(),
                };
                response.headers.set(name.clone(), value);
            }
            Change::SetStatus { status } => response.status = *status,
            Change::RemoveHeader { name } => response.headers.delete(name),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::SetHeader { name, value } => {
                write!(f, "send `{}: {}`", name, escape_bytes(value))
            }
            Change::AddToList { name, item } => {
                write!(f, "add `{}` to `{name}`", escape_bytes(item))
            }
            Change::SetStatus { status } => write!(f, "answer with status {status}"),
            Change::RemoveHeader { name } => write!(f, "do not send `{name}`"),
        }
    }
}

/// The changes to one response that cure one network error.
///
/// ```
/// use fetch_cors::{fix::Fix, HeaderList, Policy, PreflightCache, Request, Timestamp};
/// use fetch_cors::{fetch::Action, response::ResponseHead, Fetch};
///
/// // A server that forgot CORS.
/// let request = Request::builder("https://api.example/data".parse().unwrap(), "https://app.example")
///     .build().unwrap();
/// let mut cache = PreflightCache::new(16);
/// let mut fetch = Fetch::new(request, &Policy::spec());
/// let mut response = ResponseHead { status: 200, headers: HeaderList::new() };
/// assert!(matches!(fetch.poll(&mut cache, Timestamp::ZERO), Action::Send(_)));
/// fetch.handle_response(response.clone()).unwrap();
/// let Action::Done(Err(error)) = fetch.poll(&mut cache, Timestamp::ZERO) else { panic!() };
/// let error = error.clone();
/// let fix = Fix::for_error(&error, fetch.request(), &Policy::spec()).unwrap();
/// assert_eq!(
///     fix.to_string(),
///     "on the response from https://api.example/data, send `access-control-allow-origin: https://app.example`"
/// );
/// fix.apply(&mut response);
/// assert_eq!(response.headers.get("access-control-allow-origin").as_deref(), Some(&b"https://app.example"[..]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Which response to change: the hop the error names.
    pub hop: Hop,
    /// What to change, in order.
    pub changes: Vec<Change>,
}

impl Fix {
    /// The fix for `error`, raised while fetching `request` (as the fetch
    /// left it: [`crate::Fetch::request`]) under `policy`; `None` when no
    /// change to the server's response can cure it. The policy decides
    /// which of the request's headers a preflight asks for, so which ones
    /// `Access-Control-Allow-Headers` must list (Chromium, say, safelists
    /// client hints and judges a repeated header by its combined value).
    pub fn for_error(error: &FetchError, request: &Request, policy: &Policy) -> Option<Fix> {
        use FetchError::*;
        let hop = error.hop()?.clone();
        // The CORS check compares with the origin the hop carried (`null`
        // once a redirect tainted it).
        let allow_origin = || Change::SetHeader {
            name: ACCESS_CONTROL_ALLOW_ORIGIN,
            value: hop.origin.clone().into_bytes(),
        };
        let changes = match error {
            MissingAllowOrigin { .. }
            | MultipleAllowOrigin { .. }
            | InvalidAllowOrigin { .. }
            | AllowOriginMismatch { .. }
            | WildcardOriginWithCredentials { .. } => vec![allow_origin()],
            InvalidAllowCredentials { .. } => vec![Change::SetHeader {
                name: ACCESS_CONTROL_ALLOW_CREDENTIALS,
                value: b"true".to_vec(),
            }],
            PreflightInvalidStatus { .. } | PreflightRedirect { .. } => {
                vec![Change::SetStatus { status: 204 }]
            }
            InvalidAllowMethods { .. } => vec![Change::SetHeader {
                name: ACCESS_CONTROL_ALLOW_METHODS,
                value: request.method().as_str().as_bytes().to_vec(),
            }],
            InvalidAllowHeaders { .. } => {
                let rules = SafelistRules::of(policy);
                let names = cors_unsafe_request_header_name_refs_under(request.headers(), rules);
                let names: Vec<&str> = names.iter().map(|name| name.as_str()).collect();
                vec![Change::SetHeader {
                    name: ACCESS_CONTROL_ALLOW_HEADERS,
                    value: names.join(", ").into_bytes(),
                }]
            }
            MethodNotAllowed { method, .. } => vec![Change::AddToList {
                name: ACCESS_CONTROL_ALLOW_METHODS,
                item: method.clone().into_bytes(),
            }],
            HeaderNotAllowed { header, .. } => vec![Change::AddToList {
                name: ACCESS_CONTROL_ALLOW_HEADERS,
                item: header.clone().into_bytes(),
            }],
            // The request forbids redirects: answer it instead.
            RedirectModeError { .. } => vec![
                Change::SetStatus { status: 200 },
                Change::RemoveHeader { name: LOCATION },
            ],
            // The same target, without the user name and password.
            RedirectContainsCredentials { location, .. } => vec![Change::SetHeader {
                name: LOCATION,
                value: without_credentials(location).as_str().as_bytes().to_vec(),
            }],
            _ => return None,
        };
        Some(Fix { hop, changes })
    }

    /// Makes every change to `response`.
    pub fn apply(&self, response: &mut ResponseHead) {
        for change in &self.changes {
            change.apply(response);
        }
    }
}

/// One sentence: which response, and what to change on it.
impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = if self.hop.preflight {
            "the preflight response from"
        } else {
            "the response from"
        };
        write!(f, "on {which} {}", self.hop.url)?;
        match self.hop.redirects {
            0 => {}
            1 => f.write_str(" (after 1 redirect)")?,
            n => write!(f, " (after {n} redirects)")?,
        }
        for (i, change) in self.changes.iter().enumerate() {
            f.write_str(if i == 0 { ", " } else { " and " })?;
            write!(f, "{change}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HeaderList;

    fn head(pairs: &[(&str, &str)]) -> ResponseHead {
        ResponseHead {
            status: 200,
            headers: HeaderList::try_from_pairs(pairs.iter().copied()).unwrap(),
        }
    }

    #[test]
    fn a_list_item_joins_the_list_or_starts_it() {
        let add = Change::AddToList {
            name: ACCESS_CONTROL_ALLOW_METHODS,
            item: b"PUT".to_vec(),
        };
        let mut with = head(&[
            ("Access-Control-Allow-Methods", "GET"),
            ("Access-Control-Allow-Methods", "POST"),
        ]);
        add.apply(&mut with);
        assert_eq!(
            with.headers.get("access-control-allow-methods").as_deref(),
            Some(&b"GET, POST, PUT"[..])
        );
        let mut without = head(&[]);
        add.apply(&mut without);
        assert_eq!(
            without
                .headers
                .get("access-control-allow-methods")
                .as_deref(),
            Some(&b"PUT"[..])
        );
    }

    /// An unparsable `Access-Control-Allow-Headers` is cured by listing
    /// the names the preflight asked for, which the profile decides:
    /// Chromium safelists `DPR: 1` and judges two `Content-Type:
    /// text/plain` by their combined value (recorded: safelist `GET with
    /// DPR: 1`, no preflight; `GET with two Content-Type headers
    /// text/plain and text/plain`, preflighted); the spec does the
    /// opposite. Applied, the fix lets the fetch through under each
    /// profile.
    #[test]
    fn the_allow_headers_fix_lists_what_the_profile_asks_for() {
        use crate::fetch::Action;
        use crate::{Fetch, PreflightCache, Profile, Timestamp};
        let run = |policy: &Policy, allow_headers: &str| {
            let request = Request::builder(
                "https://api.example/x".parse().unwrap(),
                "https://app.example",
            )
            .header("DPR", "1")
            .header("Content-Type", "text/plain")
            .header("Content-Type", "text/plain")
            .header("X-A", "1")
            .build()
            .unwrap();
            let mut cache = PreflightCache::new(16);
            let mut fetch = Fetch::new(request, policy);
            let mut preflight = head(&[
                ("Access-Control-Allow-Origin", "https://app.example"),
                ("Access-Control-Allow-Headers", allow_headers),
            ]);
            let main = head(&[("Access-Control-Allow-Origin", "https://app.example")]);
            let mut answers = vec![main, preflight.clone()];
            loop {
                match fetch.poll(&mut cache, Timestamp::ZERO) {
                    Action::Send(_) => fetch.handle_response(answers.pop().unwrap()).unwrap(),
                    Action::Done(Ok(_)) => return None,
                    Action::Done(Err(e)) => {
                        let e = e.clone();
                        let fix = Fix::for_error(&e, fetch.request(), policy).unwrap();
                        fix.apply(&mut preflight);
                        let value = preflight.headers.get("access-control-allow-headers");
                        return Some(String::from_utf8(value.unwrap().into_owned()).unwrap());
                    }
                }
            }
        };
        for (profile, listed) in [
            (Profile::Spec, "dpr, x-a"),
            (Profile::Chromium, "content-type, x-a"),
        ] {
            let policy = Policy::from_profile(profile);
            assert_eq!(run(&policy, "x a").as_deref(), Some(listed), "{profile}");
            assert_eq!(run(&policy, listed), None, "{profile}: the fix cures it");
        }
    }

    #[test]
    fn requests_a_server_cannot_cure_have_no_fix() {
        let request = Request::builder(
            "https://api.example/".parse().unwrap(),
            "https://app.example",
        )
        .build()
        .unwrap();
        assert_eq!(
            Fix::for_error(&FetchError::NavigateMode, &request, &Policy::spec()),
            None
        );
        let hop = Hop {
            url: "https://api.example/".parse().unwrap(),
            redirects: 20,
            preflight: false,
            origin: "https://app.example".into(),
        };
        let looped = FetchError::TooManyRedirects {
            hop: Box::new(hop),
            location: "https://api.example/".parse().unwrap(),
            limit: 20,
        };
        assert_eq!(Fix::for_error(&looped, &request, &Policy::spec()), None);
        // Like a scheme the engine does not fetch: only the page can fix
        // the URL.
        let scheme = FetchError::SchemeNotSupported {
            url: "blob:https://app.example/0b0c".parse().unwrap(),
        };
        assert_eq!(Fix::for_error(&scheme, &request, &Policy::spec()), None);
        let data = FetchError::InvalidDataUrl {
            url: "data:;base64,%%%".parse().unwrap(),
            reason: "its body is not base64".into(),
        };
        assert_eq!(Fix::for_error(&data, &request, &Policy::spec()), None);
    }

    #[test]
    fn a_redirect_keeps_its_target_without_credentials() {
        let request = Request::builder(
            "https://api.example/".parse().unwrap(),
            "https://app.example",
        )
        .build()
        .unwrap();
        let hop = Hop {
            url: "https://api.example/".parse().unwrap(),
            redirects: 0,
            preflight: false,
            origin: "https://app.example".into(),
        };
        let error = FetchError::RedirectContainsCredentials {
            hop: Box::new(hop),
            location: "https://user:pw@cdn.example/x?y".parse().unwrap(),
            cross_origin: true,
        };
        let fix = Fix::for_error(&error, &request, &Policy::spec()).unwrap();
        assert_eq!(
            fix.changes,
            [Change::SetHeader {
                name: LOCATION,
                value: b"https://cdn.example/x?y".to_vec()
            }]
        );
        assert_eq!(
            fix.to_string(),
            "on the response from https://api.example/, send `location: https://cdn.example/x?y`"
        );
    }
}
