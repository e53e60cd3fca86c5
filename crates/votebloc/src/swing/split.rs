//! Split votes: members whose votes on the separately voted parts of a text differ from their
//! vote on the text as a whole.
//!
//! In the UN General Assembly any delegation may ask for parts of a proposal (paragraphs,
//! amendments) to be voted on separately before the proposal as a whole (Rules of Procedure of
//! the General Assembly, rules 89 and 129, "division of proposals"). A member that abstains on
//! a paragraph and then votes for the whole text, or the reverse, shows a position the vote on
//! the whole hides.

use crate::model::{Dataset, Part, Vote};

/// One member's vote on one separately voted part, kept in a [`SplitVote`] because it differs
/// from the member's vote on the whole or because the member was absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartVote {
    /// Index of the part's motion in [`Dataset::motions`].
    pub motion: usize,
    pub part: Part,
    pub vote: Vote,
}

/// A member whose cast vote on at least one part differs from its cast vote on the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitVote {
    /// Index of the motion on the whole text in [`Dataset::motions`].
    pub whole: usize,
    /// Index of the member in [`Dataset::members`].
    pub member: usize,
    /// The member's vote on the whole: always yes, no or abstain.
    pub whole_vote: Vote,
    /// The parts on which the member cast a different vote, and those on which it was absent,
    /// in canonical part order (preambular paragraphs by number, then operative paragraphs by
    /// number, then amendments by document; ties by motion order).
    pub parts: Vec<PartVote>,
}

impl SplitVote {
    /// The parts on which the member cast a vote different from its vote on the whole.
    pub fn differing(&self) -> impl Iterator<Item = &PartVote> {
        self.parts.iter().filter(|p| p.vote.is_cast())
    }

    /// Number of parts on which the member cast a different vote (at least 1).
    pub fn differing_count(&self) -> usize {
        self.differing().count()
    }

    /// The parts on which the member was absent (reported, but not by themselves a split).
    pub fn absent(&self) -> impl Iterator<Item = &PartVote> {
        self.parts.iter().filter(|p| p.vote == Vote::Absent)
    }

    /// Human pattern: the differing parts grouped by vote (yes, then no, then abstain), then
    /// the vote on the whole, then absences in parentheses, e.g. `abstained on PP15, PP17; yes
    /// on whole` or `abstained on PP17; yes on whole (absent on PP16, OP2)`.
    pub fn pattern(&self) -> String {
        let mut groups: Vec<String> = Vec::new();
        for vote in [Vote::Yes, Vote::No, Vote::Abstain] {
            let labels: Vec<String> = self
                .differing()
                .filter(|p| p.vote == vote)
                .map(|p| p.part.short_label())
                .collect();
            if !labels.is_empty() {
                groups.push(format!("{} on {}", vote_phrase(vote), labels.join(", ")));
            }
        }
        groups.push(format!("{} on whole", vote_phrase(self.whole_vote)));
        let mut text = groups.join("; ");
        let absent: Vec<String> = self.absent().map(|p| p.part.short_label()).collect();
        if !absent.is_empty() {
            text.push_str(&format!(" (absent on {})", absent.join(", ")));
        }
        text
    }

    /// Machine form for `swing.csv`: `part=vote` for every kept part in canonical order,
    /// separated by `;`, e.g. `preambular:16=absent;preambular:17=abstain;operative:2=absent`.
    pub fn part_votes(&self) -> String {
        self.parts
            .iter()
            .map(|p| format!("{}={}", p.part, p.vote))
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// The words used in patterns: `yes`, `no`, `abstained`, `absent`.
fn vote_phrase(vote: Vote) -> &'static str {
    match vote {
        Vote::Yes => "yes",
        Vote::No => "no",
        Vote::Abstain => "abstained",
        Vote::Absent => "absent",
        Vote::NotMember => "not a member",
    }
}

/// Result of [`split_votes`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitVotes {
    /// Split members, ordered by whole motion (dataset order) then member (code order).
    pub splits: Vec<SplitVote>,
    /// Motions whose `whole` names a motion that is not in the dataset (or the motion itself):
    /// they cannot be compared and are listed here rather than dropped silently. Motion order.
    pub unlinked_parts: Vec<usize>,
}

/// Finds split votes: for every motion on a whole text that has separately voted parts (the
/// motions whose [`Motion::whole`](crate::Motion::whole) is its id), the members whose cast
/// votes (yes/no/abstain) on a part differ from their cast vote on the whole.
///
/// Rules:
/// - absence on a part is kept in the [`SplitVote`] (shown beside the pattern) but is not by
///   itself a split: a member absent on some parts and voting the same way on the others is not
///   reported;
/// - a member absent on the whole (or not a member then, or with no record) has nothing to
///   compare its parts with: it is never a split, whatever it did on the parts;
/// - `NotMember` and missing records on a part are ignored.
///
/// Order: by whole motion (dataset order), then member (code order).
///
/// # Complexity
///
/// O(V + M log M + P·n) for V votes, M motions, P part motions and n members.
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Part, Vote};
/// use votebloc::swing::split_votes;
/// let mut b = DatasetBuilder::new("example");
/// let whole = b.motion(Motion { part: Part::Whole, ..Motion::new("L1") });
/// let pp = b.motion(Motion {
///     part: Part::Preambular(15),
///     whole: Some("L1".into()),
///     ..Motion::new("L1:pp15")
/// });
/// let jam = b.member(Member::new("JAM", "Jamaica"));
/// b.push(whole, jam, Vote::Yes, None, 0).unwrap();
/// b.push(pp, jam, Vote::Abstain, None, 0).unwrap();
/// let found = split_votes(&b.finish().unwrap());
/// assert_eq!(found.splits[0].pattern(), "abstained on PP15; yes on whole");
/// assert_eq!(found.splits[0].part_votes(), "preambular:15=abstain");
/// ```
pub fn split_votes(data: &Dataset) -> SplitVotes {
    let motions = &data.motions;
    let mut parts_of: Vec<Vec<usize>> = vec![Vec::new(); motions.len()];
    let mut unlinked_parts = Vec::new();
    for (index, motion) in motions.iter().enumerate() {
        let Some(whole_id) = motion.whole.as_deref() else {
            continue;
        };
        match data.motion_index(whole_id) {
            Some(whole) if whole != index => parts_of[whole].push(index),
            _ => unlinked_parts.push(index),
        }
    }

    let members = data.members.len();
    let mut splits = Vec::new();
    let mut part_votes: Vec<Vec<Option<Vote>>> = Vec::new();
    for (whole, parts) in parts_of.iter_mut().enumerate() {
        if parts.is_empty() {
            continue;
        }
        parts.sort_by(|&a, &b| motions[a].part.cmp(&motions[b].part).then(a.cmp(&b)));
        // A dense row per part makes each member's lookup O(1) instead of a binary search.
        part_votes.clear();
        for &part in parts.iter() {
            let mut row = vec![None; members];
            for record in data.votes_on(part) {
                row[record.member as usize] = Some(record.vote);
            }
            part_votes.push(row);
        }
        for record in data.votes_on(whole) {
            let whole_vote = record.vote;
            if !whole_vote.is_cast() {
                continue;
            }
            let member = record.member as usize;
            let mut kept = Vec::new();
            let mut differs = false;
            for (slot, &part) in parts.iter().enumerate() {
                let Some(vote) = part_votes[slot][member] else {
                    continue;
                };
                let keep = if vote.is_cast() {
                    vote != whole_vote
                } else {
                    vote == Vote::Absent
                };
                if keep {
                    differs |= vote.is_cast();
                    kept.push(PartVote {
                        motion: part,
                        part: motions[part].part.clone(),
                        vote,
                    });
                }
            }
            if differs {
                splits.push(SplitVote {
                    whole,
                    member,
                    whole_vote,
                    parts: kept,
                });
            }
        }
    }
    SplitVotes {
        splits,
        unlinked_parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatasetBuilder, Member, Motion};

    /// A whole text L with PP15, PP17 and OP2 voted separately, plus an orphan part.
    fn dataset(rows: &[(&str, [Vote; 4])]) -> Dataset {
        let mut b = DatasetBuilder::new("test");
        let whole = b.motion(Motion {
            part: Part::Whole,
            ..Motion::new("L")
        });
        // Registered out of canonical order on purpose: OP2 before the preambular paragraphs.
        let op2 = b.motion(Motion {
            part: Part::Operative(2),
            whole: Some("L".into()),
            ..Motion::new("L:op2")
        });
        let pp17 = b.motion(Motion {
            part: Part::Preambular(17),
            whole: Some("L".into()),
            ..Motion::new("L:pp17")
        });
        let pp15 = b.motion(Motion {
            part: Part::Preambular(15),
            whole: Some("L".into()),
            ..Motion::new("L:pp15")
        });
        b.motion(Motion {
            part: Part::Operative(1),
            whole: Some("missing".into()),
            ..Motion::new("X:op1")
        });
        for (code, [w, p15, p17, o2]) in rows {
            let m = b.member(Member::new(*code, *code));
            for (motion, vote) in [(whole, w), (pp15, p15), (pp17, p17), (op2, o2)] {
                b.push(motion, m, *vote, None, 0).unwrap();
            }
        }
        b.finish().unwrap()
    }

    use Vote::{Absent as X, Abstain as A, No as N, NotMember as Z, Yes as Y};

    #[test]
    fn finds_splits_and_keeps_absences_beside_them() {
        let data = dataset(&[
            ("JAM", [Y, A, A, Y]),
            ("IND", [A, A, A, N]),
            ("RWA", [Y, Y, A, X]),
            ("VNM", [Y, Y, Y, X]),
            ("USA", [N, N, N, N]),
            ("GAB", [X, X, A, N]),
            ("SRB", [A, Z, A, A]),
        ]);
        let found = split_votes(&data);
        let codes: Vec<&str> = found
            .splits
            .iter()
            .map(|s| data.members[s.member].code.as_str())
            .collect();
        assert_eq!(codes, vec!["IND", "JAM", "RWA"]);
        let by_code = |code| {
            found
                .splits
                .iter()
                .find(|s| data.members[s.member].code == code)
                .unwrap()
        };
        let jam = by_code("JAM");
        assert_eq!(jam.pattern(), "abstained on PP15, PP17; yes on whole");
        assert_eq!(
            jam.part_votes(),
            "preambular:15=abstain;preambular:17=abstain"
        );
        assert_eq!(jam.differing_count(), 2);
        let ind = by_code("IND");
        assert_eq!(ind.pattern(), "no on OP2; abstained on whole");
        assert_eq!(ind.part_votes(), "operative:2=no");
        let rwa = by_code("RWA");
        assert_eq!(
            rwa.pattern(),
            "abstained on PP17; yes on whole (absent on OP2)"
        );
        assert_eq!(rwa.part_votes(), "preambular:17=abstain;operative:2=absent");
        assert_eq!(rwa.differing_count(), 1);
        assert_eq!(rwa.whole_vote, Vote::Yes);
        assert_eq!(
            found.unlinked_parts,
            vec![data.motion_index("X:op1").unwrap()]
        );
    }

    #[test]
    fn mixed_part_votes_are_grouped_yes_no_abstain() {
        let data = dataset(&[("BRA", [A, Y, N, Y])]);
        let found = split_votes(&data);
        assert_eq!(found.splits.len(), 1);
        assert_eq!(
            found.splits[0].pattern(),
            "yes on PP15, OP2; no on PP17; abstained on whole"
        );
        assert_eq!(
            found.splits[0].part_votes(),
            "preambular:15=yes;preambular:17=no;operative:2=yes"
        );
    }

    #[test]
    fn a_dataset_without_parts_has_no_splits() {
        let mut b = DatasetBuilder::new("t");
        let m = b.motion(Motion::new("1"));
        let a = b.member(Member::new("A", "A"));
        b.push(m, a, Vote::Yes, None, 0).unwrap();
        let found = split_votes(&b.finish().unwrap());
        assert!(found.splits.is_empty() && found.unlinked_parts.is_empty());
    }
}
