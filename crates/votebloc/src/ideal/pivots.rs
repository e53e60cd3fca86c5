//! Pivots from positions (Krehbiel 1998, *Pivotal Politics*): with members ordered on the
//! first dimension, the member whose vote completes a majority of size q·n counting from
//! either end. The median for a simple majority; for the US Senate the filibuster pivots
//! (cloture, 3/5) and the veto pivots (override, 2/3); for the UN General Assembly the
//! two-thirds pivots of important questions (Charter, art. 18).

use super::PeriodPivots;
use super::problem::Problem;
use crate::model::Dataset;

/// Which end of the scale a pivot is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PivotSide {
    /// The pivot on the negative side: the k-th member counting from the positive end (the
    /// last member a coalition built from that end needs).
    Low,
    /// The pivot on the positive side: the k-th member counting from the negative end.
    High,
    /// Both coincide (the median of an odd number of members).
    Both,
}

/// One pivotal member.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Pivot {
    /// `median`, `filibuster`, `veto` or `two_thirds`.
    pub kind: &'static str,
    /// The share of members the coalition needs.
    pub quota: f64,
    pub side: PivotSide,
    pub member: String,
    pub name: String,
    /// The member's position on the first dimension.
    pub ideal: f64,
    /// 1-based rank from the negative end.
    pub rank: usize,
}

/// The pivots of each period of a fit: median and two-thirds, with the filibuster pivot as
/// well when every motion of the fit is of the Senate; `(kind, quota)` with k = ⌈q·n⌉ members
/// (a strict majority, ⌊n/2⌋ + 1, for the median): the pivots are the k-th member from the
/// positive end (`Low`) and the k-th from the negative end (`High`).
pub(crate) fn pivots(data: &Dataset, problem: &Problem, x: &[[f64; 2]]) -> Vec<PeriodPivots> {
    let chamber = |name: &str| {
        problem.motions.iter().all(|m| {
            data.motions[m.index]
                .chamber
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(name))
        })
    };
    let quotas: &[(&'static str, f64)] = if chamber("Senate") {
        &[("median", 0.5), ("filibuster", 0.6), ("veto", 2.0 / 3.0)]
    } else if chamber("House") {
        &[("median", 0.5), ("veto", 2.0 / 3.0)]
    } else {
        &[("median", 0.5), ("two_thirds", 2.0 / 3.0)]
    };
    problem
        .periods()
        .into_iter()
        .map(|period| {
            let mut rows: Vec<usize> = (0..problem.rows.len())
                .filter(|&r| problem.rows[r].period == period)
                .collect();
            let code = |r: usize| data.members[problem.rows[r].member as usize].code.as_str();
            rows.sort_by(|&a, &b| x[a][0].total_cmp(&x[b][0]).then(code(a).cmp(code(b))));
            let n = rows.len();
            let mut found = Vec::new();
            for &(kind, quota) in quotas {
                let k = if quota == 0.5 {
                    n / 2 + 1
                } else {
                    (quota * n as f64 - 1e-9).ceil() as usize
                }
                .clamp(1, n);
                let (low, high) = (n - k, k - 1);
                let entry = |index: usize, side| {
                    let r = rows[index];
                    let member = &data.members[problem.rows[r].member as usize];
                    Pivot {
                        kind,
                        quota,
                        side,
                        member: member.code.clone(),
                        name: member.name.clone(),
                        ideal: x[r][0],
                        rank: index + 1,
                    }
                };
                if low == high {
                    found.push(entry(low, PivotSide::Both));
                } else {
                    found.push(entry(low, PivotSide::Low));
                    found.push(entry(high, PivotSide::High));
                }
            }
            PeriodPivots {
                period,
                members: n,
                pivots: found,
            }
        })
        .collect()
}
