//! `votebloc ingest`: read sources, validate them, write the dataset tables.

use super::input::InputArgs;
use super::output;
use anyhow::Context;
use std::path::PathBuf;
use votebloc::export::{self, csv_tables};

/// Read and validate inputs; write votes.csv, motions.csv, members.csv and notes.csv.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder, or `-` to write votes.csv to stdout.
    #[arg(short, long, value_name = "DIR", default_value = "-")]
    pub output: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let data = args.input.load()?;
    if args.output.as_os_str() == "-" {
        export::write_with(&args.output, |o| csv_tables::write_votes(&data, o))?;
    } else {
        let context = || format!("writing the dataset to {}", args.output.display());
        let out =
            output::Dir::create(&args.output, &csv_tables::DATASET_FILES).with_context(context)?;
        csv_tables::write_dataset_into(&data, out.out()).with_context(context)?;
        out.commit().with_context(context)?;
        let counts = data.vote_counts();
        eprintln!(
            "{} motions, {} members, {} votes ({} yes, {} no, {} abstain, {} absent, {} not member) → {}",
            data.motions.len(),
            data.members.len(),
            data.votes.len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            counts[4],
            args.output.display()
        );
    }
    Ok(())
}
