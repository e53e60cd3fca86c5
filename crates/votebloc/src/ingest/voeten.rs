//! Reader for Voeten's raw UN General Assembly coding (Harvard Dataverse, `votes.csv`):
//! `rcid,session,ccode,member,vote`, one row for every state and roll call.
//!
//! Vote codes: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member; the raw code is kept as the
//! vote's source code. States are given by their Correlates of War code and become registry
//! members ([`crate::countries::by_cow`]): 260 (German Federal Republic) and 255 (Germany) are
//! both Germany (`DEU`), 678 (Yemen Arab Republic) and 679 (Yemen) both Yemen (`YEM`), as the
//! UN counts them; 365 is the Soviet and Russian seat (`RUS`) and 345 the Yugoslav and Serbian
//! seat (`YUG`) throughout, as in the unvotes data set built from the same coding. The `member`
//! column (1 when the state belonged to the UN during the session) is checked but the vote code
//! decides: a member of the session not yet admitted on the day of the vote is coded 9.
//!
//! A roll-call table given with `--roll-calls` (Voeten's `roll_calls.csv` or unvotes'
//! `un_roll_calls.csv`) adds dates, documents, important-vote flags and issue codes; `--issues`
//! adds unvotes issue codes.

use super::csv_rows::{Header, Row, csv_reader, each_row};
use super::roll_calls::{MotionCursor, SideTables, finish, seat_holder};
use super::{IngestError, IngestOptions};
use crate::model::countries;
use crate::model::{Dataset, DatasetBuilder, Member, Vote};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The vote a Voeten code stands for.
fn vote_of(code: &str) -> Option<Vote> {
    match code {
        "1" => Some(Vote::Yes),
        "2" => Some(Vote::Abstain),
        "3" => Some(Vote::No),
        "8" => Some(Vote::Absent),
        "9" => Some(Vote::NotMember),
        _ => None,
    }
}

/// Reads Voeten's `votes.csv` (plain or gzip-compressed: `input` is already decompressed).
///
/// Takes the path (for messages), the input and the options (roll-call and issue tables); returns
/// the validated dataset with every row as a vote (non-members included, as [`Vote::NotMember`]).
/// Order: the dataset's canonical order, whatever the order of the rows.
///
/// # Errors
///
/// Each error names the file and line: a missing column, a vote code other than 1, 2, 3, 8, 9, a
/// COW code not in the registry, a session that is not a number or differs between rows of one roll
/// call, a bad `member` flag, conflicting duplicate votes.
///
/// # Complexity
///
/// O(rows) time, streaming record by record; memory proportional to the votes.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use votebloc::Vote;
/// use votebloc::ingest::{IngestOptions, voeten};
/// let csv = "rcid,session,ccode,member,vote\n3,1,2,1,1\n3,1,365,1,3\n3,1,713,,9\n";
/// let data = voeten::read(Path::new("v.csv"), csv.as_bytes(), &IngestOptions::default())?;
/// let codes: Vec<&str> = data.members.iter().map(|m| m.code.as_str()).collect();
/// assert_eq!(codes, ["RUS", "TWN", "USA"]);
/// assert_eq!(data.vote(0, 1), Some(Vote::NotMember));
/// assert_eq!(data.source_code(&data.votes[0]), Some("3"));
/// # Ok::<(), votebloc::ingest::IngestError>(())
/// ```
pub fn read(
    path: &Path,
    input: impl Read,
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let side = SideTables::read(options)?;
    let mut cursor = MotionCursor::default();
    let mut reader = csv_reader(path, input);
    let columns = Columns::find(&Header::read(path, &mut reader)?)?;
    let mut builder = DatasetBuilder::new(path);
    let mut seen = Seen::default();
    each_row(path, &mut reader, |row| {
        builder.stats.rows += 1;
        let motion = side.motion(&mut cursor, &mut builder, row, columns.rcid)?;
        seen.session(row, &columns, motion, &mut builder)?;
        let member = seen.member(row, &columns, motion, &mut builder)?;
        if let Some(column) = columns.member
            && !matches!(row.field(column), "" | "0" | "1")
        {
            return Err(row.error(column, "a member flag (1, 0 or empty)", row.field(column)));
        }
        let code = row.field(columns.vote);
        let vote = vote_of(code).ok_or_else(|| {
            row.error(
                columns.vote,
                "a vote code (1 yes, 2 abstain, 3 no, 8 absent, 9 not a member)",
                code,
            )
        })?;
        builder.push(motion, member, vote, Some(code), row.line_u32())?;
        Ok(())
    })?;
    finish(path, builder, &side, &cursor)
}

/// The columns of `votes.csv` the reader uses (`member` is optional).
struct Columns {
    rcid: usize,
    session: usize,
    ccode: usize,
    member: Option<usize>,
    vote: usize,
}

impl Columns {
    fn find(header: &Header) -> Result<Columns, IngestError> {
        Ok(Columns {
            rcid: header.require("rcid")?,
            session: header.require("session")?,
            ccode: header.require("ccode")?,
            member: header.find("member"),
            vote: header.require("vote")?,
        })
    }
}

/// What the rows read so far established: the states of the COW codes met, their members,
/// each roll call's session.
#[derive(Default)]
struct Seen {
    countries_by_cow: HashMap<u16, &'static countries::Country>,
    members: HashMap<&'static str, u32>,
    /// The session of each motion (by builder index) and the line that set it.
    sessions: HashMap<u32, (u32, usize)>,
}

impl Seen {
    /// Checks that a row gives its roll call the session of the roll call's first row, and
    /// sets the motion's session from that first row (unless a roll-call table set it).
    fn session(
        &mut self,
        row: &Row<'_>,
        columns: &Columns,
        motion: u32,
        builder: &mut DatasetBuilder,
    ) -> Result<(), IngestError> {
        let session: u32 = row.parse(columns.session, "a session number")?;
        match self.sessions.get(&motion) {
            Some(&(known, _)) if known == session => {}
            Some(&(known, first)) => {
                return Err(row.error(
                    columns.session,
                    &format!("session {known} for this roll call (as on line {first})"),
                    row.field(columns.session),
                ));
            }
            None => {
                self.sessions.insert(motion, (session, row.line));
                if let Some(m) = builder.motion_mut(motion)
                    && m.session.is_none()
                {
                    m.session = Some(session);
                }
            }
        }
        Ok(())
    }

    /// The member of a row: the state of its COW code, or the holder of that state's seat on
    /// the roll call's date.
    fn member(
        &mut self,
        row: &Row<'_>,
        columns: &Columns,
        motion: u32,
        builder: &mut DatasetBuilder,
    ) -> Result<u32, IngestError> {
        let ccode: u16 = row.parse(columns.ccode, "a Correlates of War country code")?;
        let country = match self.countries_by_cow.get(&ccode) {
            Some(&country) => country,
            None => {
                let country =
                    countries::by_cow(ccode).ok_or_else(|| IngestError::UnknownMember {
                        path: builder.path().to_path_buf(),
                        line: row.line,
                        what: "COW country code".to_string(),
                        name: ccode.to_string(),
                        suggestions: Vec::new(),
                    })?;
                self.countries_by_cow.insert(ccode, country);
                country
            }
        };
        let country = seat_holder(builder, motion, country);
        Ok(match self.members.get(country.alpha3) {
            Some(&index) => index,
            None => {
                let index = builder.member(Member::new(country.alpha3, country.name_en));
                self.members.insert(country.alpha3, index);
                index
            }
        })
    }
}

/// The [`Reader`](super::Reader) of Voeten's raw coding: a header with `rcid`, `ccode` and `vote`; read by [`read`].
#[derive(Debug, Clone, Copy)]
pub struct Voeten;

impl super::Reader for Voeten {
    fn name(&self) -> &'static str {
        "voeten"
    }

    fn detect(&self, head: &super::Head<'_>) -> bool {
        head.has_columns(&["rcid", "ccode", "vote"])
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
            Path::new("votes.csv"),
            text.as_bytes(),
            &IngestOptions::default(),
        )
    }

    #[test]
    fn every_code_maps_and_is_kept() {
        let data = parse(
            "rcid,session,ccode,member,vote\n\
             3,1,2,1,1\n3,1,20,1,2\n3,1,200,1,3\n3,1,220,1,8\n3,1,265,,9\n",
        )
        .unwrap();
        assert_eq!(data.vote_counts(), [1, 1, 1, 1, 1]);
        let codes: Vec<&str> = data.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, vec!["CAN", "DDR", "FRA", "GBR", "USA"]);
        let france = data.member_index("FRA").unwrap();
        assert_eq!(data.vote(0, france), Some(Vote::Absent));
        let record = data
            .votes
            .iter()
            .find(|v| v.member as usize == france)
            .unwrap();
        assert_eq!(data.source_code(record), Some("8"));
        assert_eq!(record.line, 5);
        assert_eq!(data.motions[0].session, Some(1));
    }

    #[test]
    fn merged_states_share_one_member() {
        let data = parse("rcid,session,ccode,member,vote\n3,1,260,1,1\n4,46,255,1,3\n").unwrap();
        assert_eq!(data.members.len(), 1);
        assert_eq!(data.members[0].code, "DEU");
        assert_eq!(data.vote(1, 0), Some(Vote::No));
    }

    #[test]
    fn bad_codes_name_file_line_and_column() {
        let err = parse("rcid,session,ccode,member,vote\n3,1,2,1,1\n3,1,20,1,5\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("votes.csv:3:5:"), "{err}");
        assert!(err.contains("\"5\""), "{err}");
        let err = parse("rcid,session,ccode,member,vote\n3,1,999,1,1\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("votes.csv:2: unknown COW country code \"999\""),
            "{err}"
        );
        let err = parse("rcid,session,ccode,member,vote\n3,1,two,1,1\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("votes.csv:2:3:"), "{err}");
        let err = parse("rcid,session,ccode,member,vote\n3,1,2,1,1\n3,2,20,1,1\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("votes.csv:3:2:") && err.contains("line 2"),
            "{err}"
        );
    }

    #[test]
    fn missing_column_and_conflicts_are_errors() {
        let err = parse("rcid,session,member,vote\n3,1,1,1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column \"ccode\""), "{err}");
        let err = parse("rcid,session,ccode,member,vote\n3,1,2,1,1\n3,1,2,1,3\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("votes.csv:3") && err.contains("line 2"),
            "{err}"
        );
    }
}
