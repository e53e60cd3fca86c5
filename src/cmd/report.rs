//! `votebloc report`: the analysis as one self-contained HTML file.

use super::analyze::AnalysisArgs;
use super::input::InputArgs;
use std::path::PathBuf;

/// Write the HTML report of an analysis (plots inline, no network access needed).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub format: Option<crate::ingest::Format>,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// The HTML file to write (`-`: stdout).
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
}

pub fn run(_args: &Args) -> anyhow::Result<()> {
    anyhow::bail!("the report is not written yet")
}
