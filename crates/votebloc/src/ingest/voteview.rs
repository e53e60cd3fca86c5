//! Reader for Voteview roll-call votes of the US Congress:
//! `congress,chamber,rollnumber,icpsr,cast_code[,prob]`, with optional members files
//! (`--members`, e.g. `S117_members.csv`: `congress,chamber,icpsr,…,state_abbrev,party_code,…,
//! bioname,…`; one per congress, or one for several) for names and parties.
//!
//! Members are legislators coded by their ICPSR number written as an integer (`14226.0` is
//! `14226`). Cast codes: 1–3 yea (yes), 4–6 nay (no), 7–8 present (abstain), 9 not voting
//! (absent), 0 not a member of the chamber at the time; the raw code is kept as the vote's
//! source code. A roll call is the motion `S117-1` (chamber initial, congress, roll number) with
//! the congress as its session and the chamber set. With a members file, a member's name is its
//! `bioname` with the state (`SANDERS, Bernard (VT)`) and its group the party name (100
//! Democrat, 200 Republican, 328 Independent, a few historical parties by name, other codes as
//! `party N`). With a roll-call table (`--roll-calls`, `…_rollcalls.csv`) each motion gets
//! its date, document, question, stated result and tally (`ingest/voteview_rollcalls.rs`).

use super::csv_rows::{Header, Row, csv_reader, each_row, same_text};
use super::{IngestError, IngestOptions, source};
use crate::model::{Dataset, DatasetBuilder, Member, Motion, TextKind, Vote, check_text, excerpt};
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The vote a Voteview cast code stands for.
fn vote_of(code: &str) -> Option<Vote> {
    match code {
        "1" | "2" | "3" => Some(Vote::Yes),
        "4" | "5" | "6" => Some(Vote::No),
        "7" | "8" => Some(Vote::Abstain),
        "9" => Some(Vote::Absent),
        "0" => Some(Vote::NotMember),
        _ => None,
    }
}

/// The party a Voteview party code stands for.
fn party_name(code: u32) -> String {
    match code {
        1 => "Federalist".to_string(),
        13 => "Democratic-Republican".to_string(),
        29 => "Whig".to_string(),
        100 => "Democrat".to_string(),
        200 => "Republican".to_string(),
        328 => "Independent".to_string(),
        370 => "Progressive".to_string(),
        380 => "Socialist".to_string(),
        537 => "Farmer-Labor".to_string(),
        other => format!("party {other}"),
    }
}

/// An ICPSR number as an integer string: `14226`, `14226.0` and `14226.00` are `14226`.
fn icpsr_code(text: &str) -> Option<&str> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
    let zeros = fraction.bytes().all(|b| b == b'0');
    if !digits || !zeros {
        return None;
    }
    let trimmed = whole.trim_start_matches('0');
    Some(if trimmed.is_empty() { "0" } else { trimmed })
}

/// The motion-id initial of a chamber.
fn chamber_initial(chamber: &str) -> Option<char> {
    if chamber.eq_ignore_ascii_case("senate") {
        Some('S')
    } else if chamber.eq_ignore_ascii_case("house") {
        Some('H')
    } else {
        None
    }
}

/// What a members file says about one legislator in one congress and chamber.
#[derive(Debug, Clone)]
struct Legislator {
    congress: Option<u32>,
    chamber: String,
    bioname: Option<String>,
    state: Option<String>,
    party: Option<u32>,
    /// The members file that says it (its position in the list given) and the line.
    file: usize,
    line: usize,
}

impl Legislator {
    /// The member's name: its `bioname` with the state (`SANDERS, Bernard (VT)`), else `code`.
    fn name(&self, code: &str) -> String {
        match (&self.bioname, &self.state) {
            (Some(name), Some(state)) => format!("{name} ({state})"),
            (Some(name), None) => name.clone(),
            (None, _) => code.to_string(),
        }
    }
}

/// Reads a Voteview votes file (plain or gzip-compressed: `input` is already decompressed),
/// with names and parties from the members files `options.members` when given: a member is one
/// ICPSR number across congresses, named from the entry of the congress and chamber of its
/// votes (else of its chamber, else the first).
///
/// Takes the path (for messages), the input and the options; returns the validated dataset. Order:
/// the dataset's canonical order (members by code, motions by id in natural order: `S117-2` before
/// `S117-10`).
///
/// # Errors
///
/// Each error names the file and line: a missing column, a congress or roll number that is not a
/// whole number, a chamber other than House or Senate, an ICPSR number that is not a whole number,
/// a cast code other than 0–9, conflicting duplicate votes, a malformed members file, a name or
/// state of a members file that is not printable text, a member whose name, state or party
/// differs between two members files (each error of a members file names that file).
///
/// # Complexity
///
/// O(rows) time, streaming record by record, plus the members file.
///
/// # Examples
///
/// ```
/// use std::path::{Path, PathBuf};
/// use votebloc::Vote;
/// use votebloc::ingest::{IngestOptions, voteview};
/// let csv = "congress,chamber,rollnumber,icpsr,cast_code,prob\n\
///            117,Senate,1,14226.0,6,97.7\n117,Senate,1,29147.0,0,\n117,Senate,1,99913.0,1,\n";
/// let data = voteview::read(Path::new("s.csv"), csv.as_bytes(), &IngestOptions::default())?;
/// assert_eq!(data.motions[0].id, "S117-1");
/// assert_eq!(data.members[0].code, "14226");
/// assert_eq!(data.vote(0, 0), Some(Vote::No));
/// assert_eq!(data.vote(0, 1), Some(Vote::NotMember));
/// // The President's position (ICPSR 999xx) is not a senator's vote.
/// assert_eq!(data.members.len(), 2);
/// # Ok::<(), votebloc::ingest::IngestError>(())
/// ```
pub fn read(
    path: &Path,
    input: impl Read,
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let roster = match options.members.is_empty() {
        true => None,
        false => Some(Roster::read(&options.members)?),
    };
    let roll_calls = options
        .roll_calls
        .as_deref()
        .map(super::voteview_rollcalls::read)
        .transpose()?;
    let mut reader = csv_reader(path, input);
    let header = Header::read(path, &mut reader)?;
    let mut votes = VoteRows {
        columns: Columns::find(&header)?,
        roster: roster.as_ref(),
        roll_calls,
        builder: DatasetBuilder::new(path),
        members: HashMap::new(),
        unlisted: 0,
        presidents: BTreeSet::new(),
        president_rows: 0,
        id: String::new(),
        last_roll: None,
    };
    each_row(path, &mut reader, |row| votes.row(row))?;
    votes.finish(path, options)
}

/// The columns of a votes file.
struct Columns {
    congress: usize,
    chamber: usize,
    roll: usize,
    icpsr: usize,
    cast: usize,
}

impl Columns {
    /// The required columns' positions in `header`; a missing one is an error.
    fn find(header: &Header) -> Result<Columns, IngestError> {
        Ok(Columns {
            congress: header.require("congress")?,
            chamber: header.require("chamber")?,
            roll: header.require("rollnumber")?,
            icpsr: header.require("icpsr")?,
            cast: header.require("cast_code")?,
        })
    }
}

/// A read of a votes file in progress: what it keeps from row to row.
struct VoteRows<'a> {
    columns: Columns,
    roster: Option<&'a Roster>,
    /// Voteview's roll-call table (`--roll-calls`): each motion's date, question, result.
    roll_calls: Option<super::voteview_rollcalls::RollCalls>,
    builder: DatasetBuilder,
    /// Members by ICPSR code: the roster is looked up once for each.
    members: HashMap<String, u32>,
    /// Members the roster does not list.
    unlisted: usize,
    /// ICPSR codes of the President's positions, and their number of rows.
    presidents: BTreeSet<String>,
    president_rows: usize,
    /// The motion id being built (its buffer reused).
    id: String,
    /// The previous row's congress, chamber and roll-call texts, with its congress and motion:
    /// rows come grouped by roll call, so most rows need no parsing or look-up of their own.
    last_roll: Option<([String; 3], u32, u32)>,
}

impl VoteRows<'_> {
    /// Reads one row: its roll call, its member and the vote.
    fn row(&mut self, row: &Row<'_>) -> Result<(), IngestError> {
        self.builder.stats.rows += 1;
        let chamber = row.field(self.columns.chamber);
        let (congress, motion) = self.roll_call(row, chamber)?;
        let icpsr_column = self.columns.icpsr;
        let icpsr_text = row.field(icpsr_column);
        let code = icpsr_code(icpsr_text).ok_or_else(|| {
            row.error(icpsr_column, "an ICPSR number (a whole number)", icpsr_text)
        })?;
        if self.is_president(code, chamber) {
            self.presidents.insert(code.to_string());
            self.president_rows += 1;
            return Ok(());
        }
        let member = self.member(code, congress, chamber);
        let cast_column = self.columns.cast;
        let cast = row.field(cast_column);
        let vote = vote_of(cast).ok_or_else(|| {
            row.error(
                cast_column,
                "a cast code (0 not a member, 1-3 yea, 4-6 nay, 7-8 present, 9 not voting)",
                cast,
            )
        })?;
        self.builder
            .push(motion, member, vote, Some(cast), row.line_u32())?;
        Ok(())
    }

    /// The congress and the motion of the row's roll call, registering the motion the first
    /// time.
    fn roll_call(&mut self, row: &Row<'_>, chamber: &str) -> Result<(u32, u32), IngestError> {
        let columns = &self.columns;
        let texts = [
            row.field(columns.congress),
            chamber,
            row.field(columns.roll),
        ];
        if let Some((last, congress, motion)) = &self.last_roll
            && texts
                .iter()
                .zip(last)
                .all(|(text, last)| same_text(last, text))
        {
            return Ok((*congress, *motion));
        }
        let congress: u32 = row.parse(columns.congress, "a congress number")?;
        let initial = chamber_initial(chamber)
            .ok_or_else(|| row.error(columns.chamber, "a chamber (House or Senate)", chamber))?;
        let roll: u32 = row.parse(columns.roll, "a roll-call number")?;
        let id = &mut self.id;
        id.clear();
        id.push(initial);
        id.push_str(&congress.to_string());
        id.push('-');
        id.push_str(&roll.to_string());
        let motion = match self.builder.motion_id_index(id) {
            Some(index) => index,
            None => {
                let mut motion = Motion::new(id.as_str());
                motion.session = Some(congress);
                motion.chamber = Some(if initial == 'S' { "Senate" } else { "House" }.to_string());
                if let Some(table) = &mut self.roll_calls {
                    table.fill(&mut motion);
                }
                self.builder.motion(motion)
            }
        };
        self.last_roll = Some((texts.map(str::to_string), congress, motion));
        Ok((congress, motion))
    }

    /// Whether `code` is the President's: Voteview's votes files hold the President's positions
    /// on roll calls (chamber `President` in the members file, ICPSR 999xx), not votes of the
    /// chamber.
    fn is_president(&self, code: &str, chamber: &str) -> bool {
        code.len() == 5 && code.starts_with("999")
            || self
                .roster
                .and_then(|r| r.by_code.get(code))
                .is_some_and(|entries| {
                    entries
                        .iter()
                        .any(|l| l.chamber.eq_ignore_ascii_case("president"))
                        && !entries
                            .iter()
                            .any(|l| l.chamber.eq_ignore_ascii_case(chamber))
                })
    }

    /// The builder's index of the member `code`, registered the first time with its name and
    /// party from the roster's entry for `congress` and `chamber`.
    fn member(&mut self, code: &str, congress: u32, chamber: &str) -> u32 {
        if let Some(&index) = self.members.get(code) {
            return index;
        }
        let mut member = Member::new(code, code);
        match self
            .roster
            .and_then(|r| pick(r.by_code.get(code)?, congress, chamber))
        {
            Some(legislator) => {
                member.name = legislator.name(code);
                member.group = legislator.party.map(party_name);
            }
            None if self.roster.is_some() => self.unlisted += 1,
            None => {}
        }
        let index = self.builder.member(member);
        self.members.insert(code.to_string(), index);
        index
    }

    /// Ends the read: the warnings on the President's positions and on members the roster
    /// lacks, and the dataset's checks.
    fn finish(mut self, path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
        let builder = &mut self.builder;
        if builder.is_empty() {
            return Err(IngestError::NoVotes {
                path: path.to_path_buf(),
                line: 2,
                detail: "the CSV has a header but no rows".to_string(),
            });
        }
        let president_rows = self.president_rows;
        if president_rows > 0 {
            builder.stats.skip(
                "positions of the President (not a member of the chamber)",
                president_rows,
            );
            builder.stats.warnings.push(format!(
                "{}: the President's positions (ICPSR {}, {president_rows} rows) are not votes \
                 of the chamber: left out",
                path.display(),
                self.presidents.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        if let Some(table) = &self.roll_calls {
            table.finish(path, &mut builder.stats);
        }
        // A side table of the other formats: said, not silently ignored.
        if let Some(table) = &options.issues {
            builder.stats.warnings.push(format!(
                "{}: --issues {} is not read for Voteview votes (only --members and --roll-calls \
                 are)",
                path.display(),
                table.display()
            ));
        }
        let unlisted = self.unlisted;
        if unlisted > 0 {
            let files: Vec<String> = options
                .members
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let files = match files.as_slice() {
                [one] => one.clone(),
                [rest @ .., last] => format!("any of {} or {last}", rest.join(", ")),
                [] => String::new(),
            };
            builder.stats.warnings.push(format!(
                "{}: {unlisted} member(s) are not in {files} (kept with their ICPSR number as \
                 name)",
                path.display(),
            ));
        }
        Ok(self.builder.finish()?)
    }
}

/// The roster entry for a vote: the same congress and chamber, else the same chamber, else the
/// first listed.
fn pick<'a>(entries: &'a [Legislator], congress: u32, chamber: &str) -> Option<&'a Legislator> {
    let same_chamber = |l: &&Legislator| l.chamber.eq_ignore_ascii_case(chamber);
    entries
        .iter()
        .filter(same_chamber)
        .find(|l| l.congress == Some(congress))
        .or_else(|| entries.iter().find(same_chamber))
        .or_else(|| entries.first())
}

/// What the members files say (`--members`, one per congress or one for several), by ICPSR
/// code: the entries of all the files, in the order read.
struct Roster {
    by_code: HashMap<String, Vec<Legislator>>,
}

/// The columns of a members file: only `icpsr` is required.
struct MemberColumns {
    icpsr: usize,
    congress: Option<usize>,
    chamber: Option<usize>,
    bioname: Option<usize>,
    state: Option<usize>,
    party: Option<usize>,
}

impl Roster {
    /// Reads the members files `paths`, in order. `congress`, `chamber`, `bioname`,
    /// `state_abbrev` and `party_code` are used when present.
    ///
    /// # Errors
    ///
    /// Each error names the members file, line and column: a missing `icpsr` column, an ICPSR
    /// number, congress or party code that is not a whole number, a name or state that is not
    /// printable text or is over 4 KiB, and a legislator whose name, state or party differs
    /// from what an earlier file says for the same ICPSR number and chamber (a member has one
    /// name and party in all the congresses read).
    ///
    /// # Complexity
    ///
    /// O(rows of the files).
    fn read(paths: &[PathBuf]) -> Result<Roster, IngestError> {
        let mut roster = Roster {
            by_code: HashMap::new(),
        };
        for (file, path) in paths.iter().enumerate() {
            roster.read_file(file, path, paths)?;
        }
        Ok(roster)
    }

    /// Adds the legislators of the members file `path` (the `file`-th of `paths`).
    fn read_file(
        &mut self,
        file: usize,
        path: &Path,
        paths: &[PathBuf],
    ) -> Result<(), IngestError> {
        let mut reader = csv_reader(path, source::open(path)?);
        let header = Header::read(path, &mut reader)?;
        let columns = MemberColumns {
            icpsr: header.require("icpsr")?,
            congress: header.find("congress"),
            chamber: header.find("chamber"),
            bioname: header.find("bioname"),
            state: header.find("state_abbrev"),
            party: header.find("party_code"),
        };
        each_row(path, &mut reader, |row: &Row<'_>| {
            let text = row.field(columns.icpsr);
            let code = icpsr_code(text).ok_or_else(|| {
                row.error(columns.icpsr, "an ICPSR number (a whole number)", text)
            })?;
            let legislator = Legislator {
                congress: match columns.congress.filter(|&c| !row.field(c).is_empty()) {
                    Some(column) => Some(row.parse(column, "a congress number")?),
                    None => None,
                },
                chamber: row.optional(columns.chamber).unwrap_or("").to_string(),
                bioname: printable(row, columns.bioname, "a name (bioname)")?,
                state: printable(row, columns.state, "a state (state_abbrev)")?,
                party: match columns.party.filter(|&c| !row.field(c).is_empty()) {
                    Some(column) => Some(row.parse(column, "a party code")?),
                    None => None,
                },
                file,
                line: row.line,
            };
            let entries = self.by_code.entry(code.to_string()).or_default();
            check_agreement(row, &columns, code, &legislator, entries, paths)?;
            entries.push(legislator);
            Ok(())
        })
    }
}

/// The text of an optional column of a members file, checked as a member's name is (printable,
/// at most 4 KiB), so that a bad one is reported at its own line and column, not at the first
/// vote of the member.
fn printable(
    row: &Row<'_>,
    column: Option<usize>,
    what: &str,
) -> Result<Option<String>, IngestError> {
    let Some(text) = row.optional(column) else {
        return Ok(None);
    };
    match check_text(text, TextKind::Name) {
        Ok(()) => Ok(Some(text.to_string())),
        Err(problem) => Err(IngestError::Parse {
            path: row.path.to_path_buf(),
            line: row.line,
            column: column.map_or(0, |c| c + 1),
            expected: what.to_string(),
            found: format!("{}, which {problem}", excerpt(text)),
        }),
    }
}

/// Refuses a legislator (read from `row`) whose name, state or party differs from what an
/// earlier members file says for the same ICPSR number and chamber: a member carries one name
/// and party for all its votes, so neither can be chosen silently.
fn check_agreement(
    row: &Row<'_>,
    columns: &MemberColumns,
    code: &str,
    legislator: &Legislator,
    entries: &[Legislator],
    paths: &[PathBuf],
) -> Result<(), IngestError> {
    let earlier = entries
        .iter()
        .find(|e| e.file != legislator.file && e.chamber.eq_ignore_ascii_case(&legislator.chamber));
    let Some(earlier) = earlier else {
        return Ok(());
    };
    let show = |text: &Option<String>| text.as_deref().map_or("none".to_string(), excerpt);
    let party = |code: Option<u32>| code.map_or("none".to_string(), |c| format!("{c}"));
    let differences = [
        (
            columns.bioname,
            "name",
            show(&earlier.bioname),
            show(&legislator.bioname),
        ),
        (
            columns.state,
            "state",
            show(&earlier.state),
            show(&legislator.state),
        ),
        (
            columns.party,
            "party code",
            party(earlier.party),
            party(legislator.party),
        ),
    ];
    match differences
        .into_iter()
        .find(|(_, _, before, now)| before != now)
    {
        None => Ok(()),
        Some((column, what, before, now)) => Err(IngestError::Parse {
            path: row.path.to_path_buf(),
            line: row.line,
            column: column.or(Some(columns.icpsr)).map_or(0, |c| c + 1),
            expected: format!(
                "the {what} of ICPSR {code} that {}:{} gives, {before} (one member has one \
                 name and party in all the congresses read)",
                paths[earlier.file].display(),
                earlier.line
            ),
            found: now,
        }),
    }
}

/// The [`Reader`](super::Reader) of Voteview's votes: a header with `congress`, `rollnumber`,
/// `icpsr` and `cast_code`; read by [`read`].
#[derive(Debug, Clone, Copy)]
pub struct Voteview;

impl super::Reader for Voteview {
    fn name(&self) -> &'static str {
        "voteview"
    }

    fn detect(&self, head: &super::Head<'_>) -> bool {
        head.has_columns(&["congress", "rollnumber", "icpsr", "cast_code"])
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
    use std::io::Write;

    const HEADER: &str = "congress,chamber,rollnumber,icpsr,cast_code,prob\n";

    fn parse(text: &str) -> Result<Dataset, IngestError> {
        read(
            Path::new("s.csv"),
            text.as_bytes(),
            &IngestOptions::default(),
        )
    }

    #[test]
    fn cast_codes_map_to_votes_and_are_kept() {
        let rows: String = (0..10)
            .map(|code| format!("117,Senate,2,{}.0,{code},50.0\n", 100 + code))
            .collect();
        let data = parse(&format!("{HEADER}{rows}")).unwrap();
        assert_eq!(data.vote_counts(), [3, 3, 2, 1, 1]);
        let seven = data.member_index("107").unwrap();
        assert_eq!(data.vote(0, seven), Some(Vote::Abstain));
        let record = data
            .votes
            .iter()
            .find(|v| v.member as usize == seven)
            .unwrap();
        assert_eq!(data.source_code(record), Some("7"));
        assert_eq!(data.motions[0].chamber.as_deref(), Some("Senate"));
        assert_eq!(data.motions[0].session, Some(117));
    }

    #[test]
    fn motions_sort_by_roll_number() {
        let data = parse(&format!(
            "{HEADER}117,Senate,10,14226.0,1,1\n117,Senate,2,14226.0,1,1\n117,House,2,14226.0,6,1\n"
        ))
        .unwrap();
        let ids: Vec<&str> = data.motions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["H117-2", "S117-2", "S117-10"]);
    }

    #[test]
    fn bad_rows_name_line_and_column() {
        let err = parse(&format!("{HEADER}117,Senate,1,14226.0,10,1\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("s.csv:2:5:") && err.contains("\"10\""),
            "{err}"
        );
        let err = parse(&format!("{HEADER}117,Senate,1,14226.5,1,1\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.csv:2:4:"), "{err}");
        let err = parse(&format!("{HEADER}117,Sejm,1,14226,1,1\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.csv:2:2:"), "{err}");
        let err = parse(&format!("{HEADER}117,Senate,one,14226,1,1\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.csv:2:3:"), "{err}");
        let err = parse("congress,chamber,rollnumber,cast_code\n117,Senate,1,1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column \"icpsr\""), "{err}");
    }

    #[test]
    fn members_file_gives_names_and_parties() {
        let mut members = tempfile::NamedTempFile::new().unwrap();
        members
            .write_all(
                b"congress,chamber,icpsr,state_abbrev,party_code,bioname\n\
                  117,Senate,29147,VT,328,\"SANDERS, Bernard\"\n\
                  117,Senate,14226,ID,200,\"CRAPO, Michael Dean\"\n",
            )
            .unwrap();
        let options = IngestOptions {
            members: vec![members.path().to_path_buf()],
            ..IngestOptions::default()
        };
        let csv = format!(
            "{HEADER}117,Senate,1,29147.0,1,1\n117,Senate,1,14226.0,6,1\n117,Senate,1,99913.0,0,1\n"
        );
        let data = read(Path::new("s.csv"), csv.as_bytes(), &options).unwrap();
        let sanders = &data.members[data.member_index("29147").unwrap()];
        assert_eq!(sanders.name, "SANDERS, Bernard (VT)");
        assert_eq!(sanders.group.as_deref(), Some("Independent"));
        let crapo = &data.members[data.member_index("14226").unwrap()];
        assert_eq!(crapo.group.as_deref(), Some("Republican"));
        // The President (ICPSR 99913) is not a senator: his row is left out, with a warning.
        assert_eq!(data.member_index("99913"), None);
        assert_eq!(data.stats.warnings.len(), 1);
        assert!(
            data.stats.warnings[0].contains("President's positions (ICPSR 99913, 1 rows)"),
            "{:?}",
            data.stats.warnings
        );
    }

    /// Reads `csv` with the members files holding `members` (one text each).
    fn with_members(
        csv: &str,
        members: &[&str],
    ) -> (Vec<tempfile::NamedTempFile>, Result<Dataset, IngestError>) {
        let files: Vec<tempfile::NamedTempFile> = members
            .iter()
            .map(|text| {
                let mut file = tempfile::NamedTempFile::new().unwrap();
                file.write_all(text.as_bytes()).unwrap();
                file
            })
            .collect();
        let options = IngestOptions {
            members: files.iter().map(|f| f.path().to_path_buf()).collect(),
            ..IngestOptions::default()
        };
        let data = read(Path::new("s.csv"), csv.as_bytes(), &options);
        (files, data)
    }

    const MEMBERS_HEADER: &str = "congress,chamber,icpsr,state_abbrev,party_code,bioname\n";

    #[test]
    fn members_files_of_two_congresses_each_name_their_members() {
        let s117 = format!(
            "{MEMBERS_HEADER}117,Senate,29147,VT,328,\"SANDERS, Bernard\"\n\
             117,Senate,40915,WV,100,\"MANCHIN, Joe, III\"\n"
        );
        let s118 = format!(
            "{MEMBERS_HEADER}118,Senate,29147,VT,328,\"SANDERS, Bernard\"\n\
             118,Senate,42300,AL,200,\"BRITT, Katie Elizabeth\"\n"
        );
        let csv = format!(
            "{HEADER}117,Senate,1,29147,1,1\n117,Senate,1,40915,6,1\n\
             118,Senate,1,29147,1,1\n118,Senate,1,42300,6,1\n"
        );
        let (_files, data) = with_members(&csv, &[&s117, &s118]);
        let data = data.unwrap();
        let names: Vec<(&str, &str, Option<&str>)> = data
            .members
            .iter()
            .map(|m| (m.code.as_str(), m.name.as_str(), m.group.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("29147", "SANDERS, Bernard (VT)", Some("Independent")),
                ("40915", "MANCHIN, Joe, III (WV)", Some("Democrat")),
                ("42300", "BRITT, Katie Elizabeth (AL)", Some("Republican")),
            ]
        );
        assert!(data.stats.warnings.is_empty(), "{:?}", data.stats.warnings);
        // With the 117th's file alone, the 118th's new senator is unlisted, and said so.
        let (_files, data) = with_members(&csv, &[&s117]);
        let warnings = data.unwrap().stats.warnings;
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("1 member(s) are not in"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_member_whose_party_differs_between_files_is_refused() {
        let s117 = format!("{MEMBERS_HEADER}117,Senate,29147,VT,328,\"SANDERS, Bernard\"\n");
        let s118 = format!(
            "{MEMBERS_HEADER}118,Senate,42300,AL,200,\"BRITT, Katie Elizabeth\"\n\
             118,Senate,29147,VT,100,\"SANDERS, Bernard\"\n"
        );
        let csv = format!("{HEADER}117,Senate,1,29147,1,1\n");
        let (files, data) = with_members(&csv, &[&s117, &s118]);
        let err = data.unwrap_err().to_string();
        let (first, second) = (files[0].path().display(), files[1].path().display());
        assert!(err.starts_with(&format!("{second}:3:5: ")), "{err}");
        assert!(
            err.contains(&format!(
                "party code of ICPSR 29147 that {first}:2 gives, 328"
            )),
            "{err}"
        );
        assert!(err.ends_with("found 100"), "{err}");
        // The same entry twice (one file given twice) is no conflict; nor is another chamber.
        let house = format!("{MEMBERS_HEADER}101,House,29147,VT,328,\"SANDERS, Bernard\"\n");
        let (_files, data) = with_members(&csv, &[&s117, &s117, &house]);
        assert!(data.is_ok());
    }

    #[test]
    fn a_control_character_in_a_members_name_is_reported_in_the_members_file() {
        let members = format!(
            "{MEMBERS_HEADER}117,Senate,14226,ID,200,\"CRAPO, Michael Dean\"\n\
             117,Senate,29147,VT,328,\"SANDERS,\u{1} Bernard\"\n"
        );
        let csv = format!("{HEADER}117,Senate,1,14226,1,1\n117,Senate,1,29147,1,1\n");
        let (files, data) = with_members(&csv, &[&members]);
        let err = data.unwrap_err().to_string();
        let path = files[0].path().display();
        assert!(
            err.starts_with(&format!("{path}:3:6: expected a name (bioname)")),
            "{err}"
        );
        assert!(err.contains("control character U+0001 at byte 8"), "{err}");
    }

    #[test]
    fn icpsr_numbers_are_integers() {
        assert_eq!(icpsr_code("14226.0"), Some("14226"));
        assert_eq!(icpsr_code("014226"), Some("14226"));
        assert_eq!(icpsr_code("14226"), Some("14226"));
        assert_eq!(icpsr_code("14226.5"), None);
        assert_eq!(icpsr_code(".0"), None);
        assert_eq!(icpsr_code("-1"), None);
    }
}
