//! Ideal points: where each member stands on the main line(s) of conflict, estimated from the
//! votes by item-response models (Clinton, Jackman & Rivers 2004, APSR 98(2)) fitted by EM
//! (Imai, Lo & Olmsted 2016, APSR 110(4)).
//!
//! - **Ordinal** (default): no < abstain < yes, an ordered probit per motion with its own band
//!   of abstention (the UN General Assembly model of Bailey, Strezhnev & Voeten 2017, J.
//!   Conflict Resolution 61(2)). **Binary**: yes vs no, the model of legislatures.
//! - **One or two dimensions**; in two, the first axis carries the most discrimination.
//! - **Static** (one position per member), **per period** (one independent fit per session,
//!   year or congress) or **dynamic** (one joint fit, a random walk between a member's
//!   consecutive periods: Martin & Quinn 2002, Political Analysis 10(2); motions of the same
//!   text in different periods share their parameters, the *bridges* of Bailey et al.).
//! - **Identification**: positions have mean 0 and standard deviation 1 over all member-periods
//!   of a fit (two dimensions: covariance I); the sign puts the anchor on the positive side of
//!   every axis (USA for UN data, the Republicans for Congress by default).
//! - **Uncertainty**: 5 % and 95 % bounds from a parametric bootstrap (Lewis & Poole 2004,
//!   Political Analysis 12(2)): votes are drawn from the fitted model on the same cells, the
//!   model refitted from the estimate, each replicate standardised and aligned to the estimate
//!   (a flip in one dimension, an orthogonal Procrustes map in two). The EM's own curvature is
//!   not used: EM yields no variances without a further step (Louis 1982), the curvature of
//!   the positions given the motions' parameters ignores the motions' own uncertainty, and
//!   with as many parameters as members and motions the usual asymptotics do not hold (the
//!   incidental-parameter problem); Imai et al. recommend the bootstrap for these reasons.
//! - **Rules** (see the `problem` module): lopsided motions (under 2.5 % outside the most common choice)
//!   and member-periods with fewer than 20 votes are left out, as W-NOMINATE does.
//!
//! [`fit`] takes a [`Dataset`] and [`IdealValidParams`] and returns [`IdealPoints`].

mod bootstrap;
mod bridges;
mod em;
pub mod normal;
mod params;
mod periods;
mod pivots;
pub mod planted;
mod problem;
mod stage;

pub use bridges::{auto_bridges, normalised_title, read_bridges};
pub use linfa::ParamGuard;
pub use params::{
    AbstainAs, Anchor, DEFAULT_SEED, DEFAULT_WALK_VARIANCE, IdealModel, IdealParams,
    IdealValidParams,
};
pub use pivots::{Pivot, PivotSide};
pub use stage::{
    BETWEEN_SHARE, BetweenBlocs, BlocCentre, CONGRESS_WALK_VARIANCE, DEFAULT_MAX_VOTES, IdealStage,
    IdealStageResult, default_model, default_walk_variance,
};

use crate::model::Dataset;
use crate::model::PeriodBy;
use em::Theta;
use problem::{Problem, Unit};
use rayon::prelude::*;
use std::path::PathBuf;

/// Errors of the ideal-point stage.
#[derive(Debug, thiserror::Error)]
pub enum IdealError {
    /// A parameter out of its range (a usage error).
    #[error("{0}")]
    InvalidParams(String),
    #[error("the anchor {anchor:?} is neither a member code nor a group in the data{hint}")]
    UnknownAnchor { anchor: String, hint: String },
    #[error("nothing to scale{period}: {reason}")]
    NothingToScale { period: String, reason: String },
    #[error(
        "no period by {by} to fit: {without} motion(s) have no {by} (unvotes needs --roll-calls for sessions and dates)"
    )]
    NoPeriods { by: PeriodBy, without: usize },
    #[error("{path}:{line}: {message}")]
    BridgeFile {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: cannot read the bridges")]
    BridgeIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl IdealError {
    /// True for errors in the parameters the user gave (exit code 2 on the command line).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            IdealError::InvalidParams(_) | IdealError::UnknownAnchor { .. }
        )
    }

    /// True for input that cannot be scaled or a malformed bridge file (exit code 3).
    pub fn is_invalid_data(&self) -> bool {
        matches!(
            self,
            IdealError::NothingToScale { .. }
                | IdealError::NoPeriods { .. }
                | IdealError::BridgeFile { .. }
        )
    }
}

/// One member's position in one period (in a static fit, `period` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub member: String,
    pub name: String,
    pub group: Option<String>,
    pub period: Option<u32>,
    /// Coordinates; the second is 0 in one dimension.
    pub ideal: [f64; 2],
    /// 5 % and 95 % bootstrap bounds (`None` without a bootstrap).
    pub lower: Option<[f64; 2]>,
    pub upper: Option<[f64; 2]>,
    /// Votes of this member-period the model read.
    pub votes: usize,
}

/// One motion's parameters on the scale of the positions: a member at `x` votes above the
/// threshold `cut` when `discrimination·x + ε > cut` (ε standard normal).
#[derive(Debug, Clone, PartialEq)]
pub struct MotionParameters {
    pub motion: String,
    pub period: Option<u32>,
    /// Second coordinate 0 in one dimension.
    pub discrimination: [f64; 2],
    /// Threshold between no and what is above (`None` when no one voted no, or, in the binary
    /// model, the only threshold).
    pub cut_1: Option<f64>,
    /// Threshold between what is below and yes (`None` when no one voted yes, or in the binary
    /// model). A motion without abstentions has `cut_1 == cut_2`.
    pub cut_2: Option<f64>,
    /// The motion whose parameters this one shares (the first of its bridge group).
    pub bridge: Option<String>,
}

/// Statistics of one estimation (one per period in a per-period fit).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FitStatistics {
    pub period: Option<u32>,
    pub members: usize,
    pub motions: usize,
    /// Parameter sets (motions joined by bridges count once).
    pub items: usize,
    pub votes: usize,
    pub log_likelihood: f64,
    /// Share of votes whose most probable choice under the model is the one cast.
    pub correctly_classified: f64,
    /// Aggregate proportional reduction in error over the motions' minority votes (Poole &
    /// Rosenthal 1997); `None` when no motion has a minority.
    pub apre: Option<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// The pivots of one period (or of a static fit).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodPivots {
    pub period: Option<u32>,
    pub members: usize,
    pub pivots: Vec<Pivot>,
}

/// What the rules left out, summed over the fits.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LeftOut {
    pub motions_without_period: usize,
    pub motions_without_votes: usize,
    pub lopsided_motions: usize,
    pub motions_without_split: usize,
    pub member_periods_with_few_votes: usize,
    /// Members with no vote the model reads anywhere (codes).
    pub members_without_votes: Vec<String>,
    /// Periods that could not be fitted, with the reason.
    pub periods: Vec<(u32, String)>,
}

/// The result of [`fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct IdealPoints {
    pub params: IdealValidParams,
    /// How the sign was fixed, e.g. `USA (member)`.
    pub anchor: String,
    /// Ordered by period, then member code.
    pub positions: Vec<Position>,
    /// Ordered by period, then motion (canonical order).
    pub motions: Vec<MotionParameters>,
    pub fits: Vec<FitStatistics>,
    pub pivots: Vec<PeriodPivots>,
    pub left_out: LeftOut,
    /// Motions that share parameters with an earlier motion.
    pub bridged_motions: usize,
    /// Things the user should know (an anchor absent from a period, a fit that did not
    /// converge, periods left out).
    pub warnings: Vec<String>,
}

/// The sign rule once resolved on the data.
struct ResolvedAnchor {
    /// Members (dataset indices) whose mean must be positive.
    members: Vec<bool>,
    description: String,
}

/// The sign rule of `anchor` on `data`: a member code, else a group, for a named anchor; USA,
/// else the Republicans, else (with a warning) the member with the most votes, for `Auto`.
fn resolve_anchor(
    data: &Dataset,
    anchor: &params::Anchor,
    warnings: &mut Vec<String>,
) -> Result<ResolvedAnchor, IdealError> {
    match anchor {
        params::Anchor::Named(name) => named_anchor(data, name),
        params::Anchor::Auto => Ok(auto_anchor(data, warnings)),
    }
}

/// Flags of the members of group `name` (case-insensitive), or `None` when it has none.
fn group_members(data: &Dataset, name: &str) -> Option<Vec<bool>> {
    let members: Vec<bool> = data
        .members
        .iter()
        .map(|m| {
            m.group
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(name))
        })
        .collect();
    members.iter().any(|&b| b).then_some(members)
}

/// Flags of the one member `index`.
fn only_member(data: &Dataset, index: usize) -> Vec<bool> {
    (0..data.members.len()).map(|i| i == index).collect()
}

/// The anchor the user named: a member code, else a group; else an error listing up to five
/// members whose name or code matches.
fn named_anchor(data: &Dataset, name: &str) -> Result<ResolvedAnchor, IdealError> {
    if let Some(i) = data.member_index(name) {
        return Ok(ResolvedAnchor {
            members: only_member(data, i),
            description: format!("{name} (member)"),
        });
    }
    if let Some(members) = group_members(data, name) {
        return Ok(ResolvedAnchor {
            members,
            description: format!("{name} (group)"),
        });
    }
    let close: Vec<&str> = data
        .members
        .iter()
        .filter(|m| {
            m.name.to_lowercase().contains(&name.to_lowercase())
                || m.code.eq_ignore_ascii_case(name)
        })
        .map(|m| m.code.as_str())
        .take(5)
        .collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(
            " (members whose name or code matches: {})",
            close.join(", ")
        )
    };
    Err(IdealError::UnknownAnchor {
        anchor: name.to_string(),
        hint,
    })
}

/// The default anchor: USA, else the Republicans, else the member with the most votes (ties
/// by the first), with a warning.
fn auto_anchor(data: &Dataset, warnings: &mut Vec<String>) -> ResolvedAnchor {
    if let Some(i) = data.member_index("USA") {
        return ResolvedAnchor {
            members: only_member(data, i),
            description: "USA (member)".to_string(),
        };
    }
    if let Some(members) = group_members(data, "Republican") {
        return ResolvedAnchor {
            members,
            description: "Republican (group)".to_string(),
        };
    }
    let casts = data.cast_counts();
    let best = (0..data.members.len())
        .max_by(|&a, &b| casts[a].cmp(&casts[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let code = data.members.get(best).map_or("", |m| m.code.as_str());
    warnings.push(format!(
        "no USA member nor Republican group: the sign puts {code}, the member with the most votes, on the positive side (choose with --anchor)"
    ));
    ResolvedAnchor {
        members: only_member(data, best),
        description: format!("{code} (member with the most votes)"),
    }
}

/// The outcome of one estimation before it is written out.
struct UnitFit {
    problem: Problem,
    theta: Theta,
    bounds: Option<Vec<([f64; 2], [f64; 2])>>,
    stats: FitStatistics,
    warnings: Vec<String>,
}

fn period_label(period: Option<u32>) -> String {
    period.map_or_else(String::new, |p| format!(" in period {p}"))
}

/// Mean of each coordinate over the anchor's rows of `period` (all rows when `None`).
fn anchor_mean(
    problem: &Problem,
    x: &[[f64; 2]],
    anchor: &[bool],
    period: Option<Option<u32>>,
) -> Option<[f64; 2]> {
    let mut sum = [0.0; 2];
    let mut n = 0usize;
    for (r, row) in problem.rows.iter().enumerate() {
        if anchor[row.member as usize] && period.is_none_or(|p| row.period == p) {
            sum[0] += x[r][0];
            sum[1] += x[r][1];
            n += 1;
        }
    }
    (n > 0).then(|| [sum[0] / n as f64, sum[1] / n as f64])
}

/// Orients starting positions period by period: the anchor positive where it votes, else the
/// same side as in the previous period for the members the two share.
fn orient_start(problem: &Problem, anchor: &[bool], x: &mut [[f64; 2]]) {
    let periods = problem.periods();
    let mut previous: Vec<Option<[f64; 2]>> = vec![None; problem.rows.len()];
    let mut last_of_member: std::collections::HashMap<u32, usize> = Default::default();
    for period in periods {
        let rows: Vec<usize> = (0..problem.rows.len())
            .filter(|&r| problem.rows[r].period == period)
            .collect();
        let anchor_here = anchor_mean(problem, x, anchor, Some(period));
        for dim in 0..problem.dims {
            let sign = match anchor_here {
                Some(mean) if mean[dim] != 0.0 => mean[dim].signum(),
                _ => {
                    let dot: f64 = rows
                        .iter()
                        .filter_map(|&r| {
                            let before = last_of_member.get(&problem.rows[r].member)?;
                            previous[*before].map(|v| v[dim] * x[r][dim])
                        })
                        .sum();
                    if dot < 0.0 { -1.0 } else { 1.0 }
                }
            };
            for &r in &rows {
                x[r][dim] *= sign;
            }
        }
        for &r in &rows {
            previous[r] = Some(x[r]);
            last_of_member.insert(problem.rows[r].member, r);
        }
    }
}

/// Fits one unit: start, EM, standardisation, sign, statistics, bootstrap.
fn fit_unit(
    problem: Problem,
    params: &IdealValidParams,
    anchor: &[bool],
    stats_period: Option<u32>,
    seed: u64,
) -> Result<UnitFit, IdealError> {
    let label = period_label(stats_period);
    let nothing = |reason: String| IdealError::NothingToScale {
        period: label.clone(),
        reason,
    };
    if let Some(reason) = too_small(&problem, params.dims) {
        return Err(nothing(reason));
    }
    let priors = params.priors();
    let start = em::start(&problem, seed, &|x| orient_start(&problem, anchor, x));
    let fitted = em::fit(
        &problem,
        &problem.cats,
        start,
        &priors,
        em::Convergence {
            tolerance: params.tolerance,
            correlation: params.correlation_tolerance,
        },
        params.max_iterations,
    );
    let mut warnings = Vec::new();
    if !fitted.converged {
        warnings.push(format!(
            "the EM did not converge{label} in {} iterations (raise --max-iterations)",
            fitted.iterations
        ));
    }
    let Some(mut theta) = em::standardise(&problem, &fitted.theta) else {
        return Err(nothing(
            "the votes place every member at the same position".to_string(),
        ));
    };
    if let Some(mean) = anchor_mean(&problem, &theta.x, anchor, None) {
        for (dim, value) in mean.iter().enumerate().take(problem.dims) {
            if *value < 0.0 {
                em::flip(&mut theta, dim);
            }
        }
    }
    let stats = fit_statistics(&problem, &theta, &fitted, stats_period);
    let bounds = (params.bootstrap > 0).then(|| {
        bootstrap::bounds(
            &problem,
            &fitted.theta,
            &theta,
            &priors,
            params.bootstrap,
            params.bootstrap_tolerance,
            params.max_iterations.min(1_000),
            seed,
        )
    });
    Ok(UnitFit {
        problem,
        theta,
        bounds,
        stats,
        warnings,
    })
}

/// Why `problem` is too small to fit in `dims` dimensions (no dividing motion, fewer than
/// `dims + 2` members, fewer items than dimensions), or `None` when it is not.
fn too_small(problem: &Problem, dims: usize) -> Option<String> {
    if problem.items.is_empty() {
        return Some(
            "no motion divides the members (every motion is unanimous, lopsided or without votes)"
                .to_string(),
        );
    }
    let needed = dims + 2;
    if problem.rows.len() < needed {
        return Some(format!(
            "{} member(s) left after the rules, {needed} needed for {} dimension(s)",
            problem.rows.len(),
            dims
        ));
    }
    if problem.items.len() < dims {
        return Some(format!(
            "{} motion(s) divide the members, {} needed for {} dimension(s)",
            problem.items.len(),
            dims,
            dims
        ));
    }
    None
}

/// The statistics of a fit: sizes, log-likelihood, share correctly classified, APRE (none
/// without a minority vote), EM iterations.
fn fit_statistics(
    problem: &Problem,
    theta: &Theta,
    fitted: &em::Fitted,
    period: Option<u32>,
) -> FitStatistics {
    let statistics = em::statistics(problem, &problem.cats, theta);
    FitStatistics {
        period,
        members: problem.rows.len(),
        motions: problem.motions.len(),
        items: problem.items.len(),
        votes: statistics.votes,
        log_likelihood: statistics.log_likelihood,
        correctly_classified: statistics.correct as f64 / statistics.votes.max(1) as f64,
        apre: (statistics.minority > 0).then(|| {
            (statistics.minority as f64 - (statistics.votes - statistics.correct) as f64)
                / statistics.minority as f64
        }),
        iterations: fitted.iterations,
        converged: fitted.converged,
    }
}

/// Estimates the ideal points of the members of `data`.
///
/// Takes the dataset (in canonical order, as every stage) and checked parameters; returns the
/// positions (ordered by period, then member code), the motions' parameters, fit statistics,
/// pivots, what the rules left out and warnings. The result depends only on the dataset, the
/// parameters and the seed: not on the order of the input rows nor on the number of threads.
///
/// # Complexity
/// O(I · V) time for I EM steps over the V votes the model reads (a few tens to a few hundred
/// steps), times (1 + bootstrap replicates, which start from the estimate and stop earlier);
/// O(V) memory (plus bootstrap replicates × member-periods).
///
/// # Errors
/// [`IdealError::UnknownAnchor`] for an anchor not in the data; [`IdealError::NothingToScale`]
/// when the rules leave too few members or no motion that divides them (every motion
/// unanimous or lopsided) or the votes give every member the same position;
/// [`IdealError::NoPeriods`] when no motion has the period asked for. In a per-period fit a
/// period that cannot be fitted is skipped (listed in [`LeftOut::periods`] and the warnings);
/// the error comes only when none can.
///
/// # Examples
/// ```
/// use linfa::ParamGuard;
/// use votebloc::ideal::{self, IdealParams, planted::{planted_irt, PlantedIrt}};
/// let truth = planted_irt(&PlantedIrt { members: 60, motions: 200, ..PlantedIrt::default() });
/// let params = IdealParams::new().bootstrap(0).check().unwrap();
/// let fit = ideal::fit(&truth.dataset, &params).unwrap();
/// assert_eq!(fit.positions.len(), 60);
/// // Three choices, noisy votes: the most probable choice is the one cast about 7 times in 10.
/// assert!(fit.fits[0].correctly_classified > 0.6);
/// ```
pub fn fit(data: &Dataset, params: &IdealValidParams) -> Result<IdealPoints, IdealError> {
    let mut warnings = Vec::new();
    let anchor = resolve_anchor(data, &params.anchor, &mut warnings)?;
    let mut left_out = LeftOut::default();
    let (keys, periods) = period_keys(data, params, &mut left_out)?;
    let rank_of = |p: u32| periods.binary_search(&p).unwrap_or_default() as u32;
    let mut dynamic = params.dynamic;
    if dynamic && periods.len() == 1 {
        warnings.push(format!(
            "only one period ({} {}): the dynamic fit is the static fit of that period",
            params.by.map_or("", |b| crate::Choice::name(b)),
            periods[0]
        ));
        dynamic = false;
    }
    let bridge_pairs = if dynamic {
        bridge_pairs(data, params, &keys, &mut warnings)
    } else {
        Vec::new()
    };
    let units = units(params, &keys, &periods, dynamic);
    let per_period = params.by.is_some() && !dynamic;
    let results: Vec<UnitResult> = units
        .par_iter()
        .enumerate()
        .map(|(u, (period, motions))| {
            let unit = Unit {
                motions,
                period_of: &keys,
                ranks: &rank_of,
                bridges: &bridge_pairs,
                dynamic,
            };
            let (problem, dropped) = problem::build(data, params, &unit);
            let seed = params.seed.wrapping_add(u as u64);
            (
                *period,
                fit_unit(problem, params, &anchor.members, *period, seed),
                dropped,
            )
        })
        .collect();
    let mut fits = collect_fits(data, results, per_period, &mut left_out, &mut warnings)?;
    if per_period {
        align_periods(&mut fits, &anchor.members, &mut warnings);
    } else if dynamic {
        check_period_signs(&fits[0], &anchor.members, &mut warnings);
    }
    for unit in &fits {
        warnings.extend(unit.warnings.iter().cloned());
    }
    assemble(data, params, anchor.description, fits, left_out, warnings)
}

/// The outcome of one unit: its period (per-period fits), its fit and what its rules left
/// out.
type UnitResult = (Option<u32>, Result<UnitFit, IdealError>, problem::LeftOut);

/// The period key of every motion (all `None` without `params.by`; the motions without one
/// counted in `left_out`) and the distinct periods, ascending.
///
/// # Errors
///
/// [`IdealError::NoPeriods`] when periods are asked for and no motion has one.
fn period_keys(
    data: &Dataset,
    params: &IdealValidParams,
    left_out: &mut LeftOut,
) -> Result<(Vec<Option<u32>>, Vec<u32>), IdealError> {
    let keys: Vec<Option<u32>> = match params.by {
        Some(by) => data.motions.iter().map(|m| by.key(m)).collect(),
        None => vec![None; data.motions.len()],
    };
    if params.by.is_some() {
        left_out.motions_without_period = keys.iter().filter(|k| k.is_none()).count();
    }
    let mut periods: Vec<u32> = keys.iter().flatten().copied().collect();
    periods.sort_unstable();
    periods.dedup();
    if let Some(by) = params.by
        && periods.is_empty()
    {
        return Err(IdealError::NoPeriods {
            by,
            without: left_out.motions_without_period,
        });
    }
    Ok((keys, periods))
}

/// The bridges of a dynamic fit: the pairs of the parameters whose motions are in the data
/// with a period (a warning counts the others), then same-titled motions when asked.
fn bridge_pairs(
    data: &Dataset,
    params: &IdealValidParams,
    keys: &[Option<u32>],
    warnings: &mut Vec<String>,
) -> Vec<(usize, usize)> {
    let mut bridge_pairs: Vec<(usize, usize)> = Vec::new();
    let mut unknown = 0usize;
    for (a, b) in &params.bridges {
        match (data.motion_index(a), data.motion_index(b)) {
            (Some(i), Some(j)) if keys[i].is_some() && keys[j].is_some() => {
                bridge_pairs.push((i, j))
            }
            _ => unknown += 1,
        }
    }
    if unknown > 0 {
        warnings.push(format!(
            "{unknown} of {} bridge pair(s) name a motion not in the data (or without a period): ignored",
            params.bridges.len()
        ));
    }
    if params.auto_bridges {
        bridge_pairs.extend(auto_bridges(data, keys));
    }
    bridge_pairs
}

/// The units to fit, each a period (`None` for a static or dynamic fit) and its motions: one
/// static fit, one fit per period, or one dynamic fit.
fn units(
    params: &IdealValidParams,
    keys: &[Option<u32>],
    periods: &[u32],
    dynamic: bool,
) -> Vec<(Option<u32>, Vec<usize>)> {
    let all: Vec<usize> = (0..keys.len())
        .filter(|&m| params.by.is_none() || keys[m].is_some())
        .collect();
    match (params.by, dynamic) {
        (None, _) | (Some(_), true) => vec![(None, all)],
        (Some(_), false) => periods
            .iter()
            .map(|&p| {
                let motions = all
                    .iter()
                    .copied()
                    .filter(|&m| keys[m] == Some(p))
                    .collect();
                (Some(p), motions)
            })
            .collect(),
    }
}

/// The successful fits, in unit order, with what the rules left out added to `left_out`
/// and warnings for the periods and members left out.
///
/// # Errors
///
/// A unit's error, except [`IdealError::NothingToScale`] in a per-period fit (the period is
/// left out); [`IdealError::NothingToScale`] when no unit could be fitted.
fn collect_fits(
    data: &Dataset,
    results: Vec<UnitResult>,
    per_period: bool,
    left_out: &mut LeftOut,
    warnings: &mut Vec<String>,
) -> Result<Vec<UnitFit>, IdealError> {
    let mut fits: Vec<UnitFit> = Vec::new();
    let mut seen = vec![false; data.members.len()];
    for (period, result, dropped) in results {
        left_out.motions_without_votes += dropped.empty_motions;
        left_out.lopsided_motions += dropped.lopsided_motions;
        left_out.motions_without_split += dropped.no_split_motions;
        left_out.member_periods_with_few_votes += dropped.few_votes.len();
        for (member, _, _) in &dropped.few_votes {
            seen[*member as usize] = true;
        }
        match result {
            Ok(unit) => {
                for row in &unit.problem.rows {
                    seen[row.member as usize] = true;
                }
                fits.push(unit);
            }
            Err(e @ IdealError::NothingToScale { .. }) if per_period => {
                let p = period.unwrap_or_default();
                left_out.periods.push((p, e.to_string()));
            }
            Err(e) => return Err(e),
        }
    }
    if fits.is_empty() {
        let reasons: Vec<String> = left_out
            .periods
            .iter()
            .take(3)
            .map(|(_, r)| r.clone())
            .collect();
        return Err(IdealError::NothingToScale {
            period: " in any period".to_string(),
            reason: reasons.join("; "),
        });
    }
    for (p, reason) in &left_out.periods {
        warnings.push(format!("period {p} left out: {reason}"));
    }
    left_out.members_without_votes = data
        .members
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(m, _)| m.code.clone())
        .collect();
    if !left_out.members_without_votes.is_empty() {
        let list = &left_out.members_without_votes;
        let shown: Vec<&str> = list.iter().take(10).map(String::as_str).collect();
        warnings.push(format!(
            "{} member(s) cast no vote the model reads and have no position: {}{}",
            list.len(),
            shown.join(", "),
            if list.len() > 10 { ", …" } else { "" }
        ));
    }
    Ok(fits)
}

/// Per-period fits: a period without the anchor takes the side of the nearest earlier period
/// for the members the two share.
fn align_periods(fits: &mut [UnitFit], anchor: &[bool], warnings: &mut Vec<String>) {
    for i in 0..fits.len() {
        if anchor_mean(&fits[i].problem, &fits[i].theta.x, anchor, None).is_some() || i == 0 {
            continue;
        }
        let (before, rest) = fits.split_at_mut(i);
        let current = &mut rest[0];
        let previous = &before[i - 1];
        let position_of: std::collections::HashMap<u32, [f64; 2]> = previous
            .problem
            .rows
            .iter()
            .zip(&previous.theta.x)
            .map(|(row, x)| (row.member, *x))
            .collect();
        for dim in 0..current.problem.dims {
            let dot: f64 = current
                .problem
                .rows
                .iter()
                .zip(&current.theta.x)
                .filter_map(|(row, x)| position_of.get(&row.member).map(|p| p[dim] * x[dim]))
                .sum();
            if dot < 0.0 {
                em::flip(&mut current.theta, dim);
                if let Some(bounds) = &mut current.bounds {
                    for (lo, hi) in bounds.iter_mut() {
                        let (l, h) = (-hi[dim], -lo[dim]);
                        lo[dim] = l;
                        hi[dim] = h;
                    }
                }
            }
        }
        warnings.push(format!(
            "period {}: the anchor has no position; the sign follows period {}",
            current.stats.period.unwrap_or_default(),
            previous.stats.period.unwrap_or_default()
        ));
    }
}

/// Dynamic fits: warns about any period where the anchor ended on the negative side.
fn check_period_signs(unit: &UnitFit, anchor: &[bool], warnings: &mut Vec<String>) {
    let flipped: Vec<String> = unit
        .problem
        .periods()
        .into_iter()
        .filter(|&p| {
            anchor_mean(&unit.problem, &unit.theta.x, anchor, Some(p)).is_some_and(|m| m[0] < 0.0)
        })
        .map(|p| p.map_or_else(String::new, |p| p.to_string()))
        .collect();
    if !flipped.is_empty() {
        warnings.push(format!(
            "the anchor is on the negative side in {} period(s): {}",
            flipped.len(),
            flipped.join(", ")
        ));
    }
}

/// The result of the fits: positions (by period, then member code), motions' parameters (by
/// period, then motion), pivots and statistics.
///
/// # Errors
///
/// [`IdealError::NothingToScale`] when an estimate is not a finite number.
fn assemble(
    data: &Dataset,
    params: &IdealValidParams,
    anchor: String,
    fits: Vec<UnitFit>,
    left_out: LeftOut,
    warnings: Vec<String>,
) -> Result<IdealPoints, IdealError> {
    let mut positions = Vec::new();
    let mut motions = Vec::new();
    let mut pivots = Vec::new();
    let mut bridged_motions = 0;
    let mut stats = Vec::new();
    for unit in fits {
        push_positions(data, &unit, &mut positions);
        bridged_motions += push_motions(data, params.model, &unit, &mut motions);
        pivots.extend(pivots::pivots(data, &unit.problem, &unit.theta.x));
        stats.push(unit.stats);
    }
    positions.sort_by(|a, b| a.period.cmp(&b.period).then(a.member.cmp(&b.member)));
    let motion_rank = |id: &str| data.motion_index(id).unwrap_or_default();
    motions.sort_by_cached_key(|m| (m.period, motion_rank(&m.motion)));
    pivots.sort_by_key(|p| p.period);
    if !all_finite(&positions, &motions) {
        return Err(IdealError::NothingToScale {
            period: String::new(),
            reason: "the estimates are not finite numbers (the votes do not identify a scale)"
                .to_string(),
        });
    }
    Ok(IdealPoints {
        params: params.clone(),
        anchor,
        positions,
        motions,
        fits: stats,
        pivots,
        left_out,
        bridged_motions,
        warnings,
    })
}

/// Appends the position of every row of `unit`, with its bootstrap bounds if any.
fn push_positions(data: &Dataset, unit: &UnitFit, positions: &mut Vec<Position>) {
    for (r, row) in unit.problem.rows.iter().enumerate() {
        let member = &data.members[row.member as usize];
        let (lower, upper) = match &unit.bounds {
            Some(b) => (Some(b[r].0), Some(b[r].1)),
            None => (None, None),
        };
        positions.push(Position {
            member: member.code.clone(),
            name: member.name.clone(),
            group: member.group.clone(),
            period: row.period,
            ideal: unit.theta.x[r],
            lower,
            upper,
            votes: row.votes as usize,
        });
    }
}

/// Appends the parameters of every motion of `unit` (its item's, the cut points of the
/// choices that occur) and returns how many motions share them with an earlier motion.
fn push_motions(
    data: &Dataset,
    model: IdealModel,
    unit: &UnitFit,
    motions: &mut Vec<MotionParameters>,
) -> usize {
    let p = &unit.problem;
    let mut bridged_motions = 0;
    for item in &p.items {
        let k = p.motions[item.motions.start].item as usize;
        let representative = &data.motions[p.motions[item.motions.start].index].id;
        for (i, m) in p.motions[item.motions.clone()].iter().enumerate() {
            let alpha = unit.theta.alpha[k];
            let tau = unit.theta.tau[k];
            let (cut_1, cut_2) = match model {
                IdealModel::Binary => (Some(-alpha), None),
                IdealModel::Ordinal if item.three => (Some(-alpha), Some(tau - alpha)),
                IdealModel::Ordinal => match item.present {
                    0b101 => (Some(-alpha), Some(-alpha)),
                    0b011 => (Some(-alpha), None),
                    _ => (None, Some(-alpha)),
                },
            };
            if i > 0 {
                bridged_motions += 1;
            }
            motions.push(MotionParameters {
                motion: data.motions[m.index].id.clone(),
                period: m.period,
                discrimination: unit.theta.beta[k],
                cut_1,
                cut_2,
                bridge: (i > 0).then(|| representative.clone()),
            });
        }
    }
    bridged_motions
}

/// Whether every position, bound, discrimination and cut point is a finite number.
fn all_finite(positions: &[Position], motions: &[MotionParameters]) -> bool {
    positions.iter().all(|p| {
        p.ideal
            .iter()
            .chain(p.lower.iter().flatten())
            .chain(p.upper.iter().flatten())
            .all(|v| v.is_finite())
    }) && motions.iter().all(|m| {
        m.discrimination
            .iter()
            .chain(m.cut_1.iter())
            .chain(m.cut_2.iter())
            .all(|v| v.is_finite())
    })
}

#[cfg(test)]
mod tests;
