//! From a similarity matrix to a complete distance matrix.

use super::{EmbeddingError, SimilarityScale};
use ndarray::{Array2, ArrayView2};

/// How far a similarity may lie outside its scale, or differ from its transpose, and still be
/// taken as a rounding error.
const ROUNDING: f64 = 1e-9;

/// The distance matrix of a similarity matrix: d = 1 − s on the [0, 1] scale, (1 − s)/2 on the
/// [−1, 1] scale, so every distance lies in [0, 1] and the diagonal is 0.
///
/// Undefined pairs (NaN, e.g. too few common votes) get the mean of the defined off-diagonal
/// distances: the neutral choice that neither pulls the pair together nor pushes it apart
/// relative to the rest of the assembly. The diagonal of `similarity` is ignored (NaN or 1).
///
/// Order: row and column i are member i of the input.
///
/// # Errors
///
/// Not square; fewer than 3 members; a value outside the scale (beyond a 1e-9 rounding slack) or
/// infinite; an asymmetric pair; every pair undefined.
///
/// # Complexity
///
/// O(n²) time and memory.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use votebloc::cluster::embedding::{SimilarityScale, distances};
///
/// let similarity = array![[1.0, 0.9, f64::NAN], [0.9, 1.0, 0.3], [f64::NAN, 0.3, 1.0]];
/// let distance = distances(similarity.view(), SimilarityScale::Unit).unwrap();
/// assert!((distance[[0, 1]] - 0.1).abs() < 1e-12);
/// // The undefined pair gets the mean defined distance, (0.1 + 0.7) / 2.
/// assert!((distance[[0, 2]] - 0.4).abs() < 1e-12);
/// ```
pub fn distances(
    similarity: ArrayView2<f64>,
    scale: SimilarityScale,
) -> Result<Array2<f64>, EmbeddingError> {
    let (rows, columns) = similarity.dim();
    if rows != columns {
        return Err(EmbeddingError::NotSquare { rows, columns });
    }
    let members = rows;
    if members < 3 {
        return Err(EmbeddingError::TooFewMembers { members });
    }
    let (low, high) = scale.range();
    let mut distance = Array2::<f64>::zeros((members, members));
    let mut defined_sum = 0.0;
    let mut defined_count = 0usize;
    for row in 0..members {
        for column in (row + 1)..members {
            let value = similarity[[row, column]];
            let transposed = similarity[[column, row]];
            let in_range = (low - ROUNDING..=high + ROUNDING).contains(&value);
            if !value.is_nan() && !in_range {
                return Err(EmbeddingError::SimilarityOutOfRange {
                    row,
                    column,
                    value,
                    scale: scale.name(),
                    low,
                    high,
                });
            }
            let same =
                (value.is_nan() && transposed.is_nan()) || (value - transposed).abs() <= ROUNDING;
            if !same {
                return Err(EmbeddingError::Asymmetric {
                    row,
                    column,
                    value,
                    transposed,
                });
            }
            if value.is_nan() {
                distance[[row, column]] = f64::NAN;
                continue;
            }
            let d = scale.distance(value);
            distance[[row, column]] = d;
            defined_sum += d;
            defined_count += 1;
        }
    }
    if defined_count == 0 {
        return Err(EmbeddingError::AllUndefined { members });
    }
    let fill = defined_sum / defined_count as f64;
    for row in 0..members {
        for column in (row + 1)..members {
            if distance[[row, column]].is_nan() {
                distance[[row, column]] = fill;
            }
            distance[[column, row]] = distance[[row, column]];
        }
    }
    Ok(distance)
}

/// Checks that `distances` is a square, finite, non-negative matrix of at least 3 members.
pub(crate) fn check_distances(distances: ArrayView2<f64>) -> Result<usize, EmbeddingError> {
    let (rows, columns) = distances.dim();
    if rows != columns {
        return Err(EmbeddingError::NotSquare { rows, columns });
    }
    if rows < 3 {
        return Err(EmbeddingError::TooFewMembers { members: rows });
    }
    for ((row, column), &value) in distances.indexed_iter() {
        if !(value.is_finite() && value >= 0.0) {
            return Err(EmbeddingError::InvalidDistance { row, column, value });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn signed_scale_halves_and_undefined_pairs_get_the_mean() {
        let nan = f64::NAN;
        let similarity = array![
            [nan, 0.6, -1.0, nan],
            [0.6, nan, nan, 0.0],
            [-1.0, nan, 1.0, 1.0],
            [nan, 0.0, 1.0, nan]
        ];
        let distance = distances(similarity.view(), SimilarityScale::Signed).unwrap();
        // Defined: 0.2, 1.0, 0.5, 0.0 → mean 0.425.
        let expected = array![
            [0.0, 0.2, 1.0, 0.425],
            [0.2, 0.0, 0.425, 0.5],
            [1.0, 0.425, 0.0, 0.0],
            [0.425, 0.5, 0.0, 0.0]
        ];
        for (got, want) in distance.iter().zip(expected.iter()) {
            assert!((got - want).abs() < 1e-12, "{distance:?}");
        }
    }

    #[test]
    fn bad_matrices_are_errors_with_positions() {
        let nan = f64::NAN;
        assert_eq!(
            distances(Array2::zeros((3, 4)).view(), SimilarityScale::Unit),
            Err(EmbeddingError::NotSquare {
                rows: 3,
                columns: 4
            })
        );
        assert_eq!(
            distances(Array2::ones((2, 2)).view(), SimilarityScale::Unit),
            Err(EmbeddingError::TooFewMembers { members: 2 })
        );
        assert_eq!(
            distances(Array2::from_elem((4, 4), nan).view(), SimilarityScale::Unit),
            Err(EmbeddingError::AllUndefined { members: 4 })
        );
        let negative = array![[1.0, 0.5, -0.2], [0.5, 1.0, 0.5], [-0.2, 0.5, 1.0]];
        assert!(matches!(
            distances(negative.view(), SimilarityScale::Unit),
            Err(EmbeddingError::SimilarityOutOfRange {
                row: 0,
                column: 2,
                ..
            })
        ));
        assert!(distances(negative.view(), SimilarityScale::Signed).is_ok());
        let infinite = array![
            [1.0, 0.5, 0.5],
            [0.5, 1.0, f64::INFINITY],
            [0.5, f64::INFINITY, 1.0]
        ];
        assert!(matches!(
            distances(infinite.view(), SimilarityScale::Signed),
            Err(EmbeddingError::SimilarityOutOfRange {
                row: 1,
                column: 2,
                ..
            })
        ));
        let asymmetric = array![[1.0, 0.5, 0.5], [0.5, 1.0, nan], [0.5, 0.4, 1.0]];
        assert!(matches!(
            distances(asymmetric.view(), SimilarityScale::Unit),
            Err(EmbeddingError::Asymmetric {
                row: 1,
                column: 2,
                ..
            })
        ));
    }

    #[test]
    fn distance_check_names_the_bad_cell() {
        let mut distance = Array2::<f64>::zeros((3, 3));
        assert_eq!(check_distances(distance.view()), Ok(3));
        distance[[2, 1]] = -0.5;
        assert!(matches!(
            check_distances(distance.view()),
            Err(EmbeddingError::InvalidDistance {
                row: 2,
                column: 1,
                ..
            })
        ));
    }
}
