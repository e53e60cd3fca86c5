//! The entry point: similarity → distances → embedding → clusters.

use super::distance::distances;
use super::gmm::gmm;
use super::hierarchical::dendrogram;
use super::kmeans::kmeans;
use super::mds::classical_mds;
use super::select_k::select_k;
use super::{ClusterValidParams, EmbeddingError, Method};
use crate::ParamGuard;
use crate::cluster::canonical_membership;
use crate::cluster::quality::silhouette;
use ndarray::{Array2, ArrayView2};

/// The silhouette of one tried k.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KScore {
    /// The k asked for.
    pub k: usize,
    /// Non-empty clusters obtained (0 when the method failed for this k).
    pub clusters: usize,
    /// Mean silhouette; `None` when the method failed or left a single cluster.
    pub silhouette: Option<f64>,
}

/// The clusters found by [`cluster`].
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Cluster of each member (row order of the similarity matrix), canonical: clusters
    /// numbered 0.. by decreasing size, ties by their smallest member index.
    pub membership: Vec<u32>,
    /// Number of non-empty clusters (can be below the k asked for when members coincide).
    pub k: usize,
    /// Mean silhouette of the membership on the distance matrix; 0 when there is one cluster.
    pub silhouette: f64,
    /// The MDS embedding (members × min(dims, members − 1)); its first two columns are the
    /// 2-D map of [`mds`](super::mds).
    pub embedding: Array2<f64>,
    /// The method used.
    pub method: Method,
    /// Silhouette of every k tried (one entry when k was given).
    pub scores: Vec<KScore>,
}

/// Clusters members from their similarity matrix: [`distances`](super::distances) (undefined
/// pairs filled with the mean distance), the classical MDS embedding, then k-means or a
/// Gaussian mixture on the embedding, or hierarchical clustering on the distances. With
/// `params.k` `None`, every k in 2..=min(k_max, members − 1) is tried and the one with the best
/// mean silhouette (on the distances) is kept, the smaller k on ties.
///
/// Takes a square symmetric similarity matrix on `params.embedding.scale` (NaN = undefined pair;
/// the diagonal is ignored). The embedding dimension is clamped to members − 1.
///
/// Deterministic: the same matrix and parameters (seed included) give the same membership and
/// embedding.
///
/// References: see [`classical_mds`](super::classical_mds), [`dendrogram`](super::dendrogram),
/// [`silhouette`](crate::cluster::quality::silhouette); k-means: Lloyd (1982), Arthur & Vassilvitskii (2007);
/// Gaussian mixture: Dempster, Laird & Rubin (1977).
///
/// # Errors
///
/// Invalid parameters, `k ≥ members`, fewer than 3 members, every pair undefined, a malformed
/// matrix, or the clustering failing (linfa's message wrapped; with k chosen automatically, only
/// when it fails for every k).
///
/// # Complexity
///
/// O(n²) for the distances and the silhouettes, the MDS (see [`mds`](super::mds)), then per k:
/// k-means O(runs · iterations · n · k · dims), Gaussian mixture
/// O(runs · iterations · n · k · dims²), hierarchical O(n²) once for all k.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use votebloc::cluster::embedding::{ClusterParams, Method, cluster};
///
/// // Two blocs of three members: 0.9 within, 0.2 between.
/// let similarity = Array2::from_shape_fn((6, 6), |(i, j)| if i / 3 == j / 3 { 0.9 } else { 0.2 });
/// let found = cluster(similarity.view(), &ClusterParams::default().method(Method::Hierarchical))
///     .unwrap();
/// assert_eq!(found.membership, vec![0, 0, 0, 1, 1, 1]);
/// assert_eq!(found.k, 2);
/// ```
pub fn cluster<P>(similarity: ArrayView2<f64>, params: &P) -> Result<Clustering, EmbeddingError>
where
    P: ParamGuard<Checked = ClusterValidParams, Error = EmbeddingError>,
{
    let params = params.check_ref()?;
    let distance = distances(similarity, params.embedding.scale)?;
    let members = distance.nrows();
    if let Some(k) = params.k
        && k >= members
    {
        return Err(EmbeddingError::KTooLarge { k, members });
    }
    let embedding_params = params
        .embedding
        .dims(params.embedding.dims.min(members - 1));
    let embedding = classical_mds(distance.view(), &embedding_params)?;
    let tree = match params.method {
        Method::Hierarchical => Some(dendrogram(distance.view(), params.linkage)?),
        // Leiden is refused by the parameters' check.
        Method::Leiden | Method::KMeans | Method::Gmm => None,
    };
    let partition = |k: usize| -> Result<Vec<usize>, EmbeddingError> {
        match (&tree, params.method) {
            (Some(tree), _) => Ok(tree.cut(k)),
            (None, Method::Gmm) => gmm(&embedding, k, params),
            (None, _) => kmeans(&embedding, k, params),
        }
    };
    let (membership, score, scores) = match params.k {
        Some(k) => {
            let membership = canonical_membership(&partition(k)?);
            let score = silhouette(distance.view(), &membership)
                .ok()
                .map(|widths| widths.mean);
            let clusters = cluster_count(&membership);
            (
                membership,
                score,
                vec![KScore {
                    k,
                    clusters,
                    silhouette: score,
                }],
            )
        }
        None => {
            let k_max = params.k_max.min(members - 1);
            let selected = select_k(distance.view(), k_max, partition)?;
            (selected.membership, selected.silhouette, selected.scores)
        }
    };
    Ok(Clustering {
        k: cluster_count(&membership),
        membership,
        silhouette: score.unwrap_or(0.0),
        embedding,
        method: params.method,
        scores,
    })
}

fn cluster_count(membership: &[u32]) -> usize {
    membership.iter().max().map_or(0, |&top| top as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::embedding::ClusterParams;
    use crate::cluster::embedding::SimilarityScale;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Small deterministic noise in [−amplitude, amplitude], the same for (i, j) and (j, i).
    fn noise(i: usize, j: usize, amplitude: f64) -> f64 {
        let (low, high) = (i.min(j) as f64, i.max(j) as f64);
        ((low * 12.9898 + high * 78.233).sin() * 43758.5453).fract() * amplitude
    }

    /// Members in interleaved groups (sizes 7, 5, 4 for three groups), similarity `within` /
    /// `between` plus noise, NaN diagonal.
    fn blocs(groups: &[usize], within: f64, between: f64, amplitude: f64) -> Array2<f64> {
        let n = groups.len();
        Array2::from_shape_fn((n, n), |(i, j)| {
            if i == j {
                f64::NAN
            } else if groups[i] == groups[j] {
                within + noise(i, j, amplitude)
            } else {
                between + noise(i, j, amplitude)
            }
        })
    }

    /// Groups of sizes 7 (label 0), 5 (label 1), 4 (label 2), members shuffled deterministically.
    fn three_groups() -> Vec<usize> {
        vec![1, 0, 2, 0, 1, 0, 2, 0, 1, 0, 2, 1, 0, 2, 1, 0]
    }

    const METHODS: [Method; 3] = [Method::KMeans, Method::Gmm, Method::Hierarchical];

    fn expected(groups: &[usize]) -> Vec<u32> {
        canonical_membership(groups)
    }

    #[test]
    fn three_blocs_recovered_with_k_given_and_chosen() {
        let groups = three_groups();
        // Sizes 7, 5, 4 → canonical labels equal the group numbers.
        assert_eq!(
            expected(&groups),
            groups.iter().map(|&g| g as u32).collect::<Vec<_>>()
        );
        let similarity = blocs(&groups, 0.9, 0.2, 0.03);
        for method in METHODS {
            for k in [Some(3), None] {
                let params = ClusterParams::default().method(method).k(k);
                let found = cluster(similarity.view(), &params).unwrap();
                assert_eq!(found.membership, expected(&groups), "{method:?}, k = {k:?}");
                assert_eq!(found.k, 3, "{method:?}, k = {k:?}");
                assert!(found.silhouette > 0.8, "{method:?}: {}", found.silhouette);
                assert_eq!(found.embedding.dim(), (16, 3));
                assert_eq!(found.method, method);
            }
            let chosen =
                cluster(similarity.view(), &ClusterParams::default().method(method)).unwrap();
            let tried: Vec<usize> = chosen.scores.iter().map(|score| score.k).collect();
            assert_eq!(tried, (2..=8).collect::<Vec<_>>());
            let best = chosen
                .scores
                .iter()
                .filter_map(|score| score.silhouette.map(|value| (score.k, value)))
                .fold((0, f64::NEG_INFINITY), |best, candidate| {
                    if candidate.1 > best.1 {
                        candidate
                    } else {
                        best
                    }
                });
            assert_eq!(best.0, 3, "{method:?}: {:?}", chosen.scores);
            assert_eq!(best.1, chosen.silhouette);
        }
    }

    #[test]
    fn signed_indices_and_undefined_pairs() {
        let groups = three_groups();
        let mut similarity = blocs(&groups, 0.7, -0.5, 0.05);
        // About a fifth of the pairs undefined, within and between blocs alike.
        let n = groups.len();
        for i in 0..n {
            for j in (i + 1)..n {
                if (i * 7 + j * 3) % 5 == 0 {
                    similarity[[i, j]] = f64::NAN;
                    similarity[[j, i]] = f64::NAN;
                }
            }
        }
        for method in METHODS {
            for k in [Some(3), None] {
                let params = ClusterParams::default()
                    .method(method)
                    .k(k)
                    .scale(SimilarityScale::Signed);
                let found = cluster(similarity.view(), &params).unwrap();
                assert_eq!(found.membership, expected(&groups), "{method:?}, k = {k:?}");
            }
        }
        // On the [0, 1] scale these values are out of range: an error, not a wrong answer.
        assert!(matches!(
            cluster(similarity.view(), &ClusterParams::default()),
            Err(EmbeddingError::SimilarityOutOfRange { .. })
        ));
    }

    #[test]
    fn larger_assembly_four_blocs_through_the_iterative_eigensolver() {
        // 150 members in blocs of 60, 40, 30, 20.
        let groups: Vec<usize> = (0..150)
            .map(|i| match (i * 37) % 150 {
                0..60 => 0,
                60..100 => 1,
                100..130 => 2,
                _ => 3,
            })
            .collect();
        let similarity = blocs(&groups, 0.85, 0.35, 0.05);
        for method in METHODS {
            let found =
                cluster(similarity.view(), &ClusterParams::default().method(method)).unwrap();
            assert_eq!(found.membership, expected(&groups), "{method:?}");
            assert_eq!(found.k, 4);
        }
    }

    #[test]
    fn same_seed_same_result() {
        let groups = three_groups();
        let similarity = blocs(&groups, 0.6, 0.4, 0.15);
        for method in METHODS {
            let params = ClusterParams::default().method(method).seed(99);
            let first = cluster(similarity.view(), &params).unwrap();
            let second = cluster(similarity.view(), &params).unwrap();
            assert_eq!(first, second, "{method:?}");
        }
    }

    #[test]
    fn bad_parameters_and_inputs_are_errors() {
        let groups = three_groups();
        let similarity = blocs(&groups, 0.9, 0.2, 0.03);
        let cases = [
            (
                ClusterParams::default().k(Some(0)),
                EmbeddingError::KTooSmall { k: 0 },
            ),
            (
                ClusterParams::default().k(Some(16)),
                EmbeddingError::KTooLarge { k: 16, members: 16 },
            ),
            (ClusterParams::default().dims(0), EmbeddingError::ZeroDims),
            (
                ClusterParams::default().k_max(0),
                EmbeddingError::KMaxTooSmall { k_max: 0 },
            ),
        ];
        for (params, error) in cases {
            assert_eq!(cluster(similarity.view(), &params), Err(error));
        }
        let pair = Array2::from_elem((2, 2), 0.5);
        assert_eq!(
            cluster(pair.view(), &ClusterParams::default()),
            Err(EmbeddingError::TooFewMembers { members: 2 })
        );
        let undefined = Array2::from_elem((5, 5), f64::NAN);
        assert_eq!(
            cluster(undefined.view(), &ClusterParams::default()),
            Err(EmbeddingError::AllUndefined { members: 5 })
        );
        // Three members: k = 2 is the only choice, and the embedding is clamped to 2 axes.
        let three = blocs(&[0, 0, 1], 0.9, 0.1, 0.0);
        for method in [Method::KMeans, Method::Hierarchical] {
            let found = cluster(three.view(), &ClusterParams::default().method(method)).unwrap();
            assert_eq!(found.membership, vec![0, 0, 1], "{method:?}");
            assert_eq!(found.embedding.ncols(), 2);
        }
    }

    #[test]
    fn indistinguishable_members_form_one_cluster() {
        let similarity = Array2::<f64>::ones((6, 6));
        for method in [Method::KMeans, Method::Hierarchical] {
            for k in [Some(2), None] {
                let params = ClusterParams::default().method(method).k(k);
                let found = cluster(similarity.view(), &params).unwrap();
                if method == Method::Hierarchical {
                    // The tree still splits ties; every split scores a silhouette of 0.
                    assert_eq!(found.silhouette, 0.0);
                } else {
                    assert_eq!(found.membership, vec![0; 6], "{method:?} {k:?}");
                    assert_eq!((found.k, found.silhouette), (1, 0.0));
                }
            }
        }
        // The mixture cannot fit components to coincident points: an error, not a panic.
        assert!(matches!(
            cluster(
                similarity.view(),
                &ClusterParams::default().method(Method::Gmm)
            ),
            Err(EmbeddingError::Gmm { .. })
        ));
    }

    #[test]
    fn random_matrices_never_panic() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for trial in 0..24 {
            let n = 3 + trial % 9;
            let mut similarity = Array2::from_elem((n, n), 1.0);
            for i in 0..n {
                for j in (i + 1)..n {
                    let value = if rng.gen_bool(0.2) {
                        f64::NAN
                    } else if rng.gen_bool(0.3) {
                        (rng.gen_range(0..3) as f64) / 2.0
                    } else {
                        rng.r#gen()
                    };
                    similarity[[i, j]] = value;
                    similarity[[j, i]] = value;
                }
            }
            for method in METHODS {
                for k in [None, Some(2), Some(n - 1)] {
                    let params = ClusterParams::default().method(method).k(k).runs(2);
                    match cluster(similarity.view(), &params) {
                        Ok(found) => {
                            assert_eq!(found.membership.len(), n);
                            assert!(found.silhouette.is_finite());
                            assert!(found.embedding.iter().all(|value| value.is_finite()));
                        }
                        Err(error) => assert!(
                            matches!(
                                error,
                                EmbeddingError::Gmm { .. }
                                    | EmbeddingError::KMeans { .. }
                                    | EmbeddingError::AllUndefined { .. }
                            ),
                            "{error}"
                        ),
                    }
                }
            }
        }
    }
}
