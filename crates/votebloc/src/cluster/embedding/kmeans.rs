//! k-means on the embedding, through `linfa-clustering`.

use super::{ClusterParams, EmbeddingError};
use linfa::DatasetBase;
use linfa::traits::{Fit, PredictInplace};
use linfa_clustering::KMeans;
use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Centroid movement below which a k-means run has converged. The embedding lives in [0, 1]
/// distance units, so this is far below any difference between blocs.
const TOLERANCE: f64 = 1e-6;

/// k-means (Lloyd's iterations from k-means++ starts, `params.runs` restarts, lowest inertia
/// kept) on the rows of `embedding`; returns one raw cluster index in 0..k per row. linfa's
/// update counts each previous centroid as one extra point (its "m_k-means" variant), which
/// keeps clusters from emptying; on separated blocs the result is Lloyd's.
///
/// Deterministic for a given `params.seed`.
///
/// References: S. P. Lloyd (1982), "Least squares quantization in PCM", *IEEE Trans. Inf.
/// Theory* 28(2): 129–137; D. Arthur & S. Vassilvitskii (2007), "k-means++: the advantages of
/// careful seeding", *SODA*.
///
/// # Complexity
///
/// O(runs · iterations · n · k · dims).
pub(crate) fn kmeans(
    embedding: &Array2<f64>,
    k: usize,
    params: &ClusterParams,
) -> Result<Vec<usize>, EmbeddingError> {
    let failed = |message: String| EmbeddingError::KMeans { k, message };
    let dataset = DatasetBase::from(embedding.clone());
    let model = KMeans::params_with_rng(k, Xoshiro256PlusPlus::seed_from_u64(params.seed))
        .n_runs(params.runs)
        .max_n_iterations(params.max_iterations)
        .tolerance(TOLERANCE)
        .fit(&dataset)
        .map_err(|error| failed(error.to_string()))?;
    if model.centroids().iter().any(|value| !value.is_finite()) {
        return Err(failed("a centroid is not finite".to_string()));
    }
    let mut labels = Array1::<usize>::zeros(embedding.nrows());
    model.predict_inplace(embedding, &mut labels);
    Ok(labels.to_vec())
}
