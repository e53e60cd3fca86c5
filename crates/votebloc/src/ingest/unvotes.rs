//! Reader for the unvotes data set (the R package `unvotes`, Voeten's UN General Assembly votes
//! 1946–2019): `un_votes.csv` with the header `rcid,country,country_code,vote`, and optionally
//! the roll-call table `un_roll_calls.csv` and the issue table `un_roll_call_issues.csv`.
//!
//! Members are coded with the registry's alpha-3 codes ([`crate::countries`]): `country_code` is
//! ISO 3166-1 alpha-2 (historical codes included: `CS` Czechoslovakia, `DD` the German
//! Democratic Republic, `YD` Democratic Yemen, `YU` Yugoslavia, `TW` the China seat before 1971);
//! rows with an empty code (the Federal Republic of Germany, the Yemen Arab Republic, Zanzibar)
//! are placed by name, and a name that names another state than the code is an error. The data
//! set codes the Soviet and Russian seat `RU` and the Yugoslav and Serbian seat `YU` throughout:
//! when the roll-call table gives the vote's date, the vote goes to the state that held the seat
//! that day (`SUN` before 1991-12-24, then `RUS`; `YUG`, `SCG` from 2000-11-01, `SRB` from
//! 2006-06-03: `roll_calls::seat_holder`); without dates they stay one member each (`RUS`, `YUG`).
//! The package dropped absences and non-members, so the votes are yes, no and abstain only.
//!
//! Roll calls (`--roll-calls`) give each motion its date, session, document (`unres`), title
//! (`short`), the important-vote flag and its part: `amend = 1` is an amendment, `para = 1` a
//! separate vote on paragraphs (numbered when the description names one preambular or operative
//! paragraph, [`Part::Other`](crate::Part::Other) otherwise), anything else with a document is the text as a whole.
//! A paragraph or amendment vote is linked to the vote on the whole when exactly one roll call
//! on the whole text has the same document. Issues (`--issues`) fill [`Motion::issues`](crate::Motion::issues) with
//! the short codes `me`, `nu`, `di`, `hr`, `co`, `ec`.
//!
//! The CSV plumbing is in `ingest/csv_rows.rs`, the roll-call and issue tables in
//! `ingest/roll_calls.rs`; both are shared with the other data-set readers.

use super::csv_rows::{Header, Row, csv_reader, each_row, same_text};
use super::roll_calls::{MotionCursor, SideTables, finish, is_shared_seat, seat_holder};
use super::states::{StateCode, resolve_state};
use super::{IngestError, IngestOptions};
use super::{chunked, source};
use crate::model::countries::Country;
use crate::model::{Dataset, DatasetBuilder, Member, Vote};
use rustc_hash::FxHashMap;
use std::io::Read;
use std::path::Path;

/// Reads a unvotes `un_votes.csv` (plain or gzip-compressed: `input` is already decompressed),
/// joining the roll-call and issue tables named in `options`.
///
/// Takes the path (for messages), the input and the options; returns the validated dataset. Order:
/// the dataset's canonical order (members by code, motions by rcid as a number), whatever the order
/// of the rows.
///
/// # Errors
///
/// Each error names the file and line: a missing column, an rcid that is not a number, an unknown
/// country code or name (with the closest known names), a code and a name naming two states, a vote
/// other than yes/no/abstain, conflicting duplicate votes, and malformed side tables.
///
/// # Complexity
///
/// O(rows) time streaming the input record by record, memory proportional to the votes plus the
/// roll-call table.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use votebloc::ingest::{IngestOptions, unvotes};
/// let csv = "rcid,country,country_code,vote\n3,United States,US,yes\n3,Zanzibar,,no\n";
/// let data = unvotes::read(Path::new("v.csv"), csv.as_bytes(), &IngestOptions::default())?;
/// assert_eq!(data.members[0].code, "USA");
/// assert_eq!(data.members[1].code, "ZAN");
/// # Ok::<(), votebloc::ingest::IngestError>(())
/// ```
pub fn read(
    path: &Path,
    input: impl Read,
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    read_with(path, input, &SideTables::read(options)?)
}

/// Reads the unvotes file at `path` as [`read`] does, on several threads when the file is
/// large and not compressed (see `chunked`): the result is the same, byte for byte.
pub fn read_file(path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
    read_file_in_parts(path, options, chunked::MIN_PARALLEL_BYTES)
}

fn read_file_in_parts(
    path: &Path,
    options: &IngestOptions,
    min_bytes: u64,
) -> Result<Dataset, IngestError> {
    let side = SideTables::read(options)?;
    if !source::is_gzip(path)
        && let Some(whole) = chunked::read_parts(
            path,
            options.progress.as_deref(),
            min_bytes,
            Columns::of,
            |bytes| Part::with_room(path, bytes),
            |part, columns, row| part.row(&side, columns, row),
        )?
    {
        return finish(path, whole.builder, &side, &whole.cursor);
    }
    let input = source::open_with_progress(path, options.progress.as_deref())?;
    read_with(path, input, &side)
}

fn read_with(path: &Path, input: impl Read, side: &SideTables) -> Result<Dataset, IngestError> {
    let mut reader = csv_reader(path, input);
    let header = Header::read(path, &mut reader)?;
    let columns = Columns::of(&header)?;
    let mut part = Part::new(path);
    each_row(path, &mut reader, |row| part.row(side, &columns, row))?;
    finish(path, part.builder, side, &part.cursor)
}

/// The columns of `un_votes.csv`.
struct Columns {
    rcid: usize,
    name: usize,
    code: usize,
    vote: usize,
}

impl Columns {
    fn of(header: &Header) -> Result<Columns, IngestError> {
        Ok(Columns {
            rcid: header.require("rcid")?,
            name: header.require("country")?,
            code: header.require("country_code")?,
            vote: header.require("vote")?,
        })
    }
}

/// What the reader of (a part of) the file builds.
struct Part {
    builder: DatasetBuilder,
    states: StateCache,
    cursor: MotionCursor,
}

impl chunked::PartReader for Part {
    fn absorb(&mut self, later: Part, line_offset: u32) -> Result<(), IngestError> {
        self.builder.absorb(later.builder, line_offset)?;
        self.cursor.absorb(&later.cursor);
        Ok(())
    }
}

/// Bytes per row assumed when reserving room for a part's votes: a little under the rows of
/// `un_votes.csv` (22 bytes on average, few under 16). A part of shorter rows only makes the
/// vector grow as usual past the reserved room.
const MIN_ROW_BYTES: u64 = 16;

impl Part {
    fn new(path: &Path) -> Part {
        Part {
            builder: DatasetBuilder::new(path),
            states: StateCache::default(),
            cursor: MotionCursor::default(),
        }
    }

    /// A part that will read about `bytes` bytes of rows. Room for their votes is reserved
    /// up front: grown by doubling, the vector would be copied about twice over, and each
    /// copy would touch fresh pages (a page fault per 4 KiB). Reserved pages never written
    /// cost nothing.
    fn with_room(path: &Path, bytes: u64) -> Part {
        let mut part = Part::new(path);
        part.builder
            .reserve_votes(usize::try_from(bytes / MIN_ROW_BYTES).unwrap_or(0));
        part
    }

    fn row(
        &mut self,
        side: &SideTables,
        columns: &Columns,
        row: &Row<'_>,
    ) -> Result<(), IngestError> {
        self.builder.stats.rows += 1;
        let motion = side.motion(&mut self.cursor, &mut self.builder, row, columns.rcid)?;
        let entry = self.states.resolve(row, columns.name, columns.code)?;
        let member = self.states.member(&mut self.builder, entry, motion);
        let text = row.field(columns.vote);
        let vote = match Vote::parse(text) {
            Some(vote @ (Vote::Yes | Vote::No | Vote::Abstain)) => vote,
            _ => return Err(row.error(columns.vote, "a vote (yes, no or abstain)", text)),
        };
        row.refuse_cut_code(columns.vote, vote, &Vote::SPELLINGS, Vote::is_cast)?;
        self.builder
            .push(motion, member, vote, None, row.line_u32())?;
        Ok(())
    }
}

/// Resolves states once per distinct (code, name) pair: the input repeats a handful of pairs
/// hundreds of thousands of times.
///
/// Rows list the states of each roll call in the same order roll call after roll call, so the
/// pair after the previous row's pair is predicted from the last time that pair was seen; a hit
/// costs two short comparisons, a miss one hash look-up.
#[derive(Default)]
struct StateCache {
    /// Every distinct (code, name) pair met.
    entries: Vec<Entry>,
    /// (code, name) → position in `entries`.
    by_pair: FxHashMap<(String, String), usize>,
    /// For each entry, the entry that followed it last time.
    next: Vec<usize>,
    /// The previous row's entry.
    last: Option<usize>,
    /// Builder index of each state met.
    members: FxHashMap<&'static str, u32>,
}

/// A (code, name) pair of the input and what it resolves to.
struct Entry {
    code: String,
    name: String,
    country: &'static Country,
    /// The builder's member, once known, for a state whose seat has a single holder (most
    /// states: [`seat_holder`] depends on the date only for the shared seats).
    member: Option<u32>,
    shared_seat: bool,
}

impl StateCache {
    /// The entry of this row's (code, name) pair.
    fn resolve(
        &mut self,
        row: &Row<'_>,
        name_column: usize,
        code_column: usize,
    ) -> Result<usize, IngestError> {
        let code = row.field(code_column);
        let name = row.field(name_column);
        let predicted = self.last.map(|last| self.next[last]);
        let entry = match predicted {
            Some(p)
                if same_text(&self.entries[p].code, code)
                    && same_text(&self.entries[p].name, name) =>
            {
                p
            }
            _ => self.find(row, code, name, name_column, code_column)?,
        };
        if let Some(last) = self.last {
            self.next[last] = entry;
        }
        self.last = Some(entry);
        Ok(entry)
    }

    fn find(
        &mut self,
        row: &Row<'_>,
        code: &str,
        name: &str,
        name_column: usize,
        code_column: usize,
    ) -> Result<usize, IngestError> {
        let key = (code.to_string(), name.to_string());
        if let Some(&entry) = self.by_pair.get(&key) {
            return Ok(entry);
        }
        let country = resolve_state(
            row,
            Some((code_column, StateCode::Alpha2)),
            Some(name_column),
        )?;
        let entry = self.entries.len();
        self.entries.push(Entry {
            code: key.0.clone(),
            name: key.1.clone(),
            country,
            member: None,
            shared_seat: is_shared_seat(country),
        });
        self.next.push(entry);
        self.by_pair.insert(key, entry);
        Ok(entry)
    }

    /// The builder's member for `entry` on `motion`: the holder of the seat that day.
    fn member(&mut self, builder: &mut DatasetBuilder, entry: usize, motion: u32) -> u32 {
        let found = &self.entries[entry];
        if let Some(member) = found.member {
            return member;
        }
        let holder = if found.shared_seat {
            seat_holder(builder, motion, found.country)
        } else {
            found.country
        };
        let member = *self
            .members
            .entry(holder.alpha3)
            .or_insert_with(|| builder.member(Member::new(holder.alpha3, holder.name_en)));
        if !found.shared_seat {
            self.entries[entry].member = Some(member);
        }
        member
    }
}

/// The [`Reader`](super::Reader) of unvotes' `un_votes.csv`: a header with `rcid`, `country`
/// and `vote`; read by [`read_file`].
#[derive(Debug, Clone, Copy)]
pub struct Unvotes;

impl super::Reader for Unvotes {
    fn name(&self) -> &'static str {
        "unvotes"
    }

    fn detect(&self, head: &super::Head<'_>) -> bool {
        head.has_columns(&["rcid", "country", "vote"])
    }

    fn read(&self, path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
        read_file(path, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Part;
    use std::io::Write;

    fn parse(text: &str) -> Result<Dataset, IngestError> {
        read(
            Path::new("v.csv"),
            text.as_bytes(),
            &IngestOptions::default(),
        )
    }

    #[test]
    fn codes_and_names_become_registry_members() {
        let data = parse(
            "rcid,country,country_code,vote\n\
             3,United States,US,yes\n\
             3,Yemen Arab Republic,,abstain\n\
             3,Russia,RU,no\n\
             4,Taiwan,TW,yes\n",
        )
        .unwrap();
        let codes: Vec<&str> = data.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, vec!["RUS", "TWN", "USA", "YEM"]);
        assert_eq!(data.members[0].name, "Russian Federation");
        let motion = data.motion_index("3").unwrap();
        assert_eq!(data.vote(motion, 3), Some(Vote::Abstain));
        assert_eq!(data.vote(motion, 0), Some(Vote::No));
        assert_eq!(data.stats.rows, 4);
    }

    #[test]
    fn unknown_name_lists_close_names() {
        let err = parse("rcid,country,country_code,vote\n3,Frnace,,yes\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:2: unknown state name \"Frnace\""),
            "{err}"
        );
        assert!(err.contains("France"), "{err}");
    }

    #[test]
    fn unknown_code_and_mismatched_name_are_errors() {
        let err = parse("rcid,country,country_code,vote\n3,France,FR,yes\n4,France,QQ,no\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("v.csv:3: unknown country code"), "{err}");
        assert!(
            err.contains("\"QQ\"") && err.contains("FR (France)"),
            "{err}"
        );
        let err = parse("rcid,country,country_code,vote\n3,Canada,US,yes\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("v.csv:2:2:"), "{err}");
        assert!(err.contains("United States of America"), "{err}");
    }

    #[test]
    fn bad_vote_and_bad_rcid_name_line_and_column() {
        let err = parse("rcid,country,country_code,vote\n3,France,FR,maybe\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:2:4:") && err.contains("\"maybe\""),
            "{err}"
        );
        let err = parse("rcid,country,country_code,vote\n3,France,FR,absent\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("v.csv:2:4:"), "{err}");
        let err = parse("rcid,country,country_code,vote\nx3,France,FR,yes\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:2:1:") && err.contains("roll-call id"),
            "{err}"
        );
        // A sign is no digit, even after the same roll call written plainly.
        let err = parse("rcid,country,country_code,vote\n3,France,FR,yes\n+3,Mexico,MX,no\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("v.csv:3:1:") && err.contains("\"+3\""),
            "{err}"
        );
    }

    #[test]
    fn missing_column_is_reported_with_the_header() {
        let err = parse("rcid,country,vote\n3,France,yes\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column \"country_code\""), "{err}");
        assert!(err.contains("rcid,country,vote"), "{err}");
    }

    fn temp_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    /// Reads `text` from a file on `threads` threads in parts, and in one pass.
    fn in_parts_and_whole(
        text: &str,
        threads: usize,
    ) -> (Result<Dataset, String>, Result<Dataset, String>) {
        let file = temp_file(text);
        let options = IngestOptions::default();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let parts = pool
            .install(|| read_file_in_parts(file.path(), &options, 0))
            .map_err(|e| e.to_string());
        let whole = read(file.path(), text.as_bytes(), &options).map_err(|e| e.to_string());
        (parts, whole)
    }

    fn same(a: &Dataset, b: &Dataset) {
        assert_eq!(a.members, b.members);
        assert_eq!(a.motions, b.motions);
        assert_eq!(a.votes, b.votes);
        assert_eq!(a.stats, b.stats);
    }

    /// Rows of `motions` roll calls by four states, the row order shuffled by a fixed rule.
    fn many_rows(motions: usize) -> Vec<String> {
        let states = [
            ("France", "FR"),
            ("Canada", "CA"),
            ("Mexico", "MX"),
            ("Zanzibar", ""),
        ];
        let votes = ["yes", "no", "abstain"];
        let mut rows = Vec::new();
        for rcid in 0..motions {
            for (s, (name, code)) in states.iter().enumerate() {
                rows.push(format!(
                    "{},{name},{code},{}",
                    (rcid * 7919) % motions + 1,
                    votes[(rcid + s) % 3]
                ));
            }
        }
        rows
    }

    #[test]
    fn a_file_read_in_parts_gives_what_one_pass_gives() {
        let mut text = String::from("rcid,country,country_code,vote\n");
        for row in many_rows(3000) {
            text.push_str(&row);
            text.push('\n');
        }
        // A repeated vote in the last part: counted once, with the first line.
        text.push_str("1,France,FR,yes\n");
        for threads in [2, 3, 4] {
            let (parts, whole) = in_parts_and_whole(&text, threads);
            let (parts, whole) = (parts.unwrap(), whole.unwrap());
            same(&parts, &whole);
            assert_eq!(whole.stats.rows, 12_001);
        }
    }

    #[test]
    fn errors_in_a_later_part_name_the_line_one_pass_names() {
        let mut rows = many_rows(3000);
        rows[10_000] = "17,France,FR,maybe".to_string();
        let text = format!("rcid,country,country_code,vote\n{}\n", rows.join("\n"));
        let (parts, whole) = in_parts_and_whole(&text, 4);
        let err = parts.unwrap_err();
        assert_eq!(err, whole.unwrap_err());
        assert!(err.contains(":10002:4:"), "{err}");
    }

    #[test]
    fn a_cut_inside_a_quoted_field_falls_back_to_one_pass() {
        // A state name in quotes holding line ends across the middle of the file: a cut there
        // would start a part inside the field.
        let rows = many_rows(2000);
        let long_name = format!("\"Zanzibar{}\"", "\n".repeat(40_000));
        let text = format!(
            "rcid,country,country_code,vote\n{}\n1,{long_name},,no\n{}\n",
            rows[..4000].join("\n"),
            rows[4000..].join("\n")
        );
        let (parts, whole) = in_parts_and_whole(&text, 2);
        // The name with line ends is not a known state: both reads stop there, on its line.
        let err = parts.unwrap_err();
        assert_eq!(err, whole.unwrap_err());
        assert!(err.contains(":4002:"), "{err}");
    }

    #[test]
    fn roll_calls_and_issues_are_joined() {
        let roll_calls = temp_file(
            "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
             10,14,0,1959-12-02,R/14/746B,0,1,\"ALGERIA\",\"TO ADOPT 3RD PREAMBULAR PARAGRAPH OF THE DRAFT\"\n\
             11,14,1,1959-12-03,R/14/746B,0,0,ALGERIA,TO ADOPT THE DRAFT AS A WHOLE\n\
             12,14,0,1959-12-03,R/14/746B,1,0,ALGERIA,TO ADOPT AN AMENDMENT\n",
        );
        let issues = temp_file("rcid,short_name,issue\n11,hr,Human rights\n11,co,Colonialism\n");
        let options = IngestOptions {
            roll_calls: Some(roll_calls.path().to_path_buf()),
            issues: Some(issues.path().to_path_buf()),
            ..IngestOptions::default()
        };
        let csv = "rcid,country,country_code,vote\n10,France,FR,yes\n11,France,FR,no\n\
                   12,France,FR,abstain\n";
        let data = read(Path::new("v.csv"), csv.as_bytes(), &options).unwrap();
        let paragraph = &data.motions[0];
        assert_eq!(paragraph.part, Part::Preambular(3));
        assert_eq!(paragraph.whole.as_deref(), Some("11"));
        assert_eq!(paragraph.date.as_deref(), Some("1959-12-02"));
        assert_eq!(paragraph.session, Some(14));
        let whole = &data.motions[1];
        assert_eq!(whole.part, Part::Whole);
        assert!(whole.important);
        assert_eq!(whole.issues, vec!["co", "hr"]);
        assert_eq!(whole.document.as_deref(), Some("A/RES/746 B (XIV)"));
        assert_eq!(whole.title.as_deref(), Some("ALGERIA"));
        assert_eq!(
            data.motions[2].part,
            Part::Amendment("to A/RES/746 B (XIV)".into())
        );
        assert_eq!(data.motions[2].whole.as_deref(), Some("11"));
        assert!(data.stats.warnings.is_empty());
    }

    #[test]
    fn broken_roll_call_rows_name_the_side_table_and_line() {
        let roll_calls = temp_file(
            "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
             10,14,0,1959-12-02,R/14/746B,0,1,A,B\n\
             11,14,0,1959-12-02,\"R/14/7\"46B,0,1,A\n",
        );
        let options = IngestOptions {
            roll_calls: Some(roll_calls.path().to_path_buf()),
            ..IngestOptions::default()
        };
        let err = read(
            Path::new("v.csv"),
            "rcid,country,country_code,vote\n10,France,FR,yes\n".as_bytes(),
            &options,
        )
        .unwrap_err()
        .to_string();
        let table = roll_calls.path().display().to_string();
        assert!(err.starts_with(&format!("{table}:3:")), "{err}");
        assert!(err.contains("expected 9 fields, found 8"), "{err}");
    }
}
