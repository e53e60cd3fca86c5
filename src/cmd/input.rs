//! Input arguments shared by every subcommand that reads data.

use crate::ingest::{self, Format, IngestOptions};
use crate::model::Dataset;
use anyhow::Context;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Input files (UN record text, long CSV, unvotes, Voeten, UN Digital Library, Voteview;
    /// `.gz` read transparently). None: the embedded seed report (A/C.1/77/L.56).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Report a stated tally that does not match the lists as a warning, not an error.
    #[arg(long)]
    pub lenient: bool,
    /// unvotes roll-call table (un_roll_calls.csv) to join for dates, sessions and symbols.
    #[arg(long, value_name = "FILE")]
    pub roll_calls: Option<PathBuf>,
    /// unvotes issue table (un_roll_call_issues.csv) to join for issue codes.
    #[arg(long, value_name = "FILE")]
    pub issues: Option<PathBuf>,
    /// Voteview members file (names, parties, states).
    #[arg(long, value_name = "FILE")]
    pub members: Option<PathBuf>,
}

impl InputArgs {
    fn options(&self, format: Option<Format>) -> IngestOptions {
        IngestOptions {
            format,
            lenient: self.lenient,
            roll_calls: self.roll_calls.clone(),
            issues: self.issues.clone(),
            members: self.members.clone(),
        }
    }

    /// Reads the inputs (or the embedded seed) as `format` (detected when `None`) and prints
    /// ingest warnings to stderr. The format flag is each command's own because `swing` uses
    /// `--format` for its output.
    pub fn load(&self, format: Option<Format>) -> anyhow::Result<Dataset> {
        let options = self.options(format);
        let data = if self.inputs.is_empty() {
            ingest::read_embedded(&options).context("reading the embedded seed report")?
        } else {
            ingest::read_inputs(&self.inputs, &options).context("reading the input")?
        };
        for warning in &data.stats.warnings {
            eprintln!("warning: {warning}");
        }
        Ok(data)
    }
}
