//! `fetch/api/cors/*` files that changed or appeared after the undici copy
//! (2025-08-18); read from Servo's vendored WPT.

use super::fetch_cors::{preflight_url, redirect_url, res};
use crate::http::enc;
use crate::sim::Request;
use crate::*;

/// A `clear-stash` call to `preflight.py` (the test reads its body, which is
/// not modelled).
fn clear_stash(url: &str, what: &str) -> FCase {
    let mut c = fc(Request::get(url, PAGE).normalized(), Want::Ok(vec![]));
    c.note = Some(format!(
        "clear-stash call ({}; bodies are not modelled)",
        what
    ));
    c
}

fn post(u: &str, n: &str, v: &str) -> Request {
    Request::get(u, PAGE)
        .method("POST")
        .header(n, v)
        .normalized()
}

fn preflighted_ok(r: Request) -> FCase {
    fc(
        r,
        Want::Ok(vec![Check::Status(200), hdr("x-did-preflight", "1")]),
    )
}

pub fn preflight_cache(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/cors/cors-preflight-cache.any.js",
        Src::Servo("c77e2266bfff1a315d8276f6f4308ca47980e874"),
    );
    let cu = preflight_url(REMOTE);
    let name = "CORS preflight cache reuses explicit header entries";
    let t = token(name);
    let clear = format!("{}?token={}&clear-stash", cu, t);
    let ru = format!(
        "{}?token={}&max_age=12000&allow_methods=POST&allow_headers=x-test-header",
        cu, t
    );
    g.add(
        &mut f,
        case(
            name,
            vec![
                clear_stash(&clear, "before the test"),
                preflighted_ok(post(&ru, "x-test-header", "test1")),
                clear_stash(&clear, "the test reads `1`: the stash was set"),
                fc(
                    post(&ru, "x-test-header", "test2"),
                    Want::Ok(vec![Check::Status(200), hdr("x-did-preflight", "0")]),
                ),
                clear_stash(&clear, "after the test"),
            ],
        ),
    );
    let name = "CORS preflight cache does not reuse wildcard header entries for Authorization";
    let t = token(name);
    let clear = format!("{}?token={}&clear-stash", cu, t);
    let ru = format!(
        "{}?token={}&max_age=12000&allow_methods=POST&allow_headers=*",
        cu, t
    );
    let mut auth = fc(
        post(&ru, "authorization", "test2"),
        Want::ErrWith(vec![Check::Preflighted(true)]),
    );
    auth.note = Some("The cached `Access-Control-Allow-Headers: *` entry does not cover `Authorization`, so a new preflight is sent (the test sees it through the next clear-stash answer, `1`); it fails because `*` does not cover `Authorization` there either".into());
    g.add(
        &mut f,
        case(
            name,
            vec![
                clear_stash(&clear, "before the test"),
                preflighted_ok(post(&ru, "x-test-header", "test1")),
                clear_stash(&clear, "the test reads `1`: the stash was set"),
                auth,
                clear_stash(
                    &clear,
                    "the test reads `1`: the Authorization request made a new preflight",
                ),
            ],
        ),
    );
    f
}

pub fn preflight_cache_tainted(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/cors/cors-preflight-cache-tainted.any.js",
        Src::Servo("683eab21c0b640649d511f11f599a2efdd9f102f"),
    );
    let cors = preflight_url(PAGE_P2);
    let redir = redirect_url(REMOTE);
    for (name, tainted_first) in [
        (
            "Tainted CORS preflight cache entry is not reused for untainted requests",
            true,
        ),
        (
            "Untainted CORS preflight cache entry is not reused for tainted requests",
            false,
        ),
    ] {
        let t = token(name);
        let target = format!(
            "{}?token={}&max_age=12000&allow_methods=POST&allow_headers=x-test-header",
            cors, t
        );
        let via = format!(
            "{}?allow_headers=x-test-header&location={}",
            redir,
            enc(&target)
        );
        let clear = format!("{}?token={}&clear-stash", cors, t);
        let mk = |u: &str, v: &str| {
            let mut c = preflighted_ok(post(u, "x-test-header", v));
            if u == via {
                c.note = Some("Through REMOTE's redirect.py (302) to PAGE_P2: the origin becomes tainted (`Origin: null`); the POST becomes a GET, and `x-test-header` still needs a preflight".into());
            }
            c
        };
        let (first, second) = if tainted_first {
            (&via, &target)
        } else {
            (&target, &via)
        };
        g.add(
            &mut f,
            case(
                name,
                vec![
                    clear_stash(&clear, "before the test"),
                    mk(first, "test1"),
                    clear_stash(&clear, "the test reads `1`"),
                    mk(second, "test2"),
                    clear_stash(&clear, "the test reads `1`"),
                ],
            ),
        );
    }
    f
}

pub fn preflight_unterminated_body(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/cors/cors-preflight-unterminated-body.any.js",
        Src::Servo("d73b1afa7403ba7c98c1f28eafe313abae2afbde"),
    );
    f.remark = Some("handler fetch/api/resources/preflight-unterminated-body.py read at servo/servo@f9b43a6f0b9f70b42e2b5dfdaa8b829dd996f51b".into());
    let name = "CORS preflight response with a body that never terminates does not stall the fetch";
    let u = format!(
        "{}preflight-unterminated-body.py?token={}",
        res(REMOTE),
        token(name)
    );
    let mut c = fc(
        Request::get(u, PAGE)
            .header("x-preflight-test", "1")
            .normalized(),
        Want::Ok(vec![Check::Status(200), Check::Preflighted(true)]),
    );
    c.note = Some("The preflight response's body never ends (bodies are not modelled: the engine decides from the preflight's status and headers); the test also reads the actual response's body, `actual request`".into());
    g.add(&mut f, case(name, vec![c]));
    f.partial(1, "the never-ending preflight body is not modelled");
    f
}

pub fn preflight_redirect(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/cors/cors-preflight-redirect.any.js",
        Src::Servo("a8769604c7c7667d8eec64ea6229a8e4191d695f"),
    );
    f.remark = Some("the version after WPT PR #62651: a redirect of the actual request after a successful preflight is followed".into());
    // REMOTE_ORIGIN: the remote origin with the page's scheme (http here).
    let ru = redirect_url(REMOTE);
    let loc = preflight_url(REMOTE);
    for code in [301, 302, 303, 307, 308] {
        for on_preflight in [true, false] {
            let desc = format!(
                "Redirection {} {}",
                code,
                if on_preflight {
                    "on preflight failed"
                } else {
                    "after preflight succeeded"
                }
            );
            let mut u = format!(
                "{}?token={}&max_age=0&redirect_status={}&location={}",
                ru,
                token(&desc),
                code,
                enc(&loc)
            );
            if on_preflight {
                u += "&redirect_preflight";
            }
            u += "&allow_headers=x-force-preflight";
            let want = if on_preflight {
                Want::Err
            } else {
                Want::Ok(vec![Check::Status(200), hdr("x-did-preflight", "1")])
            };
            let c = fc(
                Request::get(u, PAGE)
                    .redirect("follow")
                    .header("x-force-preflight", "")
                    .normalized(),
                want,
            );
            g.add(&mut f, case(desc, vec![c]));
        }
    }
    f
}
