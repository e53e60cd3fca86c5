//! A single member's vote on a single motion.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How a member voted on a motion.
///
/// `Absent` (the member was entitled to vote but did not) and `NotMember` (the member did not
/// belong to the body at the time) are kept apart because only the second is excluded from
/// every denominator: an absence can be informative, non-membership never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Yes,
    No,
    Abstain,
    Absent,
    NotMember,
}

impl Vote {
    /// Every variant, in the order used for columns and bit planes.
    pub const ALL: [Vote; 5] = [
        Vote::Yes,
        Vote::No,
        Vote::Abstain,
        Vote::Absent,
        Vote::NotMember,
    ];

    /// The canonical lower-case spelling written to every CSV (`yes`, `no`, `abstain`,
    /// `absent`, `not_member`).
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Yes => "yes",
            Vote::No => "no",
            Vote::Abstain => "abstain",
            Vote::Absent => "absent",
            Vote::NotMember => "not_member",
        }
    }

    /// Every spelling [`Vote::parse`] takes (case aside), with its vote: the canonical
    /// spellings and the common aliases.
    pub const SPELLINGS: [(&'static str, Vote); 27] = [
        ("yes", Vote::Yes),
        ("y", Vote::Yes),
        ("yea", Vote::Yes),
        ("aye", Vote::Yes),
        ("for", Vote::Yes),
        ("in favour", Vote::Yes),
        ("in favor", Vote::Yes),
        ("no", Vote::No),
        ("n", Vote::No),
        ("nay", Vote::No),
        ("against", Vote::No),
        ("abstain", Vote::Abstain),
        ("a", Vote::Abstain),
        ("abstention", Vote::Abstain),
        ("abstaining", Vote::Abstain),
        ("present", Vote::Abstain),
        ("absent", Vote::Absent),
        ("non-voting", Vote::Absent),
        ("non voting", Vote::Absent),
        ("not voting", Vote::Absent),
        ("nv", Vote::Absent),
        ("x", Vote::Absent),
        ("not_member", Vote::NotMember),
        ("not member", Vote::NotMember),
        ("not-member", Vote::NotMember),
        ("nonmember", Vote::NotMember),
        ("non-member", Vote::NotMember),
    ];

    /// Parses the canonical spelling and the common aliases ([`Vote::SPELLINGS`]: `y`, `n`,
    /// `a`, `yea`, `nay`, `present`, `abstention`, `non-voting`, `not member`, …), ignoring case
    /// and surrounding space.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::Vote;
    /// assert_eq!(Vote::parse(" Yea "), Some(Vote::Yes));
    /// assert_eq!(Vote::parse("not_member"), Some(Vote::NotMember));
    /// assert_eq!(Vote::parse("maybe"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Vote> {
        // Called once per input row: compare without allocating a lower-case copy, and the
        // spellings of the large data sets first, exactly as they write them.
        match text {
            "yes" => return Some(Vote::Yes),
            "no" => return Some(Vote::No),
            "abstain" => return Some(Vote::Abstain),
            _ => {}
        }
        let text = text.trim();
        Vote::SPELLINGS
            .iter()
            .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
            .map(|&(_, vote)| vote)
    }

    /// True for yes, no and abstain: the votes that count in similarity and cohesion.
    pub fn is_cast(self) -> bool {
        matches!(self, Vote::Yes | Vote::No | Vote::Abstain)
    }

    /// Position on the agreement scale (yes = 1, abstain = 0.5, no = 0), `None` when not cast.
    pub fn scale(self) -> Option<f64> {
        match self {
            Vote::Yes => Some(1.0),
            Vote::Abstain => Some(0.5),
            Vote::No => Some(0.0),
            _ => None,
        }
    }
}

impl fmt::Display for Vote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_spellings_round_trip() {
        for vote in Vote::ALL {
            assert_eq!(Vote::parse(vote.as_str()), Some(vote));
        }
    }

    #[test]
    fn only_yes_no_abstain_are_cast() {
        let cast: Vec<Vote> = Vote::ALL.into_iter().filter(|v| v.is_cast()).collect();
        assert_eq!(cast, vec![Vote::Yes, Vote::No, Vote::Abstain]);
    }
}
