//! Classical (Torgerson) multidimensional scaling.

use super::distance::{check_distances, distances};
use super::{EmbeddingError, EmbeddingValidParams};
use crate::ParamGuard;
use linfa_linalg::Order;
use linfa_linalg::eigh::Eigh;
use linfa_linalg::lobpcg::TruncatedEig;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Below this many members, or when `dims` is more than a fifth of them (the regime LOBPCG is
/// documented for), the dense eigendecomposition is both cheap and more robust than LOBPCG.
const ITERATIVE_MIN_MEMBERS: usize = 50;
/// Residual norm ‖Bv − λv‖ (relative to the largest |λ|) LOBPCG must reach; a worse answer is
/// replaced by the dense decomposition.
const RESIDUAL_LIMIT: f64 = 1e-6;

/// Classical MDS of a similarity matrix: [`distances`] (undefined pairs filled with the mean
/// distance), then [`classical_mds`]. The report draws its 2-D map of members from this.
///
/// Takes a square symmetric similarity matrix on `params.scale` (NaN = undefined pair) and returns
/// a members × `params.dims` matrix: row i holds member i's coordinates, column j the j-th
/// principal axis (largest eigenvalue first).
///
/// Deterministic for a given seed: each axis's sign is fixed so that its largest-magnitude
/// component is positive.
///
/// Reference: W. S. Torgerson (1952), "Multidimensional scaling: I. Theory and method",
/// *Psychometrika* 17(4): 401–419; J. C. Gower (1966), *Biometrika* 53: 325–338.
///
/// # Errors
///
/// See [`distances`]; `dims` 0 or ≥ members; the eigensolver failing.
///
/// # Complexity
///
/// O(n²) to build the doubly centred matrix, then O(n² · dims) per LOBPCG iteration (n ≥ 50) or
/// O(n³) for the dense decomposition (small n).
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use votebloc::cluster::embedding::{EmbeddingParams, mds};
///
/// let similarity = array![
///     [1.0, 0.9, 0.2, 0.2],
///     [0.9, 1.0, 0.2, 0.2],
///     [0.2, 0.2, 1.0, 0.9],
///     [0.2, 0.2, 0.9, 1.0],
/// ];
/// let map = mds(similarity.view(), &EmbeddingParams::default().dims(2)).unwrap();
/// assert_eq!(map.dim(), (4, 2));
/// // The two pairs sit on opposite sides of the first axis.
/// assert!(map[[0, 0]] * map[[2, 0]] < 0.0);
/// ```
pub fn mds<P>(similarity: ArrayView2<f64>, params: &P) -> Result<Array2<f64>, EmbeddingError>
where
    P: ParamGuard<Checked = EmbeddingValidParams, Error = EmbeddingError>,
{
    let params = params.check_ref()?;
    let distance = distances(similarity, params.scale)?;
    classical_mds(distance.view(), params)
}

/// Classical MDS of a distance matrix: B = −½ J D⁽²⁾ J (J the centring matrix), its `dims`
/// largest eigenpairs (λ, v), coordinates v·√max(λ, 0). When the distances are Euclidean the
/// coordinates reproduce them exactly (up to rotation and reflection) once `dims` reaches their
/// dimension; `params.scale` is not used.
///
/// The columns are nested: the first two columns of a 3-dimensional embedding are the
/// 2-dimensional embedding. Axes whose eigenvalue is not positive are all zeros.
///
/// Reference: see [`mds`].
///
/// # Errors
///
/// Not square, fewer than 3 members, a negative or non-finite distance, `dims` 0 or ≥ members, the
/// eigensolver failing.
///
/// # Complexity
///
/// See [`mds`].
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use votebloc::cluster::embedding::{EmbeddingParams, classical_mds};
///
/// // Three points on a line at 0, 1 and 3.
/// let distance = array![[0.0, 1.0, 3.0], [1.0, 0.0, 2.0], [3.0, 2.0, 0.0]];
/// let line = classical_mds(distance.view(), &EmbeddingParams::default().dims(1)).unwrap();
/// assert!((line[[2, 0]] - line[[0, 0]]).abs() - 3.0 < 1e-9);
/// ```
pub fn classical_mds<P>(
    distances: ArrayView2<f64>,
    params: &P,
) -> Result<Array2<f64>, EmbeddingError>
where
    P: ParamGuard<Checked = EmbeddingValidParams, Error = EmbeddingError>,
{
    let params = params.check_ref()?;
    let members = check_distances(distances)?;
    let dims = params.dims;
    if dims >= members {
        return Err(EmbeddingError::TooManyDims { dims, members });
    }
    let centred = double_centre(distances);
    let (values, vectors) = top_eigenpairs(centred, dims, params.seed)?;
    let mut coordinates = Array2::<f64>::zeros((members, dims));
    for axis in 0..dims {
        let vector = vectors.column(axis);
        // The eigensolver may return v or −v: fix the sign so maps do not flip between runs.
        let mut pivot = 0;
        for (index, value) in vector.iter().enumerate() {
            if value.abs() > vector[pivot].abs() {
                pivot = index;
            }
        }
        let sign = if vector[pivot] < 0.0 { -1.0 } else { 1.0 };
        let length = values[axis].max(0.0).sqrt();
        for member in 0..members {
            coordinates[[member, axis]] = sign * vector[member] * length;
        }
    }
    Ok(coordinates)
}

/// B = −½ J D⁽²⁾ J computed as b_ij = −½ (d²_ij − r_i − r_j + g), with r the row means and g the
/// grand mean of D⁽²⁾ (D is symmetric, so column means equal row means).
fn double_centre(distances: ArrayView2<f64>) -> Array2<f64> {
    let squared = distances.mapv(|d| d * d);
    let row_means = squared.mean_axis(Axis(1)).unwrap_or_default();
    let grand_mean = row_means.mean().unwrap_or(0.0);
    let members = squared.nrows();
    let mut centred = Array2::<f64>::zeros((members, members));
    for row in 0..members {
        for column in row..members {
            let value = -0.5
                * (0.5 * (squared[[row, column]] + squared[[column, row]])
                    - row_means[row]
                    - row_means[column]
                    + grand_mean);
            centred[[row, column]] = value;
            centred[[column, row]] = value;
        }
    }
    centred
}

/// The `dims` algebraically largest eigenpairs of the symmetric matrix, largest first:
/// LOBPCG (seeded) when the matrix is large, else (or when LOBPCG fails or is inaccurate)
/// the dense symmetric decomposition.
fn top_eigenpairs(
    matrix: Array2<f64>,
    dims: usize,
    seed: u64,
) -> Result<(Array1<f64>, Array2<f64>), EmbeddingError> {
    let members = matrix.nrows();
    if members >= ITERATIVE_MIN_MEMBERS
        && members >= 5 * dims
        && let Some(pairs) = iterative_top_eigenpairs(&matrix, dims, seed)
    {
        return Ok(pairs);
    }
    dense_top_eigenpairs(&matrix, dims)
}

/// LOBPCG from a seeded random block; `None` when it fails or misses [`RESIDUAL_LIMIT`].
fn iterative_top_eigenpairs(
    matrix: &Array2<f64>,
    dims: usize,
    seed: u64,
) -> Option<(Array1<f64>, Array2<f64>)> {
    let members = matrix.nrows();
    let mut solver = TruncatedEig::new_with_rng(
        matrix.clone(),
        Order::Largest,
        Xoshiro256PlusPlus::seed_from_u64(seed),
    )
    .precision(1e-9)
    .maxiter(members * 10);
    let result = match solver.decompose(dims) {
        Ok(result) => result,
        Err((_, best)) => best?,
    };
    let scale = result
        .eigvals
        .iter()
        .fold(1.0f64, |largest, value| largest.max(value.abs()));
    let accurate = result.eigvals.len() == dims
        && result.eigvecs.dim() == (members, dims)
        && result
            .rnorm
            .iter()
            .all(|norm| *norm <= RESIDUAL_LIMIT * scale)
        && result.eigvals.iter().all(|value| value.is_finite())
        && result.eigvecs.iter().all(|value| value.is_finite());
    accurate.then_some((result.eigvals, result.eigvecs))
}

fn dense_top_eigenpairs(
    matrix: &Array2<f64>,
    dims: usize,
) -> Result<(Array1<f64>, Array2<f64>), EmbeddingError> {
    let (values, vectors) = matrix.eigh().map_err(|error| EmbeddingError::Eigen {
        message: error.to_string(),
    })?;
    if values.iter().any(|value| !value.is_finite()) {
        return Err(EmbeddingError::Eigen {
            message: "non-finite eigenvalue".to_string(),
        });
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Stable sort on a total order: ties keep the solver's order, so the result is reproducible.
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    order.truncate(dims);
    let top_values = Array1::from_iter(order.iter().map(|&index| values[index]));
    let top_vectors = vectors.select(Axis(1), &order);
    Ok((top_values, top_vectors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::embedding::EmbeddingParams;
    use ndarray::array;

    fn pairwise(points: &Array2<f64>) -> Array2<f64> {
        let n = points.nrows();
        Array2::from_shape_fn((n, n), |(i, j)| {
            let difference = &points.row(i) - &points.row(j);
            difference.dot(&difference).sqrt()
        })
    }

    /// A deterministic irregular planar configuration of `n` points.
    fn plane(n: usize) -> Array2<f64> {
        Array2::from_shape_fn((n, 2), |(i, axis)| {
            let t = i as f64;
            if axis == 0 {
                (t * 1.7).sin() * 3.0 + t * 0.05
            } else {
                (t * 0.9).cos() * 2.0 - (t * 0.31).sin()
            }
        })
    }

    #[test]
    fn reproduces_planar_distances_dense_and_iterative() {
        for n in [7, 30, 120] {
            let points = plane(n);
            let distance = pairwise(&points);
            let embedded =
                classical_mds(distance.view(), &EmbeddingParams::default().dims(2)).unwrap();
            let recovered = pairwise(&embedded);
            let worst = (&recovered - &distance)
                .iter()
                .fold(0.0f64, |worst, value| worst.max(value.abs()));
            assert!(worst < 1e-6, "n = {n}: largest distance error {worst}");
        }
    }

    #[test]
    fn iterative_and_dense_solvers_agree() {
        let distance = pairwise(&plane(120));
        let centred = double_centre(distance.view());
        let (iterative_values, iterative_vectors) =
            iterative_top_eigenpairs(&centred, 2, 1).expect("LOBPCG converges");
        let (dense_values, dense_vectors) = dense_top_eigenpairs(&centred, 2).unwrap();
        for axis in 0..2 {
            let relative = (iterative_values[axis] - dense_values[axis]).abs() / dense_values[axis];
            assert!(
                relative < 1e-9,
                "axis {axis}: {iterative_values} vs {dense_values}"
            );
            let cosine = iterative_vectors
                .column(axis)
                .dot(&dense_vectors.column(axis))
                .abs();
            assert!((cosine - 1.0).abs() < 1e-9, "axis {axis}: |cos| = {cosine}");
        }
    }

    #[test]
    fn same_seed_same_map_and_signs_are_fixed() {
        let distance = pairwise(&plane(80));
        let params = EmbeddingParams::default().dims(3).seed(11);
        let first = classical_mds(distance.view(), &params).unwrap();
        let second = classical_mds(distance.view(), &params).unwrap();
        assert_eq!(first, second);
        let other_seed = classical_mds(distance.view(), &params.seed(12)).unwrap();
        // Planar points: the third axis is empty, the first two agree to rounding.
        for member in 0..80 {
            for axis in 0..2 {
                let gap = (first[[member, axis]] - other_seed[[member, axis]]).abs();
                assert!(gap < 1e-6, "member {member} axis {axis}: {gap}");
            }
            assert!(first[[member, 2]].abs() < 1e-6);
        }
        for axis in 0..2 {
            let column = first.column(axis);
            let pivot = column.iter().copied().fold(0.0f64, |best, value| {
                if value.abs() > best.abs() {
                    value
                } else {
                    best
                }
            });
            assert!(pivot > 0.0);
        }
    }

    #[test]
    fn three_points_on_a_line() {
        let distance = array![[0.0, 1.0, 3.0], [1.0, 0.0, 2.0], [3.0, 2.0, 0.0]];
        let line = classical_mds(distance.view(), &EmbeddingParams::default().dims(1)).unwrap();
        let recovered = pairwise(&line);
        for (got, want) in recovered.iter().zip(distance.iter()) {
            assert!((got - want).abs() < 1e-9);
        }
        // Largest-magnitude coordinate (the point at 3, which is 5/3 from the centre) positive.
        assert!((line[[2, 0]] - 5.0 / 3.0).abs() < 1e-9, "{line}");
    }

    #[test]
    fn identical_members_embed_at_the_origin_and_bad_dims_are_errors() {
        let similarity = Array2::<f64>::ones((5, 5));
        let map = mds(similarity.view(), &EmbeddingParams::default()).unwrap();
        assert!(map.iter().all(|value| value.abs() < 1e-12));
        assert_eq!(
            mds(similarity.view(), &EmbeddingParams::default().dims(5)),
            Err(EmbeddingError::TooManyDims {
                dims: 5,
                members: 5
            })
        );
        assert_eq!(
            mds(similarity.view(), &EmbeddingParams::default().dims(0)),
            Err(EmbeddingError::ZeroDims)
        );
    }
}
