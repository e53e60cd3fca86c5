//! The ideal-point stage of an analysis ([`IdealStageResult`]) in `analyze`'s outputs: its
//! part of `summary.json` (the `ideal` key) and of the terminal summary, and the short member
//! names its plots and lines use. `ideal.csv` and `ideal_motions.csv` are written by
//! [`export::ideal`](super::ideal), as `votebloc ideal` writes them.
//!
//! The JSON pieces both summaries share (the model and parameters, a fit's statistics, the
//! pivots) are here, and [`export::ideal`](super::ideal) takes them from this file: this file
//! uses neither that one nor [`json`](super::json), which uses it.

use crate::Choice;
use crate::analysis::Analysis;
use crate::format::json_number as number;
use crate::ideal::{
    FitStatistics, IdealModel, IdealPoints, IdealStageResult, IdealValidParams, PeriodPivots,
    Pivot, PivotSide,
};
use crate::model::{Dataset, Member};
use serde_json::{Value, json};
use std::io::{self, Write};

/// Most members named on the terminal's "between blocs" line; the rest are in summary.json.
const LISTED: usize = 12;

/// A member's short name for plots and lines: [`Member::short_name`] (`USA`, a senator
/// `Manchin (D-WV)`), except that a member with a numeric code and a name of another shape
/// is named by its name up to the first comma rather than by its number.
///
/// # Examples
/// ```
/// use votebloc::Member;
/// use votebloc::export::ideal_stage::short_name;
/// assert_eq!(short_name(&Member::new("USA", "United States")), "USA");
/// let mut manchin = Member::new("40915", "MANCHIN, Joe, III (WV)");
/// manchin.group = Some("Democrat".to_string());
/// assert_eq!(short_name(&manchin), "Manchin (D-WV)");
/// assert_eq!(short_name(&Member::new("7", "Someone, A.")), "Someone");
/// ```
pub fn short_name(member: &Member) -> String {
    let short = member.short_name();
    if short != member.code || member.code.chars().any(char::is_alphabetic) {
        return short;
    }
    let name = member.name.trim();
    name.split_once(',')
        .map_or(name, |(surname, _)| surname.trim())
        .to_string()
}

/// One period's pivots in `summary.json` (`votebloc ideal`'s and `analyze`'s `ideal` key).
pub(super) fn pivots_json(pivots: &PeriodPivots) -> Value {
    json!({
        "period": pivots.period,
        "members": pivots.members,
        "pivots": pivots.pivots.iter().map(|p| json!({
            "kind": p.kind,
            "quota": number(Some(p.quota)),
            "side": p.side,
            "member": p.member,
            "name": p.name,
            "ideal": number(Some(p.ideal)),
            "rank": p.rank,
        })).collect::<Vec<_>>(),
    })
}

/// The `ideal` key of `summary.json`: whether the points were estimated (and why not), the
/// model and parameters, the fit statistics, the pivots, what the rules left out and the
/// warnings (the keys of `votebloc ideal`'s summary), then the blocs' centres and the members
/// between two blocs by position (codes and names from `data`, the analysed dataset).
///
/// # Complexity
/// O(n + p) for n members with a position and p pivots.
pub fn summary(result: &IdealStageResult, data: &Dataset) -> Value {
    let mut doc = params_json(result);
    let Some(fit) = &result.fit else {
        return doc;
    };
    doc["anchor"] = json!(fit.anchor);
    doc["members"] = json!(fit.positions.len());
    doc["members_without_position"] = result
        .without_position
        .iter()
        .map(|&i| data.members[i].code.clone())
        .collect();
    doc["motions"] = json!(fit.motions.len());
    doc["fits"] = fit.fits.iter().map(fit_json).collect();
    doc["pivots"] = fit.pivots.iter().map(pivots_json).collect();
    doc["left_out"] = json!({
        "motions_without_votes": fit.left_out.motions_without_votes,
        "lopsided_motions": fit.left_out.lopsided_motions,
        "motions_without_split": fit.left_out.motions_without_split,
        "members_with_few_votes": fit.left_out.member_periods_with_few_votes,
        "members_without_votes": fit.left_out.members_without_votes,
    });
    doc["warnings"] = json!(fit.warnings);
    doc["bloc_centres"] = result
        .centres
        .iter()
        .map(|c| json!({"bloc": c.bloc, "members": c.members, "centre": number(Some(c.centre))}))
        .collect();
    doc["between_blocs"] = result
        .between
        .iter()
        .map(|b| {
            let member = &data.members[b.member];
            json!({
                "member": member.code,
                "name": member.name,
                "bloc": b.bloc,
                "toward": b.toward,
                "ideal": number(Some(b.ideal)),
                "share": number(Some(b.share)),
            })
        })
        .collect();
    doc
}

/// The keys of the summary known before the fit: whether it was made (and why not), the model
/// and the parameters.
fn params_json(result: &IdealStageResult) -> Value {
    let mut doc = model_json(&result.params);
    doc["estimated"] = json!(result.fit.is_some());
    doc["not_estimated"] = json!(result.not_estimated);
    doc
}

/// The model and the parameters every fit shares, as `summary.json` has them (`votebloc
/// ideal`'s summary adds those of dynamic fits).
pub(super) fn model_json(p: &IdealValidParams) -> Value {
    json!({
        "model": p.model.name(),
        "abstain": match p.model {
            IdealModel::Binary => Value::from(p.abstain.name()),
            IdealModel::Ordinal => Value::Null,
        },
        "dims": p.dims,
        "params": {
            "min_minority": number(Some(p.min_minority)),
            "min_votes": p.min_votes,
            "prior_x_variance": number(Some(p.prior_x_variance)),
            "prior_item_variance": number(Some(p.prior_item_variance)),
            "min_gap": number(Some(p.min_gap)),
            "tolerance": p.tolerance,
            "correlation_tolerance": p.correlation_tolerance,
            "max_iterations": p.max_iterations,
            "bootstrap": p.bootstrap,
            "bootstrap_tolerance": p.bootstrap_tolerance,
            "seed": p.seed,
        },
    })
}

/// One fit's statistics in `summary.json`.
pub(super) fn fit_json(f: &FitStatistics) -> Value {
    json!({
        "members": f.members,
        "motions": f.motions,
        "items": f.items,
        "votes": f.votes,
        "log_likelihood": number(Some(f.log_likelihood)),
        "correctly_classified": number(Some(f.correctly_classified)),
        "apre": number(f.apre),
        "iterations": f.iterations,
        "converged": f.converged,
    })
}

/// `value` with three decimals and a real minus sign.
fn signed(value: f64) -> String {
    format!("{value:.3}").replace('-', "−")
}

/// The pivots of a fit on one line, kind by kind: `median JAM (−0.340); two_thirds −PRK
/// (−0.928) / +PRY (0.264)` (the side a pivot is counted from, then the member as `name`
/// writes it and its position as `value` does). Both terminal summaries, `analyze`'s and
/// `votebloc ideal`'s, write their pivots with it.
pub(super) fn pivot_line(
    pivots: &PeriodPivots,
    name: impl Fn(&Pivot) -> String,
    value: impl Fn(f64) -> String,
) -> String {
    pivots
        .pivots
        .chunk_by(|a, b| a.kind == b.kind)
        .map(|same| {
            let members: Vec<String> = same
                .iter()
                .map(|p| {
                    let side = match p.side {
                        PivotSide::Low => "−",
                        PivotSide::High => "+",
                        PivotSide::Both => "",
                    };
                    format!("{side}{} ({})", name(p), value(p.ideal))
                })
                .collect();
            format!("{} {}", same[0].kind, members.join(" / "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes the ideal points' lines of the terminal summary, when the stage ran: the model and
/// the fit, the pivots, the blocs' centres and the members between two blocs by position (at
/// most twelve named); one line saying why when the points could not be estimated.
///
/// # Errors
/// Those of `out`.
pub fn write_lines(analysis: &Analysis, out: &mut impl Write, styled: bool) -> io::Result<()> {
    let Some(result) = analysis.stage::<IdealStageResult>() else {
        return Ok(());
    };
    let (bold, reset) = if styled {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let data = &analysis.dataset;
    writeln!(out)?;
    let Some(fit) = &result.fit else {
        let reason = result.not_estimated.as_deref().unwrap_or_default();
        return writeln!(out, "{bold}ideal points{reset}: not estimated ({reason})");
    };
    writeln!(
        out,
        "{bold}ideal points{reset}: {}",
        model_line(result, fit, data)
    )?;
    if let [only] = fit.fits.as_slice() {
        writeln!(out, "  {}", fit_line(only, result.params.bootstrap))?;
    }
    if let Some(pivots) = fit.pivots.first() {
        let short = |p: &Pivot| {
            data.member_index(&p.member)
                .map_or_else(|| p.member.clone(), |i| short_name(&data.members[i]))
        };
        writeln!(out, "  pivots: {}", pivot_line(pivots, short, signed))?;
    }
    let centres: Vec<String> = result
        .centres
        .iter()
        .map(|c| format!("{} {}", c.bloc, signed(c.centre)))
        .collect();
    if !centres.is_empty() {
        writeln!(out, "  bloc centres: {}", centres.join(", "))?;
    }
    writeln!(out, "  {}", between_line(result, data))
}

/// The model, the dimensions, the members with a position (naming at most twelve without),
/// the motions and votes of the fit, and its anchor.
fn model_line(result: &IdealStageResult, fit: &IdealPoints, data: &Dataset) -> String {
    let votes: usize = fit.fits.iter().map(|f| f.votes).sum();
    let without: Vec<String> = result
        .without_position
        .iter()
        .map(|&i| short_name(&data.members[i]))
        .collect();
    format!(
        "{} model, {} dimension{}; {} of {} members{}, {} motions, {votes} votes; anchor {} \
         positive",
        result.params.model.name(),
        result.params.dims,
        if result.params.dims > 1 { "s" } else { "" },
        fit.positions.len(),
        data.members.len(),
        match without.len() {
            0 => String::new(),
            n => format!(
                " ({n} with fewer than {} votes in the model: {}{})",
                result.params.min_votes,
                without[..n.min(LISTED)].join(", "),
                if n > LISTED { ", …" } else { "" }
            ),
        },
        fit.motions.len(),
        fit.anchor
    )
}

/// The statistics of a fit of one period, and where the bounds come from (`bootstrap`
/// replicates).
fn fit_line(only: &FitStatistics, bootstrap: usize) -> String {
    let apre = only
        .apre
        .map_or_else(String::new, |a| format!(", APRE {a:.3}"));
    format!(
        "{:.1} % of votes correctly classified{apre}, {} EM steps, {}; {}",
        100.0 * only.correctly_classified,
        only.iterations,
        if only.converged {
            "converged"
        } else {
            "NOT converged"
        },
        match bootstrap {
            0 => "no bounds (--ideal-bootstrap N)".to_string(),
            n => format!("bounds from {n} bootstrap replicates"),
        }
    )
}

/// The members between two blocs by position (`name bloc→toward`), at most twelve named, the
/// rest counted and left to summary.json.
fn between_line(result: &IdealStageResult, data: &Dataset) -> String {
    let between: Vec<String> = result
        .between
        .iter()
        .map(|b| {
            format!(
                "{} {}→{}",
                short_name(&data.members[b.member]),
                b.bloc,
                b.toward
            )
        })
        .collect();
    let more = between.len().saturating_sub(LISTED);
    format!(
        "between blocs by position ({}): {}{}",
        between.len(),
        if between.is_empty() {
            "none".to_string()
        } else {
            between[..between.len().min(LISTED)].join(", ")
        },
        if more > 0 {
            format!(", … (+{more}, in summary.json)")
        } else {
            String::new()
        }
    )
}
