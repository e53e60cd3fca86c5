//! Compressed sparse row copy of a weighted undirected graph.
//!
//! Community detection walks the neighbours of every node many times; a petgraph graph keeps
//! its edges in linked lists, which is slow to walk and whose order depends on the order the
//! edges were added. [`CsrGraph`] stores each node's neighbours contiguously and sorted by
//! index, so that every loop over them — and every floating-point sum made along the way — runs
//! in the same order whatever the order of the input edges.

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;

/// Why a graph could not be copied into compressed sparse row form.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsrError {
    #[error(
        "edge {index} ({source_node}–{target_node}): node index out of range (the graph has {node_count} nodes)"
    )]
    NodeOutOfRange {
        /// Position of the edge in the input list.
        index: usize,
        source_node: usize,
        target_node: usize,
        node_count: usize,
    },
    #[error("edge {index} ({source_node}–{target_node}): weight {weight} is not a finite number")]
    NonFiniteWeight {
        index: usize,
        source_node: usize,
        target_node: usize,
        weight: f64,
    },
    #[error("the graph has {node_count} nodes; at most {max} are supported")]
    TooManyNodes { node_count: usize, max: usize },
}

/// A weighted undirected graph in compressed sparse row form.
///
/// - Nodes are `0..node_count()`.
/// - Each undirected edge `{u, v}` with `u ≠ v` appears in the neighbour lists of both `u` and
///   `v`; a self-loop `{v, v}` appears once, in the list of `v`.
/// - Neighbour lists are sorted by index; parallel input edges are merged by adding their
///   weights (in input order), and edges whose total weight is zero are left out (they carry
///   no weight, and leaving them out keeps "connected" meaning "joined by weight").
/// - Strengths follow the convention of Newman's modularity (and of igraph and networkx): a
///   self-loop of weight `w` adds `2w` to the strength of its node, so that the strengths add up
///   to twice the total edge weight.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::csr::CsrGraph;
/// // A triangle with one negative side, plus an isolated node.
/// let graph = CsrGraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 0.5), (0, 2, -0.25)]).unwrap();
/// assert_eq!(graph.edge_count(), 3);
/// assert_eq!(graph.neighbours(0).collect::<Vec<_>>(), vec![(1, 1.0), (2, -0.25)]);
/// assert_eq!(graph.positive_strength(0), 1.0);
/// assert_eq!(graph.negative_strength(0), 0.25);
/// assert_eq!(graph.total_positive_weight(), 1.5);
/// assert_eq!(graph.connected_components(), vec![0, 0, 0, 1]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CsrGraph {
    offsets: Vec<usize>,
    neighbours: Vec<u32>,
    weights: Vec<f64>,
    self_loops: Vec<f64>,
    strengths: Vec<f64>,
    positive_strengths: Vec<f64>,
    negative_strengths: Vec<f64>,
    edge_count: usize,
    total_weight: f64,
    total_positive_weight: f64,
    total_negative_weight: f64,
}

impl CsrGraph {
    /// Builds the graph from `node_count` nodes and a list of undirected edges `(u, v, weight)`.
    ///
    /// Parallel edges (`(u, v)` given twice, or as `(u, v)` and `(v, u)`) are merged by adding
    /// their weights; edges whose merged weight is zero are dropped. Negative weights are kept
    /// (signed graphs).
    ///
    /// # Errors
    ///
    /// An endpoint `≥ node_count`, a weight that is NaN or infinite, or more nodes than `u32` can
    /// index.
    ///
    /// # Complexity
    ///
    /// O(n + m log d) time (sorting each neighbour list of length d), O(n + m) memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::csr::CsrGraph;
    /// let graph = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 0.5), (2, 2, 2.0)]).unwrap();
    /// assert_eq!(graph.neighbour_indices(1), &[0, 2]);
    /// assert_eq!(graph.strength(2), 0.5 + 2.0 * 2.0);
    /// assert_eq!(graph.total_weight(), 3.5);
    /// ```
    pub fn from_edges(node_count: usize, edges: &[(usize, usize, f64)]) -> Result<Self, CsrError> {
        if node_count > u32::MAX as usize {
            return Err(CsrError::TooManyNodes {
                node_count,
                max: u32::MAX as usize,
            });
        }
        for (index, &(source_node, target_node, weight)) in edges.iter().enumerate() {
            if source_node >= node_count || target_node >= node_count {
                return Err(CsrError::NodeOutOfRange {
                    index,
                    source_node,
                    target_node,
                    node_count,
                });
            }
            if !weight.is_finite() {
                return Err(CsrError::NonFiniteWeight {
                    index,
                    source_node,
                    target_node,
                    weight,
                });
            }
        }

        // Counting sort by source node keeps entries of one node in input order, so merged
        // parallel edges are summed in input order.
        let mut degree = vec![0usize; node_count + 1];
        for &(u, v, _) in edges {
            degree[u] += 1;
            if u != v {
                degree[v] += 1;
            }
        }
        let mut starts = Vec::with_capacity(node_count + 1);
        let mut running = 0usize;
        for &d in &degree[..node_count] {
            starts.push(running);
            running += d;
        }
        starts.push(running);
        let mut cursor = starts.clone();
        let mut entries: Vec<(u32, f64)> = vec![(0, 0.0); running];
        for &(u, v, w) in edges {
            entries[cursor[u]] = (v as u32, w);
            cursor[u] += 1;
            if u != v {
                entries[cursor[v]] = (u as u32, w);
                cursor[v] += 1;
            }
        }

        let mut offsets = Vec::with_capacity(node_count + 1);
        let mut neighbours = Vec::with_capacity(running);
        let mut weights = Vec::with_capacity(running);
        offsets.push(0);
        for node in 0..node_count {
            let list = &mut entries[starts[node]..starts[node + 1]];
            // Stable sort: equal neighbours keep input order for the sum below.
            list.sort_by_key(|&(neighbour, _)| neighbour);
            let mut position = 0;
            while position < list.len() {
                let neighbour = list[position].0;
                let mut weight = 0.0;
                while position < list.len() && list[position].0 == neighbour {
                    weight += list[position].1;
                    position += 1;
                }
                if weight != 0.0 {
                    neighbours.push(neighbour);
                    weights.push(weight);
                }
            }
            offsets.push(neighbours.len());
        }
        Ok(Self::from_parts(offsets, neighbours, weights))
    }

    /// Copies a petgraph undirected graph; node `i` of the result is `NodeIndex::new(i)`.
    ///
    /// Same merging rules and errors as [`CsrGraph::from_edges`] (the edge position in an error is
    /// the petgraph edge index).
    ///
    /// # Complexity
    ///
    /// O(n + m log d).
    ///
    /// # Examples
    ///
    /// ```
    /// use petgraph::graph::UnGraph;
    /// use votebloc::cluster::csr::CsrGraph;
    /// let mut petgraph_graph = UnGraph::<&str, f64>::new_undirected();
    /// let a = petgraph_graph.add_node("FRA");
    /// let b = petgraph_graph.add_node("DEU");
    /// petgraph_graph.add_edge(a, b, 0.9);
    /// let graph = CsrGraph::from_petgraph(&petgraph_graph).unwrap();
    /// assert_eq!(graph.node_count(), 2);
    /// assert_eq!(graph.edge_count(), 1);
    /// ```
    pub fn from_petgraph<N>(graph: &UnGraph<N, f64>) -> Result<Self, CsrError> {
        let edges: Vec<(usize, usize, f64)> = graph
            .edge_references()
            .map(|edge| (edge.source().index(), edge.target().index(), *edge.weight()))
            .collect();
        Self::from_edges(graph.node_count(), &edges)
    }

    /// Builds the derived totals from sorted, merged adjacency arrays.
    pub(crate) fn from_parts(offsets: Vec<usize>, neighbours: Vec<u32>, weights: Vec<f64>) -> Self {
        let node_count = offsets.len().saturating_sub(1);
        let mut self_loops = vec![0.0; node_count];
        let mut strengths = vec![0.0; node_count];
        let mut positive_strengths = vec![0.0; node_count];
        let mut negative_strengths = vec![0.0; node_count];
        let mut edge_count = 0usize;
        for node in 0..node_count {
            let (mut strength, mut positive, mut negative) = (0.0, 0.0, 0.0);
            for entry in offsets[node]..offsets[node + 1] {
                let neighbour = neighbours[entry] as usize;
                let weight = weights[entry];
                // A self-loop counts twice in the strength (both of its ends are at the node).
                let ends = if neighbour == node {
                    self_loops[node] = weight;
                    edge_count += 2;
                    2.0
                } else {
                    edge_count += 1;
                    1.0
                };
                strength += ends * weight;
                if weight > 0.0 {
                    positive += ends * weight;
                } else {
                    negative -= ends * weight;
                }
            }
            strengths[node] = strength;
            positive_strengths[node] = positive;
            negative_strengths[node] = negative;
        }
        let total_weight = strengths.iter().sum::<f64>() / 2.0;
        let total_positive_weight = positive_strengths.iter().sum::<f64>() / 2.0;
        let total_negative_weight = negative_strengths.iter().sum::<f64>() / 2.0;
        Self {
            offsets,
            neighbours,
            weights,
            self_loops,
            strengths,
            positive_strengths,
            negative_strengths,
            edge_count: edge_count / 2,
            total_weight,
            total_positive_weight,
            total_negative_weight,
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of undirected edges after merging, self-loops included (each counted once).
    pub fn edge_count(&self) -> usize {
        self.edge_count
    }

    /// Neighbours of `node`, sorted by index (a self-loop lists the node itself). Panics if
    /// `node ≥ node_count()`, like slice indexing.
    pub fn neighbour_indices(&self, node: usize) -> &[u32] {
        &self.neighbours[self.offsets[node]..self.offsets[node + 1]]
    }

    /// Weights of the edges to [`CsrGraph::neighbour_indices`], in the same order.
    pub fn neighbour_weights(&self, node: usize) -> &[f64] {
        &self.weights[self.offsets[node]..self.offsets[node + 1]]
    }

    /// `(neighbour, weight)` pairs of `node`, sorted by neighbour index.
    pub fn neighbours(&self, node: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.neighbour_indices(node)
            .iter()
            .zip(self.neighbour_weights(node))
            .map(|(&neighbour, &weight)| (neighbour as usize, weight))
    }

    /// Number of adjacency entries of `node` (a self-loop counts once).
    pub fn degree(&self, node: usize) -> usize {
        self.offsets[node + 1] - self.offsets[node]
    }

    /// Weight of the self-loop of `node` (0 when there is none).
    pub fn self_loop_weight(&self, node: usize) -> f64 {
        self.self_loops[node]
    }

    /// Signed strength of `node`: the sum of the weights of its edges, a self-loop twice.
    pub fn strength(&self, node: usize) -> f64 {
        self.strengths[node]
    }

    /// All signed strengths, by node.
    pub fn strengths(&self) -> &[f64] {
        &self.strengths
    }

    /// Sum of the positive weights at `node` (a self-loop twice).
    pub fn positive_strength(&self, node: usize) -> f64 {
        self.positive_strengths[node]
    }

    /// All positive strengths, by node.
    pub fn positive_strengths(&self) -> &[f64] {
        &self.positive_strengths
    }

    /// Sum of the magnitudes of the negative weights at `node` (a self-loop twice); ≥ 0.
    pub fn negative_strength(&self, node: usize) -> f64 {
        self.negative_strengths[node]
    }

    /// All negative strengths (magnitudes), by node.
    pub fn negative_strengths(&self) -> &[f64] {
        &self.negative_strengths
    }

    /// Signed sum of the edge weights, each edge (self-loops included) once: `m` in modularity.
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// Sum of the positive edge weights, each edge once: `w⁺` in signed modularity.
    pub fn total_positive_weight(&self) -> f64 {
        self.total_positive_weight
    }

    /// Sum of the magnitudes of the negative edge weights, each edge once: `w⁻`; ≥ 0.
    pub fn total_negative_weight(&self) -> f64 {
        self.total_negative_weight
    }

    /// True when some edge has a negative weight.
    pub fn has_negative_weights(&self) -> bool {
        self.weights.iter().any(|&weight| weight < 0.0)
    }

    /// The first edge `(u, v, weight)` with `u ≤ v` and a negative weight, in node order.
    pub fn first_negative_edge(&self) -> Option<(usize, usize, f64)> {
        (0..self.node_count()).find_map(|node| {
            self.neighbours(node)
                .find(|&(neighbour, weight)| neighbour >= node && weight < 0.0)
                .map(|(neighbour, weight)| (node, neighbour, weight))
        })
    }

    /// Every edge once as `(u, v, weight)` with `u ≤ v`, sorted by `(u, v)`.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        (0..self.node_count()).flat_map(move |node| {
            self.neighbours(node)
                .filter(move |&(neighbour, _)| neighbour >= node)
                .map(move |(neighbour, weight)| (node, neighbour, weight))
        })
    }

    /// Connected components (through edges of non-zero weight, whatever their sign): the component
    /// number of each node, numbered in order of their smallest node.
    ///
    /// # Complexity
    ///
    /// O(n + m).
    pub fn connected_components(&self) -> Vec<u32> {
        let node_count = self.node_count();
        let mut component = vec![u32::MAX; node_count];
        let mut stack = Vec::new();
        let mut next = 0u32;
        for start in 0..node_count {
            if component[start] != u32::MAX {
                continue;
            }
            component[start] = next;
            stack.push(start);
            while let Some(node) = stack.pop() {
                for &neighbour in self.neighbour_indices(node) {
                    let neighbour = neighbour as usize;
                    if component[neighbour] == u32::MAX {
                        component[neighbour] = next;
                        stack.push(neighbour);
                    }
                }
            }
            next += 1;
        }
        component
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_sorted_and_parallel_edges_merged() {
        let graph =
            CsrGraph::from_edges(4, &[(2, 0, 1.0), (0, 1, 2.0), (1, 0, 0.5), (3, 0, 1.5)]).unwrap();
        assert_eq!(graph.neighbour_indices(0), &[1, 2, 3]);
        assert_eq!(graph.neighbour_weights(0), &[2.5, 1.0, 1.5]);
        assert_eq!(graph.neighbour_indices(1), &[0]);
        assert_eq!(graph.edge_count(), 3);
        assert_eq!(graph.strength(0), 5.0);
        assert_eq!(graph.total_weight(), 5.0);
        assert_eq!(
            graph.edges().collect::<Vec<_>>(),
            vec![(0, 1, 2.5), (0, 2, 1.0), (0, 3, 1.5)]
        );
    }

    #[test]
    fn self_loop_listed_once_counted_twice_in_strength() {
        let graph = CsrGraph::from_edges(2, &[(0, 0, 3.0), (0, 1, 1.0)]).unwrap();
        assert_eq!(graph.neighbour_indices(0), &[0, 1]);
        assert_eq!(graph.degree(0), 2);
        assert_eq!(graph.self_loop_weight(0), 3.0);
        assert_eq!(graph.self_loop_weight(1), 0.0);
        assert_eq!(graph.strength(0), 7.0);
        assert_eq!(graph.strength(1), 1.0);
        assert_eq!(graph.total_weight(), 4.0);
        assert_eq!(graph.edge_count(), 2);
        let strength_sum: f64 = graph.strengths().iter().sum();
        assert_eq!(strength_sum, 2.0 * graph.total_weight());
    }

    #[test]
    fn signed_strengths_separate_positive_and_negative() {
        let graph =
            CsrGraph::from_edges(3, &[(0, 1, 2.0), (0, 2, -1.0), (1, 2, -0.5), (2, 2, -1.0)])
                .unwrap();
        assert!(graph.has_negative_weights());
        assert_eq!(graph.first_negative_edge(), Some((0, 2, -1.0)));
        assert_eq!(graph.positive_strength(0), 2.0);
        assert_eq!(graph.negative_strength(0), 1.0);
        assert_eq!(graph.strength(0), 1.0);
        assert_eq!(graph.negative_strength(2), 1.0 + 0.5 + 2.0);
        assert_eq!(graph.total_positive_weight(), 2.0);
        assert_eq!(graph.total_negative_weight(), 2.5);
        assert_eq!(graph.total_weight(), -0.5);
    }

    #[test]
    fn zero_weight_edges_dropped_and_cancelling_parallel_edges_too() {
        let graph = CsrGraph::from_edges(3, &[(0, 1, 0.0), (1, 2, 1.0), (2, 1, -1.0)]).unwrap();
        assert_eq!(graph.edge_count(), 0);
        assert_eq!(graph.connected_components(), vec![0, 1, 2]);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert_eq!(
            CsrGraph::from_edges(2, &[(0, 1, 1.0), (0, 2, 1.0)]),
            Err(CsrError::NodeOutOfRange {
                index: 1,
                source_node: 0,
                target_node: 2,
                node_count: 2
            })
        );
        let error = CsrGraph::from_edges(2, &[(0, 1, f64::NAN)]).unwrap_err();
        assert!(matches!(error, CsrError::NonFiniteWeight { index: 0, .. }));
        assert!(error.to_string().contains("not a finite number"));
    }

    #[test]
    fn from_petgraph_keeps_node_indices() {
        let mut petgraph_graph = UnGraph::<(), f64>::new_undirected();
        let nodes: Vec<_> = (0..4).map(|_| petgraph_graph.add_node(())).collect();
        petgraph_graph.add_edge(nodes[3], nodes[1], 0.25);
        petgraph_graph.add_edge(nodes[0], nodes[1], 0.75);
        let graph = CsrGraph::from_petgraph(&petgraph_graph).unwrap();
        assert_eq!(graph.node_count(), 4);
        assert_eq!(graph.neighbour_indices(1), &[0, 3]);
        assert_eq!(graph.neighbour_weights(1), &[0.75, 0.25]);
        assert_eq!(graph.connected_components(), vec![0, 0, 1, 0]);
    }

    #[test]
    fn empty_graph() {
        let graph = CsrGraph::from_edges(0, &[]).unwrap();
        assert_eq!(graph.node_count(), 0);
        assert_eq!(graph.total_weight(), 0.0);
        assert!(graph.connected_components().is_empty());
    }
}
