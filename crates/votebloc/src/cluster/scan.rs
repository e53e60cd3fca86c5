//! Choosing the number of blocs: a resolution scan. The consensus blocs are found again at
//! resolutions around the analysis's γ (from a quarter to four times it, four steps per
//! doubling); consecutive resolutions that give the same partition form a plateau, and the
//! partition that persists over the widest range of resolutions is the one the scan
//! recommends: blocs that appear only in a narrow window of γ are an artefact of that γ.
//!
//! References: A. Arenas, A. Fernández & S. Gómez (2008), "Analysis of the structure of
//! complex networks at different resolution levels", *New J. Phys.* 10:053039 (the most
//! persistent partition over the resolution, for modularity with a resolution, J. Reichardt &
//! S. Bornholdt 2006, *Phys. Rev. E* 74:016110); V. A. Traag, G. Krings & P. Van Dooren
//! (2013), "Significant scales in community structure", *Sci. Rep.* 3:2930 (plateaus of the
//! resolution profile). Where this departs: the partitions are the consensus of the
//! analysis's seeded Leiden runs at each γ rather than single optimisations, two partitions
//! are "the same" when their adjusted Rand index is at least [`SAME_PARTITION_ARI`] and they
//! have as many blocs (a member or two moving does not end a plateau), and the width of a
//! plateau is counted in steps of the geometric grid, i.e. in log γ.

use super::consensus::{ConsensusError, ConsensusParams, consensus};
use super::csr::{CsrError, CsrGraph};
use super::embedding::SimilarityScale;
use super::leiden::Objective;
use super::quality::{QualityError, adjusted_rand_index};
use super::separation;
use crate::stage::{Stage, StageInput};

/// Steps of the grid per doubling of γ.
pub const STEPS_PER_OCTAVE: i32 = 4;

/// Doublings of γ scanned on each side of the analysis's γ: from a quarter of it to four
/// times it.
pub const OCTAVES: i32 = 2;

/// The least adjusted Rand index of two consecutive partitions of one plateau.
pub const SAME_PARTITION_ARI: f64 = 0.9;

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("resolution scan: {0}")]
    Graph(#[from] CsrError),
    #[error("resolution scan at γ = {resolution}: {source}")]
    Consensus {
        resolution: f64,
        #[source]
        source: ConsensusError,
    },
    #[error("resolution scan: {0}")]
    Quality(#[from] QualityError),
}

/// The scan as an analysis stage: the consensus of the analysis (its runs, seed, restarts and
/// objective) at each resolution of the grid, on the analysis's graph.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionScan {
    /// The consensus parameters of the analysis, its objective at its own γ.
    pub consensus: ConsensusParams,
    /// The scale of the similarity index, for the silhouettes (distance = 1 − similarity or
    /// (1 − similarity) / 2).
    pub scale: SimilarityScale,
}

/// The blocs found at one resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanStep {
    /// γ.
    pub resolution: f64,
    /// The consensus blocs of each member (from 0, largest first).
    pub membership: Vec<u32>,
    /// Members per bloc, largest first.
    pub sizes: Vec<usize>,
    /// Mean stability of the members (share of runs placing each with its bloc).
    pub stability: f64,
    /// The smallest silhouette of a pair of blocs ([`separation::pairs`]): how distinct the
    /// two closest blocs are; `None` with one bloc, or without the dense similarity table.
    pub least_separation: Option<f64>,
    /// Adjusted Rand index with the partition of the next step (`None` for the last).
    pub next_ari: Option<f64>,
}

/// Consecutive steps with the same partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plateau {
    /// Its first and last steps (indices into [`ScanResult::steps`]).
    pub first: usize,
    pub last: usize,
    /// Its number of blocs.
    pub blocs: usize,
    /// Whether more than half of its blocs are single members: the end of the scale where
    /// every member becomes its own bloc, never recommended.
    pub fragmented: bool,
}

impl Plateau {
    /// Its width in steps of the grid.
    pub fn steps(&self) -> usize {
        self.last - self.first + 1
    }
}

/// What the scan found.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanResult {
    /// One step per resolution, increasing.
    pub steps: Vec<ScanStep>,
    /// The plateaus, in order of γ.
    pub plateaus: Vec<Plateau>,
    /// The recommended plateau (index into `plateaus`): the widest with at least two blocs
    /// that is not [`Plateau::fragmented`], ties going to fewer blocs; `None` when there is
    /// none (one bloc, or members alone, at every resolution).
    pub chosen: Option<usize>,
    /// The step at the analysis's own γ.
    pub analysed: usize,
}

impl ScanResult {
    /// The plateau holding step `step`.
    pub fn plateau_of(&self, step: usize) -> Option<&Plateau> {
        self.plateaus
            .iter()
            .find(|p| (p.first..=p.last).contains(&step))
    }

    /// One line on what the scan recommends and how the analysis's γ compares, for the
    /// terminal and the report.
    pub fn describe(&self) -> String {
        let first = self.steps.first().map_or(0.0, |s| s.resolution);
        let last = self.steps.last().map_or(0.0, |s| s.resolution);
        let head = format!(
            "resolution scan (γ {} to {}, {} steps)",
            short(first),
            short(last),
            self.steps.len()
        );
        let analysed = &self.steps[self.analysed];
        let at_gamma = match self.plateau_of(self.analysed) {
            Some(p) => format!(
                "γ = {} gives {} bloc{} (a plateau of {} step{})",
                short(analysed.resolution),
                p.blocs,
                if p.blocs == 1 { "" } else { "s" },
                p.steps(),
                if p.steps() == 1 { "" } else { "s" }
            ),
            None => String::new(),
        };
        match self.chosen.map(|c| &self.plateaus[c]) {
            Some(p) => format!(
                "{head}: the most persistent partition has {} blocs, over γ {} to {} ({} \
                 steps); {at_gamma}",
                p.blocs,
                short(self.steps[p.first].resolution),
                short(self.steps[p.last].resolution),
                p.steps()
            ),
            None => format!("{head}: no partition into blocs at any resolution; {at_gamma}"),
        }
    }
}

/// γ with at most three significant digits.
fn short(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

impl ResolutionScan {
    /// The resolutions scanned: the analysis's γ times 2^(k / [`STEPS_PER_OCTAVE`]) for k
    /// from −[`OCTAVES`]·[`STEPS_PER_OCTAVE`] to +, increasing.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::consensus::ConsensusParams;
    /// use votebloc::cluster::embedding::SimilarityScale;
    /// use votebloc::cluster::scan::ResolutionScan;
    /// let scan = ResolutionScan { consensus: ConsensusParams::default(), scale: SimilarityScale::Unit };
    /// let grid = scan.resolutions();
    /// assert_eq!(grid.len(), 17);
    /// assert_eq!((grid[0], grid[8], grid[16]), (0.25, 1.0, 4.0));
    /// ```
    pub fn resolutions(&self) -> Vec<f64> {
        let gamma = self.consensus.leiden.objective.resolution();
        (-OCTAVES * STEPS_PER_OCTAVE..=OCTAVES * STEPS_PER_OCTAVE)
            .map(|k| gamma * 2f64.powf(f64::from(k) / f64::from(STEPS_PER_OCTAVE)))
            .collect()
    }

    /// The consensus parameters at resolution `gamma`.
    fn at(&self, gamma: f64) -> ConsensusParams {
        let objective = match self.consensus.leiden.objective {
            Objective::Modularity { .. } => Objective::Modularity { resolution: gamma },
            Objective::Cpm { .. } => Objective::Cpm { resolution: gamma },
            Objective::SignedModularity { .. } => Objective::SignedModularity { resolution: gamma },
        };
        let leiden = self.consensus.leiden.clone().objective(objective);
        self.consensus.clone().leiden(leiden)
    }
}

impl Stage for ResolutionScan {
    type Output = ScanResult;
    type Error = ScanError;

    fn name(&self) -> &'static str {
        "resolution-scan"
    }

    /// Runs the consensus at every resolution of [`ResolutionScan::resolutions`] (one after
    /// the other, each on several threads), measures each partition, and finds the plateaus.
    ///
    /// # Errors
    ///
    /// The graph cannot be read, or a consensus fails (an objective that does not fit the
    /// graph, parameters out of range), naming the resolution.
    ///
    /// # Complexity
    ///
    /// 17 consensus runs of the analysis, and O(n²) per step for the silhouettes with the
    /// dense table.
    fn run(&self, input: &StageInput<'_>) -> Result<ScanResult, ScanError> {
        let graph = CsrGraph::from_petgraph(input.graph)?;
        let resolutions = self.resolutions();
        let mut steps = Vec::with_capacity(resolutions.len());
        for &gamma in &resolutions {
            let params = self.at(gamma);
            let found = consensus(&graph, &params).map_err(|source| ScanError::Consensus {
                resolution: gamma,
                source,
            })?;
            let membership = found.partition.membership;
            let blocs = membership.iter().max().map_or(0, |&m| m as usize + 1);
            let mut sizes = vec![0usize; blocs];
            for &m in &membership {
                sizes[m as usize] += 1;
            }
            let stability =
                found.stability.iter().sum::<f64>() / found.stability.len().max(1) as f64;
            let least_separation = least_separation(input, self.scale, &membership);
            steps.push(ScanStep {
                resolution: gamma,
                membership,
                sizes,
                stability,
                least_separation,
                next_ari: None,
            });
        }
        for i in 1..steps.len() {
            let ari = adjusted_rand_index(&steps[i - 1].membership, &steps[i].membership)?;
            steps[i - 1].next_ari = Some(ari);
        }
        let plateaus = plateaus(&steps);
        let chosen = choose(&plateaus);
        let analysed = (OCTAVES * STEPS_PER_OCTAVE) as usize;
        Ok(ScanResult {
            steps,
            plateaus,
            chosen,
            analysed,
        })
    }
}

/// The smallest pair silhouette of `membership` (see [`ScanStep::least_separation`]).
fn least_separation(
    input: &StageInput<'_>,
    scale: SimilarityScale,
    membership: &[u32],
) -> Option<f64> {
    let values = input.similarity.values()?;
    let blocs: Vec<u32> = membership.iter().map(|&m| m + 1).collect();
    let count = blocs.iter().max().map_or(0, |&b| b as usize);
    if count < 2 {
        return None;
    }
    let mean = input
        .similarity
        .pair_mean()
        .map_or(0.5, |mean| scale.distance(mean));
    let sums: Vec<separation::MemberSums> = (0..blocs.len())
        .map(|i| {
            let row = values.row(i).to_vec();
            let distance: Vec<f64> = row
                .iter()
                .map(|&s| if s.is_nan() { mean } else { scale.distance(s) })
                .collect();
            separation::member_sums(i, &blocs, &row, &distance, count)
        })
        .collect();
    separation::pairs(&sums)
        .iter()
        .map(|p| p.silhouette)
        .reduce(f64::min)
}

/// The runs of consecutive steps with as many blocs and an adjusted Rand index of at least
/// [`SAME_PARTITION_ARI`] from one to the next.
fn plateaus(steps: &[ScanStep]) -> Vec<Plateau> {
    let mut found: Vec<Plateau> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let continues = i > 0 && {
            let previous = &steps[i - 1];
            previous.sizes.len() == step.sizes.len()
                && previous
                    .next_ari
                    .is_some_and(|ari| ari >= SAME_PARTITION_ARI)
        };
        match found.last_mut() {
            Some(plateau) if continues => plateau.last = i,
            _ => found.push(Plateau {
                first: i,
                last: i,
                blocs: step.sizes.len(),
                fragmented: 2 * step.sizes.iter().filter(|&&s| s == 1).count() > step.sizes.len(),
            }),
        }
    }
    found
}

/// The widest plateau with at least two blocs, not fragmented, ties to fewer blocs, then to
/// the lower γ.
fn choose(plateaus: &[Plateau]) -> Option<usize> {
    plateaus
        .iter()
        .enumerate()
        .filter(|(_, p)| p.blocs >= 2 && !p.fragmented)
        .min_by_key(|(i, p)| (std::cmp::Reverse(p.steps()), p.blocs, *i))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(blocs: usize, next_ari: Option<f64>) -> ScanStep {
        ScanStep {
            resolution: 1.0,
            membership: Vec::new(),
            sizes: vec![10; blocs],
            stability: 1.0,
            least_separation: None,
            next_ari,
        }
    }

    #[test]
    fn plateaus_need_as_many_blocs_and_a_high_agreement() {
        let steps = [
            step(1, Some(1.0)),
            step(1, Some(0.5)),
            step(2, Some(0.95)),
            step(2, Some(0.92)),
            step(2, Some(0.7)),
            step(2, Some(0.99)),
            step(3, Some(1.0)),
            step(3, None),
        ];
        let found = plateaus(&steps);
        let spans: Vec<(usize, usize, usize)> =
            found.iter().map(|p| (p.first, p.last, p.blocs)).collect();
        assert_eq!(spans, [(0, 1, 1), (2, 4, 2), (5, 5, 2), (6, 7, 3)]);
        // The widest with two blocs or more: steps 2-4.
        assert_eq!(choose(&found), Some(1));
        assert_eq!(found[1].steps(), 3);
    }

    #[test]
    fn ties_go_to_fewer_blocs_and_one_bloc_everywhere_chooses_nothing() {
        let plateau = |first, last, blocs| Plateau {
            first,
            last,
            blocs,
            fragmented: false,
        };
        assert_eq!(choose(&[plateau(0, 1, 3), plateau(2, 3, 2)]), Some(1));
        assert_eq!(choose(&[plateau(0, 5, 1)]), None);
    }

    #[test]
    fn members_alone_are_never_recommended() {
        let mut steps = vec![step(2, Some(1.0)), step(2, Some(0.2))];
        for _ in 0..4 {
            let mut alone = step(0, Some(1.0));
            alone.sizes = vec![1; 40];
            steps.push(alone);
        }
        let mut mixed = step(0, None);
        mixed.sizes = vec![20, 15, 1, 1];
        steps.push(mixed);
        let found = plateaus(&steps);
        assert_eq!(found.len(), 3);
        assert!(found[1].fragmented && found[1].steps() == 4);
        assert!(
            !found[2].fragmented,
            "half of the blocs alone is not fragmented"
        );
        assert_eq!(choose(&found), Some(0));
    }

    #[test]
    fn resolutions_are_short_when_written() {
        assert_eq!(short(0.25), "0.25");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(2f64.powf(0.25)), "1.189");
    }
}
