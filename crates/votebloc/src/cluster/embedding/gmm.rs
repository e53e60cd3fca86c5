//! Gaussian mixture on the embedding, through `linfa-clustering`.

use super::{ClusterParams, EmbeddingError};
use linfa::DatasetBase;
use linfa::traits::Fit;
use linfa_clustering::GaussianMixtureModel;
use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Added to the diagonal of every covariance: members that vote identically coincide in the
/// embedding, and a collapsed component would otherwise have a singular covariance.
const REGULARISATION: f64 = 1e-6;
/// Change of the mean log-likelihood below which EM has converged.
const TOLERANCE: f64 = 1e-4;

/// Gaussian mixture with full covariances fitted by EM (k-means start, `params.runs`
/// restarts, best likelihood kept) on the rows of `embedding`; each member goes to its most
/// probable component (ties to the lower index). Returns one raw component index per row.
///
/// Errors (wrapped with linfa's message): EM not converging within `params.max_iterations`,
/// an empty component, a singular covariance, undefined responsibilities.
///
/// Deterministic for a given `params.seed`.
///
/// Reference: A. P. Dempster, N. M. Laird & D. B. Rubin (1977), "Maximum likelihood from
/// incomplete data via the EM algorithm", *J. R. Stat. Soc. B* 39(1): 1–38.
///
/// # Complexity
///
/// O(runs · iterations · n · k · dims²).
pub(crate) fn gmm(
    embedding: &Array2<f64>,
    k: usize,
    params: &ClusterParams,
) -> Result<Vec<usize>, EmbeddingError> {
    let failed = |message: String| EmbeddingError::Gmm { k, message };
    let dataset = DatasetBase::from(embedding.clone());
    let model =
        GaussianMixtureModel::params_with_rng(k, Xoshiro256PlusPlus::seed_from_u64(params.seed))
            .n_runs(params.runs as u64)
            .max_n_iterations(params.max_iterations)
            .tolerance(TOLERANCE)
            .reg_covariance(REGULARISATION)
            .fit(&dataset)
            .map_err(|error| failed(error.to_string()))?;
    // linfa's own `predict` unwraps an argmax that fails on NaN; decide here instead.
    let probabilities = model.predict_proba(embedding);
    let mut labels = Vec::with_capacity(embedding.nrows());
    for (member, row) in probabilities.rows().into_iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        for (component, &probability) in row.iter().enumerate() {
            if !probability.is_finite() {
                return Err(failed(format!(
                    "undefined membership probability for member {member}"
                )));
            }
            if best.is_none_or(|(_, highest)| probability > highest) {
                best = Some((component, probability));
            }
        }
        labels.push(best.map_or(0, |(component, _)| component));
    }
    Ok(labels)
}
