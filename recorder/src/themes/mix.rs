//! A seeded random mix of every theme's ingredients: method, author
//! headers, mode, credentials, target origin, redirect hops, preflight and
//! response headers, and sometimes a second fetch of the same URL.

use super::Set;
use crate::scenario::{Reply, Scenario, Step, Theme, API, APP, FOREIGN, OTHER};

/// The seed: the mix is the same on every run and every machine.
const SEED: u64 = 0x00c0_25fe_7c4e_2026;
/// How many scenarios.
const COUNT: usize = 220;

/// SplitMix64: enough randomness for a test mix, and stable forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const HEADERS: [(&str, &[&str]); 6] = [
    ("X-Custom", &["1", "a b"]),
    ("Accept", &["text/html", "a\"b"]),
    (
        "Content-Type",
        &["text/plain", "application/json", "multipart/form-data"],
    ),
    ("Authorization", &["Bearer t"]),
    ("Range", &["bytes=0-", "bytes=-5"]),
    ("Content-Language", &["en", "e n!"]),
];

fn origin_name(origin: &str) -> &'static str {
    match origin {
        APP => "same-origin",
        API => "api",
        OTHER => "other",
        _ => "cross-site",
    }
}

pub(super) fn scenarios() -> Vec<Scenario> {
    let mut set = Set::new(Theme::Mix, "mix");
    let mut rng = Rng(SEED);
    for n in 0..COUNT {
        let method = rng.pick(&[
            "GET", "GET", "HEAD", "POST", "POST", "PUT", "DELETE", "PATCH",
        ]);
        let mode = rng.pick(&["cors", "cors", "cors", "cors", "no-cors", "same-origin"]);
        let credentials = rng.pick(&["omit", "same-origin", "include"]);
        let mut headers: Vec<(&str, &str)> = Vec::new();
        for (name, values) in HEADERS {
            if rng.chance(20) {
                headers.push((name, rng.pick(values)));
            }
        }
        let hops = rng.pick(&[0, 0, 0, 1, 1, 2]);
        let mut origins = vec![rng.pick(&[API, API, OTHER, FOREIGN, APP])];
        let mut statuses = Vec::new();
        for _ in 0..hops {
            origins.push(rng.pick(&[API, OTHER, FOREIGN, APP]));
            statuses.push(rng.pick(&[301, 302, 303, 307, 308]));
        }
        let allow_origin = rng.pick(&[APP, APP, "*", "null", ""]);
        let allow_credentials = rng.chance(50);
        let preflight_ok = rng.chance(75);
        let expose = rng.pick(&["", "x-a", "*", "x-a, x-b"]);
        let repeat = rng.chance(25);

        let mut name = format!("#{n} {method} {mode} credentials {credentials}");
        for (h, v) in &headers {
            name.push_str(&format!(" {h}: {v};"));
        }
        name.push_str(&format!(" to {}", origin_name(origins[0])));
        for (origin, status) in origins[1..].iter().zip(&statuses) {
            name.push_str(&format!(", {status} to {}", origin_name(origin)));
        }
        name.push_str(&format!(
            "; allow-origin `{allow_origin}`{}; preflight {}; expose `{expose}`{}",
            if allow_credentials {
                " with credentials"
            } else {
                ""
            },
            if preflight_ok {
                "allows"
            } else {
                "allows nothing"
            },
            if repeat { "; fetched twice" } else { "" },
        ));

        let s = set.add(name);
        let urls: Vec<String> = origins
            .iter()
            .enumerate()
            .map(|(hop, origin)| s.url(origin, 0, hop))
            .collect();
        for (hop, _) in origins.iter().enumerate() {
            let mut preflight = Reply::new(204);
            if preflight_ok {
                preflight = preflight.acao(allow_origin).acam(method);
                let names: Vec<String> = headers
                    .iter()
                    .map(|(h, _)| h.to_ascii_lowercase())
                    .collect();
                if !names.is_empty() {
                    preflight = preflight.acah(&names.join(", "));
                }
                if allow_credentials {
                    preflight = preflight.acac();
                }
            }
            let mut main = match urls.get(hop + 1) {
                Some(next) => Reply::new(statuses[hop]).location(next),
                None => Reply::ok()
                    .header("Content-Type", "text/plain")
                    .header("X-A", "1")
                    .header("X-B", "2"),
            };
            if !allow_origin.is_empty() {
                main = main.acao(allow_origin);
            }
            if allow_credentials {
                main = main.acac();
            }
            if !expose.is_empty() {
                main = main.aceh(expose);
            }
            let path = s.path(0, hop);
            s.route(path, vec![preflight], vec![main]);
        }
        let mut step = Step::get(urls[0].clone())
            .method(method)
            .mode(mode)
            .credentials(credentials);
        for (h, v) in &headers {
            step = step.header(h, v);
        }
        if matches!(method, "POST" | "PUT" | "PATCH") {
            step = step.body("x");
        }
        s.step(step.clone());
        if repeat {
            s.step(step);
        }
    }
    set.done()
}
