//! Voteview's roll-call table (`S117_rollcalls.csv`, `HSall_rollcalls.csv`), joined to the
//! votes with `--roll-calls`: `congress,chamber,rollnumber,date,session,clerk_rollnumber,
//! yea_count,nay_count,nominate_…,bill_number,vote_result,vote_desc,vote_question,dtl_desc`.
//!
//! Each row names the motion `S117-1` of the votes file (chamber initial, congress, roll
//! number) and gives it its date, its document (`bill_number`: `HR335`, `PN7813`,
//! `SCONRES5`), its title (`vote_desc`, else `dtl_desc`), the question put (`vote_question`:
//! "On the Cloture Motion", which tells the majority it needs), the result as stated
//! (`vote_result`: "Cloture Motion Agreed to") and the tally as stated (`yea_count`,
//! `nay_count`; Voteview states no count of those voting present). Voteview's own `session`
//! (1 or 2 within a congress) is not the motion's session, which stays the congress.
//!
//! Columns are found by name; `congress`, `chamber` and `rollnumber` are required, the others
//! used when present. Roll calls of the votes that the table lacks keep only their id, with one
//! warning counting them; rows of the table that no vote refers to are ignored.

use super::csv_rows::{Header, Row, csv_reader, each_row, iso_date};
use super::{IngestError, source};
use crate::model::{IngestStats, Motion, Tally};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// The motions of a Voteview roll-call table, by motion id (`S117-1`).
#[derive(Debug, Default)]
pub struct RollCalls {
    path: PathBuf,
    by_id: FxHashMap<String, Motion>,
    /// Roll calls of the votes that the table does not list.
    missing: usize,
}

/// The motion id of roll call `roll` of `congress` in `chamber` (`House` or `Senate`, any
/// case), as Voteview's votes reader names it: `S117-1`, `H117-12`; `None` for another
/// chamber.
///
/// # Examples
///
/// ```
/// use votebloc::ingest::voteview_rollcalls::motion_id;
/// assert_eq!(motion_id("Senate", 117, 1).as_deref(), Some("S117-1"));
/// assert_eq!(motion_id("president", 117, 1), None);
/// ```
pub fn motion_id(chamber: &str, congress: u32, roll: u32) -> Option<String> {
    let initial = if chamber.eq_ignore_ascii_case("senate") {
        'S'
    } else if chamber.eq_ignore_ascii_case("house") {
        'H'
    } else {
        return None;
    };
    Some(format!("{initial}{congress}-{roll}"))
}

/// The columns of the table.
struct Columns {
    congress: usize,
    chamber: usize,
    roll: usize,
    date: Option<usize>,
    yeas: Option<usize>,
    nays: Option<usize>,
    bill: Option<usize>,
    result: Option<usize>,
    description: Option<usize>,
    question: Option<usize>,
    detail: Option<usize>,
}

impl Columns {
    fn of(header: &Header) -> Result<Columns, IngestError> {
        Ok(Columns {
            congress: header.require("congress")?,
            chamber: header.require("chamber")?,
            roll: header.require("rollnumber")?,
            date: header.find("date"),
            yeas: header.find("yea_count"),
            nays: header.find("nay_count"),
            bill: header.find("bill_number"),
            result: header.find("vote_result"),
            description: header.find("vote_desc"),
            question: header.find("vote_question"),
            detail: header.find("dtl_desc"),
        })
    }
}

/// Reads a Voteview roll-call table (plain or gzip-compressed).
///
/// # Errors
///
/// Each error names the file, line and column: a missing required column, a congress or roll
/// number that is not a whole number, a chamber other than House or Senate, a date that is not
/// `YYYY-MM-DD`, a count that is not a whole number (`52` and `52.0` are), a roll call listed
/// twice (naming the line of the first), malformed CSV.
///
/// # Complexity
///
/// O(rows), memory proportional to the table.
///
/// # Examples
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("S117_rollcalls.csv");
/// std::fs::write(
///     &path,
///     "congress,chamber,rollnumber,date,yea_count,nay_count,bill_number,vote_result,vote_desc,\
///      vote_question\n117,Senate,10,2021-01-28,55,42,PN7813,Cloture Motion Agreed to,\
///      \"Alejandro Nicholas Mayorkas, of the District of Columbia\",On the Cloture Motion\n",
/// )
/// .unwrap();
/// let mut table = votebloc::ingest::voteview_rollcalls::read(&path)?;
/// let mut motion = votebloc::Motion::new("S117-10");
/// table.fill(&mut motion);
/// assert_eq!(motion.question.as_deref(), Some("On the Cloture Motion"));
/// assert_eq!(motion.stated.map(|t| (t.yes, t.no)), Some((55, 42)));
/// assert_eq!(motion.document.as_deref(), Some("PN7813"));
/// # Ok::<(), votebloc::ingest::IngestError>(())
/// ```
pub fn read(path: &Path) -> Result<RollCalls, IngestError> {
    let mut reader = csv_reader(path, source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let columns = Columns::of(&header)?;
    let mut by_id: FxHashMap<String, Motion> = FxHashMap::default();
    let mut lines: FxHashMap<String, usize> = FxHashMap::default();
    each_row(path, &mut reader, |row| {
        let motion = motion_of(row, &columns)?;
        if let Some(first) = lines.get(&motion.id) {
            return Err(row.error(
                columns.roll,
                &format!(
                    "a roll call not listed before ({} is on line {first})",
                    motion.id
                ),
                row.field(columns.roll),
            ));
        }
        lines.insert(motion.id.clone(), row.line);
        by_id.insert(motion.id.clone(), motion);
        Ok(())
    })?;
    Ok(RollCalls {
        path: path.to_path_buf(),
        by_id,
        missing: 0,
    })
}

/// The motion one row describes.
fn motion_of(row: &Row<'_>, columns: &Columns) -> Result<Motion, IngestError> {
    let congress: u32 = row.parse(columns.congress, "a congress number")?;
    let chamber = row.field(columns.chamber);
    let roll: u32 = row.parse(columns.roll, "a roll-call number")?;
    let id = motion_id(chamber, congress, roll)
        .ok_or_else(|| row.error(columns.chamber, "a chamber (House or Senate)", chamber))?;
    let mut motion = Motion::new(id);
    motion.session = Some(congress);
    motion.chamber = Some(
        if chamber.eq_ignore_ascii_case("senate") {
            "Senate"
        } else {
            "House"
        }
        .to_string(),
    );
    if let Some(text) = row.optional(columns.date) {
        let date = iso_date(text)
            .filter(|_| text.contains('-'))
            .ok_or_else(|| row.error(columns.date.unwrap_or(0), "a date YYYY-MM-DD", text))?;
        motion.date = Some(date);
    }
    let yeas = count(row, columns.yeas)?;
    let nays = count(row, columns.nays)?;
    if let (Some(yes), Some(no)) = (yeas, nays) {
        motion.stated = Some(Tally {
            yes,
            no,
            abstain: None,
        });
    }
    let text = |column: Option<usize>| row.optional(column).map(str::to_string);
    motion.document = text(columns.bill);
    motion.outcome = text(columns.result);
    motion.title = text(columns.description).or_else(|| text(columns.detail));
    motion.question = text(columns.question);
    Ok(motion)
}

/// A count written as a whole number (`52`, or `52.0` as pandas writes integer columns with
/// gaps); `None` when the column is absent or the field empty.
fn count(row: &Row<'_>, column: Option<usize>) -> Result<Option<u32>, IngestError> {
    let Some(text) = row.optional(column) else {
        return Ok(None);
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let valid = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b == b'0');
    valid
        .then(|| whole.parse().ok())
        .flatten()
        .map(Some)
        .ok_or_else(|| row.error(column.unwrap_or(0), "a count (a whole number)", text))
}

impl RollCalls {
    /// Fills `motion` (a motion of the votes, only its id, session and chamber set) with what
    /// the table says about it; a motion the table lacks is counted for
    /// [`RollCalls::finish`].
    ///
    /// # Complexity
    ///
    /// O(1) expected, plus the motion's texts.
    pub fn fill(&mut self, motion: &mut Motion) {
        match self.by_id.get(&motion.id) {
            Some(known) => *motion = known.clone(),
            None => self.missing += 1,
        }
    }

    /// Adds to `stats` a warning counting the roll calls of the votes file `votes` that the
    /// table lacks, if any.
    pub fn finish(&self, votes: &Path, stats: &mut IngestStats) {
        if self.missing > 0 {
            stats.warnings.push(format!(
                "{}: {} roll call(s) are not in {} (kept without date, question or result)",
                votes.display(),
                self.missing,
                self.path.display()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The table `text`, read from a file; an error as its message.
    fn table(text: &str) -> Result<RollCalls, String> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        read(file.path()).map_err(|e| e.to_string())
    }

    /// The first rows of Voteview's S117_rollcalls.csv, as published (nominate columns cut).
    const S117: &str = "congress,chamber,rollnumber,date,session,clerk_rollnumber,yea_count,\
        nay_count,bill_number,vote_result,vote_desc,vote_question,dtl_desc\n\
        117,Senate,1,2021-01-06,1,1,6,93,,Objection Not Sustained,,On the Objection,\n\
        117,Senate,59,2021-02-13,1,59,57,43,HRES24,Not Guilty,\"A resolution impeaching Donald \
        John Trump, President of the United States, for high crimes and misdemeanors.\",Guilty or \
        Not Guilty,\n";

    #[test]
    fn rows_give_date_document_title_question_result_and_tally() {
        let mut rolls = table(S117).unwrap();
        let mut verdict = Motion::new("S117-59");
        rolls.fill(&mut verdict);
        assert_eq!(verdict.date.as_deref(), Some("2021-02-13"));
        assert_eq!(verdict.session, Some(117));
        assert_eq!(verdict.document.as_deref(), Some("HRES24"));
        assert_eq!(verdict.outcome.as_deref(), Some("Not Guilty"));
        assert_eq!(verdict.question.as_deref(), Some("Guilty or Not Guilty"));
        assert!(
            verdict
                .title
                .as_deref()
                .unwrap()
                .starts_with("A resolution impeaching")
        );
        assert_eq!(
            verdict.stated,
            Some(Tally {
                yes: 57,
                no: 43,
                abstain: None
            })
        );
        let mut objection = Motion::new("S117-1");
        rolls.fill(&mut objection);
        assert_eq!((objection.document, objection.title), (None, None));
        let mut missing = Motion::new("S117-2");
        rolls.fill(&mut missing);
        assert_eq!(missing, Motion::new("S117-2"));
        let mut stats = IngestStats::default();
        rolls.finish(Path::new("S117_votes.csv"), &mut stats);
        assert!(
            stats.warnings[0].contains("1 roll call(s) are not in"),
            "{:?}",
            stats.warnings
        );
    }

    #[test]
    fn bad_rows_are_errors_with_their_position() {
        let header = "congress,chamber,rollnumber,date,yea_count,nay_count\n";
        for (row, expected) in [
            (
                "117,Senate,x,2021-01-06,6,93",
                ":2:3: expected a roll-call number",
            ),
            (
                "117,President,1,2021-01-06,6,93",
                ":2:2: expected a chamber (House or Senate)",
            ),
            (
                "117,Senate,1,1/6/2021,6,93",
                ":2:4: expected a date YYYY-MM-DD",
            ),
            (
                "117,Senate,1,2021-01-06,6.5,93",
                ":2:5: expected a count (a whole number)",
            ),
        ] {
            let err = table(&format!("{header}{row}\n")).unwrap_err();
            assert!(err.contains(expected), "{row}: {err}");
        }
        let twice = format!("{header}117,Senate,1,,6,93\n117,Senate,1,,6,93\n");
        let err = table(&twice).unwrap_err();
        assert!(
            err.contains(":3:3: expected a roll call not listed before (S117-1 is on line 2)"),
            "{err}"
        );
        let err = table("congress,chamber\n117,Senate\n").unwrap_err();
        assert!(err.contains("missing column \"rollnumber\""), "{err}");
        // Counts as pandas writes them.
        let mut rolls = table(&format!("{header}117,Senate,1,,6.0,93.0\n")).unwrap();
        let mut motion = Motion::new("S117-1");
        rolls.fill(&mut motion);
        assert_eq!(motion.stated.map(|t| (t.yes, t.no)), Some((6, 93)));
    }
}
