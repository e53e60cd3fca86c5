//! `votebloc timeline`: one analysis per session, year or congress, blocs aligned over time,
//! and the dynamic ideal points over the same periods (unless `--no-ideal`).

use super::UsageError;
use super::analyze::AnalysisArgs;
use super::choice::choice;
use super::input::InputArgs;
use super::output;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use votebloc::export::{csv_tables, ideal as ideal_export};
use votebloc::ideal::{self, IdealParams, IdealPoints, ParamGuard};
use votebloc::model::Dataset;
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
    /// Members whose bloc and ideal point timeline.html shows period by period, by code
    /// (comma-separated).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub highlight: Vec<String>,
    /// Leave out the ideal points. By default the periods are also placed on one scale by the
    /// dynamic fit of `votebloc ideal --by … --dynamic` (with its defaults for the source:
    /// model, anchor, walk variance, bridges by title): ideal.csv, and the highlighted members'
    /// paths in timeline.html.
    #[arg(long)]
    pub no_ideal: bool,
    /// Parametric bootstrap replicates for the bounds in ideal.csv (0: empty bounds).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        conflicts_with = "no_ideal"
    )]
    pub ideal_bootstrap: usize,
    /// Output folder for timeline.csv, transitions.csv, periods.csv, timeline.html and
    /// ideal.csv.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

/// Analyses every period and fits the dynamic ideal points (both at once), then writes the
/// files as one set; a fit that cannot be made is a warning, not a failure of the timeline.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut params = args.analysis.params()?;
    let data = args.input.load()?;
    // Each period's analysis is checked against what is left once the inputs are read.
    params.memory_budget = args.analysis.memory_budget(false);
    // The periods' analyses allocate and free the same tables over and over.
    super::memory::keep_freed_memory();
    let ideal_params = (!args.no_ideal)
        .then(|| {
            IdealParams::new()
                .model(ideal::default_model(&data))
                .walk_variance(ideal::default_walk_variance(&data))
                .by(Some(args.by))
                .dynamic(true)
                .bootstrap(args.ideal_bootstrap)
                .seed(args.analysis.seed)
                .check()
        })
        .transpose()
        .map_err(|e| anyhow::Error::new(UsageError(e.to_string())))?;
    let progress = progress_bar(&data, args.by);
    let (result, fit) = rayon::join(
        || timeline::run(&data, args.by, &params, || progress.inc(1)),
        || ideal_params.map(|p| ideal::fit(&data, &p)),
    );
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
    let fit = match fit {
        Some(Ok(fit)) => Some(fit),
        Some(Err(e)) => {
            eprintln!("warning: ideal points not estimated: {e} (ideal.csv not written)");
            None
        }
        None => None,
    };
    write_files(args, &timeline, fit.as_ref())?;
    if timeline.motions_without_period > 0 {
        eprintln!(
            "warning: {} motion(s) without a period left out",
            timeline.motions_without_period
        );
    }
    for warning in fit.iter().flat_map(|f| &f.warnings) {
        eprintln!("warning: ideal points: {warning}");
    }
    eprintln!(
        "{} periods analysed, {} skipped, {} bloc changes → {}",
        timeline.periods.len(),
        timeline.skipped.len(),
        timeline.transitions.len(),
        args.output.display()
    );
    Ok(())
}

/// A bar of the periods on a terminal; hidden otherwise.
fn progress_bar(data: &Dataset, by: PeriodBy) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let periods = data
        .motions
        .iter()
        .filter_map(|m| match by {
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
}

/// Writes timeline.csv, transitions.csv, periods.csv, ideal.csv (with a fit) and
/// timeline.html into `--output` as one set: all of them or none.
fn write_files(
    args: &Args,
    timeline: &timeline::Timeline,
    fit: Option<&IdealPoints>,
) -> anyhow::Result<()> {
    let dir = &args.output;
    let context = || format!("writing the timeline to {}", dir.display());
    let out = output::Dir::create(
        dir,
        &[
            "timeline.csv",
            "transitions.csv",
            "periods.csv",
            "timeline.html",
            "ideal.csv",
        ],
    )
    .with_context(context)?;
    let set = out.out();
    set.write_with("timeline.csv", |o| csv_tables::write_timeline(timeline, o))
        .with_context(context)?;
    set.write_with("transitions.csv", |o| {
        csv_tables::write_transitions(timeline, o)
    })
    .with_context(context)?;
    set.write_with("periods.csv", |o| csv_tables::write_periods(timeline, o))
        .with_context(context)?;
    if let Some(fit) = fit {
        set.write_with("ideal.csv", |o| ideal_export::write_positions(fit, o))
            .with_context(context)?;
    }
    let page = votebloc::report::timeline::timeline_html_with_ideal(timeline, &args.highlight, fit);
    set.write_with("timeline.html", |o| o.write_all(page.as_bytes()))
        .with_context(context)?;
    out.commit().with_context(context)
}
