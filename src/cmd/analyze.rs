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
use votebloc::export::{self, OutputDir, csv_tables, ideal as ideal_export, ideal_stage, table};
use votebloc::graph::{Construction, GraphParams};
use votebloc::ideal::{self, IdealParams, IdealStage, IdealStageResult, ParamGuard};
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
    /// now (after the inputs were read); `None` when it cannot be measured. The ideal-point
    /// stage is not in it (see [`IdealArgs::budget`]).
    pub fn memory_budget(&self, outputs: bool) -> Option<MemoryBudget> {
        let bytes = self.max_memory.or_else(super::memory::available_memory)?;
        Some(MemoryBudget {
            bytes,
            outputs,
            ideal_points: None,
        })
    }
}

/// Options of the ideal-point stage, shared with `report`.
#[derive(Debug, Clone, clap::Args)]
pub struct IdealArgs {
    /// Do not estimate the members' ideal points (ideal.csv, ideal_motions.csv, the pivots and
    /// the report's strip plot).
    #[arg(long)]
    pub no_ideal: bool,
    /// Estimate the ideal points whatever the number of votes (by default not above 250,000
    /// cast votes, e.g. the UNGA history: the fit would take seconds).
    #[arg(long, conflicts_with = "no_ideal")]
    pub ideal: bool,
    /// Parametric bootstrap replicates for the ideal points' 5 %/95 % bounds [default: 0, no
    /// bounds: each replicate costs about one fit]. `votebloc ideal` draws 50.
    #[arg(long, value_name = "N", conflicts_with = "no_ideal")]
    pub ideal_bootstrap: Option<usize>,
}

impl IdealArgs {
    /// Runs the ideal-point stage on `analysis` (unless `--no-ideal`): a static 1-D fit with
    /// the model of the source (`ideal::default_model`, as `votebloc ideal` chooses it) and
    /// `votebloc ideal`'s rules, seeded with the analysis's seed, up to
    /// `ideal::DEFAULT_MAX_VOTES` cast votes unless `--ideal`; its warnings go to stderr.
    /// Votes that identify no scale (the seed's five motions) or are too many give a warning,
    /// not an error.
    pub fn run_stage(&self, analysis: &mut Analysis) -> anyhow::Result<()> {
        if self.no_ideal {
            return Ok(());
        }
        let params = IdealParams::new()
            .model(ideal::default_model(&analysis.dataset))
            .bootstrap(self.ideal_bootstrap.unwrap_or(0))
            .check()
            .map_err(|e| anyhow::Error::new(UsageError(format!("--ideal-bootstrap: {e}"))))?;
        let max = (!self.ideal).then_some(ideal::DEFAULT_MAX_VOTES);
        analysis
            .run_stage(&IdealStage::new(params).max_votes(max))
            .map_err(|e| anyhow::Error::new(e).context("estimating the ideal points"))?;
        if let Some(result) = analysis.stage::<IdealStageResult>() {
            if let Some(reason) = &result.not_estimated {
                eprintln!("warning: ideal points not estimated: {reason}");
            }
            for warning in result.fit.iter().flat_map(|f| &f.warnings) {
                eprintln!("warning: ideal points: {warning}");
            }
        }
        Ok(())
    }

    /// `budget` with the ideal-point stage in it when it will run.
    pub fn budget(&self, budget: Option<MemoryBudget>) -> Option<MemoryBudget> {
        budget.map(|b| MemoryBudget {
            ideal_points: (!self.no_ideal).then(|| self.ideal_bootstrap.unwrap_or(0)),
            ..b
        })
    }

    /// The options as passed, into `given` (summary.json's `parameters.given`), only those
    /// given, so that the summaries of runs without them keep their bytes.
    pub fn record(&self, given: &mut serde_json::Value) {
        let mut ideal = serde_json::Map::new();
        if self.no_ideal {
            ideal.insert("no_ideal".into(), true.into());
        }
        if self.ideal {
            ideal.insert("ideal".into(), true.into());
        }
        if let Some(n) = self.ideal_bootstrap {
            ideal.insert("ideal_bootstrap".into(), n.into());
        }
        if !ideal.is_empty() {
            given["ideal"] = ideal.into();
        }
    }
}

/// Find blocs, swing members and ideal points; print a summary; write CSV and JSON files with
/// -o.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    pub ideal: IdealArgs,
    /// Output folder for votes/motions/members/notes, blocs, similarity, swing, split votes,
    /// defections, cohesion, ideal, ideal_motions CSVs, summary.json, graph files, plots and
    /// report.html.
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
/// loader's. `outputs`: whether the caller writes files (part of the memory estimate);
/// `ideal`: the ideal-point stage's options, when the caller runs it (after the analysis, as
/// this function does).
pub fn load_and_run(
    input: &InputArgs,
    args: &AnalysisArgs,
    outputs: bool,
    ideal: Option<&IdealArgs>,
) -> anyhow::Result<Analysis> {
    let mut params = args.params()?;
    params.min_votes = input.min_votes;
    let data = without_min_votes(input).load()?;
    params.memory_budget = args.memory_budget(outputs);
    if let Some(ideal) = ideal {
        params.memory_budget = ideal.budget(params.memory_budget);
    }
    let mut analysis = analysis::run(data, &params).map_err(analysis_error)?;
    if outputs && let Some(note) = analysis.dense_note() {
        eprintln!("warning: {note}: the report shows no heatmap, network or map");
    }
    if let Some(ideal) = ideal {
        ideal.run_stage(&mut analysis)?;
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
/// (`--roll-calls`, `--members`, `--issues`, those taken beside a `votes.csv` included) in
/// that order.
pub fn digests(input: &InputArgs) -> anyhow::Result<Vec<InputDigest>> {
    let (input, _) = input.with_tables_beside();
    let input = &input;
    if input.inputs.is_empty() {
        return Ok(vec![InputDigest {
            path: votebloc::ingest::EMBEDDED_SEED_NAME.to_string(),
            sha256: hex(&Sha256::digest(votebloc::ingest::EMBEDDED_SEED.as_bytes())),
        }]);
    }
    let side = input
        .roll_calls
        .iter()
        .chain(&input.members)
        .chain(&input.issues);
    input
        .inputs
        .iter()
        .chain(side)
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
const ANALYSIS_FILES: [&str; 8] = [
    "blocs.csv",
    "similarity.csv",
    "swing.csv",
    "split_votes.csv",
    "defections.csv",
    "cohesion.csv",
    "cohesion_summary.csv",
    "summary.json",
];

/// The files of the ideal-point stage, written when it ran.
const IDEAL_FILES: [&str; 2] = ["ideal.csv", "ideal_motions.csv"];

/// Every file `analyze -o` may write: the names of its set (see [`output::Dir`]).
pub fn output_names() -> Vec<&'static str> {
    let mut names = csv_tables::DATASET_FILES.to_vec();
    names.extend(ANALYSIS_FILES);
    names.extend(IDEAL_FILES);
    names.extend(votebloc::report::REPORT_FILES);
    names
}

/// Writes, on several threads, every file of an analysis (the dataset tables votes, motions,
/// members and notes, then blocs, similarity, swing, split votes, defections, cohesion and its
/// summary, summary.json, ideal.csv and ideal_motions.csv when the ideal-point stage ran, graph
/// files, plots, report) into the set `out` (not yet in place), the points of the plots coloured
/// by `color_by`; the first failure in that order is the one reported.
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
    let ideal = analysis
        .stage::<IdealStageResult>()
        .map(|r| r.fit_or_empty());
    let ideal = ideal.as_deref();
    let ideal_files: [(&str, Writer); 2] = [
        ("ideal.csv", &|o| match ideal {
            Some(fit) => ideal_export::write_positions(fit, o),
            None => Ok(()),
        }),
        ("ideal_motions.csv", &|o| match ideal {
            Some(fit) => ideal_export::write_motions(fit, o),
            None => Ok(()),
        }),
    ];
    let rules = &analysis.params.swing;
    let files: [(&str, Writer); 12] = [
        ("votes.csv", &|o| csv_tables::write_votes(data, o)),
        ("motions.csv", &|o| {
            csv_tables::write_motions_with(data, rules, o)
        }),
        ("members.csv", &|o| csv_tables::write_members(data, o)),
        ("notes.csv", &|o| csv_tables::write_notes(data, o)),
        ("blocs.csv", &|o| csv_tables::write_blocs(analysis, o)),
        ("similarity.csv", &|o| {
            csv_tables::write_similarity(analysis, o)
        }),
        ("swing.csv", &|o| csv_tables::write_swing(analysis, o)),
        ("split_votes.csv", &|o| {
            csv_tables::write_split_votes(analysis, o)
        }),
        ("defections.csv", &|o| {
            csv_tables::write_defections(analysis, o)
        }),
        ("cohesion.csv", &|o| csv_tables::write_cohesion(analysis, o)),
        ("cohesion_summary.csv", &|o| {
            csv_tables::write_cohesion_summary(analysis, o)
        }),
        ("summary.json", &|o| {
            json::write_summary_with(analysis, inputs, given, o)
        }),
    ];
    let (tables, report) = rayon::join(
        || {
            files
                .par_iter()
                .chain(ideal_files.par_iter().filter(|_| ideal.is_some()))
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
    params.memory_budget = args
        .ideal
        .budget(args.analysis.memory_budget(args.output.is_some()));
    let mut analysis = analysis::run(data, &params).map_err(analysis_error)?;
    run_scan(&mut analysis, args.scan)?;
    if args.output.is_some() {
        warn_if_not_dense(&analysis);
    }
    args.ideal.run_stage(&mut analysis)?;
    let inputs = inputs?;
    let mut given = given(&args.input, &args.analysis);
    args.ideal.record(&mut given);
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
        SummaryFormat::Table => {
            table::write_summary(&analysis, &mut out, styled)?;
            ideal_stage::write_lines(&analysis, &mut out, styled)?;
        }
        SummaryFormat::Json => json::write_summary_with(&analysis, &inputs, &given, &mut out)?,
    }
    Ok(())
}
