//! Wall time of writing each output of `analyze -o` on one input:
//! `cargo run --release --example write_times -- FILE`.

use std::time::Instant;
use votebloc::analysis::{AnalysisParams, run};
use votebloc::export::{csv_tables, json, write_with};
use votebloc::ingest::{IngestOptions, read_input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: write_times FILE")?;
    let data = read_input(path.as_ref(), &IngestOptions::default())?;
    let analysis = run(data, &AnalysisParams::default())?;
    let dir = tempfile::tempdir()?;
    let time = |name: &str, f: &dyn Fn() -> Result<(), Box<dyn std::error::Error>>| {
        let t = Instant::now();
        let result = f();
        println!("{name:<16} {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
        result
    };
    let d = dir.path();
    time("dataset tables", &|| {
        Ok(csv_tables::write_dataset(&analysis.dataset, d)?)
    })?;
    time("blocs.csv", &|| {
        Ok(write_with(&d.join("b.csv"), |o| {
            csv_tables::write_blocs(&analysis, o)
        })?)
    })?;
    time("similarity.csv", &|| {
        Ok(write_with(&d.join("s.csv"), |o| {
            csv_tables::write_similarity(&analysis, o)
        })?)
    })?;
    time("swing.csv", &|| {
        Ok(write_with(&d.join("w.csv"), |o| {
            csv_tables::write_swing(&analysis, o)
        })?)
    })?;
    time("cohesion.csv", &|| {
        Ok(write_with(&d.join("c.csv"), |o| {
            csv_tables::write_cohesion(&analysis, o)
        })?)
    })?;
    time("summary.json", &|| {
        Ok(write_with(&d.join("j.json"), |o| {
            json::write_summary(&analysis, &[], o)
        })?)
    })?;
    time("report files", &|| {
        Ok(votebloc::report::write_report_files(
            &analysis,
            &[],
            d,
            votebloc::report::colours::ColorBy::Bloc,
        )?)
    })?;
    Ok(())
}
