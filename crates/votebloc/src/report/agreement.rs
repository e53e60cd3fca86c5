//! `votebloc agreement --html FILE`: how often chosen members vote with each reference member,
//! period by period, drawn against the spread of all members (one self-contained page).

use super::html::page_head;
use super::lines::{Band, Series, line_plot, quantile, series_colour};
use crate::agreement::Agreement;
use crate::format::escape;
use crate::model::Dataset;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Least votes both cast (same, opposite, partial) for a point to be drawn.
pub const MIN_VOTES: u32 = 5;

/// The page: one plot per reference member, the `highlight` members (indices into the
/// dataset's members) as lines, every member's 10th–90th percentile as a grey band and the
/// median as a dashed line. Without periods, one point per member.
///
/// # Examples
/// ```
/// use votebloc::agreement::{run, AgreementParams};
/// use votebloc::model::PeriodBy;
/// use votebloc::report::agreement::agreement_html;
/// use votebloc::similarity::Index;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let mut data = planted(&PlantedParams::default().n_members(20).n_motions(40).n_blocs(2)).unwrap().dataset;
/// for (i, m) in data.motions.iter_mut().enumerate() { m.session = Some(1 + i as u32 / 10); }
/// let params = AgreementParams { with: vec![0], by: Some(PeriodBy::Session), index: Index::Coincidence };
/// let result = run(&data, &params).unwrap();
/// let page = agreement_html(&data, &result, &[1, 2]);
/// assert_eq!(page.matches("<svg ").count(), 1);
/// assert!(page.contains(&data.members[1].code));
/// ```
pub fn agreement_html(data: &Dataset, agreement: &Agreement, highlight: &[usize]) -> String {
    let mut out = String::with_capacity(1 << 15);
    let title = format!("votebloc agreement ({})", agreement.index);
    page_head(&mut out, &title, &title);
    let _ = writeln!(
        out,
        "<p class=\"lead\">{}{} · grey band: 10th to 90th percentile of every member, dashed: median; points from fewer than {MIN_VOTES} shared votes not drawn · votebloc {}</p>",
        escape(&agreement.index.to_string()),
        agreement.by.map_or(String::new(), |b| format!(" by {b}")),
        env!("CARGO_PKG_VERSION")
    );
    let mut references: Vec<usize> = agreement.rows.iter().map(|r| r.with).collect();
    references.sort_unstable();
    references.dedup();
    for with in references {
        reference_section(&mut out, data, agreement, with, highlight);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The section of one reference member: the spread of every member's agreement with it per
/// period, and the lines of the `highlight` members.
fn reference_section(
    out: &mut String,
    data: &Dataset,
    agreement: &Agreement,
    with: usize,
    highlight: &[usize],
) {
    let rows: Vec<_> = agreement.rows.iter().filter(|r| r.with == with).collect();
    let periods: Vec<Option<u32>> = {
        let mut p: Vec<Option<u32>> = rows.iter().map(|r| r.period).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    let at: BTreeMap<Option<u32>, usize> =
        periods.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let mut all: Vec<Vec<f64>> = vec![Vec::new(); periods.len()];
    let mut by_member: BTreeMap<usize, Vec<Option<f64>>> = BTreeMap::new();
    for r in &rows {
        let i = at[&r.period];
        // A value from a handful of votes is noise on a plot; the CSV keeps it.
        let enough = r.same + r.opposite + r.partial >= MIN_VOTES;
        if let Some(v) = r.value.filter(|v| v.is_finite() && enough) {
            if r.member != with {
                all[i].push(v);
            }
            if highlight.contains(&r.member) {
                by_member
                    .entry(r.member)
                    .or_insert_with(|| vec![None; periods.len()])[i] = Some(v);
            }
        }
    }
    for values in &mut all {
        values.sort_by(f64::total_cmp);
    }
    let band = Band {
        low: all.iter().map(|v| quantile(v, 0.1)).collect(),
        median: all.iter().map(|v| quantile(v, 0.5)).collect(),
        high: all.iter().map(|v| quantile(v, 0.9)).collect(),
        label: "every member".to_string(),
    };
    let series: Vec<Series> = highlight
        .iter()
        .enumerate()
        .filter_map(|(k, m)| {
            by_member.get(m).map(|values| Series {
                label: data.members[*m].code.clone(),
                colour: series_colour(k),
                values: values.clone(),
            })
        })
        .collect();
    let reference = &data.members[with];
    let _ = writeln!(
        out,
        "<h2>With {} ({})</h2>",
        escape(&reference.name),
        escape(&reference.code)
    );
    let labels: Vec<String> = periods
        .iter()
        .map(|p| p.map_or("all".to_string(), |p| p.to_string()))
        .collect();
    out.push_str(&line_plot(
        &format!("{} with {}", agreement.index, reference.code),
        &labels,
        &series,
        Some(&band),
        agreement.index.range(),
    ));
    out.push('\n');
}
