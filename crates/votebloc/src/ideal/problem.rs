//! From a dataset to the estimation problem: each vote the model reads becomes a cell (a
//! member-period, an item, an interval of the latent utility), after the documented rules
//! leave out lopsided motions and members with too few votes.
//!
//! Rules, applied in this order within each fit:
//! 1. Votes are coded no < abstain < yes (ordinal), or no < yes with abstentions missing or
//!    counted as no (binary); absences and non-membership are missing.
//! 2. A motion is left out when fewer than `min_minority` of its coded votes differ from its
//!    most common choice (W-NOMINATE's 2.5 % rule, generalised to three choices), and always
//!    when it is unanimous.
//! 3. A member-period (a member in a static fit) with fewer than `min_votes` coded votes on
//!    the motions kept by rule 2 is left out (W-NOMINATE's `minvotes`), and always when it has
//!    none.
//! 4. A motion on which the members kept by rule 3 all vote alike is left out (it says nothing
//!    of positions). No further rounds: a member whose count drops below `min_votes` here
//!    stays.

use super::params::{AbstainAs, IdealModel, IdealValidParams};
use crate::model::{Dataset, Vote};
use std::ops::Range;

/// The original choice of a coded vote: 0 no, 1 abstain, 2 yes.
pub(crate) fn code(model: IdealModel, abstain: AbstainAs, vote: Vote) -> Option<u8> {
    match (vote, model, abstain) {
        (Vote::Yes, _, _) => Some(2),
        (Vote::No, _, _) => Some(0),
        (Vote::Abstain, IdealModel::Ordinal, _) => Some(1),
        (Vote::Abstain, IdealModel::Binary, AbstainAs::No) => Some(0),
        _ => None,
    }
}

/// One member in one period (in a static fit, one member).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    /// Index into the dataset's members.
    pub member: u32,
    pub period: Option<u32>,
    pub votes: u32,
}

/// A set of motions sharing one intercept, discrimination and abstention band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// Its motions, a range of [`Problem::motions`].
    pub motions: Range<usize>,
    /// Bit c set when choice c (0 no, 1 abstain, 2 yes) occurs among its votes.
    pub present: u8,
    /// All three choices occur: the abstention band is estimated.
    pub three: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProblemMotion {
    /// Index into the dataset's motions.
    pub index: usize,
    pub item: u32,
    /// Its cells, a range of the item-major cell arrays.
    pub cells: Range<usize>,
    pub period: Option<u32>,
}

/// A member's rows in period order, and the number of periods from each to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chain {
    pub rows: Range<usize>,
    /// `gaps[t]` periods between row `rows.start + t` and the next one (length: rows − 1).
    pub gaps: Vec<u32>,
}

/// The cells of a fit, indexed both ways.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub dims: usize,
    pub rows: Vec<Row>,
    pub items: Vec<Item>,
    pub motions: Vec<ProblemMotion>,
    /// Cells of item k: `item_start[k]..item_start[k + 1]`, ordered by motion then row.
    pub item_start: Vec<usize>,
    pub cell_row: Vec<u32>,
    pub cell_item: Vec<u32>,
    /// The interval of each observed vote: 0 below the lower threshold, 1 inside the
    /// abstention band, 2 above (a two-choice item's upper choice is 2).
    pub cats: Vec<u8>,
    pub chains: Vec<Chain>,
    /// The original choice (0, 1, 2) of each cell, for the fit statistics.
    pub choices: Vec<u8>,
}

/// What the rules left out of one fit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LeftOut {
    /// Motions with no coded vote at all.
    pub empty_motions: usize,
    pub lopsided_motions: usize,
    /// Motions on which the kept members all vote alike (rule 4).
    pub no_split_motions: usize,
    /// Member-periods under `min_votes`, with their vote count.
    pub few_votes: Vec<(u32, Option<u32>, u32)>,
}

/// The motions and periods of one fit.
pub(crate) struct Unit<'a> {
    /// Dataset indices of its motions, ascending.
    pub motions: &'a [usize],
    /// Period key of every dataset motion (`None`: one period, a static fit).
    pub period_of: &'a [Option<u32>],
    /// Rank of a period among all periods of the fit, for the random walk's gaps.
    pub ranks: &'a dyn Fn(u32) -> u32,
    /// Pairs of dataset motion indices sharing parameters.
    pub bridges: &'a [(usize, usize)],
    pub dynamic: bool,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// A motion kept by rules 1 and 2: its dataset index and its coded votes (member, choice).
type CodedMotion = (usize, Vec<(u32, u8)>);

/// A motion kept by rule 4: its dataset index, its (row, choice) cells and the choices
/// present among them as bits.
type DividingMotion = (usize, Vec<(u32, u8)>, u8);

/// Builds the problem of one fit.
///
/// # Complexity
///
/// O(V_unit + n·p) for the unit's votes, n members and p periods.
pub(crate) fn build(
    data: &Dataset,
    params: &IdealValidParams,
    unit: &Unit<'_>,
) -> (Problem, LeftOut) {
    let mut left_out = LeftOut::default();
    let kept = coded_motions(data, params, unit, &mut left_out);
    let periods = Periods::of(&kept, unit);
    let (rows, row_of) = member_periods(data, params, &kept, &periods, &mut left_out);
    let (rows, motions) = dividing_motions(kept, rows, &row_of, &periods, &mut left_out);
    let (roots, order) = items_of(&motions, unit.bridges);
    let mut problem = Problem {
        dims: params.dims,
        rows,
        items: Vec::new(),
        motions: Vec::with_capacity(motions.len()),
        item_start: vec![0],
        cell_row: Vec::new(),
        cell_item: Vec::new(),
        cats: Vec::new(),
        chains: Vec::new(),
        choices: Vec::new(),
    };
    push_items(&mut problem, &motions, &roots, &order, unit);
    push_chains(&mut problem, unit);
    (problem, left_out)
}

/// Rules 1 and 2: the coded votes of each motion of the unit, lopsided and empty motions
/// counted in `left_out` and left out.
fn coded_motions(
    data: &Dataset,
    params: &IdealValidParams,
    unit: &Unit<'_>,
    left_out: &mut LeftOut,
) -> Vec<CodedMotion> {
    let mut keep = vec![false; data.motions.len()];
    for &m in unit.motions {
        keep[m] = true;
    }
    let mut kept: Vec<CodedMotion> = Vec::new();
    for (motion, votes) in data.votes_on_each(&keep) {
        let cells: Vec<(u32, u8)> = votes
            .iter()
            .filter_map(|v| code(params.model, params.abstain, v.vote).map(|c| (v.member, c)))
            .collect();
        let mut counts = [0usize; 3];
        for &(_, c) in &cells {
            counts[c as usize] += 1;
        }
        let cast: usize = counts.iter().sum();
        let minority = cast - counts.iter().copied().max().unwrap_or(0);
        if cast == 0 {
            left_out.empty_motions += 1;
        } else if minority == 0 || (minority as f64) < params.min_minority * cast as f64 {
            left_out.lopsided_motions += 1;
        } else {
            kept.push((motion, cells));
        }
    }
    kept
}

/// The periods of the kept motions, sorted, and the unit's period of every motion.
struct Periods<'a> {
    /// The distinct periods of the kept motions, ascending.
    keys: Vec<Option<u32>>,
    /// Period key of every dataset motion.
    period_of: &'a [Option<u32>],
}

impl<'a> Periods<'a> {
    /// The periods of `kept`.
    fn of(kept: &[CodedMotion], unit: &Unit<'a>) -> Periods<'a> {
        let mut keys: Vec<Option<u32>> = kept.iter().map(|(m, _)| unit.period_of[*m]).collect();
        keys.sort_unstable();
        keys.dedup();
        Periods {
            keys,
            period_of: unit.period_of,
        }
    }

    /// How many slots a member has: one per period, at least one.
    fn len(&self) -> usize {
        self.keys.len().max(1)
    }

    /// The slot of a dataset motion's period.
    fn slot(&self, motion: usize) -> usize {
        self.keys
            .binary_search(&self.period_of[motion])
            .unwrap_or_default()
    }
}

/// Rule 3: the member-periods with at least `min_votes` coded votes on the kept motions (in
/// member, then period order; vote counts still 0), and the row of each member-period slot
/// (`u32::MAX` when left out). The others with votes go to `left_out.few_votes`.
fn member_periods(
    data: &Dataset,
    params: &IdealValidParams,
    kept: &[CodedMotion],
    periods: &Periods<'_>,
    left_out: &mut LeftOut,
) -> (Vec<Row>, Vec<u32>) {
    let n_periods = periods.len();
    let mut counts = vec![0u32; data.members.len() * n_periods];
    for (motion, cells) in kept {
        let p = periods.slot(*motion);
        for &(member, _) in cells {
            counts[member as usize * n_periods + p] += 1;
        }
    }
    let minimum = params.min_votes.max(1) as u32;
    let mut row_of = vec![u32::MAX; counts.len()];
    let mut rows: Vec<Row> = Vec::new();
    for (key, &count) in counts.iter().enumerate() {
        let (member, p) = ((key / n_periods) as u32, key % n_periods);
        if count >= minimum {
            row_of[key] = rows.len() as u32;
            rows.push(Row {
                member,
                period: periods.keys.get(p).copied().flatten(),
                votes: 0,
            });
        } else if count > 0 {
            left_out
                .few_votes
                .push((member, periods.keys.get(p).copied().flatten(), count));
        }
    }
    (rows, row_of)
}

/// Rule 4: the motions that still divide the kept rows, their cells on rows; the rows with
/// their vote counts, without those left with no vote (cells renumbered accordingly).
fn dividing_motions(
    kept: Vec<CodedMotion>,
    mut rows: Vec<Row>,
    row_of: &[u32],
    periods: &Periods<'_>,
    left_out: &mut LeftOut,
) -> (Vec<Row>, Vec<DividingMotion>) {
    let n_periods = periods.len();
    let mut motions: Vec<DividingMotion> = Vec::new();
    for (motion, cells) in kept {
        let p = periods.slot(motion);
        let cells: Vec<(u32, u8)> = cells
            .into_iter()
            .filter_map(|(member, c)| {
                let row = row_of[member as usize * n_periods + p];
                (row != u32::MAX).then_some((row, c))
            })
            .collect();
        let present = cells.iter().fold(0u8, |mask, &(_, c)| mask | 1 << c);
        if present.count_ones() < 2 {
            left_out.no_split_motions += 1;
        } else {
            motions.push((motion, cells, present));
        }
    }
    for (_, cells, _) in &motions {
        for &(row, _) in cells {
            rows[row as usize].votes += 1;
        }
    }
    // A row may have lost every vote to rule 4: renumber without the empty ones.
    let mut renumber = vec![u32::MAX; rows.len()];
    let mut next = 0u32;
    for (r, row) in rows.iter().enumerate() {
        if row.votes > 0 {
            renumber[r] = next;
            next += 1;
        }
    }
    rows.retain(|r| r.votes > 0);
    for (_, cells, _) in &mut motions {
        for cell in cells.iter_mut() {
            cell.0 = renumber[cell.0 as usize];
        }
    }
    (rows, motions)
}

/// Items: motions joined by bridges (union-find; the representative is the first motion).
/// Returns the root of each motion and the motions ordered by root, then index.
fn items_of(motions: &[DividingMotion], bridges: &[(usize, usize)]) -> (Vec<usize>, Vec<usize>) {
    let local: std::collections::HashMap<usize, usize> = motions
        .iter()
        .enumerate()
        .map(|(i, (m, _, _))| (*m, i))
        .collect();
    let mut parent: Vec<usize> = (0..motions.len()).collect();
    for &(a, b) in bridges {
        if let (Some(&i), Some(&j)) = (local.get(&a), local.get(&b)) {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let roots: Vec<usize> = (0..motions.len()).map(|i| find(&mut parent, i)).collect();
    let mut order: Vec<usize> = (0..motions.len()).collect();
    order.sort_by_key(|&i| (roots[i], i));
    (roots, order)
}

/// The items, their motions and their cells, item-major, in `order` (motions of one root
/// together).
fn push_items(
    problem: &mut Problem,
    motions: &[DividingMotion],
    roots: &[usize],
    order: &[usize],
    unit: &Unit<'_>,
) {
    let mut start = 0;
    while start < order.len() {
        let root = roots[order[start]];
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| roots[i] == root)
                .count();
        let present = order[start..end]
            .iter()
            .fold(0u8, |mask, &i| mask | motions[i].2);
        let three = present == 0b111;
        let lower = present.trailing_zeros() as u8;
        let item = problem.items.len() as u32;
        let first_motion = problem.motions.len();
        for &i in &order[start..end] {
            let (motion, cells, _) = &motions[i];
            let from = problem.cell_row.len();
            for &(row, choice) in cells {
                problem.cell_row.push(row);
                problem.cell_item.push(item);
                problem.choices.push(choice);
                problem.cats.push(if three {
                    choice
                } else if choice == lower {
                    0
                } else {
                    2
                });
            }
            problem.motions.push(ProblemMotion {
                index: *motion,
                item,
                cells: from..problem.cell_row.len(),
                period: unit.period_of[*motion],
            });
        }
        problem.items.push(Item {
            motions: first_motion..problem.motions.len(),
            present,
            three,
        });
        problem.item_start.push(problem.cell_row.len());
        start = end;
    }
}

/// The chains: a member's rows are consecutive (rows are in member, then period order); in
/// a static fit every row is its own chain.
fn push_chains(problem: &mut Problem, unit: &Unit<'_>) {
    let n_rows = problem.rows.len();
    let mut r = 0;
    while r < n_rows {
        let member = problem.rows[r].member;
        let mut end = r + 1;
        if unit.dynamic {
            while end < n_rows && problem.rows[end].member == member {
                end += 1;
            }
        }
        let gaps = (r + 1..end)
            .map(|t| {
                let rank = |row: &Row| row.period.map_or(0, |p| (unit.ranks)(p));
                rank(&problem.rows[t])
                    .saturating_sub(rank(&problem.rows[t - 1]))
                    .max(1)
            })
            .collect();
        problem.chains.push(Chain { rows: r..end, gaps });
        r = end;
    }
}

impl Problem {
    pub fn n_cells(&self) -> usize {
        self.cell_row.len()
    }

    /// The periods of the rows, ascending and distinct.
    pub fn periods(&self) -> Vec<Option<u32>> {
        let mut periods: Vec<Option<u32>> = self.rows.iter().map(|r| r.period).collect();
        periods.sort_unstable();
        periods.dedup();
        periods
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ideal::IdealParams;
    use crate::{DatasetBuilder, Member, Motion};
    use linfa::ParamGuard;

    #[test]
    fn rules_leave_out_lopsided_motions_and_quiet_members() {
        let mut b = DatasetBuilder::new("x");
        let motions: Vec<u32> = (0..4)
            .map(|i| b.motion(Motion::new(format!("{i}"))))
            .collect();
        let members: Vec<u32> = (0..5)
            .map(|i| b.member(Member::new(format!("M{i}"), format!("M{i}"))))
            .collect();
        // Motion 0 splits 3-2, motion 1 is unanimous, motion 2 has yes/abstain only, motion 3
        // is voted by M4 only (whose single vote left is then on motion 0).
        let votes = [
            (0, [Vote::Yes, Vote::Yes, Vote::Yes, Vote::No, Vote::No]),
            (1, [Vote::Yes; 5]),
            (
                2,
                [
                    Vote::Yes,
                    Vote::Abstain,
                    Vote::Yes,
                    Vote::Abstain,
                    Vote::Absent,
                ],
            ),
            (
                3,
                [
                    Vote::Absent,
                    Vote::Absent,
                    Vote::Absent,
                    Vote::Absent,
                    Vote::No,
                ],
            ),
        ];
        for (m, row) in votes {
            for (i, v) in row.into_iter().enumerate() {
                b.push(motions[m], members[i], v, None, 0).unwrap();
            }
        }
        let data = b.finish().unwrap();
        let params = IdealParams::new()
            .min_votes(2)
            .min_minority(0.0)
            .check()
            .unwrap();
        let all: Vec<usize> = (0..4).collect();
        let periods = vec![None; 4];
        let unit = Unit {
            motions: &all,
            period_of: &periods,
            ranks: &|_| 0,
            bridges: &[],
            dynamic: false,
        };
        let (problem, left_out) = build(&data, &params, &unit);
        assert_eq!(left_out.lopsided_motions, 2, "unanimous motions 1 and 3");
        assert_eq!(left_out.few_votes, vec![(4, None, 1)]);
        assert_eq!(problem.rows.len(), 4);
        assert_eq!(problem.items.len(), 2);
        assert!(!problem.items[1].three);
        // Motion 2: abstain is the lower of its two choices, interval 0; yes interval 2.
        let cells = &problem.motions[1].cells;
        assert_eq!(&problem.cats[cells.clone()], &[2, 0, 2, 0]);
        assert_eq!(&problem.choices[cells.clone()], &[2, 1, 2, 1]);
    }
}
