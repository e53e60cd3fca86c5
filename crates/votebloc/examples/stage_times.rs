//! Wall time of each stage on one input: `cargo run --release --example stage_times -- FILE`.

use std::time::Instant;
use votebloc::analysis::{AnalysisParams, run};
use votebloc::ingest::{IngestOptions, read_input};
use votebloc::matrix::VoteMatrix;
use votebloc::similarity::{SimilarityParams, compute};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: stage_times FILE")?;
    let t = Instant::now();
    let data = read_input(path.as_ref(), &IngestOptions::default())?;
    println!("ingest      {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let matrix = VoteMatrix::from_dataset(&data)?;
    println!("matrix      {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let _similarity = compute(&matrix, &SimilarityParams::default())?;
    println!("similarity  {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    for runs in [1, 20] {
        let t = Instant::now();
        let params = AnalysisParams {
            consensus_runs: runs,
            ..AnalysisParams::default()
        };
        let _ = run(data.clone(), &params)?;
        println!(
            "analysis ({runs:>2} runs) {:>8.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}
