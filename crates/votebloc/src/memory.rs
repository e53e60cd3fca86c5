//! The memory an analysis needs, estimated up front from its sizes, and checked against a
//! budget the caller gives (the library reads no process-wide state: the command line measures
//! the memory available and passes it in).
//!
//! The estimate follows what the stages hold ([`Estimate::of`] lists the parts): what stays for
//! the whole run (vote matrix, similarity tables in the dense form, graph), plus the largest of
//! the transient needs of the phases (nearest neighbours, consensus, scores, outputs). It is an
//! upper bound in the usual case, not a measurement: the constants are the sizes of the data
//! structures, and the worst cases where they depend on the data (the consensus graph of a
//! dense analysis, the pattern graph of a large one) are counted at their bound. `BENCHMARKS.md`
//! (section "Memory") compares it with the peak resident memory measured.

use crate::cluster::consensus::MAX_PATTERN_EDGES;
use std::fmt;

/// Bytes in a GiB, for the messages.
const GIB: f64 = (1u64 << 30) as f64;

/// What an analysis will compute, in the sizes the estimate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    /// Members analysed (n).
    pub members: usize,
    /// Motions (M).
    pub motions: usize,
    /// Vote records of the dataset (V).
    pub votes: usize,
    /// Neighbours per member of a k-nearest graph; `None` for the constructions that keep
    /// every pair (full, threshold, centred, signed), which need the dense form.
    pub neighbours: Option<usize>,
    /// Seeded Leiden runs of the consensus (0 for the linfa methods).
    pub consensus_runs: u32,
    /// Whether the `n × n` similarity table is built (members ≤ the dense limit).
    pub dense: bool,
    /// Whether the output files (CSV, JSON, graph files, plots, report) are written.
    pub outputs: bool,
    /// Threads working at once (each holds a row of n values in the row-wise passes).
    pub threads: usize,
    /// The ideal-point stage run after the analysis, with this many bootstrap replicates
    /// (`None`: not run).
    pub ideal_points: Option<usize>,
}

/// An estimate of the peak memory of an analysis, in named parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// Parts held for the whole run, in bytes.
    pub held: Vec<(&'static str, u64)>,
    /// The phase whose transient need is largest, and its parts, in bytes.
    pub peak_phase: (&'static str, Vec<(&'static str, u64)>),
}

/// Why an analysis was refused before it started.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MemoryError {
    #[error(
        "the analysis of {members} members × {motions} motions needs about {needed} of memory \
         ({parts}) but {available} is available: {hint}",
        needed = gib(*needed),
        available = gib(*available)
    )]
    TooLarge {
        members: usize,
        motions: usize,
        /// Bytes the estimate needs.
        needed: u64,
        /// Bytes the budget allows.
        available: u64,
        /// The largest parts of the estimate, for the message.
        parts: Parts,
        /// What would make the run fit: the option to change and the estimate then.
        hint: String,
    },
}

/// The largest parts of an estimate, printed as "name 1.2 GiB, …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts(pub Vec<(&'static str, u64)>);

impl fmt::Display for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, (name, bytes)) in self.0.iter().enumerate() {
            if position > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name} {}", gib(*bytes))?;
        }
        Ok(())
    }
}

/// `bytes` in GiB with two decimals (three below 0.1 GiB).
fn gib(bytes: u64) -> String {
    let value = bytes as f64 / GIB;
    if value < 0.1 {
        format!("{value:.3} GiB")
    } else {
        format!("{value:.2} GiB")
    }
}

fn square(n: usize) -> u64 {
    (n as u64).saturating_mul(n as u64)
}

impl Estimate {
    /// The estimate for `work`.
    ///
    /// Held: the vote matrix (a byte per cell, three bit planes), a copy of the votes (the
    /// analysed subset), the similarity tables (12 bytes per pair, dense form only), the graph
    /// (petgraph and compressed rows: about 48 bytes per edge, at most n·k edges for the k
    /// nearest, n²/2 for the others), and the results (about 200 bytes per member). Phases,
    /// of which the largest counts: the nearest neighbours (a row per thread, the n·k chosen
    /// and the edge list); the consensus (the runs' memberships, a Leiden workspace per thread,
    /// and either the dense co-assignment counts with the graph of shares at its bound of
    /// n²/2 edges, or the pattern graph at its bound, [`MAX_PATTERN_EDGES`]); the scores (a row
    /// and the bloc sums per thread); the outputs (the summary, and in the dense form the MDS
    /// map's two n × n tables); the ideal points when they are estimated (the model's cells and
    /// the EM's two values per vote, and each bootstrap refit on its thread its own votes and
    /// values).
    ///
    /// # Complexity
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::memory::{Estimate, Workload};
    /// let work = Workload {
    ///     members: 100_000, motions: 50, votes: 5_000_000, neighbours: Some(30),
    ///     consensus_runs: 20, dense: true, outputs: true, threads: 2, ideal_points: None,
    /// };
    /// // The dense table alone: 12 bytes for each of the 10¹⁰ pairs.
    /// assert!(Estimate::of(&work).total() > 120_000_000_000);
    /// let rows = Estimate::of(&Workload { dense: false, ..work });
    /// assert!(rows.total() < 2_000_000_000);
    /// ```
    pub fn of(work: &Workload) -> Estimate {
        let sizes = Sizes::of(work);
        let sum = |parts: &[(&'static str, u64)]| {
            parts
                .iter()
                .fold(0u64, |total, (_, bytes)| total.saturating_add(*bytes))
        };
        let peak_phase = sizes
            .phases(work)
            .into_iter()
            .max_by_key(|(_, parts)| sum(parts))
            .unwrap_or(("none", Vec::new()));
        Estimate {
            held: sizes.held(work),
            peak_phase,
        }
    }

    /// Bytes in all: the held parts and the largest phase.
    pub fn total(&self) -> u64 {
        self.held
            .iter()
            .chain(&self.peak_phase.1)
            .fold(0u64, |total, (_, bytes)| total.saturating_add(*bytes))
    }

    /// The three largest parts, largest first (held and of the peak phase).
    fn largest_parts(&self) -> Parts {
        let mut parts: Vec<(&'static str, u64)> = self
            .held
            .iter()
            .chain(&self.peak_phase.1)
            .copied()
            .collect();
        parts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        parts.truncate(3);
        Parts(parts)
    }
}

/// Checks that `work` fits in `budget` bytes.
///
/// Returns the estimate when it fits. Otherwise the error gives the estimate, its largest
/// parts, the budget, and what would make the run fit, tried in this order: without the dense
/// table (`--dense-max` below the number of members), with fewer neighbours (`--knn`), with
/// fewer members (a filter: `--min-votes`, `--from`/`--to`, `--session`).
///
/// # Errors
///
/// [`MemoryError::TooLarge`] when the estimate is above `budget`.
///
/// # Complexity
///
/// O(log n) estimates (a bisection for the number of members that fits).
///
/// # Examples
///
/// ```
/// use votebloc::memory::{check, Workload};
/// let work = Workload {
///     members: 200_000, motions: 3, votes: 600_000, neighbours: Some(30),
///     consensus_runs: 20, dense: true, outputs: true, threads: 2, ideal_points: Some(0),
/// };
/// let error = check(&work, 16 << 30).unwrap_err().to_string();
/// assert!(error.contains("--dense-max"), "{error}");
/// assert!(check(&Workload { dense: false, ..work }, 16 << 30).is_ok());
/// ```
pub fn check(work: &Workload, budget: u64) -> Result<Estimate, MemoryError> {
    let estimate = Estimate::of(work);
    let needed = estimate.total();
    if needed <= budget {
        return Ok(estimate);
    }
    let fits = |work: &Workload| Estimate::of(work).total() <= budget;
    let with_gib = |work: &Workload| gib(Estimate::of(work).total());
    let rows = Workload {
        dense: false,
        ..*work
    };
    let hint = if work.dense && work.neighbours.is_some() && fits(&rows) {
        format!(
            "lower --dense-max below {} so that no n × n table is built (about {} then)",
            work.members,
            with_gib(&rows)
        )
    } else if let Some(k) = work.neighbours
        && let Some(fewer) = (1..k).rev().find(|&fewer| {
            fits(&Workload {
                neighbours: Some(fewer),
                ..rows
            })
        })
    {
        let smaller = Workload {
            neighbours: Some(fewer),
            ..rows
        };
        let dense = if work.dense {
            " and --dense-max below it"
        } else {
            ""
        };
        format!(
            "use --knn {fewer} or fewer{dense} (about {} then)",
            with_gib(&smaller)
        )
    } else {
        let base = if work.neighbours.is_some() {
            rows
        } else {
            *work
        };
        let scaled = |members: usize| Workload {
            members,
            votes: (work.votes as u128 * members as u128 / work.members.max(1) as u128) as usize,
            ..base
        };
        let (mut low, mut high) = (0usize, work.members);
        while low < high {
            let middle = low + (high - low).div_ceil(2);
            if fits(&scaled(middle)) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        format!(
            "leave fewer members in the analysis, at most about {low} (--min-votes, --from/--to, \
             --session), or run it on a machine with more memory"
        )
    };
    Err(MemoryError::TooLarge {
        members: work.members,
        motions: work.motions,
        needed,
        available: budget,
        parts: estimate.largest_parts(),
        hint,
    })
}

/// The sizes an estimate is made of.
struct Sizes {
    /// Members.
    n: u64,
    /// Ordered pairs of members, n².
    pairs: u64,
    /// Threads, at least one.
    threads: u64,
    /// 64-bit words of a member's row of votes.
    words: u64,
    /// Edges of the graph: n·k with k neighbours, n²/2 (every pair once) otherwise.
    edges: u64,
    /// Consensus runs.
    runs: u64,
}

/// Named parts of an estimate, in bytes.
type Named = Vec<(&'static str, u64)>;

impl Sizes {
    /// The sizes of `work` as `u64`, the arithmetic of the estimate.
    fn of(work: &Workload) -> Sizes {
        let n = work.members as u64;
        let pairs = square(work.members);
        Sizes {
            n,
            pairs,
            threads: work.threads.max(1) as u64,
            words: work.motions.div_ceil(64) as u64,
            edges: match work.neighbours {
                Some(k) => n.saturating_mul(k as u64),
                None => pairs / 2,
            },
            runs: u64::from(work.consensus_runs),
        }
    }

    /// What stays in memory through the analysis.
    fn held(&self, work: &Workload) -> Named {
        let (n, words, edges) = (self.n, self.words, self.edges);
        let mut held = vec![
            (
                "vote matrix",
                n.saturating_mul(work.motions as u64 + 24 * words + 64),
            ),
            ("votes", 24 * work.votes as u64),
            ("graph", edges.saturating_mul(48).saturating_add(72 * n)),
            ("results", 200 * n),
        ];
        if work.dense {
            held.push(("similarity table", self.pairs.saturating_mul(12)));
        }
        held
    }

    /// The phases, each with what it holds while it runs (one at a time).
    fn phases(&self, work: &Workload) -> Vec<(&'static str, Named)> {
        let (n, threads, edges) = (self.n, self.threads, self.edges);
        let mut phases: Vec<(&'static str, Named)> = Vec::new();
        if let Some(k) = work.neighbours {
            phases.push((
                "nearest neighbours",
                vec![
                    ("rows", threads * (8 * n + 32 * k as u64)),
                    ("chosen", n.saturating_mul(12 * k as u64)),
                    ("edge list", edges.saturating_mul(24)),
                ],
            ));
        }
        if self.runs > 0 {
            phases.push(("consensus", self.consensus(work)));
        }
        phases.push((
            "scores",
            vec![("rows", threads * 8 * n + threads * 16 * n.min(1 << 16))],
        ));
        if let Some(replicates) = work.ideal_points {
            let votes = work.votes as u64;
            let mut parts = vec![("ideal-point model", votes.saturating_mul(48))];
            if replicates > 0 {
                let refits = threads.min(replicates as u64);
                parts.push((
                    "bootstrap refits",
                    refits.saturating_mul(votes.saturating_mul(24)),
                ));
            }
            phases.push(("ideal points", parts));
        }
        if work.outputs {
            let mut parts = vec![("summary", 300 * n)];
            if work.dense {
                parts.push(("map", self.pairs.saturating_mul(24)));
                parts.push(("plots", edges.saturating_mul(120)));
            }
            phases.push(("outputs", parts));
        }
        phases
    }

    /// The consensus phase: the runs, a Leiden work space per thread, and the co-assignment
    /// (dense) or pattern graph (rows).
    fn consensus(&self, work: &Workload) -> Named {
        let (n, runs) = (self.n, self.runs);
        let mut parts = vec![
            ("runs", runs.saturating_mul(12 * n)),
            (
                "Leiden",
                self.threads
                    .saturating_mul(self.edges.saturating_mul(24).saturating_add(96 * n)),
            ),
        ];
        if runs > 1 {
            if work.dense {
                parts.push(("co-assignment", self.pairs.saturating_mul(2)));
                parts.push(("graph of shares", self.pairs.saturating_mul(24)));
            } else {
                parts.push(("pattern graph", MAX_PATTERN_EDGES * 56));
            }
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(members: usize) -> Workload {
        Workload {
            members,
            motions: 50,
            votes: members * 50,
            neighbours: Some(30),
            consensus_runs: 20,
            dense: true,
            outputs: true,
            threads: 2,
            ideal_points: None,
        }
    }

    #[test]
    fn the_ideal_points_are_a_phase_of_their_own() {
        // Few members, many votes: the ideal points' model is the largest phase.
        let work = Workload {
            members: 200,
            votes: 1_000_000,
            motions: 5_000,
            ..work(200)
        };
        let without = Estimate::of(&work);
        let with = Estimate::of(&Workload {
            ideal_points: Some(0),
            ..work
        });
        assert_eq!(with.peak_phase.0, "ideal points");
        assert_eq!(with.held, without.held);
        let bootstrap = Estimate::of(&Workload {
            ideal_points: Some(50),
            ..work
        });
        assert_eq!(
            bootstrap.total() - with.total(),
            2 * 24 * 1_000_000,
            "a refit per thread"
        );
    }

    #[test]
    fn the_dense_table_grows_with_the_square_of_the_members() {
        let small = Estimate::of(&work(1_000)).total();
        let large = Estimate::of(&work(10_000)).total();
        // 100 times the pairs: the n² parts dominate at 10,000 members.
        assert!(large > 60 * small, "{small} → {large}");
        let rows = Estimate::of(&Workload {
            dense: false,
            ..work(10_000)
        });
        assert!(rows.total() * 10 < large, "{} vs {large}", rows.total());
        assert!(
            !rows
                .held
                .iter()
                .any(|(name, _)| *name == "similarity table")
        );
    }

    #[test]
    fn the_hint_names_the_option_that_makes_the_run_fit() {
        // Dense: without the table it fits.
        let error = check(&work(100_000), 8 << 30).unwrap_err();
        let MemoryError::TooLarge { hint, needed, .. } = &error;
        assert!(hint.starts_with("lower --dense-max below 100000"), "{hint}");
        assert!(*needed > 100 << 30);
        assert!(error.to_string().contains("similarity table"), "{error}");
        // Without the table but too little memory for 30 neighbours: fewer neighbours.
        let rows = Workload {
            dense: false,
            ..work(1_000_000)
        };
        let needed = Estimate::of(&rows).total();
        let MemoryError::TooLarge { hint, .. } = check(&rows, needed * 3 / 4).unwrap_err();
        assert!(hint.starts_with("use --knn "), "{hint}");
        let k: usize = hint["use --knn ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..30).contains(&k), "{hint}");
        let fewer = Workload {
            neighbours: Some(k),
            ..rows
        };
        assert!(Estimate::of(&fewer).total() <= needed * 3 / 4);
        // Not even one neighbour: fewer members.
        let MemoryError::TooLarge { hint, .. } = check(&rows, 1 << 20).unwrap_err();
        assert!(hint.starts_with("leave fewer members"), "{hint}");
    }

    #[test]
    fn a_run_that_fits_passes_with_its_estimate() {
        let estimate = check(&work(200), 1 << 30).unwrap();
        assert!(estimate.total() < 1 << 30);
        assert_eq!(estimate.total(), Estimate::of(&work(200)).total());
    }

    /// Checks every part of the estimate of `work`, to the byte: the held parts and the peak
    /// phase with its parts.
    #[track_caller]
    fn assert_parts(work: Workload, held: &[(&str, u64)], phase: &str, parts: &[(&str, u64)]) {
        let estimate = Estimate::of(&work);
        assert_eq!(estimate.held, held, "{work:?}");
        assert_eq!(estimate.peak_phase.0, phase, "{work:?}");
        assert_eq!(estimate.peak_phase.1, parts, "{work:?}");
    }

    /// The held parts of `work(1_000)`.
    const DENSE_HELD: [(&str, u64); 5] = [
        ("vote matrix", 138_000),
        ("votes", 1_200_000),
        ("graph", 1_512_000),
        ("results", 200_000),
        ("similarity table", 12_000_000),
    ];

    #[test]
    fn the_outputs_peak_with_the_dense_map() {
        let parts = [
            ("summary", 300_000),
            ("map", 24_000_000),
            ("plots", 3_600_000),
        ];
        assert_parts(work(1_000), &DENSE_HELD, "outputs", &parts);
    }

    #[test]
    fn the_dense_consensus_counts_the_co_assignment_and_the_graph_of_shares() {
        let parts = [
            ("runs", 240_000),
            ("Leiden", 1_632_000),
            ("co-assignment", 2_000_000),
            ("graph of shares", 24_000_000),
        ];
        let work = Workload {
            outputs: false,
            ..work(1_000)
        };
        assert_parts(work, &DENSE_HELD, "consensus", &parts);
    }

    #[test]
    fn the_consensus_by_rows_counts_the_pattern_graph_at_its_bound() {
        let held = [
            ("vote matrix", 138_000_000),
            ("votes", 1_200_000_000),
            ("graph", 1_512_000_000),
            ("results", 200_000_000),
        ];
        let parts = [
            ("runs", 240_000_000),
            ("Leiden", 1_632_000_000),
            ("pattern graph", MAX_PATTERN_EDGES * 56),
        ];
        let work = Workload {
            dense: false,
            ..work(1_000_000)
        };
        assert_parts(work, &held, "consensus", &parts);
    }

    #[test]
    fn the_scores_are_the_peak_when_no_other_phase_runs() {
        let held = [
            ("vote matrix", 414_000),
            ("votes", 3_600_000),
            ("graph", 216_216_000),
            ("results", 600_000),
            ("similarity table", 108_000_000),
        ];
        let work = Workload {
            neighbours: None,
            consensus_runs: 0,
            outputs: false,
            ..work(3_000)
        };
        assert_parts(work, &held, "scores", &[("rows", 144_000)]);
    }

    #[test]
    fn the_nearest_neighbours_peak_without_consensus_or_outputs() {
        let held = [
            ("vote matrix", 69_000_000),
            ("votes", 600_000_000),
            ("graph", 756_000_000),
            ("results", 100_000_000),
        ];
        let parts = [
            ("rows", 8_001_920),
            ("chosen", 180_000_000),
            ("edge list", 360_000_000),
        ];
        let work = Workload {
            consensus_runs: 0,
            outputs: false,
            dense: false,
            ..work(500_000)
        };
        assert_parts(work, &held, "nearest neighbours", &parts);
    }

    #[test]
    fn the_ideal_points_count_the_model_and_a_refit_per_thread() {
        let held = [
            ("vote matrix", 1_392_000),
            ("votes", 24_000_000),
            ("graph", 302_400),
            ("results", 40_000),
            ("similarity table", 480_000),
        ];
        let parts = [
            ("ideal-point model", 48_000_000),
            ("bootstrap refits", 48_000_000),
        ];
        let work = Workload {
            votes: 1_000_000,
            motions: 5_000,
            ideal_points: Some(50),
            ..work(200)
        };
        assert_parts(work, &held, "ideal points", &parts);
    }
}
