//! `fetch/api/redirect/*.any.js` (the CORS-relevant files).

use crate::http::{enc, quote_plus};
use crate::sim::Request;
use crate::*;

pub fn redirect_mode(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/redirect/redirect-mode.any.js", UNDICI_SNAPSHOT);
    for origin in ["same-origin", "cross-origin"] {
        let base = if origin == "same-origin" {
            PAGE
        } else {
            REMOTE
        };
        for code in [301, 302, 303, 307, 308] {
            for redirect in ["error", "manual", "follow"] {
                for mode in ["cors", "no-cors"] {
                    let name = format!(
                        "{} redirect {} in {} redirect and {} mode",
                        origin, code, redirect, mode
                    );
                    let u = format!(
                        "{}/fetch/api/resources/redirect.py?redirect_status={}&location={}",
                        base,
                        code,
                        enc("cors-top.txt")
                    );
                    let want = if redirect == "error"
                        || (mode == "no-cors" && redirect != "follow" && origin != "same-origin")
                    {
                        Want::Err
                    } else if redirect == "manual" {
                        Want::Ok(vec![Check::Status(0), Check::Type("opaqueredirect")])
                    } else if mode != "no-cors" || origin == "same-origin" {
                        Want::Ok(vec![Check::Status(200)])
                    } else {
                        Want::Ok(vec![Check::Type("opaque")])
                    };
                    let r =
                        Request::get(u, PAGE).mode(if mode == "cors" { "cors" } else { "no-cors" });
                    let r = r.redirect(match redirect {
                        "error" => "error",
                        "manual" => "manual",
                        _ => "follow",
                    });
                    g.add(&mut f, case1(name, r.normalized(), want));
                }
            }
        }
    }
    let u = format!(
        "{}/common/redirect.py?location={}/common/blank.html",
        REMOTE, PAGE
    );
    g.add(
        &mut f,
        case1(
            "manual redirect with a CORS error should be rejected",
            Request::get(u, PAGE).redirect("manual").normalized(),
            Want::Err,
        ),
    );
    f
}

pub fn redirect_origin(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/api/redirect/redirect-origin.any.js", UNDICI_SNAPSHOT);
    let from = format!("{}/fetch/api/resources/redirect.py", PAGE);
    let cors_from = format!("{}/fetch/api/resources/redirect.py", REMOTE);
    let to = format!(
        "{}/fetch/api/resources/inspect-headers.py?headers=origin",
        PAGE
    );
    let cors_to = format!(
        "{}/fetch/api/resources/inspect-headers.py?cors&headers=origin",
        REMOTE
    );
    for code in [301, 302, 303, 307, 308] {
        for method in ["GET", "POST"] {
            for (desc, fu, tu, exp) in [
                ("Same origin to same origin", &from, to.clone(), None),
                (
                    "Same origin to other origin",
                    &from,
                    cors_to.clone(),
                    Some(PAGE),
                ),
                (
                    "Other origin to other origin",
                    &cors_from,
                    cors_to.clone(),
                    Some(PAGE),
                ),
                (
                    "Other origin to same origin",
                    &cors_from,
                    format!("{}&cors", to),
                    Some("null"),
                ),
            ] {
                let name = format!("[{}] Redirect {} {}", method, code, desc);
                let u = format!(
                    "{}?token={}&max_age=0&redirect_status={}&location={}",
                    fu,
                    token(&name),
                    code,
                    enc(&tu)
                );
                let mut r = Request::get(u, PAGE).method(method).normalized();
                let mut checks = vec![Check::Status(200)];
                match exp {
                    Some(o) => checks.push(hdr("x-request-origin", o)),
                    None => checks.push(no_hdr("x-request-origin")),
                }
                let mut note = None;
                if exp.is_none() && method == "POST" && (code == 307 || code == 308) {
                    r.wpt_quirk_no_origin = true;
                    note = Some("WPT expects no Origin on the same-origin POST after a 307/308; Fetch's \"append a request Origin header\" appends it for any non-GET/HEAD request (see DISAGREEMENTS.md)".to_string());
                    g.disagreements.push(format!(
                        "{} :: {} :: WPT expects no `Origin` on the redirected same-origin POST; the spec's append-a-request-Origin-header appends `Origin: {}` (method is neither GET nor HEAD)",
                        f.path, name, PAGE
                    ));
                }
                let mut c = fc(r, Want::Ok(checks));
                c.note = note;
                g.add(&mut f, case(name, vec![c]));
            }
        }
    }
    f
}

pub fn redirect_to_dataurl(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/redirect/redirect-to-dataurl.any.js",
        UNDICI_SNAPSHOT,
    );
    let data = "data:text/plain;base64,cmVzcG9uc2UncyBib2R5";
    let redir = format!("{}/fetch/api/resources/redirect.py", PAGE);
    let cors_redir = format!("{}/fetch/api/resources/redirect.py", REMOTE);
    for (desc, u, mode) in [
        (
            "Testing data URL loading after same-origin redirection (cors mode)",
            &redir,
            "cors",
        ),
        (
            "Testing data URL loading after same-origin redirection (no-cors mode)",
            &redir,
            "no-cors",
        ),
        (
            "Testing data URL loading after same-origin redirection (same-origin mode)",
            &redir,
            "same-origin",
        ),
        (
            "Testing data URL loading after cross-origin redirection (cors mode)",
            &cors_redir,
            "cors",
        ),
        (
            "Testing data URL loading after cross-origin redirection (no-cors mode)",
            &cors_redir,
            "no-cors",
        ),
    ] {
        let url = format!("{}?cors&location={}", u, enc(data));
        let m: &'static str = match mode {
            "cors" => "cors",
            "no-cors" => "no-cors",
            _ => "same-origin",
        };
        g.add(
            &mut f,
            case1(
                desc,
                Request::get(url, PAGE).mode(m).normalized(),
                Want::Err,
            ),
        );
    }
    f
}

pub fn back_to_original(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new(
        "fetch/api/redirect/redirect-back-to-original-origin.any.js",
        UNDICI_SNAPSHOT,
    );
    let dest = format!("{}/fetch/api/resources/cors-top.txt", PAGE);
    let u = format!(
        "{}/fetch/api/resources/redirect.py?redirect_status=303&location={}",
        REMOTE,
        quote_plus(&dest)
    );
    g.add(
        &mut f,
        case1(
            "original => remote => original with mode: \"no-cors\"",
            Request::get(&u, PAGE).mode("no-cors").normalized(),
            Want::Ok(vec![Check::Type("opaque")]),
        ),
    );
    g.add(
        &mut f,
        case1(
            "original => remote => original with mode: \"cors\"",
            Request::get(&u, PAGE).normalized(),
            Want::Ok(vec![Check::Type("cors")]),
        ),
    );
    f
}
