//! The analysis pipeline stage by stage, on seeded planted blocs of several sizes
//! (`votebloc::synthetic::planted`, 8 blocs, default loyalty and absences), plus the whole
//! pipeline on the embedded seed report.
//!
//! `cargo bench --bench pipeline` runs everything (a few minutes on 2 cores); a filter narrows
//! it, e.g. `cargo bench --bench pipeline -- 'pipeline/consensus'`. Benchmark ids are
//! `pipeline/STAGE/MEMBERSxMOTIONS` (criterion's folders `target/criterion/pipeline_STAGE/`):
//!
//! | stage | what is timed |
//! |---|---|
//! | `ingest` | `ingest::long_csv::read` on the long CSV text of the planted data, from memory |
//! | `matrix` | `VoteMatrix::from_dataset` |
//! | `similarity` | `similarity::compute`, agreement index |
//! | `graph` | `graph::build` (30 nearest neighbours) and its CSR copy |
//! | `consensus` | 20 seeded Leiden runs and the consensus partition |
//! | `swing` | `swing::analyze` (split votes, defection, bridging, stability) |
//! | `cohesion` | `cohesion::cohesion` |
//! | `export` | every CSV writer of `export::csv_tables` that `analyze` uses, into `io::sink()` |
//! | `analysis` | `analysis::run` on a ready dataset (matrix → swing and cohesion) |
//! | `end_to_end/seed` | `ingest::read_embedded` then `analysis::run` |
//! | `core/2000x20000` | similarity + graph + consensus on 2,000 × 20,000 (issue 7's target) |

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;
use votebloc::analysis::{self, Analysis, AnalysisParams};
use votebloc::cluster::consensus::{ConsensusParams, consensus};
use votebloc::cluster::csr::CsrGraph;
use votebloc::cohesion::cohesion;
use votebloc::export::csv_tables;
use votebloc::graph::{self, GraphParams};
use votebloc::ingest::{self, IngestOptions, long_csv};
use votebloc::matrix::VoteMatrix;
use votebloc::similarity::{self, SimilarityParams};
use votebloc::swing::{self, SwingParams};
use votebloc::synthetic::{PlantedParams, planted};
use votebloc::{Dataset, Vote};

/// Members × motions of the per-stage benches.
const SIZES: [(usize, usize); 3] = [(200, 1_000), (1_000, 1_500), (2_000, 5_000)];
const BLOCS: usize = 8;

fn planted_dataset(members: usize, motions: usize) -> Dataset {
    let params = PlantedParams::default()
        .n_members(members)
        .n_motions(motions)
        .n_blocs(BLOCS);
    match planted(&params) {
        Ok(p) => p.dataset,
        Err(e) => panic!("bench data: {e}"),
    }
}

/// The long CSV `motion,member,vote` of `data`, absences left out as the sources do.
fn long_csv_text(data: &Dataset) -> Vec<u8> {
    let mut text = Vec::with_capacity(data.votes.len() * 18 + 32);
    text.extend_from_slice(b"motion,member,vote\n");
    for record in &data.votes {
        if matches!(record.vote, Vote::Absent | Vote::NotMember) {
            continue;
        }
        let motion = &data.motions[record.motion as usize].id;
        let member = &data.members[record.member as usize].code;
        // Writing into a Vec cannot fail.
        let _ = writeln!(text, "{motion},{member},{}", record.vote.as_str());
    }
    text
}

/// Everything a stage needs, computed once per size outside the timed loops.
struct Prepared {
    label: String,
    csv: Vec<u8>,
    analysis: Analysis,
    csr: CsrGraph,
}

fn prepare(members: usize, motions: usize) -> Prepared {
    let data = planted_dataset(members, motions);
    let csv = long_csv_text(&data);
    let analysis = match analysis::run(data, &AnalysisParams::default()) {
        Ok(a) => a,
        Err(e) => panic!("bench analysis: {e}"),
    };
    let csr = match CsrGraph::from_petgraph(&analysis.graph) {
        Ok(c) => c,
        Err(e) => panic!("bench graph: {e}"),
    };
    Prepared {
        label: format!("{members}x{motions}"),
        csv,
        analysis,
        csr,
    }
}

/// The CSV tables `votebloc analyze -o` writes (graph files, plots and the JSON summary are
/// left out: they are the report's, not the tables').
fn write_tables(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    csv_tables::write_votes(&analysis.dataset, out)?;
    csv_tables::write_motions(&analysis.dataset, out)?;
    csv_tables::write_members(&analysis.dataset, out)?;
    csv_tables::write_notes(&analysis.dataset, out)?;
    csv_tables::write_blocs(analysis, out)?;
    csv_tables::write_similarity(analysis, out)?;
    csv_tables::write_swing(analysis, out)?;
    csv_tables::write_cohesion(analysis, out)
}

/// A group per stage, named `pipeline/STAGE`, with the small sample settings of this file.
fn stage_group<'a>(
    c: &'a mut Criterion,
    stage: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(format!("pipeline/{stage}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    group
}

fn bench_stages(c: &mut Criterion) {
    let prepared: Vec<Prepared> = SIZES.iter().map(|&(m, k)| prepare(m, k)).collect();

    let mut group = stage_group(c, "ingest");
    for p in &prepared {
        group.throughput(Throughput::Bytes(p.csv.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&p.label), &p.csv, |b, csv| {
            b.iter(|| long_csv::read(Path::new("planted.csv"), black_box(csv.as_slice())))
        });
    }
    group.finish();

    let mut group = stage_group(c, "matrix");
    for p in &prepared {
        let data = &p.analysis.dataset;
        group.throughput(Throughput::Elements(data.votes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&p.label), data, |b, data| {
            b.iter(|| VoteMatrix::from_dataset(black_box(data)))
        });
    }
    group.finish();

    let mut group = stage_group(c, "similarity");
    let similarity_params = SimilarityParams::default();
    for p in &prepared {
        let members = p.analysis.matrix.n_members() as u64;
        // Throughput in member pairs (upper triangle with the diagonal), as benches/similarity.rs.
        group.throughput(Throughput::Elements(members * (members + 1) / 2));
        group.bench_with_input(
            BenchmarkId::from_parameter(&p.label),
            &p.analysis.matrix,
            |b, matrix| b.iter(|| similarity::compute(black_box(matrix), &similarity_params)),
        );
    }
    group.finish();

    let mut group = stage_group(c, "graph");
    let graph_params = GraphParams::default();
    for p in &prepared {
        group.bench_with_input(
            BenchmarkId::from_parameter(&p.label),
            &p.analysis.similarity,
            |b, s| {
                b.iter(|| {
                    graph::build(black_box(s), &graph_params)
                        .map(|g| CsrGraph::from_petgraph(&g).map(|csr| csr.edge_count()))
                })
            },
        );
    }
    group.finish();

    let mut group = stage_group(c, "consensus");
    let consensus_params = ConsensusParams::default().n_runs(20);
    for p in &prepared {
        group.bench_with_input(BenchmarkId::from_parameter(&p.label), &p.csr, |b, csr| {
            b.iter(|| consensus(black_box(csr), &consensus_params))
        });
    }
    group.finish();

    let mut group = stage_group(c, "swing");
    let swing_params = SwingParams::default();
    for p in &prepared {
        let a = &p.analysis;
        group.bench_with_input(BenchmarkId::from_parameter(&p.label), a, |b, a| {
            b.iter(|| {
                swing::analyze(
                    black_box(&a.dataset),
                    &a.blocs,
                    &a.similarity,
                    Some(&a.stability),
                    &swing_params,
                )
            })
        });
    }
    group.finish();

    let mut group = stage_group(c, "cohesion");
    for p in &prepared {
        let a = &p.analysis;
        group.bench_with_input(BenchmarkId::from_parameter(&p.label), a, |b, a| {
            b.iter(|| cohesion(black_box(&a.dataset), &a.blocs))
        });
    }
    group.finish();

    let mut group = stage_group(c, "export");
    for p in &prepared {
        group.bench_with_input(
            BenchmarkId::from_parameter(&p.label),
            &p.analysis,
            |b, a| b.iter(|| write_tables(black_box(a), &mut io::sink())),
        );
    }
    group.finish();

    let mut group = stage_group(c, "analysis");
    let analysis_params = AnalysisParams::default();
    for p in &prepared {
        group.bench_with_input(
            BenchmarkId::from_parameter(&p.label),
            &p.analysis.dataset,
            |b, data| {
                b.iter_batched(
                    || data.clone(),
                    |data| analysis::run(data, &analysis_params),
                    BatchSize::LargeInput,
                )
            },
        );
    }
    group.finish();

    let mut group = stage_group(c, "end_to_end");
    group.bench_function("seed", |b| {
        b.iter(|| {
            ingest::read_embedded(&IngestOptions::default())
                .map(|data| analysis::run(data, &analysis_params).map(|a| a.bloc_sizes.len()))
        })
    });
    group.finish();
}

/// Issue 7's target: similarity + Leiden + consensus on 2,000 × 20,000 well under 5 s.
fn bench_core_large(c: &mut Criterion) {
    let (members, motions) = (2_000, 20_000);
    let matrix = match VoteMatrix::from_dataset(&planted_dataset(members, motions)) {
        Ok(m) => m,
        Err(e) => panic!("bench matrix: {e}"),
    };
    let mut group = c.benchmark_group("pipeline/core");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(5));
    let similarity_params = SimilarityParams::default();
    let graph_params = GraphParams::default();
    let consensus_params = ConsensusParams::default().n_runs(20);
    group.bench_with_input(
        BenchmarkId::from_parameter(format!("{members}x{motions}")),
        &matrix,
        |b, matrix| {
            b.iter(|| -> Result<usize, Box<dyn std::error::Error>> {
                let s = similarity::compute(black_box(matrix), &similarity_params)?;
                let g = graph::build(&s, &graph_params)?;
                let csr = CsrGraph::from_petgraph(&g)?;
                Ok(consensus(&csr, &consensus_params)?
                    .partition
                    .membership
                    .len())
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_stages, bench_core_large);
criterion_main!(benches);
