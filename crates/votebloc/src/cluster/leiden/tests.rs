//! Outcomes of the Leiden algorithm on known graphs.

use super::test_graphs::{karate, les_miserables, planted_partition, signed_planted};
use super::*;
use crate::cluster::canonical_membership;
use crate::cluster::csr::CsrGraph;
use crate::cluster::quality;

fn modularity_params() -> LeidenParams {
    LeidenParams::default()
}

#[test]
fn karate_best_of_restarts_reaches_known_optimum() {
    let graph = karate();
    let partition = leiden(&graph, &modularity_params().n_restarts(20)).unwrap();
    // 0.41979 is the optimum (Brandes et al. 2008, exact by integer programming). leidenalg
    // 0.12.0 (ModularityVertexPartition, best of seeds 0..99, n_iterations = -1) finds
    // 0.41978961209730437 with this partition (canonically renumbered):
    let leidenalg_best = canonical_membership(&[
        1, 1, 1, 1, 3, 3, 3, 1, 0, 0, 3, 1, 1, 1, 0, 0, 3, 1, 0, 1, 0, 1, 0, 2, 2, 2, 0, 2, 2, 0,
        0, 2, 0, 0,
    ]);
    assert!(
        (partition.quality - 0.41978961209730437).abs() < 1e-12,
        "{}",
        partition.quality
    );
    assert_eq!(partition.community_count(), 4);
    assert_eq!(partition.membership, leidenalg_best);
    assert!(disconnected_communities(&graph, &partition.membership).is_empty());
}

#[test]
fn karate_single_run_is_near_optimal_and_connected() {
    let graph = karate();
    for seed in 0..10 {
        let partition = leiden(&graph, &modularity_params().seed(seed)).unwrap();
        assert!(
            partition.quality > 0.40,
            "seed {seed}: {}",
            partition.quality
        );
        assert!(disconnected_communities(&graph, &partition.membership).is_empty());
    }
}

#[test]
fn reported_quality_equals_independent_recomputation() {
    let graph = karate();
    for (resolution, seed) in [(0.5, 1), (1.0, 2), (2.0, 3)] {
        let params = modularity_params()
            .objective(Objective::Modularity { resolution })
            .seed(seed);
        let partition = leiden(&graph, &params).unwrap();
        let recomputed = quality::modularity(&graph, &partition.membership, resolution).unwrap();
        assert!((partition.quality - recomputed).abs() < 1e-12);
    }
    let lesmis = les_miserables();
    let partition = leiden(&lesmis, &modularity_params()).unwrap();
    let recomputed = quality::modularity(&lesmis, &partition.membership, 1.0).unwrap();
    assert!((partition.quality - recomputed).abs() < 1e-12);
}

#[test]
fn les_miserables_matches_leidenalg() {
    // leidenalg 0.12.0 with igraph 1.0.0, ModularityVertexPartition with the co-appearance
    // weights, best of seeds 0..99, n_iterations = -1: modularity 0.5666879833432482, 6
    // communities.
    let graph = les_miserables();
    let partition = leiden(&graph, &modularity_params().n_restarts(20)).unwrap();
    assert!(
        (partition.quality - 0.5666879833432482).abs() < 1e-12,
        "{}",
        partition.quality
    );
    assert_eq!(partition.community_count(), 6);
    assert!(disconnected_communities(&graph, &partition.membership).is_empty());
}

#[test]
fn planted_partition_recovered_exactly() {
    for seed in [1, 2, 3] {
        let (graph, truth) = planted_partition(4, 30, 0.3, 0.02, seed);
        let partition = leiden(&graph, &modularity_params().seed(seed)).unwrap();
        assert_eq!(
            partition.membership,
            canonical_membership(&truth),
            "graph seed {seed}"
        );
    }
}

#[test]
fn resolution_moves_community_count_the_expected_way() {
    let graph = karate();
    let count = |resolution: f64| {
        let params = modularity_params()
            .objective(Objective::Modularity { resolution })
            .n_restarts(5);
        leiden(&graph, &params).unwrap().community_count()
    };
    // leidenalg (RBConfigurationVertexPartition, best of 50 seeds) finds 2, 4 and 7.
    let (low, middle, high) = (count(0.5), count(1.0), count(2.0));
    assert!(low < middle && middle < high, "{low} {middle} {high}");
    assert_eq!((low, middle, high), (2, 4, 7));
}

fn two_cliques(size: usize) -> CsrGraph {
    let mut edges = Vec::new();
    for offset in [0, size] {
        for u in 0..size {
            for v in u + 1..size {
                edges.push((offset + u, offset + v, 1.0));
            }
        }
    }
    edges.push((size - 1, size, 1.0));
    CsrGraph::from_edges(2 * size, &edges).unwrap()
}

#[test]
fn cpm_on_two_cliques_joined_by_an_edge() {
    let graph = two_cliques(5);
    let cpm = |resolution: f64| {
        leiden(
            &graph,
            &modularity_params().objective(Objective::Cpm { resolution }),
        )
        .unwrap()
    };
    // Merging the cliques adds 1 edge for 25 pairs: worth it only below γ = 1/25.
    let split = cpm(0.5);
    assert_eq!(split.membership, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert!((split.quality - 2.0 * (10.0 - 0.5 * 10.0)).abs() < 1e-12);
    assert!(
        (split.quality - quality::cpm_quality(&graph, &split.membership, 0.5).unwrap()).abs()
            < 1e-12
    );
    let merged = cpm(0.01);
    assert_eq!(merged.membership, vec![0; 10]);
    assert!((merged.quality - (21.0 - 0.01 * 45.0)).abs() < 1e-12);
    // Above density 1 no edge pays for its pair: singletons.
    assert_eq!(cpm(1.5).community_count(), 10);
}

/// Two groups of 6: positive inside each group, negative between them, except a few positive
/// cross edges that alone would not keep the groups apart.
fn signed_two_groups() -> CsrGraph {
    let mut edges = Vec::new();
    for u in 0..12usize {
        for v in u + 1..12 {
            let same = u / 6 == v / 6;
            let weight = if same {
                1.0
            } else if (u + v) % 4 == 0 {
                0.8
            } else {
                -1.0
            };
            edges.push((u, v, weight));
        }
    }
    CsrGraph::from_edges(12, &edges).unwrap()
}

#[test]
fn signed_modularity_separates_groups_split_by_negative_edges() {
    let graph = signed_two_groups();
    let params = modularity_params().objective(Objective::auto(&graph, 1.0));
    assert_eq!(
        params.objective,
        Objective::SignedModularity { resolution: 1.0 }
    );
    let partition = leiden(&graph, &params).unwrap();
    assert_eq!(
        partition.membership,
        vec![0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
    );
    let recomputed = quality::signed_modularity(&graph, &partition.membership, 1.0).unwrap();
    assert!((partition.quality - recomputed).abs() < 1e-12);
    assert!(partition.quality > quality::signed_modularity(&graph, &[0; 12], 1.0).unwrap());
    // Plain modularity refuses the graph, naming the remedy.
    let error = leiden(&graph, &modularity_params()).unwrap_err();
    assert!(matches!(error, LeidenError::NegativeWeight { .. }));
    assert!(error.to_string().contains("signed modularity"));
}

#[test]
fn signed_modularity_matches_leidenalg_multiplex() {
    // leidenalg 0.12.0: optimise_partition_multiplex over two ModularityVertexPartition layers
    // (positive weights, negative magnitudes) with layer weights w⁺/(w⁺+w⁻) and −w⁻/(w⁺+w⁻),
    // which is Gómez et al.'s signed modularity; best of seeds 0..199, n_iterations = -1:
    // 0.2583170441335224 with 3 communities. The planted groups themselves score
    // 0.24972150555654812.
    let graph = signed_planted();
    let params = modularity_params()
        .objective(Objective::SignedModularity { resolution: 1.0 })
        .n_restarts(20);
    let partition = leiden(&graph, &params).unwrap();
    assert!(
        (partition.quality - 0.2583170441335224).abs() < 1e-12,
        "{}",
        partition.quality
    );
    assert_eq!(partition.community_count(), 3);
    let planted: Vec<u32> = (0..60).map(|node| node % 3).collect();
    let planted_quality = quality::signed_modularity(&graph, &planted, 1.0).unwrap();
    assert!((planted_quality - 0.24972150555654812).abs() < 1e-12);
    assert!(quality::adjusted_rand_index(&partition.membership, &planted).unwrap() > 0.8);
}

#[test]
fn same_seed_same_output_different_seeds_explore() {
    let (graph, _) = planted_partition(6, 25, 0.15, 0.05, 9);
    let first = leiden(&graph, &modularity_params().seed(5)).unwrap();
    let second = leiden(&graph, &modularity_params().seed(5)).unwrap();
    assert_eq!(first, second);
    let mut distinct: Vec<Vec<u32>> = (0..10)
        .map(|seed| {
            leiden(&graph, &modularity_params().seed(seed))
                .unwrap()
                .membership
        })
        .collect();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() > 1, "every seed gave the same partition");
}

#[test]
fn restarts_keep_the_best_run() {
    let (graph, _) = planted_partition(6, 25, 0.15, 0.05, 9);
    let single = leiden(&graph, &modularity_params().seed(3)).unwrap();
    let best = leiden(&graph, &modularity_params().seed(3).n_restarts(8)).unwrap();
    assert!(best.quality >= single.quality);
    // The first restart is the single run, so 8 restarts can only add better ones.
    let restarts: Vec<f64> = (1..=8)
        .map(|n| {
            leiden(&graph, &modularity_params().seed(3).n_restarts(n))
                .unwrap()
                .quality
        })
        .collect();
    assert!(restarts.windows(2).all(|pair| pair[1] >= pair[0]));
    assert_eq!(restarts[0], single.quality);
}

#[test]
fn capped_iterations_still_give_connected_communities() {
    let (graph, _) = planted_partition(5, 20, 0.2, 0.05, 4);
    for seed in 0..5 {
        let params = modularity_params().seed(seed).max_iterations(Some(1));
        let partition = leiden(&graph, &params).unwrap();
        assert!(disconnected_communities(&graph, &partition.membership).is_empty());
        let stable = leiden(&graph, &modularity_params().seed(seed)).unwrap();
        assert!(stable.quality >= partition.quality - 1e-12);
    }
}

#[test]
fn invalid_parameters_are_reported() {
    let graph = karate();
    let error = leiden(
        &graph,
        &modularity_params().objective(Objective::Modularity { resolution: -1.0 }),
    )
    .unwrap_err();
    assert!(matches!(
        error,
        LeidenError::InvalidParameter {
            name: "resolution",
            ..
        }
    ));
}

#[test]
fn disconnected_graph_parts_never_share_a_community() {
    // Two karate clubs side by side: no community may span both copies.
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for offset in [0, 34] {
        for &(u, v) in super::test_graphs::KARATE_EDGES.iter() {
            edges.push((u + offset, v + offset, 1.0));
        }
    }
    let graph = CsrGraph::from_edges(68, &edges).unwrap();
    let partition = leiden(&graph, &modularity_params().n_restarts(5)).unwrap();
    for community in partition.communities() {
        assert!(
            community.iter().all(|&node| node < 34) || community.iter().all(|&node| node >= 34)
        );
    }
    assert!(disconnected_communities(&graph, &partition.membership).is_empty());
}

#[test]
fn dense_weighted_similarity_like_graph_recovers_its_blocks() {
    // The benchmark's shape at 300 nodes: 6 groups (node i in group i % 6), pairs linked with
    // probability 0.5 inside (weights in [0.5, 1.0)) and 0.3 across (weights in [0.2, 0.7)).
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
    let mut edges = Vec::new();
    for u in 0..300usize {
        for v in u + 1..300 {
            let (probability, low) = if u % 6 == v % 6 {
                (0.5, 0.5)
            } else {
                (0.3, 0.2)
            };
            if rng.r#gen::<f64>() < probability {
                edges.push((u, v, low + 0.5 * rng.r#gen::<f64>()));
            }
        }
    }
    let graph = CsrGraph::from_edges(300, &edges).unwrap();
    let truth: Vec<u32> = (0..300).map(|node| node % 6).collect();
    let partition = leiden(&graph, &modularity_params()).unwrap();
    assert_eq!(partition.membership, canonical_membership(&truth));
}

#[test]
fn input_edge_order_does_not_change_the_result() {
    let graph = les_miserables();
    let mut edges: Vec<(usize, usize, f64)> = graph.edges().map(|(u, v, w)| (v, u, w)).collect();
    edges.reverse();
    let reordered = CsrGraph::from_edges(graph.node_count(), &edges).unwrap();
    assert_eq!(reordered, graph);
    for seed in [1, 2] {
        let params = modularity_params().seed(seed);
        assert_eq!(
            leiden(&reordered, &params).unwrap(),
            leiden(&graph, &params).unwrap()
        );
    }
}

#[test]
fn self_loops_and_isolated_nodes() {
    // Two triangles, heavy self-loops on 0 and 4, and isolated nodes 6 and 7.
    let graph = CsrGraph::from_edges(
        8,
        &[
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
            (2, 3, 1.0),
            (0, 0, 5.0),
            (4, 4, 5.0),
        ],
    )
    .unwrap();
    let partition = leiden(&graph, &modularity_params()).unwrap();
    assert_eq!(partition.membership, vec![0, 0, 0, 1, 1, 1, 2, 3]);
    let recomputed = quality::modularity(&graph, &partition.membership, 1.0).unwrap();
    assert!((partition.quality - recomputed).abs() < 1e-12);
}
