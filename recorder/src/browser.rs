//! Starting a real browser under its WebDriver server, with every scenario
//! host name mapped to 127.0.0.1 and the background traffic that would add
//! requests to a recording switched off (`../shared/browser-recording.md`).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Map, Value};
use tokio::process::{Child, Command};

use crate::scenario::HOSTS;

/// A browser the recorder drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Browser {
    Chromium,
    Firefox,
    Webkit,
}

impl Browser {
    /// All three, in table order.
    pub const ALL: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::Webkit];

    /// The name used for folders and profiles.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
            Browser::Webkit => "webkit",
        }
    }

    /// The browser of a name.
    pub fn from_name(name: &str) -> Option<Browser> {
        Browser::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// MiniBrowser, which WebKitWebDriver drives, as Debian installs it.
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
/// The tag on the `/etc/hosts` line added for WebKit, which has no
/// host-resolver switch; exactly that line is removed afterwards.
const HOSTS_TAG: &str = "# fetch-cors-recorder";

/// A running browser session and what it took to start it.
pub struct Session {
    pub client: Client,
    /// "Chromium 156.0.8078.129" and the like.
    pub version: String,
    driver: Child,
    xvfb: Option<Child>,
    hosts_line: bool,
}

impl Session {
    /// Starts `browser`'s WebDriver server on `driver_port` and opens a
    /// session; `scratch` holds the browser's fresh profile.
    pub async fn start(
        browser: Browser,
        driver_port: u16,
        scratch: &Path,
    ) -> Result<Session, String> {
        // tokio::fs, not std::fs: the scenario server shares this runtime,
        // and a used browser profile takes a while to remove.
        let _ = tokio::fs::remove_dir_all(scratch).await;
        tokio::fs::create_dir_all(scratch)
            .await
            .map_err(|e| format!("{}: {e}", scratch.display()))?;
        let log = tokio::fs::File::create(scratch.join("driver.log"))
            .await
            .map_err(|e| e.to_string())?
            .into_std()
            .await;
        if browser == Browser::Firefox {
            // Firefox's `-profile` names a folder that must exist.
            tokio::fs::create_dir_all(scratch.join("profile"))
                .await
                .map_err(|e| e.to_string())?;
        }
        let mut xvfb = None;
        let mut hosts_line = false;
        let spawned = match browser {
            Browser::Chromium => Command::new("chromedriver")
                .arg(format!("--port={driver_port}"))
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .kill_on_drop(true)
                .spawn(),
            Browser::Firefox => Command::new(geckodriver())
                .args(["--port", &driver_port.to_string()])
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .kill_on_drop(true)
                .spawn(),
            Browser::Webkit => {
                let display = ":99";
                xvfb = Some(
                    Command::new("Xvfb")
                        .args([display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .kill_on_drop(true)
                        .spawn()
                        .map_err(|e| format!("Xvfb: {e}"))?,
                );
                add_hosts_line().await?;
                hosts_line = true;
                tokio::time::sleep(Duration::from_millis(500)).await;
                Command::new("WebKitWebDriver")
                    .arg(format!("--port={driver_port}"))
                    .env("DISPLAY", display)
                    .stdout(log.try_clone().unwrap())
                    .stderr(log)
                    .kill_on_drop(true)
                    .spawn()
            }
        };
        let mut driver = match spawned {
            Ok(driver) => driver,
            Err(e) => {
                if hosts_line {
                    remove_hosts_line().await;
                }
                return Err(format!("{} WebDriver server: {e}", browser.name()));
            }
        };
        let url = format!("http://127.0.0.1:{driver_port}");
        let mut last = String::new();
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if let Ok(Some(status)) = driver.try_wait() {
                return Err(format!(
                    "{} WebDriver server exited: {status}",
                    browser.name()
                ));
            }
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities(browser, scratch))
                .connect(&url)
                .await
            {
                Ok(client) => {
                    let caps = client.capabilities().cloned().unwrap_or_default();
                    let name = caps
                        .get("browserName")
                        .and_then(Value::as_str)
                        .unwrap_or("?");
                    let version = caps
                        .get("browserVersion")
                        .and_then(Value::as_str)
                        .unwrap_or("?");
                    let version = format!("{} {}", pretty(browser, name), version);
                    return Ok(Session {
                        client,
                        version,
                        driver,
                        xvfb,
                        hosts_line,
                    });
                }
                Err(e) => last = e.to_string(),
            }
        }
        if hosts_line {
            remove_hosts_line().await;
        }
        Err(format!("{}: no session: {last}", browser.name()))
    }

    /// Ends the session and stops the processes it started.
    pub async fn stop(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
        if let Some(mut x) = self.xvfb.take() {
            let _ = x.kill().await;
        }
        if self.hosts_line {
            remove_hosts_line().await;
        }
    }
}

fn pretty(browser: Browser, reported: &str) -> String {
    match browser {
        Browser::Chromium => "Chromium".into(),
        Browser::Firefox => "Firefox".into(),
        Browser::Webkit => format!("WebKitGTK {reported}"),
    }
}

/// geckodriver from `cargo install` (`~/.cargo/bin`) or the PATH.
fn geckodriver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match home.map(|h| h.join("bin/geckodriver")) {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("geckodriver"),
    }
}

fn capabilities(browser: Browser, scratch: &Path) -> Map<String, Value> {
    let caps = match browser {
        Browser::Chromium => json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--no-default-browser-check",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--disable-default-apps",
                    "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,OptimizationHints,MediaRouter",
                    "--host-resolver-rules=MAP *.test 127.0.0.1",
                    format!("--user-data-dir={}", scratch.join("profile").display()),
                ],
            },
        }),
        Browser::Firefox => json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": "/usr/bin/firefox-esr",
                "args": ["-headless", "-profile", scratch.join("profile").display().to_string()],
                "prefs": firefox_prefs(),
            },
        }),
        Browser::Webkit => json!({
            "browserName": "MiniBrowser",
            "webkitgtk:browserOptions": {
                "binary": MINIBROWSER,
                "args": ["--automation"],
            },
        }),
    };
    caps.as_object().cloned().unwrap()
}

/// Prefs that map the scenario hosts to 127.0.0.1, keep the preflight
/// cache's DNS check stable (one address family, a long DNS cache), and
/// switch off every request Firefox would make on its own.
fn firefox_prefs() -> Value {
    json!({
        "network.dns.forceResolve": "127.0.0.1",
        "network.dns.disableIPv6": true,
        "network.dnsCacheExpiration": 86400,
        "network.dnsCacheExpirationGracePeriod": 86400,
        "network.proxy.type": 0,
        "network.proxy.allow_hijacking_localhost": false,
        "network.captive-portal-service.enabled": false,
        "network.connectivity-service.enabled": false,
        "network.prefetch-next": false,
        "network.predictor.enabled": false,
        "network.http.speculative-parallel-limit": 0,
        "network.trr.mode": 5,
        "dom.security.https_first": false,
        "dom.security.https_first_pbm": false,
        "dom.security.https_only_mode": false,
        "app.update.enabled": false,
        "app.update.auto": false,
        "app.normandy.enabled": false,
        "app.shield.optoutstudies.enabled": false,
        "toolkit.telemetry.enabled": false,
        "toolkit.telemetry.unified": false,
        "toolkit.telemetry.server": "",
        "datareporting.healthreport.uploadEnabled": false,
        "datareporting.policy.dataSubmissionEnabled": false,
        "browser.safebrowsing.malware.enabled": false,
        "browser.safebrowsing.phishing.enabled": false,
        "browser.safebrowsing.downloads.enabled": false,
        "browser.safebrowsing.blockedURIs.enabled": false,
        "browser.safebrowsing.provider.mozilla.updateURL": "",
        "browser.search.update": false,
        "browser.region.network.url": "",
        "browser.region.update.enabled": false,
        "browser.newtabpage.enabled": false,
        "browser.startup.page": 0,
        "browser.aboutHomeSnippets.updateUrl": "",
        "services.settings.server": "",
        "extensions.update.enabled": false,
        "extensions.getAddons.cache.enabled": false,
        "extensions.blocklist.enabled": false,
        "media.gmp-manager.url": "",
        "media.gmp-gmpopenh264.enabled": false,
        "browser.ping-centre.telemetry": false,
        "network.cookie.sameSite.laxByDefault": false,
    })
}

async fn add_hosts_line() -> Result<(), String> {
    remove_hosts_line().await;
    let mut text = tokio::fs::read_to_string("/etc/hosts")
        .await
        .unwrap_or_default();
    if !text.ends_with('\n') && !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!("127.0.0.1 {} {HOSTS_TAG}\n", HOSTS.join(" ")));
    tokio::fs::write("/etc/hosts", text)
        .await
        .map_err(|e| format!("/etc/hosts (WebKit needs the host names): {e}"))
}

async fn remove_hosts_line() {
    if let Ok(text) = tokio::fs::read_to_string("/etc/hosts").await {
        let kept: String = text
            .lines()
            .filter(|l| !l.ends_with(HOSTS_TAG))
            .map(|l| format!("{l}\n"))
            .collect();
        let _ = tokio::fs::write("/etc/hosts", kept).await;
    }
}
