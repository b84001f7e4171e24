//! `fetch-cors-recorder`: records real browsers on the CORS scenarios and
//! reports how far each profile agrees with them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use fetch_cors_recorder::browser::Browser;
use fetch_cors_recorder::scenario::Theme;
use fetch_cors_recorder::{matrix, record, themes};

#[derive(Parser)]
#[command(
    name = "fetch-cors-recorder",
    about = "Record Chromium, Firefox and WebKit on CORS scenarios"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the scenarios in a browser and write its vectors. Needs the
    /// browsers (recorder/install-browsers.sh), root (port 80; /etc/hosts
    /// for WebKit) and nothing else on port 80 or 4444.
    Record {
        /// chromium, firefox or webkit.
        #[arg(long)]
        browser: String,
        /// Where to write; default browser-vectors/<browser>/.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only these themes (default: all).
        #[arg(long = "theme")]
        themes: Vec<String>,
        /// Scratch folder for the browser profile.
        #[arg(long, default_value = "/tmp/fetch-cors-recorder")]
        scratch: PathBuf,
    },
    /// Count the scenarios per theme.
    List,
    /// Print the agreement tables of browser-vectors/ (profiles against
    /// each browser, browsers against one another); with --write, put them
    /// into browser-vectors/README.md.
    Matrix {
        #[arg(long)]
        write: bool,
    },
    /// Compare two recordings of one browser, vector by vector (what the
    /// browser did, not the words or the file's source line).
    CompareRuns { first: PathBuf, second: PathBuf },
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1)
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    match cli.command {
        Command::List => {
            let all = themes::all();
            for theme in Theme::ALL {
                let n = all.iter().filter(|s| s.theme == theme).count();
                println!("{:<12} {n}", theme.name());
            }
            println!("{:<12} {}", "total", all.len());
        }
        Command::Matrix { write } => {
            let dir = workspace().join("browser-vectors");
            let all = matrix::load(&dir).unwrap_or_else(|e| fail(&e));
            let table = matrix::render(&all);
            if write {
                let path = dir.join("README.md");
                let readme =
                    std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&e.to_string()));
                let Some(new) = matrix::splice(&readme, &table) else {
                    fail("browser-vectors/README.md has no matrix markers");
                };
                std::fs::write(&path, new).unwrap_or_else(|e| fail(&e.to_string()));
            } else {
                println!("{table}");
            }
        }
        Command::CompareRuns { first, second } => {
            let mut same = 0;
            let mut total = 0;
            for theme in Theme::ALL {
                let read = |dir: &PathBuf| {
                    let path = dir.join(format!("{}.json", theme.name()));
                    std::fs::read_to_string(&path).ok().map(|t| {
                        fetch_cors::vectors::VectorFile::parse(&t)
                            .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
                    })
                };
                let (Some(a), Some(b)) = (read(&first), read(&second)) else {
                    continue;
                };
                let count = matrix::browser_agreement(&a, &b);
                for v in &a.vectors {
                    let other = b.vectors.iter().find(|w| w.name == v.name);
                    if !other.is_some_and(|o| matrix::same_behaviour(v, o)) {
                        println!("differs: {} :: {}", theme.name(), v.name);
                    }
                }
                println!("{:<12} {}", theme.name(), count.cell());
                same += count.agree;
                total += count.total;
            }
            println!("{:<12} {same}/{total} vectors the same", "all");
            if same != total {
                std::process::exit(1);
            }
        }
        Command::Record {
            browser,
            out,
            themes: only,
            scratch,
        } => {
            let Some(browser) = Browser::from_name(&browser) else {
                eprintln!("unknown browser `{browser}`: chromium, firefox or webkit");
                std::process::exit(2);
            };
            let mut wanted = Vec::new();
            for name in &only {
                match Theme::from_name(name) {
                    Some(t) => wanted.push(t),
                    None => {
                        eprintln!("unknown theme `{name}`");
                        std::process::exit(2);
                    }
                }
            }
            let scenarios: Vec<_> = themes::all()
                .into_iter()
                .filter(|s| wanted.is_empty() || wanted.contains(&s.theme))
                .collect();
            let out =
                out.unwrap_or_else(|| workspace().join("browser-vectors").join(browser.name()));
            let started = std::time::Instant::now();
            match record::record(browser, &scenarios, &scratch, |m| eprintln!("{m}")).await {
                Ok(recording) => {
                    for (name, why) in &recording.dropped {
                        eprintln!("dropped: {name}: {why}");
                    }
                    if let Err(e) = recording.write(&out) {
                        eprintln!("{}: {e}", out.display());
                        std::process::exit(1);
                    }
                    let n: usize = recording.vectors.values().map(Vec::len).sum();
                    eprintln!(
                        "{}: {n} vectors in {} ({} dropped), {:.0} s",
                        recording.version,
                        out.display(),
                        recording.dropped.len(),
                        started.elapsed().as_secs_f64()
                    );
                }
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            }
        }
    }
}
