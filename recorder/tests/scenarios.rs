//! The scenario set itself: unique ids and names, enough vectors per
//! theme, and every fetched http URL answered by a route of its own
//! scenario.

use std::collections::HashSet;

use fetch_cors_recorder::scenario::{route_prefix, Theme};
use fetch_cors_recorder::themes;

#[test]
fn ids_and_names_are_unique_and_routes_stay_in_their_scenario() {
    let all = themes::all();
    assert!(all.len() >= 1200, "{} scenarios", all.len());
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    let mut paths = HashSet::new();
    for s in &all {
        assert!(ids.insert(s.id.clone()), "id {} twice", s.id);
        assert!(
            names.insert((s.theme, s.name.clone())),
            "name `{}` twice in {}",
            s.name,
            s.theme.name()
        );
        assert!(!s.steps.is_empty(), "{} has no fetch", s.name);
        for route in &s.routes {
            assert!(
                route.path.starts_with(&route_prefix(&s.id)),
                "{}",
                route.path
            );
            assert!(
                paths.insert(route.path.clone()),
                "path {} twice",
                route.path
            );
        }
    }
    for theme in Theme::ALL {
        let n = all.iter().filter(|s| s.theme == theme).count();
        assert!(n >= 60, "{}: {n} scenarios", theme.name());
    }
}

#[test]
fn the_mix_is_the_same_on_every_run() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../browser-vectors");
    let recorded = fetch_cors_recorder::matrix::load(&dir).unwrap();
    // The mix each browser ran, on another day and machine, is today's
    // mix in today's order (a recording may drop a scenario, never reorder
    // one): comparing two calls of `themes::all()` in one process could not
    // tell a seed or generator change apart.
    let mix: Vec<String> = themes::all()
        .into_iter()
        .filter(|s| s.theme == Theme::Mix)
        .map(|s| s.name)
        .collect();
    for (browser, files) in &recorded {
        let Some(file) = files.get(&Theme::Mix) else {
            continue;
        };
        let mut rest = mix.iter();
        for v in &file.vectors {
            assert!(
                rest.any(|name| *name == v.name),
                "{}: recorded mix vector `{}` is not next in today's mix",
                browser.name(),
                v.name
            );
        }
    }
    // The recording was made from this set: every recorded vector is still a
    // scenario, so a change to the themes cannot silently orphan recordings.
    let names: HashSet<(Theme, String)> = themes::all()
        .into_iter()
        .map(|s| (s.theme, s.name))
        .collect();
    for files in recorded.values() {
        for (theme, file) in files {
            for v in &file.vectors {
                assert!(
                    names.contains(&(*theme, v.name.clone())),
                    "recorded `{}` is no scenario",
                    v.name
                );
            }
        }
    }
}

/// The committed recordings were made from these scenarios: every recorded
/// fetch asked for what its step says, and every recorded response is one
/// the scenario's route gives. A change to a theme that would make the
/// recordings stale fails here, offline.
#[test]
fn the_recordings_are_of_these_scenarios() {
    use fetch_cors_recorder::record::request_spec;
    use std::collections::HashMap;
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../browser-vectors");
    let recorded = fetch_cors_recorder::matrix::load(&dir).unwrap();
    let all = themes::all();
    let by_name: HashMap<(Theme, &str), _> = all
        .iter()
        .map(|s| ((s.theme, s.name.as_str()), s))
        .collect();
    for files in recorded.values() {
        for (theme, file) in files {
            for v in &file.vectors {
                let s = by_name[&(*theme, v.name.as_str())];
                assert_eq!(v.fetches.len(), s.steps.len(), "{}", v.name);
                for (fetch, step) in v.fetches.iter().zip(&s.steps) {
                    let want = serde_json::to_value(request_spec(step)).unwrap();
                    let got = serde_json::to_value(&fetch.request).unwrap();
                    assert_eq!(got, want, "{}", v.name);
                    for exchange in &fetch.exchanges {
                        let url = url::Url::parse(&exchange.sent.url).unwrap();
                        let Some(route) = s.routes.iter().find(|r| r.path == url.path()) else {
                            assert_eq!(exchange.response.status, 404, "{}: {}", v.name, url);
                            continue;
                        };
                        let replies = route.preflight.iter().chain(&route.main);
                        assert!(
                            replies.clone().any(|r| r.status == exchange.response.status
                                && r.wire_headers() == exchange.response.headers),
                            "{}: {} answered what its route does not say",
                            v.name,
                            url
                        );
                    }
                }
            }
        }
    }
}
