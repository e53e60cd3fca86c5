//! The command line: subcommands and dispatch.

use super::{agreement, analyze, ideal, ingest, profile, report, swing, timeline};
use clap::{Parser, Subcommand};

/// Find voting blocs and swing members in recorded votes.
#[derive(Debug, Parser)]
#[command(name = "votebloc", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and validate inputs; write the dataset as CSV tables.
    Ingest(ingest::Args),
    /// Find blocs and swing members (the main job; no INPUT: the embedded seed report).
    Analyze(analyze::Args),
    /// Write the analysis as one self-contained HTML report.
    Report(report::Args),
    /// Print only the swing members (split votes, defectors, members between blocs).
    Swing(swing::Args),
    /// One analysis per session, year or congress, with blocs aligned over time.
    Timeline(timeline::Args),
    /// Ideal points: each member's position on the main line(s) of conflict.
    Ideal(ideal::Args),
    /// How often each member votes with reference members, by period (voting coincidence).
    Agreement(agreement::Args),
    /// One member: its nearest and farthest partners, bloc over time, breaks, split votes.
    Profile(profile::Args),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Ingest(args) => ingest::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Swing(args) => swing::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Ideal(args) => ideal::run(&args),
        Command::Agreement(args) => agreement::run(&args),
        Command::Profile(args) => profile::run(&args),
    }
}
