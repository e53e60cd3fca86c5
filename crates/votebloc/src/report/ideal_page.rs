//! `ideal.html` of `votebloc ideal -o DIR` (a static fit): the fit, the pivots and the plot of
//! the positions, coloured by the members' groups (party, regional group): the strip plot in
//! one dimension, the scatter in two (with the motions' cutting lines if asked). One
//! self-contained page, as `report.html`.

use super::html::page_head;
use super::ideal::{fit_table, pivot_marks, pivots_table, position_label, tooltip};
use super::strip::{CuttingLine, IdealPoint, scatter_svg, strip_svg};
use crate::export::json::InputDigest;
use crate::format::escape;
use crate::format::palette::{NO_BLOC, Rgb, bloc_colour};
use crate::ideal::IdealPoints;
use std::fmt::Write;

/// The groups of the positions, largest first (ties by name), each with its colour (the
/// blocs' palette in that order); members without a group are grey.
fn group_colours(fit: &IdealPoints) -> Vec<(String, Rgb)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for group in fit.positions.iter().filter_map(|p| p.group.as_deref()) {
        match counts.iter_mut().find(|(g, _)| g == group) {
            Some((_, n)) => *n += 1,
            None => counts.push((group.to_string(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
        .into_iter()
        .enumerate()
        .map(|(i, (group, _))| (group, bloc_colour(i as u32 + 1)))
        .collect()
}

/// The page of a static fit (`fit.params.by` is `None`); `inputs` as in its summary;
/// `cutting_lines`: draw the motions' cutting lines on the scatter of a 2-D fit (the middle
/// of each motion's abstention band).
///
/// Deterministic: the same fit gives the same bytes.
///
/// # Complexity
/// O(n² + M) for n members (label placement of the scatter) and M motions.
///
/// # Examples
/// ```
/// use linfa::ParamGuard;
/// use votebloc::ideal::{self, IdealParams, planted::{planted_irt, PlantedIrt}};
/// use votebloc::report::ideal_page::ideal_html;
/// let truth = planted_irt(&PlantedIrt { members: 40, motions: 120, ..PlantedIrt::default() });
/// let fit = ideal::fit(&truth.dataset, &IdealParams::new().bootstrap(0).check().unwrap())
///     .unwrap();
/// let page = ideal_html(&fit, &[], false);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert_eq!(page.matches("<circle").count(), 40);
/// ```
pub fn ideal_html(fit: &IdealPoints, inputs: &[InputDigest], cutting_lines: bool) -> String {
    let title = match inputs {
        [one] => format!("votebloc ideal points: {}", one.path),
        [] => "votebloc ideal points".to_string(),
        many => format!("votebloc ideal points: {} inputs", many.len()),
    };
    let mut out = String::with_capacity(1 << 16);
    page_head(&mut out, &title, &title);
    let _ = writeln!(
        out,
        "<p class=\"lead\">{} members, {} motions · votebloc {}</p>",
        fit.positions.len(),
        fit.motions.len(),
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("<section>\n<h2 id=\"fit\">Fit</h2>\n");
    fit_table(&mut out, fit);
    if let Some(pivots) = fit.pivots.first() {
        pivots_table(&mut out, pivots);
    }
    out.push_str("</section>\n<section>\n<h2 id=\"plot\">Positions</h2>\n<figure>\n");
    let groups = group_colours(fit);
    let points = plot_points(fit, &groups);
    let mut legend: Vec<(Rgb, String)> = groups.iter().map(|(g, c)| (*c, g.clone())).collect();
    if !legend.is_empty() && fit.positions.iter().any(|p| p.group.is_none()) {
        legend.push((NO_BLOC, "no group".to_string()));
    }
    let caption = if fit.params.dims > 1 {
        write_scatter(&mut out, fit, &points, &legend, cutting_lines)
    } else {
        write_strip(&mut out, fit, &points, &legend)
    };
    let _ = writeln!(
        out,
        "<figcaption>{}</figcaption>\n</figure>\n</section>",
        escape(&caption)
    );
    if !fit.warnings.is_empty() {
        out.push_str("<section>\n<h2 id=\"warnings\">Warnings</h2>\n<ul>\n");
        for warning in &fit.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(warning));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A point of the plot per position, in the colour of its group (`groups`, from
/// [`group_colours`]), the pivots in bold.
fn plot_points(fit: &IdealPoints, groups: &[(String, Rgb)]) -> Vec<IdealPoint> {
    let colour_of = |group: Option<&str>| {
        group
            .and_then(|g| groups.iter().find(|(name, _)| name == g))
            .map_or(NO_BLOC, |(_, colour)| *colour)
    };
    fit.positions
        .iter()
        .map(|p| IdealPoint {
            label: position_label(p),
            tooltip: tooltip(
                p,
                &p.group
                    .as_deref()
                    .map_or_else(String::new, |g| format!(", {g}")),
            ),
            ideal: p.ideal,
            bounds: p.lower.zip(p.upper).map(|(lo, hi)| (lo[0], hi[0])),
            colour: colour_of(p.group.as_deref()),
            marked: false,
            bold: fit
                .pivots
                .iter()
                .flat_map(|v| &v.pivots)
                .any(|v| v.member == p.member),
        })
        .collect()
}

/// Writes the scatter of a 2-D fit, with the motions' cutting lines if `cutting_lines`;
/// returns its caption.
fn write_scatter(
    out: &mut String,
    fit: &IdealPoints,
    points: &[IdealPoint],
    legend: &[(Rgb, String)],
    cutting_lines: bool,
) -> String {
    let lines = if cutting_lines {
        motion_cutting_lines(fit)
    } else {
        Vec::new()
    };
    out.push_str(&scatter_svg(
        points,
        &lines,
        legend,
        (
            &format!("first dimension ({} positive)", fit.anchor),
            "second dimension",
        ),
        "Ideal points in two dimensions",
    ));
    format!(
        "Each member at its position on the two dimensions (one scale), coloured by group{}.",
        if cutting_lines {
            "; grey lines: the motions' cutting lines (where a member is as likely to \
             vote yes as not)"
        } else {
            ""
        }
    )
}

/// Each motion's cutting line: the middle of its abstention band (its one cut when it has
/// one); motions without a cut have none.
fn motion_cutting_lines(fit: &IdealPoints) -> Vec<CuttingLine> {
    fit.motions
        .iter()
        .filter_map(|m| {
            let cut = match (m.cut_1, m.cut_2) {
                (Some(a), Some(b)) => (a + b) / 2.0,
                (Some(c), None) | (None, Some(c)) => c,
                (None, None) => return None,
            };
            Some(CuttingLine {
                normal: m.discrimination,
                offset: cut,
            })
        })
        .collect()
}

/// Writes the strip plot of a 1-D fit with the pivots of its first period; returns its
/// caption.
fn write_strip(
    out: &mut String,
    fit: &IdealPoints,
    points: &[IdealPoint],
    legend: &[(Rgb, String)],
) -> String {
    let label_of = |code: &str| {
        fit.positions
            .iter()
            .find(|p| p.member == code)
            .map_or_else(|| code.to_string(), position_label)
    };
    let marks = fit
        .pivots
        .first()
        .map(|p| pivot_marks(p, label_of))
        .unwrap_or_default();
    out.push_str(&strip_svg(
        points,
        &marks,
        legend,
        &format!("ideal point ({} positive)", fit.anchor),
        "Ideal points",
    ));
    format!(
        "Members ranked from the positive end, coloured by group; dashed lines: the pivots{}.",
        if fit.params.bootstrap > 0 {
            "; bars: 5–95 % bootstrap bounds"
        } else {
            ""
        }
    )
}
