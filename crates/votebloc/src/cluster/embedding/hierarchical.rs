//! Agglomerative hierarchical clustering on a dense distance matrix (nearest-neighbour chain).
//!
//! Written here rather than through `linfa-hierarchical` because that crate takes a
//! `linfa_kernel::Kernel` (a crate votebloc does not depend on directly), turns similarities
//! into distances with −ln, and numbers clusters in `HashMap` order; this version works on the
//! distances themselves, is deterministic, and builds the tree once for every k.

use super::EmbeddingError;
use super::Linkage;
use super::distance::check_distances;
use ndarray::{Array2, ArrayView2};

/// One merge of the agglomeration: the clusters represented by members `kept` and `absorbed`
/// join at `height` (their linkage distance); the union is then represented by `kept`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The smaller representative index; it represents the union afterwards.
    pub kept: usize,
    /// The larger representative index, no longer used after this merge.
    pub absorbed: usize,
    /// Linkage distance of the two clusters (raised, if rounding made it lower, to the height
    /// of the merges that formed them).
    pub height: f64,
}

/// The full agglomeration of `members` members: `members − 1` merges by non-decreasing height.
#[derive(Debug, Clone, PartialEq)]
pub struct Dendrogram {
    /// Number of members (leaves).
    pub members: usize,
    /// The `members − 1` merges, lowest first.
    pub merges: Vec<Merge>,
}

/// Builds the dendrogram of a distance matrix with the given linkage.
///
/// Takes a square, finite, non-negative distance matrix (at least 3 members); returns the
/// `n − 1` merges sorted by height (ties keep the order in which they were made, so a cluster
/// is always formed before it is merged again). Heights are made monotone (a merge is never
/// lower than the merges that formed its two clusters), which guards cuts against rounding.
///
/// Deterministic: ties between neighbours go to the previous chain element, then to the smallest
/// member index.
///
/// References: F. Murtagh (1983), "A survey of recent advances in hierarchical clustering
/// algorithms", *The Computer Journal* 26(4): 354–359; D. Müllner (2011), "Modern hierarchical,
/// agglomerative clustering algorithms", arXiv:1109.2378; R. R. Sokal & C. D. Michener (1958)
/// for average linkage (UPGMA).
///
/// # Complexity
///
/// O(n²) time and memory (nearest-neighbour chain; average, complete and single linkage are
/// reducible, so the chain gives the same tree as the textbook O(n³) algorithm).
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use votebloc::cluster::embedding::{Linkage, dendrogram};
///
/// let distance = array![
///     [0.0, 1.0, 5.0, 6.0],
///     [1.0, 0.0, 5.0, 6.0],
///     [5.0, 5.0, 0.0, 2.0],
///     [6.0, 6.0, 2.0, 0.0],
/// ];
/// let tree = dendrogram(distance.view(), Linkage::Average).unwrap();
/// let heights: Vec<f64> = tree.merges.iter().map(|merge| merge.height).collect();
/// assert_eq!(heights, vec![1.0, 2.0, 5.5]);
/// assert_eq!(tree.cut(2), vec![0, 0, 2, 2]);
/// ```
pub fn dendrogram(
    distances: ArrayView2<f64>,
    linkage: Linkage,
) -> Result<Dendrogram, EmbeddingError> {
    let members = check_distances(distances)?;
    let mut distance = symmetrised(distances, members);
    let mut active = vec![true; members];
    let mut size = vec![1usize; members];
    // Height at which each active cluster was formed (0 for a single member).
    let mut formed = vec![0.0f64; members];
    let mut chain: Vec<usize> = Vec::with_capacity(members);
    let mut merges = Vec::with_capacity(members - 1);
    let mut remaining = members;
    while remaining > 1 {
        if chain.is_empty() {
            let first = active.iter().position(|&is_active| is_active).unwrap_or(0);
            chain.push(first);
        }
        let (a, b) = reciprocal_neighbours(&mut chain, &distance, &active);
        if a == b {
            break;
        }
        let (kept, absorbed) = (a.min(b), a.max(b));
        let height = distance[[a, b]].max(formed[a]).max(formed[b]);
        for other in 0..members {
            if !active[other] || other == a || other == b {
                continue;
            }
            let (to_a, to_b) = (distance[[a, other]], distance[[b, other]]);
            let updated = match linkage {
                Linkage::Average => {
                    (size[a] as f64 * to_a + size[b] as f64 * to_b) / (size[a] + size[b]) as f64
                }
                Linkage::Complete => to_a.max(to_b),
                Linkage::Single => to_a.min(to_b),
            };
            distance[[kept, other]] = updated;
            distance[[other, kept]] = updated;
        }
        size[kept] += size[absorbed];
        formed[kept] = height;
        active[absorbed] = false;
        remaining -= 1;
        merges.push(Merge {
            kept,
            absorbed,
            height,
        });
    }
    // Stable: equal heights keep creation order, so a prefix never holds a merge without the
    // merges that formed its clusters.
    merges.sort_by(|x, y| x.height.total_cmp(&y.height));
    Ok(Dendrogram { members, merges })
}

/// A working copy of the distances with each pair at the mean of its two entries (the rows
/// of merged clusters are overwritten in it).
fn symmetrised(distances: ArrayView2<f64>, members: usize) -> Array2<f64> {
    let mut distance = distances.to_owned();
    for row in 0..members {
        for column in (row + 1)..members {
            let mean = 0.5 * (distances[[row, column]] + distances[[column, row]]);
            distance[[row, column]] = mean;
            distance[[column, row]] = mean;
        }
    }
    distance
}

/// Grows the nearest-neighbour chain (not empty) until its last two clusters are each
/// other's nearest, pops them and returns them (tip first); `(0, 0)` if the chain runs out.
/// Ties go to the previous chain element, then to the smallest index.
fn reciprocal_neighbours(
    chain: &mut Vec<usize>,
    distance: &Array2<f64>,
    active: &[bool],
) -> (usize, usize) {
    let members = active.len();
    loop {
        let Some(&tip) = chain.last() else {
            return (0, 0);
        };
        let previous = chain.len().checked_sub(2).map(|position| chain[position]);
        let (mut nearest, mut nearest_distance) = match previous {
            Some(previous) => (previous, distance[[tip, previous]]),
            None => (usize::MAX, f64::INFINITY),
        };
        for other in 0..members {
            if active[other] && other != tip && distance[[tip, other]] < nearest_distance {
                nearest = other;
                nearest_distance = distance[[tip, other]];
            }
        }
        if nearest == usize::MAX {
            // Only reachable with infinite distances, which the input check excludes.
            nearest = (0..members)
                .find(|&other| active[other] && other != tip)
                .unwrap_or(tip);
        }
        if Some(nearest) == previous {
            chain.pop();
            chain.pop();
            return (tip, nearest);
        }
        chain.push(nearest);
    }
}

impl Dendrogram {
    /// The partition into `k` clusters (the lowest `members − k` merges applied), as one label per
    /// member: the smallest member index of its cluster. `k` is clamped to 1..=members.
    ///
    /// # Complexity
    ///
    /// O(n α(n)).
    ///
    /// # Examples
    ///
    /// ```
    /// use ndarray::array;
    /// use votebloc::cluster::embedding::{Linkage, dendrogram};
    ///
    /// let distance = array![[0.0, 4.0, 1.0], [4.0, 0.0, 4.0], [1.0, 4.0, 0.0]];
    /// let tree = dendrogram(distance.view(), Linkage::Complete).unwrap();
    /// assert_eq!(tree.cut(3), vec![0, 1, 2]);
    /// assert_eq!(tree.cut(2), vec![0, 1, 0]);
    /// assert_eq!(tree.cut(1), vec![0, 0, 0]);
    /// ```
    pub fn cut(&self, k: usize) -> Vec<usize> {
        let k = k.clamp(1, self.members.max(1));
        let mut parent: Vec<usize> = (0..self.members).collect();
        fn root(parent: &mut [usize], mut node: usize) -> usize {
            while parent[node] != node {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }
            node
        }
        for merge in self.merges.iter().take(self.members.saturating_sub(k)) {
            let (x, y) = (
                root(&mut parent, merge.kept),
                root(&mut parent, merge.absorbed),
            );
            // The smaller index as root makes the label the cluster's smallest member.
            let (low, high) = (x.min(y), x.max(y));
            parent[high] = low;
        }
        (0..self.members)
            .map(|member| root(&mut parent, member))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Textbook O(n³) agglomeration: clusters as member lists, linkage from the original
    /// distances, the globally closest pair merged at each step.
    fn naive_cut(distance: &Array2<f64>, linkage: Linkage, k: usize) -> Vec<usize> {
        let n = distance.nrows();
        let mut clusters: Vec<Vec<usize>> = (0..n).map(|member| vec![member]).collect();
        let between = |x: &[usize], y: &[usize]| {
            let values = x
                .iter()
                .flat_map(|&i| y.iter().map(move |&j| distance[[i, j]]));
            match linkage {
                Linkage::Average => values.sum::<f64>() / (x.len() * y.len()) as f64,
                Linkage::Complete => values.fold(f64::NEG_INFINITY, f64::max),
                Linkage::Single => values.fold(f64::INFINITY, f64::min),
            }
        };
        while clusters.len() > k {
            let mut best = (0, 1, f64::INFINITY);
            for x in 0..clusters.len() {
                for y in (x + 1)..clusters.len() {
                    let d = between(&clusters[x], &clusters[y]);
                    if d < best.2 {
                        best = (x, y, d);
                    }
                }
            }
            let absorbed = clusters.remove(best.1);
            clusters[best.0].extend(absorbed);
        }
        let mut labels = vec![0; n];
        for cluster in &clusters {
            let smallest = cluster.iter().copied().min().unwrap_or(0);
            for &member in cluster {
                labels[member] = smallest;
            }
        }
        labels
    }

    #[test]
    fn matches_the_textbook_algorithm_on_random_points() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        for trial in 0..6 {
            let n = 8 + 5 * trial;
            let points: Vec<(f64, f64)> = (0..n).map(|_| (rng.r#gen(), rng.r#gen())).collect();
            let distance = Array2::from_shape_fn((n, n), |(i, j)| {
                ((points[i].0 - points[j].0).powi(2) + (points[i].1 - points[j].1).powi(2)).sqrt()
            });
            for linkage in [Linkage::Average, Linkage::Complete, Linkage::Single] {
                let tree = dendrogram(distance.view(), linkage).unwrap();
                assert_eq!(tree.merges.len(), n - 1);
                assert!(
                    tree.merges
                        .windows(2)
                        .all(|pair| pair[0].height <= pair[1].height)
                );
                for k in 1..=n {
                    assert_eq!(
                        tree.cut(k),
                        naive_cut(&distance, linkage, k),
                        "n = {n}, {linkage:?}, k = {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn ties_are_deterministic_and_cuts_are_consistent() {
        // Every pair at the same distance: merges go by smallest index.
        let distance = Array2::from_shape_fn((5, 5), |(i, j)| if i == j { 0.0 } else { 1.0 });
        let tree = dendrogram(distance.view(), Linkage::Average).unwrap();
        assert_eq!(tree, dendrogram(distance.view(), Linkage::Average).unwrap());
        assert_eq!(tree.cut(5), vec![0, 1, 2, 3, 4]);
        assert_eq!(tree.cut(1), vec![0; 5]);
        assert_eq!(tree.cut(0), vec![0; 5]);
        // Each cut refines the next coarser one.
        for k in 2..=5 {
            let (fine, coarse) = (tree.cut(k), tree.cut(k - 1));
            for i in 0..5 {
                for j in 0..5 {
                    if fine[i] == fine[j] {
                        assert_eq!(coarse[i], coarse[j]);
                    }
                }
            }
        }
    }

    #[test]
    fn bad_distances_are_errors() {
        let mut distance = Array2::<f64>::zeros((4, 4));
        distance[[0, 3]] = f64::NAN;
        assert!(matches!(
            dendrogram(distance.view(), Linkage::Single),
            Err(EmbeddingError::InvalidDistance {
                row: 0,
                column: 3,
                ..
            })
        ));
    }
}
