//! How far apart each pair of blocs is: the mean similarity within each bloc and between the
//! two, and the silhouette of the two blocs taken alone, with a verdict that tells distinct
//! blocs from a split that could be artificial.
//!
//! Why the silhouette of the pair: a partition's mean silhouette mixes every pair of blocs, so
//! two blocs that overlap hide behind a third that stands apart (UNGA session 70: mean 0.37,
//! but the two non-aligned blocs alone 0.27). Restricted to the members of two blocs, it says
//! how much closer each member is to its own bloc than to the other, on the same distances as
//! the analysis's silhouette.
//!
//! Reference: P. J. Rousseeuw (1987), "Silhouettes: a graphical aid to the interpretation and
//! validation of cluster analysis", *J. Comput. Appl. Math.* 20:53–65, for the silhouette; the
//! reading of its mean, L. Kaufman & P. J. Rousseeuw (1990), *Finding Groups in Data*, Wiley,
//! ch. 2 §2 (p. 88): above 0.70 a strong structure, 0.51–0.70 a reasonable one, 0.26–0.50 a
//! weak structure that could be artificial, 0.25 or less no substantial structure. Here the
//! rule is applied to each pair of blocs: [`Verdict::Distinct`] above
//! [`DISTINCT_ABOVE`], [`Verdict::Weak`] down to [`NOT_SEPARATED_AT_MOST`],
//! [`Verdict::NotSeparated`] below.

use crate::choice::choice;
use serde::Serialize;

/// The least pair silhouette of two [`Verdict::Distinct`] blocs (exclusive): Kaufman &
/// Rousseeuw's lower bound of a "reasonable structure".
pub const DISTINCT_ABOVE: f64 = 0.50;

/// The pair silhouette at or below which two blocs are [`Verdict::NotSeparated`]: Kaufman &
/// Rousseeuw's "no substantial structure".
pub const NOT_SEPARATED_AT_MOST: f64 = 0.25;

choice! {
    /// How separated two blocs are, read from their pair silhouette (see the module's
    /// reference).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Verdict {
        Distinct => "distinct", "Silhouette above 0.50: a reasonable or strong structure";
        Weak => "weak", "Silhouette 0.26-0.50: a weak structure that could be artificial";
        NotSeparated => "not-separated", "Silhouette 0.25 or less: no substantial structure";
    }
}

impl Verdict {
    /// The verdict of a pair silhouette (NaN: not separated).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::separation::Verdict;
    /// assert_eq!(Verdict::of(0.97), Verdict::Distinct);
    /// assert_eq!(Verdict::of(0.27), Verdict::Weak);
    /// assert_eq!(Verdict::of(0.25), Verdict::NotSeparated);
    /// ```
    pub fn of(silhouette: f64) -> Verdict {
        if silhouette > DISTINCT_ABOVE {
            Verdict::Distinct
        } else if silhouette > NOT_SEPARATED_AT_MOST {
            Verdict::Weak
        } else {
            Verdict::NotSeparated
        }
    }

    /// Whether the two blocs deserve a warning: they are not [`Verdict::Distinct`].
    pub fn warns(self) -> bool {
        self != Verdict::Distinct
    }
}

/// The separation of two blocs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSeparation {
    /// The two blocs (numbered from 1), the smaller number first.
    pub blocs: [u32; 2],
    /// Their members.
    pub sizes: [usize; 2],
    /// Mean similarity of the pairs of members inside each bloc (undefined pairs skipped);
    /// `None` for a bloc of one member or without a defined pair.
    pub within: [Option<f64>; 2],
    /// Mean similarity of the pairs with one member in each bloc (undefined pairs skipped).
    pub between: Option<f64>,
    /// Mean silhouette of the members of the two blocs, each compared with the other bloc
    /// only, on the distances of the analysis's silhouette.
    pub silhouette: f64,
    /// Members of the two blocs closer on average to the other bloc than to their own (a
    /// negative silhouette).
    pub closer_to_other: usize,
    /// The reading of `silhouette`.
    pub verdict: Verdict,
}

/// What one member's row gives: summed distances and similarities to each bloc.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSums {
    /// The member's bloc (0: none, nothing summed).
    bloc: u32,
    /// `distance[b - 1]`: summed distance to the other members of bloc `b`.
    distance: Vec<f64>,
    /// `similarity[b - 1]`: summed defined similarities to the other members of bloc `b`,
    /// and their number.
    similarity: Vec<(f64, usize)>,
}

/// The sums of member `member` from its row: `similarity[j]` its similarity with member `j`
/// (NaN: undefined, skipped), `distance[j]` the distance the silhouette uses (finite; an
/// undefined pair at the value the caller chose), `blocs` the bloc of every member (from 1;
/// 0: none) and `bloc_count` the largest bloc number. Panics when a row is shorter than
/// `blocs`, like slice indexing.
///
/// # Complexity
///
/// O(n + k) for n members and k blocs.
pub fn member_sums(
    member: usize,
    blocs: &[u32],
    similarity: &[f64],
    distance: &[f64],
    bloc_count: usize,
) -> MemberSums {
    let bloc = blocs[member];
    let mut sums = MemberSums {
        bloc,
        distance: vec![0.0; bloc_count],
        similarity: vec![(0.0, 0); bloc_count],
    };
    if bloc == 0 {
        return sums;
    }
    for (other, &other_bloc) in blocs.iter().enumerate() {
        if other == member || other_bloc == 0 {
            continue;
        }
        let b = other_bloc as usize - 1;
        sums.distance[b] += distance[other];
        let value = similarity[other];
        if !value.is_nan() {
            sums.similarity[b].0 += value;
            sums.similarity[b].1 += 1;
        }
    }
    sums
}

/// The separation of every pair of blocs, from the [`member_sums`] of every member (member
/// order, so that the result does not depend on how the rows were read), in order of the
/// pairs (1, 2), (1, 3), …, (2, 3), …; empty with fewer than two blocs. Each member's
/// silhouette against the other bloc is Rousseeuw's `(b − a) / max(a, b)`, 0 for a member
/// alone in its bloc (as the analysis's silhouette).
///
/// # Complexity
///
/// O(n · k) for n members and k blocs.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::separation::{member_sums, pairs, Verdict};
/// // Two tight pairs far apart, on the unit scale (distance = 1 − similarity).
/// let similarity = [[1.0, 0.9, 0.1, 0.2], [0.9, 1.0, 0.2, 0.1], [0.1, 0.2, 1.0, 0.8], [0.2, 0.1, 0.8, 1.0]];
/// let blocs = [1, 1, 2, 2];
/// let sums: Vec<_> = (0..4)
///     .map(|i| {
///         let distance: Vec<f64> = similarity[i].iter().map(|s| 1.0 - s).collect();
///         member_sums(i, &blocs, &similarity[i], &distance, 2)
///     })
///     .collect();
/// let result = pairs(&sums);
/// assert_eq!(result.len(), 1);
/// assert_eq!(result[0].blocs, [1, 2]);
/// assert_eq!(result[0].within, [Some(0.9), Some(0.8)]);
/// assert!((result[0].between.unwrap() - 0.15).abs() < 1e-12);
/// assert_eq!(result[0].verdict, Verdict::Distinct);
/// ```
pub fn pairs(sums: &[MemberSums]) -> Vec<PairSeparation> {
    let bloc_count = sums.iter().map(|s| s.bloc as usize).max().unwrap_or(0);
    let mut sizes = vec![0usize; bloc_count];
    for s in sums.iter().filter(|s| s.bloc > 0) {
        sizes[s.bloc as usize - 1] += 1;
    }
    let mean = |(sum, count): (f64, usize)| (count > 0).then(|| sum / count as f64);
    // Similarity sums between blocs a and b (a ≤ b), over the rows of bloc a's members.
    let mut similarity = vec![vec![(0.0, 0usize); bloc_count]; bloc_count];
    for s in sums.iter().filter(|s| s.bloc > 0) {
        let a = s.bloc as usize - 1;
        for (b, &(sum, count)) in s.similarity.iter().enumerate().skip(a) {
            similarity[a][b].0 += sum;
            similarity[a][b].1 += count;
        }
    }
    let mut result = Vec::new();
    for a in 0..bloc_count {
        for b in a + 1..bloc_count {
            let (mut total, mut closer) = (0.0, 0usize);
            for s in sums.iter().filter(|s| s.bloc > 0) {
                let own = s.bloc as usize - 1;
                let other = match own {
                    _ if own == a => b,
                    _ if own == b => a,
                    _ => continue,
                };
                let value = pair_silhouette(s, own, other, &sizes);
                total += value;
                closer += usize::from(value < 0.0);
            }
            let silhouette = total / (sizes[a] + sizes[b]) as f64;
            result.push(PairSeparation {
                blocs: [a as u32 + 1, b as u32 + 1],
                sizes: [sizes[a], sizes[b]],
                within: [mean(similarity[a][a]), mean(similarity[b][b])],
                between: mean(similarity[a][b]),
                silhouette,
                closer_to_other: closer,
                verdict: Verdict::of(silhouette),
            });
        }
    }
    result
}

/// The silhouette of one member of bloc `own` (from 0) against bloc `other` alone.
fn pair_silhouette(sums: &MemberSums, own: usize, other: usize, sizes: &[usize]) -> f64 {
    if sizes[own] == 1 {
        return 0.0;
    }
    let within = sums.distance[own] / (sizes[own] - 1) as f64;
    let nearest = sums.distance[other] / sizes[other] as f64;
    let scale = within.max(nearest);
    if scale > 0.0 {
        (nearest - within) / scale
    } else {
        0.0
    }
}

/// The pairs that are not [`Verdict::Distinct`], for warnings, in the order of `pairs`.
pub fn indistinct(pairs: &[PairSeparation]) -> impl Iterator<Item = &PairSeparation> {
    pairs.iter().filter(|p| p.verdict.warns())
}

impl PairSeparation {
    /// One line saying why the two blocs are not distinct (or that they are), for the
    /// terminal and the report: the silhouette with its reading, the similarities, the members
    /// closer to the other bloc.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::separation::{PairSeparation, Verdict};
    /// let pair = PairSeparation {
    ///     blocs: [1, 2], sizes: [75, 64], within: [Some(0.941), Some(0.929)],
    ///     between: Some(0.909), silhouette: 0.27, closer_to_other: 15, verdict: Verdict::Weak,
    /// };
    /// assert_eq!(
    ///     pair.describe(),
    ///     "blocs 1 and 2 are not clearly distinct: silhouette 0.27 (0.50 or less: a weak \
    ///      structure that could be artificial); similarity 0.909 between them, 0.941 and \
    ///      0.929 within; 15 of 139 members are closer to the other bloc"
    /// );
    /// ```
    pub fn describe(&self) -> String {
        let [a, b] = self.blocs;
        let reading = match self.verdict {
            Verdict::Distinct => "above 0.50: distinct",
            Verdict::Weak => "0.50 or less: a weak structure that could be artificial",
            Verdict::NotSeparated => "0.25 or less: no substantial structure",
        };
        let head = if self.verdict.warns() {
            format!("blocs {a} and {b} are not clearly distinct")
        } else {
            format!("blocs {a} and {b} are distinct")
        };
        let value = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"));
        format!(
            "{head}: silhouette {:.2} ({reading}); similarity {} between them, {} and {} \
             within; {} of {} members are closer to the other bloc",
            self.silhouette,
            value(self.between),
            value(self.within[0]),
            value(self.within[1]),
            self.closer_to_other,
            self.sizes[0] + self.sizes[1]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::quality::silhouette;
    use ndarray::Array2;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Sums of every member from a dense similarity table (distance = 1 − similarity,
    /// undefined pairs at `fill`).
    fn all_sums(similarity: &Array2<f64>, blocs: &[u32], fill: f64) -> Vec<MemberSums> {
        let k = blocs.iter().copied().max().unwrap() as usize;
        (0..blocs.len())
            .map(|i| {
                let row: Vec<f64> = similarity.row(i).to_vec();
                let distance: Vec<f64> = row
                    .iter()
                    .map(|s| if s.is_nan() { fill } else { 1.0 - s })
                    .collect();
                member_sums(i, blocs, &row, &distance, k)
            })
            .collect()
    }

    #[test]
    fn the_pair_silhouette_is_the_silhouette_of_the_two_blocs_alone() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 24;
        let blocs: Vec<u32> = (0..n).map(|i| [1, 1, 2, 3, 2, 1][i % 6]).collect();
        let mut similarity = Array2::from_elem((n, n), 1.0);
        for i in 0..n {
            for j in i + 1..n {
                let near = if blocs[i] == blocs[j] { 0.3 } else { 0.0 };
                let value: f64 = (near + rng.r#gen::<f64>() * 0.7_f64).min(1.0);
                similarity[[i, j]] = value;
                similarity[[j, i]] = value;
            }
        }
        let result = pairs(&all_sums(&similarity, &blocs, 0.5));
        assert_eq!(result.len(), 3);
        for pair in &result {
            let members: Vec<usize> = (0..n).filter(|&i| pair.blocs.contains(&blocs[i])).collect();
            let m = members.len();
            let distances =
                Array2::from_shape_fn((m, m), |(x, y)| 1.0 - similarity[[members[x], members[y]]]);
            let labels: Vec<u32> = members.iter().map(|&i| blocs[i]).collect();
            let reference = silhouette(distances.view(), &labels).unwrap();
            assert!((pair.silhouette - reference.mean).abs() < 1e-12, "{pair:?}");
            let negative = reference.values.iter().filter(|&&v| v < 0.0).count();
            assert_eq!(pair.closer_to_other, negative);
            assert_eq!(pair.sizes[0] + pair.sizes[1], m);
        }
    }

    #[test]
    fn undefined_pairs_are_skipped_in_the_means_and_members_without_bloc_ignored() {
        let nan = f64::NAN;
        let similarity = ndarray::array![
            [1.0, 0.8, nan, 0.2, 0.9],
            [0.8, 1.0, 0.6, 0.4, 0.9],
            [nan, 0.6, 1.0, 1.0, 0.9],
            [0.2, 0.4, 1.0, 1.0, 0.9],
            [0.9, 0.9, 0.9, 0.9, 1.0],
        ];
        let blocs = [1, 1, 2, 2, 0];
        let result = pairs(&all_sums(&similarity, &blocs, 0.5));
        assert_eq!(result.len(), 1);
        let pair = &result[0];
        assert_eq!(pair.within, [Some(0.8), Some(1.0)]);
        // (0.2 + 0.6 + 0.4) / 3, the undefined pair left out.
        assert!((pair.between.unwrap() - 0.4).abs() < 1e-12, "{pair:?}");
        assert_eq!(pair.sizes, [2, 2]);
    }

    #[test]
    fn overlapping_blocs_are_not_separated_and_one_bloc_has_no_pair() {
        // Everyone agrees with everyone alike: any split is artificial.
        let similarity = Array2::from_elem((6, 6), 0.9);
        let result = pairs(&all_sums(&similarity, &[1, 1, 1, 2, 2, 2], 0.5));
        assert_eq!(result[0].silhouette, 0.0);
        assert_eq!(result[0].verdict, Verdict::NotSeparated);
        assert!(result[0].describe().contains("not clearly distinct"));
        assert_eq!(indistinct(&result).count(), 1);
        assert!(pairs(&all_sums(&similarity, &[1; 6], 0.5)).is_empty());
    }

    #[test]
    fn verdict_bounds_follow_kaufman_and_rousseeuw() {
        assert_eq!(Verdict::of(0.51), Verdict::Distinct);
        assert_eq!(Verdict::of(0.50), Verdict::Weak);
        assert_eq!(Verdict::of(0.26), Verdict::Weak);
        assert_eq!(Verdict::of(0.25), Verdict::NotSeparated);
        assert_eq!(Verdict::of(-0.3), Verdict::NotSeparated);
        assert_eq!(Verdict::of(f64::NAN), Verdict::NotSeparated);
        assert!(!Verdict::Distinct.warns() && Verdict::Weak.warns());
    }
}
