//! Bridging: members about as similar to another bloc as to their own.

use super::SwingError;
use super::error::check_blocs;
use crate::model::Dataset;
use crate::similarity::SimilarityRows;
use rayon::prelude::*;

/// How close a member is to its own bloc and to the nearest other bloc.
#[derive(Debug, Clone, PartialEq)]
pub struct Bridge {
    /// Index of the member in [`Dataset::members`].
    pub member: usize,
    /// The member's bloc (0 = no bloc: nothing is computed).
    pub bloc: u32,
    /// Mean similarity to the other members of its bloc (undefined pairs skipped); `None` when
    /// no pair is defined.
    pub own: Option<f64>,
    /// The other bloc with the highest mean similarity (ties: the smaller bloc number).
    pub nearest_bloc: Option<u32>,
    /// Mean similarity to the members of `nearest_bloc`.
    pub nearest: Option<f64>,
    /// `nearest / own`; `None` when either mean is undefined or `own ≤ 0`.
    pub ratio: Option<f64>,
}

/// Bridge ratio of every member: its mean similarity to the nearest other bloc divided by its
/// mean similarity to its own bloc (itself excluded; NaN pairs skipped; members with bloc 0
/// neither measured nor counted in any bloc's mean).
///
/// Why a ratio of means: it is the similarity form of the silhouette's comparison of a point's
/// mean distance to its own cluster with its mean distance to the nearest other cluster
/// (Rousseeuw 1987, *J. Comput. Appl. Math.* 20:53–65), read directly: 1.0 means as close to
/// the other bloc as to its own, 0.9 means 90 % as close. It is scale-free for the indices on
/// [0, 1] (agreement, identical, S-score). For signed indices (kappa, cosine) the ratio is
/// defined only while the own-bloc mean is positive; a negative nearest mean gives a negative
/// ratio, correctly far from "between blocs".
///
/// `similarity` is members × members in member order, NaN = undefined: a dense view or a
/// [`Similarity`](crate::similarity::Similarity) in either form (only row `i` is read for member
/// `i`, so an asymmetric matrix is read by rows; one row per thread is held at a time).
///
/// Order: one entry per member, member order.
///
/// # Complexity
///
/// O(n² + n·k) for n members and k blocs (times M / 64 for a similarity computed on demand);
/// O(n + threads · (n + k)) memory.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use votebloc::{DatasetBuilder, Member};
/// use votebloc::swing::bridges;
/// let mut b = DatasetBuilder::new("example");
/// for code in ["A", "B", "C"] {
///     b.member(Member::new(code, code));
/// }
/// let data = b.finish().unwrap();
/// let similarity = array![[1.0, 0.8, 0.7], [0.8, 1.0, 0.2], [0.7, 0.2, 1.0]];
/// let result = bridges(&data, &[1, 1, 2], similarity.view()).unwrap();
/// assert_eq!(result[0].ratio, Some(0.7 / 0.8));
/// assert_eq!(result[0].nearest_bloc, Some(2));
/// ```
pub fn bridges(
    data: &Dataset,
    blocs: &[u32],
    similarity: impl SimilarityRows,
) -> Result<Vec<Bridge>, SwingError> {
    let bloc_count = check_blocs(data, blocs)?;
    let n = data.members.len();
    let (rows, columns) = similarity.dim();
    if rows != n || columns != n {
        return Err(SwingError::SimilarityShape {
            expected: n,
            rows,
            columns,
        });
    }
    // Members are measured on several threads, each from its own row (a table computed on
    // demand gives one row at a time), with the same sums in the same order as one by one.
    let result = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![f64::NAN; n], vec![(0.0f64, 0usize); bloc_count + 1]),
            |(row, sums), member| {
                if blocs[member] != 0 {
                    similarity.row_into(member, row);
                }
                bridge_from_row(member, blocs, row, sums)
            },
        )
        .collect();
    Ok(result)
}

/// The [`Bridge`] of one member from its row of similarities (as [`bridges`] computes it, for
/// a pass over the rows that computes other things from them too).
///
/// Takes the member, the blocs of all members (numbered from 1, 0 = none), the member's row
/// (`row[j]` its similarity with member `j`, NaN = undefined; not read for a member without a
/// bloc) and `sums`, scratch space of one entry per bloc number (the largest bloc + 1). Panics
/// when `blocs` is shorter than the row or `sums` too short for a bloc number, like slice
/// indexing.
///
/// # Complexity
///
/// O(n + k) for n members and k blocs.
///
/// # Examples
///
/// ```
/// use votebloc::swing::bridge_from_row;
/// let mut sums = vec![(0.0, 0); 3];
/// let bridge = bridge_from_row(0, &[1, 1, 2], &[1.0, 0.8, 0.7], &mut sums);
/// assert_eq!((bridge.own, bridge.nearest_bloc), (Some(0.8), Some(2)));
/// assert_eq!(bridge.ratio, Some(0.7 / 0.8));
/// ```
pub fn bridge_from_row(
    member: usize,
    blocs: &[u32],
    row: &[f64],
    sums: &mut [(f64, usize)],
) -> Bridge {
    let bloc_count = sums.len().saturating_sub(1);
    let bloc = blocs[member];
    let mut entry = Bridge {
        member,
        bloc,
        own: None,
        nearest_bloc: None,
        nearest: None,
        ratio: None,
    };
    if bloc == 0 {
        return entry;
    }
    sums.iter_mut().for_each(|s| *s = (0.0, 0));
    for (other, &value) in row.iter().enumerate() {
        let other_bloc = blocs[other] as usize;
        if other == member || other_bloc == 0 || value.is_nan() {
            continue;
        }
        sums[other_bloc].0 += value;
        sums[other_bloc].1 += 1;
    }
    let mean = |b: usize| (sums[b].1 > 0).then(|| sums[b].0 / sums[b].1 as f64);
    entry.own = mean(bloc as usize);
    for candidate in 1..=bloc_count {
        if candidate == bloc as usize {
            continue;
        }
        if let Some(value) = mean(candidate) {
            // Strictly greater keeps the smaller bloc number on ties.
            if entry.nearest.is_none_or(|best| value > best) {
                entry.nearest = Some(value);
                entry.nearest_bloc = Some(candidate as u32);
            }
        }
    }
    entry.ratio = match (entry.own, entry.nearest) {
        (Some(own), Some(nearest)) if own > 0.0 => Some(nearest / own),
        _ => None,
    };
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatasetBuilder, Member};
    use ndarray::array;

    fn members(codes: &[&str]) -> Dataset {
        let mut b = DatasetBuilder::new("test");
        for c in codes {
            b.member(Member::new(*c, *c));
        }
        b.finish().unwrap()
    }

    #[test]
    fn ratio_skips_self_undefined_pairs_and_unassigned_members() {
        let data = members(&["A", "B", "C", "D", "E"]);
        let nan = f64::NAN;
        // A, B, C in bloc 1; D in bloc 2; E unassigned.
        let s = array![
            [1.0, 0.9, 0.7, 0.72, 0.99],
            [0.9, 1.0, nan, 0.3, 0.1],
            [0.7, nan, 1.0, 0.5, 0.1],
            [0.72, 0.3, 0.5, 1.0, 0.1],
            [0.99, 0.1, 0.1, 0.1, 1.0],
        ];
        let result = bridges(&data, &[1, 1, 1, 2, 0], s.view()).unwrap();
        // A: own mean (0.9 + 0.7) / 2 = 0.8; bloc 2 mean 0.72; E ignored.
        assert_eq!(result[0].own, Some(0.8));
        assert_eq!(result[0].nearest, Some(0.72));
        assert!((result[0].ratio.unwrap() - 0.9).abs() < 1e-12);
        // B: own = 0.9 only (NaN with C skipped).
        assert_eq!(result[1].own, Some(0.9));
        // D: alone in bloc 2: no own mean, no ratio.
        assert_eq!(result[3].own, None);
        assert_eq!(result[3].nearest_bloc, Some(1));
        assert_eq!(result[3].ratio, None);
        assert_eq!(result[4].nearest_bloc, None);
    }

    #[test]
    fn nearest_bloc_ties_go_to_the_smaller_number() {
        let data = members(&["A", "B", "C", "D"]);
        let s = array![
            [1.0, 0.8, 0.6, 0.6],
            [0.8, 1.0, 0.0, 0.0],
            [0.6, 0.0, 1.0, 0.0],
            [0.6, 0.0, 0.0, 1.0],
        ];
        let result = bridges(&data, &[1, 1, 3, 2], s.view()).unwrap();
        assert_eq!(result[0].nearest_bloc, Some(2));
        assert_eq!(result[0].ratio, Some(0.6 / 0.8));
        // B: own 0.8; other blocs 0.0.
        assert_eq!(result[1].ratio, Some(0.0));
    }

    #[test]
    fn wrong_shape_is_an_error() {
        let data = members(&["A", "B"]);
        let s = array![[1.0, 0.5, 0.5], [0.5, 1.0, 0.5]];
        assert_eq!(
            bridges(&data, &[1, 1], s.view()),
            Err(SwingError::SimilarityShape {
                expected: 2,
                rows: 2,
                columns: 3
            })
        );
    }
}
