//! Replays every browser recording under its own browser's profile. A
//! vector that fails must be listed in that browser's
//! `expected-differences.txt` with its reason; a listed vector that passes,
//! or a listed vector that no longer exists, fails the test too. The
//! agreement tables in `browser-vectors/README.md` must be the ones the
//! recordings give today.

use std::path::PathBuf;

use fetch_cors::vectors::{replay_file, ExpectedFailures, ReplayOptions, Verdict};
use fetch_cors_recorder::browser::Browser;
use fetch_cors_recorder::matrix;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../browser-vectors")
}

#[test]
fn every_recording_replays_under_its_browser_profile() {
    let all = matrix::load(&dir()).expect("browser-vectors/ loads");
    assert_eq!(all.len(), 3, "a recording for each of the three browsers");
    let mut problems = Vec::new();
    for (browser, recorded) in &all {
        let list_path = dir().join(browser.name()).join("expected-differences.txt");
        let text = std::fs::read_to_string(&list_path).unwrap_or_default();
        let expected = ExpectedFailures::parse(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", list_path.display()));
        let mut replayed = Vec::new();
        let mut total = 0;
        for (theme, file) in recorded {
            let name = format!("{}.json", theme.name());
            // Each vector names its browser's profile; replay under it.
            let results = replay_file(file, &ReplayOptions::default());
            total += results.len();
            for (result, verdict) in results.iter().zip(expected.judge(&name, &results)) {
                match verdict {
                    Verdict::Fail => problems.push(format!(
                        "{}/{name} :: {} :: {} (not in expected-differences.txt)",
                        browser.name(),
                        result.name,
                        result.mismatch.as_ref().unwrap()
                    )),
                    Verdict::UnexpectedPass => problems.push(format!(
                        "{}/{name} :: {} passes but is listed",
                        browser.name(),
                        result.name
                    )),
                    Verdict::Pass | Verdict::ExpectedFailure => {}
                }
            }
            replayed.push((name, results));
        }
        let refs: Vec<(&str, &[_])> = replayed
            .iter()
            .map(|(n, r)| (n.as_str(), r.as_slice()))
            .collect();
        for stale in expected.stale(&refs, true) {
            problems.push(format!(
                "{}: `{} :: {}` names no recorded vector",
                list_path.display(),
                stale.file,
                stale.vector
            ));
        }
        // The bar: each profile reproduces at least 99.5% of its
        // browser's vectors.
        let listed = expected.len();
        assert!(
            (total - listed) * 1000 >= total * 995,
            "{}: {listed} expected differences of {total} vectors is below 99.5% agreement",
            browser.name()
        );
        assert!(total >= 1200, "{}: only {total} vectors", browser.name());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_readme_matrix_is_up_to_date() {
    let all = matrix::load(&dir()).expect("browser-vectors/ loads");
    let readme = std::fs::read_to_string(dir().join("README.md")).unwrap();
    let table = matrix::render(&all);
    assert!(
        readme.contains(&table),
        "browser-vectors/README.md is stale: run `cargo run -p fetch-cors-recorder -- matrix --write`"
    );
}

#[test]
fn every_vector_names_its_browser() {
    let all = matrix::load(&dir()).unwrap();
    for browser in Browser::ALL {
        for file in all[&browser].values() {
            assert!(
                file.source.starts_with(match browser {
                    Browser::Chromium => "Chromium ",
                    Browser::Firefox => "Firefox ",
                    Browser::Webkit => "WebKitGTK ",
                }),
                "{}",
                file.source
            );
            for v in &file.vectors {
                let policy = v.policy.as_ref().and_then(|p| p.profile.as_deref());
                assert_eq!(policy, Some(browser.name()), "{}", v.name);
            }
        }
    }
}
