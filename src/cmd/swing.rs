//! `votebloc swing`: only the swing members of an analysis.

use super::analyze::{AnalysisArgs, load_and_run};
use super::input::InputArgs;
use std::io::{IsTerminal, Write};
use votebloc::export::csv_tables;
use votebloc::export::table;

/// Output form of `votebloc swing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SwingFormat {
    /// One aligned line per swing member with its reasons.
    Table,
    /// swing.csv (member,name,bloc,kind,rank,count,total,share,nearest_bloc,ratio,reason).
    Csv,
    /// The swing members and pivots as JSON.
    Json,
}

/// Print the swing members: split votes, defectors, members between blocs, unstable members.
#[derive(Debug, clap::Args)]
// `--format` is this command's output form: the input format is `--input-format` here.
#[command(mut_arg("input_format", |arg| arg.long("input-format").value_name("INPUT_FORMAT")))]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output form on stdout.
    #[arg(long, value_enum, default_value_t = SwingFormat::Table)]
    pub format: SwingFormat,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let analysis = load_and_run(&args.input, &args.analysis, false, None)?;
    let stdout = std::io::stdout();
    let styled = table::use_style(stdout.is_terminal());
    let mut out = stdout.lock();
    match args.format {
        SwingFormat::Table => table::write_swing(&analysis, &mut out, styled, None)?,
        SwingFormat::Csv => csv_tables::write_swing(&analysis, &mut out)?,
        SwingFormat::Json => {
            let summary = votebloc::export::json::summary(&analysis, &[]);
            let swing = serde_json::json!({
                "swing": summary["swing"],
                "pivots": summary["pivots"],
            });
            serde_json::to_writer_pretty(&mut out, &swing)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}
