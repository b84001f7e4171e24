//! Running scenarios in a browser and writing down what it did.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use fetch_cors::vectors::{
    Exchange, FetchSpec, Outcome, PolicySpec, RequestSpec, ResponseSpec, Sent, Vector, VectorFile,
    FORMAT,
};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::browser::{Browser, Session};
use crate::scenario::{
    comparable_author_header, route_prefix, Reply, Scenario, Step, Theme, API, APP, COOKIE,
    COOKIE_HOSTS, FOREIGN, OTHER,
};
use crate::server::{Logged, Server};

/// Scenarios per Execute Async Script call.
const BATCH: usize = 40;
/// Scenarios with waits run side by side in groups this large: no more
/// than a browser's six connections per host, so no step of theirs queues
/// for a connection and starts late (WebKit did, with all of them at once).
const SIDE_BY_SIDE: usize = 6;

/// What script saw for one step, as the page reports it.
#[derive(Clone, Debug, Deserialize)]
pub struct Seen {
    pub outcome: String,
    #[serde(default, rename = "type")]
    pub response_type: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub redirected: Option<bool>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// Seconds after the scenario's start at which the step began.
    #[serde(default)]
    pub began: f64,
}

#[derive(Debug, Deserialize)]
struct JobResult {
    id: String,
    results: Vec<Seen>,
}

/// One browser's recording.
pub struct Recording {
    /// Browser name and exact version.
    pub version: String,
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    pub vectors: ByTheme,
    /// Scenarios left out, with why (a step timed out, the log was not
    /// what the page reported).
    pub dropped: Vec<(String, String)>,
}

impl Recording {
    /// The vector files, one per theme: (file name, JSON text).
    pub fn files(&self) -> Vec<(String, String)> {
        self.vectors
            .iter()
            .map(|(theme, vectors)| {
                let file = VectorFile {
                    format: FORMAT.to_owned(),
                    source: format!(
                        "{} recording, {}, by fetch-cors-recorder (theme {})",
                        self.version,
                        self.date,
                        theme.name()
                    ),
                    vectors: vectors.clone(),
                };
                (format!("{}.json", theme.name()), file_text(&file))
            })
            .collect()
    }

    /// Writes [`Recording::files`] into `dir`.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in self.files() {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }
}

/// A vector file as the recorder writes it: one vector per line, so a new
/// recording's diff shows which vectors changed.
pub fn file_text(file: &VectorFile) -> String {
    let string = |s: &str| serde_json::to_string(s).expect("strings serialize");
    let mut text = format!(
        "{{\n  \"format\": {},\n  \"source\": {},\n  \"vectors\": [\n",
        string(&file.format),
        string(&file.source)
    );
    for (i, vector) in file.vectors.iter().enumerate() {
        text.push_str("    ");
        text.push_str(&serde_json::to_string(vector).expect("vectors serialize"));
        text.push_str(if i + 1 < file.vectors.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    text.push_str("  ]\n}\n");
    text
}

/// Records `scenarios` in `browser`. The server listens on 127.0.0.1:80 (the
/// vectors' URLs name no port); `scratch` holds the browser profile.
pub async fn record(
    browser: Browser,
    scenarios: &[Scenario],
    scratch: &Path,
    progress: impl Fn(&str),
) -> Result<Recording, String> {
    let server = Server::start(80)
        .await
        .map_err(|e| format!("scenario server on 127.0.0.1:80: {e}"))?;
    for scenario in scenarios.iter().chain([&warm_up()]) {
        for route in &scenario.routes {
            server.add_route(route.clone());
        }
    }
    let session = Session::start(browser, 4444, scratch).await?;
    progress(&format!("{} started", session.version));
    let result = run(&session, scenarios, &progress).await;
    let version = session.version.clone();
    session.stop().await;
    let seen = result?;
    let log = server.log();
    let (vectors, dropped) = build(browser, scenarios, &seen, &log);
    Ok(Recording {
        version,
        date: today(),
        vectors,
        dropped,
    })
}

async fn run(
    session: &Session,
    scenarios: &[Scenario],
    progress: &impl Fn(&str),
) -> Result<HashMap<String, Vec<Seen>>, String> {
    let client = &session.client;
    let err = |what: &str, e: fantoccini::error::CmdError| format!("{what}: {e}");
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(900)),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .map_err(|e| err("timeouts", e))?;
    for host in COOKIE_HOSTS {
        client
            .goto(&format!("http://{host}/cookie"))
            .await
            .map_err(|e| err("cookie page", e))?;
    }
    client
        .goto(&format!("{APP}/page"))
        .await
        .map_err(|e| err("runner page", e))?;
    // One preflight per host first: Firefox's preflight cache consults the
    // DNS cache, which must be warm before any scenario runs.
    run_batch(session, &[&warm_up()], false).await?;

    let mut seen = HashMap::new();
    let (timed, untimed): (Vec<&Scenario>, Vec<&Scenario>) =
        scenarios.iter().partition(|s| s.timed());
    let total = scenarios.len();
    let mut done = 0;
    for (group, side_by_side) in [(untimed, false), (timed, true)] {
        let size = if side_by_side { SIDE_BY_SIDE } else { BATCH };
        for chunk in group.chunks(size) {
            for job in run_batch(session, chunk, side_by_side).await? {
                seen.insert(job.id, job.results);
            }
            done += chunk.len();
            progress(&format!("{done}/{total} scenarios"));
        }
    }
    Ok(seen)
}

async fn run_batch(
    session: &Session,
    scenarios: &[&Scenario],
    side_by_side: bool,
) -> Result<Vec<JobResult>, String> {
    let jobs: Vec<Value> = scenarios.iter().map(|s| job(s)).collect();
    let value = session
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fcRun(arguments[0], arguments[1]).then(done, (e) => done({ error: String(e) }));",
            vec![Value::Array(jobs), Value::Bool(side_by_side)],
        )
        .await
        .map_err(|e| format!("running scenarios: {e}"))?;
    if let Some(e) = value.get("error") {
        return Err(format!("runner page: {e}"));
    }
    serde_json::from_value(value).map_err(|e| format!("runner page result: {e}"))
}

/// The page's view of a scenario.
fn job(scenario: &Scenario) -> Value {
    let steps: Vec<Value> = scenario
        .steps
        .iter()
        .map(|s| {
            let mut init = serde_json::Map::new();
            if let Some(m) = &s.method {
                init.insert("method".into(), json!(m));
            }
            if !s.headers.is_empty() {
                init.insert("headers".into(), json!(s.headers));
            }
            for (key, value) in [
                ("mode", &s.mode),
                ("credentials", &s.credentials),
                ("redirect", &s.redirect),
                ("body", &s.body),
            ] {
                if let Some(v) = value {
                    init.insert(key.into(), json!(v));
                }
            }
            json!({ "at": s.at, "url": s.url, "init": init })
        })
        .collect();
    json!({ "id": scenario.id, "steps": steps })
}

/// A scenario run first and not recorded: one preflight to each host.
fn warm_up() -> Scenario {
    let mut s = Scenario::new(Theme::Simple, "warm-up", "warm-up");
    for (k, origin) in [API, OTHER, FOREIGN].into_iter().enumerate() {
        let url = s.url(origin, k, 0);
        let path = s.path(k, 0);
        s.route(
            path,
            vec![Reply::new(204).acao(APP).acah("x-warm-up")],
            vec![Reply::ok().acao(APP)],
        );
        s.step(Step::get(url).header("X-Warm-Up", "1"));
    }
    s
}

/// Vectors by theme.
pub type ByTheme = BTreeMap<Theme, Vec<Vector>>;

/// Turns the page's results and the server's log into vectors.
pub fn build(
    browser: Browser,
    scenarios: &[Scenario],
    seen: &HashMap<String, Vec<Seen>>,
    log: &[Logged],
) -> (ByTheme, Vec<(String, String)>) {
    // The log of each scenario, in arrival order.
    let mut by_id: HashMap<&str, Vec<&Logged>> = HashMap::new();
    for entry in log {
        if let Some(id) = scenario_id(&entry.target) {
            by_id.entry(id).or_default().push(entry);
        }
    }
    let mut vectors: BTreeMap<Theme, Vec<Vector>> = BTreeMap::new();
    let mut dropped = Vec::new();
    for scenario in scenarios {
        let Some(results) = seen.get(&scenario.id) else {
            dropped.push((scenario.name.clone(), "not run".to_owned()));
            continue;
        };
        let entries = by_id
            .get(scenario.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        match vector(browser, scenario, results, entries) {
            Ok(v) => vectors.entry(scenario.theme).or_default().push(v),
            Err(why) => dropped.push((scenario.name.clone(), why)),
        }
    }
    (vectors, dropped)
}

/// The scenario id of a logged `/mark/<id>/<k>` or `/r/<id>/...` target.
fn scenario_id(target: &str) -> Option<&str> {
    let rest = target
        .strip_prefix("/mark/")
        .or_else(|| target.strip_prefix("/r/"))?;
    rest.split('/').next()
}

fn vector(
    browser: Browser,
    scenario: &Scenario,
    results: &[Seen],
    entries: &[&Logged],
) -> Result<Vector, String> {
    if results.len() != scenario.steps.len() {
        return Err(format!(
            "{} results for {} steps",
            results.len(),
            scenario.steps.len()
        ));
    }
    // Split the log at the marks.
    let mut per_step: Vec<Vec<&Logged>> = vec![Vec::new(); scenario.steps.len()];
    let mut current: Option<usize> = None;
    let prefix = route_prefix(&scenario.id);
    for entry in entries {
        if let Some(k) = entry
            .target
            .strip_prefix("/mark/")
            .and_then(|r| r.rsplit('/').next())
            .and_then(|k| k.parse::<usize>().ok())
        {
            current = Some(k);
        } else if entry.target.starts_with(&prefix) {
            let k = current.ok_or("a request before the first mark")?;
            per_step
                .get_mut(k)
                .ok_or("a mark past the last step")?
                .push(entry);
        }
    }
    let mut fetches = Vec::new();
    for ((step, seen), logged) in scenario.steps.iter().zip(results).zip(per_step) {
        let expect = outcome(seen)?;
        if (seen.began - step.at).abs() > 0.75 {
            return Err(format!(
                "step at {} s began at {:.2} s; a timed outcome would not be what the vector says",
                step.at, seen.began
            ));
        }
        fetches.push(FetchSpec {
            at: (step.at > 0.0).then_some(step.at),
            request: request_spec(step),
            exchanges: logged.iter().map(|e| exchange(step, e)).collect(),
            expect,
        });
    }
    Ok(Vector {
        name: scenario.name.clone(),
        policy: Some(PolicySpec {
            profile: Some(browser.name().to_owned()),
            ..PolicySpec::default()
        }),
        fetches,
    })
}

/// The vector's request for a step: what the page passed to `new Request()`.
pub fn request_spec(step: &Step) -> RequestSpec {
    RequestSpec {
        url: step.url.clone(),
        method: step.method.clone(),
        origin: APP.to_owned(),
        mode: step.mode.clone(),
        credentials: step.credentials.clone(),
        redirect: step.redirect.clone(),
        headers: step.headers.clone(),
        body: step.body.clone(),
        use_cors_preflight: None,
        referrer_policy: None,
    }
}

/// The request-header names recorded for every exchange of `step`: the
/// ones CORS decides, and the comparable author headers.
fn compared_names(step: &Step) -> Vec<String> {
    let mut names: Vec<String> = [
        "origin",
        "access-control-request-method",
        "access-control-request-headers",
        "content-type",
    ]
    .map(str::to_owned)
    .to_vec();
    for (name, value) in &step.headers {
        let lower = name.to_ascii_lowercase();
        if comparable_author_header(&lower, value) && !names.contains(&lower) {
            names.push(lower);
        }
    }
    names
}

/// Request headers a browser adds itself when the request lacks them.
const USER_AGENT_DEFAULTS: [&str; 2] = ["accept", "accept-language"];

/// The combined value of the author's headers named `name` (lowercase).
fn author_value(step: &Step, name: &str) -> Option<String> {
    let values: Vec<&str> = step
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim_matches([' ', '\t']))
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

fn exchange(step: &Step, logged: &Logged) -> Exchange {
    let mut headers = Vec::new();
    let mut absent = Vec::new();
    for name in compared_names(step) {
        match logged.header(&name) {
            // The browser sends its own `Accept` and `Accept-Language` when
            // the request has none (as Fetch says it may): such a value is
            // the user agent's, which no engine replaying the vector models.
            Some(value)
                if USER_AGENT_DEFAULTS.contains(&name.as_str())
                    && Some(&value) != author_value(step, &name).as_ref() => {}
            Some(value) => headers.push((name, value)),
            None => absent.push(name),
        }
    }
    let host_name = logged.host.split(':').next().unwrap_or("");
    let credentials = COOKIE_HOSTS.contains(&host_name).then(|| {
        logged.header("cookie").is_some_and(|c| {
            c.split(';')
                .any(|p| p.trim() == format!("{}={}", COOKIE.0, COOKIE.1))
        })
    });
    let (status, response_headers) = logged.reply.clone().unwrap_or((404, Vec::new()));
    Exchange {
        sent: Sent {
            method: logged.method.clone(),
            url: format!("http://{}{}", logged.host, logged.target),
            credentials,
            headers,
            absent,
        },
        response: ResponseSpec {
            status,
            headers: response_headers,
        },
    }
}

fn outcome(seen: &Seen) -> Result<Outcome, String> {
    let reason = seen.reason.clone();
    Ok(match seen.outcome.as_str() {
        "invalid-request" => Outcome::InvalidRequest { reason },
        "network-error" => Outcome::NetworkError { reason },
        "response" => Outcome::Response {
            response_type: seen
                .response_type
                .clone()
                .ok_or("response without a type")?,
            status: seen.status.ok_or("response without a status")?,
            headers: seen.headers.clone(),
            redirected: seen.redirected,
            url: seen.url.clone(),
            reason: None,
        },
        other => return Err(format!("step outcome `{other}`")),
    })
}

/// Today's date, UTC, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
