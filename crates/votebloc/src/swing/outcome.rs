//! A motion's outcome by the body's own rule, from the votes recorded: the majority it needs
//! (see [`SwingParams::majority_for`]), the counts, and the decision, the US Senate's
//! Vice-President breaking a tie included.

use super::{Majority, SwingParams};
use crate::model::{Motion, VoteRecord};

/// What the counted votes decide under the motion's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Adopted,
    Rejected,
    /// A tie in the US Senate that the Vice-President broke by voting yes (US Constitution,
    /// art. I §3: "the Vice President … shall have no Vote, unless they be equally divided"):
    /// the votes files do not record the Vice-President, the stated result says the motion
    /// carried.
    AdoptedByTieBreak,
    /// A tie in the US Senate whose stated result is unknown: the Vice-President may have
    /// broken it.
    Tied,
}

impl Decision {
    /// The spelling in `motions.csv`: `adopted`, `rejected`, `adopted_tie_break`, `tied`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Adopted => "adopted",
            Decision::Rejected => "rejected",
            Decision::AdoptedByTieBreak => "adopted_tie_break",
            Decision::Tied => "tied",
        }
    }

    /// Whether the motion carried; `None` for [`Decision::Tied`].
    pub fn adopted(self) -> Option<bool> {
        match self {
            Decision::Adopted | Decision::AdoptedByTieBreak => Some(true),
            Decision::Rejected => Some(false),
            Decision::Tied => None,
        }
    }
}

/// The counted outcome of one motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The rule applied.
    pub majority: Majority,
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    /// Members recorded absent.
    pub absent: usize,
    /// `None` when nobody cast a vote.
    pub decision: Option<Decision>,
}

/// The outcome of `motion`, whose votes are `on`, under the rule `params` gives it.
///
/// Members with a record other than not-a-member are the body's members on the motion (the
/// base of a three-fifths rule). In the US Senate (`motion.chamber` is `Senate`) a tie under a
/// simple majority is [`Decision::AdoptedByTieBreak`] when the stated outcome says the motion
/// carried, [`Decision::Rejected`] when it says it failed, [`Decision::Tied`] without one;
/// elsewhere a tie rejects.
///
/// # Complexity
///
/// O(votes on the motion + length of its texts).
///
/// # Examples
///
/// ```
/// use votebloc::{Motion, Vote};
/// use votebloc::model::VoteRecord;
/// use votebloc::swing::{Decision, Majority, SwingParams, decide};
/// let record = |member, vote| VoteRecord { motion: 0, member, vote, source_code: None, line: 0 };
/// let mut motion = Motion::new("S117-52");
/// motion.chamber = Some("Senate".into());
/// motion.outcome = Some("Amendment Agreed to".into());
/// let on = [record(0, Vote::Yes), record(1, Vote::No)];
/// let outcome = decide(&motion, &on, &SwingParams::default());
/// assert_eq!(outcome.majority, Majority::Simple);
/// assert_eq!(outcome.decision, Some(Decision::AdoptedByTieBreak));
/// ```
pub fn decide(motion: &Motion, on: &[VoteRecord], params: &SwingParams) -> Outcome {
    let mut counts = [0usize; 5];
    for record in on {
        counts[record.vote as usize] += 1;
    }
    let [yes, no, abstain, absent, not_member] = counts;
    let members = on.len() - not_member;
    let majority = params.majority_for(motion, members);
    let senate = motion
        .chamber
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("senate"));
    let decision = if yes + no + abstain == 0 {
        None
    } else if senate && majority == Majority::Simple && yes == no && yes > 0 {
        Some(match motion.outcome.as_deref().and_then(stated_adoption) {
            Some(true) => Decision::AdoptedByTieBreak,
            Some(false) => Decision::Rejected,
            None => Decision::Tied,
        })
    } else if majority.adopts(yes, no) {
        Some(Decision::Adopted)
    } else {
        Some(Decision::Rejected)
    };
    Outcome {
        majority,
        yes,
        no,
        abstain,
        absent,
        decision,
    }
}

/// Whether a stated outcome says the motion carried: `Some(false)` for words of failure
/// ("Amendment Rejected", "Not Guilty", "Objection Not Sustained", "Veto Sustained", "Motion to
/// Table Failed", "Bill Defeated"), `Some(true)` for words of success ("adopted", "Agreed to",
/// "Bill Passed", "Nomination Confirmed", "Guilty", "retained", "Veto Overridden"), `None`
/// otherwise.
///
/// # Examples
///
/// ```
/// use votebloc::swing::stated_adoption;
/// assert_eq!(stated_adoption("Cloture Motion Agreed to"), Some(true));
/// assert_eq!(stated_adoption("Objection Not Sustained"), Some(false));
/// assert_eq!(stated_adoption("Veto Sustained"), Some(false));
/// assert_eq!(stated_adoption("Nomination Withdrawn"), None);
/// ```
pub fn stated_adoption(outcome: &str) -> Option<bool> {
    let lower = outcome.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |word: &str| words.contains(&word);
    const FAILED: [&str; 5] = ["not", "rejected", "failed", "defeated", "negatived"];
    const CARRIED: [&str; 8] = [
        "adopted",
        "agreed",
        "passed",
        "confirmed",
        "guilty",
        "retained",
        "overridden",
        "sustained",
    ];
    if FAILED.iter().any(|w| has(w)) || has("veto") && has("sustained") {
        Some(false)
    } else if CARRIED.iter().any(|w| has(w)) {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Vote;

    /// [`decide`] of a motion with these counts and no stated outcome, for tests.
    fn counted(yes: usize, no: usize, majority_text: Option<&str>) -> Outcome {
        let mut motion = Motion::new("m");
        motion.question = majority_text.map(str::to_string);
        motion.chamber = Some("Senate".into());
        let on: Vec<VoteRecord> = std::iter::repeat_n(Vote::Yes, yes)
            .chain(std::iter::repeat_n(Vote::No, no))
            .chain(std::iter::repeat_n(Vote::Absent, 100 - yes - no))
            .enumerate()
            .map(|(member, vote)| VoteRecord {
                motion: 0,
                member: member as u32,
                vote,
                source_code: None,
                line: 0,
            })
            .collect();
        decide(&motion, &on, &SwingParams::default())
    }

    #[test]
    fn cloture_counts_the_absent_senators() {
        // 59 yes of 100 senators, only 2 against: cloture fails.
        let outcome = counted(59, 2, Some("On the Cloture Motion"));
        assert_eq!(outcome.majority, Majority::ThreeFifths { members: 100 });
        assert_eq!(outcome.decision, Some(Decision::Rejected));
        assert_eq!(outcome.absent, 39);
        let outcome = counted(60, 40, Some("On the Cloture Motion"));
        assert_eq!(outcome.decision, Some(Decision::Adopted));
    }

    #[test]
    fn a_senate_tie_without_a_stated_outcome_is_tied() {
        let outcome = counted(50, 50, Some("On the Amendment"));
        assert_eq!(outcome.decision, Some(Decision::Tied));
        assert_eq!(outcome.decision.unwrap().adopted(), None);
        // Elsewhere a tie rejects.
        let mut motion = Motion::new("u");
        motion.outcome = Some("adopted".into());
        let on = [Vote::Yes, Vote::No].map(|vote| VoteRecord {
            motion: 0,
            member: vote as u32,
            vote,
            source_code: None,
            line: 0,
        });
        let outcome = decide(&motion, &on, &SwingParams::default());
        assert_eq!(outcome.decision, Some(Decision::Rejected));
    }

    #[test]
    fn stated_outcomes_of_voteview_and_the_un() {
        for (text, adopted) in [
            ("Motion to Table Agreed to", Some(true)),
            ("Bill Passed", Some(true)),
            ("Guilty", Some(true)),
            ("Not Guilty", Some(false)),
            ("Motion to Table Failed", Some(false)),
            ("Veto Overridden", Some(true)),
            ("retained", Some(true)),
            ("rejected", Some(false)),
            ("", None),
        ] {
            assert_eq!(stated_adoption(text), adopted, "{text}");
        }
    }
}
