//! Reader for UN Digital Library voting exports: `resolution,date,iso3166_numeric,ms_name,ms_vote`
//! (other columns are ignored), one row per member state and resolution.
//!
//! Votes: `Y` yes, `N` no, `A` abstain, `Non-Voting` (also an empty field or `X`) absent; the
//! raw value is kept as the vote's source code. States are found by their ISO numeric code and
//! checked against their upper-case name (`BOLIVIA (PLURINATIONAL STATE OF)`, `TÜRKİYE`,
//! `DR CONGO`); a row without a numeric code is placed by name. Each resolution is one motion
//! on the text as a whole, identified by its symbol (`A/RES/ES-11/3`).

use super::csv_rows::{Header, Row, csv_reader, each_row};
use super::states::{StateCode, resolve_state};
use super::{IngestError, IngestOptions};
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Part, Vote, is_document_symbol};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The `ms_vote` spellings, with their votes.
const SPELLINGS: [(&str, Vote); 13] = [
    ("y", Vote::Yes),
    ("yes", Vote::Yes),
    ("n", Vote::No),
    ("no", Vote::No),
    ("a", Vote::Abstain),
    ("abstain", Vote::Abstain),
    ("abstention", Vote::Abstain),
    ("", Vote::Absent),
    ("x", Vote::Absent),
    ("non-voting", Vote::Absent),
    ("non voting", Vote::Absent),
    ("nonvoting", Vote::Absent),
    ("not voting", Vote::Absent),
];

/// The vote an `ms_vote` value stands for (case and surrounding space ignored).
fn vote_of(text: &str) -> Option<Vote> {
    let text = text.trim();
    SPELLINGS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
        .map(|&(_, vote)| vote)
}

/// Reads a UN Digital Library voting export (plain or gzip-compressed: `input` is already
/// decompressed). `options` is not used by this format.
///
/// Takes the path (for messages) and the input; returns the validated dataset. Order: the dataset's
/// canonical order.
///
/// # Errors
///
/// Each error names the file and line: a missing column (`ms_vote`, `resolution`, and one of
/// `iso3166_numeric` or `ms_name`), a resolution that is not written as a document symbol
/// ([`crate::model::is_document_symbol`]), an unknown vote value, an unknown numeric code or name
/// (with the closest known names), a name that is another state than the code, two dates for one
/// resolution, conflicting duplicate votes; a file that ends, without a line end, in a vote
/// code that may be `Non-Voting` cut short (`N`).
///
/// # Complexity
///
/// O(rows), streaming record by record.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use votebloc::Vote;
/// use votebloc::ingest::{IngestOptions, undl};
/// let csv = "resolution,date,iso3166_numeric,ms_name,ms_vote\n\
///            A/RES/ES-11/3,2022-04-07,004,AFGHANISTAN,Non-Voting\n\
///            A/RES/ES-11/3,2022-04-07,792,TÜRKİYE,A\n";
/// let data = undl::read(Path::new("u.csv"), csv.as_bytes(), &IngestOptions::default())?;
/// assert_eq!(data.members[1].code, "TUR");
/// assert_eq!(data.vote(0, 0), Some(Vote::Absent));
/// assert_eq!(data.motions[0].date.as_deref(), Some("2022-04-07"));
/// # Ok::<(), votebloc::ingest::IngestError>(())
/// ```
pub fn read(
    path: &Path,
    input: impl Read,
    _options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let mut reader = csv_reader(path, input);
    let columns = Columns::find(&Header::read(path, &mut reader)?)?;
    let mut builder = DatasetBuilder::new(path);
    let mut seen = Seen::default();
    each_row(path, &mut reader, |row| {
        builder.stats.rows += 1;
        let motion = seen.motion(row, &columns, &mut builder)?;
        let member = seen.member(row, &columns, &mut builder)?;
        let text = row.field(columns.vote);
        let vote = vote_of(text)
            .ok_or_else(|| row.error(columns.vote, "a vote (Y, N, A or Non-Voting)", text))?;
        row.refuse_cut_code(columns.vote, vote, &SPELLINGS, |_| true)?;
        builder.push(motion, member, vote, Some(text), row.line_u32())?;
        Ok(())
    })?;
    if builder.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            line: 2,
            detail: "the CSV has a header but no rows".to_string(),
        });
    }
    Ok(builder.finish()?)
}

/// The columns of the export the reader uses.
struct Columns {
    resolution: usize,
    vote: usize,
    date: Option<usize>,
    numeric: Option<usize>,
    name: Option<usize>,
}

impl Columns {
    /// `resolution` and `ms_vote` are required, and one of `iso3166_numeric` or `ms_name`.
    fn find(header: &Header) -> Result<Columns, IngestError> {
        let columns = Columns {
            resolution: header.require("resolution")?,
            vote: header.require("ms_vote")?,
            date: header.find("date"),
            numeric: header.find("iso3166_numeric"),
            name: header.find("ms_name"),
        };
        if columns.numeric.is_none() && columns.name.is_none() {
            // Either identifies the state; ask for the one the exports always have.
            header.require("iso3166_numeric")?;
        }
        Ok(columns)
    }
}

/// What the rows read so far established: each motion's date, each state met.
#[derive(Default)]
struct Seen {
    /// Numeric code → the names met with it and their member: each pair is resolved once.
    members: HashMap<String, Vec<(String, u32)>>,
    /// Date of each motion (by builder index) and the line that set it.
    dates: HashMap<u32, (Option<String>, usize)>,
}

impl Seen {
    /// The motion of a row (registered on its first row), its symbol and date checked: one
    /// date for all the rows of a resolution.
    fn motion(
        &mut self,
        row: &Row<'_>,
        columns: &Columns,
        builder: &mut DatasetBuilder,
    ) -> Result<u32, IngestError> {
        let symbol = row.field(columns.resolution);
        if !is_document_symbol(symbol) {
            return Err(row.error(
                columns.resolution,
                "a resolution symbol (A/RES/ES-11/3)",
                symbol,
            ));
        }
        let date = match row.optional(columns.date) {
            Some(text) => Some(super::csv_rows::iso_date(text).ok_or_else(|| {
                row.error(columns.date.unwrap_or(0), "a date (YYYY-MM-DD)", text)
            })?),
            None => None,
        };
        let motion = match builder.motion_id_index(symbol) {
            Some(index) => index,
            None => {
                let mut motion = Motion::new(symbol);
                motion.document = Some(symbol.to_string());
                motion.part = Part::Whole;
                motion.date = date.clone();
                builder.motion(motion)
            }
        };
        match self.dates.get(&motion) {
            Some((known, _)) if *known == date => {}
            Some((known, first)) => {
                return Err(row.error(
                    columns.date.unwrap_or(0),
                    &format!(
                        "the date of {symbol} on line {first} ({})",
                        known.as_deref().unwrap_or("none")
                    ),
                    date.as_deref().unwrap_or(""),
                ));
            }
            None => {
                self.dates.insert(motion, (date, row.line));
            }
        }
        Ok(motion)
    }

    /// The member of a row, by numeric code checked against the name (or by name alone).
    fn member(
        &mut self,
        row: &Row<'_>,
        columns: &Columns,
        builder: &mut DatasetBuilder,
    ) -> Result<u32, IngestError> {
        let numeric = row.optional(columns.numeric).unwrap_or("");
        let name = row.optional(columns.name).unwrap_or("");
        let known = self
            .members
            .get(numeric)
            .and_then(|names| names.iter().find(|(n, _)| n == name));
        if let Some(&(_, index)) = known {
            return Ok(index);
        }
        let country = resolve_state(
            row,
            columns.numeric.map(|c| (c, StateCode::Numeric)),
            columns.name,
        )?;
        let index = builder.member(Member::new(country.alpha3, country.name_en));
        self.members
            .entry(numeric.to_string())
            .or_default()
            .push((name.to_string(), index));
        Ok(index)
    }
}

/// The [`Reader`](super::Reader) of the UN Digital Library export: a header with `ms_vote`; read by [`read`].
#[derive(Debug, Clone, Copy)]
pub struct Undl;

impl super::Reader for Undl {
    fn name(&self) -> &'static str {
        "undl"
    }

    fn detect(&self, head: &super::Head<'_>) -> bool {
        head.has_columns(&["ms_vote"])
    }

    fn read(&self, path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
        read(
            path,
            super::source::open_with_progress(path, options.progress.as_deref())?,
            options,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dataset, IngestError> {
        read(
            Path::new("u.csv"),
            text.as_bytes(),
            &IngestOptions::default(),
        )
    }

    const HEADER: &str = "resolution,date,iso3166_numeric,ms_name,ms_vote\n";

    #[test]
    fn votes_and_names_map() {
        let data = parse(&format!(
            "{HEADER}A/RES/ES-11/3,2022-04-07,068,BOLIVIA (PLURINATIONAL STATE OF),N\n\
             A/RES/ES-11/3,2022-04-07,180,DR CONGO,Y\n\
             A/RES/ES-11/3,2022-04-07,643,RUSSIAN FEDERATION,N\n\
             A/RES/ES-11/3,2022-04-07,,UNITED KINGDOM,Y\n"
        ))
        .unwrap();
        let codes: Vec<&str> = data.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, vec!["BOL", "COD", "GBR", "RUS"]);
        assert_eq!(data.vote_counts(), [2, 2, 0, 0, 0]);
        assert_eq!(data.motions[0].part, Part::Whole);
        assert_eq!(data.motions[0].document.as_deref(), Some("A/RES/ES-11/3"));
    }

    #[test]
    fn unknown_vote_and_state_are_errors_with_lines() {
        let err = parse(&format!(
            "{HEADER}A/RES/1,2022-04-07,004,AFGHANISTAN,Maybe\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("u.csv:2:5:") && err.contains("\"Maybe\""),
            "{err}"
        );
        let err = parse(&format!("{HEADER}A/RES/1,2022-04-07,,ATLANTIS,Y\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("u.csv:2: unknown state name \"ATLANTIS\""),
            "{err}"
        );
        let err = parse(&format!("{HEADER}A/RES/1,2022-04-07,999,FRANCE,Y\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown ISO 3166-1 numeric code \"999\""),
            "{err}"
        );
        assert!(err.contains("250 (France)"), "{err}");
        let err = parse(&format!("{HEADER}A/RES/1,2022-04-07,250,GERMANY,Y\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("u.csv:2:4:"), "{err}");
    }

    #[test]
    fn a_resolution_that_is_no_symbol_is_an_error() {
        let err = parse(&format!("{HEADER}A/RES/ES-11/-1,2022-04-07,250,FRANCE,Y\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("u.csv:2:1: expected a resolution symbol"),
            "{err}"
        );
        assert!(err.contains("\"A/RES/ES-11/-1\""), "{err}");
    }

    #[test]
    fn two_dates_for_one_resolution_are_an_error() {
        let err = parse(&format!(
            "{HEADER}A/RES/1,2022-04-07,250,FRANCE,Y\nA/RES/1,2022-04-08,004,AFGHANISTAN,Y\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("u.csv:3:2:") && err.contains("line 2"),
            "{err}"
        );
    }

    #[test]
    fn missing_vote_column_is_reported() {
        let err = parse("resolution,date,iso3166_numeric,ms_name\nA/RES/1,2022-04-07,250,FRANCE\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column \"ms_vote\""), "{err}");
    }
}
