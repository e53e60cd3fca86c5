//! The terminal summary: aligned plain-text tables for people. Bold headings only when the
//! output is a terminal and `NO_COLOR` is unset.

use crate::Choice;
use crate::analysis::Analysis;
use std::io::{self, Write};

/// Members a reader recognises first, shown ahead of the others in a bloc's list.
const WELL_KNOWN: &[&str] = &[
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "JPN", "IND", "BRA", "ZAF", "EGY", "IRN", "PAK",
    "CUB", "ISR", "CAN", "AUS", "MEX", "ARG", "NGA", "IDN", "TUR", "SAU", "KOR", "ITA", "ESP",
    "SUN", "YUG", "CSK", "DDR",
];

/// Members named on a "left out" or "not members" line; the rest are in summary.json.
const LISTED: usize = 12;

/// Swing members listed in the terminal summary; the rest are in swing.csv.
const SWING_LINES: usize = 20;

/// Whether to use bold text: a terminal, and no `NO_COLOR` (<https://no-color.org>).
pub fn use_style(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Pads cells to their column's width; numeric columns (by `right`) are right-aligned.
pub fn align(rows: &[Vec<String>], right: &[bool]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = widths[c].saturating_sub(cell.chars().count());
                    let last = c + 1 == row.len();
                    if right.get(c).copied().unwrap_or(false) {
                        format!("{}{cell}", " ".repeat(pad))
                    } else if last {
                        cell.clone()
                    } else {
                        format!("{cell}{}", " ".repeat(pad))
                    }
                })
                .collect();
            cells.join("  ")
        })
        .collect()
}

fn fixed(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "–".to_string(),
    }
}

/// Writes the summary: the run, the blocs (size, stability, cohesion, best-known members) and
/// the swing members with one reason each.
pub fn write_summary(analysis: &Analysis, out: &mut impl Write, styled: bool) -> io::Result<()> {
    let (bold, reset) = if styled {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    write_counts(analysis, out, (bold, reset))?;
    write_left_out(analysis, out)?;
    write_method(analysis, out)?;
    writeln!(out)?;
    write_blocs(analysis, out, (bold, reset))?;
    writeln!(out)?;
    write_swing(analysis, out, styled, Some(SWING_LINES))
}

/// The first line: motions, members analysed of all members, and how many were left out.
fn write_counts(analysis: &Analysis, out: &mut impl Write, style: (&str, &str)) -> io::Result<()> {
    let (bold, reset) = style;
    let data = &analysis.dataset;
    // Members not in the body during the period (`not_members`) are in no denominator.
    let total = data.members.len() + analysis.left_out.len();
    writeln!(
        out,
        "{bold}votebloc{reset}: {} motions, {} of {} members analysed{}",
        data.motions.len(),
        data.members.len(),
        total,
        if analysis.left_out.is_empty() {
            String::new()
        } else {
            match analysis.min_votes {
                1 => format!(" ({} with no cast vote left out)", analysis.left_out.len()),
                n => format!(
                    " ({} with fewer than {n} cast votes left out)",
                    analysis.left_out.len()
                ),
            }
        }
    )
}

/// The members left out with some cast votes, those not members of the body, and what the
/// source does not record: absences, vetoes.
fn write_left_out(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let data = &analysis.dataset;
    // Those with some cast votes are named (by short name: a senator by surname, party and
    // state), with their counts, so the reader can check them.
    let named: Vec<String> = analysis
        .left_out
        .iter()
        .zip(&analysis.left_out_casts)
        .filter(|(_, c)| **c > 0)
        .map(|(m, c)| format!("{} {c}", m.short_name()))
        .collect();
    if !named.is_empty() {
        let more = named.len().saturating_sub(LISTED);
        writeln!(
            out,
            "left out (cast votes): {}{}",
            named[..named.len().min(LISTED)].join(", "),
            if more > 0 {
                format!(", … (+{more})")
            } else {
                String::new()
            }
        )?;
    }
    if !analysis.not_members.is_empty() {
        let codes: Vec<&str> = analysis
            .not_members
            .iter()
            .map(|m| m.code.as_str())
            .collect();
        let more = codes.len().saturating_sub(LISTED);
        writeln!(
            out,
            "not members of the body then (not counted): {}{}",
            codes[..codes.len().min(LISTED)].join(", "),
            if more > 0 {
                format!(", … (+{more})")
            } else {
                String::new()
            }
        )?;
    }
    if !analysis.absences_recorded {
        writeln!(out, "absent: not recorded by this source")?;
    }
    // Security Council drafts defeated by a permanent member's negative vote.
    for m in data.motions.iter().filter(|m| !m.vetoed_by.is_empty()) {
        writeln!(out, "vetoed: {} by {}", m.id, m.vetoed_by.join(", "))?;
    }
    Ok(())
}

/// The index, graph, method and seed; then the quality of the partition.
fn write_method(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let params = &analysis.params;
    let method = if params.method == crate::analysis::Method::Leiden {
        format!(
            "leiden ({} γ={}), {} consensus runs",
            analysis.quality.objective, params.resolution, params.consensus_runs
        )
    } else {
        params.method.name().to_string()
    };
    writeln!(
        out,
        "{} index, {} graph, {method}, seed {}",
        params.similarity.index.name(),
        params.graph.construction,
        params.seed
    )?;
    let groups = match analysis.quality.group_ari {
        Some(ari) => format!(", agreement with groups (ARI) {ari:.3}"),
        None => String::new(),
    };
    writeln!(
        out,
        "modularity {}, silhouette {}{groups}",
        fixed(analysis.quality.modularity, 3),
        fixed(analysis.quality.silhouette, 3)
    )?;
    // Two blocs a reader would take for distinct though they are not (see `cluster::separation`).
    for pair in crate::cluster::separation::indistinct(&analysis.quality.separation) {
        writeln!(out, "warning: {}", pair.describe())?;
    }
    if let Some(scan) = analysis.stage::<crate::cluster::scan::ScanResult>() {
        writeln!(out, "{}", scan.describe())?;
    }
    Ok(())
}

/// The table of blocs: size, mean stability, cohesion and the best-known members (at most
/// six, those of `WELL_KNOWN` first, by short name: `USA`, `Collins (R-ME)`), with a bold
/// heading when styled.
fn write_blocs(analysis: &Analysis, out: &mut impl Write, style: (&str, &str)) -> io::Result<()> {
    let (bold, reset) = style;
    let data = &analysis.dataset;
    let mut rows = vec![vec![
        "bloc".to_string(),
        "members".to_string(),
        "stability".to_string(),
        "cohesion".to_string(),
        "best-known members".to_string(),
    ]];
    for (b, &size) in analysis.bloc_sizes.iter().enumerate() {
        let bloc = b as u32 + 1;
        let mut members = analysis.bloc_members(bloc);
        let mean_stability = analysis.mean_stability(bloc);
        let rank = |i: usize| {
            WELL_KNOWN
                .iter()
                .position(|&c| c == data.members[i].code)
                .unwrap_or(WELL_KNOWN.len())
        };
        members.sort_by_key(|&i| (rank(i), i));
        let shown: Vec<String> = members
            .iter()
            .take(6)
            .map(|&i| data.members[i].short_name())
            .collect();
        let more = if members.len() > shown.len() {
            format!(", … (+{})", members.len() - shown.len())
        } else {
            String::new()
        };
        let cohesion = analysis.bloc_cohesion(bloc).and_then(|c| c.agreement_index);
        rows.push(vec![
            bloc.to_string(),
            size.to_string(),
            fixed(mean_stability, 2),
            fixed(cohesion, 2),
            format!("{}{more}", shown.join(", ")),
        ]);
    }
    let lines = align(&rows, &[true, true, true, true, false]);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            writeln!(out, "{bold}{line}{reset}")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }

    Ok(())
}

/// Writes the swing members, one aligned line each: code, name, bloc, reasons; at most
/// `limit` of them, with a line saying how many more there are.
pub fn write_swing(
    analysis: &Analysis,
    out: &mut impl Write,
    styled: bool,
    limit: Option<usize>,
) -> io::Result<()> {
    let limit = limit.unwrap_or(usize::MAX);
    let (bold, reset) = if styled {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let data = &analysis.dataset;
    let swing = analysis.swing.summary(data);
    writeln!(out, "{bold}swing members ({}){reset}", swing.len())?;
    let rows: Vec<Vec<String>> = swing
        .iter()
        .take(limit)
        .map(|s| {
            let m = &data.members[s.member];
            vec![
                m.code.clone(),
                m.name.clone(),
                s.bloc.map(|b| format!("bloc {b}")).unwrap_or_default(),
                s.line(),
            ]
        })
        .collect();
    for line in align(&rows, &[false, false, false, false]) {
        writeln!(out, "  {line}")?;
    }
    if swing.len() > limit {
        writeln!(
            out,
            "  … and {} more (all of them in swing.csv, or `votebloc swing`)",
            swing.len() - limit
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_aligned_by_characters_not_bytes() {
        let rows = vec![
            vec!["Côte".to_string(), "1".to_string()],
            vec!["Chad".to_string(), "100".to_string()],
        ];
        let lines = align(&rows, &[false, true]);
        assert_eq!(lines, vec!["Côte    1", "Chad  100"]);
    }

    #[test]
    fn no_color_disables_style() {
        assert!(!use_style(false));
    }
}
