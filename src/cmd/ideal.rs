//! `votebloc ideal`: ideal points (static, per period or dynamic), a ranked table, and the
//! CSV/JSON outputs.

use super::UsageError;
use super::analyze::{SummaryFormat, digests};
use super::choice::choice;
use super::input::InputArgs;
use super::output;
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use votebloc::export::{ideal as ideal_export, table};
use votebloc::ideal::{self, AbstainAs, Anchor, IdealModel, IdealParams, ParamGuard};
use votebloc::report::ideal_page::ideal_html;
use votebloc::timeline::PeriodBy;

/// Place every member on the main line(s) of conflict (item-response ideal points).
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("min_minority", |a| a
        .default_value("0.025")
        .help("Leave out lopsided motions: fewer than this share of their votes outside the most common choice (W-NOMINATE's 2.5 %)")),
    mut_arg("min_votes", |a| a
        .default_value("20")
        .help("Leave out members (member-periods) with fewer votes in the model (W-NOMINATE's 20)")),
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Item-response model [default: binary for US Congress roll calls, ordinal otherwise].
    #[arg(long, value_parser = choice::<IdealModel>())]
    pub model: Option<IdealModel>,
    /// How the binary model reads an abstention [default: missing].
    #[arg(long, value_parser = choice::<AbstainAs>())]
    pub abstain: Option<AbstainAs>,
    /// Dimensions (1 or 2).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub dims: usize,
    /// One position per member per period (session, year, congress).
    #[arg(long, value_parser = choice::<PeriodBy>())]
    pub by: Option<PeriodBy>,
    /// One joint fit over the periods, a random walk between a member's periods (with --by).
    #[arg(long)]
    pub dynamic: bool,
    /// CSV of motion pairs sharing their parameters (rcid1,rcid2), with --dynamic.
    #[arg(long, value_name = "FILE")]
    pub bridges: Option<PathBuf>,
    /// Do not bridge same-titled motions of different periods (--dynamic).
    #[arg(long)]
    pub no_auto_bridges: bool,
    /// Member code or group placed on the positive side [default: USA, else Republican, else
    /// the member with the most votes].
    #[arg(long, value_name = "MEMBER|GROUP")]
    pub anchor: Option<String>,
    /// Parametric bootstrap replicates for the 5 %/95 % bounds (0: none).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub bootstrap: usize,
    /// Seed of the starting values and the bootstrap.
    #[arg(long, default_value_t = ideal::DEFAULT_SEED)]
    pub seed: u64,
    /// Variance of a member's move between consecutive periods (--dynamic) [default: 0.1;
    /// 0.01 for US Congress roll calls, whose members barely move over a career].
    #[arg(long, value_name = "V")]
    pub walk_variance: Option<f64>,
    /// Convergence, first rule: the largest change of a position in one EM step.
    #[arg(long, value_name = "T", default_value_t = 1e-6)]
    pub tolerance: f64,
    /// Convergence, second rule (Imai, Lo & Olmsted 2016): 1 − the correlation of the
    /// positions of two EM steps; 0 turns it off. The fit stops at whichever rule is met
    /// first.
    #[arg(long, value_name = "C", default_value_t = 1e-7)]
    pub correlation_tolerance: f64,
    /// Cap on EM steps.
    #[arg(long, value_name = "N", default_value_t = 5_000)]
    pub max_iterations: usize,
    /// Output folder for ideal.csv, ideal_motions.csv, summary.json and (static fits)
    /// ideal.html.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Draw the motions' cutting lines on the scatter of ideal.html (--dims 2).
    #[arg(long)]
    pub cutting_lines: bool,
    /// Form of the summary on stdout.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    pub summary: SummaryFormat,
}

impl Args {
    /// The checked parameters, with the model asked for (else the ordinal one, until
    /// [`Args::model_of`] chooses the source's).
    fn params(&self) -> anyhow::Result<ideal::IdealValidParams> {
        let usage = |m: String| anyhow::Error::new(UsageError(m));
        if self.abstain.is_some() && self.model == Some(IdealModel::Ordinal) {
            return Err(usage(abstain_needs_binary()));
        }
        if self.dynamic && self.by.is_none() {
            return Err(usage(
                "--dynamic needs --by session, year or congress".into(),
            ));
        }
        if (self.bridges.is_some() || self.no_auto_bridges) && !self.dynamic {
            return Err(usage(
                "--bridges and --no-auto-bridges go with --dynamic".into(),
            ));
        }
        let bridges = match &self.bridges {
            Some(path) => ideal::read_bridges(path).context("reading the bridges")?,
            None => Vec::new(),
        };
        IdealParams::new()
            .model(self.model.unwrap_or(IdealModel::Ordinal))
            .abstain(self.abstain.unwrap_or(AbstainAs::Missing))
            .dims(self.dims)
            .by(self.by)
            .dynamic(self.dynamic)
            .anchor(self.anchor.clone().map_or(Anchor::Auto, Anchor::Named))
            .min_minority(self.input.min_minority)
            .min_votes(self.input.min_votes.unwrap_or(20))
            .bootstrap(self.bootstrap)
            .seed(self.seed)
            .walk_variance(self.walk_variance.unwrap_or(ideal::DEFAULT_WALK_VARIANCE))
            .tolerance(self.tolerance)
            .correlation_tolerance(self.correlation_tolerance)
            .max_iterations(self.max_iterations)
            .bridges(bridges)
            .auto_bridges(!self.no_auto_bridges)
            .check()
            .map_err(|e| usage(e.to_string()))
    }

    /// The model of the fit of `data`: the one asked for, else the source's
    /// (`ideal::default_model`: binary for US Congress roll calls, ordinal otherwise).
    ///
    /// # Errors
    /// A usage error for `--abstain` when the model is the ordinal one.
    fn model_of(&self, data: &votebloc::Dataset) -> anyhow::Result<IdealModel> {
        let model = self.model.unwrap_or_else(|| ideal::default_model(data));
        if self.abstain.is_some() && model != IdealModel::Binary {
            return Err(anyhow::Error::new(UsageError(abstain_needs_binary())));
        }
        Ok(model)
    }
}

fn abstain_needs_binary() -> String {
    "--abstain goes with the binary model (--model binary; the ordinal model keeps abstentions, \
     and is the default for data other than US Congress roll calls)"
        .to_string()
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut params = args.params()?;
    if args.cutting_lines && args.dims < 2 {
        return Err(anyhow::Error::new(UsageError(
            "--cutting-lines goes with --dims 2".into(),
        )));
    }
    // The stage applies the lopsided and vote-count rules itself, per member-period.
    let mut input = args.input.clone();
    input.min_minority = 0.0;
    input.min_votes = None;
    let (data, inputs) = rayon::join(|| input.load(), || digests(&args.input));
    let data = data?;
    let inputs = inputs?;
    params.model = args.model_of(&data)?;
    if args.walk_variance.is_none() {
        params.walk_variance = ideal::default_walk_variance(&data);
    }
    let fit = ideal::fit(&data, &params).map_err(|e| {
        if e.is_usage() {
            anyhow::Error::new(UsageError(e.to_string()))
        } else {
            anyhow::Error::new(e).context("estimating the ideal points")
        }
    })?;
    for warning in &fit.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(dir) = &args.output {
        let context = || format!("writing the ideal points to {}", dir.display());
        let names = [
            "ideal.csv",
            "ideal_motions.csv",
            "summary.json",
            "ideal.html",
        ];
        let out = output::Dir::create(dir, &names).with_context(context)?;
        let set = out.out();
        set.write_with("ideal.csv", |o| ideal_export::write_positions(&fit, o))
            .with_context(context)?;
        set.write_with("ideal_motions.csv", |o| {
            ideal_export::write_motions(&fit, o)
        })
        .with_context(context)?;
        set.write_with("summary.json", |o| {
            ideal_export::write_summary(&fit, &inputs, o)
        })
        .with_context(context)?;
        // One page for one fit; the positions of fits by period are in ideal.csv.
        if params.by.is_none() {
            set.write_with("ideal.html", |o| {
                o.write_all(ideal_html(&fit, &inputs, args.cutting_lines).as_bytes())
            })
            .with_context(context)?;
        }
        out.commit().with_context(context)?;
        eprintln!("wrote the ideal points to {}", dir.display());
    }
    let stdout = std::io::stdout();
    let styled = table::use_style(stdout.is_terminal());
    let mut out = stdout.lock();
    match args.summary {
        SummaryFormat::Table => ideal_export::write_table(&fit, &mut out, styled)?,
        SummaryFormat::Json => ideal_export::write_summary(&fit, &inputs, &mut out)?,
    }
    Ok(())
}
