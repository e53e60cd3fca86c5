//! linfa-based clustering on an embedding of the similarity: classical MDS embedding, then
//! k-means or Gaussian mixture on it, or hierarchical clustering on the distances; k from the
//! silhouette unless given (the silhouette of [`crate::cluster::quality`]).
//!
//! Entry points: [`cluster`] (similarity matrix → [`Clustering`]) and [`mds`] (similarity
//! matrix → coordinates, for the 2-D map of members).

mod clustering;
mod distance;
mod error;
mod gmm;
mod hierarchical;
mod kmeans;
mod mds;
mod params;
mod select_k;

pub use super::Method;

pub use clustering::{Clustering, KScore, cluster};
pub use distance::distances;
pub use error::EmbeddingError;
pub use hierarchical::{Dendrogram, Merge, dendrogram};
pub use mds::{classical_mds, mds};
pub use params::{
    ClusterParams, ClusterValidParams, EmbeddingParams, EmbeddingValidParams, Linkage,
    SimilarityScale,
};
