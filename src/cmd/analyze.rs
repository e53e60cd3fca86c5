//! `votebloc analyze`: the whole pipeline, a terminal summary, and the CSV/JSON outputs.

use super::UsageError;
use super::choice::choice;
use super::input::InputArgs;
use super::output;
use anyhow::Context;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use votebloc::analysis::{self, Analysis, AnalysisParams, MemoryBudget, Method, ObjectiveChoice};
use votebloc::export::json::{self, InputDigest};
use votebloc::export::{self, OutputDir, csv_tables, table};
use votebloc::graph::{Construction, GraphParams};
use votebloc::report::colours::ColorBy;
use votebloc::similarity::{Index, SimilarityParams};

/// How the similarity graph is built (see `votebloc::graph::Construction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphKind {
    /// Each member's --knn most similar members (default, k = 30).
    Knn,
    /// Pairs above the mean similarity, weight = similarity − mean.
    Centered,
    /// Every pair, weight = similarity.
    Full,
    /// Pairs with similarity ≥ --threshold.
    Threshold,
    /// Every pair, weight = similarity − mean (positive and negative edges).
    Signed,
}

/// Where the terminal summary goes and in which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Table,
    Json,
}

/// Options of the analysis itself, shared with `swing`.
#[derive(Debug, Clone, clap::Args)]
pub struct AnalysisArgs {
    /// Similarity index between members.
    #[arg(long, value_parser = choice::<Index>(), default_value_t = Index::Agreement)]
    pub index: Index,
    /// Pairs sharing fewer cast votes have no similarity.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_common: u32,
    /// Similarity graph construction.
    #[arg(long, value_enum, default_value_t = GraphKind::Knn)]
    pub graph: GraphKind,
    /// Similarity threshold for `--graph threshold`.
    #[arg(long, value_name = "T")]
    pub threshold: Option<f64>,
    /// Neighbours per member for `--graph knn` [default: 30, at most members − 1].
    #[arg(long, value_name = "K")]
    pub knn: Option<usize>,
    /// Bloc detection method.
    #[arg(long, value_parser = choice::<Method>(), default_value_t = Method::Leiden)]
    pub method: Method,
    /// Leiden objective (auto: signed modularity on a signed graph, modularity otherwise).
    #[arg(long, value_parser = choice::<ObjectiveChoice>(), default_value_t = ObjectiveChoice::Auto)]
    pub objective: ObjectiveChoice,
    /// Resolution γ of the Leiden objective.
    #[arg(long, value_name = "GAMMA", default_value_t = 1.0)]
    pub resolution: f64,
    /// Seed of every random choice (same seed and input → same output).
    #[arg(long, default_value_t = votebloc::DEFAULT_SEED)]
    pub seed: u64,
    /// Leiden restarts per run (the best quality is kept).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub restarts: u32,
    /// Seeded Leiden runs for the consensus blocs and stability.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub consensus: u32,
    /// Number of clusters for kmeans/gmm/hierarchical (default: best silhouette).
    #[arg(long, value_name = "K")]
    pub k: Option<usize>,
    /// Most members for which the n × n similarity table is built [default: 5000]. Above it
    /// the analysis works one row at a time: --graph knn and --method leiden only, and
    /// similarity.csv, heatmap.svg, network.svg and map.svg are not written.
    #[arg(long, value_name = "MEMBERS")]
    pub dense_max: Option<usize>,
    /// Memory the analysis may use, e.g. 4G or 512M [default: what the system has
    /// available]; a run whose estimate is larger is refused before it starts.
    #[arg(long, value_name = "SIZE", value_parser = super::memory::parse_size)]
    pub max_memory: Option<u64>,
}

impl AnalysisArgs {
    /// The parameters, with the checks clap cannot make (usage errors, exit code 2).
    pub fn params(&self) -> anyhow::Result<AnalysisParams> {
        let usage = |m: String| anyhow::Error::new(UsageError(m));
        let construction = match self.graph {
            GraphKind::Centered => Construction::Centered,
            GraphKind::Full => Construction::Full,
            GraphKind::Signed => Construction::Signed,
            GraphKind::Threshold => Construction::Threshold(
                self.threshold
                    .ok_or_else(|| usage("--graph threshold needs --threshold T".to_string()))?,
            ),
            GraphKind::Knn => {
                Construction::KNearest(self.knn.unwrap_or(votebloc::graph::DEFAULT_NEIGHBOURS))
            }
        };
        if self.threshold.is_some() && self.graph != GraphKind::Threshold {
            return Err(usage("--threshold goes with --graph threshold".to_string()));
        }
        if self.knn.is_some() && self.graph != GraphKind::Knn {
            return Err(usage("--knn goes with --graph knn".to_string()));
        }
        if self.k.is_some() && self.method == Method::Leiden {
            return Err(usage(
                "--k goes with --method kmeans, gmm or hierarchical (Leiden finds the number of blocs)"
                    .to_string(),
            ));
        }
        if let Some(k) = self.k
            && k < 2
        {
            return Err(usage(format!("--k must be at least 2, got {k}")));
        }
        let cpm_zero = self.objective == ObjectiveChoice::Cpm && self.resolution == 0.0;
        if !(self.resolution.is_finite() && self.resolution > 0.0 || cpm_zero) {
            return Err(usage(format!(
                "--resolution must be a finite number > 0, got {}",
                self.resolution
            )));
        }
        if self.min_common == 0 {
            return Err(usage("--min-common must be at least 1".to_string()));
        }
        if self.consensus == 0 {
            return Err(usage("--consensus must be at least 1".to_string()));
        }
        if self.restarts == 0 {
            return Err(usage("--restarts must be at least 1".to_string()));
        }
        Ok(AnalysisParams {
            similarity: SimilarityParams::new()
                .with_index(self.index)
                .with_min_common_votes(self.min_common),
            graph: GraphParams::new().with_construction(construction),
            method: self.method,
            objective: self.objective,
            resolution: self.resolution,
            seed: self.seed,
            n_restarts: self.restarts,
            consensus_runs: self.consensus,
            k: self.k,
            dense_max: self
                .dense_max
                .unwrap_or(votebloc::analysis::DEFAULT_DENSE_MAX),
            ..AnalysisParams::default()
        })
    }

    /// The memory budget of a run: `--max-memory`, or else what the system has available
    /// now (after the inputs were read); `None` when it cannot be measured.
    pub fn memory_budget(&self, outputs: bool) -> Option<MemoryBudget> {
        let bytes = self.max_memory.or_else(super::memory::available_memory)?;
        Some(MemoryBudget { bytes, outputs })
    }
}

/// Find blocs and swing members; print a summary; write CSV and JSON files with -o.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output folder for votes/motions/members/notes, blocs, similarity, swing, cohesion CSVs
    /// and summary.json.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Form of the summary on stdout.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    pub summary: SummaryFormat,
    /// What the points of map.svg and network.svg are coloured by.
    #[arg(long, value_parser = choice::<ColorBy>(), default_value_t = ColorBy::Bloc)]
    pub color_by: ColorBy,
    /// Find the blocs again at 17 resolutions from γ/4 to 4γ and recommend the number of
    /// blocs that persists over the widest range (Arenas, Fernández & Gómez 2008): 17 times
    /// the work of finding the blocs.
    #[arg(long)]
    pub scan: bool,
}

/// Runs the resolution scan on `analysis` when `scan` is set (Leiden only: a usage error
/// otherwise).
pub fn run_scan(analysis: &mut Analysis, scan: bool) -> anyhow::Result<()> {
    if !scan {
        return Ok(());
    }
    let stage = analysis.resolution_scan().ok_or_else(|| {
        anyhow::Error::new(UsageError(
            "--scan goes with --method leiden (the other methods have no resolution)".to_string(),
        ))
    })?;
    analysis.run_stage(&stage).map_err(analysis_error)
}

/// Loads the inputs and runs the analysis, turning parameter errors into usage errors.
/// `--min-votes` is the analysis's (its default needs the number of motions kept), not the
/// loader's. `outputs`: whether the caller writes files (part of the memory estimate).
pub fn load_and_run(
    input: &InputArgs,
    args: &AnalysisArgs,
    outputs: bool,
) -> anyhow::Result<Analysis> {
    let mut params = args.params()?;
    params.min_votes = input.min_votes;
    let data = without_min_votes(input).load()?;
    params.memory_budget = args.memory_budget(outputs);
    let analysis = analysis::run(data, &params).map_err(analysis_error)?;
    if outputs && let Some(note) = analysis.dense_note() {
        eprintln!("warning: {note}: the report shows no heatmap, network or map");
    }
    Ok(analysis)
}

/// Warns on stderr when the analysis has no dense similarity table and writes a folder:
/// which outputs are left out (the output set removes those of an earlier run).
fn warn_if_not_dense(analysis: &Analysis) {
    let Some(note) = analysis.dense_note() else {
        return;
    };
    let files: Vec<&str> = export::DENSE_OUTPUTS
        .iter()
        .map(|(file, _)| *file)
        .collect();
    eprintln!(
        "warning: {note}: {} are not written (those of an earlier run are removed), the graph \
         files carry no layout (summary.json, \"dense_table\", says what was computed otherwise)",
        files.join(", ")
    );
}

/// The input options with `--min-votes` left to the analysis.
fn without_min_votes(input: &InputArgs) -> InputArgs {
    let mut input = input.clone();
    input.min_votes = None;
    input
}

/// Every option of the run as passed (summary.json's `parameters.given`).
pub fn given(input: &InputArgs, args: &AnalysisArgs) -> serde_json::Value {
    let mut given = input.given();
    given["analysis"] = serde_json::json!({
        "index": votebloc::Choice::name(args.index),
        "min_common": args.min_common,
        "graph": format!("{:?}", args.graph).to_lowercase(),
        "threshold": args.threshold,
        "knn": args.knn,
        "method": votebloc::Choice::name(args.method),
        "objective": votebloc::Choice::name(args.objective),
        "resolution": args.resolution,
        "seed": args.seed,
        "restarts": args.restarts,
        "consensus": args.consensus,
        "k": args.k,
    });
    // Written only when given, so that the summaries of runs without them keep their bytes.
    if let Some(dense_max) = args.dense_max {
        given["analysis"]["dense_max"] = serde_json::json!(dense_max);
    }
    if let Some(max_memory) = args.max_memory {
        given["analysis"]["max_memory"] = serde_json::json!(max_memory);
    }
    given
}

/// An analysis error for the command line: parameter errors are usage errors (exit code 2).
fn analysis_error(e: analysis::AnalysisError) -> anyhow::Error {
    if e.is_usage() {
        anyhow::Error::new(UsageError(e.to_string()))
    } else {
        anyhow::Error::new(e).context("analysing the votes")
    }
}

/// SHA-256 of each input (of the embedded seed when there is none), then of the side files
/// (`--roll-calls`, `--members`, `--issues`) in that order.
pub fn digests(input: &InputArgs) -> anyhow::Result<Vec<InputDigest>> {
    if input.inputs.is_empty() {
        return Ok(vec![InputDigest {
            path: votebloc::ingest::EMBEDDED_SEED_NAME.to_string(),
            sha256: hex(&Sha256::digest(votebloc::ingest::EMBEDDED_SEED.as_bytes())),
        }]);
    }
    let side = [&input.roll_calls, &input.members, &input.issues];
    input
        .inputs
        .iter()
        .chain(side.into_iter().flatten())
        .map(|path| {
            let mut hasher = Sha256::new();
            let mut file = std::fs::File::open(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let mut buffer = vec![0u8; 1 << 16];
            loop {
                let n = file
                    .read(&mut buffer)
                    .with_context(|| format!("{}: cannot read", path.display()))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buffer[..n]);
            }
            Ok(InputDigest {
                path: path.display().to_string(),
                sha256: hex(&hasher.finalize()),
            })
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn writing_to(dir: &Path) -> String {
    format!("writing the results to {}", dir.display())
}

/// The files of an analysis besides the dataset tables and the report files.
const ANALYSIS_FILES: [&str; 5] = [
    "blocs.csv",
    "similarity.csv",
    "swing.csv",
    "cohesion.csv",
    "summary.json",
];

/// Every file `analyze -o` may write: the names of its set (see [`output::Dir`]).
pub fn output_names() -> Vec<&'static str> {
    let mut names = csv_tables::DATASET_FILES.to_vec();
    names.extend(ANALYSIS_FILES);
    names.extend(votebloc::report::REPORT_FILES);
    names
}

/// Writes, on several threads, every file of an analysis (the dataset tables votes, motions,
/// members and notes, then blocs, similarity, swing, cohesion, summary.json, graph files,
/// plots, report) into the set `out` (not yet in place), the points of the plots coloured by
/// `color_by`; the first failure in that order is the one reported.
pub fn write_outputs(
    analysis: &Analysis,
    inputs: &[InputDigest],
    given: &serde_json::Value,
    out: &OutputDir,
    color_by: ColorBy,
) -> anyhow::Result<()> {
    let dir = out.target();
    type Writer<'a> = &'a (dyn Fn(&mut export::FileWriter) -> std::io::Result<()> + Sync);
    let data = &analysis.dataset;
    // Without the dense table, similarity.csv (n(n − 1)/2 rows) is left out.
    let written = |name: &&str| {
        analysis.is_dense() || !export::DENSE_OUTPUTS.iter().any(|(file, _)| file == name)
    };
    let files: [(&str, Writer); 9] = [
        ("votes.csv", &|o| csv_tables::write_votes(data, o)),
        ("motions.csv", &|o| csv_tables::write_motions(data, o)),
        ("members.csv", &|o| csv_tables::write_members(data, o)),
        ("notes.csv", &|o| csv_tables::write_notes(data, o)),
        ("blocs.csv", &|o| csv_tables::write_blocs(analysis, o)),
        ("similarity.csv", &|o| {
            csv_tables::write_similarity(analysis, o)
        }),
        ("swing.csv", &|o| csv_tables::write_swing(analysis, o)),
        ("cohesion.csv", &|o| csv_tables::write_cohesion(analysis, o)),
        ("summary.json", &|o| {
            json::write_summary_with(analysis, inputs, given, o)
        }),
    ];
    let (tables, report) = rayon::join(
        || {
            files
                .par_iter()
                .filter(|(name, _)| written(name))
                .map(|(name, write)| out.write_with(name, write))
                .collect::<Result<Vec<()>, _>>()
        },
        || votebloc::report::write_report_files_into(analysis, inputs, out, color_by),
    );
    tables.with_context(|| writing_to(dir))?;
    report.with_context(|| writing_to(dir))?;
    Ok(())
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut params = args.analysis.params()?;
    params.min_votes = args.input.min_votes;
    let loader = without_min_votes(&args.input);
    // The inputs' digests are computed while they are read, on two threads.
    let (data, inputs) = rayon::join(|| loader.load(), || digests(&args.input));
    let data = data?;
    // Measured once the inputs are in memory: what is left is what the analysis may use.
    params.memory_budget = args.analysis.memory_budget(args.output.is_some());
    let mut analysis = analysis::run(data, &params).map_err(analysis_error)?;
    run_scan(&mut analysis, args.scan)?;
    if args.output.is_some() {
        warn_if_not_dense(&analysis);
    }
    let inputs = inputs?;
    let given = given(&args.input, &args.analysis);
    if let Some(dir) = &args.output {
        let out = output::Dir::create(dir, &output_names()).with_context(|| writing_to(dir))?;
        write_outputs(&analysis, &inputs, &given, out.out(), args.color_by)?;
        out.commit().with_context(|| writing_to(dir))?;
        eprintln!("wrote the results to {}", dir.display());
    }
    let stdout = std::io::stdout();
    let styled = table::use_style(stdout.is_terminal());
    let mut out = stdout.lock();
    match args.summary {
        SummaryFormat::Table => table::write_summary(&analysis, &mut out, styled)?,
        SummaryFormat::Json => json::write_summary_with(&analysis, &inputs, &given, &mut out)?,
    }
    Ok(())
}
