//! `votebloc report`: the analysis as one self-contained HTML file.

use super::analyze::{AnalysisArgs, IdealArgs, digests, load_and_run};
use super::choice::choice;
use super::input::InputArgs;
use super::output;
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use votebloc::report::colours::ColorBy;
use votebloc::report::{draw_plots, report_html};

/// Write the HTML report of an analysis (plots inline, no network access needed).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    pub ideal: IdealArgs,
    /// The HTML file to write (`-`: stdout).
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
    /// What the points of the map and the network are coloured by.
    #[arg(long, value_parser = choice::<ColorBy>(), default_value_t = ColorBy::Bloc)]
    pub color_by: ColorBy,
    /// Find the blocs again at 17 resolutions from γ/4 to 4γ and recommend the number of
    /// blocs that persists over the widest range (see `analyze --scan`).
    #[arg(long)]
    pub scan: bool,
}

/// Runs the analysis and writes the page atomically to `--output` (or stdout for `-`); the
/// folder of the file must exist.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut analysis = load_and_run(&args.input, &args.analysis, true, Some(&args.ideal))?;
    super::analyze::run_scan(&mut analysis, args.scan)?;
    let inputs = digests(&args.input)?;
    let path = &args.output;
    let context = || format!("writing the report to {}", path.display());
    let plots = draw_plots(&analysis, path, args.color_by).with_context(context)?;
    let page = report_html(&analysis, &inputs, &plots);
    output::write_file(path, |out| out.write_all(page.as_bytes())).with_context(context)?;
    if path.as_os_str() != "-" {
        eprintln!("wrote the report to {}", path.display());
    }
    Ok(())
}
