//! `timeline.html`: the blocs over time as one self-contained page — an alluvial diagram of
//! bloc membership from period to period, the blocs' sizes, the bloc of each highlighted
//! member in every period and, with a dynamic ideal-point fit, each highlighted member's
//! position over time against the spread of all.

use super::html::page_head;
use super::lines::{Band, Series, line_plot, quantile, series_colour};
use super::markup::{Anchor, Label, Svg};
use crate::format::number;
use crate::format::palette::{Rgb, bloc_colour};
use crate::ideal::IdealPoints;
use crate::timeline::Timeline;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Blocs drawn as lines in the sizes plot: the largest by members summed over the periods.
const SIZE_LINES: usize = 8;

/// The page of `timeline`; `highlight` names members (codes) whose bloc is shown in a row of
/// its own per period (unknown codes are listed as such).
///
/// # Examples
/// ```
/// use votebloc::analysis::AnalysisParams;
/// use votebloc::report::timeline::timeline_html;
/// use votebloc::synthetic::{planted, PlantedParams};
/// use votebloc::timeline::{run, PeriodBy};
/// let mut data = planted(&PlantedParams::default().n_members(30).n_motions(60).n_blocs(2).loyalty(0.9)).unwrap().dataset;
/// for (i, m) in data.motions.iter_mut().enumerate() { m.session = Some(1 + i as u32 / 20); }
/// let t = run(&data, PeriodBy::Session, &AnalysisParams::default(), || {}).unwrap();
/// let page = timeline_html(&t, &[data.members[0].code.clone()]);
/// assert!(page.contains("Bloc membership over time"));
/// assert_eq!(page.matches("<svg ").count(), 3);
/// ```
pub fn timeline_html(timeline: &Timeline, highlight: &[String]) -> String {
    timeline_html_with_ideal(timeline, highlight, None)
}

/// [`timeline_html`], with a section on the ideal points of a dynamic fit when `ideal` is
/// given: the path of each highlighted member over the fit's periods (broken where it has no
/// position), the median and the band from the 5th to the 95th percentile of all members'
/// positions in each period.
///
/// # Examples
/// ```
/// use votebloc::analysis::AnalysisParams;
/// use votebloc::ideal::{self, IdealParams, ParamGuard};
/// use votebloc::ideal::planted::{planted_irt, PlantedIrt};
/// use votebloc::report::timeline::timeline_html_with_ideal;
/// use votebloc::timeline::{run, PeriodBy};
/// let data = planted_irt(&PlantedIrt { members: 30, motions: 120, periods: 3, drift: 0.3,
///     ..PlantedIrt::default() }).dataset;
/// let t = run(&data, PeriodBy::Session, &AnalysisParams::default(), || {}).unwrap();
/// let params = IdealParams::new().by(Some(PeriodBy::Session)).dynamic(true).bootstrap(0)
///     .anchor(ideal::Anchor::Named("M0001".into())).check().unwrap();
/// let fit = ideal::fit(&data, &params).unwrap();
/// let page = timeline_html_with_ideal(&t, &["M0001".to_string(), "XYZ".to_string()], Some(&fit));
/// assert!(page.contains("Ideal points over time"));
/// assert!(page.contains(">M0001</text>") && page.contains(">XYZ (none)</text>"));
/// assert_eq!(page.matches("<svg ").count(), 4);
/// ```
pub fn timeline_html_with_ideal(
    timeline: &Timeline,
    highlight: &[String],
    ideal: Option<&IdealPoints>,
) -> String {
    let mut out = String::with_capacity(1 << 16);
    let title = format!("votebloc timeline by {}", timeline.by);
    page_head(&mut out, &title, &title);
    let _ = writeln!(
        out,
        "<p class=\"lead\">{} periods analysed, {} skipped, {} members changed bloc · votebloc {}</p>",
        timeline.periods.len(),
        timeline.skipped.len(),
        timeline.transitions.len(),
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("<h2>Bloc membership over time</h2>\n<p>Each column is a period, each box a bloc (its height the number of members); the bands carry the members from one period's bloc to the next. A bloc keeps its number (and colour) from period to period when it keeps most of its members.</p>\n");
    out.push_str(&alluvial_svg(timeline));
    out.push_str(
        "\n<h2>Bloc sizes</h2>\n<p>Members in each of the largest blocs, period by period.</p>\n",
    );
    out.push_str(&sizes_svg(timeline));
    if !highlight.is_empty() {
        out.push_str("\n<h2>Highlighted members</h2>\n<p>The bloc of each member in every period (blank: not analysed).</p>\n");
        out.push_str(&highlight_svg(timeline, highlight));
    }
    if let Some(ideal) = ideal {
        let _ = writeln!(
            out,
            "\n<h2>Ideal points over time</h2>\n<p>Each member's position in each period on one \
             scale (a dynamic fit: a random walk ties a member's consecutive periods), positive \
             side: {}. Lines: the highlighted members; dashed: the median of all members; grey \
             band: from the 5th to the 95th percentile of all members.</p>",
            crate::format::escape(&ideal.anchor)
        );
        out.push_str(&ideal_svg(ideal, highlight));
    }
    out.push_str("\n</body>\n</html>\n");
    out
}

/// Per period: bloc → members (indices into the period's member list), in bloc order.
fn bloc_members(timeline: &Timeline) -> Vec<BTreeMap<u32, usize>> {
    timeline
        .periods
        .iter()
        .map(|p| {
            let mut sizes = BTreeMap::new();
            for &b in &p.blocs {
                *sizes.entry(b).or_insert(0) += 1;
            }
            sizes
        })
        .collect()
}

fn period_labels(timeline: &Timeline) -> Vec<String> {
    timeline
        .periods
        .iter()
        .map(|p| p.period.to_string())
        .collect()
}

/// The alluvial (Sankey) diagram: boxes per period and bloc, bands of members between them.
fn alluvial_svg(timeline: &Timeline) -> String {
    let n = timeline.periods.len();
    let sizes = bloc_members(timeline);
    let (left, top, bottom) = (30.0, 10.0, 40.0);
    // Fits the page's 1,000 px up to about 90 periods; wider beyond (the page scrolls).
    let step = (1000.0 / n.max(1) as f64).clamp(11.0, 60.0);
    let column = (step * 0.6).min(12.0);
    let width = left * 2.0 + column + step * n.saturating_sub(1) as f64;
    let height = 420.0;
    let gap = 3.0;
    let most_members = timeline
        .periods
        .iter()
        .map(|p| p.blocs.len())
        .max()
        .unwrap_or(1);
    let most_blocs = sizes.iter().map(BTreeMap::len).max().unwrap_or(1);
    let scale = (height - top - bottom - gap * most_blocs as f64) / most_members.max(1) as f64;
    let x = |i: usize| left + step * i as f64;
    // Top of each bloc's box per period.
    let tops: Vec<HashMap<u32, f64>> = sizes
        .iter()
        .map(|s| {
            let mut y = top;
            s.iter()
                .map(|(&b, &count)| {
                    let at = y;
                    y += count as f64 * scale + gap;
                    (b, at)
                })
                .collect()
        })
        .collect();
    let mut svg = Svg::new(width, height, "bloc membership over time");
    for i in 0..n.saturating_sub(1) {
        flows(&mut svg, timeline, i, &tops, scale, x(i) + column, x(i + 1));
    }
    for (i, s) in sizes.iter().enumerate() {
        for (&b, &count) in s {
            let h = count as f64 * scale;
            let colour = bloc_colour(b);
            svg.rect(x(i), tops[i][&b], column, h, colour, "");
            if h >= 11.0 {
                let label = b.to_string();
                svg.text(
                    &Label::new(
                        x(i) + column / 2.0,
                        tops[i][&b] + h / 2.0 + 3.0,
                        &label,
                        8.0,
                    )
                    .anchor(Anchor::Middle)
                    .fill(colour.text_colour()),
                );
            }
        }
    }
    let labels = period_labels(timeline);
    let every = (n / 25).max(1);
    for (i, p) in labels.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            svg.text(&Label::new(x(i), height - bottom + 14.0, p, 9.0).rotate(45.0));
        }
    }
    svg.finish()
}

/// The bands from period `i` to `i + 1`: members in both, grouped by (from bloc, to bloc),
/// stacked in bloc order at both ends.
fn flows(
    svg: &mut Svg,
    timeline: &Timeline,
    i: usize,
    tops: &[HashMap<u32, f64>],
    scale: f64,
    x0: f64,
    x1: f64,
) {
    let (from, to) = (&timeline.periods[i], &timeline.periods[i + 1]);
    let next: HashMap<&str, u32> = to
        .members
        .iter()
        .zip(&to.blocs)
        .map(|((code, _), &b)| (code.as_str(), b))
        .collect();
    let mut pairs: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for ((code, _), &a) in from.members.iter().zip(&from.blocs) {
        if let Some(&b) = next.get(code.as_str()) {
            *pairs.entry((a, b)).or_insert(0) += 1;
        }
    }
    // Out of each bloc in target order; into each bloc in source order.
    let mut out_at: HashMap<u32, f64> = tops[i].clone();
    let mut into: Vec<(&(u32, u32), &usize)> = pairs.iter().collect();
    into.sort_by_key(|((a, b), _)| (*b, *a));
    let mut in_at: HashMap<u32, f64> = tops[i + 1].clone();
    let mut ends: HashMap<(u32, u32), f64> = HashMap::new();
    for &(&(a, b), &count) in &into {
        let y = in_at.entry(b).or_insert(0.0);
        ends.insert((a, b), *y);
        *y += count as f64 * scale;
    }
    let xm = (x0 + x1) / 2.0;
    for (&(a, b), &count) in &pairs {
        let h = count as f64 * scale;
        let y0 = *out_at.get(&a).unwrap_or(&0.0);
        out_at.insert(a, y0 + h);
        let y1 = ends[&(a, b)];
        let colour: Rgb = bloc_colour(a);
        let d = format!(
            "M{x0} {y0}C{xm} {y0} {xm} {y1} {x1} {y1}L{x1} {y1b}C{xm} {y1b} {xm} {y0b} {x0} {y0b}Z",
            x0 = number(x0),
            xm = number(xm),
            x1 = number(x1),
            y0 = number(y0),
            y1 = number(y1),
            y0b = number(y0 + h),
            y1b = number(y1 + h),
        );
        svg.raw(&format!(
            r#"<path d="{d}" fill="{colour}" fill-opacity="0.35"><title>{count} member(s): bloc {a} → bloc {b}</title></path>"#
        ));
    }
}

/// The sizes of the largest blocs, one line each.
fn sizes_svg(timeline: &Timeline) -> String {
    let sizes = bloc_members(timeline);
    let mut totals: BTreeMap<u32, usize> = BTreeMap::new();
    for s in &sizes {
        for (&b, &c) in s {
            *totals.entry(b).or_insert(0) += c;
        }
    }
    let mut largest: Vec<(u32, usize)> = totals.into_iter().collect();
    largest.sort_by_key(|&(b, total)| (std::cmp::Reverse(total), b));
    let series: Vec<Series> = largest
        .iter()
        .take(SIZE_LINES)
        .map(|&(b, _)| Series {
            label: format!("bloc {b}"),
            colour: bloc_colour(b),
            values: sizes.iter().map(|s| s.get(&b).map(|&c| c as f64)).collect(),
        })
        .collect();
    let most = sizes
        .iter()
        .flat_map(|s| s.values())
        .copied()
        .max()
        .unwrap_or(1) as f64;
    line_plot(
        "bloc sizes",
        &period_labels(timeline),
        &series,
        None,
        (0.0, most),
    )
}

/// The ideal point of each highlighted member per period of the fit, against the 5–95 %
/// band and the median of all members; y from the lowest to the highest value drawn.
fn ideal_svg(ideal: &IdealPoints, highlight: &[String]) -> String {
    let mut periods: Vec<Option<u32>> = ideal.positions.iter().map(|p| p.period).collect();
    periods.sort_unstable();
    periods.dedup();
    let slot = |period: Option<u32>| periods.binary_search(&period).unwrap_or_default();
    let mut all: Vec<Vec<f64>> = vec![Vec::new(); periods.len()];
    let mut series: Vec<Series> = highlight
        .iter()
        .enumerate()
        .map(|(k, code)| Series {
            label: code.clone(),
            colour: series_colour(k),
            values: vec![None; periods.len()],
        })
        .collect();
    for p in &ideal.positions {
        let t = slot(p.period);
        all[t].push(p.ideal[0]);
        if let Some(k) = highlight.iter().position(|code| *code == p.member) {
            series[k].values[t] = Some(p.ideal[0]);
        }
    }
    for s in &mut series {
        if s.values.iter().all(Option::is_none) {
            s.label = format!("{} (none)", s.label);
        }
    }
    for values in &mut all {
        values.sort_by(f64::total_cmp);
    }
    let band = Band {
        low: all.iter().map(|v| quantile(v, 0.05)).collect(),
        median: all.iter().map(|v| quantile(v, 0.5)).collect(),
        high: all.iter().map(|v| quantile(v, 0.95)).collect(),
        label: "5–95 % of members".to_string(),
    };
    let drawn = series
        .iter()
        .flat_map(|s| s.values.iter())
        .chain(band.low.iter())
        .chain(band.high.iter())
        .flatten()
        .copied();
    let (low, high) = drawn.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let range = if low < high {
        round_range(low, high)
    } else {
        (-1.0, 1.0)
    };
    let labels: Vec<String> = periods
        .iter()
        .map(|p| p.map_or_else(String::new, |p| p.to_string()))
        .collect();
    line_plot(
        "ideal points over time",
        &labels,
        &series,
        Some(&band),
        range,
    )
}

/// The y range of the ideal points' plot: four intervals of a round step (the plot draws a
/// line at each), from a multiple of the step at or below `low` to one at or above `high`, so
/// that the axis reads −9, −6, −3, 0, 3 rather than −7, −4.5, −2, 0.5, 3.
fn round_range(low: f64, high: f64) -> (f64, f64) {
    const STEPS: [f64; 10] = [0.25, 0.5, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0, 20.0];
    for step in STEPS {
        let start = (low / step).floor() * step;
        if start + 4.0 * step >= high {
            return (start, start + 4.0 * step);
        }
    }
    (low.floor(), high.ceil())
}

/// One row per highlighted member: its bloc in each period, as coloured cells.
fn highlight_svg(timeline: &Timeline, highlight: &[String]) -> String {
    let n = timeline.periods.len();
    let (left, cell, row) = (220.0, (800.0 / n.max(1) as f64).clamp(8.0, 40.0), 18.0);
    let width = left + cell * n as f64 + 10.0;
    let height = 30.0 + row * highlight.len() as f64 + 30.0;
    let mut svg = Svg::new(width, height, "bloc of the highlighted members");
    for (r, code) in highlight.iter().enumerate() {
        let y = 20.0 + row * r as f64;
        let mut name = code.clone();
        let mut seen = false;
        for (i, period) in timeline.periods.iter().enumerate() {
            let Some(at) = period.members.iter().position(|(c, _)| c == code) else {
                continue;
            };
            seen = true;
            name = format!("{} ({code})", period.members[at].1);
            let bloc = period.blocs[at];
            let colour = bloc_colour(bloc);
            svg.rect(left + cell * i as f64, y, cell - 1.0, row - 2.0, colour, "");
        }
        if !seen {
            name = format!("{code}: not in the data");
        }
        let name = if name.chars().count() > 36 {
            format!("{}…", name.chars().take(35).collect::<String>())
        } else {
            name
        };
        svg.text(&Label::new(left - 6.0, y + 12.0, &name, 10.0).anchor(Anchor::End));
    }
    let every = (n / 25).max(1);
    for (i, p) in period_labels(timeline).iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let y = 20.0 + row * highlight.len() as f64 + 12.0;
            svg.text(&Label::new(left + cell * i as f64, y, p, 9.0).rotate(45.0));
        }
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ideal_axis_takes_four_round_steps() {
        assert_eq!(super::round_range(-7.08, 2.73), (-9.0, 3.0));
        assert_eq!(super::round_range(-1.6, 2.7), (-2.0, 6.0));
        assert_eq!(super::round_range(-0.4, 0.3), (-0.5, 0.5));
    }
}
