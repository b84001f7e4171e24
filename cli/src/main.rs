//! `fetch-cors`: the engine's command line.
//!
//! - `replay PATH...`: replays vector suites and prints one row per file
//!   (the README's main job);
//! - `explain FILE [VECTOR]`: offline, per browser profile, what goes on the
//!   wire, what script sees or why it is blocked, and the server's fix;
//! - `probe URL --origin O`: the same for real requests to a server;
//! - `scan --origin TRUSTED URL...`: forged origins against each target,
//!   and every finding, each decided by the engine.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod explain;
mod har;
mod net;
mod pace;
mod probe;
mod replay;
mod report;
mod sarif;
mod scan;

/// The browser side of CORS, as the Fetch Standard defines it.
#[derive(Debug, Parser)]
#[command(name = "fetch-cors", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Replay vector files (or directories of them) and print a table.
    Replay(replay::ReplayArgs),
    /// Explain one vector: each profile's verdict, the wire, and the fix.
    Explain(explain::ExplainArgs),
    /// Fetch a URL as each browser profile would, over the network.
    Probe(probe::ProbeArgs),
    /// Look for CORS configurations an attacker's page can read through,
    /// or browsers break on.
    Scan(scan::ScanArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Replay(args) => replay::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Probe(args) => probe::run(args),
        Command::Scan(args) => scan::run(args),
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("fetch-cors: {message}");
        ExitCode::from(2)
    })
}
