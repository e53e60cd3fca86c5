//! `votebloc profile`: one member's partners, blocs over time, breaks and split votes.

use super::UsageError;
use super::analyze::AnalysisArgs;
use super::choice::choice;
use super::input::InputArgs;
use anyhow::Context;
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use votebloc::agreement;
use votebloc::export::{self, table};
use votebloc::model::{Dataset, PeriodBy};
use votebloc::profile::{self, ProfileError, ProfileParams};

/// A member's profile: nearest and farthest partners, its bloc period by period, the motions
/// on which it broke with its bloc or group, its split votes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The member, by code or name (`RUS`, `Russian Federation`, an ICPSR number).
    #[arg(value_name = "MEMBER")]
    pub member: String,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// One bloc per period [default: session (congress for Voteview) when the data span
    /// several, else one analysis of everything].
    #[arg(long, value_parser = choice::<PeriodBy>())]
    pub by: Option<PeriodBy>,
    /// Least share of the others' cast votes a majority of the bloc or group must hold for a
    /// differing vote to count as a break.
    #[arg(long, value_name = "SHARE", default_value_t = 0.75)]
    pub unity: f64,
    /// Also place the member on the main line of conflict: its ideal point per period (a
    /// dynamic ordinal fit; seconds on the whole UNGA history).
    #[arg(long)]
    pub ideal: bool,
    /// Also write the profile as one self-contained HTML page.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The periods of the data when they span several sessions (or congresses), else none.
fn default_by(data: &Dataset) -> Option<PeriodBy> {
    let sessions: BTreeSet<u32> = data.motions.iter().filter_map(|m| m.session).collect();
    (sessions.len() > 1).then(|| {
        if data.motions.iter().any(|m| m.chamber.is_some()) {
            PeriodBy::Congress
        } else {
            PeriodBy::Session
        }
    })
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let analysis = args.analysis.params()?;
    let data = args.input.load()?;
    let member = agreement::resolve(&data, &args.member).context("choosing the member")?;
    let params = ProfileParams {
        member,
        by: args.by.or_else(|| default_by(&data)),
        index: args.analysis.index,
        unity: args.unity,
        ideal: args.ideal,
    };
    let profile = profile::run(&data, &params, &analysis).map_err(|e| match e {
        e if e.is_usage() => anyhow::Error::new(UsageError(e.to_string())),
        ProfileError::Agreement(e) => anyhow::Error::new(e).context("choosing the member"),
        e => anyhow::Error::new(e).context("profiling the member"),
    })?;
    let index = args.analysis.index.to_string();
    let stdout = std::io::stdout();
    let styled = table::use_style(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    export::profile::write_summary(&data, &profile, &index, &mut out, styled)?;
    out.flush()?;
    if let Some(path) = &args.output {
        let page = votebloc::report::profile::profile_html(&data, &profile, &index);
        export::write_with(path, |o| o.write_all(page.as_bytes()))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("profile → {}", path.display());
    }
    Ok(())
}
