//! The canonical long CSV: one vote per row, `motion,member,vote` plus optional columns.
//!
//! Members are free identifiers here (states, legislators, synthetic ids), so any assembly can
//! be fed in. Optional columns: `name`, `group`, `date`, `session`, `document`, `part`,
//! `title`, `whole`, `source_code`.

use super::IngestError;
use super::csv_rows::{Header, csv_reader, each_row};
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Part, Vote};
use std::io::Read;
use std::path::Path;

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

/// Reads a long CSV. Cost: O(rows) time, memory proportional to the votes kept.
///
/// Errors: a missing required column, an empty motion or member, a vote that is not one of
/// yes/no/abstain/absent/not_member (or a common alias), a bad `part`, and conflicting
/// duplicate votes, each with its line.
pub fn read(path: &Path, input: impl Read) -> Result<Dataset, IngestError> {
    let mut reader = csv_reader(path, input);
    let header = Header::read(path, &mut reader)?;
    let find = |name: &str| header.find(name);
    let require = |name: &str| header.require(name);
    let cols = Columns {
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
    };

    let mut builder = DatasetBuilder::new(path);
    let mut last_motion: Option<(String, u32)> = None;
    each_row(path, &mut reader, |row| {
        let line = row.line;
        let field = |i: usize| row.field(i);
        let optional = |i: Option<usize>| row.optional(i);
        let parse_error =
            |column: usize, expected: &str, found: &str| row.error(column, expected, found);
        builder.stats.rows += 1;

        let motion_id = field(cols.motion);
        if motion_id.is_empty() {
            return Err(parse_error(cols.motion, "a motion id", ""));
        }
        let member_code = field(cols.member);
        if member_code.is_empty() {
            return Err(parse_error(cols.member, "a member code", ""));
        }
        let vote_text = field(cols.vote);
        let vote = Vote::parse(vote_text).ok_or_else(|| {
            parse_error(
                cols.vote,
                "a vote (yes, no, abstain, absent or not_member)",
                vote_text,
            )
        })?;

        // Rows usually come grouped by motion: the previous row's motion is the likely one.
        let cached = last_motion
            .as_ref()
            .filter(|(id, _)| id == motion_id)
            .map(|(_, index)| *index);
        let motion = match cached.or_else(|| builder.motion_id_index(motion_id)) {
            Some(i) => i,
            None => {
                let mut motion = Motion::new(motion_id);
                motion.date = optional(cols.date).map(str::to_string);
                motion.session = match optional(cols.session) {
                    Some(s) => Some(s.parse().map_err(|_| {
                        parse_error(cols.session.unwrap_or(0), "a session number", s)
                    })?),
                    None => None,
                };
                motion.document = optional(cols.document).map(str::to_string);
                motion.part = match optional(cols.part) {
                    Some(p) => p.parse::<Part>().map_err(|e| IngestError::Parse {
                        path: path.to_path_buf(),
                        line,
                        column: cols.part.unwrap_or(0) + 1,
                        expected: "whole, preambular:N, operative:N, amendment:DOC or other"
                            .to_string(),
                        found: format!("{:?}", e.0),
                    })?,
                    None => Part::Other,
                };
                motion.title = optional(cols.title).map(str::to_string);
                motion.whole = optional(cols.whole).map(str::to_string);
                builder.motion(motion)
            }
        };
        if cached.is_none() {
            last_motion = Some((motion_id.to_string(), motion));
        }
        // A known member is registered again only when this row can fill in its name or group.
        let known = builder.member_code_index(member_code).filter(|&index| {
            builder.member_ref(index).is_some_and(|m| {
                let name_missing = m.name.is_empty() || m.name == m.code;
                !(name_missing && optional(cols.name).is_some()
                    || m.group.is_none() && optional(cols.group).is_some())
            })
        });
        let member = match known {
            Some(index) => index,
            None => {
                let mut member = Member::new(
                    member_code,
                    optional(cols.name).unwrap_or(member_code).to_string(),
                );
                member.group = optional(cols.group).map(str::to_string);
                builder.member(member)
            }
        };
        builder.push(
            motion,
            member,
            vote,
            optional(cols.source_code),
            row.line_u32(),
        )?;
        Ok(())
    })?;
    if builder.is_empty() {
        return Err(IngestError::NoVotes {
            path: path.to_path_buf(),
            detail: "the CSV has a header but no rows".to_string(),
        });
    }
    Ok(builder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
