//! The whole analysis, stage after stage: dataset → vote matrix → similarity → graph → blocs
//! (Leiden with consensus, or a linfa method) → swing members and cohesion.
//!
//! Every stage is a module of its own; this one only chains them with one set of parameters,
//! so that the command line, the benches and library users run exactly the same pipeline.

use crate::choice::choice;
use crate::cluster::consensus::{ConsensusError, ConsensusParams, ConsensusValidParams, consensus};
use crate::cluster::csr::{CsrError, CsrGraph};
use crate::cluster::embedding::{
    self, ClusterParams, ClusterValidParams, EmbeddingError, SimilarityScale,
};
use crate::cluster::leiden::{LeidenError, LeidenParams, Objective};
use crate::cluster::quality::{self, QualityError};
use crate::cluster::scan::ResolutionScan;
use crate::cluster::separation::{self, PairSeparation};
use crate::cohesion::{Cohesion, CohesionError, cohesion};
use crate::graph::{self, Construction, GraphError, GraphParams};
use crate::matrix::{MatrixError, VoteMatrix};
use crate::memory::{self, MemoryError, Workload};
use crate::model::{Dataset, Member};
use crate::params::valid_params;
use crate::similarity::{
    self, Similarity, SimilarityError, SimilarityParams, SimilarityValidParams,
};
use crate::stage::{Stage, StageInput, StageResults};
use crate::swing::{self, SwingError, SwingParams, SwingReport, SwingValidParams};
use crate::{Choice, ParamGuard};
use petgraph::graph::UnGraph;
use rayon::prelude::*;
use serde::Serialize;

pub use crate::cluster::Method;

choice! {
    /// What Leiden maximises; `Auto` picks signed modularity for a graph with negative weights
    /// and plain modularity otherwise.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum ObjectiveChoice {
        #[default]
        Auto => "auto", "Signed modularity on a signed graph, modularity otherwise";
        Modularity => "modularity", "Newman–Girvan modularity with resolution γ";
        Cpm => "cpm", "The constant Potts model with resolution γ";
        Signed => "signed", "Signed modularity (Gómez, Jensen & Arenas 2009)";
    }
}

/// Parameters of the whole analysis. Defaults: agreement index, one common vote at least,
/// the graph of each member's 30 nearest neighbours (fewer in a smaller assembly), Leiden
/// (modularity, γ = 1, seed 42, 1 restart) with 20 consensus runs, members with the cast votes
/// of [`min_votes_rule`], swing thresholds of [`SwingParams::default`], the dense similarity
/// table up to [`DEFAULT_DENSE_MAX`] members, no memory budget.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisParams {
    pub similarity: SimilarityParams,
    pub graph: GraphParams,
    pub method: Method,
    pub objective: ObjectiveChoice,
    /// Resolution γ of the objective. Default 1.
    pub resolution: f64,
    /// Seed of every random choice. Default 42.
    pub seed: u64,
    /// Leiden restarts per run (best quality kept). Default 1.
    pub n_restarts: u32,
    /// Seeded Leiden runs for the consensus partition and the stability. Default 20.
    pub consensus_runs: u32,
    /// Number of clusters for the linfa methods; `None` chooses it by silhouette.
    pub k: Option<usize>,
    /// Members with fewer cast votes (yes/no/abstain) are left out of the analysis. `None`
    /// (the default): [`min_votes_rule`] of the number of motions.
    pub min_votes: Option<usize>,
    pub swing: SwingParams,
    /// Most members for which the `n × n` similarity table (and the consensus's co-assignment
    /// matrix) is built. Above, the analysis works one row at a time in O(n·k) memory: the
    /// k-nearest graph and Leiden as always, the silhouette and the swing bridges from rows;
    /// what needs every pair at once (the other graph constructions, the linfa methods) is
    /// refused ([`AnalysisError::NeedsDenseTable`]), and the dense outputs (similarity.csv,
    /// heatmap, MDS map, network layout) are left out (see [`Analysis::is_dense`]). Default
    /// [`DEFAULT_DENSE_MAX`].
    pub dense_max: usize,
    /// Bytes the analysis may use, checked against an estimate before any large allocation
    /// ([`memory::check`]); `None` (the default) checks nothing. The caller measures it (the
    /// command line: the memory available to the process).
    pub memory_budget: Option<MemoryBudget>,
}

/// Most members of an analysis with the dense similarity table by default
/// ([`AnalysisParams::dense_max`]).
///
/// Why 5,000: the dense analysis holds about 40 bytes per pair at its peak (the table, the
/// consensus's co-assignment counts and graph, the MDS map's tables), about 1 GB at 5,000
/// members and 4 GB at 10,000; and its network layout costs O(n²) per iteration. Every real
/// body of the data folder (UN General Assembly, Senate, House) is far below it.
pub const DEFAULT_DENSE_MAX: usize = 5_000;

/// The memory an analysis may use ([`AnalysisParams::memory_budget`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBudget {
    /// Bytes available.
    pub bytes: u64,
    /// Whether the output files will be written too (their memory is part of the estimate).
    pub outputs: bool,
    /// Whether the ideal-point stage will run after the analysis, and with how many bootstrap
    /// replicates (part of the estimate); `None`: it will not.
    pub ideal_points: Option<usize>,
}

/// W-NOMINATE's minimum of votes per legislator (Poole & Rosenthal; `minvotes = 20` in the
/// `wnominate` R package).
pub const MIN_VOTES_CAP: usize = 20;

/// The default least number of cast votes of an analysed member, for `motions` motions:
/// a tenth of the motions (rounded up), at least 1 and at most W-NOMINATE's 20.
///
/// Why: a member placed on one or two cast votes of a long session is placed by noise (it
/// becomes a hub of the similarity graph with stability 1.00); W-NOMINATE's 20 is the field's
/// customary floor, but it would empty a five-motion report like the seed, where every member
/// with one cast vote is informative. A tenth of the motions scales between the two: 1 for
/// the seed (5 motions), 8 for UNGA session 70 (73), 20 for a Senate congress (906).
///
/// ```
/// use votebloc::analysis::min_votes_rule;
/// assert_eq!(min_votes_rule(5), 1);
/// assert_eq!(min_votes_rule(73), 8);
/// assert_eq!(min_votes_rule(906), 20);
/// assert_eq!(min_votes_rule(0), 1);
/// ```
pub fn min_votes_rule(motions: usize) -> usize {
    motions.div_ceil(10).clamp(1, MIN_VOTES_CAP)
}

impl AnalysisParams {
    /// The least number of cast votes of an analysed member with `motions` motions: the
    /// given `min_votes` (at least 1) or else [`min_votes_rule`].
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::AnalysisParams;
    /// let params = AnalysisParams { min_votes: Some(0), ..AnalysisParams::default() };
    /// assert_eq!(params.resolved_min_votes(500), 1);
    /// let params = AnalysisParams::default();
    /// assert_eq!(params.resolved_min_votes(500), 20);
    /// ```
    pub fn resolved_min_votes(&self, motions: usize) -> usize {
        self.min_votes
            .unwrap_or_else(|| min_votes_rule(motions))
            .max(1)
    }
}

valid_params! {
    /// [`AnalysisParams`] checked ([`ParamGuard`]), every stage's parameters with them: what
    /// [`run`] runs with, and what [`Analysis::params`] reports.
    pub struct AnalysisValidParams(AnalysisParams) checked by AnalysisError;
}

impl AnalysisParams {
    /// Checks every parameter that does not need the data, each stage's by its own rules:
    /// the similarity's, Leiden's and the consensus's (Leiden) or the clustering's (the linfa
    /// methods), the swing thresholds. What needs the data (a k below the number of members,
    /// `min_common_votes` below the number of motions, the graph's k) is checked by the stage.
    ///
    /// # Errors
    /// The first invalid parameter, as the stage's error.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        if self.consensus_runs == 0 {
            return Err(AnalysisError::Usage(
                "--consensus must be at least 1".to_string(),
            ));
        }
        self.similarity.validate()?;
        if self.method.is_embedding() {
            self.cluster_params(SimilarityScale::Unit).validate()?;
        } else {
            self.consensus_params(Objective::from_choice(self.objective, self.resolution))
                .validate()?;
        }
        self.swing.validate()?;
        Ok(())
    }

    /// The consensus (and Leiden) parameters, with `objective`.
    fn consensus_params(&self, objective: Objective) -> ConsensusParams {
        let leiden = LeidenParams::default()
            .objective(objective)
            .seed(self.seed)
            .n_restarts(self.n_restarts);
        ConsensusParams::default()
            .n_runs(self.consensus_runs)
            .leiden(leiden)
            .dense_max_nodes(self.dense_max)
    }

    /// What an analysis of `members` members with these parameters computes, for the memory
    /// estimate ([`memory::Estimate`]); `outputs` tells whether the files are written.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::AnalysisParams;
    /// let work = AnalysisParams::default().workload(100_000, 50, 5_000_000, true);
    /// assert!(!work.dense);
    /// assert_eq!(work.neighbours, Some(30));
    /// ```
    pub fn workload(
        &self,
        members: usize,
        motions: usize,
        votes: usize,
        outputs: bool,
    ) -> Workload {
        let neighbours = match self.graph.construction {
            Construction::KNearest(k) => Some(k.min(members.saturating_sub(1))),
            _ => None,
        };
        Workload {
            members,
            motions,
            votes,
            neighbours,
            consensus_runs: if self.method.is_embedding() {
                0
            } else {
                self.consensus_runs
            },
            dense: members <= self.dense_max,
            outputs,
            threads: rayon::current_num_threads(),
            ideal_points: None,
        }
    }

    /// The parameters of a linfa method on similarities of `scale`.
    fn cluster_params(&self, scale: SimilarityScale) -> ClusterParams {
        ClusterParams::default()
            .method(self.method)
            .k(self.k)
            .scale(scale)
            .seed(self.seed)
    }
}

impl Default for AnalysisParams {
    fn default() -> AnalysisParams {
        AnalysisParams {
            similarity: SimilarityParams::default(),
            graph: GraphParams::default(),
            method: Method::default(),
            objective: ObjectiveChoice::default(),
            resolution: 1.0,
            seed: crate::DEFAULT_SEED,
            n_restarts: 1,
            consensus_runs: 20,
            k: None,
            min_votes: None,
            swing: SwingParams::default(),
            dense_max: DEFAULT_DENSE_MAX,
            memory_budget: None,
        }
    }
}

/// Why an analysis could not be run. `is_usage` tells parameter errors (exit code 2) from the
/// rest.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("{0}")]
    Usage(String),
    #[error("only {found} member(s) cast a vote; blocs need at least 2")]
    TooFewMembers { found: usize },
    #[error("no motion left to analyse")]
    NoMotions,
    #[error(transparent)]
    Matrix(#[from] MatrixError),
    #[error(transparent)]
    Similarity(#[from] SimilarityError),
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error(transparent)]
    Csr(#[from] CsrError),
    #[error(transparent)]
    Leiden(#[from] LeidenError),
    #[error(transparent)]
    Consensus(#[from] ConsensusError),
    #[error(transparent)]
    Quality(#[from] QualityError),
    #[error(transparent)]
    Embedding(#[from] EmbeddingError),
    #[error(transparent)]
    Swing(#[from] SwingError),
    #[error(transparent)]
    Cohesion(#[from] CohesionError),
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(
        "{what} needs the similarity of every pair of members at once, and {n_members} members \
         are above the dense limit (--dense-max {dense_max}): {alternative}"
    )]
    NeedsDenseTable {
        what: String,
        n_members: usize,
        dense_max: usize,
        alternative: &'static str,
    },
    /// An optional stage ([`Analysis::run_stage`]) failed.
    #[error("{stage}: {source}")]
    Stage {
        stage: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl AnalysisError {
    /// True for errors in the parameters the user gave (exit code 2).
    pub fn is_usage(&self) -> bool {
        match self {
            AnalysisError::Usage(_)
            | AnalysisError::TooFewMembers { .. }
            | AnalysisError::NeedsDenseTable { .. } => true,
            AnalysisError::Similarity(e) => e.is_usage(),
            AnalysisError::Graph(e) => e.is_usage(),
            AnalysisError::Leiden(LeidenError::InvalidParameter { .. }) => true,
            AnalysisError::Consensus(ConsensusError::InvalidParameter { .. }) => true,
            AnalysisError::Consensus(ConsensusError::Leiden(LeidenError::InvalidParameter {
                ..
            })) => true,
            AnalysisError::Swing(SwingError::InvalidParameter { .. }) => true,
            AnalysisError::Embedding(e) => matches!(
                e,
                EmbeddingError::KTooSmall { .. }
                    | EmbeddingError::KTooLarge { .. }
                    | EmbeddingError::KMaxTooSmall { .. }
                    | EmbeddingError::TooFewMembers { .. }
            ),
            _ => false,
        }
    }
}

/// Partition quality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityScores {
    /// The objective that produced the blocs (`modularity`, `cpm`, `signed-modularity`), or
    /// the linfa method's name.
    pub objective: String,
    /// The objective's value for the blocs on the graph (Leiden only).
    pub objective_value: Option<f64>,
    /// Newman–Girvan modularity (γ = 1) of the blocs on the positive part of the graph.
    pub modularity: Option<f64>,
    /// Mean silhouette of the blocs on the distance 1 − similarity (rescaled to [0, 1]).
    pub silhouette: Option<f64>,
    /// Adjusted Rand index between the blocs and the members' groups (party, caucus,
    /// regional group), over the members that have a group; `None` with fewer than two groups.
    pub group_ari: Option<f64>,
    /// How separated each pair of blocs is ([`separation::pairs`]), in order of the pairs
    /// (1, 2), (1, 3), …; empty with fewer than two blocs.
    pub separation: Vec<PairSeparation>,
}

/// The result of [`run`]. Members are those of `dataset` (the analysed members only, in code
/// order); `blocs[i]` is the bloc of member `i`, numbered from 1 by size (largest first, ties
/// by smallest member code).
#[derive(Debug)]
pub struct Analysis {
    /// The analysed dataset: members with at least `min_votes` cast votes.
    pub dataset: Dataset,
    /// The least number of cast votes of an analysed member, as resolved
    /// ([`AnalysisParams::resolved_min_votes`]).
    pub min_votes: usize,
    /// Members of the body left out for having fewer than `min_votes` cast votes (code
    /// order); their cast votes in `left_out_casts`, same order.
    pub left_out: Vec<Member>,
    pub left_out_casts: Vec<usize>,
    /// Members with no record but `not_member` on the motions analysed (a state before its
    /// admission or after its dissolution): not members of the body then, counted nowhere.
    pub not_members: Vec<Member>,
    /// Whether the source records absences; false when no vote is `absent` although some
    /// members have no record on some motions (unvotes lists cast votes only).
    pub absences_recorded: bool,
    pub matrix: VoteMatrix,
    pub similarity: Similarity,
    pub graph: UnGraph<usize, f64>,
    pub blocs: Vec<u32>,
    /// Share of consensus runs placing each member with its bloc.
    pub stability: Vec<f64>,
    /// Members per bloc (`bloc_sizes[b - 1]` for bloc `b`).
    pub bloc_sizes: Vec<usize>,
    pub quality: QualityScores,
    pub swing: SwingReport,
    pub cohesion: Cohesion,
    pub params: AnalysisValidParams,
    /// The results of the optional stages run on this analysis ([`Analysis::run_stage`]),
    /// read with [`Analysis::stage`].
    pub stages: StageResults,
}

impl Analysis {
    /// What a stage reads of this analysis.
    pub fn stage_input(&self) -> StageInput<'_> {
        StageInput {
            dataset: &self.dataset,
            matrix: &self.matrix,
            similarity: &self.similarity,
            graph: &self.graph,
            blocs: &self.blocs,
            stability: &self.stability,
            seed: self.params.seed,
        }
    }

    /// Runs `stage` on this analysis and keeps its result (replacing an earlier result of
    /// the same type), to be read with [`Analysis::stage`].
    ///
    /// # Errors
    /// [`AnalysisError::Stage`], naming the stage, with the stage's error as its source.
    ///
    /// # Examples
    /// See [`Stage`].
    pub fn run_stage<S: Stage>(&mut self, stage: &S) -> Result<(), AnalysisError> {
        let result = stage
            .run(&self.stage_input())
            .map_err(|source| AnalysisError::Stage {
                stage: stage.name(),
                source: Box::new(source),
            })?;
        self.stages.insert(stage.name(), result);
        Ok(())
    }

    /// The result of type `T` of an optional stage, if one was run.
    pub fn stage<T: std::any::Any>(&self) -> Option<&T> {
        self.stages.get()
    }

    /// Members of bloc `bloc` (numbered from 1), in member-code order.
    ///
    /// # Complexity
    ///
    /// O(N).
    pub fn bloc_members(&self, bloc: u32) -> Vec<usize> {
        (0..self.blocs.len())
            .filter(|&i| self.blocs[i] == bloc)
            .collect()
    }

    /// Mean stability of the members of `bloc`; `None` when no member has one (methods without
    /// consensus runs).
    ///
    /// # Complexity
    ///
    /// O(N).
    pub fn mean_stability(&self, bloc: u32) -> Option<f64> {
        let values: Vec<f64> = self
            .bloc_members(bloc)
            .into_iter()
            .map(|i| self.stability[i])
            .filter(|s| s.is_finite())
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    }

    /// The resolution scan of this analysis ([`ResolutionScan`]): its consensus (runs, seed,
    /// restarts, the objective it used) at resolutions around its γ, to run with
    /// [`Analysis::run_stage`]; its result is then `analysis.stage::<ScanResult>()`. For the
    /// Leiden method only (the linfa methods have no resolution): `None` otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::{run, AnalysisParams};
    /// use votebloc::cluster::scan::ScanResult;
    /// use votebloc::synthetic::{planted, PlantedParams};
    /// let p = planted(&PlantedParams::default().n_members(90).n_motions(120).n_blocs(3).loyalty(0.95)).unwrap();
    /// let mut analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
    /// let scan = analysis.resolution_scan().unwrap();
    /// analysis.run_stage(&scan).unwrap();
    /// let result = analysis.stage::<ScanResult>().unwrap();
    /// // At the analysis's own γ the scan finds the analysis's blocs.
    /// let own = &result.steps[result.analysed];
    /// assert_eq!(own.sizes, analysis.bloc_sizes);
    /// assert_eq!(result.plateaus[result.chosen.unwrap()].blocs, 3);
    /// ```
    pub fn resolution_scan(&self) -> Option<ResolutionScan> {
        if self.params.method != Method::Leiden {
            return None;
        }
        let csr = CsrGraph::from_petgraph(&self.graph).ok()?;
        Some(ResolutionScan {
            consensus: self
                .params
                .consensus_params(objective_for(&self.params, &csr)),
            scale: SimilarityScale::of(self.similarity.index()),
        })
    }

    /// Cohesion summary of `bloc` (mean Rice and Agreement Index over the motions).
    pub fn bloc_cohesion(&self, bloc: u32) -> Option<&crate::cohesion::BlocSummary> {
        self.cohesion.blocs.iter().find(|c| c.bloc == bloc)
    }

    /// True when the analysis has the dense `n × n` similarity table (at most
    /// [`AnalysisParams::dense_max`] members); false when it was computed one row at a time,
    /// and the outputs that need every pair at once (similarity.csv, the heatmap, the MDS map,
    /// the network layout) are left out.
    pub fn is_dense(&self) -> bool {
        self.similarity.is_dense()
    }

    /// Why the outputs that need every pair at once are left out, for notes and warnings;
    /// `None` when the dense table was built.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::{run, AnalysisParams};
    /// use votebloc::synthetic::{planted, PlantedParams};
    /// let p = planted(&PlantedParams::default().n_members(60).n_motions(80).n_blocs(3)).unwrap();
    /// let params = AnalysisParams { dense_max: 50, ..AnalysisParams::default() };
    /// let analysis = run(p.dataset, &params).unwrap();
    /// assert!(!analysis.is_dense());
    /// assert!(analysis.dense_note().unwrap().starts_with("60 members are above the dense limit"));
    /// ```
    pub fn dense_note(&self) -> Option<String> {
        (!self.is_dense()).then(|| {
            format!(
                "{} members are above the dense limit (--dense-max {}): no n × n similarity \
                 table was built, so what needs every pair at once is left out",
                self.similarity.n(),
                self.params.dense_max
            )
        })
    }
}

impl Objective {
    /// The objective of `choice` at `resolution`; [`ObjectiveChoice::Auto`] is modularity
    /// here (see [`Objective::auto`] for the choice on a graph): both modularities take the
    /// same resolutions.
    fn from_choice(choice: ObjectiveChoice, resolution: f64) -> Objective {
        match choice {
            ObjectiveChoice::Auto | ObjectiveChoice::Modularity => {
                Objective::Modularity { resolution }
            }
            ObjectiveChoice::Cpm => Objective::Cpm { resolution },
            ObjectiveChoice::Signed => Objective::SignedModularity { resolution },
        }
    }
}

fn objective_for(params: &AnalysisParams, graph: &CsrGraph) -> Objective {
    match params.objective {
        ObjectiveChoice::Auto => Objective::auto(graph, params.resolution),
        choice => Objective::from_choice(choice, params.resolution),
    }
}

/// ARI between `membership` and the members' groups, over members with a group.
fn group_agreement(data: &Dataset, membership: &[u32]) -> Option<f64> {
    let mut groups: Vec<&str> = data
        .members
        .iter()
        .filter_map(|m| m.group.as_deref())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    if groups.len() < 2 {
        return None;
    }
    let (blocs, labels): (Vec<u32>, Vec<u32>) = data
        .members
        .iter()
        .zip(membership)
        .filter_map(|(m, &b)| {
            let group = m.group.as_deref()?;
            let label = groups.binary_search(&group).ok()? as u32;
            Some((b, label))
        })
        .unzip();
    quality::adjusted_rand_index(&blocs, &labels).ok()
}

/// Runs the whole analysis on `data`.
///
/// Guarantee: the same dataset and parameters give the same result, bit for bit, whatever the order
/// of the input rows and the number of threads.
///
/// # Complexity
///
/// O(N² · M / 64) for the similarity (N members, M motions), then R Leiden runs on the graph (R =
/// `consensus_runs`) and O(R · N²) for the co-assignment counts; memory O(N²). Above
/// `dense_max` members: two passes over the pairs of O(N² · M / 64) each (the nearest
/// neighbours with the mean similarity, then the silhouette with the swing bridges), R Leiden
/// runs, O(R · N log N) for the consensus; memory O(N · k + N · M / 64) for k neighbours.
///
/// # Errors
///
/// Invalid parameters (usage errors: [`AnalysisError::is_usage`]), fewer than 2 members or no
/// motion, a method or graph that needs the dense table above `dense_max` members
/// ([`AnalysisError::NeedsDenseTable`]), an estimate above the memory budget
/// ([`AnalysisError::Memory`], before any large allocation), and the errors of each stage.
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::synthetic::{planted, PlantedParams};
/// let p = planted(&PlantedParams::default().n_members(60).n_motions(80).n_blocs(3).loyalty(0.8)).unwrap();
/// let result = run(p.dataset, &AnalysisParams::default()).unwrap();
/// assert_eq!(result.bloc_sizes.len(), 3);
/// ```
pub fn run<P>(data: Dataset, params: &P) -> Result<Analysis, AnalysisError>
where
    P: ParamGuard<Checked = AnalysisValidParams, Error = AnalysisError>,
{
    let params = params.check_ref()?;
    let casts = data.cast_counts();
    let min_votes = params.resolved_min_votes(data.motions.len());
    // Members with a record other than `not_member` on some motion were members of the body.
    let mut member_of_body = vec![false; data.members.len()];
    let mut absent = 0usize;
    for v in &data.votes {
        if v.vote != crate::model::Vote::NotMember {
            member_of_body[v.member as usize] = true;
        }
        if v.vote == crate::model::Vote::Absent {
            absent += 1;
        }
    }
    let with_record = member_of_body.iter().filter(|&&m| m).count();
    let member_votes = data
        .votes
        .iter()
        .filter(|v| v.vote != crate::model::Vote::NotMember)
        .count();
    let absences_recorded = absent > 0 || member_votes >= with_record * data.motions.len();
    let keep: Vec<bool> = casts.iter().map(|&c| c >= min_votes).collect();
    let mut left_out = Vec::new();
    let mut left_out_casts = Vec::new();
    let mut not_members = Vec::new();
    for (i, m) in data.members.iter().enumerate() {
        if keep[i] {
            continue;
        }
        if member_of_body[i] {
            left_out.push(m.clone());
            left_out_casts.push(casts[i]);
        } else {
            not_members.push(m.clone());
        }
    }
    let all_motions = vec![true; data.motions.len()];
    // Members that were not members of the body are never analysed, even when nobody else
    // is left out.
    let data = if left_out.is_empty() && not_members.is_empty() {
        data
    } else {
        data.subset(&all_motions, &keep)
    };
    if data.members.len() < 2 {
        return Err(AnalysisError::TooFewMembers {
            found: data.members.len(),
        });
    }
    if data.motions.is_empty() {
        return Err(AnalysisError::NoMotions);
    }
    check_dense_needs(params, data.members.len())?;
    if let Some(budget) = params.memory_budget {
        let mut work = params.workload(
            data.members.len(),
            data.motions.len(),
            data.votes.len(),
            budget.outputs,
        );
        work.ideal_points = budget.ideal_points;
        memory::check(&work, budget.bytes)?;
    }
    let mut analysis = analyse(&data, params)?;
    analysis.dataset = data;
    analysis.min_votes = min_votes;
    analysis.left_out = left_out;
    analysis.left_out_casts = left_out_casts;
    analysis.not_members = not_members;
    analysis.absences_recorded = absences_recorded;
    Ok(analysis)
}

/// Refuses, before any work, what needs every pair at once when `members` are above the
/// dense limit: the linfa methods and the graphs other than the k nearest neighbours.
fn check_dense_needs(params: &AnalysisParams, members: usize) -> Result<(), AnalysisError> {
    if members <= params.dense_max {
        return Ok(());
    }
    let refuse = |what: String, alternative| AnalysisError::NeedsDenseTable {
        what,
        n_members: members,
        dense_max: params.dense_max,
        alternative,
    };
    if params.method.is_embedding() {
        return Err(refuse(
            format!("--method {}", params.method.name()),
            "use --method leiden (the default), which works on the nearest-neighbour graph, \
             or raise --dense-max if the memory allows",
        ));
    }
    if !matches!(params.graph.construction, Construction::KNearest(_)) {
        return Err(refuse(
            format!("the {} graph", params.graph.construction),
            "use --graph knn (the default), built one row at a time, or raise --dense-max if \
             the memory allows",
        ));
    }
    Ok(())
}

/// The analysis of `data`, every field of [`Analysis`] but `dataset` and the members left
/// out (left empty for [`run`] to fill).
fn analyse(data: &Dataset, params: &AnalysisValidParams) -> Result<Analysis, AnalysisError> {
    let matrix = VoteMatrix::from_dataset(data)?;
    // Checked with the analysis parameters.
    let similarity_params = SimilarityValidParams::assume_checked(&params.similarity);
    let similarity = if data.members.len() <= params.dense_max {
        similarity::compute(&matrix, similarity_params)?
    } else {
        similarity::on_demand(&matrix, similarity_params)?
    };
    // A k-nearest graph asks for more neighbours than a small assembly has: every other
    // member is then a neighbour. The effective k is kept in the parameters reported.
    let mut effective = AnalysisParams::clone(params);
    if let Construction::KNearest(k) = effective.graph.construction
        && k >= data.members.len()
    {
        effective.graph =
            GraphParams::new().with_construction(Construction::KNearest(data.members.len() - 1));
    }
    // The graph's parameters are not part of the analysis parameters' check (they need the
    // similarity table: `graph::build` checks them).
    let params = AnalysisValidParams::assume_checked(&effective);
    let graph = graph::build(&similarity, &params.graph)?;
    let csr = CsrGraph::from_petgraph(&graph)?;

    let scale = SimilarityScale::of(similarity.index());
    let found = find_blocs(params, &csr, &similarity, scale)?;
    let (membership, stability) = (found.membership, found.stability);
    let blocs: Vec<u32> = membership.iter().map(|&b| b + 1).collect();
    let mut bloc_sizes = vec![0usize; membership.iter().max().map_or(0, |&m| m as usize + 1)];
    for &b in &membership {
        bloc_sizes[b as usize] += 1;
    }

    let (silhouette, bridges, separation) =
        silhouette_and_bridges(&similarity, scale, &membership, &blocs);
    let quality = QualityScores {
        objective: found.objective,
        objective_value: found.objective_value,
        modularity: modularity_of(&csr, &membership),
        silhouette,
        group_ari: group_agreement(data, &membership),
        separation,
    };

    // Independent of each other: on two threads.
    let (swing, cohesion) = rayon::join(
        || {
            // Checked with the analysis parameters.
            let swing_params = SwingValidParams::assume_checked(&params.swing);
            swing::analyze_with_bridges(data, &blocs, bridges, Some(&stability), swing_params)
        },
        || cohesion(data, &blocs),
    );
    let (swing, cohesion) = (swing?, cohesion?);

    Ok(Analysis {
        dataset: Dataset::default(),
        min_votes: 1,
        left_out: Vec::new(),
        left_out_casts: Vec::new(),
        not_members: Vec::new(),
        absences_recorded: true,
        matrix,
        similarity,
        graph,
        blocs,
        stability,
        bloc_sizes,
        quality,
        swing,
        cohesion,
        params: params.clone(),
        stages: StageResults::default(),
    })
}

/// The groups one method found (indices from 0), with their stability and the objective.
struct Found {
    membership: Vec<u32>,
    stability: Vec<f64>,
    objective: String,
    objective_value: Option<f64>,
}

/// Runs the bloc-detection method of `params`: Leiden with consensus on the graph, or a
/// linfa method on the similarity table.
fn find_blocs(
    params: &AnalysisValidParams,
    csr: &CsrGraph,
    similarity: &Similarity,
    scale: SimilarityScale,
) -> Result<Found, AnalysisError> {
    match params.method {
        Method::Leiden => {
            let objective = objective_for(params, csr);
            objective.check_graph(csr)?;
            // Checked with the analysis parameters: `Objective::auto` picks one of the two
            // modularities, which take the same resolutions.
            let consensus_params = params.consensus_params(objective);
            let result = consensus(csr, ConsensusValidParams::assume_checked(&consensus_params))?;
            Ok(Found {
                membership: result.partition.membership,
                stability: result.stability,
                objective: objective.name().to_string(),
                objective_value: Some(result.partition.quality),
            })
        }
        Method::KMeans | Method::Gmm | Method::Hierarchical => {
            // Checked with the analysis parameters (the scale is not part of the check).
            let cluster_params = params.cluster_params(scale);
            // `check_dense_needs` refused these methods without the dense table.
            let values = similarity
                .values()
                .ok_or_else(|| AnalysisError::NeedsDenseTable {
                    what: format!("--method {}", params.method.name()),
                    n_members: similarity.n(),
                    dense_max: params.dense_max,
                    alternative: "use --method leiden",
                })?;
            let clustering = embedding::cluster(
                values.view(),
                ClusterValidParams::assume_checked(&cluster_params),
            )?;
            // The linfa methods make one partition: no runs to measure stability with.
            let stability = vec![f64::NAN; clustering.membership.len()];
            Ok(Found {
                membership: clustering.membership,
                stability,
                objective: params.method.name().to_string(),
                objective_value: None,
            })
        }
    }
}

/// Newman–Girvan modularity (γ = 1) of `membership` on the graph, signed on a signed graph.
fn modularity_of(csr: &CsrGraph, membership: &[u32]) -> Option<f64> {
    if csr.has_negative_weights() {
        quality::signed_modularity(csr, membership, 1.0).ok()
    } else {
        quality::modularity(csr, membership, 1.0).ok()
    }
}

/// The mean silhouette of `membership` on the distances of the similarity (undefined pairs at
/// the mean distance; `None` with one group or one member per group), the swing bridges of
/// `blocs` (`membership` numbered from 1) and the separation of each pair of blocs (empty when
/// there is no silhouette), from one pass over the similarity's rows: each row is read (or
/// computed, without the dense table) once, on several threads, and gives all three.
/// The values are those of `quality::silhouette_with` and `swing::bridges`, bit for bit.
fn silhouette_and_bridges(
    similarity: &Similarity,
    scale: SimilarityScale,
    membership: &[u32],
    blocs: &[u32],
) -> (Option<f64>, Vec<swing::Bridge>, Vec<PairSeparation>) {
    let n = membership.len();
    let clusters = quality::SilhouetteRows::new(n, membership).ok();
    let mean_distance = match clusters {
        Some(_) => similarity
            .pair_mean()
            .map_or(0.5, |mean| scale.distance(mean)),
        None => 0.5,
    };
    let bloc_count = blocs.iter().max().map_or(0, |&b| b as usize);
    let cluster_count = clusters.as_ref().map_or(0, |c| c.cluster_count());
    let scored: Vec<(f64, swing::Bridge, Option<separation::MemberSums>)> = (0..n)
        .into_par_iter()
        .map_init(
            || {
                let scratch = (vec![f64::NAN; n], vec![0.0; n]);
                (
                    scratch,
                    vec![0.0; cluster_count],
                    vec![(0.0, 0); bloc_count + 1],
                )
            },
            |((row, distances), silhouette_sums, bridge_sums), member| {
                similarity.row(member, row);
                let bridge = swing::bridge_from_row(member, blocs, row, bridge_sums);
                let Some(clusters) = clusters.as_ref() else {
                    return (f64::NAN, bridge, None);
                };
                for (distance, &value) in distances.iter_mut().zip(row.iter()) {
                    *distance = if value.is_nan() {
                        mean_distance
                    } else {
                        scale.distance(value)
                    };
                }
                let score = clusters.score_row(member, distances, silhouette_sums);
                let sums = separation::member_sums(member, blocs, row, distances, bloc_count);
                (score, bridge, Some(sums))
            },
        )
        .collect();
    let mut scores = Vec::with_capacity(n);
    let mut bridges = Vec::with_capacity(n);
    let mut sums = Vec::with_capacity(n);
    for (score, bridge, member_sums) in scored {
        scores.push(score);
        bridges.push(bridge);
        sums.extend(member_sums);
    }
    let silhouette = clusters.map(|_| scores.iter().sum::<f64>() / n as f64);
    (silhouette, bridges, separation::pairs(&sums))
}
