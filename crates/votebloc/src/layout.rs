//! A force-directed layout of the similarity graph (Fruchterman & Reingold 1991), on its own
//! so that every drawing and every graph file places members the same way: the network plot
//! (`report/network.rs`), `graph.gexf` (viz positions, so Gephi opens the graph laid out) and
//! `graph.dot`.

use crate::DEFAULT_SEED;
use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// Attraction of the weakest positive edge relative to the strongest (see
/// [`fruchterman_reingold`]).
pub const MIN_ATTRACTION: f64 = 0.05;

/// Why a layout could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayoutError {
    #[error("layout parameter {name} = {value}: expected {expected}")]
    InvalidParameter {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// Parameters of [`fruchterman_reingold`].
///
/// Defaults: 300 iterations, gravity 0.05, seed [`DEFAULT_SEED`].
///
/// # Examples
///
/// ```
/// use votebloc::layout::LayoutParams;
/// let params = LayoutParams::default().iterations(100).gravity(0.5).seed(7);
/// assert!(params.validate().is_ok());
/// assert!(params.iterations(0).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutParams {
    /// Number of iterations; the temperature (largest move) falls linearly to 0 over them.
    pub iterations: usize,
    /// Pull of every node towards the centroid: force gravity · n · distance for n nodes.
    /// It keeps components that share no edge (the centred graph often splits into one
    /// component per bloc) at a readable distance instead of pushing them apart without
    /// bound. Growing with n makes the picture independent of the number of members: c
    /// equal blocs settle with radius / distance ≈ √(c · gravity / 2) (0.27 for 3 blocs at
    /// the default).
    pub gravity: f64,
    /// Seed of the random start (uniform in the unit square).
    pub seed: u64,
}

impl Default for LayoutParams {
    fn default() -> LayoutParams {
        LayoutParams {
            iterations: 300,
            gravity: 0.05,
            seed: DEFAULT_SEED,
        }
    }
}

impl LayoutParams {
    pub fn iterations(mut self, iterations: usize) -> Self {
        self.iterations = iterations;
        self
    }

    pub fn gravity(mut self, gravity: f64) -> Self {
        self.gravity = gravity;
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks iterations ≥ 1 and a finite gravity ≥ 0.
    pub fn validate(&self) -> Result<(), LayoutError> {
        if self.iterations == 0 {
            return Err(LayoutError::InvalidParameter {
                name: "iterations",
                value: "0".to_string(),
                expected: "at least 1",
            });
        }
        if !(self.gravity.is_finite() && self.gravity >= 0.0) {
            return Err(LayoutError::InvalidParameter {
                name: "gravity",
                value: self.gravity.to_string(),
                expected: "a finite number ≥ 0",
            });
        }
        Ok(())
    }
}

/// Positions of the nodes of `graph` in the unit square by the force-directed method of
/// Fruchterman & Reingold: every pair of nodes repels with force k²/d, every edge attracts
/// its ends with force w·d²/k (w = the weight rescaled from the range of positive weights to
/// \[[`MIN_ATTRACTION`], 1\], so that what counts is how much closer a pair is than the
/// loosest pair kept; edges with weight ≤ 0 are ignored), a spring pulls every node towards
/// the centroid ([`LayoutParams::gravity`]), and each move is capped by a temperature that
/// cools linearly to 0. Here k = √(1/n).
///
/// Takes an undirected graph whose node index i is member i (as `crate::graph::build` makes
/// it) and returns one `[x, y]` per node in node order, scaled and centred into \[0, 1\]²
/// with the aspect ratio kept. Nodes at the same spot are pushed apart in a fixed direction
/// derived from their indices, so the result depends only on the graph and the parameters:
/// the same input and seed give the same positions, bit for bit, whatever the thread count.
///
/// Reference: T. M. J. Fruchterman & E. M. Reingold (1991), "Graph drawing by force-directed
/// placement", *Software: Practice and Experience* 21(11): 1129–1164.
///
/// # Complexity
///
/// O(iterations · (n² + m)) for n nodes and m edges, the n² part spread over threads; memory
/// O(n + m).
///
/// # Examples
///
/// ```
/// use petgraph::graph::UnGraph;
/// use votebloc::layout::{LayoutParams, fruchterman_reingold};
/// // Two triangles joined by nothing: each stays together, apart from the other.
/// let graph = UnGraph::<usize, f64>::from_edges([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0),
///     (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0)]);
/// let p = fruchterman_reingold(&graph, &LayoutParams::default()).unwrap();
/// let d = |a: usize, b: usize| ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt();
/// assert!(d(0, 1) < d(0, 3) && d(4, 5) < d(2, 5));
/// ```
pub fn fruchterman_reingold(
    graph: &UnGraph<usize, f64>,
    params: &LayoutParams,
) -> Result<Vec<[f64; 2]>, LayoutError> {
    params.validate()?;
    let n = graph.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    if n == 1 {
        return Ok(vec![[0.5, 0.5]]);
    }
    let k = (1.0 / n as f64).sqrt();
    let (edges, adjacency) = pulling_edges(graph, k);
    let mut edge_pulls = vec![[0.0f64; 2]; edges.len()];

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let mut positions: Vec<[f64; 2]> = (0..n).map(|_| [rng.r#gen(), rng.r#gen()]).collect();
    let k2 = k * k;
    let floor = 0.01 * k;
    let start_temperature = 0.1;
    let pull = params.gravity * n as f64;
    for iteration in 0..params.iterations {
        let temperature = start_temperature * (1.0 - iteration as f64 / params.iterations as f64);
        let centroid = {
            let (sx, sy) = positions
                .iter()
                .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
            [sx / n as f64, sy / n as f64]
        };
        let current = &positions;
        // The pull along each edge, computed once for both ends: from b's side the offset is
        // the exact negation of a's, so its pull is the exact negation too.
        for (&(a, b, w), edge_pull) in edges.iter().zip(edge_pulls.iter_mut()) {
            let (dx, dy) = (current[a][0] - current[b][0], current[a][1] - current[b][1]);
            let pull = w * (dx * dx + dy * dy).sqrt();
            *edge_pull = [dx * pull, dy * pull];
        }
        // Coordinates apart, in single precision, so that the pair loop below runs over two
        // plain arrays eight lanes at a time (a layout needs no more precision: positions end
        // up as pixels).
        let xs: Vec<f32> = current.iter().map(|p| p[0] as f32).collect();
        let ys: Vec<f32> = current.iter().map(|p| p[1] as f32).collect();
        let step = Step {
            current,
            xs: &xs,
            ys: &ys,
            adjacency: &adjacency,
            edge_pulls: &edge_pulls,
            centroid,
            k2,
            floor,
            pull,
            temperature,
        };
        let moves: Vec<[f64; 2]> = (0..n)
            .into_par_iter()
            // A node's pass is ~n ns: in smaller tasks the scheduling would cost more.
            .with_min_len(256)
            .map_init(
                || (vec![0.0f32; n], vec![0.0f32; n]),
                |(pushes_x, pushes_y), i| step.move_of(i, pushes_x, pushes_y),
            )
            .collect();
        for (p, m) in positions.iter_mut().zip(&moves) {
            p[0] += m[0];
            p[1] += m[1];
        }
    }
    Ok(normalise(positions))
}

/// A pulling edge `(a, b, w/k)`, the strength `w` rescaled (see [`fruchterman_reingold`]).
type PullingEdge = (usize, usize, f64);

/// The edges that pull (positive finite weight, not a loop), each once with its strength
/// divided by `k`, and each node's edges as (edge, −1 at `a`, +1 at `b`).
fn pulling_edges(
    graph: &UnGraph<usize, f64>,
    k: f64,
) -> (Vec<PullingEdge>, Vec<Vec<(usize, f64)>>) {
    // Attraction uses the weights rescaled from [smallest, largest] positive weight to
    // [MIN_ATTRACTION, 1]: similarity graphs (k nearest, full, threshold) have weights that
    // all sit high in the index's range, and dividing by the largest alone would make every
    // edge pull about as hard, blurring the blocs into one ball.
    let (low, high) = graph
        .edge_weights()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(l, h), w| (l.min(w), h.max(w)));
    let strength = |w: f64| {
        if high > low {
            MIN_ATTRACTION + (1.0 - MIN_ATTRACTION) * (w - low) / (high - low)
        } else {
            1.0
        }
    };
    // The sign multiplies the pull exactly, and a branch on the side would be mispredicted
    // half the time.
    let mut edges: Vec<PullingEdge> = Vec::new();
    let mut adjacency: Vec<Vec<(usize, f64)>> = vec![Vec::new(); graph.node_count()];
    for edge in graph.edge_references() {
        let (a, b, w) = (edge.source().index(), edge.target().index(), *edge.weight());
        if a != b && w.is_finite() && w > 0.0 {
            adjacency[a].push((edges.len(), -1.0));
            adjacency[b].push((edges.len(), 1.0));
            // The pull is w·d/k: the division by k done once here.
            edges.push((a, b, strength(w) / k));
        }
    }
    (edges, adjacency)
}

/// What one iteration of the layout reads to move each node.
struct Step<'a> {
    /// The positions at the start of the iteration.
    current: &'a [[f64; 2]],
    /// Their x coordinates in single precision, for the repulsion.
    xs: &'a [f32],
    /// Their y coordinates in single precision, for the repulsion.
    ys: &'a [f32],
    /// Each node's pulling edges as (edge, sign).
    adjacency: &'a [Vec<(usize, f64)>],
    /// The pull along each edge, on its first end.
    edge_pulls: &'a [[f64; 2]],
    /// The centroid of the positions, towards which gravity pulls.
    centroid: [f64; 2],
    /// k², the repulsion's numerator.
    k2: f64,
    /// The smallest distance the repulsion divides by.
    floor: f64,
    /// Gravity times the number of nodes.
    pull: f64,
    /// The longest move allowed in this iteration.
    temperature: f64,
}

impl Step<'_> {
    /// The move of node `i`: repulsion, the pull of its edges and gravity, capped by the
    /// temperature. `pushes_x` and `pushes_y` are scratch, one per node.
    fn move_of(&self, i: usize, pushes_x: &mut [f32], pushes_y: &mut [f32]) -> [f64; 2] {
        let (k2, floor) = (self.k2, self.floor);
        let floor2 = floor * floor;
        let (xs, ys) = (self.xs, self.ys);
        let p = self.current[i];
        let (px, py) = (p[0] as f32, p[1] as f32);
        let repulsion = Repulsion {
            xs,
            ys,
            k2: k2 as f32,
            floor2: floor2 as f32,
        };
        let (sums_x, sums_y, close) = repulsion.on(px, py, pushes_x, pushes_y);
        let mut force = [
            sums_x.iter().map(|&v| f64::from(v)).sum::<f64>(),
            sums_y.iter().map(|&v| f64::from(v)).sum::<f64>(),
        ];
        if close > 1 {
            // Nodes on top of each other (the node itself aside): a fixed direction per pair,
            // opposite for the two, at distance `floor`.
            for j in 0..xs.len() {
                let (dx, dy) = (px - xs[j], py - ys[j]);
                if j != i && dx * dx + dy * dy < 1e-24 {
                    let angle = 2.399_963 * (i.min(j) * 31 + i.max(j)) as f64;
                    let sign = if i < j { 1.0 } else { -1.0 };
                    let push = k2 / floor2;
                    force[0] += sign * angle.cos() * floor * push;
                    force[1] += sign * angle.sin() * floor * push;
                }
            }
        }
        for &(edge, sign) in &self.adjacency[i] {
            let [x, y] = self.edge_pulls[edge];
            force[0] += sign * x;
            force[1] += sign * y;
        }
        force[0] -= self.pull * (p[0] - self.centroid[0]);
        force[1] -= self.pull * (p[1] - self.centroid[1]);
        let length = (force[0] * force[0] + force[1] * force[1]).sqrt();
        let temperature = self.temperature;
        if length > temperature && length > 0.0 {
            let scale = temperature / length;
            [force[0] * scale, force[1] * scale]
        } else {
            force
        }
    }
}

/// The repulsion of every node on one node: the layout's inner loop.
struct Repulsion<'a> {
    xs: &'a [f32],
    ys: &'a [f32],
    k2: f32,
    floor2: f32,
}

/// Partial sums of the repulsion, summed in this many lanes.
const LANES: usize = 8;

impl Repulsion<'_> {
    /// The pushes on the node at (`px`, `py`) as partial sums per lane (x, y), and how many
    /// nodes are closer than 1e-12 to it (itself included). `pushes_x` and `pushes_y` are
    /// scratch, one per node.
    ///
    /// Repulsion k²/d along the pair's direction, d at least `floor`: no square root needed.
    /// The node itself is at distance 0 and adds nothing. First every pair's push, in a loop
    /// without a running sum (whole-vector instructions, divisions included), then the sums,
    /// eight partial sums at a time.
    fn on(
        &self,
        px: f32,
        py: f32,
        pushes_x: &mut [f32],
        pushes_y: &mut [f32],
    ) -> ([f32; LANES], [f32; LANES], u32) {
        let (k2, floor2) = (self.k2, self.floor2);
        let mut close = 0u32;
        let pairs = self
            .xs
            .iter()
            .zip(self.ys)
            .zip(pushes_x.iter_mut().zip(pushes_y.iter_mut()));
        for ((&qx, &qy), (push_x, push_y)) in pairs {
            let (dx, dy) = (px - qx, py - qy);
            let d2 = dx * dx + dy * dy;
            close += u32::from(d2 < 1e-24);
            let push = k2 / if d2 > floor2 { d2 } else { floor2 };
            *push_x = dx * push;
            *push_y = dy * push;
        }
        let n = self.xs.len().min(pushes_x.len()).min(pushes_y.len());
        let (pushes_x, pushes_y) = (&pushes_x[..n], &pushes_y[..n]);
        let mut sums_x = [0.0f32; LANES];
        let mut sums_y = [0.0f32; LANES];
        let lanes = pushes_x
            .chunks_exact(LANES)
            .zip(pushes_y.chunks_exact(LANES));
        for (chunk_x, chunk_y) in lanes {
            for lane in 0..LANES {
                sums_x[lane] += chunk_x[lane];
                sums_y[lane] += chunk_y[lane];
            }
        }
        for j in n - n % LANES..n {
            sums_x[0] += pushes_x[j];
            sums_y[0] += pushes_y[j];
        }
        (sums_x, sums_y, close)
    }
}

/// Scales and centres points into \[0, 1\]², keeping the aspect ratio.
fn normalise(mut points: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in &points {
        for axis in 0..2 {
            low[axis] = low[axis].min(p[axis]);
            high[axis] = high[axis].max(p[axis]);
        }
    }
    let span = (high[0] - low[0]).max(high[1] - low[1]);
    for p in &mut points {
        for axis in 0..2 {
            p[axis] = if span > 0.0 && span.is_finite() {
                (p[axis] - low[axis]) / span + (1.0 - (high[axis] - low[axis]) / span) / 2.0
            } else {
                0.5
            };
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repulsion_sums_every_push_once() {
        use rand::{Rng, SeedableRng};
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        // 203 nodes: whole chunks of eight and a remainder; two nodes on top of each other.
        let mut xs: Vec<f32> = (0..203).map(|_| rng.r#gen()).collect();
        let mut ys: Vec<f32> = (0..203).map(|_| rng.r#gen()).collect();
        xs[7] = xs[5];
        ys[7] = ys[5];
        let (k2, floor2) = (0.004f32, 1e-8f32);
        let repulsion = Repulsion {
            xs: &xs,
            ys: &ys,
            k2,
            floor2,
        };
        let (mut pushes_x, mut pushes_y) = (vec![0.0f32; 203], vec![0.0f32; 203]);
        for node in [0, 5, 100, 202] {
            let (sums_x, sums_y, close) =
                repulsion.on(xs[node], ys[node], &mut pushes_x, &mut pushes_y);
            // The plain sum, pair by pair in f64: the lanes only reorder the additions.
            let (mut want_x, mut want_y) = (0.0f64, 0.0f64);
            for j in 0..203 {
                let (dx, dy) = (f64::from(xs[node] - xs[j]), f64::from(ys[node] - ys[j]));
                let d2 = (dx * dx + dy * dy).max(f64::from(floor2));
                want_x += dx * f64::from(k2) / d2;
                want_y += dy * f64::from(k2) / d2;
            }
            let got_x: f64 = sums_x.iter().map(|&v| f64::from(v)).sum();
            let got_y: f64 = sums_y.iter().map(|&v| f64::from(v)).sum();
            assert!(
                (got_x - want_x).abs() <= 1e-4 * want_x.abs().max(1.0),
                "{got_x} {want_x}"
            );
            assert!(
                (got_y - want_y).abs() <= 1e-4 * want_y.abs().max(1.0),
                "{got_y} {want_y}"
            );
            assert_eq!(close, if node == 5 { 2 } else { 1 });
        }
    }

    fn distance(p: &[[f64; 2]], a: usize, b: usize) -> f64 {
        ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt()
    }

    /// Three cliques of 8 nodes, no edge between them.
    fn three_cliques() -> UnGraph<usize, f64> {
        let mut graph = UnGraph::<usize, f64>::default();
        for i in 0..24 {
            graph.add_node(i);
        }
        for c in 0..3 {
            for a in 0..8 {
                for b in a + 1..8 {
                    graph.add_edge((c * 8 + a).into(), (c * 8 + b).into(), 0.5);
                }
            }
        }
        graph
    }

    #[test]
    fn cliques_end_up_apart_and_compact() {
        let p = fruchterman_reingold(&three_cliques(), &LayoutParams::default()).unwrap();
        assert_eq!(p.len(), 24);
        let centroids: Vec<[f64; 2]> = (0..3)
            .map(|c| {
                let (x, y) =
                    (c * 8..c * 8 + 8).fold((0.0, 0.0), |(x, y), i| (x + p[i][0], y + p[i][1]));
                [x / 8.0, y / 8.0]
            })
            .collect();
        let to =
            |i: usize, c: &[f64; 2]| ((p[i][0] - c[0]).powi(2) + (p[i][1] - c[1]).powi(2)).sqrt();
        for i in 0..24 {
            let own = to(i, &centroids[i / 8]);
            for (c, centroid) in centroids.iter().enumerate() {
                if c != i / 8 {
                    assert!(
                        own < 0.5 * to(i, centroid),
                        "node {i}: {own} vs {}",
                        to(i, centroid)
                    );
                }
            }
        }
        assert!(
            p.iter()
                .all(|q| (0.0..=1.0).contains(&q[0]) && (0.0..=1.0).contains(&q[1]))
        );
    }

    #[test]
    fn same_seed_same_positions_other_seed_other_positions() {
        let graph = three_cliques();
        let a = fruchterman_reingold(&graph, &LayoutParams::default()).unwrap();
        let b = fruchterman_reingold(&graph, &LayoutParams::default()).unwrap();
        let c = fruchterman_reingold(&graph, &LayoutParams::default().seed(7)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn tiny_and_edgeless_graphs_are_laid_out() {
        assert!(
            fruchterman_reingold(&UnGraph::default(), &LayoutParams::default())
                .unwrap()
                .is_empty()
        );
        let mut one = UnGraph::<usize, f64>::default();
        one.add_node(0);
        assert_eq!(
            fruchterman_reingold(&one, &LayoutParams::default()).unwrap(),
            vec![[0.5, 0.5]]
        );
        let mut four = UnGraph::<usize, f64>::default();
        for i in 0..4 {
            four.add_node(i);
        }
        let p = fruchterman_reingold(&four, &LayoutParams::default()).unwrap();
        for a in 0..4 {
            for b in a + 1..4 {
                assert!(distance(&p, a, b) > 0.1, "{p:?}");
            }
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        let graph = three_cliques();
        let err =
            fruchterman_reingold(&graph, &LayoutParams::default().gravity(f64::NAN)).unwrap_err();
        assert!(err.to_string().contains("gravity"), "{err}");
    }
}
