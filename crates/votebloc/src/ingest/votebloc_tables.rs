//! votebloc's own dataset tables read back beside a long CSV: `motions.csv` (with
//! `--roll-calls`: documents, parts, the links of a paragraph to its whole text, dates,
//! sessions, titles, questions, chambers, stated tallies and outcomes, issues) and
//! `members.csv` (with `--members`: names and groups). So `ingest -o DIR` followed by
//! `analyze DIR/votes.csv` reproduces the analysis of the source: the split votes need the
//! links, the party-unity defection of a legislature needs the chambers and the parties.
//!
//! [`beside`] finds the tables that `ingest -o` or `analyze -o` wrote next to a `votes.csv`.
//! What a table says fills what the votes file leaves empty; a motion or member of the votes
//! that a table lacks keeps what the votes file gives, with one warning counting them. The
//! members of `members.csv` without a vote are members of the dataset too (`members.csv` lists
//! every member, `votes.csv` only the recorded votes).

use super::csv_rows::{Header, Row, csv_reader, each_row};
use super::{IngestError, source};
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Part, Tally};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// The header `votes.csv` starts with (see `export/csv_tables.rs`).
const VOTES_HEADER: &str = "motion,member,name,vote,source_code";
/// The columns `motions.csv` starts with.
const MOTIONS_START: &str = "motion,document,part,date,session,title";
/// The columns `members.csv` starts with.
const MEMBERS_START: &str = "member,name,group";

/// The tables votebloc wrote beside `votes`: `motions.csv` and `members.csv` in its folder,
/// each when it exists and starts with votebloc's header, and only when `votes` itself is a
/// file named `votes.csv` with votebloc's header (`motion,member,name,vote,source_code`).
///
/// # Complexity
///
/// Reads the first line of at most three files.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let data = votebloc::ingest::read_embedded(&Default::default()).unwrap();
/// votebloc::export::csv_tables::write_dataset(&data, dir.path()).unwrap();
/// let (motions, members) = votebloc::ingest::votebloc_tables::beside(&dir.path().join("votes.csv"));
/// assert_eq!(motions, Some(dir.path().join("motions.csv")));
/// assert_eq!(members, Some(dir.path().join("members.csv")));
/// ```
pub fn beside(votes: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    let named = votes.file_name().is_some_and(|n| n == "votes.csv");
    if !named || !starts_with(votes, VOTES_HEADER) {
        return (None, None);
    }
    let folder = votes.parent().unwrap_or(Path::new(""));
    let table = |name: &str, start: &str| {
        let path = folder.join(name);
        (path.is_file() && starts_with(&path, start)).then_some(path)
    };
    (
        table("motions.csv", MOTIONS_START),
        table("members.csv", MEMBERS_START),
    )
}

/// Whether the first line of the file at `path` starts with `start`.
fn starts_with(path: &Path, start: &str) -> bool {
    source::peek(path, 4096).is_ok_and(|head| {
        head.strip_prefix(b"\xef\xbb\xbf".as_slice())
            .unwrap_or(&head)
            .starts_with(start.as_bytes())
    })
}

/// The tables read for a long CSV (either may be absent), and what the votes asked of them.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    motions: FxHashMap<String, Motion>,
    members: FxHashMap<String, Member>,
    motions_path: Option<PathBuf>,
    members_path: Option<PathBuf>,
}

impl Tables {
    /// Reads `motions` (a `motions.csv`) and `members` (a `members.csv`) when given.
    ///
    /// # Errors
    ///
    /// Each error names the file, line and column: a missing `motion` or `member` column, a
    /// bad part, session, count or flag, a repeated id, malformed CSV.
    pub(crate) fn read(
        motions: Option<&Path>,
        members: Option<&Path>,
    ) -> Result<Tables, IngestError> {
        let mut tables = Tables {
            motions_path: motions.map(Path::to_path_buf),
            members_path: members.map(Path::to_path_buf),
            ..Tables::default()
        };
        if let Some(path) = motions {
            tables.motions = read_motions(path)?;
        }
        if let Some(path) = members {
            tables.members = read_members(path)?;
        }
        Ok(tables)
    }

    /// Fills what `motion` (as the votes file gives it) leaves empty from the motions table.
    pub(crate) fn fill_motion(&self, motion: &mut Motion) {
        let Some(known) = self.motions.get(&motion.id) else {
            return;
        };
        let fill = |mine: &mut Option<String>, theirs: &Option<String>| {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        };
        fill(&mut motion.document, &known.document);
        fill(&mut motion.date, &known.date);
        fill(&mut motion.title, &known.title);
        fill(&mut motion.whole, &known.whole);
        fill(&mut motion.outcome, &known.outcome);
        fill(&mut motion.question, &known.question);
        fill(&mut motion.chamber, &known.chamber);
        if motion.part == Part::Other {
            motion.part = known.part.clone();
        }
        motion.session = motion.session.or(known.session);
        motion.stated = motion.stated.or(known.stated);
        if motion.issues.is_empty() {
            motion.issues.clone_from(&known.issues);
        }
        motion.important |= known.important;
    }

    /// Fills the name (when the votes give none) and the group of `member` from the members
    /// table.
    pub(crate) fn fill_member(&self, member: &mut Member) {
        let Some(known) = self.members.get(&member.code) else {
            return;
        };
        if member.name.is_empty() || member.name == member.code {
            member.name.clone_from(&known.name);
        }
        if member.group.is_none() {
            member.group.clone_from(&known.group);
        }
    }

    /// Registers in `builder` the members of the members table that no vote names: members
    /// of the dataset without a recorded vote (a state before its admission, in a session's
    /// tables), which the analysis then counts as not members of the body, as it did for the
    /// source. In code order.
    pub(crate) fn add_members_without_votes(&self, builder: &mut DatasetBuilder) {
        let mut codes: Vec<&String> = self
            .members
            .keys()
            .filter(|code| builder.member_code_index(code).is_none())
            .collect();
        codes.sort();
        for code in codes {
            builder.member(self.members[code].clone());
        }
    }

    /// Adds to the statistics of `data` (read from `votes`) one warning per table counting
    /// the motions or members it lacks.
    pub(crate) fn finish(&self, votes: &Path, data: &mut Dataset) {
        let motions = data
            .motions
            .iter()
            .filter(|m| !self.motions.contains_key(&m.id))
            .count();
        let members = data
            .members
            .iter()
            .filter(|m| !self.members.contains_key(&m.code))
            .count();
        for (count, what, table) in [
            (motions, "motion(s)", &self.motions_path),
            (members, "member(s)", &self.members_path),
        ] {
            if let (true, Some(table)) = (count > 0, table) {
                data.stats.warnings.push(format!(
                    "{}: {count} {what} are not in {} (kept as the votes give them)",
                    votes.display(),
                    table.display()
                ));
            }
        }
    }
}

/// Reads a `motions.csv` written by votebloc: motions by id.
fn read_motions(path: &Path) -> Result<FxHashMap<String, Motion>, IngestError> {
    let mut reader = csv_reader(path, source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let id = header.require("motion")?;
    let column = |name: &str| header.find(name);
    let columns = MotionColumns {
        document: column("document"),
        part: column("part"),
        date: column("date"),
        session: column("session"),
        title: column("title"),
        yes: column("yes"),
        no: column("no"),
        abstain: column("abstain"),
        outcome: column("outcome"),
        whole: column("whole"),
        issues: column("issues"),
        question: column("question"),
        chamber: column("chamber"),
        important: column("important"),
    };
    let mut motions: FxHashMap<String, Motion> = FxHashMap::default();
    let mut lines: FxHashMap<String, usize> = FxHashMap::default();
    each_row(path, &mut reader, |row| {
        let text = row.field(id);
        if text.is_empty() {
            return Err(row.error(id, "a motion id", ""));
        }
        if let Some(first) = lines.get(text) {
            return Err(row.error(
                id,
                &format!("a motion not listed before (it is on line {first})"),
                text,
            ));
        }
        let motion = columns.motion(row, text)?;
        lines.insert(text.to_string(), row.line);
        motions.insert(text.to_string(), motion);
        Ok(())
    })?;
    Ok(motions)
}

/// The optional columns of `motions.csv`.
struct MotionColumns {
    document: Option<usize>,
    part: Option<usize>,
    date: Option<usize>,
    session: Option<usize>,
    title: Option<usize>,
    yes: Option<usize>,
    no: Option<usize>,
    abstain: Option<usize>,
    outcome: Option<usize>,
    whole: Option<usize>,
    issues: Option<usize>,
    question: Option<usize>,
    chamber: Option<usize>,
    important: Option<usize>,
}

impl MotionColumns {
    /// The motion `id` as `row` describes it.
    fn motion(&self, row: &Row<'_>, id: &str) -> Result<Motion, IngestError> {
        let text = |column: Option<usize>| row.optional(column).map(str::to_string);
        let number = |column: Option<usize>, what: &str| match column {
            Some(c) if !row.field(c).is_empty() => row.parse::<u32>(c, what).map(Some),
            _ => Ok(None),
        };
        let mut motion = Motion::new(id);
        motion.document = text(self.document);
        if let (Some(column), Some(part)) = (self.part, row.optional(self.part)) {
            motion.part = part.parse().map_err(|_| {
                row.error(
                    column,
                    "a part (whole, preambular:N, operative:N, amendment:DOC or other)",
                    part,
                )
            })?;
        }
        motion.date = text(self.date);
        motion.session = number(self.session, "a session number")?;
        motion.title = text(self.title);
        let yes = number(self.yes, "a count of yes votes")?;
        let no = number(self.no, "a count of no votes")?;
        let abstain = number(self.abstain, "a count of abstentions")?;
        if let (Some(yes), Some(no)) = (yes, no) {
            motion.stated = Some(Tally { yes, no, abstain });
        }
        motion.outcome = text(self.outcome);
        motion.whole = text(self.whole);
        motion.issues = row
            .optional(self.issues)
            .map(|list| list.split(';').map(str::to_string).collect())
            .unwrap_or_default();
        motion.question = text(self.question);
        motion.chamber = text(self.chamber);
        motion.important = match (self.important, row.optional(self.important)) {
            (Some(column), Some(flag)) => match flag {
                "true" => true,
                "false" => false,
                other => return Err(row.error(column, "true or false", other)),
            },
            _ => false,
        };
        Ok(motion)
    }
}

/// Reads a `members.csv` written by votebloc: names and groups by member code.
fn read_members(path: &Path) -> Result<FxHashMap<String, Member>, IngestError> {
    let mut reader = csv_reader(path, source::open(path)?);
    let header = Header::read(path, &mut reader)?;
    let code = header.require("member")?;
    let name = header.find("name");
    let group = header.find("group");
    let mut members: FxHashMap<String, Member> = FxHashMap::default();
    each_row(path, &mut reader, |row| {
        let text = row.field(code);
        if text.is_empty() {
            return Err(row.error(code, "a member code", ""));
        }
        if members.contains_key(text) {
            return Err(row.error(code, "a member not listed before", text));
        }
        let mut member = Member::new(text, row.optional(name).unwrap_or(text));
        member.group = row.optional(group).map(str::to_string);
        members.insert(text.to_string(), member);
        Ok(())
    })?;
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn tables_fill_what_the_votes_leave_empty() {
        let dir = tempfile::tempdir().unwrap();
        let motions = file(
            dir.path(),
            "motions.csv",
            "motion,document,part,date,session,title,yes,no,abstain,outcome,whole,issues,\
             question,chamber,important\n\
             L:pp1,L,preambular:1,2022-11-10,77,\"A title, quoted\",85,51,27,retained,L:whole,\
             di;nu,,,false\n\
             L:whole,L,whole,,,,,,,,,,,,true\n",
        );
        let members = file(
            dir.path(),
            "members.csv",
            "member,name,group\nJAM,Jamaica,GRULAC\n",
        );
        let tables = Tables::read(Some(&motions), Some(&members)).unwrap();
        let mut part = Motion::new("L:pp1");
        tables.fill_motion(&mut part);
        assert_eq!(part.part, Part::Preambular(1));
        assert_eq!(part.whole.as_deref(), Some("L:whole"));
        assert_eq!(
            part.stated,
            Some(Tally {
                yes: 85,
                no: 51,
                abstain: Some(27)
            })
        );
        assert_eq!(part.issues, vec!["di", "nu"]);
        assert_eq!(part.title.as_deref(), Some("A title, quoted"));
        let mut whole = Motion::new("L:whole");
        whole.title = Some("from the votes".into());
        tables.fill_motion(&mut whole);
        assert!(whole.important);
        assert_eq!(whole.title.as_deref(), Some("from the votes"));
        let mut jamaica = Member::new("JAM", "JAM");
        tables.fill_member(&mut jamaica);
        assert_eq!(
            (jamaica.name.as_str(), jamaica.group.as_deref()),
            ("Jamaica", Some("GRULAC"))
        );
        let mut builder = DatasetBuilder::new("votes.csv");
        builder.member(Member::new("XXX", "X"));
        tables.add_members_without_votes(&mut builder);
        assert!(builder.member_code_index("JAM").is_some());
        let mut data = Dataset {
            motions: vec![part, Motion::new("other")],
            members: vec![jamaica, Member::new("XXX", "X")],
            ..Dataset::default()
        };
        tables.finish(Path::new("votes.csv"), &mut data);
        let warnings = &data.stats.warnings;
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("1 motion(s) are not in"),
            "{warnings:?}"
        );
    }

    #[test]
    fn bad_tables_are_errors_with_their_position() {
        let dir = tempfile::tempdir().unwrap();
        for (text, expected) in [
            ("motion,part\nm1,paragraph\n", ":2:2: expected a part"),
            ("motion,session\nm1,x\n", ":2:2: expected a session number"),
            ("motion,important\nm1,1\n", ":2:2: expected true or false"),
            (
                "motion\nm1\nm1\n",
                ":3:1: expected a motion not listed before (it is on line 2)",
            ),
            ("rcid,session\n1,2\n", "missing column \"motion\""),
        ] {
            let path = file(dir.path(), "motions.csv", text);
            let err = Tables::read(Some(&path), None).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
        let path = file(dir.path(), "members.csv", "member,name\nA,a\nA,b\n");
        let err = Tables::read(None, Some(&path)).unwrap_err().to_string();
        assert!(
            err.contains(":3:1: expected a member not listed before"),
            "{err}"
        );
    }

    #[test]
    fn only_votebloc_tables_beside_a_votebloc_votes_csv_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let votes = file(
            dir.path(),
            "votes.csv",
            "motion,member,name,vote,source_code\n",
        );
        assert_eq!(beside(&votes), (None, None));
        file(
            dir.path(),
            "motions.csv",
            "motion,document,part,date,session,title,yes\n",
        );
        file(dir.path(), "members.csv", "rcid,name\n");
        assert_eq!(beside(&votes), (Some(dir.path().join("motions.csv")), None));
        let other = file(
            dir.path(),
            "votes2.csv",
            "motion,member,name,vote,source_code\n",
        );
        assert_eq!(beside(&other), (None, None));
        let plain = file(dir.path(), "votes.csv", "motion,member,vote\n");
        assert_eq!(beside(&plain), (None, None));
    }
}
