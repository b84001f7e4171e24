//! Credentials modes against `Access-Control-Allow-Origin` and
//! `Access-Control-Allow-Credentials`, on simple and preflighted requests.

use super::{lines_label, with_lines, Set};
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP, FOREIGN};

/// `Access-Control-Allow-Credentials` forms (the header lines).
const ALLOW_CREDENTIALS: [&[&str]; 8] = [
    &[],
    &["true"],
    &["True"],
    &["false"],
    &["true, true"],
    &["true", "true"],
    &["1"],
    &[""],
];

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Credentials, "cred");
    for credentials in ["omit", "same-origin", "include"] {
        for (site, target) in [("same-site", API), ("cross-site", FOREIGN)] {
            for (origin_label, origin) in [("the origin", APP), ("*", "*")] {
                for lines in ALLOW_CREDENTIALS {
                    let reply = with_lines(
                        Reply::ok().acao(origin),
                        "Access-Control-Allow-Credentials",
                        lines,
                    );
                    set.single(
                        format!(
                            "GET {site}, credentials {credentials}, Access-Control-Allow-Origin {origin_label}, Access-Control-Allow-Credentials {}",
                            lines_label(lines)
                        ),
                        target,
                        |url| Step::get(url).credentials(credentials),
                        vec![],
                        vec![reply.header("Content-Type", "text/plain")],
                    );
                }
            }
        }
        // Preflighted: the preflight's Access-Control-Allow-Credentials.
        for lines in ALLOW_CREDENTIALS {
            let preflight = with_lines(
                Reply::new(204).acao(APP).acam("PUT"),
                "Access-Control-Allow-Credentials",
                lines,
            );
            set.single(
                format!(
                    "PUT, credentials {credentials}, preflight Access-Control-Allow-Credentials {}",
                    lines_label(lines)
                ),
                API,
                |url| Step::get(url).method("PUT").credentials(credentials),
                vec![preflight],
                vec![Reply::ok().acao(APP).acac()],
            );
        }
        // Same origin: credentials follow the mode, no CORS check.
        set.single(
            format!("GET same-origin, credentials {credentials}"),
            APP,
            |url| Step::get(url).credentials(credentials),
            vec![],
            vec![Reply::ok().header("Content-Type", "text/plain")],
        );
        // A response that sets a cookie: the header never reaches script.
        set.single(
            format!("GET same-site, credentials {credentials}, response sets a cookie and exposes Set-Cookie"),
            API,
            |url| Step::get(url).credentials(credentials),
            vec![],
            vec![Reply::ok()
                .acao(APP)
                .acac()
                .aceh("Set-Cookie, Set-Cookie2")
                .header("Set-Cookie", "c=1; Path=/r/none")
                .header("Set-Cookie2", "d=1")],
        );
        // An author Authorization header is not a credential the mode governs.
        set.single(
            format!("GET same-site with Authorization, credentials {credentials}"),
            API,
            |url| {
                Step::get(url)
                    .header("Authorization", "Basic dTpw")
                    .credentials(credentials)
            },
            vec![Reply::new(204).acao(APP).acac().acah("authorization")],
            vec![Reply::ok().acao(APP).acac()],
        );
    }
    set.done()
}
