//! The objective functions in the one linear form the algorithm works with.
//!
//! Modularity, CPM and signed modularity all read
//! `H = norm · (Σ_c [e_c − ½ Σ_t coef_t · T_t(c)²] + constant)`, where `e_c` is the weight of
//! the edges inside community `c` (each edge once, self-loops included) and `T_t(c)` the sum over
//! the nodes of `c` of a node weight `a_t` (strength, size, positive or negative strength). The
//! gain of putting node `v` into community `C` (v not in it) is then
//! `w(v, C) − Σ_t coef_t · a_t(v) · T_t(C)`, in units of edge weight, whatever the objective;
//! node weights add up when nodes are aggregated, so the same form holds on every level.

use super::params::{LeidenError, Objective};
use crate::cluster::csr::CsrGraph;

/// Number of null-model terms: signed modularity has one per sign, the others one.
pub(crate) const TERMS: usize = 2;

/// An objective in linear form for one graph (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct ObjectiveModel {
    pub coefficients: [f64; TERMS],
    pub node_weights: Vec<[f64; TERMS]>,
    pub normalisation: f64,
    pub constant: f64,
}

impl ObjectiveModel {
    /// The linear form of `objective` on `graph`. The caller has checked the objective.
    pub fn new(objective: &Objective, graph: &CsrGraph) -> Self {
        let node_count = graph.node_count();
        match *objective {
            Objective::Modularity { resolution } => {
                let total = graph.total_weight();
                // With no edge weight every partition has modularity 0: the null model is void.
                let (coefficient, normalisation) = if total > 0.0 {
                    (resolution / (2.0 * total), 1.0 / total)
                } else {
                    (0.0, 0.0)
                };
                Self {
                    coefficients: [coefficient, 0.0],
                    node_weights: graph.strengths().iter().map(|&s| [s, 0.0]).collect(),
                    normalisation,
                    constant: 0.0,
                }
            }
            Objective::Cpm { resolution } => Self {
                coefficients: [resolution, 0.0],
                node_weights: vec![[1.0, 0.0]; node_count],
                normalisation: 1.0,
                // Σ_c n_c(n_c − 1)/2 = Σ_c n_c²/2 − n/2: pairs of a node with itself cost nothing.
                constant: resolution * node_count as f64 / 2.0,
            },
            Objective::SignedModularity { resolution } => {
                let positive = graph.total_positive_weight();
                let negative = graph.total_negative_weight();
                let positive_coefficient = if positive > 0.0 {
                    resolution / (2.0 * positive)
                } else {
                    0.0
                };
                // Negative edges expected inside a community make it better, hence the sign.
                let negative_coefficient = if negative > 0.0 {
                    -resolution / (2.0 * negative)
                } else {
                    0.0
                };
                let normalisation = if positive + negative > 0.0 {
                    1.0 / (positive + negative)
                } else {
                    0.0
                };
                Self {
                    coefficients: [positive_coefficient, negative_coefficient],
                    node_weights: graph
                        .positive_strengths()
                        .iter()
                        .zip(graph.negative_strengths())
                        .map(|(&p, &n)| [p, n])
                        .collect(),
                    normalisation,
                    constant: 0.0,
                }
            }
        }
    }

    /// Gain (up to the positive factor `norm`) of putting a node with `node_weight` and edge
    /// weight `weight_to_community` towards a community of totals `community_total`.
    #[inline]
    pub fn gain(
        &self,
        weight_to_community: f64,
        node_weight: &[f64; TERMS],
        community_total: &[f64; TERMS],
    ) -> f64 {
        weight_to_community
            - self.coefficients[0] * node_weight[0] * community_total[0]
            - self.coefficients[1] * node_weight[1] * community_total[1]
    }

    /// Quality of `membership` on `graph` (the graph this model was made for); community labels
    /// must be `< graph.node_count()`.
    ///
    /// # Complexity
    ///
    /// O(n + m).
    pub fn quality(&self, graph: &CsrGraph, membership: &[u32]) -> f64 {
        self.quality_with(graph, &self.node_weights, membership)
    }

    /// Quality of `membership` on `graph` with the node weights `node_weights` (one per node of
    /// `graph`): on an aggregate graph with its summed node weights, this is the quality of the
    /// flattened partition on the original graph (up to rounding), at the cost of the aggregate's
    /// size. Labels must be `< graph.node_count()`.
    ///
    /// # Complexity
    ///
    /// O(n + m).
    pub fn quality_with(
        &self,
        graph: &CsrGraph,
        node_weights: &[[f64; TERMS]],
        membership: &[u32],
    ) -> f64 {
        let node_count = graph.node_count();
        let mut inside = vec![0.0; node_count];
        let mut totals = vec![[0.0; TERMS]; node_count];
        for node in 0..node_count {
            let community = membership[node] as usize;
            for (neighbour, weight) in graph.neighbours(node) {
                // Each edge once: from its smaller end (a self-loop from its only end).
                if neighbour >= node && membership[neighbour] as usize == community {
                    inside[community] += weight;
                }
            }
            for (total, weight) in totals[community].iter_mut().zip(&node_weights[node]) {
                *total += weight;
            }
        }
        let mut sum = 0.0;
        for (inside_weight, total) in inside.iter().zip(&totals) {
            let expected: f64 = (0..TERMS)
                .map(|term| self.coefficients[term] * total[term] * total[term])
                .sum();
            sum += inside_weight - 0.5 * expected;
        }
        self.normalisation * (sum + self.constant)
    }

    /// Quality of the partition into singletons on `graph`: only self-loops lie inside a community.
    ///
    /// # Complexity
    ///
    /// O(n), where [`ObjectiveModel::quality`] would walk every edge.
    pub fn singleton_quality(&self, graph: &CsrGraph) -> f64 {
        let mut sum = 0.0;
        for (node, weight) in self.node_weights.iter().enumerate() {
            let expected: f64 = (0..TERMS)
                .map(|term| self.coefficients[term] * weight[term] * weight[term])
                .sum();
            sum += graph.self_loop_weight(node) - 0.5 * expected;
        }
        self.normalisation * (sum + self.constant)
    }
}

impl Objective {
    /// Quality of a partition of `graph` under this objective (formulas in [`Objective`]).
    ///
    /// `membership[i]` is the community label of node `i`; labels are any `u32` values. A graph
    /// without edge weight has modularity (and signed modularity) 0.
    ///
    /// # Errors
    ///
    /// A membership whose length is not the node count; a negative weight under modularity.
    ///
    /// # Complexity
    ///
    /// O(n log n + m).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::csr::CsrGraph;
    /// use votebloc::cluster::leiden::Objective;
    /// let graph = CsrGraph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)]).unwrap();
    /// let quality = Objective::Modularity { resolution: 1.0 }.quality(&graph, &[7, 7, 3, 3]).unwrap();
    /// assert!((quality - 0.5).abs() < 1e-12);
    /// ```
    pub fn quality(&self, graph: &CsrGraph, membership: &[u32]) -> Result<f64, LeidenError> {
        if membership.len() != graph.node_count() {
            return Err(LeidenError::MembershipLength {
                expected: graph.node_count(),
                found: membership.len(),
            });
        }
        self.check_graph(graph)?;
        let compact = crate::cluster::canonical_membership(membership);
        Ok(ObjectiveModel::new(self, graph).quality(graph, &compact))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modularity_of_two_disjoint_edges() {
        let graph = CsrGraph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)]).unwrap();
        let modularity = Objective::Modularity { resolution: 1.0 };
        // Two communities, each holding half of the weight and half of the strength:
        // 2 × (1/2 − (1/2)²) = 0.5.
        assert!((modularity.quality(&graph, &[0, 0, 1, 1]).unwrap() - 0.5).abs() < 1e-15);
        assert!(modularity.quality(&graph, &[0, 0, 0, 0]).unwrap().abs() < 1e-15);
        assert!(modularity.quality(&graph, &[0, 1]).is_err());
    }

    #[test]
    fn cpm_counts_pairs_inside() {
        // Triangle plus a pendant node: e_c = 3 for the triangle, 3 pairs inside.
        let graph =
            CsrGraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]).unwrap();
        let cpm = Objective::Cpm { resolution: 0.5 };
        assert!((cpm.quality(&graph, &[0, 0, 0, 1]).unwrap() - (3.0 - 1.5)).abs() < 1e-15);
        assert!((cpm.quality(&graph, &[0, 0, 0, 0]).unwrap() - (4.0 - 3.0)).abs() < 1e-15);
        assert_eq!(cpm.quality(&graph, &[0, 1, 2, 3]).unwrap(), 0.0);
    }

    #[test]
    fn singleton_quality_is_the_quality_of_singletons() {
        let graph = CsrGraph::from_edges(
            4,
            &[
                (0, 1, 2.0),
                (1, 2, -1.0),
                (2, 2, 0.5),
                (0, 0, 1.5),
                (2, 3, 1.0),
            ],
        )
        .unwrap();
        for objective in [
            Objective::SignedModularity { resolution: 1.2 },
            Objective::Cpm { resolution: 0.3 },
        ] {
            let model = ObjectiveModel::new(&objective, &graph);
            let expected = model.quality(&graph, &[0, 1, 2, 3]);
            assert!((model.singleton_quality(&graph) - expected).abs() < 1e-15);
        }
    }

    #[test]
    fn gain_matches_quality_difference() {
        let graph = CsrGraph::from_edges(
            5,
            &[
                (0, 1, 2.0),
                (1, 2, 1.0),
                (2, 3, -1.5),
                (3, 4, 2.0),
                (0, 4, -0.5),
                (1, 1, 1.0),
            ],
        )
        .unwrap();
        let objective = Objective::SignedModularity { resolution: 1.3 };
        let model = ObjectiveModel::new(&objective, &graph);
        // Node 2 alone, then joining community {0, 1}.
        let before = model.quality(&graph, &[0, 0, 1, 2, 2]);
        let after = model.quality(&graph, &[0, 0, 0, 2, 2]);
        let total = [
            model.node_weights[0][0] + model.node_weights[1][0],
            model.node_weights[0][1] + model.node_weights[1][1],
        ];
        let gain = model.gain(1.0, &model.node_weights[2], &total);
        assert!((after - before - model.normalisation * gain).abs() < 1e-14);
    }
}
