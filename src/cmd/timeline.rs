//! `votebloc timeline`: one analysis per session, year or congress, blocs aligned over time,
//! and with `--ideal` the dynamic ideal points over the same periods.

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
    /// Members whose bloc timeline.html shows period by period, by code (comma-separated);
    /// with --ideal, also their ideal point over time.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub highlight: Vec<String>,
    /// Also estimate the ideal points over the periods (the dynamic ordinal fit of `votebloc
    /// ideal --by … --dynamic`, with its defaults): ideal.csv, and the highlighted members'
    /// paths in timeline.html. Off by default: the fit takes several times as long as the
    /// blocs of every period.
    #[arg(long)]
    pub ideal: bool,
    /// Parametric bootstrap replicates for the bounds in ideal.csv (0: empty bounds).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "ideal")]
    pub ideal_bootstrap: usize,
    /// Output folder for timeline.csv, transitions.csv, periods.csv, timeline.html and, with
    /// --ideal, ideal.csv.
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
    let ideal_params = args
        .ideal
        .then(|| {
            IdealParams::new()
                .by(Some(args.by))
                .dynamic(true)
                .bootstrap(args.ideal_bootstrap)
                .seed(args.analysis.seed)
                .check()
        })
        .transpose()
        .map_err(|e| anyhow::Error::new(UsageError(e.to_string())))?;
    // The periods' blocs and the dynamic fit are independent: both at once.
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
    let fit: Option<IdealPoints> = fit.transpose().map_err(|e| {
        if e.is_usage() {
            anyhow::Error::new(UsageError(e.to_string()))
        } else {
            anyhow::Error::new(e).context("estimating the ideal points")
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
            "ideal.csv",
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
    if let Some(fit) = &fit {
        set.write_with("ideal.csv", |o| ideal_export::write_positions(fit, o))
            .with_context(context)?;
    }
    let page = votebloc::report::timeline::timeline_html_with_ideal(
        &timeline,
        &args.highlight,
        fit.as_ref(),
    );
    set.write_with("timeline.html", |o| o.write_all(page.as_bytes()))
        .with_context(context)?;
    out.commit().with_context(context)?;
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
        dir.display()
    );
    Ok(())
}
