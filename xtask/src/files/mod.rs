//! One module per WPT directory; one function per WPT test file.

pub mod cors;
pub mod cors_more;
pub mod fetch_basic;
pub mod fetch_cors;
pub mod fetch_cors_2026;
pub mod fetch_origin;
pub mod fetch_redirect;
pub mod pending;
pub mod xhr;
pub mod xhr_more;

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
        fetch_cors_2026::preflight_redirect,
        fetch_cors_2026::preflight_cache_tainted,
        fetch_cors_2026::preflight_unterminated_body,
        fc::multiple_origins,
        fc::expose_star,
        fc::response_validation,
        fetch_cors_2026::preflight_cache,
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
        fetch_basic::authentication_redirection,
        fetch_basic::range_general,
        cors::remote_origin_htm,
        fetch_origin::assorted,
        cors::expose_headers_parsing,
        cors::preflight_cache_htm,
        cors_more::status_preflight,
        cors_more::response_headers,
        cors_more::credentials_flag,
        cors_more::request_headers,
        cors_more::redirect_userinfo,
        cors_more::redirect_preflight,
        cors_more::redirect_preflight_2,
        xhr::and_redirects_same_origin,
        xhr::and_redirects,
        xhr::and_redirects_async,
        fetch_redirect::redirect_mode,
        fetch_redirect::redirect_origin,
        fetch_redirect::redirect_to_dataurl,
        fetch_redirect::back_to_original,
        fetch_redirect::redirect_count,
        fetch_redirect::redirect_location,
        fetch_redirect::redirect_method,
        fetch_redirect::redirect_schemes,
        fetch_redirect::redirect_empty_location,
    ];
    for f in list {
        let file = f(g);
        g.files.push(file);
    }
    let xs = xhr::singles(g);
    g.files.extend(xs);
    let xs = xhr_more::all(g);
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
