//! Partition quality and agreement scores.
//!
//! Quality of one partition of a graph: [`modularity`], [`signed_modularity`], [`cpm_quality`];
//! of a clustering given distances: [`silhouette`] / [`silhouette_with`]. Agreement between two
//! partitions of the same items: [`adjusted_rand_index`], [`normalized_mutual_info`].
//!
//! Labels are any `u32` values: only which items share a label matters. These functions are
//! written straight from the published formulas, independently of the Leiden code, so that each
//! can check the other.

use crate::cluster::csr::CsrGraph;
use ndarray::ArrayView2;

/// Why a score could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QualityError {
    #[error("the membership has {found} entries but the graph has {expected} nodes")]
    MembershipLength { expected: usize, found: usize },
    #[error("the two labelings have different lengths ({left} and {right})")]
    LabelingLengths { left: usize, right: usize },
    #[error(
        "edge {source_node}–{target_node} has negative weight {weight}: modularity needs non-negative weights; use signed modularity for a signed graph"
    )]
    NegativeWeight {
        source_node: usize,
        target_node: usize,
        weight: f64,
    },
    #[error("resolution {value} is not a finite number")]
    Resolution { value: f64 },
    #[error(
        "the distance matrix is {rows}×{columns}; expected {expected}×{expected} (one row and column per item)"
    )]
    DistanceShape {
        rows: usize,
        columns: usize,
        expected: usize,
    },
    #[error("distance between items {row} and {column} is {value}; expected a finite number ≥ 0")]
    Distance {
        row: usize,
        column: usize,
        value: f64,
    },
    #[error(
        "the silhouette needs between 2 and n − 1 clusters; found {clusters} clusters of {items} items"
    )]
    ClusterCount { clusters: usize, items: usize },
}

/// Dense labels `0..count` (in increasing order of the original labels) and `count`.
fn dense_labels(labels: &[u32]) -> (Vec<usize>, usize) {
    let mut distinct = labels.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let dense = labels
        .iter()
        .map(|label| distinct.binary_search(label).unwrap_or_default())
        .collect();
    (dense, distinct.len())
}

fn check_membership(
    graph: &CsrGraph,
    membership: &[u32],
    resolution: f64,
) -> Result<(), QualityError> {
    if membership.len() != graph.node_count() {
        return Err(QualityError::MembershipLength {
            expected: graph.node_count(),
            found: membership.len(),
        });
    }
    if !resolution.is_finite() {
        return Err(QualityError::Resolution { value: resolution });
    }
    Ok(())
}

/// `Σ_ij A_ij δ(c_i, c_j)`, where a self-loop of weight `w` is `A_ii = 2w` (both directions of
/// every edge counted), and the per-community sums of `node_value`.
fn inner_weight_and_totals(
    graph: &CsrGraph,
    community: &[usize],
    count: usize,
    node_value: impl Fn(usize) -> f64,
) -> (f64, Vec<f64>) {
    let mut inner = 0.0;
    let mut totals = vec![0.0; count];
    for node in 0..graph.node_count() {
        for (neighbour, weight) in graph.neighbours(node) {
            if neighbour == node {
                inner += 2.0 * weight;
            } else if community[neighbour] == community[node] {
                inner += weight;
            }
        }
        totals[community[node]] += node_value(node);
    }
    (inner, totals)
}

/// Newman–Girvan modularity with resolution γ (Newman & Girvan 2004, Phys. Rev. E 69:026113;
/// resolution: Reichardt & Bornholdt 2006, Phys. Rev. E 74:016110):
/// `Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j / (2m)] δ(c_i, c_j)`.
///
/// Takes the graph, one community label per node and γ. A self-loop of weight `w` counts `2w`
/// in `A_ii` and in the strength (igraph's and networkx's convention). A graph without edge
/// weight has modularity 0.
///
/// # Errors
///
/// Wrong membership length, non-finite γ, a negative edge weight (use [`signed_modularity`]).
///
/// # Complexity
///
/// O(n log n + m).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::csr::CsrGraph;
/// use votebloc::cluster::quality::modularity;
/// let graph = CsrGraph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)]).unwrap();
/// assert!((modularity(&graph, &[0, 0, 1, 1], 1.0).unwrap() - 0.5).abs() < 1e-12);
/// ```
pub fn modularity(
    graph: &CsrGraph,
    membership: &[u32],
    resolution: f64,
) -> Result<f64, QualityError> {
    check_membership(graph, membership, resolution)?;
    if let Some((source_node, target_node, weight)) = graph.first_negative_edge() {
        return Err(QualityError::NegativeWeight {
            source_node,
            target_node,
            weight,
        });
    }
    let twice_total = 2.0 * graph.total_weight();
    if twice_total <= 0.0 {
        return Ok(0.0);
    }
    let (community, count) = dense_labels(membership);
    let (inner, totals) =
        inner_weight_and_totals(graph, &community, count, |node| graph.strength(node));
    let expected: f64 = totals
        .iter()
        .map(|total| (total / twice_total).powi(2))
        .sum();
    Ok(inner / twice_total - resolution * expected)
}

/// Signed modularity (Gómez, Jensen & Arenas 2009, Phys. Rev. E 80:016114):
/// `Q = 1/(2w⁺ + 2w⁻) Σ_ij [w_ij − γ (s⁺_i s⁺_j / (2w⁺) − s⁻_i s⁻_j / (2w⁻))] δ(c_i, c_j)`,
/// with `w⁺`, `w⁻` the total positive and (magnitude of the) negative weight and `s⁺_i`, `s⁻_i`
/// the positive and negative strengths. A term whose total weight is 0 is left out; on a
/// graph without negative weights this is [`modularity`].
///
/// # Errors
///
/// Wrong membership length, non-finite γ.
///
/// # Complexity
///
/// O(n log n + m).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::csr::CsrGraph;
/// use votebloc::cluster::quality::signed_modularity;
/// let graph = CsrGraph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0), (1, 2, -1.0)]).unwrap();
/// let apart = signed_modularity(&graph, &[0, 0, 1, 1], 1.0).unwrap();
/// let together = signed_modularity(&graph, &[0, 0, 0, 0], 1.0).unwrap();
/// assert!(apart > together);
/// ```
pub fn signed_modularity(
    graph: &CsrGraph,
    membership: &[u32],
    resolution: f64,
) -> Result<f64, QualityError> {
    check_membership(graph, membership, resolution)?;
    let twice_positive = 2.0 * graph.total_positive_weight();
    let twice_negative = 2.0 * graph.total_negative_weight();
    if twice_positive + twice_negative <= 0.0 {
        return Ok(0.0);
    }
    let (community, count) = dense_labels(membership);
    let (inner, positive_totals) = inner_weight_and_totals(graph, &community, count, |node| {
        graph.positive_strength(node)
    });
    let mut negative_totals = vec![0.0; count];
    for (node, &label) in community.iter().enumerate() {
        negative_totals[label] += graph.negative_strength(node);
    }
    let expected_positive: f64 = if twice_positive > 0.0 {
        positive_totals.iter().map(|t| t * t).sum::<f64>() / twice_positive
    } else {
        0.0
    };
    let expected_negative: f64 = if twice_negative > 0.0 {
        negative_totals.iter().map(|t| t * t).sum::<f64>() / twice_negative
    } else {
        0.0
    };
    Ok(
        (inner - resolution * (expected_positive - expected_negative))
            / (twice_positive + twice_negative),
    )
}

/// Constant Potts model quality (Traag, Van Dooren & Nesterov 2011, Phys. Rev. E 84:016114):
/// `H = Σ_c [e_c − γ n_c (n_c − 1) / 2]`, with `e_c` the total weight of the edges inside
/// community `c` (self-loops included, each edge once) and `n_c` its number of nodes.
/// (leidenalg's `CPMVertexPartition.quality()` reports twice this value.)
///
/// # Errors
///
/// Wrong membership length, non-finite γ.
///
/// # Complexity
///
/// O(n log n + m).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::csr::CsrGraph;
/// use votebloc::cluster::quality::cpm_quality;
/// let triangle = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]).unwrap();
/// assert_eq!(cpm_quality(&triangle, &[0, 0, 0], 0.5).unwrap(), 3.0 - 0.5 * 3.0);
/// ```
pub fn cpm_quality(
    graph: &CsrGraph,
    membership: &[u32],
    resolution: f64,
) -> Result<f64, QualityError> {
    check_membership(graph, membership, resolution)?;
    let (community, count) = dense_labels(membership);
    let (twice_inner, sizes) = inner_weight_and_totals(graph, &community, count, |_| 1.0);
    let pairs: f64 = sizes.iter().map(|n| n * (n - 1.0) / 2.0).sum();
    Ok(twice_inner / 2.0 - resolution * pairs)
}

/// Silhouette of each item and their mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Silhouette {
    /// `s(i)` by item, in [−1, 1]; 0 for an item alone in its cluster.
    pub values: Vec<f64>,
    /// Mean of `values` over all items.
    pub mean: f64,
}

/// Silhouette (Rousseeuw 1987, J. Comput. Appl. Math. 20:53–65) from a dense distance matrix.
///
/// `s(i) = (b − a) / max(a, b)`, where `a` is the mean distance from `i` to the other members of
/// its cluster and `b` the smallest mean distance from `i` to the members of another cluster;
/// `s(i) = 0` when `i` is alone in its cluster (scikit-learn's convention, and its values).
/// Only `distances[[i, j]]` with `i ≠ j` are read (the diagonal is ignored).
///
/// # Errors
///
/// A matrix that is not n×n, a distance that is negative or not finite, fewer than 2 or more than
/// n − 1 clusters.
///
/// # Complexity
///
/// O(n²) time, O(n + k) memory.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use votebloc::cluster::quality::silhouette;
/// let distances = array![[0.0, 1.0, 4.0], [1.0, 0.0, 3.0], [4.0, 3.0, 0.0]];
/// let scores = silhouette(distances.view(), &[0, 0, 1]).unwrap();
/// assert_eq!(scores.values, vec![0.75, 2.0 / 3.0, 0.0]);
/// ```
pub fn silhouette(
    distances: ArrayView2<'_, f64>,
    membership: &[u32],
) -> Result<Silhouette, QualityError> {
    let (rows, columns) = distances.dim();
    if rows != membership.len() || columns != membership.len() {
        return Err(QualityError::DistanceShape {
            rows,
            columns,
            expected: membership.len(),
        });
    }
    for ((row, column), &value) in distances.indexed_iter() {
        if row != column && !(value.is_finite() && value >= 0.0) {
            return Err(QualityError::Distance { row, column, value });
        }
    }
    silhouette_with(membership.len(), |i, j| distances[[i, j]], membership)
}

/// Silhouette as [`silhouette`], with distances from a function `distance(i, j)` (called for
/// every ordered pair `i ≠ j`; it should be finite and ≥ 0).
///
/// # Errors
///
/// `membership.len() != item_count`, fewer than 2 or more than n − 1 clusters.
///
/// # Complexity
///
/// O(n²) calls of `distance`, O(n + k) memory.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::quality::silhouette_with;
/// let position: [f64; 4] = [0.0, 1.0, 10.0, 11.0];
/// let scores = silhouette_with(4, |i, j| (position[i] - position[j]).abs(), &[0, 0, 1, 1]).unwrap();
/// assert!(scores.mean > 0.8);
/// ```
pub fn silhouette_with(
    item_count: usize,
    distance: impl Fn(usize, usize) -> f64,
    membership: &[u32],
) -> Result<Silhouette, QualityError> {
    let clusters = SilhouetteRows::new(item_count, membership)?;
    let mut sums = vec![0.0; clusters.count];
    let values: Vec<f64> = (0..item_count)
        .map(|item| {
            sums.iter_mut().for_each(|sum| *sum = 0.0);
            for other in 0..item_count {
                if other != item {
                    sums[clusters.of[other]] += distance(item, other);
                }
            }
            clusters.score(item, &sums)
        })
        .collect();
    let mean = values.iter().sum::<f64>() / item_count as f64;
    Ok(Silhouette { values, mean })
}

/// The clusters of a silhouette, for scoring items one row of distances at a time: what a
/// pass over the rows of a similarity that computes other things from them too needs (the
/// analysis scores the silhouette and the swing bridges in one pass, without an `n × n`
/// table). Each item's score is that of [`silhouette_with`], bit for bit, when its row holds
/// the same distances: the sums run over the other items in the same order.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::quality::{SilhouetteRows, silhouette_with};
/// let position: [f64; 4] = [0.0, 1.0, 10.0, 11.0];
/// let distance = |i: usize, j: usize| (position[i] - position[j]).abs();
/// let membership = [0, 0, 1, 1];
/// let clusters = SilhouetteRows::new(4, &membership).unwrap();
/// let mut sums = vec![0.0; clusters.cluster_count()];
/// let scores: Vec<f64> = (0..4)
///     .map(|i| {
///         let row: Vec<f64> = (0..4).map(|j| distance(i, j)).collect();
///         clusters.score_row(i, &row, &mut sums)
///     })
///     .collect();
/// assert_eq!(scores, silhouette_with(4, distance, &membership).unwrap().values);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SilhouetteRows {
    of: Vec<usize>,
    count: usize,
    sizes: Vec<usize>,
}

impl SilhouetteRows {
    /// The clusters of `membership`, which must have `item_count` items in 2 to n − 1 clusters.
    ///
    /// # Errors
    ///
    /// `membership.len() != item_count`, fewer than 2 or more than n − 1 clusters.
    ///
    /// # Complexity
    ///
    /// O(n).
    pub fn new(item_count: usize, membership: &[u32]) -> Result<SilhouetteRows, QualityError> {
        if membership.len() != item_count {
            return Err(QualityError::MembershipLength {
                expected: item_count,
                found: membership.len(),
            });
        }
        let (of, count) = dense_labels(membership);
        if count < 2 || count >= item_count {
            return Err(QualityError::ClusterCount {
                clusters: count,
                items: item_count,
            });
        }
        let mut sizes = vec![0usize; count];
        for &label in &of {
            sizes[label] += 1;
        }
        Ok(SilhouetteRows { of, count, sizes })
    }

    /// Number of clusters: the length of the `sums` scratch space of
    /// [`SilhouetteRows::score_row`].
    pub fn cluster_count(&self) -> usize {
        self.count
    }

    /// `s(item)` from `distances[j]`, the distance from `item` to each item `j`
    /// (`distances[item]` is not read), with `sums` as scratch space (one per cluster). Panics
    /// when `distances` or `sums` is too short, like slice indexing.
    ///
    /// # Complexity
    ///
    /// O(n + k).
    pub fn score_row(&self, item: usize, distances: &[f64], sums: &mut [f64]) -> f64 {
        sums.iter_mut().for_each(|sum| *sum = 0.0);
        for (other, &distance) in distances.iter().enumerate().take(self.of.len()) {
            if other != item {
                sums[self.of[other]] += distance;
            }
        }
        self.score(item, sums)
    }

    /// `s(item)` from `sums[c]`, the summed distances from `item` to the other items of each
    /// cluster `c`.
    fn score(&self, item: usize, sums: &[f64]) -> f64 {
        let own = self.of[item];
        if self.sizes[own] == 1 {
            return 0.0;
        }
        let within = sums[own] / (self.sizes[own] - 1) as f64;
        let nearest = (0..self.count)
            .filter(|&label| label != own)
            .map(|label| sums[label] / self.sizes[label] as f64)
            .fold(f64::INFINITY, f64::min);
        let scale = within.max(nearest);
        if scale > 0.0 {
            (nearest - within) / scale
        } else {
            0.0
        }
    }
}

/// Contingency table of two labelings as sorted `(a, b, count)` cells, with the class sizes.
struct Contingency {
    cells: Vec<u64>,
    left_sizes: Vec<u64>,
    right_sizes: Vec<u64>,
    items: u64,
}

fn contingency(left: &[u32], right: &[u32]) -> Result<Contingency, QualityError> {
    if left.len() != right.len() {
        return Err(QualityError::LabelingLengths {
            left: left.len(),
            right: right.len(),
        });
    }
    let (left_dense, left_count) = dense_labels(left);
    let (right_dense, right_count) = dense_labels(right);
    let mut pairs: Vec<(usize, usize)> = left_dense
        .iter()
        .copied()
        .zip(right_dense.iter().copied())
        .collect();
    pairs.sort_unstable();
    let mut cells = Vec::new();
    let mut position = 0;
    while position < pairs.len() {
        let mut end = position;
        while end < pairs.len() && pairs[end] == pairs[position] {
            end += 1;
        }
        cells.push((end - position) as u64);
        position = end;
    }
    let mut left_sizes = vec![0u64; left_count];
    let mut right_sizes = vec![0u64; right_count];
    for (&a, &b) in left_dense.iter().zip(&right_dense) {
        left_sizes[a] += 1;
        right_sizes[b] += 1;
    }
    Ok(Contingency {
        cells,
        left_sizes,
        right_sizes,
        items: left.len() as u64,
    })
}

fn pairs_of(count: u64) -> u64 {
    count * count.saturating_sub(1) / 2
}

/// Adjusted Rand index (Hubert & Arabie 1985, J. Classif. 2:193–218) between two labelings of
/// the same items: 1 for identical partitions, about 0 for independent ones, possibly negative.
///
/// Same special cases as scikit-learn's `adjusted_rand_score`: 1.0 when the two labelings put
/// exactly the same pairs together (including fewer than two items).
///
/// # Errors
///
/// Labelings of different lengths.
///
/// # Complexity
///
/// O(n log n).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::quality::adjusted_rand_index;
/// assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[5, 5, 2, 2]).unwrap(), 1.0);
/// assert!(adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]).unwrap() < 0.0);
/// ```
pub fn adjusted_rand_index(left: &[u32], right: &[u32]) -> Result<f64, QualityError> {
    let table = contingency(left, right)?;
    let together_both: u64 = table.cells.iter().map(|&n| pairs_of(n)).sum();
    let together_left: u64 = table.left_sizes.iter().map(|&n| pairs_of(n)).sum();
    let together_right: u64 = table.right_sizes.iter().map(|&n| pairs_of(n)).sum();
    if together_both == together_left && together_both == together_right {
        return Ok(1.0);
    }
    let all_pairs = pairs_of(table.items) as f64;
    let expected = together_left as f64 * together_right as f64 / all_pairs;
    let maximum = (together_left as f64 + together_right as f64) / 2.0;
    Ok((together_both as f64 - expected) / (maximum - expected))
}

/// Normalised mutual information between two labelings of the same items, normalised by the
/// arithmetic mean of the two entropies (Strehl & Ghosh 2002 use the geometric mean; the
/// arithmetic one is scikit-learn's default and equals the V-measure of Rosenberg & Hirschberg
/// 2007). Natural logarithms; in [0, 1].
///
/// Same special cases as scikit-learn's `normalized_mutual_info_score`: 1.0 when both
/// labelings have a single class (or no items), 0.0 when the mutual information is 0.
///
/// # Errors
///
/// Labelings of different lengths.
///
/// # Complexity
///
/// O(n log n).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::quality::normalized_mutual_info;
/// assert!((normalized_mutual_info(&[0, 0, 1, 1], &[1, 1, 0, 0]).unwrap() - 1.0).abs() < 1e-12);
/// assert_eq!(normalized_mutual_info(&[0, 0, 1, 1], &[0, 1, 0, 1]).unwrap(), 0.0);
/// ```
pub fn normalized_mutual_info(left: &[u32], right: &[u32]) -> Result<f64, QualityError> {
    let table = contingency(left, right)?;
    let left_classes = table.left_sizes.len();
    let right_classes = table.right_sizes.len();
    if left_classes == right_classes && left_classes <= 1 {
        return Ok(1.0);
    }
    let items = table.items as f64;
    // Re-walk the cells with their row and column to compute Σ p_ij ln(p_ij / (p_i p_j)).
    let (left_dense, _) = dense_labels(left);
    let (right_dense, _) = dense_labels(right);
    let mut pairs: Vec<(usize, usize)> = left_dense.into_iter().zip(right_dense).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut mutual_information = 0.0;
    for (&(a, b), &cell) in pairs.iter().zip(&table.cells) {
        let cell = cell as f64;
        let expected = table.left_sizes[a] as f64 * table.right_sizes[b] as f64;
        mutual_information += cell / items * (cell * items / expected).ln();
    }
    let mutual_information = mutual_information.max(0.0);
    if mutual_information == 0.0 {
        return Ok(0.0);
    }
    let entropy = |sizes: &[u64]| -> f64 {
        sizes
            .iter()
            .map(|&n| {
                let p = n as f64 / items;
                -p * p.ln()
            })
            .sum()
    };
    let normaliser = (entropy(&table.left_sizes) + entropy(&table.right_sizes)) / 2.0;
    Ok(mutual_information / normaliser)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "expected {expected}, got {actual}"
        );
    }

    use crate::cluster::leiden::test_graphs::karate;

    #[test]
    fn modularity_of_karate_optimum_matches_networkx() {
        // networkx 3 `community.modularity` of leidenalg's best partition: 0.41978961209730437.
        let best = [
            1, 1, 1, 1, 3, 3, 3, 1, 0, 0, 3, 1, 1, 1, 0, 0, 3, 1, 0, 1, 0, 1, 0, 2, 2, 2, 0, 2, 2,
            0, 0, 2, 0, 0,
        ];
        let graph = karate();
        close(
            modularity(&graph, &best, 1.0).unwrap(),
            0.41978961209730437,
            1e-15,
        );
        // Resolution 2 (networkx `modularity(..., resolution=2)`): 0.10880999342537802.
        close(
            modularity(&graph, &best, 2.0).unwrap(),
            0.10880999342537802,
            1e-15,
        );
        // On a graph without negative weights, signed modularity is modularity.
        close(
            signed_modularity(&graph, &best, 1.0).unwrap(),
            0.41978961209730437,
            1e-15,
        );
    }

    #[test]
    fn modularity_refuses_negative_weights() {
        let graph = CsrGraph::from_edges(2, &[(0, 1, -1.0)]).unwrap();
        let error = modularity(&graph, &[0, 0], 1.0).unwrap_err();
        assert!(error.to_string().contains("signed modularity"));
        assert!(matches!(
            modularity(&graph, &[0], 1.0),
            Err(QualityError::MembershipLength {
                expected: 2,
                found: 1
            })
        ));
    }

    #[test]
    fn self_loops_follow_networkx() {
        // networkx 3: G = path 0-1-2 plus self-loop (2, 2, w=2), all weight 1 otherwise;
        // modularity(G, [{0, 1}, {2}]) = 0.21875.
        let graph = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (2, 2, 2.0)]).unwrap();
        close(modularity(&graph, &[0, 0, 1], 1.0).unwrap(), 0.21875, 1e-15);
    }

    #[test]
    fn signed_modularity_by_hand() {
        // Positive pairs (0,1) w=2, (2,3) w=1; negative (1,2) w=−1, (0,3) w=−2.
        // w⁺ = 3, w⁻ = 3; s⁺ = [2, 2, 1, 1], s⁻ = [2, 1, 1, 2].
        // Partition {0,1}, {2,3}: Σ w_ij δ = 2·2 + 2·1 = 6;
        // positive null: (4² + 2²)/6 = 20/6; negative null: (3² + 3²)/6 = 3;
        // Q = (6 − (20/6 − 3)) / 12 = (6 − 1/3) / 12 = 17/36.
        let graph =
            CsrGraph::from_edges(4, &[(0, 1, 2.0), (2, 3, 1.0), (1, 2, -1.0), (0, 3, -2.0)])
                .unwrap();
        close(
            signed_modularity(&graph, &[0, 0, 1, 1], 1.0).unwrap(),
            17.0 / 36.0,
            1e-15,
        );
    }

    #[test]
    fn cpm_of_two_triangles() {
        let graph = CsrGraph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 0.5),
            ],
        )
        .unwrap();
        close(
            cpm_quality(&graph, &[0, 0, 0, 1, 1, 1], 0.25).unwrap(),
            6.0 - 0.25 * 6.0,
            1e-15,
        );
        close(
            cpm_quality(&graph, &[0; 6], 0.25).unwrap(),
            6.5 - 0.25 * 15.0,
            1e-15,
        );
    }

    #[test]
    fn silhouette_matches_scikit_learn() {
        // scikit-learn 1.9.1, silhouette_samples(D, labels, metric="precomputed") with
        // points x = [0, 1, 2, 6, 7, 20, 21, 22.5], D = |x_i − x_j|, labels [0,0,0,1,1,2,2,2]:
        let x: [f64; 8] = [0.0, 1.0, 2.0, 6.0, 7.0, 20.0, 21.0, 22.5];
        let labels = [0, 0, 0, 1, 1, 2, 2, 2];
        let distances = Array2::from_shape_fn((8, 8), |(i, j)| (x[i] - x[j]).abs());
        let scores = silhouette(distances.view(), &labels).unwrap();
        let expected = [
            0.7692307692307693,
            0.8181818181818182,
            0.6666666666666666,
            0.8,
            0.8333333333333334,
            0.8703703703703703,
            0.9137931034482759,
            0.875,
        ];
        for (value, reference) in scores.values.iter().zip(expected) {
            close(*value, reference, 1e-12);
        }
        close(scores.mean, 0.8183220076539042, 1e-12);
    }

    #[test]
    fn silhouette_errors_and_singletons() {
        let distances = Array2::from_shape_fn((3, 3), |(i, j)| (i as f64 - j as f64).abs());
        assert!(matches!(
            silhouette(distances.view(), &[0, 0, 0]),
            Err(QualityError::ClusterCount {
                clusters: 1,
                items: 3
            })
        ));
        assert!(matches!(
            silhouette(distances.view(), &[0, 1, 2]),
            Err(QualityError::ClusterCount {
                clusters: 3,
                items: 3
            })
        ));
        assert!(matches!(
            silhouette(distances.view(), &[0, 1]),
            Err(QualityError::DistanceShape { .. })
        ));
        let mut bad = distances.clone();
        bad[[0, 2]] = f64::NAN;
        assert!(matches!(
            silhouette(bad.view(), &[0, 0, 1]),
            Err(QualityError::Distance {
                row: 0,
                column: 2,
                ..
            })
        ));
        let scores = silhouette(distances.view(), &[0, 0, 1]).unwrap();
        assert_eq!(scores.values[2], 0.0);
    }

    #[test]
    fn ari_and_nmi_match_scikit_learn() {
        // scikit-learn 1.9.1: adjusted_rand_score(a, b), normalized_mutual_info_score(a, b).
        let a = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3];
        let b = [1, 1, 0, 0, 2, 2, 2, 2, 3, 3, 3, 0];
        close(adjusted_rand_index(&a, &b).unwrap(), SKLEARN_ARI, 1e-12);
        close(normalized_mutual_info(&a, &b).unwrap(), SKLEARN_NMI, 1e-12);
        // Symmetric.
        close(adjusted_rand_index(&b, &a).unwrap(), SKLEARN_ARI, 1e-12);
        close(normalized_mutual_info(&b, &a).unwrap(), SKLEARN_NMI, 1e-12);
    }

    const SKLEARN_ARI: f64 = 0.1378809869375907;
    const SKLEARN_NMI: f64 = 0.5104259822899803;

    #[test]
    fn ari_nmi_special_cases() {
        assert_eq!(adjusted_rand_index(&[], &[]).unwrap(), 1.0);
        assert_eq!(adjusted_rand_index(&[3], &[9]).unwrap(), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 1, 2], &[2, 1, 0]).unwrap(), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 1, 2]).unwrap(), 0.0);
        assert_eq!(normalized_mutual_info(&[], &[]).unwrap(), 1.0);
        assert_eq!(normalized_mutual_info(&[1, 1], &[4, 4]).unwrap(), 1.0);
        assert_eq!(normalized_mutual_info(&[0, 0, 0], &[0, 1, 2]).unwrap(), 0.0);
        assert!(matches!(
            adjusted_rand_index(&[0, 1], &[0]),
            Err(QualityError::LabelingLengths { left: 2, right: 1 })
        ));
    }
}
