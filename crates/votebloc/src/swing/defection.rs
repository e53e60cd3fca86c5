//! Defection: how often a member votes against the majority of its own bloc.

use super::SwingError;
use super::error::check_blocs;
use crate::model::{Dataset, Vote};

/// One member's record against its bloc.
#[derive(Debug, Clone, PartialEq)]
pub struct Defection {
    /// Index of the member in [`Dataset::members`].
    pub member: usize,
    /// The member's bloc (0 = no bloc: nothing is counted).
    pub bloc: u32,
    /// Motions counted: the member cast a vote and its bloc had a single majority vote.
    pub counted: usize,
    /// Motions (indices, dataset order) on which the member's cast vote differed from its bloc's
    /// majority vote.
    pub motions: Vec<usize>,
}

/// One [`Defection`] per member, in its group (`groups[member]`), nothing counted yet.
fn uncounted(groups: &[u32]) -> Vec<Defection> {
    groups
        .iter()
        .enumerate()
        .map(|(member, &bloc)| Defection {
            member,
            bloc,
            counted: 0,
            motions: Vec::new(),
        })
        .collect()
}

impl Defection {
    /// Share of counted motions on which the member defected; `None` when none was counted.
    pub fn share(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.motions.len() as f64 / self.counted as f64)
    }
}

/// The majority vote of a bloc on a motion: the most common cast vote (yes, no or abstain)
/// among the bloc's members; `None` when nobody cast a vote or the two most common votes tie.
///
/// # Examples
///
/// ```
/// use votebloc::Vote;
/// use votebloc::swing::bloc_majority;
/// assert_eq!(bloc_majority([3, 1, 3]), None);
/// assert_eq!(bloc_majority([1, 0, 2]), Some(Vote::Abstain));
/// assert_eq!(bloc_majority([0, 0, 0]), None);
/// ```
pub fn bloc_majority(counts: [usize; 3]) -> Option<Vote> {
    let votes = [Vote::Yes, Vote::No, Vote::Abstain];
    let top = counts.iter().copied().max().unwrap_or(0);
    if top == 0 || counts.iter().filter(|&&c| c == top).count() > 1 {
        return None;
    }
    counts.iter().position(|&c| c == top).map(|i| votes[i])
}

fn cast_slot(vote: Vote) -> Option<usize> {
    match vote {
        Vote::Yes => Some(0),
        Vote::No => Some(1),
        Vote::Abstain => Some(2),
        _ => None,
    }
}

/// Defection of every member from its own bloc's majority: a vote against the majority of
/// one's group, the loyalty measure of Hix, Noury & Roland (2007), *Democratic Politics in the
/// European Parliament*, Cambridge University Press.
///
/// Definitions:
/// - the bloc majority on a motion is [`bloc_majority`] of the cast votes of the bloc's members,
///   the member itself included (it is a member of the bloc);
/// - a motion on which the bloc's majority ties, or on which nobody in the bloc cast a vote,
///   is not counted for that bloc's members;
/// - a motion on which the member itself did not cast a vote (absent, not a member, no record)
///   is not counted for it;
/// - a cast vote different from the majority is a defection, abstaining against a yes or no
///   majority included;
/// - members with bloc 0 (unassigned) count nothing.
///
/// Every motion of the dataset counts, paragraph and amendment votes included; filter the
/// dataset first to restrict it. `blocs` holds one bloc number per member in member order.
///
/// Order: one entry per member, member order; each entry's motions in dataset order.
///
/// # Complexity
///
/// O(V + M·k) for V votes, M motions and k blocs.
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::swing::defections;
/// let mut b = DatasetBuilder::new("example");
/// let m = b.motion(Motion::new("1"));
/// for (code, vote) in [("A", Vote::Yes), ("B", Vote::Yes), ("C", Vote::No)] {
///     let member = b.member(Member::new(code, code));
///     b.push(m, member, vote, None, 0).unwrap();
/// }
/// let data = b.finish().unwrap();
/// let result = defections(&data, &[1, 1, 1]).unwrap();
/// assert_eq!(result[2].share(), Some(1.0));
/// assert_eq!(result[0].share(), Some(0.0));
/// ```
pub fn defections(data: &Dataset, blocs: &[u32]) -> Result<Vec<Defection>, SwingError> {
    let bloc_count = check_blocs(data, blocs)?;
    let mut result = uncounted(blocs);
    let mut counts = vec![[0usize; 3]; bloc_count + 1];
    for (motion, on) in data.votes_by_motion() {
        counts.iter_mut().for_each(|c| *c = [0; 3]);
        for record in on {
            let bloc = blocs[record.member as usize] as usize;
            if let (true, Some(slot)) = (bloc > 0, cast_slot(record.vote)) {
                counts[bloc][slot] += 1;
            }
        }
        let majorities: Vec<Option<Vote>> = counts.iter().map(|&c| bloc_majority(c)).collect();
        for record in on {
            let member = record.member as usize;
            let bloc = blocs[member] as usize;
            if bloc == 0 || !record.vote.is_cast() {
                continue;
            }
            if let Some(majority) = majorities[bloc] {
                result[member].counted += 1;
                if record.vote != majority {
                    result[member].motions.push(motion);
                }
            }
        }
    }
    Ok(result)
}

/// The two caucuses of a legislature, for party-unity votes: the two largest parties (ties by
/// name), every member of another party (independents) placed with the caucus whose
/// majority it joins more often on party-unity votes.
#[derive(Debug, Clone, PartialEq)]
pub struct Caucuses {
    /// The two parties' names (`group` of the members), largest first.
    pub names: [String; 2],
    /// Caucus of each member, member order: 1 or 2 (0: no cast vote on a party-unity vote).
    pub of_member: Vec<u32>,
    /// Motions (dataset order) on which a majority of one caucus voted against a majority of
    /// the other.
    pub unity_votes: Vec<usize>,
}

/// Whether the dataset is a legislature's roll calls with parties: every motion has a chamber
/// (Voteview) and at least two parties have two members or more.
fn is_legislature(data: &Dataset) -> bool {
    !data.motions.is_empty() && data.motions.iter().all(|m| m.chamber.is_some())
}

/// The caucuses of a legislature (see [`Caucuses`]); `None` for other data (UN bodies) or
/// when fewer than two parties have two members.
///
/// Party-unity votes are those "in which a majority of voting Democrats oppose a majority of
/// voting Republicans" (Congressional Quarterly's party unity scores; see also Poole &
/// Rosenthal 1997, *Congress: A Political-Economic History of Roll Call Voting*). Only yes and
/// no count for the majorities.
///
/// Cost: O(V + n log n).
pub fn caucuses(data: &Dataset) -> Option<Caucuses> {
    if !is_legislature(data) {
        return None;
    }
    let mut sizes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for m in &data.members {
        if let Some(g) = m.group.as_deref() {
            *sizes.entry(g).or_default() += 1;
        }
    }
    let mut parties: Vec<(&str, usize)> = sizes.into_iter().filter(|p| p.1 >= 2).collect();
    parties.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if parties.len() < 2 {
        return None;
    }
    let names = [parties[0].0.to_string(), parties[1].0.to_string()];
    let party_of: Vec<u32> = data
        .members
        .iter()
        .map(|m| match m.group.as_deref() {
            Some(g) if g == names[0] => 1,
            Some(g) if g == names[1] => 2,
            _ => 0,
        })
        .collect();
    let mut unity_votes = Vec::new();
    let mut majorities = Vec::new();
    for (motion, on) in data.votes_by_motion() {
        let mut count = [[0usize; 2]; 3];
        for r in on {
            let side = match r.vote {
                Vote::Yes => 0,
                Vote::No => 1,
                _ => continue,
            };
            count[party_of[r.member as usize] as usize][side] += 1;
        }
        let majority = |c: [usize; 2]| match c[0].cmp(&c[1]) {
            std::cmp::Ordering::Greater => Some(Vote::Yes),
            std::cmp::Ordering::Less => Some(Vote::No),
            std::cmp::Ordering::Equal => None,
        };
        if let (Some(a), Some(b)) = (majority(count[1]), majority(count[2]))
            && a != b
        {
            unity_votes.push(motion);
            majorities.push(a);
        }
    }
    // Members of other parties: with the caucus they side with more often (ties: the first).
    let mut with_first = vec![(0usize, 0usize); data.members.len()];
    for (&motion, &first) in unity_votes.iter().zip(&majorities) {
        for r in data.votes_on(motion) {
            let member = r.member as usize;
            if party_of[member] == 0 && matches!(r.vote, Vote::Yes | Vote::No) {
                if r.vote == first {
                    with_first[member].0 += 1;
                } else {
                    with_first[member].1 += 1;
                }
            }
        }
    }
    let of_member = party_of
        .iter()
        .zip(&with_first)
        .map(|(&p, &(a, b))| match p {
            0 if a + b == 0 => 0,
            0 if a >= b => 1,
            0 => 2,
            p => p,
        })
        .collect();
    Some(Caucuses {
        names,
        of_member,
        unity_votes,
    })
}

/// Defection on party-unity votes: for each member, the party-unity votes (see [`caucuses`])
/// on which it voted yes or no, and those on which it voted against its caucus's majority.
/// `Defection::bloc` holds the caucus (1 or 2, 0 for none). The caucus majority counts the
/// member itself, as Congressional Quarterly's scores do.
///
/// Order: member order; motions in dataset order.
///
/// # Complexity
/// O(V) for V votes.
pub fn party_unity_defections(data: &Dataset, caucuses: &Caucuses) -> Vec<Defection> {
    let mut result = uncounted(&caucuses.of_member);
    for &motion in &caucuses.unity_votes {
        let on = data.votes_on(motion);
        let mut count = [[0usize; 2]; 3];
        for r in on {
            let side = match r.vote {
                Vote::Yes => 0,
                Vote::No => 1,
                _ => continue,
            };
            count[caucuses.of_member[r.member as usize] as usize][side] += 1;
        }
        for r in on {
            let member = r.member as usize;
            let caucus = caucuses.of_member[member] as usize;
            let side = match r.vote {
                Vote::Yes => 0,
                Vote::No => 1,
                _ => continue,
            };
            let c = count[caucus];
            if caucus == 0 || c[0] == c[1] {
                continue;
            }
            result[member].counted += 1;
            if c[side] < c[1 - side] {
                result[member].motions.push(motion);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlocAssignmentError, DatasetBuilder, Member, Motion};
    use Vote::{Absent as X, Abstain as A, No as N, Yes as Y};

    fn dataset(members: &[&str], motions: &[&[Vote]]) -> Dataset {
        let mut b = DatasetBuilder::new("test");
        let ids: Vec<u32> = members
            .iter()
            .map(|c| b.member(Member::new(*c, *c)))
            .collect();
        for (i, votes) in motions.iter().enumerate() {
            let m = b.motion(Motion::new(format!("m{}", i + 1)));
            for (member, vote) in ids.iter().zip(votes.iter()) {
                b.push(m, *member, *vote, None, 0).unwrap();
            }
        }
        b.finish().unwrap()
    }

    #[test]
    fn ties_and_absences_do_not_count() {
        // Bloc 1 = A, B, C, D; bloc 2 = E, F.
        let data = dataset(
            &["A", "B", "C", "D", "E", "F"],
            &[
                // m1: bloc 1 majority yes (3 to 1): D defects. Bloc 2 ties yes/no: not counted.
                &[Y, Y, Y, N, Y, N],
                // m2: bloc 1 ties 2 yes / 2 abstain: not counted. Bloc 2: E abstains, F absent:
                // majority abstain, E counted, F not.
                &[Y, Y, A, A, A, X],
                // m3: bloc 1 majority no (2 no, 1 yes, C absent): A defects. Bloc 2 no, no.
                &[Y, N, X, N, N, N],
            ],
        );
        let result = defections(&data, &[1, 1, 1, 1, 2, 2]).unwrap();
        let summary: Vec<(usize, Vec<usize>)> = result
            .iter()
            .map(|d| (d.counted, d.motions.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (2, vec![2]), // A: m1, m3 counted; defected on m3
                (2, vec![]),  // B
                (1, vec![]),  // C: absent on m3
                (2, vec![0]), // D: defected on m1
                (2, vec![]),  // E: m2 and m3
                (1, vec![]),  // F: m3 only
            ]
        );
        assert_eq!(result[0].share(), Some(0.5));
        assert_eq!(result[3].share(), Some(0.5));
        assert_eq!(result[5].share(), Some(0.0));
    }

    #[test]
    fn unassigned_members_count_nothing_and_bad_blocs_are_rejected() {
        let data = dataset(&["A", "B"], &[&[Y, N]]);
        let result = defections(&data, &[0, 1]).unwrap();
        assert_eq!(result[0].counted, 0);
        assert_eq!(result[0].share(), None);
        assert_eq!(result[1].counted, 1);
        assert!(matches!(
            defections(&data, &[1]),
            Err(SwingError::Blocs(BlocAssignmentError::Length {
                expected: 2,
                found: 1
            }))
        ));
        let err = defections(&data, &[1, 3]).unwrap_err().to_string();
        assert!(err.contains("member B"), "{err}");
    }
}
