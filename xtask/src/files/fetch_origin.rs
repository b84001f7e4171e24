//! `fetch/origin/assorted.window.js`

use crate::http::enc;
use crate::sim::Request;
use crate::*;

pub fn assorted(g: &mut Gen) -> WptFile {
    let mut f = WptFile::new("fetch/origin/assorted.window.js", Src::Undici);
    let path = "/fetch/origin/resources/redirect-and-stash.py";
    let s = token("Origin header and 308 redirect");
    let inner = format!("{}{}?stash={}", PAGE, path, s);
    let u = format!(
        "{}{}?stash={}&location={}&dummyJS",
        REMOTE,
        path,
        s,
        enc(&inner)
    );
    let mut c = fc(
        Request::get(u, PAGE)
            .method("POST")
            .mode("no-cors")
            .normalized(),
        Want::Ok(vec![Check::LastSent("origin".into(), Some("null".into()))]),
    );
    c.note = Some("The test dumps the Origins the handler received: [PAGE, \"null\"]; here `sent` asserts them".into());
    g.add(&mut f, case("Origin header and 308 redirect", vec![c]));
    f.skip(
        2,
        "category (c): navigations (iframe GET and form POST) through redirect-and-stash.py",
    );
    let pols: [(&str, &str, &str); 5] = [
        ("no-referrer", "null", "null"),
        ("same-origin", PAGE, "null"),
        ("origin-when-cross-origin", PAGE, PAGE),
        ("no-referrer-when-downgrade", PAGE, PAGE),
        ("unsafe-url", PAGE, PAGE),
    ];
    for (pol, same_exp, cross_exp) in pols {
        for dest in ["same-origin", "cross-origin"] {
            let exp = if dest == "same-origin" {
                same_exp
            } else {
                cross_exp
            };
            let base = if dest == "same-origin" { PAGE } else { REMOTE };
            for (method, mode, expected) in [
                ("POST", "no-cors", Some(exp)),
                ("POST", "cors", Some(PAGE)),
                (
                    "GET",
                    "cors",
                    if dest == "same-origin" {
                        None
                    } else {
                        Some(PAGE)
                    },
                ),
            ] {
                let name = format!(
                    "Origin header and {} {} fetch {} mode with Referrer-Policy {}",
                    method, dest, mode, pol
                );
                let u = format!("{}{}?stash={}&dummyJS", base, path, token(&name));
                let mut r = Request::get(u, PAGE)
                    .method(method)
                    .mode(if mode == "cors" { "cors" } else { "no-cors" })
                    .normalized();
                r.referrer_policy = Some(pol.to_string());
                let mut c = fc(
                    r,
                    Want::Ok(vec![Check::LastSent(
                        "origin".into(),
                        expected.map(|s| s.to_string()),
                    )]),
                );
                c.note = Some(
                    "The test dumps the Origin the handler received; here `sent` asserts it".into(),
                );
                g.add(&mut f, case(name, vec![c]));
            }
        }
    }
    f.skip(
        10,
        "category (c): form POST navigations with a referrer policy",
    );
    f
}
