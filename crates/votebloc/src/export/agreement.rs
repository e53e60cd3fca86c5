//! `votebloc agreement`'s outputs: the tidy CSV
//! (`member,name,with,period,index,value,same,opposite,partial,absent,votes`) and the aligned
//! terminal table. Columns are documented in `notebooks-data/README.md`.

use crate::agreement::Agreement;
use crate::format::format_float;
use crate::model::Dataset;
use std::io::{self, Write};

const HEADER: [&str; 11] = [
    "member", "name", "with", "period", "index", "value", "same", "opposite", "partial", "absent",
    "votes",
];

/// The cells of every row, as the CSV writes them (value with at most 6 decimals, empty when
/// undefined; period empty when the rows are not by period).
fn cells(data: &Dataset, agreement: &Agreement) -> impl Iterator<Item = [String; 11]> {
    let index = agreement.index.to_string();
    agreement.rows.iter().map(move |r| {
        [
            data.members[r.member].code.clone(),
            data.members[r.member].name.clone(),
            data.members[r.with].code.clone(),
            r.period.map(|p| p.to_string()).unwrap_or_default(),
            index.clone(),
            format_float(r.value),
            r.same.to_string(),
            r.opposite.to_string(),
            r.partial.to_string(),
            r.absent.to_string(),
            r.votes().to_string(),
        ]
    })
}

/// Writes the CSV: one row per member, reference and period, in [`Agreement::rows`] order.
///
/// # Errors
/// Those of `out`.
pub fn write_csv(data: &Dataset, agreement: &Agreement, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let error = |e: csv::Error| io::Error::other(e.to_string());
    w.write_record(HEADER).map_err(error)?;
    for row in cells(data, agreement) {
        w.write_record(&row).map_err(error)?;
    }
    w.flush()
}

/// Writes the same rows as an aligned table for people (values with 3 decimals, `–` when
/// undefined; bold header when `styled`).
///
/// # Errors
/// Those of `out`.
pub fn write_table(
    data: &Dataset,
    agreement: &Agreement,
    out: &mut impl Write,
    styled: bool,
) -> io::Result<()> {
    let mut rows: Vec<Vec<String>> = vec![HEADER.iter().map(|h| h.to_string()).collect()];
    rows.extend(
        cells(data, agreement)
            .zip(&agreement.rows)
            .map(|(mut c, r)| {
                c[5] = match r.value {
                    Some(v) if v.is_finite() => format!("{v:.3}"),
                    _ => "–".to_string(),
                };
                c.to_vec()
            }),
    );
    let right = [
        false, false, false, true, false, true, true, true, true, true, true,
    ];
    for (i, line) in super::table::align(&rows, &right).into_iter().enumerate() {
        if i == 0 && styled {
            writeln!(out, "\x1b[1m{line}\x1b[0m")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
