//! The `fetch-cors` binary end to end: its output and its exit codes.

use std::path::Path;
use std::process::Command;

fn fetch_cors(args: &[&str]) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_fetch-cors"))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn replay_prints_the_table_and_passes_on_the_shipped_suite() {
    let (code, out, err) = fetch_cors(&["replay", "wpt-vectors/"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("profile: spec\n"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("0 failed, 3 expected failures"), "{last}");
}

#[test]
fn replay_fails_on_an_unlisted_failure() {
    // Under a browser profile the list does not apply, so the spec's
    // expected failures and the profile's deviations show as failures.
    let (code, out, _) = fetch_cors(&["replay", "--profile", "chromium", "wpt-vectors/"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn explain_gives_each_profile_its_verdict_and_the_fix() {
    let (code, out, err) = fetch_cors(&[
        "explain",
        "--json",
        "wpt-vectors/cors-basic.json",
        "Cross domain basic usage, origin: none",
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let profiles = report["fetches"][0]["profiles"].as_array().unwrap();
    let names: Vec<&str> = profiles
        .iter()
        .map(|p| p["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["spec", "chromium", "firefox", "webkit"]);
    for p in profiles {
        // The recorded server sent no Access-Control-Allow-Origin.
        assert_eq!(p["allowed"], false);
        assert_eq!(p["error"]["kind"], "missing-allow-origin");
        assert_eq!(
            p["error"]["spec"],
            "https://fetch.spec.whatwg.org/#cors-check"
        );
        assert_eq!(
            p["fix"]["changes"][0],
            "send `access-control-allow-origin: http://web-platform.test:8000`"
        );
        assert_eq!(p["exchanges"][0]["method"], "GET");
        // The trace: main fetch chose CORS, no preflight for a simple GET,
        // the CORS check failed without the header.
        let events: Vec<&str> = p["trace"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"].as_str().unwrap())
            .collect();
        assert_eq!(
            events,
            [
                "main-fetch",
                "classified",
                "preflight-decision",
                "cors-check",
                "failed"
            ]
        );
        assert_eq!(p["trace"][3]["passed"], false);
    }
}

#[test]
fn explain_lists_names_and_refuses_an_unknown_one() {
    let (code, out, _) = fetch_cors(&["explain", "wpt-vectors/cors-basic.json"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l == "Cross domain basic usage, origin: none"),
        "{out}"
    );
    let (code, _, err) = fetch_cors(&[
        "explain",
        "wpt-vectors/cors-basic.json",
        "Cross domain basic usage, origin: nonex",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no vector named"), "{err}");
    let (code, _, err) = fetch_cors(&["replay"]);
    assert_eq!(code, 2, "{err}");
}
