//! Narrow votes in a few words, for tables people read (the terminal, the report): the margin,
//! how many switches reverse it and among how many members, and by name only the few members
//! who crossed their own group to make it, instead of the whole winning side.

use super::{Pivot, stated_adoption};
use crate::model::{Dataset, Vote};

/// Most members named as having decided a narrow vote; with more, the line gives their number.
pub const MAX_NAMED: usize = 5;

/// A narrow vote as [`SwingReport::narrow_votes`](super::SwingReport::narrow_votes) shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrowVote {
    /// Index of the motion in [`Dataset::motions`].
    pub motion: usize,
    /// The fewest switches that reverse the outcome.
    pub switches: usize,
    /// Members whose single switch would reverse it (when one switch does), else the members
    /// who voted on the winning side.
    pub could_switch: usize,
    /// Members of the winning side who voted against the majority of their own group (bloc,
    /// or caucus in a legislature), named only when they are at most [`MAX_NAMED`] and at least
    /// as many as the switches needed (they alone decided the vote); member order.
    pub named: Vec<usize>,
    /// The vote in words: `adopted 51–49 (3 abstaining): one switch reverses it, any of the 51
    /// on the winning side; decided by 2 who crossed their group: COLLINS, Susan Margaret (ME),
    /// MURKOWSKI, Lisa (AK)`; with a stated outcome that the counted votes contradict, the
    /// line says so.
    pub line: String,
}

/// The compact form of `pivot` (a motion of `data`), `groups` holding each member's group
/// (bloc or caucus, 0 for none) in member order.
///
/// Members are named by code, or by name when the code is a number (Voteview's ICPSR ids).
///
/// # Complexity
///
/// O(votes on the motion).
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::swing::{Majority, narrow_vote, pivot};
/// let mut b = DatasetBuilder::new("example");
/// let m = b.motion(Motion::new("1"));
/// // Bloc 1 (A, B, C) votes yes with D of bloc 2; E and F vote no.
/// for (code, vote) in [("A", Vote::Yes), ("B", Vote::Yes), ("C", Vote::Yes), ("D", Vote::Yes),
///                      ("E", Vote::No), ("F", Vote::No), ("G", Vote::No)] {
///     let member = b.member(Member::new(code, code));
///     b.push(m, member, vote, None, 0).unwrap();
/// }
/// let data = b.finish().unwrap();
/// let p = pivot(&data, 0, Majority::Simple);
/// let narrow = narrow_vote(&p, &data, &[1, 1, 1, 2, 2, 2, 2]);
/// assert_eq!(narrow.named, vec![3]);
/// assert_eq!(
///     narrow.line,
///     "adopted 4–3: one switch reverses it, any of the 4 on the winning side; \
///      decided by D, who crossed their group"
/// );
/// ```
pub fn narrow_vote(pivot: &Pivot, data: &Dataset, groups: &[u32]) -> NarrowVote {
    let on = data.votes_on(pivot.motion);
    let (won, lost) = if pivot.adopted {
        (Vote::Yes, Vote::No)
    } else {
        (Vote::No, Vote::Yes)
    };
    // Each group's yes and no votes: its majority is the side with more.
    let groups_count = groups.iter().copied().max().unwrap_or(0) as usize;
    let mut sides = vec![[0usize; 2]; groups_count + 1];
    let group_of = |member: u32| groups.get(member as usize).copied().unwrap_or(0) as usize;
    for r in on {
        match r.vote {
            v if v == won => sides[group_of(r.member)][0] += 1,
            v if v == lost => sides[group_of(r.member)][1] += 1,
            _ => {}
        }
    }
    let crossed: Vec<usize> = on
        .iter()
        .filter(|r| r.vote == won)
        .filter(|r| {
            let group = group_of(r.member);
            group > 0 && sides[group][1] > sides[group][0]
        })
        .map(|r| r.member as usize)
        .collect();
    let switches = pivot.switches_needed.unwrap_or(0);
    let winning = if pivot.adopted { pivot.yes } else { pivot.no };
    let named = if !crossed.is_empty() && crossed.len() <= MAX_NAMED && crossed.len() >= switches {
        crossed
    } else {
        Vec::new()
    };
    let could_switch = if switches == 1 {
        pivot.pivotal.len()
    } else {
        winning
    };
    let line = words(pivot, switches, winning, could_switch, &named, data);
    NarrowVote {
        motion: pivot.motion,
        switches,
        could_switch,
        named,
        line,
    }
}

/// The line of [`NarrowVote`].
fn words(
    pivot: &Pivot,
    switches: usize,
    winning: usize,
    could_switch: usize,
    named: &[usize],
    data: &Dataset,
) -> String {
    let outcome = if pivot.adopted { "adopted" } else { "rejected" };
    let mut line = format!("{outcome} {}–{}", pivot.yes, pivot.no);
    if pivot.tie_break {
        line.push_str(" by the Vice-President's vote");
    }
    if pivot.abstain > 0 {
        line.push_str(&format!(" ({} abstaining)", pivot.abstain));
    }
    // A stated outcome the counted votes contradict: the vote needed another majority than
    // the one the data name (a Senate motion to waive the Budget Act needs three fifths).
    if let Some(stated) = data
        .motions
        .get(pivot.motion)
        .and_then(|m| m.outcome.as_deref())
        && stated_adoption(stated) == Some(!pivot.adopted)
    {
        line.push_str(&format!(
            " (the source states “{stated}”: a rule the data do not name applied)"
        ));
    }
    if switches == 1 {
        line.push_str(&format!(
            ": one switch reverses it, any of the {winning} on the winning side"
        ));
        if could_switch > winning {
            line.push_str(&format!(" or the {} abstaining", could_switch - winning));
        }
    } else {
        line.push_str(&format!(
            ": {switches} switches reverse it, among the {winning} on the winning side"
        ));
    }
    if !named.is_empty() {
        let names: Vec<&str> = named
            .iter()
            .filter_map(|&i| data.members.get(i))
            .map(|m| {
                if m.code.bytes().all(|b| b.is_ascii_digit()) {
                    m.name.as_str()
                } else {
                    m.code.as_str()
                }
            })
            .collect();
        match names.as_slice() {
            [one] => line.push_str(&format!("; decided by {one}, who crossed their group")),
            _ => line.push_str(&format!(
                "; decided by {} who crossed their group: {}",
                names.len(),
                names.join(", ")
            )),
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatasetBuilder, Member, Motion};
    use crate::swing::{Majority, pivot};

    /// One motion: `rows` are (code, group, vote); members registered in code order.
    fn motion(rows: &[(&str, u32, Vote)]) -> (Dataset, Vec<u32>) {
        let mut b = DatasetBuilder::new("t");
        let m = b.motion(Motion::new("1"));
        for (code, _, vote) in rows {
            let member = b.member(Member::new(*code, format!("Senator {code}")));
            b.push(m, member, *vote, None, 0).unwrap();
        }
        let data = b.finish().unwrap();
        let groups = data
            .members
            .iter()
            .map(|m| rows.iter().find(|r| r.0 == m.code).unwrap().1)
            .collect();
        (data, groups)
    }

    #[test]
    fn a_party_line_vote_names_nobody() {
        use Vote::{No as N, Yes as Y};
        let rows: Vec<(String, u32, Vote)> = (0..51)
            .map(|i| (format!("{:05}", 10000 + i), 1, Y))
            .chain((0..49).map(|i| (format!("{:05}", 20000 + i), 2, N)))
            .collect();
        let rows: Vec<(&str, u32, Vote)> =
            rows.iter().map(|(c, g, v)| (c.as_str(), *g, *v)).collect();
        let (data, groups) = motion(&rows);
        let narrow = narrow_vote(&pivot(&data, 0, Majority::Simple), &data, &groups);
        assert!(narrow.named.is_empty());
        assert_eq!(narrow.could_switch, 51);
        assert_eq!(
            narrow.line,
            "adopted 51–49: one switch reverses it, any of the 51 on the winning side"
        );
    }

    #[test]
    fn two_crossers_of_a_numbered_legislature_are_named_by_name() {
        use Vote::{Abstain as A, No as N, Yes as Y};
        // Group 1 votes no 3 to 2, its 11111 and 22222 voting yes with group 2: 6–3, two
        // switches reverse it, and the two who crossed their group alone can make them.
        let (data, groups) = motion(&[
            ("11111", 1, Y),
            ("22222", 1, Y),
            ("33333", 1, N),
            ("44444", 1, N),
            ("45555", 1, N),
            ("55555", 2, Y),
            ("66666", 2, Y),
            ("77777", 2, Y),
            ("88888", 2, Y),
            ("99999", 2, A),
        ]);
        let p = pivot(&data, 0, Majority::Simple);
        assert_eq!(p.switches_needed, Some(2));
        let narrow = narrow_vote(&p, &data, &groups);
        assert_eq!(narrow.named, vec![0, 1]);
        assert_eq!(
            narrow.line,
            "adopted 6–3 (1 abstaining): 2 switches reverse it, among the 6 on the winning side; \
             decided by 2 who crossed their group: Senator 11111, Senator 22222"
        );
    }

    #[test]
    fn a_stated_outcome_the_counts_contradict_is_said() {
        use Vote::{No as N, Yes as Y};
        let mut b = DatasetBuilder::new("t");
        let m = b.motion(Motion {
            outcome: Some("Motion Rejected".into()),
            ..Motion::new("S117-23")
        });
        for (code, vote) in [("A", Y), ("B", Y), ("C", N)] {
            let member = b.member(Member::new(code, code));
            b.push(m, member, vote, None, 0).unwrap();
        }
        let data = b.finish().unwrap();
        let narrow = narrow_vote(&pivot(&data, 0, Majority::Simple), &data, &[1, 1, 2]);
        assert!(
            narrow.line.starts_with(
                "adopted 2–1 (the source states “Motion Rejected”: a rule the data do not name \
                 applied): one switch"
            ),
            "{}",
            narrow.line
        );
    }
}
