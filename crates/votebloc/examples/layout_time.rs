//! Time of the network layout on an input's graph: `cargo run --release --example layout_time -- FILE`.

use std::time::Instant;
use votebloc::analysis::{AnalysisParams, run};
use votebloc::ingest::{IngestOptions, read_input};
use votebloc::layout::{LayoutParams, fruchterman_reingold};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: layout_time FILE")?;
    let data = read_input(path.as_ref(), &IngestOptions::default())?;
    let analysis = run(data, &AnalysisParams::default())?;
    for _ in 0..5 {
        let t = Instant::now();
        let positions = fruchterman_reingold(&analysis.graph, &LayoutParams::default())?;
        println!(
            "layout of {} nodes, {} edges: {:.1} ms",
            positions.len(),
            analysis.graph.edge_count(),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}
