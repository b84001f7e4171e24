//! The runner page, served on the page origin. The recorder calls
//! `fcRun(jobs, sideBySide)` through WebDriver's Execute Async Script.
//!
//! Each job is a scenario: `{id, steps: [{at, url, init}]}`. Its steps run in
//! order; before step k the page fetches `/mark/<id>/<k>` from its own
//! origin, so the server's log splits into fetches. A step's result is what
//! script saw: `new Request()` throwing (invalid-request), `fetch()`
//! rejecting (network-error), or the response's type, status, header list
//! (as the `Headers` iterator gives it), `redirected` and `url`.

/// The page.
pub const HTML: &str = r#"<!doctype html>
<meta charset="utf-8">
<title>fetch-cors recorder</title>
<script>
"use strict";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function fcStep(step) {
  let request;
  try {
    request = new Request(step.url, step.init);
  } catch (e) {
    return { outcome: "invalid-request", reason: String(e) };
  }
  let timer;
  const timeout = new Promise((r) => { timer = setTimeout(() => r({ outcome: "timeout" }), 15000); });
  const run = (async () => {
    try {
      const response = await fetch(request);
      const headers = [];
      for (const [name, value] of response.headers) headers.push([name, value]);
      let body = null;
      try { body = await response.text(); } catch (e) { body = null; }
      return {
        outcome: "response", type: response.type, status: response.status, headers,
        redirected: response.redirected, url: response.url, body,
      };
    } catch (e) {
      return { outcome: "network-error", reason: String(e) };
    }
  })();
  const result = await Promise.race([run, timeout]);
  clearTimeout(timer);
  return result;
}

async function fcJob(job) {
  const results = [];
  // Times count from the first step's start: a scenario that waited for a
  // connection before its first fetch is not late.
  let start = null;
  for (let k = 0; k < job.steps.length; k++) {
    const step = job.steps[k];
    if (start !== null) {
      const wait = start + step.at * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await fetch("/mark/" + job.id + "/" + k, { cache: "no-store" });
    if (start === null) start = performance.now() - step.at * 1000;
    const began = (performance.now() - start) / 1000;
    const result = await fcStep(step);
    result.began = began;
    results.push(result);
  }
  return { id: job.id, results };
}

async function fcRun(jobs, sideBySide) {
  if (sideBySide) return Promise.all(jobs.map(fcJob));
  const out = [];
  for (const job of jobs) out.push(await fcJob(job));
  return out;
}
</script>
<p>fetch-cors recorder page</p>
"#;
