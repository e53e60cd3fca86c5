//! `votebloc timeline`: one analysis per session, year or congress, blocs aligned over time.

use super::UsageError;
use super::analyze::AnalysisArgs;
use super::choice::choice;
use super::input::InputArgs;
use super::output;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use votebloc::export::csv_tables;
use votebloc::timeline::{self, PeriodBy};

/// Blocs per period, aligned across periods, and the members that change bloc.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Period of each analysis.
    #[arg(long, value_parser = choice::<PeriodBy>(), default_value_t = PeriodBy::Session)]
    pub by: PeriodBy,
    /// Members whose bloc timeline.html shows period by period, by code (comma-separated).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub highlight: Vec<String>,
    /// Output folder for timeline.csv, transitions.csv, periods.csv and timeline.html.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut params = args.analysis.params()?;
    let data = args.input.load()?;
    // Each period's analysis is checked against what is left once the inputs are read.
    params.memory_budget = args.analysis.memory_budget(false);
    // The periods' analyses allocate and free the same tables over and over.
    super::memory::keep_freed_memory();
    let progress = if std::io::stderr().is_terminal() {
        let periods = data
            .motions
            .iter()
            .filter_map(|m| match args.by {
                PeriodBy::Year => m
                    .date
                    .as_deref()
                    .and_then(|d| d.get(..4))
                    .map(str::to_string),
                _ => m.session.map(|s| s.to_string()),
            })
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let bar = ProgressBar::new(periods as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} periods {elapsed}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let result = timeline::run(&data, args.by, &params, || progress.inc(1));
    progress.finish_and_clear();
    let timeline = result.map_err(|e| {
        if e.is_usage() {
            anyhow::Error::new(UsageError(e.to_string()))
        } else {
            anyhow::Error::new(e).context("analysing the periods")
        }
    })?;
    if timeline.periods.is_empty() {
        return Err(anyhow::Error::new(UsageError(format!(
            "no period could be analysed by {} ({} motions without one); {}",
            votebloc::Choice::name(args.by),
            timeline.motions_without_period,
            args.by.missing_hint(&data.motions)
        ))));
    }
    let dir = &args.output;
    let context = || format!("writing the timeline to {}", dir.display());
    let out = output::Dir::create(
        dir,
        &[
            "timeline.csv",
            "transitions.csv",
            "periods.csv",
            "timeline.html",
        ],
    )
    .with_context(context)?;
    let set = out.out();
    set.write_with("timeline.csv", |o| csv_tables::write_timeline(&timeline, o))
        .with_context(context)?;
    set.write_with("transitions.csv", |o| {
        csv_tables::write_transitions(&timeline, o)
    })
    .with_context(context)?;
    set.write_with("periods.csv", |o| csv_tables::write_periods(&timeline, o))
        .with_context(context)?;
    let page = votebloc::report::timeline::timeline_html(&timeline, &args.highlight);
    set.write_with("timeline.html", |o| o.write_all(page.as_bytes()))
        .with_context(context)?;
    out.commit().with_context(context)?;
    if timeline.motions_without_period > 0 {
        eprintln!(
            "warning: {} motion(s) without a period left out",
            timeline.motions_without_period
        );
    }
    eprintln!(
        "{} periods analysed, {} skipped, {} bloc changes → {}",
        timeline.periods.len(),
        timeline.skipped.len(),
        timeline.transitions.len(),
        dir.display()
    );
    Ok(())
}
