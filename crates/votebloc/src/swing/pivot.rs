//! Pivots: motions decided by a narrow margin, and the members whose switch alone would have
//! reversed the outcome.

use super::{Decision, Majority, SwingParams, decide};
use crate::model::{Dataset, Vote, VoteRecord};

/// A member whose switch alone reverses a motion's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pivotal {
    /// Index of the member in [`Dataset::members`].
    pub member: usize,
    /// Its recorded vote.
    pub from: Vote,
    /// The vote that would reverse the outcome.
    pub to: Vote,
}

/// The margin of one motion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pivot {
    /// Index of the motion in [`Dataset::motions`].
    pub motion: usize,
    /// The rule applied.
    pub majority: Majority,
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    /// The outcome the recorded votes give under `majority` (a tie in the US Senate broken by
    /// the Vice-President as the stated outcome says, see [`decide`]).
    pub adopted: bool,
    /// The motion was a tie that the Vice-President decided ([`Decision::AdoptedByTieBreak`]).
    pub tie_break: bool,
    /// The fewest members whose switch reverses the outcome; `None` when no allowed switch can.
    pub switches_needed: Option<usize>,
    /// The members whose switch alone reverses the outcome (non-empty only when
    /// `switches_needed == Some(1)`), in member order.
    pub pivotal: Vec<Pivotal>,
}

/// The fewest switches that reverse the outcome of a motion with these counts.
///
/// Allowed switches (a member present can change its mind, an absent one is not counted on):
/// yes → no and abstain → no against an adopted motion; no → yes and abstain → yes for a
/// rejected one. A yes → no switch moves the margin twice as far as an abstain → no one
/// (three times against two under two thirds), so using all of them first is optimal: the
/// search tries k = 1, 2, … switches with as many of the stronger kind as there are.
///
/// The concept is Banzhaf's swing voter: a member whose change of vote changes the outcome (Banzhaf
/// 1965, "Weighted voting doesn't work", *Rutgers Law Review* 19:317–343).
///
/// # Complexity
///
/// O(yes + no + abstain).
///
/// # Examples
///
/// ```
/// use votebloc::swing::{Majority, switches_needed};
/// assert_eq!(switches_needed(51, 49, 0, Majority::Simple), Some(1));
/// assert_eq!(switches_needed(60, 40, 0, Majority::Simple), Some(10));
/// assert_eq!(switches_needed(50, 50, 0, Majority::Simple), Some(1));
/// assert_eq!(switches_needed(0, 0, 0, Majority::Simple), None);
/// ```
pub fn switches_needed(yes: usize, no: usize, abstain: usize, majority: Majority) -> Option<usize> {
    let adopted = majority.adopts(yes, no);
    let (strong, weak) = if adopted {
        (yes, abstain)
    } else {
        (no, abstain)
    };
    for k in 1..=strong + weak {
        let a = k.min(strong);
        let b = k - a;
        let reversed = if adopted {
            !majority.adopts(yes - a, no + a + b)
        } else {
            majority.adopts(yes + a + b, no - a)
        };
        if reversed {
            return Some(k);
        }
    }
    None
}

/// The margin of motion `motion` under `majority`: counts of the cast votes, the outcome they
/// give, the fewest switches that reverse it and the members whose switch alone would.
///
/// # Complexity
///
/// O(votes on the motion + log V).
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::swing::{Majority, pivot};
/// let mut b = DatasetBuilder::new("example");
/// let m = b.motion(Motion::new("1"));
/// for (code, vote) in [("A", Vote::Yes), ("B", Vote::Yes), ("C", Vote::No)] {
///     let member = b.member(Member::new(code, code));
///     b.push(m, member, vote, None, 0).unwrap();
/// }
/// let p = pivot(&b.finish().unwrap(), 0, Majority::Simple);
/// assert!(p.adopted);
/// assert_eq!(p.switches_needed, Some(1));
/// assert_eq!(p.pivotal.len(), 2); // A or B switching to no makes it 1–2
/// ```
pub fn pivot(data: &Dataset, motion: usize, majority: Majority) -> Pivot {
    pivot_on(motion, data.votes_on(motion), majority, false)
}

/// [`pivot`] of `motion`, whose votes are `on`; `tie_break`: a tie the Vice-President decided
/// by voting yes, which any yes voter switching to no reverses.
fn pivot_on(motion: usize, on: &[VoteRecord], majority: Majority, tie_break: bool) -> Pivot {
    let count = |v: Vote| on.iter().filter(|r| r.vote == v).count();
    let (yes, no, abstain) = (count(Vote::Yes), count(Vote::No), count(Vote::Abstain));
    if tie_break {
        let pivotal = on
            .iter()
            .filter(|r| r.vote == Vote::Yes)
            .map(|r| Pivotal {
                member: r.member as usize,
                from: Vote::Yes,
                to: Vote::No,
            })
            .collect();
        return Pivot {
            motion,
            majority,
            yes,
            no,
            abstain,
            adopted: true,
            tie_break,
            switches_needed: Some(1),
            pivotal,
        };
    }
    let adopted = majority.adopts(yes, no);
    let switches = switches_needed(yes, no, abstain, majority);
    let mut pivotal = Vec::new();
    if switches == Some(1) {
        // The single switch each recorded vote allows, and whether it alone reverses.
        let moves: [(Vote, Vote, bool); 2] = if adopted {
            [
                (Vote::Yes, Vote::No, !majority.adopts(yes - 1, no + 1)),
                (Vote::Abstain, Vote::No, !majority.adopts(yes, no + 1)),
            ]
        } else {
            [
                (
                    Vote::No,
                    Vote::Yes,
                    no > 0 && majority.adopts(yes + 1, no - 1),
                ),
                (Vote::Abstain, Vote::Yes, majority.adopts(yes + 1, no)),
            ]
        };
        for record in on {
            if let Some(&(from, to, _)) = moves
                .iter()
                .find(|(from, _, reverses)| *reverses && *from == record.vote)
            {
                pivotal.push(Pivotal {
                    member: record.member as usize,
                    from,
                    to,
                });
            }
        }
    }
    Pivot {
        motion,
        majority,
        yes,
        no,
        abstain,
        adopted,
        tie_break,
        switches_needed: switches,
        pivotal,
    }
}

/// The narrow motions: those at least one member cast a vote on whose outcome
/// `params.pivot_max_switches` switches or fewer would reverse, each under the rule
/// [`decide`] gives it (a Senate tie the Vice-President broke counts as adopted).
///
/// Order: dataset motion order.
///
/// # Complexity
///
/// O(V + M·(n + texts)).
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::swing::{SwingParams, pivots};
/// let mut b = DatasetBuilder::new("example");
/// let m = b.motion(Motion::new("1"));
/// let a = b.member(Member::new("A", "A"));
/// b.push(m, a, Vote::Yes, None, 0).unwrap();
/// assert_eq!(pivots(&b.finish().unwrap(), &SwingParams::default()).len(), 1);
/// ```
pub fn pivots(data: &Dataset, params: &SwingParams) -> Vec<Pivot> {
    // Motions without votes have no cast vote: the filter below would drop them.
    data.votes_by_motion()
        .map(|(m, on)| {
            let outcome = decide(&data.motions[m], on, params);
            let tie_break = outcome.decision == Some(Decision::AdoptedByTieBreak);
            pivot_on(m, on, outcome.majority, tie_break)
        })
        .filter(|p| {
            p.yes + p.no + p.abstain > 0
                && p.switches_needed
                    .is_some_and(|k| k <= params.pivot_max_switches)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatasetBuilder, Member, Motion};

    /// One motion with `yes`, `no`, `abstain` and `absent` members, coded M000, M001, … in that
    /// order of votes.
    fn motion(yes: usize, no: usize, abstain: usize, absent: usize, title: &str) -> Dataset {
        let mut b = DatasetBuilder::new("test");
        let m = b.motion(Motion {
            title: Some(title.to_string()),
            ..Motion::new("r1")
        });
        let votes = std::iter::repeat_n(Vote::Yes, yes)
            .chain(std::iter::repeat_n(Vote::No, no))
            .chain(std::iter::repeat_n(Vote::Abstain, abstain))
            .chain(std::iter::repeat_n(Vote::Absent, absent));
        for (i, vote) in votes.enumerate() {
            let member = b.member(Member::new(format!("M{i:03}"), "member"));
            b.push(m, member, vote, None, 0).unwrap();
        }
        b.finish().unwrap()
    }

    #[test]
    fn fifty_one_to_forty_nine_turns_on_any_yes_voter() {
        let data = motion(51, 49, 7, 3, "draft resolution");
        let p = pivot(&data, 0, Majority::Simple);
        assert_eq!((p.yes, p.no, p.abstain, p.adopted), (51, 49, 7, true));
        assert_eq!(p.switches_needed, Some(1));
        assert_eq!(p.pivotal.len(), 51);
        // Members M000..M050 voted yes; abstainers switching to no only make it 51–50.
        assert!(
            p.pivotal
                .iter()
                .all(|x| x.member <= 50 && x.from == Vote::Yes && x.to == Vote::No)
        );
        let narrow = pivots(&data, &SwingParams::default());
        assert_eq!(narrow.len(), 1);
    }

    #[test]
    fn tie_is_rejected_and_any_no_or_abstainer_turns_it() {
        let data = motion(50, 50, 2, 0, "");
        let p = pivot(&data, 0, Majority::Simple);
        assert!(!p.adopted);
        assert_eq!(p.switches_needed, Some(1));
        assert_eq!(p.pivotal.len(), 52);
        assert_eq!(
            p.pivotal.iter().filter(|x| x.from == Vote::Abstain).count(),
            2
        );
        assert!(p.pivotal.iter().all(|x| x.to == Vote::Yes));
    }

    #[test]
    fn margin_counts_the_fewest_switches() {
        // 60–40: ten yes → no switches make it 50–50.
        assert_eq!(switches_needed(60, 40, 5, Majority::Simple), Some(10));
        // 45–50 with 10 abstentions: three no → yes make it 48–47.
        assert_eq!(switches_needed(45, 50, 10, Majority::Simple), Some(3));
        // 0–0 with abstainers: one abstain → yes adopts.
        assert_eq!(switches_needed(0, 0, 4, Majority::Simple), Some(1));
        let data = motion(60, 40, 0, 0, "");
        assert!(pivots(&data, &SwingParams::default()).is_empty());
        assert_eq!(
            pivots(&data, &SwingParams::default().pivot_max_switches(10)).len(),
            1
        );
    }

    #[test]
    fn two_thirds_is_read_from_the_title() {
        // 100–50 is exactly two thirds: adopted; one yes → no (99–51) rejects it.
        let data = motion(100, 50, 0, 0, "Important question: two-thirds majority");
        let narrow = pivots(&data, &SwingParams::default());
        assert_eq!(narrow.len(), 1);
        assert_eq!(narrow[0].majority, Majority::TwoThirds);
        assert!(narrow[0].adopted);
        assert_eq!(narrow[0].pivotal.len(), 100);
        // 99–50 under two thirds: rejected; one no → yes (100–49) adopts.
        assert_eq!(switches_needed(99, 50, 0, Majority::TwoThirds), Some(1));
        // 90–60: needs yes ≥ 2·no; each no → yes gains 3 on yes − 2·no = −30: ten switches.
        assert_eq!(switches_needed(90, 60, 0, Majority::TwoThirds), Some(10));
        assert_eq!(switches_needed(0, 5, 0, Majority::TwoThirds), Some(4));
    }

    #[test]
    fn motions_without_cast_votes_are_not_pivots() {
        let data = motion(0, 0, 0, 5, "");
        assert!(pivots(&data, &SwingParams::default()).is_empty());
        assert_eq!(pivot(&data, 0, Majority::Simple).switches_needed, None);
    }
}
