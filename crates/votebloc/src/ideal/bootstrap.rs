//! The parametric bootstrap of the positions (Lewis & Poole 2004, "Measuring bias and
//! uncertainty in ideal point estimates via the parametric bootstrap", Political Analysis
//! 12(2)): votes drawn from the fitted model on the observed cells, the model refitted from
//! the estimate, the replicate put on the estimate's scale; the bounds are the estimate ±
//! 1.645 bootstrap standard errors (the normal 90 % interval; W-NOMINATE too reports bootstrap
//! standard errors). Not the replicates' own 5 % and 95 % quantiles: the bootstrap of an ideal
//! point is biased outwards for members near the ends of the scale (Lewis & Poole 2004), and
//! the percentile interval of the most extreme senators of the 117th Senate misses their
//! estimate altogether.

use super::em::{self, Theta};
use super::params::Priors;
use super::problem::Problem;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// The orthogonal map (rotation or reflection) `q` minimising Σ‖x_r·q − target_r‖² in two
/// dimensions (orthogonal Procrustes, Schönemann 1966), as the rows of a 2 × 2 matrix; in one
/// dimension, a sign.
fn procrustes(x: &[[f64; 2]], target: &[[f64; 2]], dims: usize) -> [[f64; 2]; 2] {
    let mut m = [[0.0; 2]; 2];
    for (a, b) in x.iter().zip(target) {
        for i in 0..2 {
            for j in 0..2 {
                m[i][j] += a[i] * b[j];
            }
        }
    }
    if dims == 1 {
        let sign = if m[0][0] < 0.0 { -1.0 } else { 1.0 };
        return [[sign, 0.0], [0.0, 1.0]];
    }
    // Σ q_ij·m_ij is c(m00 + m11) + s(m10 − m01) for the rotation [[c, −s], [s, c]] and
    // c(m00 − m11) + s(m01 + m10) for the reflection [[c, s], [s, −c]].
    let rotation = (m[1][0] - m[0][1]).atan2(m[0][0] + m[1][1]);
    let rotation_fit = (m[0][0] + m[1][1]).hypot(m[1][0] - m[0][1]);
    let reflection = (m[0][1] + m[1][0]).atan2(m[0][0] - m[1][1]);
    let reflection_fit = (m[0][0] - m[1][1]).hypot(m[0][1] + m[1][0]);
    if rotation_fit >= reflection_fit {
        let (s, c) = rotation.sin_cos();
        [[c, -s], [s, c]]
    } else {
        let (s, c) = reflection.sin_cos();
        [[c, s], [s, -c]]
    }
}

/// The 5 % and 95 % bounds of every row's position, from `replicates` refits.
///
/// `fitted` is the estimate on the EM's own scale (the replicates' truth and starting point),
/// `estimate` the same after standardisation and orientation (the scale replicates are mapped
/// to). Replicate b draws its votes from its own generator, seeded from `seed` and b, so the
/// bounds do not depend on the number of threads.
///
/// # Complexity
/// `replicates` refits, each a few EM steps (they start at the estimate), on both cores.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bounds(
    problem: &Problem,
    fitted: &Theta,
    estimate: &Theta,
    priors: &Priors,
    replicates: usize,
    tolerance: f64,
    max_iterations: usize,
    seed: u64,
) -> Vec<([f64; 2], [f64; 2])> {
    let dims = problem.dims;
    let draws: Vec<Vec<[f64; 2]>> = (0..replicates)
        .into_par_iter()
        .map(|b| {
            let stream = (b as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03);
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ stream);
            let cats = em::simulate(problem, fitted, &mut rng);
            let refit = em::fit(
                problem,
                &cats,
                fitted.clone(),
                priors,
                // The correlation rule would stop a refit from the estimate at its first
                // step: each replicate's data move the positions only a little.
                em::Convergence {
                    tolerance,
                    correlation: 0.0,
                },
                max_iterations,
            );
            let Some(scaled) = em::standardise(problem, &refit.theta) else {
                return estimate.x.clone();
            };
            let q = procrustes(&scaled.x, &estimate.x, dims);
            scaled
                .x
                .iter()
                .map(|v| {
                    [
                        v[0] * q[0][0] + v[1] * q[1][0],
                        v[0] * q[0][1] + v[1] * q[1][1],
                    ]
                })
                .collect()
        })
        .collect();
    (0..problem.rows.len())
        .map(|r| {
            let mut lo = [0.0; 2];
            let mut hi = [0.0; 2];
            for dim in 0..dims {
                let n = draws.len() as f64;
                let mean = draws.iter().map(|d| d[r][dim]).sum::<f64>() / n;
                let var = draws
                    .iter()
                    .map(|d| (d[r][dim] - mean).powi(2))
                    .sum::<f64>()
                    / (n - 1.0).max(1.0);
                let half = NORMAL_95 * var.sqrt();
                lo[dim] = estimate.x[r][dim] - half;
                hi[dim] = estimate.x[r][dim] + half;
            }
            (lo, hi)
        })
        .collect()
}

/// The 95 % quantile of the standard normal: the bounds are the estimate ± 1.645 bootstrap
/// standard errors.
const NORMAL_95: f64 = 1.644_853_626_951_472_2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procrustes_undoes_a_rotation_and_a_reflection() {
        let target: Vec<[f64; 2]> = (0..20)
            .map(|i| [(i as f64).sin() * 2.0, (i as f64 * 0.7).cos()])
            .collect();
        for (angle, reflect) in [(0.7f64, false), (-2.0, true)] {
            let (s, c) = angle.sin_cos();
            let moved: Vec<[f64; 2]> = target
                .iter()
                .map(|v| {
                    let w = [c * v[0] - s * v[1], s * v[0] + c * v[1]];
                    if reflect { [w[0], -w[1]] } else { w }
                })
                .collect();
            let q = procrustes(&moved, &target, 2);
            for (m, t) in moved.iter().zip(&target) {
                let back = [
                    m[0] * q[0][0] + m[1] * q[1][0],
                    m[0] * q[0][1] + m[1] * q[1][1],
                ];
                assert!((back[0] - t[0]).abs() < 1e-9 && (back[1] - t[1]).abs() < 1e-9);
            }
        }
    }
}
