//! The one list of bloc-detection methods: Leiden on the similarity graph, or a linfa method
//! on the similarity table (see [`embedding`](super::embedding)).

use crate::choice::choice;
use serde::Serialize;

choice! {
    /// How blocs are found.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
    pub enum Method {
        #[default]
        #[serde(rename = "leiden")]
        Leiden => "leiden", "Leiden on the similarity graph, consensus over seeded runs (default)";
        #[serde(rename = "kmeans")]
        KMeans => "kmeans", "k-means (linfa) on a classical MDS embedding of the similarity";
        #[serde(rename = "gmm")]
        Gmm => "gmm", "Gaussian mixture (linfa) on the same embedding";
        #[serde(rename = "hierarchical")]
        Hierarchical => "hierarchical", "Average-linkage hierarchical clustering of the distances";
    }
}

impl Method {
    /// Whether the method clusters the similarity table itself (the linfa methods of
    /// [`embedding::cluster`](super::embedding::cluster)) rather than the graph (Leiden).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::cluster::Method;
    /// assert!(!Method::Leiden.is_embedding());
    /// assert!(Method::Gmm.is_embedding());
    /// ```
    pub fn is_embedding(self) -> bool {
        self != Method::Leiden
    }
}
