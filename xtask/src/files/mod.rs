//! One module per WPT directory; one function per WPT test file.

pub mod cors;
pub mod fetch_basic;
pub mod fetch_cors;
pub mod fetch_origin;
pub mod fetch_redirect;
pub mod pending;
pub mod xhr;

use crate::Gen;

pub fn all(g: &mut Gen) {
    use fetch_cors as fc;
    let list: Vec<fn(&mut Gen) -> crate::WptFile> = vec![
        fc::cors_preflight_any,
        fc::preflight_star,
        fc::preflight_status,
        fc::redirect_credentials,
        fc::redirect_preflight,
        fc::redirect,
        fc::filtering,
        fc::origin,
        |g| fc::basic(g, "fetch/api/cors/cors-basic.any.js", false),
        |g| fc::basic(g, "fetch/api/cors/cors-keepalive.any.js", true),
        fc::no_preflight,
        fc::preflight_referrer,
        fc::not_cors_safelisted,
        fc::preflight_redirect,
        fc::multiple_origins,
        fc::expose_star,
        fc::response_validation,
        fc::preflight_cache,
        cors::origin_htm,
        cors::safelisted_request_header,
        cors::preflight_failure,
        cors::simple_requests,
        cors::basic_htm,
        cors::redirect_origin,
        cors::status_async,
        cors::client_hint,
        cors::status_htm,
        fetch_basic::mode_no_cors,
        fetch_basic::mode_same_origin,
        fetch_basic::request_headers_origin,
        cors::remote_origin_htm,
        fetch_origin::assorted,
        cors::expose_headers_parsing,
        cors::preflight_cache_htm,
        xhr::and_redirects_same_origin,
        xhr::and_redirects,
        xhr::and_redirects_async,
        fetch_redirect::redirect_mode,
        fetch_redirect::redirect_origin,
        fetch_redirect::redirect_to_dataurl,
        fetch_redirect::back_to_original,
    ];
    for f in list {
        let file = f(g);
        g.files.push(file);
    }
    let xs = xhr::singles(g);
    g.files.extend(xs);
    g.files.extend(pending::all());
    let sk = fc::skipped(g);
    g.files.extend(sk);
    g.files.sort_by(|a, b| a.path.cmp(b.path));
}

/// Hand-written notes: the spec text behind each disagreement.
pub fn disagreement_notes() -> String {
    include_str!("disagreements.md").to_string()
}
