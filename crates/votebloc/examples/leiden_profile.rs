//! Time of the analysis per period and of its Leiden consensus, one thread:
//! `cargo run --release --example leiden_profile -- VOTES ROLL_CALLS`.

use std::time::Instant;
use votebloc::analysis::{AnalysisParams, run};
use votebloc::cluster::consensus::{ConsensusParams, consensus};
use votebloc::cluster::csr::CsrGraph;
use votebloc::cluster::leiden::{LeidenParams, leiden};
use votebloc::graph::{Construction, GraphParams, build};
use votebloc::ingest::{IngestOptions, read_input};
use votebloc::matrix::VoteMatrix;
use votebloc::model::Dataset;
use votebloc::similarity::{SimilarityParams, compute};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let votes = args
        .next()
        .ok_or("usage: leiden_profile VOTES ROLL_CALLS")?;
    let roll_calls = args
        .next()
        .ok_or("usage: leiden_profile VOTES ROLL_CALLS")?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()?;
    let options = IngestOptions {
        lenient: true,
        roll_calls: Some(roll_calls.into()),
        ..IngestOptions::default()
    };
    let data = read_input(votes.as_ref(), &options)?;
    let (subsets, graphs) = sessions(&data)?;
    time_consensus(&graphs)?;
    time_leiden(&graphs)?;
    let t = Instant::now();
    for subset in &subsets {
        let _ = run(subset.clone(), &AnalysisParams::default())?;
    }
    println!("analysis ×74: {:.1} ms", ms(t.elapsed().as_secs_f64()));
    Ok(())
}

/// Milliseconds from seconds.
fn ms(seconds: f64) -> f64 {
    seconds * 1e3
}

/// Each session's votes (members who cast one) and k-nearest graph, with the time of each
/// step printed.
fn sessions(data: &Dataset) -> Result<(Vec<Dataset>, Vec<CsrGraph>), Box<dyn std::error::Error>> {
    let mut sessions: Vec<u32> = data.motions.iter().filter_map(|m| m.session).collect();
    sessions.sort_unstable();
    sessions.dedup();
    let all_members = vec![true; data.members.len()];
    let mut graphs = Vec::new();
    let (mut t_subset, mut t_matrix, mut t_sim, mut t_graph) = (0.0, 0.0, 0.0, 0.0);
    let mut subsets = Vec::new();
    for &session in &sessions {
        let t = Instant::now();
        let keep: Vec<bool> = data
            .motions
            .iter()
            .map(|m| m.session == Some(session))
            .collect();
        let subset = data.subset(&keep, &all_members);
        let voting: Vec<bool> = subset.cast_counts().iter().map(|&c| c > 0).collect();
        let subset = subset.subset(&vec![true; subset.motions.len()], &voting);
        t_subset += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let matrix = VoteMatrix::from_dataset(&subset)?;
        t_matrix += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let similarity = compute(&matrix, &SimilarityParams::default())?;
        t_sim += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let k = 30.min(subset.members.len() - 1);
        let graph = build(
            &similarity,
            &GraphParams::new().with_construction(Construction::KNearest(k)),
        )?;
        graphs.push(CsrGraph::from_petgraph(&graph)?);
        t_graph += t.elapsed().as_secs_f64();
        subsets.push(subset);
    }
    println!(
        "sessions {}: subset {:.1} ms, matrix {:.1}, similarity {:.1}, graph {:.1}",
        sessions.len(),
        ms(t_subset),
        ms(t_matrix),
        ms(t_sim),
        ms(t_graph)
    );
    let edges: usize = graphs.iter().map(|g| g.edge_count()).sum();
    let nodes: usize = graphs.iter().map(|g| g.node_count()).sum();
    println!("nodes {nodes}, edges {edges}");
    Ok((subsets, graphs))
}

/// Times the default consensus on every graph, three times.
fn time_consensus(graphs: &[CsrGraph]) -> Result<(), Box<dyn std::error::Error>> {
    for _ in 0..3 {
        let t = Instant::now();
        let mut blocs = 0;
        for graph in graphs {
            let result = consensus(graph, &ConsensusParams::default().parallel(false))?;
            blocs += result.partition.community_count();
        }
        println!(
            "consensus ×74: {:.1} ms ({blocs} blocs)",
            ms(t.elapsed().as_secs_f64())
        );
    }
    Ok(())
}

/// Times 20 Leiden runs on every graph, twice, with a hash of every membership so that a
/// change of the algorithm can be checked for bit-identity.
fn time_leiden(graphs: &[CsrGraph]) -> Result<(), Box<dyn std::error::Error>> {
    for _ in 0..2 {
        let t = Instant::now();
        let mut q = 0.0;
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for graph in graphs {
            for run in 0..20u64 {
                let p = leiden(graph, &LeidenParams::default().seed(run))?;
                q += p.quality;
                for &m in &p.membership {
                    h = (h ^ u64::from(m)).wrapping_mul(0x100_0000_01b3);
                }
            }
        }
        println!(
            "leiden ×74×20: {:.1} ms (q {q:?}, memberships {h:016x})",
            ms(t.elapsed().as_secs_f64())
        );
    }
    Ok(())
}
