//! The Leiden algorithm: fast local moving, refinement, aggregation.
//!
//! Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing
//! well-connected communities. Scientific Reports 9, 5233. The refinement follows the paper
//! (and igraph's C implementation): within each community, nodes start as singletons; a
//! singleton that is well connected to the rest of its community joins a well-connected
//! sub-community chosen at random with probability ∝ exp(ΔH/θ) among those with ΔH ≥ 0.
//!
//! Determinism: every loop runs over sorted neighbour lists or over vectors indexed by node or
//! community, never over a hash map; the only randomness is the seeded Xoshiro256++ generator,
//! used in a fixed order. The same graph and seed give the same result on every platform.

use super::params::{LeidenError, LeidenParams, LeidenValidParams, Objective};
use super::partition::{Partition, split_disconnected};
use super::quality::{ObjectiveModel, TERMS};
use crate::ParamGuard;
use crate::cluster::canonical_membership;
use crate::cluster::csr::CsrGraph;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::VecDeque;

/// Stream tags, so that seeds derived for different purposes from one seed differ.
pub(crate) const RESTART_STREAM: u64 = 0x6c65_6964_656e_5253; // "leidenRS"

/// A seed derived from `seed` for run `index` of a `stream` (SplitMix64 finaliser, Steele,
/// Lea & Flood 2014), so that neighbouring indices give unrelated generators.
pub(crate) fn derive_seed(seed: u64, stream: u64, index: u64) -> u64 {
    let mut z =
        seed ^ stream.rotate_left(17) ^ index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Finds communities of `graph` with the Leiden algorithm.
///
/// Takes the graph and the parameters (objective, seed, restarts, θ, iterations). Runs
/// `n_restarts` independent times (seeds derived from `params.seed`) and returns the partition
/// of highest quality, ties going to the earliest run. Each run iterates full Leiden passes,
/// each starting from the previous partition, until a pass no longer improves the quality (or
/// `max_iterations` passes).
///
/// Returns a [`Partition`]: communities numbered by size (largest = 0), ties by smallest node
/// index; `quality` is the objective on `graph` (see [`Objective`](super::Objective)). Every
/// community is connected: the refinement only merges nodes along edges, and a final check
/// splits any community left disconnected when the iterations are capped.
///
/// Same graph and parameters → identical output on every platform.
///
/// # Errors
///
/// Invalid parameters ([`LeidenParams::validate`]; none when they are already
/// [`LeidenValidParams`]), a negative edge weight under plain modularity.
///
/// # Complexity
///
/// About O(m) per pass and level, with few levels and passes in practice; O(n + m) memory.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::csr::CsrGraph;
/// use votebloc::cluster::leiden::{LeidenParams, leiden};
/// // Two triangles joined by one edge.
/// let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)];
/// let graph = CsrGraph::from_edges(6, &edges).unwrap();
/// let partition = leiden(&graph, &LeidenParams::default()).unwrap();
/// assert_eq!(partition.membership, vec![0, 0, 0, 1, 1, 1]);
/// assert!((partition.quality - 5.0 / 14.0).abs() < 1e-12);
/// ```
pub fn leiden<P>(graph: &CsrGraph, params: &P) -> Result<Partition, LeidenError>
where
    P: ParamGuard<Checked = LeidenValidParams, Error = LeidenError>,
{
    let params = params.check_ref()?;
    params.objective.check_graph(graph)?;
    let model = ObjectiveModel::new(&params.objective, graph);
    Ok(best_run(graph, &model, params))
}

/// Leiden with the constant Potts model on a graph whose node `v` stands for `sizes[v]` nodes
/// of another graph (merged beforehand, their inner edges as `v`'s self-loop): the null model
/// counts `sizes[u] · sizes[v]` pairs between two such nodes, so the quality is that of the
/// partition of the other graph that keeps each merged group together. What the consensus
/// runs on when it merges the nodes every run put together (`cluster/consensus.rs`).
///
/// Returns the partition of `graph`'s nodes, numbered as [`leiden`] numbers it.
///
/// # Errors
///
/// An objective other than CPM ([`LeidenError::InvalidParameter`]); `sizes` not one per node
/// ([`LeidenError::MembershipLength`]).
///
/// # Complexity
///
/// That of [`leiden`].
pub(crate) fn leiden_cpm_sized(
    graph: &CsrGraph,
    sizes: &[f64],
    params: &LeidenValidParams,
) -> Result<Partition, LeidenError> {
    let Objective::Cpm { resolution } = params.objective else {
        return Err(LeidenError::InvalidParameter {
            name: "objective",
            value: params.objective.name().to_string(),
            expected: "cpm, the only objective whose node weights are sizes",
        });
    };
    if sizes.len() != graph.node_count() {
        return Err(LeidenError::MembershipLength {
            expected: graph.node_count(),
            found: sizes.len(),
        });
    }
    let mut model = ObjectiveModel::new(&params.objective, graph);
    model.node_weights = sizes.iter().map(|&size| [size, 0.0]).collect();
    // Pairs of an original node with itself cost nothing: Σ_c N_c(N_c − 1)/2 for N original
    // nodes in all (see `ObjectiveModel::new`).
    model.constant = resolution * sizes.iter().sum::<f64>() / 2.0;
    Ok(best_run(graph, &model, params))
}

/// The best of `params.n_restarts` runs with `model` on `graph` (ties to the earliest run).
fn best_run(graph: &CsrGraph, model: &ObjectiveModel, params: &LeidenParams) -> Partition {
    let mut best: Option<(Vec<u32>, f64)> = None;
    for restart in 0..params.n_restarts {
        let seed = derive_seed(params.seed, RESTART_STREAM, u64::from(restart));
        let membership = run(graph, model, params, seed);
        let quality = model.quality(graph, &membership);
        if best
            .as_ref()
            .is_none_or(|&(_, best_quality)| quality > best_quality)
        {
            best = Some((membership, quality));
        }
    }
    let (membership, quality) = best.unwrap_or_default();
    Partition {
        membership: canonical_membership(&membership),
        quality,
    }
}

/// One run: Leiden passes from singletons until the quality stops improving.
fn run(graph: &CsrGraph, model: &ObjectiveModel, params: &LeidenParams, seed: u64) -> Vec<u32> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut membership: Vec<u32> = (0..graph.node_count() as u32).collect();
    let mut quality = model.singleton_quality(graph);
    let mut iteration = 0u32;
    loop {
        let (candidate, candidate_quality) =
            pass(graph, model, &membership, params.theta, &mut rng);
        iteration += 1;
        // Rounding can make an unchanged partition look a hair better; such "gains" would
        // never end the loop.
        let improved = candidate_quality > quality + 1e-12 * quality.abs().max(1.0);
        if candidate_quality >= quality {
            membership = candidate;
            quality = candidate_quality;
        }
        if !improved
            || params
                .max_iterations
                .is_some_and(|limit| iteration >= limit)
        {
            break;
        }
    }
    split_disconnected(graph, &mut membership);
    membership
}

/// Scratch vectors for accumulating edge weight per neighbouring community without a map:
/// `weight[c]` is valid for the communities listed in `touched()`, and reset by `clear`.
struct NeighbourWeights {
    weight: Vec<f64>,
    seen: Vec<bool>,
    /// `touched[..touched_count]` lists the communities seen, in order of first sight; the
    /// vector has room for every community, so `add` needs no branch to record one.
    touched: Vec<u32>,
    touched_count: usize,
}

impl NeighbourWeights {
    fn new(size: usize) -> Self {
        Self {
            weight: vec![0.0; size],
            seen: vec![false; size],
            touched: vec![0; size],
            touched_count: 0,
        }
    }

    /// Adds `weight` to `community`. Branch-free: whether a community is new is as good as
    /// random, and a mispredicted branch costs more than the unconditional store.
    #[inline]
    fn add(&mut self, community: u32, weight: f64) {
        let index = community as usize;
        self.touched[self.touched_count] = community;
        self.touched_count += usize::from(!self.seen[index]);
        self.seen[index] = true;
        self.weight[index] += weight;
    }

    /// Sets the weight of a community not seen since the last `clear`.
    fn insert(&mut self, community: u32, weight: f64) {
        debug_assert!(!self.seen[community as usize]);
        self.touched[self.touched_count] = community;
        self.touched_count += 1;
        self.seen[community as usize] = true;
        self.weight[community as usize] = weight;
    }

    #[inline]
    fn get(&self, community: u32) -> f64 {
        self.weight[community as usize]
    }

    fn touched(&self) -> &[u32] {
        &self.touched[..self.touched_count]
    }

    fn clear(&mut self) {
        for &community in &self.touched[..self.touched_count] {
            self.weight[community as usize] = 0.0;
            self.seen[community as usize] = false;
        }
        self.touched_count = 0;
    }
}

/// The drawing weight `e^x` of a choice whose weight relative to the best one is `e^x`
/// (`x ≤ 0`), taken as 0 below e⁻⁵⁰ ≈ 2⁻⁷²: the best choice weighs 1, so even forty such
/// weights together are below half an ulp of the total and change neither the total nor any
/// draw (a uniform draw is 0 or at least 2⁻⁵³). Most candidates of the refinement are that
/// far below the best, and the cut-off spares their exponentials.
#[inline]
fn relative_weight(x: f64) -> f64 {
    if x < -50.0 { 0.0 } else { exp_non_positive(x) }
}

/// `e^x` for `x ≤ 0`, within a few ulp (the tests check 4ε relative), from additions and
/// multiplications only: the same bits on every platform (the system `exp` differs between C
/// libraries in the last bit), and no slow path for the far-negative arguments the refinement
/// gives (glibc's takes one near underflow). Below −708 the result would be subnormal; it is
/// 0 (a relative weight of 10⁻³⁰⁷ is never drawn).
///
/// Range reduction `x = k·ln 2 + r`, |r| ≤ ½ ln 2 (Cody & Waite 1980, ln 2 in two parts so
/// that `k·LN2_HIGH` is exact), then the Taylor series of `e^r` to degree 13 (remainder
/// < 2⁻⁵⁴ relative) and `2^k` put into the exponent bits.
#[inline]
fn exp_non_positive(x: f64) -> f64 {
    const LN2_HIGH: f64 = 0.693_147_180_369_123_8; // 0x3fe62e42fee00000: 32 significant bits
    const LN2_LOW: f64 = 1.908_214_929_270_587_7e-10; // 0x3dea39ef35793c76: ln 2 − LN2_HIGH
    const ROUND: f64 = 6_755_399_441_055_744.0; // 1.5 · 2⁵²: adding it rounds to an integer
    debug_assert!(x.is_nan() || x <= 0.0, "exp_non_positive({x})");
    if x.is_nan() || x < -708.0 {
        return if x.is_nan() { x } else { 0.0 };
    }
    let k = (x * std::f64::consts::LOG2_E + ROUND) - ROUND;
    let r = (x - k * LN2_HIGH) - k * LN2_LOW;
    let mut series = 1.0 / 6_227_020_800.0; // 1/13!
    for factorial in [
        479_001_600.0, // 12!
        39_916_800.0,
        3_628_800.0,
        362_880.0,
        40_320.0,
        5_040.0,
        720.0,
        120.0,
        24.0,
        6.0,
        2.0,
        1.0,
        1.0,
    ] {
        series = series * r + 1.0 / factorial;
    }
    // k ∈ [−1022, 0] here, so 2^k is a normal number.
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    series * scale
}

/// Fisher–Yates shuffle of `0..count` with the generator (portable: draws `u32` bounds).
fn shuffled_nodes(count: usize, rng: &mut Xoshiro256PlusPlus) -> Vec<u32> {
    let mut order: Vec<u32> = (0..count as u32).collect();
    for last in (1..count).rev() {
        let other = rng.gen_range(0..=last as u32) as usize;
        order.swap(last, other);
    }
    order
}

/// Renumbers labels `< labels.len()` as `0..count` in order of first appearance.
fn compact(labels: &mut [u32]) -> usize {
    let mut new_label = vec![u32::MAX; labels.len()];
    let mut count = 0u32;
    for label in labels.iter_mut() {
        let slot = &mut new_label[*label as usize];
        if *slot == u32::MAX {
            *slot = count;
            count += 1;
        }
        *label = *slot;
    }
    count as usize
}

#[inline]
fn add_into(total: &mut [f64; TERMS], weight: &[f64; TERMS]) {
    for term in 0..TERMS {
        total[term] += weight[term];
    }
}

#[inline]
fn subtract_from(total: &mut [f64; TERMS], weight: &[f64; TERMS]) {
    for term in 0..TERMS {
        total[term] -= weight[term];
    }
}

/// One Leiden pass (the paper's `Leiden` function) from `initial` (labels < node count):
/// move, refine, aggregate, until every community is a single aggregate node. Returns the
/// partition of the nodes of `graph` and its quality, computed on the last aggregate graph
/// (which holds the same weight, in far fewer edges).
fn pass(
    graph: &CsrGraph,
    model: &ObjectiveModel,
    initial: &[u32],
    theta: f64,
    rng: &mut Xoshiro256PlusPlus,
) -> (Vec<u32>, f64) {
    let mut aggregate: Option<CsrGraph> = None;
    let mut node_weights = model.node_weights.clone();
    let mut community = initial.to_vec();
    compact(&mut community);
    // Aggregate node (on the current level) of each original node.
    let mut level_of_node: Vec<u32> = (0..graph.node_count() as u32).collect();
    loop {
        let level = aggregate.as_ref().unwrap_or(graph);
        move_nodes_fast(level, model, &node_weights, &mut community, rng);
        let community_count = compact(&mut community);
        if community_count == level.node_count() {
            break;
        }
        let (refined, refined_count) = refine(level, model, &node_weights, &community, theta, rng);
        // No merge in the refinement: aggregating would give the same graph back (leidenalg
        // stops here too).
        if refined_count == level.node_count() {
            break;
        }
        let (next_graph, next_weights) =
            aggregate_graph(level, &node_weights, &refined, refined_count);
        let mut next_community = vec![0u32; refined_count];
        for (node, &cluster) in refined.iter().enumerate() {
            next_community[cluster as usize] = community[node];
        }
        for level_node in level_of_node.iter_mut() {
            *level_node = refined[*level_node as usize];
        }
        aggregate = Some(next_graph);
        node_weights = next_weights;
        community = next_community;
    }
    let level = aggregate.as_ref().unwrap_or(graph);
    let quality = model.quality_with(level, &node_weights, &community);
    let membership = level_of_node
        .iter()
        .map(|&level_node| community[level_node as usize])
        .collect();
    (membership, quality)
}

/// Fast local moving: visit nodes from a queue (seeded random order), move each to the
/// neighbouring community (or an empty one) of largest gain when that beats staying, and queue
/// again its neighbours outside the new community. Ends when the queue is empty, so every
/// node is then locally optimal.
// Long on purpose: one phase of the algorithm (Traag et al. 2019, Algorithm A.2,
// MoveNodesFast), kept whole so that it reads line by line against the paper; its steps share
// the per-node state (totals, sizes, queue, neighbour weights) of Leiden's inner loop, run for
// every node in every pass of every consensus run.
fn move_nodes_fast(
    graph: &CsrGraph,
    model: &ObjectiveModel,
    node_weights: &[[f64; TERMS]],
    community: &mut [u32],
    rng: &mut Xoshiro256PlusPlus,
) {
    let node_count = graph.node_count();
    let mut totals = vec![[0.0; TERMS]; node_count];
    let mut sizes = vec![0u32; node_count];
    for (node, &label) in community.iter().enumerate() {
        add_into(&mut totals[label as usize], &node_weights[node]);
        sizes[label as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..node_count as u32)
        .rev()
        .filter(|&label| sizes[label as usize] == 0)
        .collect();
    let mut queue: VecDeque<u32> = shuffled_nodes(node_count, rng).into();
    let mut queued = vec![true; node_count];
    let mut neighbour_weights = NeighbourWeights::new(node_count);

    while let Some(node) = queue.pop_front() {
        let node = node as usize;
        queued[node] = false;
        let current = community[node];
        let weight = &node_weights[node];
        for (neighbour, edge_weight) in graph.neighbours(node) {
            if neighbour != node {
                neighbour_weights.add(community[neighbour], edge_weight);
            }
        }
        subtract_from(&mut totals[current as usize], weight);
        sizes[current as usize] -= 1;
        if sizes[current as usize] == 0 {
            // Rounding leftovers of the subtractions must not follow a reused empty community.
            totals[current as usize] = [0.0; TERMS];
        }

        let mut best = current;
        let mut best_gain = model.gain(
            neighbour_weights.get(current),
            weight,
            &totals[current as usize],
        );
        // Exact ties between other communities are broken at random (reservoir sampling):
        // always taking the first would favour low-numbered communities, and a member torn
        // between two blocs would then look stable across seeds. A tie with staying keeps the
        // node where it is, so that every move strictly improves the quality.
        let mut tied = 0u32;
        for &candidate in neighbour_weights.touched() {
            if candidate == current {
                continue;
            }
            let gain = model.gain(
                neighbour_weights.get(candidate),
                weight,
                &totals[candidate as usize],
            );
            if gain > best_gain {
                best = candidate;
                best_gain = gain;
                tied = 1;
            } else if gain == best_gain && best != current {
                tied += 1;
                if rng.gen_range(0..tied) == 0 {
                    best = candidate;
                }
            }
        }
        // Alone in a new community the gain is 0; only worth it when the node has company.
        if sizes[current as usize] > 0
            && best_gain < 0.0
            && let Some(&fresh) = empty.last()
        {
            best = fresh;
            empty.pop();
        }
        neighbour_weights.clear();

        add_into(&mut totals[best as usize], weight);
        sizes[best as usize] += 1;
        community[node] = best;
        if best != current {
            if sizes[current as usize] == 0 {
                empty.push(current);
            }
            for &neighbour in graph.neighbour_indices(node) {
                let neighbour_index = neighbour as usize;
                if community[neighbour_index] != best && !queued[neighbour_index] {
                    queued[neighbour_index] = true;
                    queue.push_back(neighbour);
                }
            }
        }
    }
}

/// True when a set with totals `part` inside a subset with totals `whole` has external weight
/// `external` (towards the rest of the subset) at least what the null model expects: the
/// paper's γ-connectedness `E(C, S − C) ≥ γ ‖C‖ (‖S‖ − ‖C‖)`, one term per null-model term.
#[inline]
fn well_connected(
    model: &ObjectiveModel,
    external: f64,
    part: &[f64; TERMS],
    whole: &[f64; TERMS],
) -> bool {
    let expected: f64 = (0..TERMS)
        .map(|term| model.coefficients[term] * part[term] * (whole[term] - part[term]))
        .sum();
    external >= expected
}

/// Refinement: within each community of `community`, start from singletons and merge
/// well-connected singletons into well-connected sub-communities at random (probability
/// ∝ exp(ΔH/θ), ΔH ≥ 0). Nodes only join sub-communities they have an edge to, so every
/// sub-community is connected. Returns the sub-community of each node (labels compact) and
/// their number.
// Long on purpose: one phase of the algorithm (Traag et al. 2019, Algorithm A.2,
// RefinePartition and MergeNodesSubset), kept whole to read against the paper; its steps share
// the per-node state (totals, external weights, candidates) of Leiden's inner loop.
fn refine(
    graph: &CsrGraph,
    model: &ObjectiveModel,
    node_weights: &[[f64; TERMS]],
    community: &[u32],
    theta: f64,
    rng: &mut Xoshiro256PlusPlus,
) -> (Vec<u32>, usize) {
    let node_count = graph.node_count();
    let mut refined: Vec<u32> = (0..node_count as u32).collect();
    let mut cluster_totals = node_weights.to_vec();
    let mut subset_totals = vec![[0.0; TERMS]; node_count];
    let mut external = vec![0.0; node_count];
    let mut merged = vec![false; node_count];
    for node in 0..node_count {
        add_into(
            &mut subset_totals[community[node] as usize],
            &node_weights[node],
        );
        // Summed in a register: through `external[node]` every addition would wait for the
        // store of the one before.
        let own_community = community[node];
        let mut inside = 0.0;
        for (neighbour, weight) in graph.neighbours(node) {
            if neighbour != node && community[neighbour] == own_community {
                inside += weight;
            }
        }
        external[node] = inside;
    }

    let mut neighbour_weights = NeighbourWeights::new(node_count);
    // (sub-community, cumulative probability weight), the node's own singleton first.
    let mut candidates: Vec<(u32, f64)> = Vec::new();
    for node in shuffled_nodes(node_count, rng) {
        let node = node as usize;
        let own = refined[node];
        let subset = community[node] as usize;
        if merged[own as usize]
            || !well_connected(
                model,
                external[own as usize],
                &cluster_totals[own as usize],
                &subset_totals[subset],
            )
        {
            continue;
        }
        let weight = &node_weights[node];
        // The node is alone in `own`: this is its edge weight to the rest of its community.
        let to_rest_of_community = external[own as usize];
        cluster_totals[own as usize] = [0.0; TERMS];
        external[own as usize] = 0.0;
        for (neighbour, edge_weight) in graph.neighbours(node) {
            if neighbour != node && community[neighbour] as usize == subset {
                neighbour_weights.add(refined[neighbour], edge_weight);
            }
        }

        candidates.clear();
        let mut max_gain = 0.0f64;
        for &cluster in neighbour_weights.touched() {
            let index = cluster as usize;
            if !well_connected(
                model,
                external[index],
                &cluster_totals[index],
                &subset_totals[subset],
            ) {
                continue;
            }
            let gain = model.gain(
                neighbour_weights.get(cluster),
                weight,
                &cluster_totals[index],
            );
            if gain >= 0.0 {
                candidates.push((cluster, gain));
                max_gain = max_gain.max(gain);
            }
        }
        // Probabilities relative to the best gain, so that exp never overflows.
        let mut cumulative = relative_weight(-max_gain / theta);
        let stay_weight = cumulative;
        for candidate in candidates.iter_mut() {
            cumulative += relative_weight((candidate.1 - max_gain) / theta);
            candidate.1 = cumulative;
        }
        let draw = rng.r#gen::<f64>() * cumulative;
        let chosen = if draw < stay_weight {
            own
        } else {
            candidates
                .iter()
                .find(|&&(_, bound)| draw < bound)
                .or(candidates.last())
                .map_or(own, |&(cluster, _)| cluster)
        };
        // The node's edges to `chosen` turn internal, its other edges inside the community
        // become external edges of `chosen`. (`own` is a singleton: nothing else is in it.)
        let to_chosen = if chosen == own {
            0.0
        } else {
            neighbour_weights.get(chosen)
        };
        neighbour_weights.clear();
        external[chosen as usize] += to_rest_of_community - 2.0 * to_chosen;
        add_into(&mut cluster_totals[chosen as usize], weight);
        refined[node] = chosen;
        if chosen != own {
            merged[chosen as usize] = true;
            merged[own as usize] = true;
        }
    }
    let count = compact(&mut refined);
    (refined, count)
}

/// The graph whose nodes are the sub-communities `cluster` (labels `0..cluster_count`): edge
/// weights summed, weight inside a sub-community as its self-loop, node weights summed.
/// Neighbour lists come out sorted; each edge weight is summed once and mirrored, so the
/// aggregate is exactly symmetric.
fn aggregate_graph(
    graph: &CsrGraph,
    node_weights: &[[f64; TERMS]],
    cluster: &[u32],
    cluster_count: usize,
) -> (CsrGraph, Vec<[f64; TERMS]>) {
    let node_count = graph.node_count();
    // Nodes grouped by sub-community, in increasing order within each.
    let mut start = vec![0usize; cluster_count + 1];
    for &label in cluster {
        start[label as usize + 1] += 1;
    }
    for index in 0..cluster_count {
        start[index + 1] += start[index];
    }
    let mut cursor = start.clone();
    let mut members = vec![0u32; node_count];
    for (node, &label) in cluster.iter().enumerate() {
        members[cursor[label as usize]] = node as u32;
        cursor[label as usize] += 1;
    }

    let mut weights_out = vec![[0.0; TERMS]; cluster_count];
    let mut offsets = Vec::with_capacity(cluster_count + 1);
    let mut neighbours: Vec<u32> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    offsets.push(0);
    let mut neighbour_weights = NeighbourWeights::new(cluster_count);
    for (label, node_weight) in weights_out.iter_mut().enumerate() {
        let mut inside = 0.0;
        for &member in &members[start[label]..start[label + 1]] {
            let member = member as usize;
            add_into(node_weight, &node_weights[member]);
            for (neighbour, weight) in graph.neighbours(member) {
                let other = cluster[neighbour];
                if other as usize == label {
                    // Each inner edge once, from its smaller end (a self-loop from its only end).
                    if neighbour >= member {
                        inside += weight;
                    }
                } else {
                    neighbour_weights.add(other, weight);
                }
            }
        }
        if inside != 0.0 {
            neighbour_weights.insert(label as u32, inside);
        }
        let count = neighbour_weights.touched_count;
        neighbour_weights.touched[..count].sort_unstable();
        for &other in neighbour_weights.touched() {
            let weight = neighbour_weights.get(other);
            if weight != 0.0 {
                neighbours.push(other);
                weights.push(weight);
            }
        }
        neighbour_weights.clear();
        offsets.push(neighbours.len());
    }
    // Mirror: the weight of {a, b} is the one summed on the side of the smaller label.
    for label in 0..cluster_count {
        for entry in offsets[label]..offsets[label + 1] {
            let other = neighbours[entry] as usize;
            if other < label {
                let list = &neighbours[offsets[other]..offsets[other + 1]];
                if let Ok(position) = list.binary_search(&(label as u32)) {
                    weights[entry] = weights[offsets[other] + position];
                }
            }
        }
    }
    (
        CsrGraph::from_parts(offsets, neighbours, weights),
        weights_out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::leiden::{Objective, disconnected_communities};

    #[test]
    fn exp_non_positive_matches_exp() {
        let mut x = 0.0;
        while x > -708.0 {
            let (ours, system) = (exp_non_positive(x), x.exp());
            assert!(
                (ours - system).abs() <= 4.0 * f64::EPSILON * system,
                "e^{x}: {ours} against {system}"
            );
            x -= 0.0137;
        }
        for x in [
            -1e-300,
            -0.5 * std::f64::consts::LN_2,
            -std::f64::consts::LN_2,
            -707.9,
        ] {
            let (ours, system) = (exp_non_positive(x), x.exp());
            assert!(
                (ours - system).abs() <= 4.0 * f64::EPSILON * system,
                "e^{x}"
            );
        }
        assert_eq!(exp_non_positive(0.0), 1.0);
        assert_eq!(exp_non_positive(-709.0), 0.0);
        assert_eq!(exp_non_positive(f64::NEG_INFINITY), 0.0);
        assert!(exp_non_positive(f64::NAN).is_nan());
    }

    #[test]
    fn compact_numbers_by_first_appearance() {
        let mut labels = vec![3, 3, 0, 4, 0];
        assert_eq!(compact(&mut labels), 3);
        assert_eq!(labels, vec![0, 0, 1, 2, 1]);
    }

    #[test]
    fn shuffle_is_a_seeded_permutation() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let order = shuffled_nodes(50, &mut rng);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<u32>>());
        let mut again = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(shuffled_nodes(50, &mut again), order);
        assert_ne!(order, (0..50).collect::<Vec<u32>>());
    }

    #[test]
    fn derived_seeds_differ() {
        let seeds: Vec<u64> = (0..4)
            .map(|index| derive_seed(42, RESTART_STREAM, index))
            .collect();
        for (position, seed) in seeds.iter().enumerate() {
            assert!(!seeds[..position].contains(seed));
        }
        assert_ne!(derive_seed(42, 1, 0), derive_seed(42, 2, 0));
        assert_ne!(derive_seed(41, 1, 0), derive_seed(42, 1, 0));
    }

    #[test]
    fn aggregate_sums_weights_and_keeps_quality() {
        // Square 0-1-2-3 with a diagonal and a self-loop; sub-communities {0, 1}, {2}, {3}.
        let graph = CsrGraph::from_edges(
            4,
            &[
                (0, 1, 1.0),
                (1, 2, 2.0),
                (2, 3, 1.0),
                (3, 0, 0.5),
                (0, 2, 0.25),
                (1, 1, 3.0),
            ],
        )
        .unwrap();
        let model = ObjectiveModel::new(&Objective::Modularity { resolution: 1.0 }, &graph);
        let (aggregate, weights) = aggregate_graph(&graph, &model.node_weights, &[0, 0, 1, 2], 3);
        assert_eq!(aggregate.neighbour_indices(0), &[0, 1, 2]);
        assert_eq!(aggregate.neighbour_weights(0), &[4.0, 2.25, 0.5]);
        assert_eq!(aggregate.neighbour_indices(1), &[0, 2]);
        assert_eq!(aggregate.neighbour_weights(1), &[2.25, 1.0]);
        assert_eq!(aggregate.total_weight(), graph.total_weight());
        assert_eq!(weights[0][0], graph.strength(0) + graph.strength(1));
        assert_eq!(aggregate.strength(0), weights[0][0]);
        // Quality of a partition of the aggregate = quality of its flattening.
        let aggregate_model = ObjectiveModel {
            node_weights: weights,
            ..model.clone()
        };
        let on_aggregate = aggregate_model.quality(&aggregate, &[0, 0, 1]);
        let on_graph = model.quality(&graph, &[0, 0, 0, 1]);
        assert!((on_aggregate - on_graph).abs() < 1e-15);
    }

    #[test]
    fn refinement_stays_inside_communities_and_connected() {
        // Two triangles in one community, plus a separate edge; refinement must not merge
        // across the missing edge between the triangles.
        let graph = CsrGraph::from_edges(
            8,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (6, 7, 1.0),
            ],
        )
        .unwrap();
        let model = ObjectiveModel::new(&Objective::Cpm { resolution: 0.1 }, &graph);
        let community = vec![0, 0, 0, 0, 0, 0, 1, 1];
        for seed in 0..20 {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let (refined, count) = refine(
                &graph,
                &model,
                &model.node_weights,
                &community,
                0.01,
                &mut rng,
            );
            assert!(count >= 3, "seed {seed}: {refined:?}");
            assert!(disconnected_communities(&graph, &refined).is_empty());
            for node in 0..8 {
                for other in 0..8 {
                    if refined[node] == refined[other] {
                        assert_eq!(community[node], community[other]);
                    }
                }
            }
        }
    }

    #[test]
    fn graphs_without_edges_or_nodes() {
        let empty = CsrGraph::from_edges(0, &[]).unwrap();
        let partition = leiden(&empty, &LeidenParams::default()).unwrap();
        assert!(partition.membership.is_empty());
        assert_eq!(partition.quality, 0.0);
        let isolated = CsrGraph::from_edges(3, &[]).unwrap();
        let partition = leiden(&isolated, &LeidenParams::default()).unwrap();
        assert_eq!(partition.membership, vec![0, 1, 2]);
        assert_eq!(partition.quality, 0.0);
    }
}
