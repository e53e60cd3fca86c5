//! The canonical long CSV: one vote per row, `motion,member,vote` plus optional columns.
//!
//! Members are free identifiers here (states, legislators, synthetic ids), so any assembly can
//! be fed in. The columns, required and optional, are listed once, in [`COLUMNS`] (the README
//! and `--help` show [`columns_summary`]; a test checks the README).

use super::IngestError;
use super::csv_rows::{Header, Row, csv_reader, each_row};
use super::votebloc_tables::Tables;
use super::{Progress, chunked, source};
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Part, Vote};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A column of the long CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub meaning: &'static str,
}

/// The long CSV's columns: the three required ones first, then the optional ones, in any
/// order in a file (found by name, case and surrounding space ignored).
pub const COLUMNS: [Column; 12] = [
    column("motion", true, "motion id"),
    column("member", true, "member code"),
    column(
        "vote",
        true,
        "yes, no, abstain, absent or not_member (or a common alias)",
    ),
    column("name", false, "member name"),
    column(
        "group",
        false,
        "member group (party, caucus, regional group)",
    ),
    column("date", false, "date of the motion, YYYY-MM-DD"),
    column("session", false, "session or congress number"),
    column("document", false, "document symbol"),
    column(
        "part",
        false,
        "part voted: whole, preambular:N, operative:N, amendment:DOC or other",
    ),
    column("title", false, "motion title"),
    column(
        "whole",
        false,
        "id of the motion on the whole text, for a part",
    ),
    column("source_code", false, "the source's own code of the vote"),
];

const fn column(name: &'static str, required: bool, meaning: &'static str) -> Column {
    Column {
        name,
        required,
        meaning,
    }
}

/// [`COLUMNS`] in one line: `motion,member,vote[,name,…]`.
///
/// # Examples
///
/// ```
/// use votebloc::ingest::long_csv::columns_summary;
/// assert!(columns_summary().starts_with("motion,member,vote[,name,group,"));
/// ```
pub fn columns_summary() -> String {
    let names = |required: bool| {
        COLUMNS
            .iter()
            .filter(|c| c.required == required)
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(",")
    };
    format!("{}[,{}]", names(true), names(false))
}

struct Columns {
    motion: usize,
    member: usize,
    vote: usize,
    name: Option<usize>,
    group: Option<usize>,
    date: Option<usize>,
    session: Option<usize>,
    document: Option<usize>,
    part: Option<usize>,
    title: Option<usize>,
    whole: Option<usize>,
    source_code: Option<usize>,
}

/// Reads a long CSV.
///
/// # Errors
///
/// A missing required column, an empty motion or member, a vote that is not one of
/// yes/no/abstain/absent/not_member (or a common alias), a bad `part`, and conflicting duplicate
/// votes, each with its line.
///
/// # Complexity
///
/// O(rows) time, memory proportional to the votes kept.
pub fn read(path: &Path, input: impl Read) -> Result<Dataset, IngestError> {
    read_with(path, input, &Tables::default())
}

/// [`read`] with votebloc's motions and members tables filling what the rows leave empty.
fn read_with(path: &Path, input: impl Read, tables: &Tables) -> Result<Dataset, IngestError> {
    let mut reader = csv_reader(path, input);
    let header = Header::read(path, &mut reader)?;
    let columns = Columns::of(&header)?;
    let mut part = Reading::new(path);
    each_row(path, &mut reader, |row| part.row(&columns, tables, row))?;
    finish(path, part, tables)
}

/// The dataset of a read: an error when no row was read.
fn finish(path: &Path, mut reading: Reading, tables: &Tables) -> Result<Dataset, IngestError> {
    if reading.builder.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            line: 2,
            detail: "the CSV has a header but no rows".to_string(),
        });
    }
    tables.add_members_without_votes(&mut reading.builder);
    let mut data = reading.builder.finish()?;
    tables.finish(path, &mut data);
    Ok(data)
}

/// Reads the long CSV file at `path` as [`read`] does, on several threads when the file is
/// large and not compressed (see `chunked`): the result is the same, byte for byte.
pub fn read_file(path: &Path, progress: Option<&dyn Progress>) -> Result<Dataset, IngestError> {
    read_file_in_parts(
        path,
        progress,
        &Tables::default(),
        chunked::MIN_PARALLEL_BYTES,
    )
}

fn read_file_in_parts(
    path: &Path,
    progress: Option<&dyn Progress>,
    tables: &Tables,
    min_bytes: u64,
) -> Result<Dataset, IngestError> {
    if !source::is_gzip(path)
        && let Some(whole) = chunked::read_parts(
            path,
            progress,
            min_bytes,
            Columns::of,
            |bytes| Reading::with_room(path, bytes),
            |part, columns, row| part.row(columns, tables, row),
        )?
    {
        return finish(path, whole, tables);
    }
    read_with(path, source::open_with_progress(path, progress)?, tables)
}

impl Columns {
    fn of(header: &Header) -> Result<Columns, IngestError> {
        let find = |name: &str| header.find(name);
        let require = |name: &str| header.require(name);
        Ok(Columns {
            motion: require("motion")?,
            member: require("member")?,
            vote: require("vote")?,
            name: find("name"),
            group: find("group"),
            date: find("date"),
            session: find("session"),
            document: find("document"),
            part: find("part"),
            title: find("title"),
            whole: find("whole"),
            source_code: find("source_code"),
        })
    }
}

/// What the reader of (a part of) the file builds.
struct Reading {
    builder: DatasetBuilder,
    /// The previous row's motion id and index.
    last_motion: Option<(String, u32)>,
}

impl chunked::PartReader for Reading {
    fn absorb(&mut self, later: Reading, line_offset: u32) -> Result<(), IngestError> {
        Ok(self.builder.absorb(later.builder, line_offset)?)
    }
}

/// Bytes per row assumed when reserving room for a part's votes: a little under the shortest
/// rows of real long files (`R00001,M0001,no` and its line end is 16 bytes). Shorter rows only
/// make the vector grow as usual; a much smaller figure would reserve gigabytes of address
/// space for a large file.
const TYPICAL_MIN_ROW_BYTES: u64 = 12;

impl Reading {
    fn new(path: &Path) -> Reading {
        Reading {
            builder: DatasetBuilder::new(path),
            last_motion: None,
        }
    }

    /// A reader for about `bytes` bytes of rows, with room reserved for their votes (see
    /// `unvotes::Part::with_room`).
    fn with_room(path: &Path, bytes: u64) -> Reading {
        let mut reading = Reading::new(path);
        reading
            .builder
            .reserve_votes(usize::try_from(bytes / TYPICAL_MIN_ROW_BYTES).unwrap_or(0));
        reading
    }

    fn row(&mut self, cols: &Columns, tables: &Tables, row: &Row<'_>) -> Result<(), IngestError> {
        self.builder.stats.rows += 1;
        let motion_id = row.field(cols.motion);
        if motion_id.is_empty() {
            return Err(row.error(cols.motion, "a motion id", ""));
        }
        let member_code = row.field(cols.member);
        if member_code.is_empty() {
            return Err(row.error(cols.member, "a member code", ""));
        }
        let vote_text = row.field(cols.vote);
        let vote = Vote::parse(vote_text).ok_or_else(|| {
            row.error(
                cols.vote,
                "a vote (yes, no, abstain, absent or not_member)",
                vote_text,
            )
        })?;
        row.refuse_cut_code(cols.vote, vote, &Vote::SPELLINGS, |_| true)?;
        let motion = self.motion(cols, tables, row, motion_id)?;
        let member = self.member(cols, tables, row, member_code);
        self.builder.push(
            motion,
            member,
            vote,
            row.optional(cols.source_code),
            row.line_u32(),
        )?;
        Ok(())
    }

    /// The motion of a row, registered from the row's columns on its first row.
    fn motion(
        &mut self,
        cols: &Columns,
        tables: &Tables,
        row: &Row<'_>,
        id: &str,
    ) -> Result<u32, IngestError> {
        // Rows usually come grouped by motion: the previous row's motion is the likely one.
        if let Some((_, index)) = self.last_motion.as_ref().filter(|(last, _)| last == id) {
            return Ok(*index);
        }
        let motion = match self.builder.motion_id_index(id) {
            Some(i) => i,
            None => {
                let mut motion = new_motion(cols, row, id)?;
                tables.fill_motion(&mut motion);
                self.builder.motion(motion)
            }
        };
        self.last_motion = Some((id.to_string(), motion));
        Ok(motion)
    }

    /// The member of a row. A known member is registered again only when this row can fill in
    /// its name or group.
    fn member(&mut self, cols: &Columns, tables: &Tables, row: &Row<'_>, code: &str) -> u32 {
        let optional = |i: Option<usize>| row.optional(i);
        let known = self.builder.member_code_index(code).filter(|&index| {
            self.builder.member_ref(index).is_some_and(|m| {
                let name_missing = m.name.is_empty() || m.name == m.code;
                !(name_missing && optional(cols.name).is_some()
                    || m.group.is_none() && optional(cols.group).is_some())
            })
        });
        match known {
            Some(index) => index,
            None => {
                let mut member = Member::new(code, optional(cols.name).unwrap_or(code).to_string());
                member.group = optional(cols.group).map(str::to_string);
                if self.builder.member_code_index(code).is_none() {
                    tables.fill_member(&mut member);
                }
                self.builder.member(member)
            }
        }
    }
}

/// A motion as its first row describes it.
fn new_motion(cols: &Columns, row: &Row<'_>, id: &str) -> Result<Motion, IngestError> {
    let optional = |i: Option<usize>| row.optional(i);
    let mut motion = Motion::new(id);
    motion.date = optional(cols.date).map(str::to_string);
    motion.session = match cols.session.filter(|_| optional(cols.session).is_some()) {
        Some(column) => Some(row.parse(column, "a session number")?),
        None => None,
    };
    motion.document = optional(cols.document).map(str::to_string);
    motion.part = match optional(cols.part) {
        Some(p) => p.parse::<Part>().map_err(|e| IngestError::Parse {
            path: row.path.to_path_buf(),
            line: row.line,
            column: cols.part.unwrap_or(0) + 1,
            expected: "whole, preambular:N, operative:N, amendment:DOC or other".to_string(),
            found: format!("{:?}", e.0),
        })?,
        None => Part::Other,
    };
    motion.title = optional(cols.title).map(str::to_string);
    motion.whole = optional(cols.whole).map(str::to_string);
    Ok(motion)
}

/// The [`Reader`](super::Reader) of the long CSV: a header with `motion`, `member` and
/// `vote`; read by [`read_file`].
#[derive(Debug, Clone, Copy)]
pub struct LongCsv;

impl super::Reader for LongCsv {
    fn name(&self) -> &'static str {
        "long"
    }

    fn detect(&self, head: &super::Head<'_>) -> bool {
        head.has_columns(&["motion", "member", "vote"])
    }

    /// Reads with `options.roll_calls` as votebloc's `motions.csv` and `options.members` as
    /// its `members.csv` (see `ingest/votebloc_tables.rs`).
    fn read(&self, path: &Path, options: &super::IngestOptions) -> Result<Dataset, IngestError> {
        if let [_, second, ..] = options.members.as_slice() {
            return Err(IngestError::Unchecked {
                path: second.clone(),
                line: 1,
                detail: format!(
                    "a long CSV takes one members table (votebloc's members.csv); --members was \
                     given {} times",
                    options.members.len()
                ),
            });
        }
        let members = options.members.first().map(PathBuf::as_path);
        let tables = Tables::read(options.roll_calls.as_deref(), members)?;
        read_file_in_parts(
            path,
            options.progress.as_deref(),
            &tables,
            chunked::MIN_PARALLEL_BYTES,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_the_readme_and_the_list_name_the_same_columns() {
        let header: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let text = format!("{}\n{}\n", header.join(","), ["x"; 12].join(","));
        let mut reader = csv_reader(Path::new("x"), text.as_bytes());
        let columns = Columns::of(&Header::read(Path::new("x"), &mut reader).unwrap()).unwrap();
        let found = [
            columns.name,
            columns.group,
            columns.date,
            columns.session,
            columns.document,
            columns.part,
            columns.title,
            columns.whole,
            columns.source_code,
        ];
        assert_eq!(
            [
                Some(columns.motion),
                Some(columns.member),
                Some(columns.vote)
            ]
            .iter()
            .chain(&found)
            .copied()
            .collect::<Vec<_>>(),
            (0..12).map(Some).collect::<Vec<_>>()
        );
        let readme = include_str!("../../../../README.md");
        assert!(
            readme.contains(&columns_summary()),
            "README.md must show the long CSV's columns as {}",
            columns_summary()
        );
    }

    /// Reads `text` from a file in parts on `threads` threads, and in one pass.
    fn in_parts_and_whole(
        text: &str,
        threads: usize,
    ) -> (Result<Dataset, String>, Result<Dataset, String>) {
        use std::io::Write;
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let parts = pool
            .install(|| read_file_in_parts(file.path(), None, &Tables::default(), 0))
            .map_err(|e| e.to_string());
        let whole = read(file.path(), text.as_bytes()).map_err(|e| e.to_string());
        (parts, whole)
    }

    #[test]
    fn quoted_line_ends_across_a_cut_read_as_in_one_pass() {
        // Titles holding line ends (one of them long enough that every cut falls in it), and
        // a duplicate vote in the last part.
        let mut text = String::from("motion,member,vote,title\n");
        for motion in 0..400 {
            let title = if motion == 200 {
                format!("\"long\n{}title, \"\"quoted\"\"\"", "\n".repeat(30_000))
            } else {
                format!("\"title\nof {motion}\"")
            };
            for member in ["A", "B", "C"] {
                text.push_str(&format!(
                    "m{motion},{member},{},{title}\n",
                    ["yes", "no"][motion % 2]
                ));
            }
        }
        text.push_str("m3,A,no,again\n");
        for threads in [2, 3, 4] {
            let (parts, whole) = in_parts_and_whole(&text, threads);
            let (parts, whole) = (parts.unwrap(), whole.unwrap());
            assert_eq!(parts.motions, whole.motions);
            assert_eq!(parts.votes, whole.votes);
            assert_eq!(parts.stats, whole.stats);
            assert_eq!(whole.stats.duplicates, 1);
            assert!(whole.motions.iter().any(|m| {
                m.title
                    .as_deref()
                    .is_some_and(|t| t.ends_with("title, \"quoted\""))
            }));
        }
    }

    #[test]
    fn a_conflict_across_parts_names_both_lines() {
        let mut text = String::from("motion,member,vote\n");
        for motion in 0..3000 {
            text.push_str(&format!("m{motion},A,yes\nm{motion},B,no\n"));
        }
        text.push_str("m1,A,no\n");
        let (parts, whole) = in_parts_and_whole(&text, 4);
        let err = parts.unwrap_err();
        assert_eq!(err, whole.unwrap_err());
        assert!(
            err.contains(
                ":6002: conflicting duplicate vote of A on motion m1: no here, yes on line 4"
            ),
            "{err}"
        );
    }

    fn parse(text: &str) -> Result<Dataset, IngestError> {
        read(Path::new("t.csv"), text.as_bytes())
    }

    #[test]
    fn reads_optional_columns() {
        let data = parse(
            "motion,member,vote,name,part,document\n\
             m1,S1,yes,Smith,operative:2,A/1\n\
             m1,S2,Nay,Jones,operative:2,A/1\n",
        )
        .unwrap();
        assert_eq!(data.members[0].name, "Smith");
        assert_eq!(data.motions[0].part, Part::Operative(2));
        assert_eq!(data.vote(0, 1), Some(Vote::No));
    }

    #[test]
    fn bad_vote_names_line_column_and_value() {
        let err = parse("motion,member,vote\nm1,A,yes\nm1,B,maybe\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.csv:3:3:"), "{err}");
        assert!(err.contains("\"maybe\""), "{err}");
    }

    #[test]
    fn missing_column_and_short_rows_are_reported() {
        let err = parse("motion,member\nm1,A\n").unwrap_err().to_string();
        assert!(err.contains("missing column \"vote\""), "{err}");
        let err = parse("motion,member,vote\nm1,A\n").unwrap_err().to_string();
        assert!(
            err.contains("t.csv:2") && err.contains("expected 3 fields"),
            "{err}"
        );
    }

    #[test]
    fn header_only_is_no_votes() {
        assert!(matches!(
            parse("motion,member,vote\n"),
            Err(IngestError::NoVotes { .. })
        ));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let data = parse("\u{feff}motion,member,vote\r\nm1,A,yes\r\nm1,B,no\r\n").unwrap();
        assert_eq!(data.votes.len(), 2);
    }
}
