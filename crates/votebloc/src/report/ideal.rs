//! Ideal points in the HTML pages: the "Ideal points" section of `report.html` (the fit, the
//! pivots, the blocs' centres, the members between blocs by position and the strip plot,
//! coloured by bloc) and the pieces `ideal.html` shares with it (the fit's table, the pivots'
//! table, the points of a plot).

use super::cells::{key_values, swatch};
use super::strip::{IdealPoint, PivotMark, strip_svg};
use crate::Choice;
use crate::analysis::Analysis;
use crate::export::ideal_stage::short_name;
use crate::format::escape;
use crate::format::palette::{Rgb, bloc_colour};
use crate::ideal::{IdealPoints, IdealStageResult, PeriodPivots, PivotSide, Position};
use crate::model::Member;
use std::fmt::Write;

/// `value` with three decimals and a real minus sign; "–" when not finite.
pub(crate) fn signed(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.3}").replace('-', "−")
    } else {
        "–".to_string()
    }
}

/// A position's short name (see [`short_name`]).
pub(crate) fn position_label(position: &Position) -> String {
    let mut member = Member::new(position.member.clone(), position.name.clone());
    member.group.clone_from(&position.group);
    short_name(&member)
}

/// The tooltip of a position: name, code, position and bounds, and `extra`.
pub(crate) fn tooltip(position: &Position, extra: &str) -> String {
    let bounds = match (position.lower, position.upper) {
        (Some(lo), Some(hi)) => format!(" [{}, {}]", signed(lo[0]), signed(hi[0])),
        _ => String::new(),
    };
    format!(
        "{} ({}): {}{bounds}{extra}",
        position.name,
        position.member,
        signed(position.ideal[0])
    )
}

/// The pivots of a fit as marks of the strip plot: `median JAM`, `two-thirds −PRK`, ….
pub(crate) fn pivot_marks(
    pivots: &PeriodPivots,
    label_of: impl Fn(&str) -> String,
) -> Vec<PivotMark> {
    pivots
        .pivots
        .iter()
        .map(|p| PivotMark {
            label: format!(
                "{} {}{}",
                p.kind.replace('_', "-"),
                side_sign(p.side),
                label_of(&p.member)
            ),
            ideal: p.ideal,
        })
        .collect()
}

fn side_sign(side: PivotSide) -> &'static str {
    match side {
        PivotSide::Low => "−",
        PivotSide::High => "+",
        PivotSide::Both => "",
    }
}

/// The table of a fit's statistics: model, sizes, anchor, log-likelihood, share correctly
/// classified, APRE, EM steps, convergence and the bounds.
pub(crate) fn fit_table(out: &mut String, fit: &IdealPoints) {
    let p = &fit.params;
    let votes: usize = fit.fits.iter().map(|f| f.votes).sum();
    let mut rows: Vec<(&str, String)> = vec![
        (
            "model",
            format!(
                "{}, {} dimension{}",
                p.model.name(),
                p.dims,
                if p.dims > 1 { "s" } else { "" }
            ),
        ),
        ("sign", format!("{} positive", fit.anchor)),
        (
            "members with a position / motions / votes",
            format!("{} / {} / {votes}", fit.positions.len(), fit.motions.len()),
        ),
    ];
    if let [only] = fit.fits.as_slice() {
        rows.push(("log-likelihood", format!("{:.1}", only.log_likelihood)));
        rows.push((
            "votes correctly classified",
            format!("{:.1} %", 100.0 * only.correctly_classified),
        ));
        rows.push((
            "APRE",
            only.apre
                .map_or_else(|| "–".to_string(), |a| format!("{a:.3}")),
        ));
        rows.push((
            "EM steps",
            format!(
                "{}{}",
                only.iterations,
                if only.converged {
                    ", converged"
                } else {
                    ", NOT converged"
                }
            ),
        ));
    }
    rows.push((
        "bounds",
        match p.bootstrap {
            0 => "none (no bootstrap)".to_string(),
            n => format!("5 % and 95 %, from {n} parametric bootstrap replicates"),
        },
    ));
    key_values(out, &rows);
}

/// The table of the pivots: kind, share of members needed, side, member, name, position, rank
/// from the negative end.
pub(crate) fn pivots_table(out: &mut String, pivots: &PeriodPivots) {
    let _ = writeln!(
        out,
        "<p class=\"note\">Pivots (Krehbiel 1998): with the {} members ordered on the first \
         dimension, the member whose vote completes a coalition of the share needed counting \
         from either end (− from the positive end, + from the negative end).</p>",
        pivots.members
    );
    out.push_str(
        "<table>\n<thead><tr><th>pivot</th><th>share needed</th><th>side</th><th>member</th>\
         <th>name</th><th>position</th><th>rank</th></tr></thead>\n<tbody>\n",
    );
    for p in &pivots.pivots {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"number\">{:.3}</td><td>{}</td><td><code>{}</code></td>\
             <td>{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td></tr>",
            escape(&p.kind.replace('_', "-")),
            p.quota,
            side_sign(p.side),
            escape(&p.member),
            escape(&p.name),
            signed(p.ideal),
            p.rank
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The "Ideal points" section of `report.html` when the stage ran: why there are none, or
/// the fit, the pivots, the blocs' centres, the members between blocs by position and the
/// strip plot coloured by bloc.
///
/// # Complexity
/// O(n log n + p) for n members and p pivots.
pub fn ideal_section(out: &mut String, analysis: &Analysis) {
    let Some(result) = analysis.stage::<IdealStageResult>() else {
        return;
    };
    out.push_str("<section>\n<h2 id=\"ideal\">Ideal points</h2>\n");
    let Some(fit) = &result.fit else {
        let _ = writeln!(
            out,
            "<p class=\"note\">Not estimated: {}. The rest of the analysis does not need \
             them.</p>\n</section>",
            escape(result.not_estimated.as_deref().unwrap_or_default())
        );
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"note\">Where each member stands on the main line of conflict: a static \
         item-response fit of the analysed members' votes (Clinton, Jackman &amp; Rivers 2004; EM \
         of Imai, Lo &amp; Olmsted 2016), positions of mean 0 and standard deviation 1. Lopsided \
         motions (under {} % outside the most common choice) and members with fewer than {} \
         votes on the rest are left out, as W-NOMINATE does. Every position is in \
         <code>ideal.csv</code>, the motions' parameters in <code>ideal_motions.csv</code>.</p>",
        100.0 * result.params.min_minority,
        result.params.min_votes
    );
    fit_table(out, fit);
    if !result.without_position.is_empty() {
        let codes: Vec<String> = result
            .without_position
            .iter()
            .map(|&i| escape(&analysis.dataset.members[i].code).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"note\">Without a position (fewer than {} votes on the motions the \
             model reads): <span class=\"mono\">{}</span>.</p>",
            result.params.min_votes,
            codes.join(", ")
        );
    }
    if let Some(pivots) = fit.pivots.first() {
        pivots_table(out, pivots);
    }
    centres_table(out, result);
    between_table(out, analysis, result);
    strip_figure(out, analysis, result, fit);
    if !fit.warnings.is_empty() {
        out.push_str("<ul>\n");
        for warning in &fit.warnings {
            let _ = writeln!(out, "<li class=\"note\">{}</li>", escape(warning));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn centres_table(out: &mut String, result: &IdealStageResult) {
    if result.centres.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Blocs on the line</h3>\n<table>\n<thead><tr><th>bloc</th>\
         <th>members with a position</th><th>centre (median)</th></tr></thead>\n<tbody>\n",
    );
    for c in &result.centres {
        let _ = writeln!(
            out,
            "<tr><td>{}{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td></tr>",
            swatch(c.bloc),
            c.bloc,
            c.members,
            signed(c.centre)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The members between two blocs by position, with the swing kinds they also have.
fn between_table(out: &mut String, analysis: &Analysis, result: &IdealStageResult) {
    let data = &analysis.dataset;
    let _ = writeln!(
        out,
        "<h3>Between blocs by position</h3>\n<p class=\"note\">Members at least {} % of the \
         way from their bloc's centre to another bloc's centre (and not beyond it): their votes \
         place them with their bloc, their position nearer the other. Ringed in the plot.</p>",
        100.0 * crate::ideal::BETWEEN_SHARE
    );
    if result.between.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    let swing = analysis.swing.summary(data);
    out.push_str(
        "<table>\n<thead><tr><th>member</th><th>name</th><th>bloc</th><th>nearer bloc</th>\
         <th>position</th><th>share of the way</th><th>also a swing member as</th></tr>\
         </thead>\n<tbody>\n",
    );
    for b in &result.between {
        let member = &data.members[b.member];
        let kinds: Vec<&str> = swing
            .iter()
            .find(|s| s.member == b.member)
            .map(|s| s.kinds.iter().map(|k| k.as_str()).collect())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}{}</td><td>{}{}</td>\
             <td class=\"number\">{}</td><td class=\"number\">{:.2}</td><td>{}</td></tr>",
            escape(&member.code),
            escape(&member.name),
            swatch(b.bloc),
            b.bloc,
            swatch(b.toward),
            b.toward,
            signed(b.ideal),
            b.share,
            if kinds.is_empty() {
                "–".to_string()
            } else {
                kinds.join(", ")
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The strip plot of the analysis's fit, coloured by bloc, pivots marked, members between
/// blocs ringed.
fn strip_figure(
    out: &mut String,
    analysis: &Analysis,
    result: &IdealStageResult,
    fit: &IdealPoints,
) {
    let data = &analysis.dataset;
    let bloc_of = |code: &str| data.member_index(code).map_or(0, |i| analysis.blocs[i]);
    let between = |code: &str| {
        data.member_index(code)
            .is_some_and(|i| result.between.iter().any(|b| b.member == i))
    };
    let pivotal = |code: &str| {
        fit.pivots
            .iter()
            .flat_map(|p| &p.pivots)
            .any(|p| p.member == code)
    };
    let points: Vec<IdealPoint> = fit
        .positions
        .iter()
        .map(|p| {
            let bloc = bloc_of(&p.member);
            IdealPoint {
                label: position_label(p),
                tooltip: tooltip(p, &format!(", bloc {bloc}")),
                ideal: p.ideal,
                bounds: p.lower.zip(p.upper).map(|(lo, hi)| (lo[0], hi[0])),
                colour: bloc_colour(bloc),
                marked: between(&p.member),
                bold: pivotal(&p.member),
            }
        })
        .collect();
    let label_of = |code: &str| {
        data.member_index(code)
            .map_or_else(|| code.to_string(), |i| short_name(&data.members[i]))
    };
    let marks = fit
        .pivots
        .first()
        .map(|p| pivot_marks(p, label_of))
        .unwrap_or_default();
    let legend: Vec<(Rgb, String)> = (1..=analysis.bloc_sizes.len() as u32)
        .map(|b| (bloc_colour(b), format!("bloc {b}")))
        .collect();
    let axis = format!("ideal point ({} positive)", fit.anchor);
    let svg = strip_svg(&points, &marks, &legend, &axis, "Ideal points by bloc");
    let _ = writeln!(out, "<h3>Strip plot</h3>\n<figure>");
    out.push_str(&svg);
    let _ = writeln!(
        out,
        "<figcaption>{}</figcaption>\n</figure>",
        escape(&format!(
            "Members ranked from the positive end, coloured by bloc{}; dashed lines: the \
             pivots; ringed: members between blocs by position.",
            if result.params.bootstrap > 0 {
                ", bars: 5–95 % bootstrap bounds"
            } else {
                " (no bounds: --ideal-bootstrap N draws them)"
            }
        ))
    );
}
