//! Leiden and consensus on dense weighted planted-partition graphs, the shape of vote
//! similarity graphs (every member linked to a large share of the others).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::hint::black_box;
use votebloc::cluster::consensus::{ConsensusParams, consensus};
use votebloc::cluster::csr::CsrGraph;
use votebloc::cluster::leiden::{LeidenParams, leiden};

/// `blocks` groups over `node_count` nodes; pairs linked with probability 0.5 inside a group
/// and 0.3 across (so each node reaches 30–50 % of the others), weights drawn in [0.5, 1.0)
/// inside and [0.2, 0.7) across, like agreement scores.
fn dense_planted(node_count: usize, blocks: usize, seed: u64) -> CsrGraph {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut edges = Vec::new();
    for u in 0..node_count {
        for v in u + 1..node_count {
            let same = u % blocks == v % blocks;
            let (probability, low) = if same { (0.5, 0.5) } else { (0.3, 0.2) };
            if rng.r#gen::<f64>() < probability {
                edges.push((u, v, low + 0.5 * rng.r#gen::<f64>()));
            }
        }
    }
    CsrGraph::from_edges(node_count, &edges).expect("generated edges are valid")
}

fn bench_leiden(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("leiden_modularity");
    group.sample_size(10);
    for node_count in [500, 1000, 2000] {
        let graph = dense_planted(node_count, 8, 1);
        group.bench_with_input(
            BenchmarkId::from_parameter(node_count),
            &graph,
            |bencher, graph| {
                bencher.iter(|| leiden(black_box(graph), &LeidenParams::default()).expect("valid"))
            },
        );
    }
    group.finish();
}

fn bench_consensus(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("consensus_20_runs");
    group.sample_size(10);
    let graph = dense_planted(1000, 8, 2);
    group.bench_with_input(
        BenchmarkId::from_parameter(1000),
        &graph,
        |bencher, graph| {
            bencher
                .iter(|| consensus(black_box(graph), &ConsensusParams::default()).expect("valid"))
        },
    );
    group.finish();
}

criterion_group!(benches, bench_leiden, bench_consensus);
criterion_main!(benches);
