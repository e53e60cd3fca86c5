//! Blocs over time: one analysis per period (session, year or congress), bloc labels aligned
//! across consecutive periods by overlap, and the members that change bloc.

use crate::ParamGuard;
use crate::analysis::{self, AnalysisError, AnalysisValidParams};
use crate::model::Dataset;
use rayon::prelude::*;

pub use crate::model::PeriodBy;

/// One period's blocs, with labels aligned to the previous periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub period: u32,
    pub motions: usize,
    /// Member codes and names of the analysed members, in code order.
    pub members: Vec<(String, String)>,
    /// Aligned bloc label of each member (labels persist across periods; new blocs get new
    /// labels).
    pub blocs: Vec<u32>,
    pub stability: Vec<f64>,
    pub modularity: Option<f64>,
}

/// A member whose aligned bloc differs between two consecutive analysed periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from_period: u32,
    pub to_period: u32,
    pub member: String,
    pub name: String,
    pub from_bloc: u32,
    pub to_bloc: u32,
}

/// The result of [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub by: PeriodBy,
    pub periods: Vec<Period>,
    pub transitions: Vec<Transition>,
    /// Periods that could not be analysed, with the reason (e.g. one member only).
    pub skipped: Vec<(u32, String)>,
    /// Motions without the period key (no session, no date), left out.
    pub motions_without_period: usize,
}

/// Relabels `blocs` (numbered 1..=k by size) so that each bloc takes the label of the previous
/// period's bloc it shares most members with; greedy on overlaps in decreasing order (ties: smaller
/// previous label, then smaller current bloc). Unmatched blocs get fresh labels from `next_label`
/// upwards.
///
/// # Complexity
///
/// O(n + k·k' log(k·k')).
fn align(
    previous: &[(String, u32)],
    codes: &[(String, String)],
    blocs: &[u32],
    next_label: &mut u32,
) -> Vec<u32> {
    let k = blocs.iter().copied().max().unwrap_or(0) as usize;
    let mut overlaps: std::collections::BTreeMap<(u32, u32), usize> = Default::default();
    for ((code, _), &bloc) in codes.iter().zip(blocs) {
        if let Ok(i) = previous.binary_search_by(|(c, _)| c.as_str().cmp(code)) {
            *overlaps.entry((previous[i].1, bloc)).or_default() += 1;
        }
    }
    let mut pairs: Vec<((u32, u32), usize)> = overlaps.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut label_of = vec![0u32; k + 1];
    let mut used: Vec<u32> = Vec::new();
    for ((old, current), _) in pairs {
        if label_of[current as usize] == 0 && !used.contains(&old) {
            label_of[current as usize] = old;
            used.push(old);
        }
    }
    for label in label_of.iter_mut().skip(1) {
        if *label == 0 {
            *label = *next_label;
            *next_label += 1;
        }
    }
    blocs.iter().map(|&b| label_of[b as usize]).collect()
}

/// Runs one analysis per period and aligns the blocs.
///
/// Periods are analysed in parallel (each result is independent of the others and of the thread
/// count), then aligned in period order. `on_period_done` is called once per period (for a progress
/// bar).
///
/// # Complexity
///
/// The sum of the per-period analyses.
///
/// # Examples
///
/// ```
/// use votebloc::timeline::{run, PeriodBy};
/// use votebloc::analysis::AnalysisParams;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let mut data = planted(&PlantedParams::default().n_members(40).n_motions(60).n_blocs(2).loyalty(0.9)).unwrap().dataset;
/// for (i, m) in data.motions.iter_mut().enumerate() { m.session = Some(1 + i as u32 / 30); }
/// let t = run(&data, PeriodBy::Session, &AnalysisParams::default(), || {}).unwrap();
/// assert_eq!(t.periods.len(), 2);
/// assert!(t.transitions.is_empty());
/// ```
pub fn run<P>(
    data: &Dataset,
    by: PeriodBy,
    params: &P,
    on_period_done: impl Fn() + Sync,
) -> Result<Timeline, AnalysisError>
where
    P: ParamGuard<Checked = AnalysisValidParams, Error = AnalysisError>,
{
    // Checked once for every period.
    let params = params.check_ref()?;
    let keys: Vec<Option<u32>> = data.motions.iter().map(|m| by.key(m)).collect();
    let mut periods: Vec<u32> = keys.iter().flatten().copied().collect();
    periods.sort_unstable();
    periods.dedup();
    let motions_without_period = keys.iter().filter(|k| k.is_none()).count();

    let results: Vec<(u32, Result<analysis::Analysis, AnalysisError>)> = periods
        .par_iter()
        .map(|&period| {
            let result = analyse_period(data, &keys, period, params);
            on_period_done();
            (period, result)
        })
        .collect();

    let mut timeline = Timeline {
        by,
        periods: Vec::new(),
        transitions: Vec::new(),
        skipped: Vec::new(),
        motions_without_period,
    };
    let mut previous: Vec<(String, u32)> = Vec::new();
    let mut previous_period = None;
    let mut next_label = 1u32;
    for (period, result) in results {
        let analysis = match result {
            Ok(a) => a,
            Err(e) => match skip_reason(&e) {
                Some(reason) => {
                    timeline.skipped.push((period, reason));
                    continue;
                }
                None => return Err(e),
            },
        };
        let members = codes_and_names(&analysis.dataset);
        let blocs = align(&previous, &members, &analysis.blocs, &mut next_label);
        if let Some(from_period) = previous_period {
            let periods = (from_period, period);
            push_transitions(
                &mut timeline.transitions,
                &previous,
                periods,
                &members,
                &blocs,
            );
        }
        previous = members
            .iter()
            .map(|(c, _)| c.clone())
            .zip(blocs.iter().copied())
            .collect();
        previous_period = Some(period);
        timeline.periods.push(Period {
            period,
            motions: analysis.dataset.motions.len(),
            members,
            blocs,
            stability: analysis.stability,
            modularity: analysis.quality.modularity,
        });
    }
    Ok(timeline)
}

/// The code and name of every member, in member (code) order.
fn codes_and_names(data: &Dataset) -> Vec<(String, String)> {
    data.members
        .iter()
        .map(|m| (m.code.clone(), m.name.clone()))
        .collect()
}

/// Why a period is skipped rather than failing the timeline: too few members, no motion, or
/// a usage error of the similarity on the period's data; `None` for the errors to report.
fn skip_reason(error: &AnalysisError) -> Option<String> {
    match error {
        AnalysisError::TooFewMembers { .. } | AnalysisError::NoMotions => Some(error.to_string()),
        AnalysisError::Similarity(e) if e.is_usage() => Some(e.to_string()),
        _ => None,
    }
}

/// The analysis of the motions of one period, among the members with enough cast votes on
/// them.
///
/// # Errors
///
/// Those of [`analysis::run`].
fn analyse_period(
    data: &Dataset,
    keys: &[Option<u32>],
    period: u32,
    params: &AnalysisValidParams,
) -> Result<analysis::Analysis, AnalysisError> {
    let keep: Vec<bool> = keys.iter().map(|k| *k == Some(period)).collect();
    // The members the analysis would leave out are left out of this subset already:
    // `analysis::run` would otherwise copy the period's votes a second time.
    let least = params.resolved_min_votes(keep.iter().filter(|&&k| k).count());
    let voting: Vec<bool> = data
        .cast_counts_on(&keep)
        .iter()
        .map(|&casts| casts >= least)
        .collect();
    let subset = data.subset(&keep, &voting);
    analysis::run(subset, params)
}

/// Appends a transition for each member of `members` (with aligned `blocs`) whose bloc
/// differs from its bloc in `previous` (code order), between `periods` (from, to).
fn push_transitions(
    transitions: &mut Vec<Transition>,
    previous: &[(String, u32)],
    periods: (u32, u32),
    members: &[(String, String)],
    blocs: &[u32],
) {
    let (from_period, to_period) = periods;
    for ((code, name), &bloc) in members.iter().zip(blocs) {
        if let Ok(i) = previous.binary_search_by(|(c, _)| c.as_str().cmp(code))
            && previous[i].1 != bloc
        {
            transitions.push(Transition {
                from_period,
                to_period,
                member: code.clone(),
                name: name.clone(),
                from_bloc: previous[i].1,
                to_bloc: bloc,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<(String, String)> {
        list.iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn labels_follow_the_largest_overlap() {
        let previous = vec![
            ("A".to_string(), 1),
            ("B".to_string(), 1),
            ("C".to_string(), 2),
            ("D".to_string(), 2),
            ("E".to_string(), 2),
        ];
        let mut next = 3;
        // Now C, D, E form the largest bloc (1) and A, B the second (2): labels swap back.
        let blocs = align(
            &previous,
            &codes(&["A", "B", "C", "D", "E"]),
            &[2, 2, 1, 1, 1],
            &mut next,
        );
        assert_eq!(blocs, vec![1, 1, 2, 2, 2]);
        assert_eq!(next, 3);
    }

    #[test]
    fn a_new_bloc_gets_a_fresh_label() {
        let previous = vec![("A".to_string(), 1), ("B".to_string(), 1)];
        let mut next = 2;
        let blocs = align(&previous, &codes(&["A", "B", "X"]), &[1, 1, 2], &mut next);
        assert_eq!(blocs, vec![1, 1, 2]);
        assert_eq!(next, 3);
        let blocs = align(
            &previous,
            &codes(&["A", "B", "X", "Y"]),
            &[1, 2, 3, 3],
            &mut next,
        );
        // B's new bloc overlaps the old bloc 1 as much as A's: A's bloc (current 1) wins the tie.
        assert_eq!(blocs, vec![1, 3, 4, 4]);
    }
}
