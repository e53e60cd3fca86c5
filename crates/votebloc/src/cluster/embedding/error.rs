//! Errors of the embedding and of the clustering on it, each naming the position or the
//! parameter at fault.

/// Why an embedding or a clustering could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EmbeddingError {
    #[error("{method} is not a method of the embedding: expected kmeans, gmm or hierarchical")]
    NotAnEmbeddingMethod { method: crate::cluster::Method },
    #[error(
        "the similarity matrix is {rows} × {columns}; expected a square members × members matrix"
    )]
    NotSquare { rows: usize, columns: usize },
    #[error("{members} member(s): at least 3 members are needed to embed or cluster")]
    TooFewMembers { members: usize },
    #[error(
        "every pair of the {members} members is undefined (NaN): no similarity to embed or cluster \
         (lower --min-common?)"
    )]
    AllUndefined { members: usize },
    #[error(
        "similarity[{row}][{column}] = {value}: outside [{low}, {high}], the range of the {scale} \
         scale"
    )]
    SimilarityOutOfRange {
        row: usize,
        column: usize,
        value: f64,
        scale: &'static str,
        low: f64,
        high: f64,
    },
    #[error(
        "the similarity matrix is not symmetric: [{row}][{column}] = {value} but \
         [{column}][{row}] = {transposed}"
    )]
    Asymmetric {
        row: usize,
        column: usize,
        value: f64,
        transposed: f64,
    },
    #[error("distance[{row}][{column}] = {value}: expected a finite distance ≥ 0")]
    InvalidDistance {
        row: usize,
        column: usize,
        value: f64,
    },
    #[error("dims = 0: the embedding needs at least 1 dimension")]
    ZeroDims,
    #[error("dims = {dims} with {members} members: at most {} dimensions", .members.saturating_sub(1))]
    TooManyDims { dims: usize, members: usize },
    #[error("k = {k}: at least 2 clusters are needed")]
    KTooSmall { k: usize },
    #[error("k = {k} with {members} members: k must be smaller than the number of members")]
    KTooLarge { k: usize, members: usize },
    #[error("k_max = {k_max}: the search for k needs k_max ≥ 2")]
    KMaxTooSmall { k_max: usize },
    #[error("runs = 0: at least one run is needed")]
    ZeroRuns,
    #[error("max_iterations = 0: at least one iteration is needed")]
    ZeroIterations,
    #[error("classical MDS: the eigendecomposition failed: {message}")]
    Eigen { message: String },
    #[error("k-means with k = {k} failed: {message}")]
    KMeans { k: usize, message: String },
    #[error("Gaussian mixture with k = {k} failed: {message} (try a smaller k or --method kmeans)")]
    Gmm { k: usize, message: String },
}
