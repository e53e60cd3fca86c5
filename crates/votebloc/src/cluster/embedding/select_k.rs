//! Choosing the number of clusters by the silhouette.

use super::{EmbeddingError, KScore};
use crate::cluster::canonical_membership;
use crate::cluster::quality::silhouette;
use ndarray::ArrayView2;

/// The partition chosen among k = 2..=`k_max` (`k_max` already capped at members − 1).
pub(crate) struct Selected {
    pub membership: Vec<u32>,
    pub silhouette: Option<f64>,
    pub scores: Vec<KScore>,
}

/// Runs `partition` for every k in 2..=`k_max` and keeps the canonical membership with the
/// highest mean silhouette on `distances`; equal silhouettes keep the smaller k. A k whose
/// clustering fails or leaves a single cluster (or only singletons) scores `None`. When no k scores, the first
/// successful partition is returned (members indistinguishable: one cluster); when every k
/// fails, the error of the smallest k.
///
/// Reference: P. J. Rousseeuw (1987), *J. Comput. Appl. Math.* 20: 53–65 (average silhouette
/// width as a criterion for the number of clusters).
///
/// # Complexity
///
/// (k_max − 1) partitions plus O(n² + n·k) per silhouette.
pub(crate) fn select_k(
    distances: ArrayView2<f64>,
    k_max: usize,
    mut partition: impl FnMut(usize) -> Result<Vec<usize>, EmbeddingError>,
) -> Result<Selected, EmbeddingError> {
    let mut scores = Vec::new();
    let mut best: Option<(Vec<u32>, f64)> = None;
    let mut fallback: Option<Vec<u32>> = None;
    let mut first_error = None;
    for k in 2..=k_max {
        match partition(k) {
            Ok(labels) => {
                let membership = canonical_membership(&labels);
                let score = silhouette(distances, &membership)
                    .ok()
                    .map(|widths| widths.mean);
                scores.push(KScore {
                    k,
                    clusters: membership.iter().max().map_or(0, |&top| top as usize + 1),
                    silhouette: score,
                });
                match score {
                    Some(value) if best.as_ref().is_none_or(|(_, top)| value > *top) => {
                        best = Some((membership, value));
                    }
                    Some(_) => {}
                    None => {
                        if fallback.is_none() {
                            fallback = Some(membership);
                        }
                    }
                }
            }
            Err(error) => {
                scores.push(KScore {
                    k,
                    clusters: 0,
                    silhouette: None,
                });
                if first_error.is_none() {
                    first_error = Some(error);
                }
            }
        }
    }
    if let Some((membership, value)) = best {
        return Ok(Selected {
            membership,
            silhouette: Some(value),
            scores,
        });
    }
    if let Some(membership) = fallback {
        return Ok(Selected {
            membership,
            silhouette: None,
            scores,
        });
    }
    Err(first_error.unwrap_or(EmbeddingError::KMaxTooSmall { k_max }))
}
