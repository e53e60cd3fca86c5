//! Reader for Voteview roll-call votes of the US Congress:
//! `congress,chamber,rollnumber,icpsr,cast_code[,prob]`, with an optional members file
//! (`--members`, e.g. `S117_members.csv`: `congress,chamber,icpsr,…,state_abbrev,party_code,…,
//! bioname,…`) for names and parties.
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
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Vote};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

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
    name: String,
    party: Option<String>,
}

/// Reads a Voteview votes file (plain or gzip-compressed: `input` is already decompressed),
/// with names and parties from `options.members` when given.
///
/// Takes the path (for messages), the input and the options; returns the validated dataset. Order:
/// the dataset's canonical order (members by code, motions by id in natural order: `S117-2` before
/// `S117-10`).
///
/// # Errors
///
/// Each error names the file and line: a missing column, a congress or roll number that is not a
/// whole number, a chamber other than House or Senate, an ICPSR number that is not a whole number,
/// a cast code other than 0–9, conflicting duplicate votes, a malformed members file.
///
/// # Complexity
///
/// O(rows) time, streaming record by record, plus the members file.
///
/// # Examples
///
/// ```
/// use std::path::Path;
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
    let roster = match &options.members {
        Some(members_path) => Some(read_members(members_path)?),
        None => None,
    };
    let mut roll_calls = options
        .roll_calls
        .as_deref()
        .map(super::voteview_rollcalls::read)
        .transpose()?;
    let mut reader = csv_reader(path, input);
    let header = Header::read(path, &mut reader)?;
    let congress_column = header.require("congress")?;
    let chamber_column = header.require("chamber")?;
    let roll_column = header.require("rollnumber")?;
    let icpsr_column = header.require("icpsr")?;
    let cast_column = header.require("cast_code")?;

    let mut builder = DatasetBuilder::new(path);
    // Members by ICPSR code: the roster is looked up once for each.
    let mut members: HashMap<String, u32> = HashMap::new();
    let mut unlisted = 0usize;
    let mut presidents: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut president_rows = 0usize;
    let mut id = String::new();
    // The previous row's congress, chamber and roll-call texts, with its congress and motion:
    // rows come grouped by roll call, so most rows need no parsing or look-up of their own.
    let mut last_roll: Option<([String; 3], u32, u32)> = None;
    each_row(path, &mut reader, |row| {
        builder.stats.rows += 1;
        let chamber = row.field(chamber_column);
        let texts = [row.field(congress_column), chamber, row.field(roll_column)];
        let (congress, motion) = match &last_roll {
            Some((last, congress, motion))
                if texts
                    .iter()
                    .zip(last)
                    .all(|(text, last)| same_text(last, text)) =>
            {
                (*congress, *motion)
            }
            _ => {
                let congress: u32 = row.parse(congress_column, "a congress number")?;
                let initial = chamber_initial(chamber).ok_or_else(|| {
                    row.error(chamber_column, "a chamber (House or Senate)", chamber)
                })?;
                let roll: u32 = row.parse(roll_column, "a roll-call number")?;
                id.clear();
                id.push(initial);
                id.push_str(&congress.to_string());
                id.push('-');
                id.push_str(&roll.to_string());
                let motion = match builder.motion_id_index(&id) {
                    Some(index) => index,
                    None => {
                        let mut motion = Motion::new(id.as_str());
                        motion.session = Some(congress);
                        motion.chamber =
                            Some(if initial == 'S' { "Senate" } else { "House" }.to_string());
                        roll_calls
                            .iter_mut()
                            .for_each(|table| table.fill(&mut motion));
                        builder.motion(motion)
                    }
                };
                last_roll = Some((texts.map(str::to_string), congress, motion));
                (congress, motion)
            }
        };

        let icpsr_text = row.field(icpsr_column);
        let code = icpsr_code(icpsr_text).ok_or_else(|| {
            row.error(icpsr_column, "an ICPSR number (a whole number)", icpsr_text)
        })?;
        // Voteview's votes files hold the President's positions on roll calls (chamber
        // `President` in the members file, ICPSR 999xx): not votes of the chamber.
        let president = code.len() == 5 && code.starts_with("999")
            || roster
                .as_ref()
                .and_then(|r| r.get(code))
                .is_some_and(|entries| {
                    entries
                        .iter()
                        .any(|l| l.chamber.eq_ignore_ascii_case("president"))
                        && !entries
                            .iter()
                            .any(|l| l.chamber.eq_ignore_ascii_case(chamber))
                });
        if president {
            presidents.insert(code.to_string());
            president_rows += 1;
            return Ok(());
        }
        let member = match members.get(code) {
            Some(&index) => index,
            None => {
                let mut member = Member::new(code, code);
                match roster
                    .as_ref()
                    .and_then(|r| pick(r.get(code)?, congress, chamber))
                {
                    Some(legislator) => {
                        member.name = legislator.name.clone();
                        member.group = legislator.party.clone();
                    }
                    None if roster.is_some() => unlisted += 1,
                    None => {}
                }
                let index = builder.member(member);
                members.insert(code.to_string(), index);
                index
            }
        };
        let cast = row.field(cast_column);
        let vote = vote_of(cast).ok_or_else(|| {
            row.error(
                cast_column,
                "a cast code (0 not a member, 1-3 yea, 4-6 nay, 7-8 present, 9 not voting)",
                cast,
            )
        })?;
        builder.push(motion, member, vote, Some(cast), row.line_u32())?;
        Ok(())
    })?;
    if builder.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            line: 2,
            detail: "the CSV has a header but no rows".to_string(),
        });
    }
    if president_rows > 0 {
        builder.stats.skip(
            "positions of the President (not a member of the chamber)",
            president_rows,
        );
        builder.stats.warnings.push(format!(
            "{}: the President's positions (ICPSR {}, {president_rows} rows) are not votes of the chamber: left out",
            path.display(),
            presidents.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    roll_calls
        .iter()
        .for_each(|table| table.finish(path, &mut builder.stats));
    if unlisted > 0
        && let Some(members_path) = &options.members
    {
        builder.stats.warnings.push(format!(
            "{}: {unlisted} member(s) are not in {} (kept with their ICPSR number as name)",
            path.display(),
            members_path.display()
        ));
    }
    Ok(builder.finish()?)
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

/// Reads a Voteview members file: legislators by ICPSR code. Only `icpsr` is required; `congress`,
/// `chamber`, `bioname`, `state_abbrev` and `party_code` are used when present.
///
/// # Errors
///
/// Each error names the file and line.
///
/// # Complexity
///
/// O(rows).
fn read_members(path: &Path) -> Result<HashMap<String, Vec<Legislator>>, IngestError> {
    let mut reader = csv_reader(path, source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let icpsr_column = header.require("icpsr")?;
    let congress_column = header.find("congress");
    let chamber_column = header.find("chamber");
    let name_column = header.find("bioname");
    let state_column = header.find("state_abbrev");
    let party_column = header.find("party_code");
    let mut roster: HashMap<String, Vec<Legislator>> = HashMap::new();
    each_row(path, &mut reader, |row: &Row<'_>| {
        let text = row.field(icpsr_column);
        let code = icpsr_code(text)
            .ok_or_else(|| row.error(icpsr_column, "an ICPSR number (a whole number)", text))?;
        let congress = match congress_column.filter(|&c| !row.field(c).is_empty()) {
            Some(column) => Some(row.parse(column, "a congress number")?),
            None => None,
        };
        let party = match party_column.filter(|&c| !row.field(c).is_empty()) {
            Some(column) => Some(party_name(row.parse(column, "a party code")?)),
            None => None,
        };
        let name = match (row.optional(name_column), row.optional(state_column)) {
            (Some(name), Some(state)) => format!("{name} ({state})"),
            (Some(name), None) => name.to_string(),
            (None, _) => code.to_string(),
        };
        roster
            .entry(code.to_string())
            .or_default()
            .push(Legislator {
                congress,
                chamber: row.optional(chamber_column).unwrap_or("").to_string(),
                name,
                party,
            });
        Ok(())
    })?;
    Ok(roster)
}

/// The [`Reader`](super::Reader) of Voteview's votes: a header with `congress`, `rollnumber`, `icpsr` and `cast_code`; read by [`read`].
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
            members: Some(members.path().to_path_buf()),
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
