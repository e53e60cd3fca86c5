//! `votebloc agreement`: how often each member votes with one or more reference members, by
//! period (the US State Department's voting coincidence and the other indices).

use super::UsageError;
use super::choice::choice;
use super::input::InputArgs;
use super::output;
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use votebloc::Choice;
use votebloc::agreement::{self, Agreement, AgreementParams};
use votebloc::export::{self, table};
use votebloc::model::{Dataset, PeriodBy};
use votebloc::similarity::Index;

/// How often each member votes with the reference members, by year, session or congress.
///
/// Counts as the US State Department tabulates them in "Voting Practices in the United
/// Nations": same (both yes or both no), opposite (yes against no), partial (one abstained),
/// absent (one absent); coincidence = same / (same + opposite).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Reference members, by code or name (repeat or separate with commas).
    #[arg(long, value_name = "CODE", value_delimiter = ',', required = true)]
    pub with: Vec<String>,
    /// One row per period (default: one row over every motion).
    #[arg(long, value_parser = choice::<PeriodBy>())]
    pub by: Option<PeriodBy>,
    /// Index of the value column.
    #[arg(long, value_parser = choice::<Index>(), default_value_t = Index::Coincidence)]
    pub index: Index,
    /// Members drawn as lines in the --html page, by code or name (comma-separated).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub highlight: Vec<String>,
    /// Also write a page with one plot per reference member: the --highlight members' lines
    /// against the spread of all members, period by period.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the CSV to this file (default: stdout; an aligned table on a terminal).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let data = args.input.load()?;
    let params = AgreementParams {
        with: reference_members(&data, &args.with)?,
        by: args.by,
        index: args.index,
    };
    let result = agreement::run(&data, &params).map_err(|e| {
        if e.is_usage() {
            anyhow::Error::new(UsageError(e.to_string()))
        } else {
            anyhow::Error::new(e).context("comparing the votes")
        }
    })?;
    warn_of_gaps(&data, &params, &result, args.by);
    if let Some(path) = &args.html {
        let highlight = args
            .highlight
            .iter()
            .map(|text| agreement::resolve(&data, text))
            .collect::<Result<Vec<_>, _>>()
            .context("choosing the members to draw (--highlight)")?;
        let page = votebloc::report::agreement::agreement_html(&data, &result, &highlight);
        export::write_with(path, |o| o.write_all(page.as_bytes()))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("plots → {}", path.display());
    } else if !args.highlight.is_empty() {
        return Err(anyhow::Error::new(UsageError(
            "--highlight draws members in the --html page: give --html FILE".to_string(),
        )));
    }
    write_rows(&data, &result, args.output.as_deref())
}

/// The members of `--with`, each named once.
fn reference_members(data: &Dataset, with: &[String]) -> anyhow::Result<Vec<usize>> {
    let with = with
        .iter()
        .map(|text| agreement::resolve(data, text))
        .collect::<Result<Vec<_>, _>>()
        .context("choosing the reference members (--with)")?;
    let mut unique = with.clone();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != with.len() {
        return Err(anyhow::Error::new(UsageError(
            "--with names the same member twice".to_string(),
        )));
    }
    Ok(with)
}

/// Says on stderr what the rows leave out: motions without a period, periods in which a
/// reference member was not a member.
fn warn_of_gaps(
    data: &Dataset,
    params: &AgreementParams,
    result: &Agreement,
    by: Option<PeriodBy>,
) {
    if result.motions_without_period > 0 {
        eprintln!(
            "warning: {} motion(s) without a {} left out",
            result.motions_without_period,
            by.map_or("period", |b| b.name())
        );
    }
    for &w in &params.with {
        let missing = result
            .reference_missing
            .iter()
            .filter(|(r, _)| *r == w)
            .count();
        if missing > 0 {
            eprintln!(
                "note: {} was not a member in {missing} period(s): no rows there",
                data.members[w].code
            );
        }
    }
}

/// Writes the rows as CSV to `path`, or to stdout (an aligned table on a terminal).
fn write_rows(data: &Dataset, result: &Agreement, path: Option<&Path>) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            output::write_file(path, |o| export::agreement::write_csv(data, result, o))
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("{} rows → {}", result.rows.len(), path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let terminal = stdout.is_terminal();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if terminal {
                export::agreement::write_table(data, result, &mut out, table::use_style(true))?;
            } else {
                export::agreement::write_csv(data, result, &mut out)?;
            }
            out.flush()?;
        }
    }
    Ok(())
}
