//! Similarity graph construction.
//!
//! Turns a [`Similarity`] table into a weighted undirected petgraph graph with one node per
//! member (node weight = member row, node index = member row) and edges chosen by a
//! [`Construction`]. Graph constructions from a similarity table (fully connected, ε-threshold,
//! k nearest neighbours) follow U. von Luxburg, "A tutorial on spectral clustering",
//! *Statistics and Computing* 17(4), 2007; the centred and signed graphs subtract the mean
//! similarity as a null model, as in M. MacMahon & D. Garlaschelli, "Community detection for
//! correlation matrices", *Physical Review X* 5, 021006, 2015, with signed edges read by signed
//! modularity (S. Gómez, P. Jensen & A. Arenas, "Analysis of community structure in networks
//! of correlated data", *Physical Review E* 80, 016114, 2009).

use crate::similarity::{Index, Similarity, right_of_diagonal};
use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which pairs become edges, and with which weight.
///
/// "The mean" below is the mean similarity over all defined off-diagonal pairs `i < j` (pairs
/// with no similarity and the diagonal left out), see [`Similarity::pair_mean`]. With no
/// defined pair, `Centered` and `Signed` give a graph without edges.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Construction {
    /// Every pair with a similarity; weight = similarity (may be zero, or negative for
    /// `kappa`, `s-score` and `cosine`).
    Full,
    /// Pairs with similarity ≥ the threshold; weight = similarity. The threshold must lie in
    /// the index's range ([`Index::range`]).
    Threshold(f64),
    /// For each member, its k most similar other members (ties: smaller member row first);
    /// the union of those pairs, weight = similarity. Requires 1 ≤ k < members.
    ///
    /// The default, with k = [`DEFAULT_NEIGHBOURS`] (30). Similarity indices are high for
    /// almost every pair (most members vote yes on most motions), so a graph of raw
    /// similarities is nearly complete and its modularity optimum blurs the blocs. Keeping each
    /// member's nearest neighbours makes the graph sparse and local, as the k-nearest-neighbour
    /// graphs that Leiden is run on in single-cell analysis (Traag et al. 2019; Wolf et al.
    /// 2018, scanpy), and, unlike the centred graph, never leaves a member without edges.
    ///
    /// Evidence (agreement index, modularity at γ = 1, 20 consensus runs; measured with this
    /// crate, see `examples/graph_choice.rs`):
    ///
    /// | data | full | centred | signed | k-nearest 30 |
    /// |---|---|---|---|---|
    /// | seed, A/C.1/77/L.56 (88 for / 54 against / 31 abstaining) | abstainers merged into "against" (leidenalg, earlier study) | 3 blocs, exact | 3 blocs, exact | 3 blocs, exact |
    /// | planted blocs, 300–1,000 members, 9 data sets: NMI | 0.88–0.95 | 0.94–1.0 | 0.94–1.0 | 1.0 on all 9 |
    /// | UNGA 1946–2019 (unvotes): Western states together, non-aligned core together | – | USA and ISR isolated | yes | yes |
    /// | US Senate 117th: blocs = caucuses | – | yes | yes | yes |
    ///
    /// Smaller k (10–20) splits the Senate's parties and the non-aligned group in two; bloc
    /// smaller than k are absorbed by their nearest bloc.
    KNearest(usize),
    /// Pairs whose similarity is above the mean; weight = similarity − mean (positive only).
    ///
    /// Subtracting the mean keeps only the pairs closer than usual; a member dissimilar to
    /// almost everyone (the USA over the UNGA's history) loses every edge and ends alone.
    Centered,
    /// Every pair with a similarity; weight = similarity − mean (positive and negative edges,
    /// for signed modularity).
    Signed,
}

/// Neighbours per member of the default graph ([`Construction::KNearest`]).
pub const DEFAULT_NEIGHBOURS: usize = 30;

impl Default for Construction {
    /// `KNearest(DEFAULT_NEIGHBOURS)`: see [`Construction::KNearest`] for the evidence.
    fn default() -> Construction {
        Construction::KNearest(DEFAULT_NEIGHBOURS)
    }
}

impl fmt::Display for Construction {
    /// `full`, `threshold:0.8`, `k-nearest:10`, `centered`, `signed` (what
    /// [`Construction::from_str`](std::str::FromStr::from_str) reads back).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Construction::Full => f.write_str("full"),
            Construction::Threshold(t) => write!(f, "threshold:{t}"),
            Construction::KNearest(k) => write!(f, "k-nearest:{k}"),
            Construction::Centered => f.write_str("centered"),
            Construction::Signed => f.write_str("signed"),
        }
    }
}

/// The text was not one of `full`, `threshold:T`, `k-nearest:K` (or `knn:K`), `centered`,
/// `signed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a graph construction (full, threshold:T, k-nearest:K, centered or signed), found {0:?}"
)]
pub struct ParseConstructionError(pub String);

impl FromStr for Construction {
    type Err = ParseConstructionError;

    /// Parses the [`Display`](fmt::Display) spelling, ignoring case and surrounding space;
    /// `=` may replace `:` and `knn` may replace `k-nearest`. Ranges are checked later, by
    /// [`GraphParams::validate`].
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::graph::Construction;
    /// assert_eq!("threshold:0.8".parse(), Ok(Construction::Threshold(0.8)));
    /// assert_eq!("KNN=5".parse(), Ok(Construction::KNearest(5)));
    /// assert!("threshold".parse::<Construction>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Construction, ParseConstructionError> {
        let lower = text.trim().to_ascii_lowercase();
        let error = || ParseConstructionError(text.to_string());
        let (name, value) = match lower.split_once([':', '=']) {
            Some((name, value)) => (name.trim(), Some(value.trim())),
            None => (lower.as_str(), None),
        };
        match (name, value) {
            ("full", None) => Ok(Construction::Full),
            ("centered" | "centred", None) => Ok(Construction::Centered),
            ("signed", None) => Ok(Construction::Signed),
            ("threshold", Some(value)) => value
                .parse::<f64>()
                .ok()
                .filter(|t| t.is_finite())
                .map(Construction::Threshold)
                .ok_or_else(error),
            ("k-nearest" | "knn", Some(value)) => value
                .parse()
                .map(Construction::KNearest)
                .map_err(|_| error()),
            _ => Err(error()),
        }
    }
}

/// Errors of [`GraphParams::validate`] and [`build`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphError {
    #[error("threshold {threshold} is outside the range of the {index} index ({min} to {max})")]
    ThresholdOutOfRange {
        threshold: f64,
        index: Index,
        min: f64,
        max: f64,
    },
    #[error("k = {k} nearest neighbours needs 1 ≤ k < number of members ({n_members})")]
    KOutOfRange { k: usize, n_members: usize },
    #[error("the graph would have {count} {what}, more than petgraph's 32-bit indices allow")]
    TooLarge { what: &'static str, count: usize },
    #[error(
        "the {construction} graph needs the similarity of every pair of the {n_members} members, \
         whose table is not built above the dense limit (--dense-max): use the k-nearest graph \
         (--graph knn), built one row at a time"
    )]
    NeedsDenseTable {
        construction: Construction,
        n_members: usize,
    },
}

impl GraphError {
    /// True when the error comes from the parameters (the CLI reports it as a usage error).
    pub fn is_usage(&self) -> bool {
        !matches!(self, GraphError::TooLarge { .. })
    }
}

/// Parameters of [`build`]. Default: [`Construction::Centered`] (see there for why).
///
/// # Examples
///
/// ```
/// use votebloc::graph::{Construction, GraphParams};
/// let params = GraphParams::new().with_construction(Construction::KNearest(10));
/// assert_eq!(params.construction.to_string(), "k-nearest:10");
/// assert_eq!(GraphParams::default().construction, Construction::KNearest(30));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphParams {
    /// Which pairs become edges.
    pub construction: Construction,
}

impl GraphParams {
    /// The defaults.
    pub fn new() -> GraphParams {
        GraphParams::default()
    }

    /// Sets the construction.
    pub fn with_construction(mut self, construction: Construction) -> GraphParams {
        self.construction = construction;
        self
    }

    /// Checks the parameters against the table they will be applied to: a threshold must be a
    /// number within the index's range, k must satisfy 1 ≤ k < number of members, and every
    /// construction but the k nearest neighbours needs the dense form of the table (their
    /// graphs have up to n²/2 edges).
    ///
    /// # Errors
    ///
    /// The first rule broken, as a [`GraphError`].
    pub fn validate(&self, similarity: &Similarity) -> Result<(), GraphError> {
        let k_nearest = matches!(self.construction, Construction::KNearest(_));
        if !k_nearest && !similarity.is_dense() {
            return Err(GraphError::NeedsDenseTable {
                construction: self.construction,
                n_members: similarity.n(),
            });
        }
        match self.construction {
            Construction::Threshold(threshold) => {
                let index = similarity.index();
                let (min, max) = index.range();
                if !(min..=max).contains(&threshold) {
                    return Err(GraphError::ThresholdOutOfRange {
                        threshold,
                        index,
                        min,
                        max,
                    });
                }
            }
            Construction::KNearest(k) => {
                let n_members = similarity.n();
                if k == 0 || k >= n_members {
                    return Err(GraphError::KOutOfRange { k, n_members });
                }
            }
            Construction::Full | Construction::Centered | Construction::Signed => {}
        }
        Ok(())
    }
}

/// Builds the similarity graph.
///
/// Takes the table and the parameters (validated here, see [`GraphParams::validate`]); returns an undirected graph whose
/// node `i` (weight `i`) is member row `i`, every member present even without edges. Edges are
/// added in `(i, j)` order with `i < j`, so edge indices, and anything iterating them, are
/// deterministic.
///
/// # Errors
///
/// Invalid parameters ([`GraphParams::validate`]); more than `u32::MAX − 1` nodes or edges.
///
/// # Complexity
///
/// O(n²) time (times M / 64 for M motions on an on-demand table), and O(edges) memory beyond
/// the graph: the k nearest neighbours are chosen one row at a time (O(n·k) memory in all),
/// the other constructions need the dense table.
///
/// # Examples
///
/// ```
/// use votebloc::graph::{build, Construction, GraphParams};
/// use votebloc::similarity::{Index, Similarity};
/// let values = ndarray::array![[1.0, 0.9, 0.2], [0.9, 1.0, 0.4], [0.2, 0.4, 1.0]];
/// let common = ndarray::Array2::from_elem((3, 3), 5u32);
/// let s = Similarity::from_parts(Index::Agreement, 1, values, common).unwrap();
/// // mean of 0.9, 0.2, 0.4 = 0.5: only (0, 1) is above it, with weight 0.4
/// let centered = GraphParams::new().with_construction(Construction::Centered);
/// let g = build(&s, &centered).unwrap();
/// assert_eq!((g.node_count(), g.edge_count()), (3, 1));
/// let threshold = GraphParams::new().with_construction(Construction::Threshold(0.3));
/// assert_eq!(build(&s, &threshold).unwrap().edge_count(), 2);
/// ```
pub fn build(
    similarity: &Similarity,
    params: &GraphParams,
) -> Result<UnGraph<usize, f64>, GraphError> {
    params.validate(similarity)?;
    let n = similarity.n();
    let limit = NodeIndex::<u32>::end().index();
    if n >= limit {
        return Err(GraphError::TooLarge {
            what: "nodes",
            count: n,
        });
    }
    let edges = edges(similarity, params.construction);
    if edges.len() >= limit {
        return Err(GraphError::TooLarge {
            what: "edges",
            count: edges.len(),
        });
    }
    let mut graph = UnGraph::with_capacity(n, edges.len());
    for member in 0..n {
        graph.add_node(member);
    }
    for (i, j, weight) in edges {
        graph.add_edge(NodeIndex::new(i), NodeIndex::new(j), weight);
    }
    Ok(graph)
}

/// The edges `(i, j, weight)` with `i < j`, in increasing `(i, j)` order.
fn edges(similarity: &Similarity, construction: Construction) -> Vec<(usize, usize, f64)> {
    let defined = || {
        similarity
            .pairs()
            .filter_map(|p| p.similarity.map(|v| (p.a, p.b, v)))
    };
    match construction {
        Construction::Full => defined().collect(),
        Construction::Threshold(threshold) => {
            defined().filter(|&(_, _, v)| v >= threshold).collect()
        }
        Construction::KNearest(k) => k_nearest(similarity, k),
        Construction::Centered => match similarity.pair_mean() {
            None => Vec::new(),
            Some(mean) => defined()
                .filter(|&(_, _, v)| v > mean)
                .map(|(i, j, v)| (i, j, v - mean))
                .collect(),
        },
        Construction::Signed => match similarity.pair_mean() {
            None => Vec::new(),
            Some(mean) => defined().map(|(i, j, v)| (i, j, v - mean)).collect(),
        },
    }
}

/// A key whose integer order is: most similar first, ties by smaller row (a total order, so
/// the choice of the k nearest is unique); the row is its low 64 bits. Comparing plain
/// integers makes the selection several times faster than a comparison closure.
///
/// The value's bits are mapped as [`f64::total_cmp`] orders them (sign bit flipped for
/// positive numbers, every bit for negative ones), then inverted for "largest first".
fn nearest_first(value: f64, row: usize) -> u128 {
    let bits = value.to_bits();
    let ascending = if bits >> 63 == 0 {
        bits | (1 << 63)
    } else {
        !bits
    };
    (u128::from(!ascending) << 64) | row as u128
}

/// Each member's k nearest others, from one row of the table at a time: rows in parallel
/// (each a row buffer of n values and a few k keys per thread, so O(n·k) memory in all, never
/// n²), each row's choice the k smallest [`nearest_first`] keys, exact whatever the form of the
/// similarity. The chosen pairs are then listed under their smaller end, in row order.
fn k_nearest(similarity: &Similarity, k: usize) -> Vec<(usize, usize, f64)> {
    let n = similarity.n();
    // Row i's choice in `nearest[i * k..]`, `u32::MAX` past its end (a row with fewer than k
    // defined pairs).
    let mut nearest = vec![u32::MAX; n.saturating_mul(k)];
    // Each row's share of the mean similarity, kept for the consumers that need it (the
    // silhouette) when the rows are computed on demand: one pass over the pairs less.
    let mut row_sums = vec![(0.0, 0usize); n];
    if k > 0 {
        nearest
            .par_chunks_mut(k)
            .zip(row_sums.par_iter_mut())
            .enumerate()
            .for_each_init(
                || (vec![f64::NAN; n], Vec::with_capacity(2 * k)),
                |(row, candidates), (i, (chosen, row_sum))| {
                    similarity.row(i, row);
                    nearest_in_row(row, i, k, candidates);
                    for (slot, &key) in chosen.iter_mut().zip(candidates.iter()) {
                        *slot = key as u64 as u32;
                    }
                    if !similarity.is_dense() {
                        *row_sum = right_of_diagonal(row, i);
                    }
                },
            );
    }
    similarity.remember_pair_mean(&row_sums);
    // The larger ends of the chosen pairs, listed under their smaller end: each list is short
    // (about k), so sorting the lists one by one costs far less than sorting all n·k pairs.
    let mut chosen: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, row) in nearest.chunks(k.max(1)).enumerate().take(n) {
        for &j in row.iter().take_while(|&&j| j != u32::MAX) {
            let j = j as usize;
            chosen[i.min(j)].push(i.max(j) as u32);
        }
    }
    drop(nearest);
    let mut edges = Vec::with_capacity(n.saturating_mul(k));
    for (i, larger) in chosen.iter_mut().enumerate() {
        larger.sort_unstable();
        larger.dedup();
        edges.extend(
            larger
                .iter()
                .filter_map(|&j| similarity.get(i, j as usize).map(|v| (i, j as usize, v))),
        );
        // The lists are done with as they are read: the edges replace them.
        *larger = Vec::new();
    }
    edges
}

/// Leaves in `candidates` the keys ([`nearest_first`]) of the `k` most similar members of row
/// `i` (its defined values but the diagonal), or all of them when fewer: the k smallest keys,
/// unique because each holds its member's row. The keys are gathered in a buffer of at most
/// 2k; when it fills, it is cut to its k smallest, whose largest then bounds what can still
/// enter, so most of a long row is passed over with one comparison.
fn nearest_in_row(row: &[f64], i: usize, k: usize, candidates: &mut Vec<u128>) {
    candidates.clear();
    let mut bound = u128::MAX;
    let keep = |candidates: &mut Vec<u128>| {
        candidates.select_nth_unstable(k - 1);
        candidates.truncate(k);
        candidates[k - 1]
    };
    for (j, &value) in row.iter().enumerate() {
        if j == i || value.is_nan() {
            continue;
        }
        let key = nearest_first(value, j);
        if key >= bound {
            continue;
        }
        candidates.push(key);
        if candidates.len() == 2 * k {
            bound = keep(candidates);
        }
    }
    if candidates.len() > k {
        keep(candidates);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};
    use petgraph::visit::EdgeRef;

    const NAN: f64 = f64::NAN;

    /// Members 0–3 with five defined pairs (1–3 has none) and member 4 with no similarity.
    /// Defined pairs: 0–1 0.9, 0–2 0.2, 0–3 0.5, 1–2 0.3, 2–3 0.8; mean = 2.7 / 5 = 0.54.
    fn table(index: Index) -> Similarity {
        let values = array![
            [1.0, 0.9, 0.2, 0.5, NAN],
            [0.9, 1.0, 0.3, NAN, NAN],
            [0.2, 0.3, 1.0, 0.8, NAN],
            [0.5, NAN, 0.8, 1.0, NAN],
            [NAN, NAN, NAN, NAN, NAN],
        ];
        let common = Array2::from_elem((5, 5), 3u32);
        Similarity::from_parts(index, 1, values, common).unwrap()
    }

    fn edge_list(graph: &UnGraph<usize, f64>) -> Vec<(usize, usize, f64)> {
        graph
            .edge_references()
            .map(|e| {
                (
                    e.source().index(),
                    e.target().index(),
                    e.weight().to_owned(),
                )
            })
            .collect()
    }

    fn assert_edges(graph: &UnGraph<usize, f64>, expected: &[(usize, usize, f64)]) {
        let actual = edge_list(graph);
        assert_eq!(actual.len(), expected.len(), "{actual:?}");
        for (&(i, j, w), &(ei, ej, ew)) in actual.iter().zip(expected) {
            assert_eq!((i, j), (ei, ej), "{actual:?}");
            assert!((w - ew).abs() < 1e-12, "({i},{j}): {w} vs {ew}");
        }
    }

    fn with(construction: Construction) -> GraphParams {
        GraphParams::new().with_construction(construction)
    }

    #[test]
    fn every_member_is_a_node_even_without_edges() {
        let g = build(&table(Index::Agreement), &with(Construction::Full)).unwrap();
        assert_eq!(g.node_count(), 5);
        assert_eq!(
            g.node_weights().copied().collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 4]
        );
        assert_eq!(g.edges(NodeIndex::new(4)).count(), 0);
    }

    #[test]
    fn full_keeps_every_defined_pair_in_order() {
        let g = build(&table(Index::Agreement), &with(Construction::Full)).unwrap();
        assert_edges(
            &g,
            &[
                (0, 1, 0.9),
                (0, 2, 0.2),
                (0, 3, 0.5),
                (1, 2, 0.3),
                (2, 3, 0.8),
            ],
        );
    }

    #[test]
    fn threshold_keeps_pairs_at_or_above_it() {
        let g = build(
            &table(Index::Agreement),
            &with(Construction::Threshold(0.5)),
        )
        .unwrap();
        assert_edges(&g, &[(0, 1, 0.9), (0, 3, 0.5), (2, 3, 0.8)]);
    }

    #[test]
    fn k_nearest_takes_the_union_of_each_members_best() {
        // k = 1: 0 → 1 (0.9), 1 → 0 (0.9), 2 → 3 (0.8), 3 → 2 (0.8).
        let g = build(&table(Index::Agreement), &with(Construction::KNearest(1))).unwrap();
        assert_edges(&g, &[(0, 1, 0.9), (2, 3, 0.8)]);
        // k = 2: 0 → 1, 3; 1 → 0, 2; 2 → 3, 1; 3 → 2, 0.
        let g = build(&table(Index::Agreement), &with(Construction::KNearest(2))).unwrap();
        assert_edges(&g, &[(0, 1, 0.9), (0, 3, 0.5), (1, 2, 0.3), (2, 3, 0.8)]);
    }

    #[test]
    fn nearest_first_keys_order_as_total_cmp_then_row() {
        let values = [
            f64::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            0.25,
            0.25 + f64::EPSILON,
            1.0,
            f64::INFINITY,
        ];
        for (a, &x) in values.iter().enumerate() {
            for (b, &y) in values.iter().enumerate() {
                for (row_x, row_y) in [(1, 2), (2, 1), (3, 3)] {
                    let expected = y.total_cmp(&x).then(row_x.cmp(&row_y));
                    let found = nearest_first(x, row_x).cmp(&nearest_first(y, row_y));
                    assert_eq!(found, expected, "{a} {x} / {b} {y}");
                }
            }
        }
    }

    #[test]
    fn k_nearest_breaks_ties_by_member_row() {
        // Member 0 is equally similar to 1, 2 and 3; members 1–3 are closest to 0.
        let values = array![
            [1.0, 0.5, 0.5, 0.5],
            [0.5, 1.0, 0.1, 0.1],
            [0.5, 0.1, 1.0, 0.1],
            [0.5, 0.1, 0.1, 1.0],
        ];
        let s = Similarity::from_parts(Index::Agreement, 1, values, Array2::from_elem((4, 4), 2))
            .unwrap();
        let g = build(&s, &with(Construction::KNearest(1))).unwrap();
        assert_edges(&g, &[(0, 1, 0.5), (0, 2, 0.5), (0, 3, 0.5)]);
        // k = 2: 0 → 1, 2; 1 → 0 then the tie 2 vs 3 at 0.1 → 2; 2 → 0, 1; 3 → 0, 1.
        let g = build(&s, &with(Construction::KNearest(2))).unwrap();
        assert_edges(
            &g,
            &[
                (0, 1, 0.5),
                (0, 2, 0.5),
                (0, 3, 0.5),
                (1, 2, 0.1),
                (1, 3, 0.1),
            ],
        );
    }

    /// The construction before the graph was built from rows: every row of the dense table
    /// read by `get`, all its candidates sorted out at once, on one thread.
    fn k_nearest_reference(similarity: &Similarity, k: usize) -> Vec<(usize, usize, f64)> {
        let n = similarity.n();
        let mut chosen: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut candidates: Vec<u128> = Vec::with_capacity(n);
        for i in 0..n {
            candidates.clear();
            candidates.extend(
                (0..n)
                    .filter(|&j| j != i)
                    .filter_map(|j| similarity.get(i, j).map(|v| nearest_first(v, j))),
            );
            if candidates.len() > k {
                candidates.select_nth_unstable(k - 1);
                candidates.truncate(k);
            }
            for &key in &candidates {
                let j = key as u64 as usize;
                chosen[i.min(j)].push(i.max(j) as u32);
            }
        }
        let mut edges = Vec::new();
        for (i, larger) in chosen.iter_mut().enumerate() {
            larger.sort_unstable();
            larger.dedup();
            edges.extend(
                larger
                    .iter()
                    .filter_map(|&j| similarity.get(i, j as usize).map(|v| (i, j as usize, v))),
            );
        }
        edges
    }

    fn bits(edges: &[(usize, usize, f64)]) -> Vec<(usize, usize, u64)> {
        edges.iter().map(|&(i, j, w)| (i, j, w.to_bits())).collect()
    }

    #[test]
    fn k_nearest_from_rows_on_demand_is_the_dense_construction_bit_for_bit() {
        use crate::Choice;
        use crate::matrix::VoteMatrix;
        use crate::similarity::{SimilarityParams, compute, on_demand};
        use crate::synthetic::{PlantedParams, planted};
        // Few motions make many ties (equal values broken by row), several blocs and absences
        // make undefined pairs under min_common; 130 motions span three words of the planes.
        for (members, motions, min_common, seed) in [
            (150, 4, 1, 1),
            (200, 12, 3, 2),
            (120, 130, 40, 3),
            (90, 1, 1, 4),
        ] {
            let data = planted(
                &PlantedParams::default()
                    .n_members(members)
                    .n_motions(motions)
                    .n_blocs(4)
                    .seed(seed),
            )
            .unwrap()
            .dataset;
            let matrix = VoteMatrix::from_dataset(&data).unwrap();
            for &index in Index::ALL {
                let params = SimilarityParams::new()
                    .with_index(index)
                    .with_min_common_votes(min_common);
                let dense = compute(&matrix, &params).unwrap();
                let rows = on_demand(&matrix, &params).unwrap();
                for k in [1, 2, 7, 30, members - 1] {
                    let expected = bits(&k_nearest_reference(&dense, k));
                    assert!(!expected.is_empty());
                    assert_eq!(bits(&k_nearest(&dense, k)), expected, "{index} k={k} dense");
                    assert_eq!(bits(&k_nearest(&rows, k)), expected, "{index} k={k} rows");
                    let graph = build(&rows, &with(Construction::KNearest(k))).unwrap();
                    assert_eq!(bits(&edge_list(&graph)), expected, "{index} k={k} graph");
                }
                // The pass kept the mean of the pairs on the way: the one a fresh table
                // computes, and within rounding of the dense table's (summed in another order).
                let fresh = on_demand(&matrix, &params).unwrap().pair_mean();
                assert_eq!(rows.pair_mean().map(f64::to_bits), fresh.map(f64::to_bits));
                let (a, b) = (rows.pair_mean().unwrap(), dense.pair_mean().unwrap());
                assert!((a - b).abs() < 1e-12, "{index}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn the_bounded_buffer_keeps_the_k_smallest_keys_of_a_row() {
        // Long runs of ties and a few undefined values, so the buffer fills and is cut many
        // times and the bound decides on equal values.
        let row: Vec<f64> = (0..1000)
            .map(|j| match j % 7 {
                0 => f64::NAN,
                r => (r % 3) as f64 / 2.0,
            })
            .collect();
        for k in [1, 3, 10, 200, 900] {
            let mut candidates = Vec::new();
            nearest_in_row(&row, 5, k, &mut candidates);
            candidates.sort_unstable();
            let mut all: Vec<u128> = (0..row.len())
                .filter(|&j| j != 5 && !row[j].is_nan())
                .map(|j| nearest_first(row[j], j))
                .collect();
            all.sort_unstable();
            all.truncate(k);
            assert_eq!(candidates, all, "k = {k}");
        }
    }

    #[test]
    fn without_the_dense_table_only_the_k_nearest_graph_is_built() {
        use crate::matrix::{NO, VoteMatrix, YES};
        use crate::similarity::{SimilarityParams, on_demand};
        let codes = ndarray::array![[YES, NO], [YES, YES], [NO, NO]];
        let ids = |n: usize| (0..n).map(|k| k.to_string()).collect::<Vec<_>>();
        let matrix = VoteMatrix::from_codes(ids(3), ids(2), codes).unwrap();
        let rows = on_demand(&matrix, &SimilarityParams::new()).unwrap();
        for construction in [
            Construction::Full,
            Construction::Threshold(0.5),
            Construction::Centered,
            Construction::Signed,
        ] {
            let error = build(&rows, &with(construction)).unwrap_err();
            assert_eq!(
                error,
                GraphError::NeedsDenseTable {
                    construction,
                    n_members: 3
                }
            );
            assert!(error.is_usage());
            assert!(error.to_string().contains("--graph knn"), "{error}");
        }
        let graph = build(&rows, &with(Construction::KNearest(1))).unwrap();
        // 0 is nearest to 1 and 2 (0.5 each, 1 first); 1 to 0; 2 to 0.
        assert_edges(&graph, &[(0, 1, 0.5), (0, 2, 0.5)]);
    }

    #[test]
    fn centered_keeps_pairs_above_the_mean_minus_the_mean() {
        // mean 0.54: 0.9 → 0.36, 0.8 → 0.26; 0.5, 0.3, 0.2 dropped.
        let centered = GraphParams::new().with_construction(Construction::Centered);
        let g = build(&table(Index::Agreement), &centered).unwrap();
        assert_edges(&g, &[(0, 1, 0.36), (2, 3, 0.26)]);
    }

    #[test]
    fn signed_keeps_every_pair_minus_the_mean() {
        let g = build(&table(Index::Agreement), &with(Construction::Signed)).unwrap();
        assert_edges(
            &g,
            &[
                (0, 1, 0.36),
                (0, 2, -0.34),
                (0, 3, -0.04),
                (1, 2, -0.24),
                (2, 3, 0.26),
            ],
        );
    }

    #[test]
    fn a_table_without_pairs_gives_isolated_nodes() {
        let values = array![[1.0, NAN], [NAN, 1.0]];
        let s = Similarity::from_parts(Index::Kappa, 1, values, Array2::zeros((2, 2))).unwrap();
        for construction in [
            Construction::Centered,
            Construction::Signed,
            Construction::Full,
        ] {
            let g = build(&s, &with(construction)).unwrap();
            assert_eq!((g.node_count(), g.edge_count()), (2, 0));
        }
    }

    #[test]
    fn parameters_are_checked_against_the_table() {
        let agreement = table(Index::Agreement);
        let err = build(&agreement, &with(Construction::Threshold(-0.5))).unwrap_err();
        assert_eq!(
            err,
            GraphError::ThresholdOutOfRange {
                threshold: -0.5,
                index: Index::Agreement,
                min: 0.0,
                max: 1.0
            }
        );
        assert!(err.is_usage());
        assert!(build(&agreement, &with(Construction::Threshold(1.5))).is_err());
        assert!(build(&agreement, &with(Construction::Threshold(f64::NAN))).is_err());
        // The same threshold is fine for an index ranging over −1 … 1.
        assert!(build(&table(Index::Cosine), &with(Construction::Threshold(-0.5))).is_ok());
        assert_eq!(
            build(&agreement, &with(Construction::KNearest(0))).unwrap_err(),
            GraphError::KOutOfRange { k: 0, n_members: 5 }
        );
        assert!(build(&agreement, &with(Construction::KNearest(5))).is_err());
        assert!(build(&agreement, &with(Construction::KNearest(4))).is_ok());
    }

    #[test]
    fn construction_names_print_and_parse_back() {
        for construction in [
            Construction::Full,
            Construction::Threshold(0.75),
            Construction::Threshold(-0.2),
            Construction::KNearest(12),
            Construction::Centered,
            Construction::Signed,
        ] {
            assert_eq!(construction.to_string().parse(), Ok(construction));
        }
        assert_eq!(Construction::Threshold(0.75).to_string(), "threshold:0.75");
        assert_eq!(Construction::default().to_string(), "k-nearest:30");
        assert_eq!(" Centred ".parse(), Ok(Construction::Centered));
        assert_eq!("knn = 3".parse(), Ok(Construction::KNearest(3)));
        for bad in [
            "",
            "threshold:",
            "threshold:nan",
            "knn:-1",
            "full:1",
            "signed2",
        ] {
            assert_eq!(
                bad.parse::<Construction>(),
                Err(ParseConstructionError(bad.to_string()))
            );
        }
    }
}
