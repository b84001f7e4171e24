//! Plays a vector's fetches against recorded (or changed) answers, and
//! checks [`Fix`]es mechanically on them: every fetch that ends in a
//! network error is fetched again with the fix applied to the response
//! that caused it, until it goes through (or a bound is reached).

use serde::Serialize;

use super::format::Vector;
use super::replay::{build_request, response_head, ReplayOptions};
use crate::fetch::{Action, Fetch, SentRequest};
use crate::fix::Fix;
use crate::response::{Response, ResponseHead};
use crate::trace::Event;
use crate::{FetchError, HeaderList, Policy, PreflightCache, Timestamp};

/// How many fixes one fetch may take: each cures one failing step, and a
/// preflighted request has at most a handful (origin, credentials, status,
/// method, headers, then the same on the response).
const MAX_FIXES: usize = 12;

/// What fixing the server did for one fetch the engine failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum FixCheck {
    /// The fixes, applied in turn, let the fetch through.
    Fixed {
        /// Which fetch of the vector.
        fetch: usize,
        /// The first error's kind.
        error: &'static str,
        /// Each fix, as its sentence.
        fixes: Vec<String>,
    },
    /// No change to the server's response cures the error.
    NotServerFixable {
        /// Which fetch of the vector.
        fetch: usize,
        /// The error's kind.
        error: &'static str,
    },
    /// The fixes were applied and the fetch is still blocked.
    StillBlocked {
        /// Which fetch of the vector.
        fetch: usize,
        /// The first error's kind.
        error: &'static str,
        /// The fixes applied.
        fixes: Vec<String>,
        /// The last error.
        last: String,
    },
}

/// One fetch of a vector, played.
#[derive(Clone, Debug)]
pub struct Played {
    /// Each request the engine put on the wire, in order.
    pub sent: Vec<SentRequest>,
    /// The answer each got.
    pub responses: Vec<ResponseHead>,
    /// What script got.
    pub outcome: Result<Response, FetchError>,
    /// How the server cures the failure, when it can.
    pub fix: Option<Fix>,
    /// Every decision the engine made ([`crate::trace`]).
    pub trace: Vec<Event>,
}

/// Plays the vector's fetch `index` after its earlier fetches (which fill
/// the cache as recorded), answering its requests with `responses` in
/// order (the recorded answers when `None`) and a bare `200` past their
/// end. Nothing is compared with the vector's expectations.
pub fn play(
    vector: &Vector,
    policy: &Policy,
    index: usize,
    responses: Option<&[ResponseHead]>,
) -> Result<Played, String> {
    let mut cache = PreflightCache::new(policy.cache_capacity);
    let mut at = 0.0;
    for (i, spec) in vector.fetches.iter().enumerate().take(index + 1) {
        at = spec.at.unwrap_or(at);
        let now = Timestamp::from_secs_f64(at);
        // A refused request sends nothing and leaves the cache as it was.
        let request = match build_request(&spec.request, policy) {
            Ok(request) => request,
            Err(e) if i == index => {
                return Ok(Played {
                    sent: Vec::new(),
                    responses: Vec::new(),
                    outcome: Err(e),
                    fix: None,
                    trace: Vec::new(),
                })
            }
            Err(_) => continue,
        };
        let mut fetch = Fetch::new(request, policy);
        if i == index {
            fetch.record_trace();
        }
        let (mut sent, mut answers) = (Vec::new(), Vec::new());
        let outcome = loop {
            match fetch.poll(&mut cache, now) {
                Action::Send(out) => {
                    let n = sent.len();
                    sent.push(out.to_owned());
                    let response = match responses.filter(|_| i == index) {
                        Some(given) => given.get(n).cloned(),
                        None => spec.exchanges.get(n).map(response_head).transpose()?,
                    };
                    let response = response.unwrap_or(ResponseHead {
                        status: 200,
                        headers: HeaderList::new(),
                    });
                    answers.push(response.clone());
                    fetch.handle_response(response).map_err(|e| e.to_string())?;
                }
                Action::Done(outcome) => break outcome.clone(),
            }
        };
        if i == index {
            let fix = outcome
                .as_ref()
                .err()
                .and_then(|e| Fix::for_error(e, fetch.request(), policy));
            return Ok(Played {
                sent,
                responses: answers,
                outcome,
                fix,
                trace: fetch.trace().to_vec(),
            });
        }
    }
    Err(format!("the vector has no fetch {index}"))
}

/// Tries to fix every fetch of `vector` that the engine fails with a
/// network error. Vectors whose requests cannot be built are skipped.
pub fn check_fixes(vector: &Vector, options: &ReplayOptions) -> Result<Vec<FixCheck>, String> {
    let policy = vector.policy(options.profile).map_err(|e| e.to_string())?;
    let mut checks = Vec::new();
    for (index, spec) in vector.fetches.iter().enumerate() {
        let mut responses: Vec<ResponseHead> = spec
            .exchanges
            .iter()
            .map(response_head)
            .collect::<Result<_, _>>()?;
        let played = play(vector, &policy, index, Some(&responses))?;
        let (mut sent, mut fix) = (played.sent.len(), played.fix);
        let first = match played.outcome {
            Err(e) if !e.is_invalid_request() => e,
            _ => continue,
        };
        let error = first.kind().name();
        let mut fixes = Vec::new();
        // The error of the last play with the fixes so far.
        let mut last = None;
        let check = loop {
            let Some(next) = fix.take() else {
                break if fixes.is_empty() {
                    FixCheck::NotServerFixable {
                        fetch: index,
                        error,
                    }
                } else {
                    FixCheck::StillBlocked {
                        fetch: index,
                        error,
                        fixes,
                        last: last.map(|e: FetchError| e.to_string()).unwrap_or_default(),
                    }
                };
            };
            // The error is about the last response handed over.
            let at = sent.saturating_sub(1);
            if responses.len() <= at {
                responses.resize(
                    at + 1,
                    ResponseHead {
                        status: 200,
                        headers: HeaderList::new(),
                    },
                );
            }
            next.apply(&mut responses[at]);
            fixes.push(next.to_string());
            let again = play(vector, &policy, index, Some(&responses))?;
            match again.outcome {
                Ok(_) => {
                    break FixCheck::Fixed {
                        fetch: index,
                        error,
                        fixes,
                    }
                }
                Err(last) if fixes.len() == MAX_FIXES => {
                    break FixCheck::StillBlocked {
                        fetch: index,
                        error,
                        fixes,
                        last: last.to_string(),
                    }
                }
                Err(e) => (sent, fix, last) = (again.sent.len(), again.fix, Some(e)),
            }
        };
        checks.push(check);
    }
    Ok(checks)
}
