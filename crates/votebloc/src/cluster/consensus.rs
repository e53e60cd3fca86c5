//! Consensus over seeded runs.
//!
//! Leiden is randomised: different seeds can place the members between blocs differently.
//! Following Lancichinetti & Fortunato (2012), "Consensus clustering in complex networks",
//! Sci. Rep. 2:336, [`consensus`] runs Leiden N times with derived seeds and counts, for every
//! pair of nodes, the runs that put them together (the co-assignment matrix).
//!
//! The consensus partition is the *median partition* of the runs: the partition that
//! minimises the total number of pair disagreements with them (Régnier 1965; Mirkin 1996;
//! Gionis, Mannila & Tsaparas 2007, "Clustering aggregation", ACM TKDD 1:4). A pair placed
//! together costs `N − C_ij` disagreements and a pair placed apart `C_ij`, so the median
//! partition maximises `Σ_{i<j together} (C_ij/N − ½)`: exactly the constant Potts model with
//! resolution ½ on the graph of co-assignment shares (Traag, Van Dooren & Nesterov 2011).
//! [`consensus`] maximises it with Leiden, with the resolution as the `threshold` parameter.
//! In words: members end up together when, on average, they were together in more than half
//! of the runs; a member that no bloc holds in a majority of runs ends up alone.
//!
//! When every run gives the same partition, that partition is the median partition and the
//! Leiden step is skipped: each of its communities is a clique of shares 1 in the
//! co-assignment graph, with no edge between communities, so under a threshold below 1 any
//! split of a clique or merge of two loses quality, and Leiden, whose result leaves no node
//! with a gain from moving, returns exactly those cliques. (In the 74 sessions of the UNGA
//! history, 32 have unanimous runs; with one run, every consensus is unanimous.)
//!
//! Unlike "keep the best run", this does not depend on one lucky seed, and unlike thresholding
//! plus connected components it cannot chain two blocs through one ambiguous member.
//!
//! The co-assignment counts take 2 bytes per pair of nodes, and the graph of shares has an
//! edge for every pair ever placed together (most pairs of a bloc). Above
//! [`ConsensusParams::dense_max_nodes`] nodes neither is built: nodes that every run placed
//! in the same communities (the same *pattern* of communities) have the same co-assignment row
//! and share 1 between them, and are merged into one node of the pattern's size first. The
//! objective is unchanged: for a resolution below 1, two such nodes are together in every
//! optimum (if apart, moving one to the other's community or the other back gains
//! `2(1 − threshold) > 0` between the two moves), so CPM on the patterns, with the pattern
//! sizes as node sizes and `|a|·|b|·share` as the weight between two patterns, has the same
//! optimum as on the nodes; it is run on the patterns, whose number is small when the runs
//! mostly agree. Too many patterns to weigh end in [`ConsensusError::TooManyPatterns`].

use crate::ParamGuard;
use crate::cluster::canonical_membership;
use crate::cluster::csr::CsrGraph;
use crate::cluster::leiden::{
    LeidenError, LeidenParams, LeidenValidParams, Objective, Partition, derive_seed, leiden,
    leiden_cpm_sized, split_disconnected,
};
use crate::params::valid_params;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Stream tags for the seeds derived from `LeidenParams::seed`.
const RUN_STREAM: u64 = 0x636f_6e73_5f72_756e; // "cons_run"
const MEDIAN_STREAM: u64 = 0x636f_6e73_5f6d_6564; // "cons_med"

/// Why a consensus could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConsensusError {
    #[error("invalid consensus parameter {name} = {value}: expected {expected}")]
    InvalidParameter {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error(
        "the {runs} consensus runs place the {node_count} nodes in {patterns} different ways, \
         too many to merge (more than {max} {what}): ask for fewer runs (--consensus; one run \
         needs no consensus)"
    )]
    TooManyPatterns {
        node_count: usize,
        runs: u32,
        patterns: usize,
        /// What exceeded its bound: pattern pairs to weigh or edges between patterns.
        what: &'static str,
        max: u64,
    },
    #[error(transparent)]
    Leiden(#[from] LeidenError),
}

impl ConsensusError {
    /// True for a bad parameter value (a usage error on the command line).
    pub fn is_invalid_parameter(&self) -> bool {
        match self {
            ConsensusError::InvalidParameter { .. } => true,
            ConsensusError::Leiden(error) => error.is_invalid_parameter(),
            ConsensusError::TooManyPatterns { .. } => false,
        }
    }
}

/// Default of [`ConsensusParams::dense_max_nodes`]: most nodes whose co-assignment counts are
/// kept as a dense matrix (2 bytes per pair).
pub const MAX_CONSENSUS_NODES: usize = 20_000;

/// Most pattern pairs, summed over the runs' communities, that [`consensus`] weighs above
/// [`ConsensusParams::dense_max_nodes`] nodes (the time of that step).
pub const MAX_PATTERN_PAIRS: u64 = 1 << 28;

/// Most edges of the graph of patterns that [`consensus`] builds above
/// [`ConsensusParams::dense_max_nodes`] nodes (the memory of that step: about 56 bytes per
/// edge with its compressed rows).
pub const MAX_PATTERN_EDGES: u64 = 1 << 21;

/// Parameters of [`consensus`].
///
/// # Examples
///
/// ```
/// use votebloc::cluster::consensus::ConsensusParams;
/// use votebloc::cluster::leiden::LeidenParams;
/// let params = ConsensusParams::default().n_runs(50).leiden(LeidenParams::default().seed(7));
/// assert!(params.validate().is_ok());
/// assert!(ConsensusParams::default().threshold(1.0).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConsensusParams {
    /// Number of Leiden runs, 1..=65535. Default: 20.
    pub n_runs: u32,
    /// Parameters of each run. Run `r` uses a seed derived from `leiden.seed` and `r`; its
    /// `n_restarts` applies to every run and to the consensus step. Default: Leiden defaults.
    pub leiden: LeidenParams,
    /// Share of runs above which a pair of nodes counts as "together" in the consensus (the
    /// CPM resolution on co-assignment shares), in (0, 1). Default: 0.5 (median partition).
    pub threshold: f64,
    /// Run the Leiden runs on several threads (rayon). The result is identical either way.
    /// Default: true.
    pub parallel: bool,
    /// Most nodes whose co-assignment counts are kept as a dense `n × n` matrix; above, nodes
    /// with the same pattern of communities are merged first (see the module documentation).
    /// Default: [`MAX_CONSENSUS_NODES`].
    pub dense_max_nodes: usize,
}

valid_params! {
    /// [`ConsensusParams`] checked, those of the Leiden runs included
    /// ([`ParamGuard`]): what [`consensus`] runs with.
    pub struct ConsensusValidParams(ConsensusParams) checked by ConsensusError;
}

impl Default for ConsensusParams {
    fn default() -> Self {
        Self {
            n_runs: 20,
            leiden: LeidenParams::default(),
            threshold: 0.5,
            parallel: true,
            dense_max_nodes: MAX_CONSENSUS_NODES,
        }
    }
}

impl ConsensusParams {
    /// Sets the number of runs.
    pub fn n_runs(mut self, n_runs: u32) -> Self {
        self.n_runs = n_runs;
        self
    }

    /// Sets the parameters of each Leiden run.
    pub fn leiden(mut self, leiden: LeidenParams) -> Self {
        self.leiden = leiden;
        self
    }

    /// Sets the co-assignment threshold.
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// Runs on one thread (`false`) or several (`true`).
    pub fn parallel(mut self, parallel: bool) -> Self {
        self.parallel = parallel;
        self
    }

    /// Sets the most nodes with a dense co-assignment matrix.
    pub fn dense_max_nodes(mut self, dense_max_nodes: usize) -> Self {
        self.dense_max_nodes = dense_max_nodes;
        self
    }

    /// Checks every parameter, those of the Leiden runs included.
    pub fn validate(&self) -> Result<(), ConsensusError> {
        if self.n_runs == 0 || self.n_runs > u32::from(u16::MAX) {
            return Err(ConsensusError::InvalidParameter {
                name: "n_runs",
                value: self.n_runs.to_string(),
                expected: "between 1 and 65535 runs",
            });
        }
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Err(ConsensusError::InvalidParameter {
                name: "threshold",
                value: self.threshold.to_string(),
                expected: "a share strictly between 0 and 1",
            });
        }
        self.leiden.validate()?;
        Ok(())
    }
}

/// How many runs put each pair of nodes in the same community: a dense n × n matrix of `u16`
/// up to [`ConsensusParams::dense_max_nodes`] nodes, above it the runs' memberships, from which
/// each count is counted when asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct CoAssignment {
    node_count: usize,
    runs: u32,
    counts: Counts,
}

#[derive(Debug, Clone, PartialEq)]
enum Counts {
    Dense(Vec<u16>),
    /// One membership per run.
    Runs(Vec<Vec<u32>>),
}

impl CoAssignment {
    /// Counts co-assignments over `memberships` (one per run, each of length `node_count`).
    ///
    /// # Complexity
    ///
    /// O(R · Σ_c |c|²) ≤ O(R n²) time, O(n²) memory; rows counted in parallel when `parallel`.
    fn count(node_count: usize, memberships: &[&[u32]], parallel: bool) -> Self {
        let groups: Vec<Vec<Vec<u32>>> = memberships
            .iter()
            .map(|membership| {
                let communities = membership.iter().max().map_or(0, |&m| m as usize + 1);
                let mut members = vec![Vec::new(); communities];
                for (node, &community) in membership.iter().enumerate() {
                    members[community as usize].push(node as u32);
                }
                members
            })
            .collect();
        let mut counts = vec![0u16; node_count * node_count];
        let fill_row = |(node, row): (usize, &mut [u16])| {
            for (membership, members) in memberships.iter().zip(&groups) {
                for &other in &members[membership[node] as usize] {
                    row[other as usize] += 1;
                }
            }
        };
        if node_count > 0 {
            if parallel {
                counts
                    .par_chunks_mut(node_count)
                    .enumerate()
                    .for_each(fill_row);
            } else {
                counts.chunks_mut(node_count).enumerate().for_each(fill_row);
            }
        }
        Self {
            node_count,
            runs: memberships.len() as u32,
            counts: Counts::Dense(counts),
        }
    }

    /// The co-assignments of `memberships` kept as the memberships themselves.
    ///
    /// # Complexity
    ///
    /// O(R n) time and memory.
    fn of_runs(node_count: usize, memberships: &[&[u32]]) -> Self {
        Self {
            node_count,
            runs: memberships.len() as u32,
            counts: Counts::Runs(memberships.iter().map(|m| m.to_vec()).collect()),
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Number of runs counted.
    pub fn runs(&self) -> u32 {
        self.runs
    }

    /// Runs that put nodes `a` and `b` together (`runs()` when `a == b`). Panics when a node
    /// is out of range, like slice indexing.
    ///
    /// # Complexity
    ///
    /// O(1) for a dense matrix, O(R) for R runs above [`ConsensusParams::dense_max_nodes`].
    pub fn count_of(&self, a: usize, b: usize) -> u16 {
        match &self.counts {
            Counts::Dense(counts) => counts[a * self.node_count + b],
            Counts::Runs(runs) => runs.iter().filter(|run| run[a] == run[b]).count() as u16,
        }
    }

    /// True when the counts are held as a dense matrix.
    pub fn is_dense(&self) -> bool {
        matches!(self.counts, Counts::Dense(_))
    }

    /// Share of runs that put `a` and `b` together, in [0, 1].
    pub fn share(&self, a: usize, b: usize) -> f64 {
        f64::from(self.count_of(a, b)) / f64::from(self.runs)
    }
}

/// The result of [`consensus`].
#[derive(Debug, Clone, PartialEq)]
pub struct Consensus {
    /// The consensus blocs, numbered by size (largest = 0), ties by smallest node index;
    /// `quality` is the run objective (`params.leiden.objective`) on the input graph.
    pub partition: Partition,
    /// Per node, in [0, 1]: the share of runs that placed the node with a strict majority of
    /// the other members of its consensus bloc (for a bloc of `k ≥ 2` members: in the run, more
    /// than `(k − 1)/2` of them were in the node's community). For a node alone in its bloc:
    /// the share of runs in which it was alone too.
    pub stability: Vec<f64>,
    /// Every run, in run order (canonically numbered, with its quality).
    pub runs: Vec<Partition>,
    /// Co-assignment counts over the runs.
    pub co_assignment: CoAssignment,
}

/// Consensus blocs and per-node stability over `params.n_runs` seeded Leiden runs.
///
/// Takes the graph and the parameters. Run `r` is Leiden with `params.leiden` and a seed derived
/// from `params.leiden.seed` and `r`; the co-assignment counts give the median partition (see
/// the module documentation), found by Leiden with CPM at resolution `threshold` on the graph of
/// co-assignment shares (of the patterns above `params.dense_max_nodes` nodes), then split where
/// a bloc would not be connected in `graph`.
///
/// Returns a [`Consensus`]: the consensus partition (canonical numbering), the stability of each
/// node (defined at [`Consensus::stability`]), the runs and the co-assignment counts. The result
/// is identical with `parallel` on or off, and for the same input and seed on every platform.
///
/// # Errors
///
/// Invalid parameters, a negative edge weight under plain modularity; above
/// `params.dense_max_nodes` nodes, runs that disagree so much that their patterns would take
/// more than [`MAX_PATTERN_PAIRS`] pairs to weigh or [`MAX_PATTERN_EDGES`] edges
/// ([`ConsensusError::TooManyPatterns`]).
///
/// # Complexity
///
/// R Leiden runs (in parallel when asked), then up to `params.dense_max_nodes` nodes O(R n²) to
/// count co-assignments, O(n²) memory (2 bytes per pair), and one Leiden run on up to n²/2
/// edges unless every run gave the same partition (that partition is then the median one).
/// Above, O(R n log n) to find the P patterns, O(Σ_runs Σ_communities p_c²) ≤
/// [`MAX_PATTERN_PAIRS`] to weigh them (p_c patterns in community c) and one Leiden run on the
/// patterns; O(R n + P + edges) memory, at most [`MAX_PATTERN_EDGES`] edges.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::consensus::{ConsensusParams, consensus};
/// use votebloc::cluster::csr::CsrGraph;
/// let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 0.2)];
/// let graph = CsrGraph::from_edges(6, &edges).unwrap();
/// let result = consensus(&graph, &ConsensusParams::default().n_runs(5)).unwrap();
/// assert_eq!(result.partition.membership, vec![0, 0, 0, 1, 1, 1]);
/// assert_eq!(result.stability, vec![1.0; 6]);
/// ```
pub fn consensus<P>(graph: &CsrGraph, params: &P) -> Result<Consensus, ConsensusError>
where
    P: ParamGuard<Checked = ConsensusValidParams, Error = ConsensusError>,
{
    let params = params.check_ref()?;
    params.leiden.objective.check_graph(graph)?;
    let node_count = graph.node_count();
    let run = |index: u32| {
        let seed = derive_seed(params.leiden.seed, RUN_STREAM, u64::from(index));
        // The consensus parameters were checked, their Leiden ones with them; a seed is
        // always valid.
        leiden(
            graph,
            LeidenValidParams::assume_checked(&params.leiden.clone().seed(seed)),
        )
    };
    let runs: Vec<Partition> = if params.parallel {
        (0..params.n_runs)
            .into_par_iter()
            .map(run)
            .collect::<Result<_, _>>()?
    } else {
        (0..params.n_runs).map(run).collect::<Result<_, _>>()?
    };
    let memberships: Vec<&[u32]> = runs.iter().map(|run| run.membership.as_slice()).collect();
    let dense = node_count <= params.dense_max_nodes;
    let co_assignment = if dense {
        CoAssignment::count(node_count, &memberships, params.parallel)
    } else {
        CoAssignment::of_runs(node_count, &memberships)
    };

    let unanimous = runs
        .windows(2)
        .all(|pair| pair[0].membership == pair[1].membership);
    let mut membership = match runs.first() {
        // Runs are numbered canonically: equal vectors are equal partitions.
        Some(only) if unanimous => only.membership.clone(),
        _ if dense => median_partition(&co_assignment, params)?,
        _ => median_partition_of_patterns(node_count, &memberships, params)?,
    };
    split_disconnected(graph, &mut membership);
    let membership = canonical_membership(&membership);
    let quality = params.leiden.objective.quality(graph, &membership)?;
    let stability = stability(&membership, &runs);
    Ok(Consensus {
        partition: Partition {
            membership,
            quality,
        },
        stability,
        runs,
        co_assignment,
    })
}

/// CPM at resolution `threshold` on the graph of co-assignment shares (pairs never together
/// have no edge).
fn median_partition(
    co_assignment: &CoAssignment,
    params: &ConsensusParams,
) -> Result<Vec<u32>, ConsensusError> {
    let node_count = co_assignment.node_count();
    let mut edges = Vec::new();
    for a in 0..node_count {
        for b in a + 1..node_count {
            if co_assignment.count_of(a, b) > 0 {
                edges.push((a, b, co_assignment.share(a, b)));
            }
        }
    }
    let shares = CsrGraph::from_edges(node_count, &edges).map_err(|error| {
        // Indices come from a matrix of the graph's size and shares are finite: unreachable,
        // but reported rather than unwrapped.
        ConsensusError::InvalidParameter {
            name: "co-assignment graph",
            value: error.to_string(),
            expected: "a valid graph",
        }
    })?;
    let median_params = median_params(params);
    // CPM takes any resolution ≥ 0, and the threshold was checked to lie in (0, 1); the rest
    // are the checked Leiden parameters.
    Ok(leiden(&shares, LeidenValidParams::assume_checked(&median_params))?.membership)
}

/// The median partition as [`median_partition`] finds it, without the co-assignment matrix:
/// CPM at resolution `threshold` on the graph of the patterns (see the module documentation).
fn median_partition_of_patterns(
    node_count: usize,
    memberships: &[&[u32]],
    params: &ConsensusParams,
) -> Result<Vec<u32>, ConsensusError> {
    let patterns = Patterns::of(node_count, memberships);
    let runs = memberships.len() as u32;
    let too_many = |what, max| ConsensusError::TooManyPatterns {
        node_count,
        runs,
        patterns: patterns.count(),
        what,
        max,
    };
    let community_patterns = patterns.per_community(memberships);
    let pairs: u64 = community_patterns
        .iter()
        .flatten()
        .map(|list| (list.len() as u64).pow(2))
        .sum();
    if pairs > MAX_PATTERN_PAIRS {
        return Err(too_many("pattern pairs to weigh", MAX_PATTERN_PAIRS));
    }
    let edges = patterns
        .edges(memberships, &community_patterns)
        .ok_or_else(|| too_many("edges between patterns", MAX_PATTERN_EDGES))?;
    let count = patterns.count();
    let graph = CsrGraph::from_edges(count, &edges).map_err(|error| {
        // Indices are pattern numbers and weights finite: unreachable, but reported rather
        // than unwrapped.
        ConsensusError::InvalidParameter {
            name: "pattern graph",
            value: error.to_string(),
            expected: "a valid graph",
        }
    })?;
    drop(edges);
    let sizes: Vec<f64> = patterns.sizes.iter().map(|&size| size as f64).collect();
    let median_params = median_params(params);
    // CPM takes any resolution ≥ 0, and the threshold was checked to lie in (0, 1); the rest
    // are the checked Leiden parameters.
    let of_patterns = leiden_cpm_sized(
        &graph,
        &sizes,
        LeidenValidParams::assume_checked(&median_params),
    )?
    .membership;
    Ok(patterns
        .of_node
        .iter()
        .map(|&pattern| of_patterns[pattern as usize])
        .collect())
}

/// The Leiden parameters of the median partition: CPM at resolution `threshold`, on a seed
/// stream of its own.
fn median_params(params: &ConsensusParams) -> LeidenParams {
    params
        .leiden
        .clone()
        .objective(Objective::Cpm {
            resolution: params.threshold,
        })
        .seed(derive_seed(params.leiden.seed, MEDIAN_STREAM, 0))
}

/// The patterns of a set of runs: groups of nodes placed in the same community by every run.
struct Patterns {
    /// Pattern of each node, numbered by first node.
    of_node: Vec<u32>,
    /// Smallest node of each pattern.
    first_node: Vec<usize>,
    /// Nodes per pattern.
    sizes: Vec<usize>,
}

impl Patterns {
    /// # Complexity
    ///
    /// O(R n log n) time, O(R n) memory.
    fn of(node_count: usize, memberships: &[&[u32]]) -> Patterns {
        let runs = memberships.len();
        // Node-major copy, so that comparing two nodes' patterns reads two short slices.
        let mut codes = vec![0u32; node_count * runs];
        for (run, membership) in memberships.iter().enumerate() {
            for (node, &community) in membership.iter().enumerate() {
                codes[node * runs + run] = community;
            }
        }
        let key = |node: usize| &codes[node * runs..(node + 1) * runs];
        let mut order: Vec<usize> = (0..node_count).collect();
        order.par_sort_unstable_by(|&a, &b| key(a).cmp(key(b)).then(a.cmp(&b)));
        // Groups of equal keys, numbered in sorted order, then renumbered by first node.
        let mut group = vec![0u32; node_count];
        let mut current = 0u32;
        for position in 0..order.len() {
            if position > 0 && key(order[position]) != key(order[position - 1]) {
                current += 1;
            }
            group[order[position]] = current;
        }
        let mut number = vec![u32::MAX; order.len().min(current as usize + 1)];
        let (mut of_node, mut first_node, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
        of_node.reserve(node_count);
        for (node, &g) in group.iter().enumerate() {
            let slot = &mut number[g as usize];
            if *slot == u32::MAX {
                *slot = first_node.len() as u32;
                first_node.push(node);
                sizes.push(0);
            }
            sizes[*slot as usize] += 1;
            of_node.push(*slot);
        }
        Patterns {
            of_node,
            first_node,
            sizes,
        }
    }

    fn count(&self) -> usize {
        self.first_node.len()
    }

    /// Each run's communities, as lists of the patterns in them (a pattern is in one
    /// community per run).
    fn per_community(&self, memberships: &[&[u32]]) -> Vec<Vec<Vec<u32>>> {
        memberships
            .iter()
            .map(|membership| {
                let communities = membership.iter().max().map_or(0, |&m| m as usize + 1);
                let mut lists = vec![Vec::new(); communities];
                for (pattern, &node) in self.first_node.iter().enumerate() {
                    lists[membership[node] as usize].push(pattern as u32);
                }
                lists
            })
            .collect()
    }

    /// The edges of the pattern graph: per pattern a, its edges to the patterns b > a ever
    /// placed with it, weight |a|·|b|·(runs together)/R, and its self-loop of |a|(|a| − 1)/2
    /// pairs together in every run; `None` as soon as there are more than
    /// [`MAX_PATTERN_EDGES`].
    ///
    /// # Complexity
    ///
    /// O(Σ over runs and communities of (patterns in it)²), on several threads.
    fn edges(
        &self,
        memberships: &[&[u32]],
        community_patterns: &[Vec<Vec<u32>>],
    ) -> Option<Vec<(usize, usize, f64)>> {
        let count = self.count();
        let runs = memberships.len() as u32;
        let size = |pattern: usize| self.sizes[pattern] as f64;
        // Patterns on several threads, their lists joined in pattern order; the edges are
        // counted as they are made, and the step stops once there are too many.
        let edge_count = AtomicU64::new(0);
        let per_pattern: Vec<Vec<(usize, usize, f64)>> = (0..count)
            .into_par_iter()
            .map_init(
                || (vec![0u32; count], Vec::new()),
                |(together, touched), a| {
                    let node = self.first_node[a];
                    for (membership, lists) in memberships.iter().zip(community_patterns) {
                        for &b in &lists[membership[node] as usize] {
                            let b = b as usize;
                            if b > a {
                                if together[b] == 0 {
                                    touched.push(b);
                                }
                                together[b] += 1;
                            }
                        }
                    }
                    touched.sort_unstable();
                    let mut edges = Vec::with_capacity(touched.len() + 1);
                    edges.push((a, a, size(a) * (size(a) - 1.0) / 2.0));
                    for &b in touched.iter() {
                        let share = f64::from(together[b]) / f64::from(runs);
                        edges.push((a, b, size(a) * size(b) * share));
                        together[b] = 0;
                    }
                    touched.clear();
                    let total = edge_count.fetch_add(edges.len() as u64, Ordering::Relaxed);
                    (total + edges.len() as u64 <= MAX_PATTERN_EDGES).then_some(edges)
                },
            )
            .collect::<Option<_>>()?;
        Some(per_pattern.into_iter().flatten().collect())
    }
}

/// Stability of each node (definition at [`Consensus::stability`]).
///
/// # Complexity
///
/// O(R n log n).
fn stability(membership: &[u32], runs: &[Partition]) -> Vec<f64> {
    let node_count = membership.len();
    let bloc_count = membership.iter().max().map_or(0, |&m| m as usize + 1);
    let mut bloc_size = vec![0usize; bloc_count];
    for &bloc in membership {
        bloc_size[bloc as usize] += 1;
    }
    let mut hits = vec![0u32; node_count];
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(node_count);
    let mut same = vec![0usize; node_count];
    let mut run_size = vec![0usize; node_count];
    for run in runs {
        // Nodes of one bloc in one run community share a key; the group size counts them.
        keys.clear();
        keys.extend((0..node_count).map(|node| {
            let key = (u64::from(membership[node]) << 32) | u64::from(run.membership[node]);
            (key, node as u32)
        }));
        keys.sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            for &(_, node) in &keys[start..end] {
                same[node as usize] = end - start;
            }
            start = end;
        }
        run_size.iter_mut().for_each(|size| *size = 0);
        for &community in &run.membership {
            run_size[community as usize] += 1;
        }
        for node in 0..node_count {
            let size = bloc_size[membership[node] as usize];
            let placed = if size == 1 {
                run_size[run.membership[node] as usize] == 1
            } else {
                // Strict majority of the k − 1 other members: 2 · others > k − 1.
                2 * (same[node] - 1) > size - 1
            };
            if placed {
                hits[node] += 1;
            }
        }
    }
    let run_count = runs.len().max(1) as f64;
    hits.iter().map(|&hit| f64::from(hit) / run_count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::leiden::disconnected_communities;
    use crate::cluster::leiden::test_graphs::{karate, les_miserables, planted_partition};

    #[test]
    fn defaults_and_validation() {
        let params = ConsensusParams::default();
        assert_eq!(params.n_runs, 20);
        assert_eq!(params.threshold, 0.5);
        assert!(params.parallel);
        assert!(params.validate().is_ok());
        assert!(matches!(
            params.clone().n_runs(0).validate(),
            Err(ConsensusError::InvalidParameter { name: "n_runs", .. })
        ));
        assert!(params.clone().n_runs(70_000).validate().is_err());
        assert!(params.clone().threshold(0.0).validate().is_err());
        assert!(params.clone().threshold(f64::NAN).validate().is_err());
        let bad_leiden = params.leiden(LeidenParams::default().theta(-1.0));
        assert!(matches!(
            bad_leiden.validate(),
            Err(ConsensusError::Leiden(LeidenError::InvalidParameter {
                name: "theta",
                ..
            }))
        ));
    }

    #[test]
    fn unanimous_runs_are_their_own_median_partition() {
        // The shortcut must give what the Leiden step gives: check both on unanimous runs of
        // two graphs, with blocs of several sizes and a member alone.
        let mut graphs = vec![planted_partition(3, 12, 0.9, 0.0, 5).0];
        let mut edges = vec![(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0)];
        edges.push((2, 3, 0.05));
        graphs.push(CsrGraph::from_edges(6, &edges).unwrap());
        for graph in &graphs {
            let params = ConsensusParams::default().n_runs(8);
            let result = consensus(graph, &params).unwrap();
            let first = &result.runs[0].membership;
            assert!(result.runs.iter().all(|run| &run.membership == first));
            for threshold in [0.05, 0.5, 0.95] {
                let params = params.clone().threshold(threshold);
                let median = median_partition(&result.co_assignment, &params).unwrap();
                assert_eq!(
                    &canonical_membership(&median),
                    first,
                    "threshold {threshold}"
                );
            }
            assert_eq!(&result.partition.membership, first);
            assert!(result.stability.iter().all(|&s| s == 1.0));
        }
    }

    #[test]
    fn co_assignment_counts_pairs() {
        let runs: Vec<&[u32]> = vec![&[0, 0, 1, 1], &[0, 1, 1, 0], &[0, 0, 0, 1]];
        let counts = CoAssignment::count(4, &runs, false);
        assert_eq!(counts.runs(), 3);
        assert_eq!(counts.count_of(0, 0), 3);
        assert_eq!(counts.count_of(0, 1), 2);
        assert_eq!(counts.count_of(1, 0), 2);
        assert_eq!(counts.count_of(2, 3), 1);
        assert_eq!(counts.count_of(0, 3), 1);
        assert_eq!(counts.count_of(1, 2), 2);
        assert!((counts.share(0, 1) - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(CoAssignment::count(4, &runs, true), counts);
    }

    #[test]
    fn stability_counts_runs_with_the_bloc_majority() {
        // Consensus blocs {0, 1, 2}, {3, 4}, {5}.
        let consensus_membership = [0, 0, 0, 1, 1, 2];
        let run = |membership: Vec<u32>| Partition {
            membership,
            quality: 0.0,
        };
        let runs = vec![
            run(vec![0, 0, 0, 1, 1, 2]),
            // 2 with 3 and 4, so 0 and 1 each have one of their two bloc mates: no majority;
            // 5 with 0 and 1: not alone.
            run(vec![0, 0, 1, 1, 1, 0]),
            // Everybody together: all bloc mates, but 5 is not alone.
            run(vec![0, 0, 0, 0, 0, 0]),
            // 1 apart from 0 and 2; 5 alone again.
            run(vec![0, 1, 0, 2, 2, 3]),
            // 3 and 4 apart.
            run(vec![0, 0, 0, 1, 2, 3]),
        ];
        let scores = stability(&consensus_membership, &runs);
        assert_eq!(scores, vec![0.6, 0.6, 0.6, 0.8, 0.8, 0.6]);
    }

    #[test]
    fn parallel_and_sequential_agree_and_seed_reproduces() {
        let (graph, _) = planted_partition(4, 20, 0.25, 0.08, 11);
        let params = ConsensusParams::default().n_runs(12);
        let parallel = consensus(&graph, &params).unwrap();
        let sequential = consensus(&graph, &params.clone().parallel(false)).unwrap();
        assert_eq!(parallel, sequential);
        assert_eq!(consensus(&graph, &params).unwrap(), parallel);
        assert_eq!(parallel.runs.len(), 12);
        assert_eq!(parallel.co_assignment.runs(), 12);
    }

    #[test]
    fn clear_blocs_are_stable() {
        let (graph, truth) = planted_partition(4, 30, 0.3, 0.02, 1);
        let result = consensus(&graph, &ConsensusParams::default()).unwrap();
        assert_eq!(result.partition.membership, canonical_membership(&truth));
        assert!(result.stability.iter().all(|&s| s == 1.0));
        let recomputed =
            crate::cluster::quality::modularity(&graph, &result.partition.membership, 1.0).unwrap();
        assert!((result.partition.quality - recomputed).abs() < 1e-12);
    }

    #[test]
    fn karate_consensus_is_a_median_partition() {
        let graph = karate();
        let result = consensus(&graph, &ConsensusParams::default()).unwrap();
        let membership = &result.partition.membership;
        assert!(disconnected_communities(&graph, membership).is_empty());
        // Median property: every pair the consensus puts together is together in at least
        // some runs, and the consensus disagrees with the runs no more than the best run does.
        let disagreements = |candidate: &[u32]| -> u64 {
            let mut total = 0u64;
            for a in 0..34 {
                for b in a + 1..34 {
                    let count = u64::from(result.co_assignment.count_of(a, b));
                    total += if candidate[a] == candidate[b] {
                        20 - count
                    } else {
                        count
                    };
                }
            }
            total
        };
        let consensus_cost = disagreements(membership);
        let best_run = result
            .runs
            .iter()
            .map(|run| disagreements(&run.membership))
            .min()
            .unwrap();
        assert!(consensus_cost <= best_run, "{consensus_cost} > {best_run}");
        // The leaders of the two factions (nodes 0 and 33) are never in doubt.
        assert_eq!(result.stability[0], 1.0);
        assert_eq!(result.stability[33], 1.0);
        assert!(result.stability.iter().all(|&s| (0.0..=1.0).contains(&s)));
    }

    #[test]
    fn member_torn_between_two_blocs_has_low_stability() {
        // Two 6-cliques and node 12 linked to three nodes of each: it joins either clique with
        // exactly the same gain, so runs split over where it goes.
        let mut edges = Vec::new();
        for offset in [0, 6] {
            for u in 0..6 {
                for v in u + 1..6 {
                    edges.push((offset + u, offset + v, 1.0));
                }
            }
        }
        for target in [0, 1, 2, 6, 7, 8] {
            edges.push((12, target, 1.0));
        }
        let graph = CsrGraph::from_edges(13, &edges).unwrap();
        let result = consensus(&graph, &ConsensusParams::default()).unwrap();
        let cliques = &result.partition.membership[..12];
        assert!(cliques[..6].iter().all(|&bloc| bloc == cliques[0]));
        assert!(cliques[6..].iter().all(|&bloc| bloc == cliques[6]));
        assert_ne!(cliques[0], cliques[6]);
        assert!(result.stability[..12].iter().all(|&s| s == 1.0));
        let torn = result.stability[12];
        assert!(torn > 0.25 && torn < 0.75, "{torn}");
        // It sits with the clique it joined in the majority of runs.
        let with_first = result
            .runs
            .iter()
            .filter(|run| run.membership[12] == run.membership[0])
            .count();
        let expected_bloc = if with_first * 2 > 20 {
            cliques[0]
        } else {
            cliques[6]
        };
        assert_eq!(result.partition.membership[12], expected_bloc);
        assert_eq!(torn, with_first.max(20 - with_first) as f64 / 20.0);
    }

    #[test]
    fn patterns_group_the_nodes_every_run_placed_alike() {
        let runs: [&[u32]; 2] = [&[0, 0, 1, 1, 2, 0], &[0, 0, 0, 1, 1, 0]];
        let patterns = Patterns::of(6, &runs);
        assert_eq!(patterns.of_node, vec![0, 0, 1, 2, 3, 0]);
        assert_eq!(patterns.first_node, vec![0, 2, 3, 4]);
        assert_eq!(patterns.sizes, vec![3, 1, 1, 1]);
    }

    /// Graphs whose runs may disagree: the karate club, Les Misérables, a planted partition
    /// with weak blocks, and the member torn between two cliques.
    fn disputed_graphs() -> Vec<CsrGraph> {
        let mut torn = Vec::new();
        for offset in [0, 6] {
            for u in 0..6 {
                for v in u + 1..6 {
                    torn.push((offset + u, offset + v, 1.0));
                }
            }
        }
        for target in [0, 1, 2, 6, 7, 8] {
            torn.push((12, target, 1.0));
        }
        vec![
            karate(),
            les_miserables(),
            planted_partition(5, 30, 0.3, 0.08, 3).0,
            CsrGraph::from_edges(13, &torn).unwrap(),
        ]
    }

    #[test]
    fn the_consensus_of_patterns_finds_the_median_partition_without_the_matrix() {
        let mut disputed = Vec::new();
        for (number, graph) in disputed_graphs().iter().enumerate() {
            let dense = consensus(graph, &ConsensusParams::default()).unwrap();
            assert!(dense.co_assignment.is_dense());
            let unanimous = dense
                .runs
                .windows(2)
                .all(|pair| pair[0].membership == pair[1].membership);
            if !unanimous {
                disputed.push(number);
            }
            let merged = consensus(graph, &ConsensusParams::default().dense_max_nodes(0)).unwrap();
            assert!(!merged.co_assignment.is_dense());
            // The same runs, the same counts (read from the runs), and the same median
            // partition on these graphs: CPM has the same optimum on the patterns.
            assert_eq!(merged.runs, dense.runs, "graph {number}");
            let n = graph.node_count();
            for a in 0..n {
                for b in 0..n {
                    assert_eq!(
                        merged.co_assignment.count_of(a, b),
                        dense.co_assignment.count_of(a, b)
                    );
                }
            }
            assert_eq!(
                merged.partition.membership, dense.partition.membership,
                "graph {number}"
            );
            assert_eq!(merged.stability, dense.stability, "graph {number}");
        }
        // Unanimous runs need no median partition: the graphs where the runs disagree test it.
        assert!(disputed.len() >= 2, "disputed graphs: {disputed:?}");
    }

    #[test]
    fn too_many_patterns_are_refused_with_the_way_out() {
        // Every node its own pattern: each run splits the nodes differently.
        let runs: Vec<Vec<u32>> = (0..12u32)
            .map(|run| (0..4096u32).map(|node| (node >> run) & 1).collect())
            .collect();
        let memberships: Vec<&[u32]> = runs.iter().map(Vec::as_slice).collect();
        let error = median_partition_of_patterns(4096, &memberships, &ConsensusParams::default())
            .unwrap_err();
        assert!(matches!(
            error,
            ConsensusError::TooManyPatterns {
                patterns: 4096,
                runs: 12,
                ..
            }
        ));
        assert!(error.to_string().contains("--consensus"), "{error}");
    }

    #[test]
    fn negative_weights_under_modularity_are_an_error() {
        let graph = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, -1.0)]).unwrap();
        let error = consensus(&graph, &ConsensusParams::default()).unwrap_err();
        assert!(matches!(
            error,
            ConsensusError::Leiden(LeidenError::NegativeWeight { .. })
        ));
    }
}
