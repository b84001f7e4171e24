//! The scenarios, one module per theme. Every scenario's expectations come
//! from the browser that runs it; these modules only say what the page asks
//! for and what the server answers.

mod cache;
mod credentials;
mod expose;
mod mix;
mod modes;
mod preflight;
mod redirects;
mod safelist;
mod simple;

use crate::scenario::{Reply, Scenario, Step, Theme};

/// Every scenario, theme by theme.
pub fn all() -> Vec<Scenario> {
    let mut all = Vec::new();
    all.extend(simple::scenarios());
    all.extend(safelist::scenarios());
    all.extend(preflight::scenarios());
    all.extend(credentials::scenarios());
    all.extend(expose::scenarios());
    all.extend(modes::scenarios());
    all.extend(redirects::scenarios());
    all.extend(cache::scenarios());
    all.extend(mix::scenarios());
    all
}

/// A theme's scenarios under construction; ids are `<prefix><n>`.
pub(crate) struct Set {
    theme: Theme,
    prefix: &'static str,
    list: Vec<Scenario>,
}

impl Set {
    pub(crate) fn new(theme: Theme, prefix: &'static str) -> Self {
        Set {
            theme,
            prefix,
            list: Vec::new(),
        }
    }

    /// A new, empty scenario.
    pub(crate) fn add(&mut self, name: impl Into<String>) -> &mut Scenario {
        let id = format!("{}{}", self.prefix, self.list.len());
        self.list.push(Scenario::new(self.theme, id, name));
        self.list.last_mut().unwrap()
    }

    /// One fetch of one URL on `origin`: `step` gets the URL; the route
    /// answers preflights with `preflight` and everything else with `main`.
    pub(crate) fn single(
        &mut self,
        name: impl Into<String>,
        origin: &str,
        step: impl FnOnce(String) -> Step,
        preflight: Vec<Reply>,
        main: Vec<Reply>,
    ) {
        let s = self.add(name);
        let url = s.url(origin, 0, 0);
        let path = s.path(0, 0);
        s.route(path, preflight, main);
        s.step(step(url));
    }

    pub(crate) fn done(self) -> Vec<Scenario> {
        self.list
    }
}

/// A scenario of one fetch through `hops` (origins, first to last): every
/// hop but the last answers `hop(next_url)`, the last one `final_reply`;
/// every hop answers preflights with `preflight`.
pub(crate) fn chain(
    set: &mut Set,
    name: String,
    hops: &[&str],
    hop: impl Fn(&str) -> Reply,
    preflight: Vec<Reply>,
    final_reply: Reply,
    step: impl FnOnce(String) -> Step,
) {
    let s = set.add(name);
    for k in 0..hops.len() {
        let main = if k + 1 < hops.len() {
            hop(&s.url(hops[k + 1], 0, k + 1))
        } else {
            final_reply.clone()
        };
        let path = s.path(0, k);
        s.route(path, preflight.clone(), vec![main]);
    }
    let url = s.url(hops[0], 0, 0);
    s.step(step(url));
}

/// A preflight reply that allows `method` and `headers` for the page.
pub(crate) fn allow(method: &str, headers: &str) -> Reply {
    allow_for(crate::scenario::APP, method, headers)
}

/// A preflight reply with `Access-Control-Allow-Origin: origin` that allows
/// `method` and `headers` (either left out when empty).
pub(crate) fn allow_for(origin: &str, method: &str, headers: &str) -> Reply {
    let mut r = Reply::new(204).acao(origin);
    if !method.is_empty() {
        r = r.acam(method);
    }
    if !headers.is_empty() {
        r = r.acah(headers);
    }
    r
}

/// `Step::get(url)` with `method`; POST and PUT carry a string body.
pub(crate) fn request(method: &str, url: String) -> Step {
    match method {
        "GET" => Step::get(url),
        "POST" | "PUT" => Step::get(url).method(method).body("hello"),
        m => Step::get(url).method(m),
    }
}

/// A main reply the page may read.
pub(crate) fn readable() -> Reply {
    Reply::ok()
        .acao(crate::scenario::APP)
        .header("Content-Type", "text/plain")
}

/// Display text for a header value in a vector name: printable ASCII as is,
/// anything else as `\xNN`.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\x{:02X}", u32::from(c)));
        }
    }
    out
}

/// A list of header lines for a vector name: `absent`, or each line in
/// backquotes joined by "and".
pub(crate) fn lines_label(lines: &[&str]) -> String {
    if lines.is_empty() {
        return "absent".to_owned();
    }
    lines
        .iter()
        .map(|l| format!("`{}`", shown(l)))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// `reply` with one `name` header line per entry of `lines`.
pub(crate) fn with_lines(reply: Reply, name: &str, lines: &[&str]) -> Reply {
    lines.iter().fold(reply, |r, line| r.header(name, line))
}
