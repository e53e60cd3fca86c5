//! The check of every text a dataset holds (`model::check_text`), naming the first input line
//! that uses a bad one.

use super::*;
use crate::model::{Part, TextKind, TextProblem, check_text, excerpt};

/// A text that breaks the rules, and what holds it.
struct Bad {
    /// `member code`, `motion title`, …
    what: &'static str,
    text_excerpt: String,
    problem: TextProblem,
    /// Whose votes name the line: a member, a motion or a source code, by index.
    owner: Owner,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Member(u32),
    Motion(u32),
    Code(usize),
}

impl Owner {
    fn holds(self, vote: &VoteRecord) -> bool {
        match self {
            Owner::Member(m) => vote.member == m,
            Owner::Motion(m) => vote.motion == m,
            Owner::Code(c) => vote.source_code.is_some_and(|code| code.index() == c),
        }
    }
}

fn check(out: &mut Vec<Bad>, owner: Owner, what: &'static str, text: Option<&str>, kind: TextKind) {
    if let Some(text) = text
        && let Err(problem) = check_text(text, kind)
    {
        out.push(Bad {
            what,
            text_excerpt: excerpt(text),
            problem,
            owner,
        });
    }
}

/// Checks the ids, names and titles of the members, motions and source codes against
/// `model::check_text` (ids [`TextKind::Id`], names [`TextKind::Name`], titles
/// [`TextKind::Free`]).
///
/// # Errors
///
/// [`DatasetError::BadText`] for the bad text whose first vote comes first in the input,
/// naming the file and line of that vote (`origins` gives each vote's file in a merge).
///
/// # Complexity
///
/// O(length of the texts); one more pass over the votes when one is bad.
pub(super) fn check_texts(
    path: &Path,
    members: &[Member],
    motions: &[Motion],
    codes: &[String],
    votes: &[VoteRecord],
    origins: Option<(&[usize], &[PathBuf])>,
) -> Result<(), DatasetError> {
    let mut bad = Vec::new();
    for (index, member) in members.iter().enumerate() {
        check_member(&mut bad, Owner::Member(index as u32), member);
    }
    for (index, motion) in motions.iter().enumerate() {
        check_motion(&mut bad, Owner::Motion(index as u32), motion);
    }
    for (index, code) in codes.iter().enumerate() {
        check(
            &mut bad,
            Owner::Code(index),
            "source vote code",
            Some(code),
            TextKind::Id,
        );
    }
    match first_used(bad, votes) {
        Some((position, worst)) => Err(bad_text(path, votes, origins, position, worst)),
        None => Ok(()),
    }
}

/// The member's code (an id), name and group (names).
fn check_member(bad: &mut Vec<Bad>, owner: Owner, member: &Member) {
    check(bad, owner, "member code", Some(&member.code), TextKind::Id);
    check(
        bad,
        owner,
        "member name",
        Some(&member.name),
        TextKind::Name,
    );
    let group = member.group.as_deref();
    check(bad, owner, "member group", group, TextKind::Name);
}

/// The motion's ids and names, its issue codes, then its title (free text).
fn check_motion(bad: &mut Vec<Bad>, owner: Owner, motion: &Motion) {
    let amendment = match &motion.part {
        Part::Amendment(document) => Some(document.as_str()),
        _ => None,
    };
    let texts = [
        ("motion id", Some(motion.id.as_str()), TextKind::Id),
        ("motion date", motion.date.as_deref(), TextKind::Id),
        ("motion document", motion.document.as_deref(), TextKind::Id),
        ("amended document", amendment, TextKind::Name),
        ("motion outcome", motion.outcome.as_deref(), TextKind::Name),
        (
            "whole-text motion id",
            motion.whole.as_deref(),
            TextKind::Id,
        ),
        ("motion chamber", motion.chamber.as_deref(), TextKind::Name),
        ("motion body", motion.body.as_deref(), TextKind::Name),
        (
            "motion resolution",
            motion.resolution.as_deref(),
            TextKind::Id,
        ),
        ("motion draft", motion.draft.as_deref(), TextKind::Name),
    ];
    for (what, text, kind) in texts {
        check(bad, owner, what, text, kind);
    }
    for issue in &motion.issues {
        check(bad, owner, "issue code", Some(issue), TextKind::Id);
    }
    check(
        bad,
        owner,
        "motion title",
        motion.title.as_deref(),
        TextKind::Free,
    );
}

/// The bad text used first in the input (the one whose first vote comes first; of one
/// owner's texts, the first checked), with the index of that vote (`usize::MAX` when its
/// owner has no vote).
fn first_used(bad: Vec<Bad>, votes: &[VoteRecord]) -> Option<(usize, Bad)> {
    let first_use = |owner: Owner| votes.iter().position(|vote| owner.holds(vote));
    bad.into_iter()
        .map(|b| (first_use(b.owner).unwrap_or(usize::MAX), b))
        .min_by_key(|(position, _)| *position)
}

/// The error for `worst`, named by the file and line of the vote at `position` (line 0 when
/// there is no such vote), its file taken from `origins` in a merge.
fn bad_text(
    path: &Path,
    votes: &[VoteRecord],
    origins: Option<(&[usize], &[PathBuf])>,
    position: usize,
    worst: Bad,
) -> DatasetError {
    let vote = votes.get(position);
    let path = match (origins, vote) {
        (Some((file_of, paths)), Some(_)) => paths[file_of[position]].clone(),
        _ => path.to_path_buf(),
    };
    DatasetError::BadText {
        path,
        line: vote.map_or(0, |v| v.line),
        what: worst.what,
        text: worst.text_excerpt,
        problem: worst.problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_TEXT_BYTES;

    #[test]
    fn a_bad_member_code_names_its_first_line() {
        let mut b = DatasetBuilder::new("v.csv");
        let m = b.motion(Motion::new("1"));
        let fine = b.member(Member::new("A", "A"));
        let bad = b.member(Member::new("A\0B", "A\0B"));
        b.push(m, fine, Vote::Yes, None, 2).unwrap();
        b.push(m, bad, Vote::No, None, 3).unwrap();
        let err = b.finish().unwrap_err().to_string();
        assert_eq!(
            err,
            "v.csv:3: member code \"A\\0B\" holds the control character U+0000 at byte 1 \
             (expected printable text)"
        );
    }

    #[test]
    fn a_huge_title_is_refused_with_its_length_and_an_excerpt() {
        let mut b = DatasetBuilder::new("v.csv");
        let mut motion = Motion::new("1");
        motion.title = Some("t".repeat(MAX_TEXT_BYTES + 1));
        let m = b.motion(motion);
        let a = b.member(Member::new("A", "A"));
        b.push(m, a, Vote::Yes, None, 7).unwrap();
        let err = b.finish().unwrap_err().to_string();
        assert!(err.starts_with("v.csv:7: motion title \"ttt"), "{err}");
        assert!(
            err.ends_with("…\" (65537 bytes) is longer than the limit of 65536 bytes"),
            "{err}"
        );
        assert!(err.len() < 250, "{err}");
    }

    #[test]
    fn a_bad_source_code_and_an_escape_in_a_name_are_refused() {
        let mut b = DatasetBuilder::new("v.csv");
        let m = b.motion(Motion::new("1"));
        let a = b.member(Member::new("A", "A"));
        b.push(m, a, Vote::Yes, Some("1\n"), 4).unwrap();
        let err = b.finish().unwrap_err().to_string();
        assert!(err.starts_with("v.csv:4: source vote code"), "{err}");
        let mut b = DatasetBuilder::new("v.csv");
        let m = b.motion(Motion::new("1"));
        let a = b.member(Member::new("A", "Al\u{1b}pha"));
        b.push(m, a, Vote::Yes, None, 5).unwrap();
        let err = b.finish().unwrap_err().to_string();
        assert!(err.starts_with("v.csv:5: member name"), "{err}");
    }
}
