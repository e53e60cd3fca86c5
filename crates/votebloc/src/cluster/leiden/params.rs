//! Parameters of the Leiden algorithm and its errors.

use crate::cluster::csr::CsrGraph;
use crate::params::valid_params;

use crate::DEFAULT_SEED;
/// Default randomness θ of the refinement phase (the value of Traag et al. 2019).
pub const DEFAULT_THETA: f64 = 0.01;

/// Why the Leiden algorithm could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LeidenError {
    #[error("invalid Leiden parameter {name} = {value}: expected {expected}")]
    InvalidParameter {
        /// Name of the parameter (as in [`LeidenParams`]).
        name: &'static str,
        /// The value given, as text.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    #[error(
        "edge {source_node}–{target_node} has negative weight {weight}: modularity needs non-negative weights; use signed modularity (Gómez, Jensen & Arenas 2009) for a signed graph"
    )]
    NegativeWeight {
        source_node: usize,
        target_node: usize,
        weight: f64,
    },
    #[error("the membership has {found} entries but the graph has {expected} nodes")]
    MembershipLength { expected: usize, found: usize },
}

impl LeidenError {
    /// True for a bad parameter value (a usage error on the command line), false for a graph
    /// the objective cannot handle.
    pub fn is_invalid_parameter(&self) -> bool {
        matches!(self, LeidenError::InvalidParameter { .. })
    }
}

/// The quality function that Leiden maximises.
///
/// All three compare the weight inside communities with what a null model expects; the
/// resolution γ trades the two: a larger γ gives more, smaller communities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// Newman–Girvan modularity with a resolution (Reichardt & Bornholdt 2006):
    /// `Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j / (2m)] δ(c_i, c_j)`. Needs non-negative weights.
    Modularity { resolution: f64 },
    /// Constant Potts model (Traag, Van Dooren & Nesterov 2011, Phys. Rev. E 84:016114):
    /// `H = Σ_c [e_c − γ n_c (n_c − 1) / 2]`, with `e_c` the weight inside community `c` and
    /// `n_c` its number of nodes. γ is a density: communities have inner density above γ and
    /// links between them below γ. Accepts negative weights. (leidenalg reports twice this.)
    Cpm { resolution: f64 },
    /// Signed modularity (Gómez, Jensen & Arenas 2009, Phys. Rev. E 80:016114):
    /// `Q = 1/(2w⁺ + 2w⁻) Σ_ij [w_ij − γ (s⁺_i s⁺_j / (2w⁺) − s⁻_i s⁻_j / (2w⁻))] δ(c_i, c_j)`,
    /// a null-model term for each sign (dropped when there is no weight of that sign).
    SignedModularity { resolution: f64 },
}

impl Default for Objective {
    /// Modularity at resolution 1.
    fn default() -> Self {
        Objective::Modularity { resolution: 1.0 }
    }
}

impl Objective {
    /// Signed modularity when `graph` has a negative weight, plain modularity otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::csr::CsrGraph;
    /// use votebloc::cluster::leiden::Objective;
    /// let signed = CsrGraph::from_edges(2, &[(0, 1, -0.5)]).unwrap();
    /// assert_eq!(Objective::auto(&signed, 1.0), Objective::SignedModularity { resolution: 1.0 });
    /// ```
    pub fn auto(graph: &CsrGraph, resolution: f64) -> Self {
        if graph.has_negative_weights() {
            Objective::SignedModularity { resolution }
        } else {
            Objective::Modularity { resolution }
        }
    }

    /// The resolution γ.
    pub fn resolution(&self) -> f64 {
        match *self {
            Objective::Modularity { resolution }
            | Objective::Cpm { resolution }
            | Objective::SignedModularity { resolution } => resolution,
        }
    }

    /// Short name, as used on the command line: `modularity`, `cpm`, `signed-modularity`.
    pub fn name(&self) -> &'static str {
        match self {
            Objective::Modularity { .. } => "modularity",
            Objective::Cpm { .. } => "cpm",
            Objective::SignedModularity { .. } => "signed-modularity",
        }
    }

    /// Checks the resolution: finite, > 0 for the modularities, ≥ 0 for CPM.
    pub fn validate(&self) -> Result<(), LeidenError> {
        let resolution = self.resolution();
        let (valid, expected) = match self {
            Objective::Cpm { .. } => (
                resolution.is_finite() && resolution >= 0.0,
                "a finite resolution ≥ 0 for CPM",
            ),
            _ => (
                resolution.is_finite() && resolution > 0.0,
                "a finite resolution > 0 for modularity",
            ),
        };
        if valid {
            Ok(())
        } else {
            Err(LeidenError::InvalidParameter {
                name: "resolution",
                value: resolution.to_string(),
                expected,
            })
        }
    }

    /// Checks that the objective can be used on `graph`: modularity refuses negative weights.
    pub fn check_graph(&self, graph: &CsrGraph) -> Result<(), LeidenError> {
        if let Objective::Modularity { .. } = self
            && let Some((source_node, target_node, weight)) = graph.first_negative_edge()
        {
            return Err(LeidenError::NegativeWeight {
                source_node,
                target_node,
                weight,
            });
        }
        Ok(())
    }
}

/// Parameters of [`leiden`](super::leiden). Build with `LeidenParams::default()` and the
/// setters.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::leiden::{LeidenParams, Objective};
/// let params = LeidenParams::default()
///     .objective(Objective::Cpm { resolution: 0.5 })
///     .seed(7)
///     .n_restarts(10);
/// assert!(params.validate().is_ok());
/// assert!(LeidenParams::default().n_restarts(0).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LeidenParams {
    /// What to maximise. Default: modularity at resolution 1.
    pub objective: Objective,
    /// Seed of the Xoshiro256++ generator. Default: [`DEFAULT_SEED`] (42).
    pub seed: u64,
    /// Number of independent runs (seeds derived from `seed`); the partition of highest
    /// quality is kept, ties going to the earliest run. Default: 1.
    pub n_restarts: u32,
    /// Randomness θ of the refinement: a node joins a sub-community with probability
    /// ∝ exp(ΔH/θ), ΔH in units of edge weight. Smaller is greedier. Default: 0.01.
    pub theta: f64,
    /// Number of iterations (full Leiden passes, each starting from the previous partition).
    /// `None` (default) runs until a pass no longer improves the quality, like `n_iterations
    /// = -1` in leidenalg.
    pub max_iterations: Option<u32>,
}

valid_params! {
    /// [`LeidenParams`] checked ([`ParamGuard`](crate::ParamGuard)): what [`leiden`](super::leiden) runs with.
    pub struct LeidenValidParams(LeidenParams) checked by LeidenError;
}

impl Default for LeidenParams {
    fn default() -> Self {
        Self {
            objective: Objective::default(),
            seed: DEFAULT_SEED,
            n_restarts: 1,
            theta: DEFAULT_THETA,
            max_iterations: None,
        }
    }
}

impl LeidenParams {
    /// Sets the objective.
    pub fn objective(mut self, objective: Objective) -> Self {
        self.objective = objective;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the number of restarts.
    pub fn n_restarts(mut self, n_restarts: u32) -> Self {
        self.n_restarts = n_restarts;
        self
    }

    /// Sets the randomness θ of the refinement.
    pub fn theta(mut self, theta: f64) -> Self {
        self.theta = theta;
        self
    }

    /// Limits the number of iterations (`None`: until stable).
    pub fn max_iterations(mut self, max_iterations: Option<u32>) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Checks every parameter; the error names the parameter, its value and what is allowed.
    pub fn validate(&self) -> Result<(), LeidenError> {
        self.objective.validate()?;
        if self.n_restarts == 0 {
            return Err(LeidenError::InvalidParameter {
                name: "n_restarts",
                value: "0".into(),
                expected: "at least 1 run",
            });
        }
        if !(self.theta.is_finite() && self.theta > 0.0) {
            return Err(LeidenError::InvalidParameter {
                name: "theta",
                value: self.theta.to_string(),
                expected: "a finite randomness > 0",
            });
        }
        if self.max_iterations == Some(0) {
            return Err(LeidenError::InvalidParameter {
                name: "max_iterations",
                value: "0".into(),
                expected: "at least 1 iteration (or none for: until stable)",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let params = LeidenParams::default();
        assert_eq!(params.objective, Objective::Modularity { resolution: 1.0 });
        assert_eq!(params.seed, 42);
        assert_eq!(params.n_restarts, 1);
        assert_eq!(params.theta, 0.01);
        assert_eq!(params.max_iterations, None);
        assert!(params.validate().is_ok());
    }

    #[test]
    fn validate_rejects_bad_values_with_their_name() {
        let zero = LeidenParams::default().objective(Objective::Modularity { resolution: 0.0 });
        let message = zero.validate().unwrap_err().to_string();
        assert!(message.contains("resolution = 0"), "{message}");
        assert!(
            LeidenParams::default()
                .objective(Objective::SignedModularity { resolution: -1.0 })
                .validate()
                .is_err()
        );
        assert!(
            LeidenParams::default()
                .objective(Objective::Cpm { resolution: 0.0 })
                .validate()
                .is_ok()
        );
        assert!(
            LeidenParams::default()
                .objective(Objective::Cpm { resolution: -0.1 })
                .validate()
                .is_err()
        );
        assert!(
            LeidenParams::default()
                .objective(Objective::Cpm {
                    resolution: f64::INFINITY
                })
                .validate()
                .is_err()
        );
        let theta = LeidenParams::default()
            .theta(f64::NAN)
            .validate()
            .unwrap_err();
        assert!(theta.to_string().contains("theta = NaN"));
        let restarts = LeidenParams::default()
            .n_restarts(0)
            .validate()
            .unwrap_err();
        assert!(restarts.to_string().contains("n_restarts"));
        assert!(
            LeidenParams::default()
                .max_iterations(Some(0))
                .validate()
                .is_err()
        );
    }

    #[test]
    fn auto_and_graph_check() {
        let positive = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 2.0)]).unwrap();
        let signed = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, -2.0)]).unwrap();
        assert_eq!(
            Objective::auto(&positive, 1.5),
            Objective::Modularity { resolution: 1.5 }
        );
        assert_eq!(
            Objective::auto(&signed, 1.0),
            Objective::SignedModularity { resolution: 1.0 }
        );
        let error = Objective::Modularity { resolution: 1.0 }
            .check_graph(&signed)
            .unwrap_err();
        assert_eq!(
            error,
            LeidenError::NegativeWeight {
                source_node: 1,
                target_node: 2,
                weight: -2.0
            }
        );
        assert!(error.to_string().contains("signed modularity"));
        assert!(!error.is_invalid_parameter());
        assert!(
            Objective::Cpm { resolution: 0.1 }
                .check_graph(&signed)
                .is_ok()
        );
    }
}
