//! The ideal-point outputs: `ideal.csv` (positions), `ideal_motions.csv` (the motions'
//! parameters), the summary (JSON) and the ranked table for the terminal.

use super::ideal_stage::{fit_json, model_json, pivot_line, pivots_json};
use super::json::InputDigest;
use super::table::align;
use crate::Choice;
use crate::format::{format_float, json_number as number};
use crate::ideal::IdealPoints;
use serde_json::{Value, json};
use std::io::{self, Write};

fn period_field(period: Option<u32>) -> String {
    period.map_or_else(String::new, |p| p.to_string())
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes `ideal.csv`: `member,name,group,period,ideal,ideal_lo,ideal_hi,votes`, then
/// `ideal_2,ideal_2_lo,ideal_2_hi` in two dimensions; one row per member-period in period,
/// then member order; `period` empty for a static fit, bounds empty without a bootstrap.
///
/// # Errors
/// Those of `out`.
pub fn write_positions(ideal: &IdealPoints, out: &mut impl Write) -> io::Result<()> {
    let two = ideal.params.dims > 1;
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "member", "name", "group", "period", "ideal", "ideal_lo", "ideal_hi", "votes",
    ];
    if two {
        header.extend(["ideal_2", "ideal_2_lo", "ideal_2_hi"]);
    }
    w.write_record(&header).map_err(csv_error)?;
    for p in &ideal.positions {
        let mut record = vec![
            p.member.clone(),
            p.name.clone(),
            p.group.clone().unwrap_or_default(),
            period_field(p.period),
            format_float(Some(p.ideal[0])),
            format_float(p.lower.map(|v| v[0])),
            format_float(p.upper.map(|v| v[0])),
            p.votes.to_string(),
        ];
        if two {
            record.extend([
                format_float(Some(p.ideal[1])),
                format_float(p.lower.map(|v| v[1])),
                format_float(p.upper.map(|v| v[1])),
            ]);
        }
        w.write_record(&record).map_err(csv_error)?;
    }
    w.flush()
}

/// Writes `ideal_motions.csv`: `motion,period,discrimination,cut_1,cut_2,bridge`, then
/// `discrimination_2` in two dimensions; one row per motion the model read, in period, then
/// motion order.
///
/// # Errors
/// Those of `out`.
pub fn write_motions(ideal: &IdealPoints, out: &mut impl Write) -> io::Result<()> {
    let two = ideal.params.dims > 1;
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "motion",
        "period",
        "discrimination",
        "cut_1",
        "cut_2",
        "bridge",
    ];
    if two {
        header.push("discrimination_2");
    }
    w.write_record(&header).map_err(csv_error)?;
    for m in &ideal.motions {
        let mut record = vec![
            m.motion.clone(),
            period_field(m.period),
            format_float(Some(m.discrimination[0])),
            format_float(m.cut_1),
            format_float(m.cut_2),
            m.bridge.clone().unwrap_or_default(),
        ];
        if two {
            record.push(format_float(Some(m.discrimination[1])));
        }
        w.write_record(&record).map_err(csv_error)?;
    }
    w.flush()
}

/// The summary document: parameters, inputs, counts, fit statistics per estimation, pivots
/// per period, what was left out, warnings. No timestamps: the same run gives the same bytes.
pub fn summary(ideal: &IdealPoints, inputs: &[InputDigest]) -> Value {
    let p = &ideal.params;
    let mut members: Vec<&str> = ideal.positions.iter().map(|p| p.member.as_str()).collect();
    members.sort_unstable();
    members.dedup();
    let mut doc = model_json(p);
    doc["params"]["walk_variance"] = number(Some(p.walk_variance));
    doc["params"]["bridge_pairs"] = json!(p.bridges.len());
    doc["params"]["auto_bridges"] = json!(p.auto_bridges);
    let rest = json!({
        "command": "ideal",
        "by": p.by.map(|b| b.name()),
        "dynamic": p.dynamic && ideal.params.by.is_some() && ideal.fits.len() == 1 && ideal.pivots.len() > 1,
        "anchor": ideal.anchor,
        "inputs": inputs,
        "members": members.len(),
        "member_periods": ideal.positions.len(),
        "motions": ideal.motions.len(),
        "bridged_motions": ideal.bridged_motions,
        "fits": ideal.fits.iter().map(|f| {
            let mut fit = fit_json(f);
            fit["period"] = json!(f.period);
            fit
        }).collect::<Vec<_>>(),
        "pivots": ideal.pivots.iter().map(pivots_json).collect::<Vec<_>>(),
        "left_out": {
            "motions_without_period": ideal.left_out.motions_without_period,
            "motions_without_votes": ideal.left_out.motions_without_votes,
            "lopsided_motions": ideal.left_out.lopsided_motions,
            "motions_without_split": ideal.left_out.motions_without_split,
            "member_periods_with_few_votes": ideal.left_out.member_periods_with_few_votes,
            "members_without_votes": ideal.left_out.members_without_votes,
            "periods": ideal.left_out.periods.iter()
                .map(|(p, reason)| json!({"period": p, "reason": reason}))
                .collect::<Vec<_>>(),
        },
        "warnings": ideal.warnings,
    });
    // serde_json's maps sort their keys on output: merging the two keeps the bytes.
    if let (Value::Object(doc), Value::Object(rest)) = (&mut doc, rest) {
        doc.extend(rest);
    }
    doc
}

/// Writes [`summary`] pretty-printed with a final newline.
///
/// # Errors
/// Those of `out`.
pub fn write_summary(
    ideal: &IdealPoints,
    inputs: &[InputDigest],
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &summary(ideal, inputs))?;
    out.write_all(b"\n")
}

fn fixed(value: f64) -> String {
    format!("{value:.3}")
}

/// Writes the terminal summary: the model and fit, then for a static fit every member from the
/// positive end to the negative one with bounds and pivots; for periods one line per period
/// (its ends and median), every position being in `ideal.csv`.
///
/// # Errors
/// Those of `out`.
pub fn write_table(ideal: &IdealPoints, out: &mut impl Write, styled: bool) -> io::Result<()> {
    let style = if styled {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    write_fit(ideal, out, style)?;
    if ideal.params.by.is_none() {
        write_ranking(ideal, out, style)
    } else {
        write_periods(ideal, out, style)
    }
}

/// The model, the sizes and the anchor; then the fit: log-likelihood, share of votes
/// correctly classified, APRE (one fit only), EM steps and convergence.
fn write_fit(ideal: &IdealPoints, out: &mut impl Write, style: (&str, &str)) -> io::Result<()> {
    let (bold, reset) = style;
    let p = &ideal.params;
    let kind = match (p.by, ideal.fits.len(), ideal.pivots.len()) {
        (None, _, _) => "static".to_string(),
        (Some(by), 1, n) if n > 1 => format!("dynamic by {}", by.name()),
        (Some(by), _, _) => format!("one fit per {}", by.name()),
    };
    let votes: usize = ideal.fits.iter().map(|f| f.votes).sum();
    writeln!(
        out,
        "{bold}votebloc ideal{reset}: {} model, {} dimension{}, {kind}; {} member-periods, {} motions, {votes} votes; anchor {} positive",
        p.model.name(),
        p.dims,
        if p.dims > 1 { "s" } else { "" },
        ideal.positions.len(),
        ideal.motions.len(),
        ideal.anchor
    )?;
    let correct: f64 = ideal
        .fits
        .iter()
        .map(|f| f.correctly_classified * f.votes as f64)
        .sum::<f64>()
        / votes.max(1) as f64;
    let log_likelihood: f64 = ideal.fits.iter().map(|f| f.log_likelihood).sum();
    let iterations: usize = ideal.fits.iter().map(|f| f.iterations).sum();
    let unconverged = ideal.fits.iter().filter(|f| !f.converged).count();
    let apre = match ideal.fits.as_slice() {
        [only] => only
            .apre
            .map_or_else(String::new, |a| format!(", APRE {}", fixed(a))),
        _ => String::new(),
    };
    writeln!(
        out,
        "log-likelihood {log_likelihood:.1}, {:.1} % of votes correctly classified{apre}, {iterations} EM steps, {}",
        100.0 * correct,
        if unconverged == 0 {
            "converged".to_string()
        } else {
            format!("{unconverged} fit(s) NOT converged")
        }
    )
}

/// A static fit: its pivots, then every member from the positive end to the negative one
/// (ties by member code) with bounds when bootstrapped, the second dimension and votes.
fn write_ranking(ideal: &IdealPoints, out: &mut impl Write, style: (&str, &str)) -> io::Result<()> {
    let (bold, reset) = style;
    let p = &ideal.params;
    let with_bounds = p.bootstrap > 0;
    if let Some(pivots) = ideal.pivots.first() {
        writeln!(
            out,
            "pivots: {}",
            pivot_line(pivots, |p| p.name.clone(), fixed)
        )?;
    }
    writeln!(out)?;
    let mut order: Vec<&crate::ideal::Position> = ideal.positions.iter().collect();
    order.sort_by(|a, b| {
        b.ideal[0]
            .total_cmp(&a.ideal[0])
            .then(a.member.cmp(&b.member))
    });
    let mut header = vec!["rank", "member", "name", "group", "ideal"];
    if with_bounds {
        header.extend(["5 %", "95 %"]);
    }
    if p.dims > 1 {
        header.push("ideal_2");
    }
    header.push("votes");
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (rank, pos) in order.iter().enumerate() {
        let mut row = vec![
            (rank + 1).to_string(),
            pos.member.clone(),
            pos.name.clone(),
            pos.group.clone().unwrap_or_default(),
            fixed(pos.ideal[0]),
        ];
        if with_bounds {
            row.push(pos.lower.map_or_else(String::new, |v| fixed(v[0])));
            row.push(pos.upper.map_or_else(String::new, |v| fixed(v[0])));
        }
        if p.dims > 1 {
            row.push(fixed(pos.ideal[1]));
        }
        row.push(pos.votes.to_string());
        rows.push(row);
    }
    let mut right = vec![true, false, false, false, true];
    right.extend(std::iter::repeat_n(true, rows[0].len() - right.len()));
    let lines = align(&rows, &right);
    writeln!(out, "{bold}{}{reset}", lines[0])?;
    for line in &lines[1..] {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Fits by period: one line per period with its negative end, median and positive end.
fn write_periods(ideal: &IdealPoints, out: &mut impl Write, style: (&str, &str)) -> io::Result<()> {
    let (bold, reset) = style;
    writeln!(out)?;
    let mut rows = vec![
        [
            "period",
            "members",
            "negative end",
            "median",
            "positive end",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
    ];
    let name_at =
        |pos: &crate::ideal::Position| format!("{} ({})", pos.member, fixed(pos.ideal[0]));
    for pivots in &ideal.pivots {
        let mut here: Vec<&crate::ideal::Position> = ideal
            .positions
            .iter()
            .filter(|pos| pos.period == pivots.period)
            .collect();
        here.sort_by(|a, b| {
            a.ideal[0]
                .total_cmp(&b.ideal[0])
                .then(a.member.cmp(&b.member))
        });
        let (Some(first), Some(last)) = (here.first(), here.last()) else {
            continue;
        };
        let median = pivots
            .pivots
            .iter()
            .filter(|p| p.kind == "median")
            .map(|p| p.member.clone())
            .collect::<Vec<_>>()
            .join(" / ");
        rows.push(vec![
            period_field(pivots.period),
            pivots.members.to_string(),
            name_at(first),
            median,
            name_at(last),
        ]);
    }
    let lines = align(&rows, &[true, true, false, false, false]);
    writeln!(out, "{bold}{}{reset}", lines[0])?;
    for line in &lines[1..] {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
