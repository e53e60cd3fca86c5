//! Graphs shared by the tests of the clustering modules.

use crate::cluster::csr::CsrGraph;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Zachary's karate club (Zachary 1977, J. Anthropol. Res. 33:452–473): 34 members, 78
/// friendships, 0-based as in networkx's `karate_club_graph()`.
pub(crate) const KARATE_EDGES: [(usize, usize); 78] = [
    (0, 1),
    (0, 2),
    (0, 3),
    (0, 4),
    (0, 5),
    (0, 6),
    (0, 7),
    (0, 8),
    (0, 10),
    (0, 11),
    (0, 12),
    (0, 13),
    (0, 17),
    (0, 19),
    (0, 21),
    (0, 31),
    (1, 2),
    (1, 3),
    (1, 7),
    (1, 13),
    (1, 17),
    (1, 19),
    (1, 21),
    (1, 30),
    (2, 3),
    (2, 7),
    (2, 8),
    (2, 9),
    (2, 13),
    (2, 27),
    (2, 28),
    (2, 32),
    (3, 7),
    (3, 12),
    (3, 13),
    (4, 6),
    (4, 10),
    (5, 6),
    (5, 10),
    (5, 16),
    (6, 16),
    (8, 30),
    (8, 32),
    (8, 33),
    (9, 33),
    (13, 33),
    (14, 32),
    (14, 33),
    (15, 32),
    (15, 33),
    (18, 32),
    (18, 33),
    (19, 33),
    (20, 32),
    (20, 33),
    (22, 32),
    (22, 33),
    (23, 25),
    (23, 27),
    (23, 29),
    (23, 32),
    (23, 33),
    (24, 25),
    (24, 27),
    (24, 31),
    (25, 31),
    (26, 29),
    (26, 33),
    (27, 33),
    (28, 31),
    (28, 33),
    (29, 32),
    (29, 33),
    (30, 32),
    (30, 33),
    (31, 32),
    (31, 33),
    (32, 33),
];

/// The karate club, every edge of weight 1.
pub(crate) fn karate() -> CsrGraph {
    let edges: Vec<(usize, usize, f64)> = KARATE_EDGES.iter().map(|&(u, v)| (u, v, 1.0)).collect();
    CsrGraph::from_edges(34, &edges).unwrap()
}

/// Co-appearances of the characters of Les Misérables (Knuth 1993), 77 nodes and 254 weighted
/// edges, nodes numbered in the alphabetical order of networkx's `les_miserables_graph()`.
pub(crate) fn les_miserables() -> CsrGraph {
    weighted_fixture(
        77,
        include_str!("../../../../../tests/fixtures/graphs/les_miserables.csv"),
    )
}

/// A signed graph of 60 nodes in three planted groups (node `i` in group `i % 3`): inside a
/// group, pairs are positive with probability 0.35 and negative with 0.07; across, positive
/// with 0.12 and negative with 0.28; magnitudes uniform in [0.2, 1.0]. Made once with Python's
/// `random.seed(7)` and kept as a fixture.
pub(crate) fn signed_planted() -> CsrGraph {
    weighted_fixture(
        60,
        include_str!("../../../../../tests/fixtures/graphs/signed_planted.csv"),
    )
}

/// Reads `source,target,weight` lines after a header.
fn weighted_fixture(node_count: usize, text: &str) -> CsrGraph {
    let edges: Vec<(usize, usize, f64)> = text
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (
                fields[0].parse().unwrap(),
                fields[1].parse().unwrap(),
                fields[2].parse().unwrap(),
            )
        })
        .collect();
    CsrGraph::from_edges(node_count, &edges).unwrap()
}

/// A planted partition: `blocks` groups of `size` nodes (node `i` in group `i / size`), each
/// pair linked with probability `p_in` inside a group and `p_out` across, weight 1.
pub(crate) fn planted_partition(
    blocks: usize,
    size: usize,
    p_in: f64,
    p_out: f64,
    seed: u64,
) -> (CsrGraph, Vec<u32>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let node_count = blocks * size;
    let mut edges = Vec::new();
    for u in 0..node_count {
        for v in u + 1..node_count {
            let p = if u / size == v / size { p_in } else { p_out };
            if rng.r#gen::<f64>() < p {
                edges.push((u, v, 1.0));
            }
        }
    }
    let truth = (0..node_count).map(|node| (node / size) as u32).collect();
    (CsrGraph::from_edges(node_count, &edges).unwrap(), truth)
}
