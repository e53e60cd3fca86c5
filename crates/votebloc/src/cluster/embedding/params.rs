//! Parameters of the embedding and of the clustering on it, with their defaults.

use super::{EmbeddingError, Method};
use crate::DEFAULT_SEED;
use crate::params::valid_params;

/// Range of the similarity index, which fixes how a similarity becomes a distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SimilarityScale {
    /// Similarities in [0, 1] (`agreement`, `identical`): distance = 1 − s.
    #[default]
    Unit,
    /// Similarities in [−1, 1] (`kappa`, `s-score`, `cosine`): distance = (1 − s) / 2.
    Signed,
}

impl SimilarityScale {
    /// The closed range `(low, high)` the similarities of this scale lie in.
    pub fn range(self) -> (f64, f64) {
        match self {
            SimilarityScale::Unit => (0.0, 1.0),
            SimilarityScale::Signed => (-1.0, 1.0),
        }
    }

    /// The distance in [0, 1] of a similarity on this scale (identical members: 0; opposite
    /// members: 1). Values a rounding error outside the range are clamped.
    pub fn distance(self, similarity: f64) -> f64 {
        let distance = match self {
            SimilarityScale::Unit => 1.0 - similarity,
            SimilarityScale::Signed => (1.0 - similarity) / 2.0,
        };
        distance.clamp(0.0, 1.0)
    }

    /// The scale of a similarity index, from its range: `agreement` and `identical` are
    /// [`SimilarityScale::Unit`], `kappa`, `s-score` and `cosine` [`SimilarityScale::Signed`].
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::embedding::SimilarityScale;
    /// use votebloc::similarity::Index;
    ///
    /// assert_eq!(SimilarityScale::of(Index::Agreement), SimilarityScale::Unit);
    /// assert_eq!(SimilarityScale::of(Index::Kappa), SimilarityScale::Signed);
    /// ```
    pub fn of(index: crate::similarity::Index) -> SimilarityScale {
        if index.range().0 < 0.0 {
            SimilarityScale::Signed
        } else {
            SimilarityScale::Unit
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            SimilarityScale::Unit => "[0, 1]",
            SimilarityScale::Signed => "[-1, 1]",
        }
    }
}

/// How hierarchical clustering measures the distance between two clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Linkage {
    /// Mean distance over all pairs across the two clusters (UPGMA).
    #[default]
    Average,
    /// Largest distance across the two clusters.
    Complete,
    /// Smallest distance across the two clusters.
    Single,
}

/// Parameters of the classical MDS embedding.
///
/// Defaults: `dims` 2 (a map), `scale` [`SimilarityScale::Unit`], `seed` [`DEFAULT_SEED`](crate::DEFAULT_SEED).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::embedding::{EmbeddingError, EmbeddingParams, SimilarityScale};
///
/// let params = EmbeddingParams::default().dims(3).scale(SimilarityScale::Signed).seed(1);
/// assert_eq!(params.validate(), Ok(()));
/// assert_eq!(params.dims(0).validate(), Err(EmbeddingError::ZeroDims));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddingParams {
    /// Number of coordinates per member (≥ 1, < members).
    pub dims: usize,
    /// Range of the similarity index given.
    pub scale: SimilarityScale,
    /// Seed of the starting block of the iterative eigensolver.
    pub seed: u64,
}

valid_params! {
    /// [`EmbeddingParams`] checked ([`ParamGuard`](crate::ParamGuard)): what
    /// [`mds`](super::mds) and [`classical_mds`](super::classical_mds) run with.
    pub struct EmbeddingValidParams(EmbeddingParams) checked by EmbeddingError;
}

impl Default for EmbeddingParams {
    fn default() -> Self {
        EmbeddingParams {
            dims: 2,
            scale: SimilarityScale::Unit,
            seed: DEFAULT_SEED,
        }
    }
}

impl EmbeddingParams {
    /// Sets the number of coordinates per member.
    pub fn dims(mut self, dims: usize) -> Self {
        self.dims = dims;
        self
    }

    /// Sets the range of the similarity index.
    pub fn scale(mut self, scale: SimilarityScale) -> Self {
        self.scale = scale;
        self
    }

    /// Sets the seed of the eigensolver.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks what can be checked without the data: `dims ≥ 1`.
    pub fn validate(&self) -> Result<(), EmbeddingError> {
        if self.dims == 0 {
            return Err(EmbeddingError::ZeroDims);
        }
        Ok(())
    }
}

/// Parameters of [`cluster`](super::cluster).
///
/// Defaults: `method` k-means; `k` none (chosen by silhouette among 2..=`k_max`); `k_max` 8;
/// `embedding` 3 dimensions on the [0, 1] scale (two axes rarely separate more than three blocs,
/// and the first two columns are the 2-D map anyway); `linkage` average; `runs` 10;
/// `max_iterations` 300; `seed` [`DEFAULT_SEED`](crate::DEFAULT_SEED).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::embedding::{ClusterParams, EmbeddingError, Method};
///
/// let params = ClusterParams::default().method(Method::Gmm).k(Some(4)).seed(7);
/// assert_eq!(params.validate(), Ok(()));
/// assert_eq!(
///     params.k(Some(1)).validate(),
///     Err(EmbeddingError::KTooSmall { k: 1 })
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterParams {
    /// The clustering algorithm.
    pub method: Method,
    /// Number of clusters; `None` picks the best silhouette among 2..=`k_max`.
    pub k: Option<usize>,
    /// Largest k tried when `k` is `None` (capped at members − 1).
    pub k_max: usize,
    /// The embedding k-means and the Gaussian mixture run on (hierarchical clustering uses the
    /// distances directly; the embedding is still returned).
    pub embedding: EmbeddingParams,
    /// Linkage of hierarchical clustering.
    pub linkage: Linkage,
    /// Restarts of k-means (best inertia kept) and of the Gaussian mixture's EM (best likelihood).
    pub runs: usize,
    /// Iteration cap of one k-means or EM run.
    pub max_iterations: u64,
    /// Seed of k-means and of the Gaussian mixture.
    pub seed: u64,
}

valid_params! {
    /// [`ClusterParams`] checked ([`ParamGuard`](crate::ParamGuard)): what
    /// [`cluster`](super::cluster) runs with.
    pub struct ClusterValidParams(ClusterParams) checked by EmbeddingError;
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            method: Method::KMeans,
            k: None,
            k_max: 8,
            embedding: EmbeddingParams::default().dims(3),
            linkage: Linkage::Average,
            runs: 10,
            max_iterations: 300,
            seed: DEFAULT_SEED,
        }
    }
}

impl ClusterParams {
    /// Sets the clustering algorithm.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the number of clusters (`None`: chosen by silhouette).
    pub fn k(mut self, k: Option<usize>) -> Self {
        self.k = k;
        self
    }

    /// Sets the largest k tried by the silhouette search.
    pub fn k_max(mut self, k_max: usize) -> Self {
        self.k_max = k_max;
        self
    }

    /// Sets the embedding parameters (dimensions, scale, eigensolver seed).
    pub fn embedding(mut self, embedding: EmbeddingParams) -> Self {
        self.embedding = embedding;
        self
    }

    /// Sets the number of embedding dimensions.
    pub fn dims(mut self, dims: usize) -> Self {
        self.embedding.dims = dims;
        self
    }

    /// Sets the range of the similarity index.
    pub fn scale(mut self, scale: SimilarityScale) -> Self {
        self.embedding.scale = scale;
        self
    }

    /// Sets the linkage of hierarchical clustering.
    pub fn linkage(mut self, linkage: Linkage) -> Self {
        self.linkage = linkage;
        self
    }

    /// Sets the number of k-means / EM restarts.
    pub fn runs(mut self, runs: usize) -> Self {
        self.runs = runs;
        self
    }

    /// Sets the iteration cap of one k-means or EM run.
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Sets the seed of the clustering and of the embedding's eigensolver.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self.embedding.seed = seed;
        self
    }

    /// Checks what can be checked without the data: `k ≥ 2` when given, `k_max ≥ 2`,
    /// `dims ≥ 1`, `runs ≥ 1`, `max_iterations ≥ 1`. `k < members` is checked by
    /// [`cluster`](super::cluster).
    pub fn validate(&self) -> Result<(), EmbeddingError> {
        if !self.method.is_embedding() {
            return Err(EmbeddingError::NotAnEmbeddingMethod {
                method: self.method,
            });
        }
        self.embedding.validate()?;
        if let Some(k) = self.k
            && k < 2
        {
            return Err(EmbeddingError::KTooSmall { k });
        }
        if self.k_max < 2 {
            return Err(EmbeddingError::KMaxTooSmall { k_max: self.k_max });
        }
        if self.runs == 0 {
            return Err(EmbeddingError::ZeroRuns);
        }
        if self.max_iterations == 0 {
            return Err(EmbeddingError::ZeroIterations);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_the_cli_names() {
        let names: Vec<String> = [Method::KMeans, Method::Gmm, Method::Hierarchical]
            .iter()
            .map(|method| serde_json::to_string(method).unwrap())
            .collect();
        assert_eq!(names, ["\"kmeans\"", "\"gmm\"", "\"hierarchical\""]);
    }

    #[test]
    fn defaults_validate_and_bad_values_are_named() {
        assert_eq!(ClusterParams::default().validate(), Ok(()));
        assert_eq!(EmbeddingParams::default().validate(), Ok(()));
        assert_eq!(ClusterParams::default().embedding.dims, 3);
        assert_eq!(
            ClusterParams::default().k(Some(0)).validate(),
            Err(EmbeddingError::KTooSmall { k: 0 })
        );
        assert_eq!(
            ClusterParams::default().k(Some(1)).validate(),
            Err(EmbeddingError::KTooSmall { k: 1 })
        );
        assert_eq!(ClusterParams::default().k(Some(2)).validate(), Ok(()));
        assert_eq!(
            ClusterParams::default().k_max(1).validate(),
            Err(EmbeddingError::KMaxTooSmall { k_max: 1 })
        );
        assert_eq!(
            ClusterParams::default().dims(0).validate(),
            Err(EmbeddingError::ZeroDims)
        );
        assert_eq!(
            ClusterParams::default().runs(0).validate(),
            Err(EmbeddingError::ZeroRuns)
        );
        assert_eq!(
            ClusterParams::default().max_iterations(0).validate(),
            Err(EmbeddingError::ZeroIterations)
        );
    }

    #[test]
    fn seed_reaches_the_embedding_and_scales_map_to_distances() {
        let params = ClusterParams::default().seed(7);
        assert_eq!((params.seed, params.embedding.seed), (7, 7));
        assert_eq!(SimilarityScale::Unit.distance(0.25), 0.75);
        assert_eq!(SimilarityScale::Signed.distance(-1.0), 1.0);
        assert_eq!(SimilarityScale::Signed.distance(0.5), 0.25);
        assert_eq!(SimilarityScale::Unit.distance(1.0 + 1e-12), 0.0);
    }
}
