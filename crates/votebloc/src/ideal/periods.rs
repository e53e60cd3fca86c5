//! The per-period shift of a dynamic fit: a conditional maximisation along the directions the
//! votes of one period cannot see.
//!
//! Moving every position of period t by `c_t`, and the intercepts of the period's motions by
//! `−β·c_t`, leaves every vote's index `α + β·x` of that period as it was: only the random walk
//! between periods, the priors and the motions bridged to other periods hold the periods in
//! place relative to each other. EM moves along these directions at the pace of those weak
//! terms, over hundreds of steps (in the UN history the sessions' mean positions were the last
//! thing to settle; `BENCHMARKS.md`, "Ideal points"). This step moves all periods at once to
//! their best places, one linear system of `periods × dims` unknowns.
//!
//! It maximises the surrogate of the conditional steps of the EM step it follows (the E-step's
//! working responses `z` and weights `w`: the expected complete-data log-posterior of plain EM,
//! the quadratic model of the observed one of a Newton step) plus the priors, which are both
//! quadratic in the shifts: the solution is their exact maximum, one more conditional
//! maximisation of an ECM step (Meng & Rubin 1993, Biometrika 80(2)), so a plain EM step stays
//! a generalised EM step. A motion bridged across periods moves its intercept by the weighted
//! mean of its periods' shifts (weights `w`, which makes the mean the best such intercept);
//! what remains changes its indices, which the surrogate prices.
//!
//! This extends to every period the global shift of the EM's `relocate` (the parameter
//! expansion of Liu, Rubin & Wu 1998, Biometrika 85(4)), which it contains (every `c_t` equal).
//! The same step for the spread of each period (a stretch) was tried and left out: fewer EM
//! steps on the Senate, more on Voeten's UN data, none saved on the UN history once its cost
//! is counted (`BENCHMARKS.md`).

use super::params::Priors;
use super::problem::Problem;
use rayon::prelude::*;
use std::ops::Range;

/// The periods of a dynamic problem: the period of every row and, for each item, its cells
/// grouped by period.
#[derive(Debug, Clone)]
pub(crate) struct PeriodShift {
    /// Index of each row's period (0 for the earliest).
    row_period: Vec<u32>,
    periods: usize,
    /// For each item, the period index and the cells of each of its motions, in cell order.
    items: Vec<Vec<(u32, Range<usize>)>>,
}

/// One item's cells in one period: Σw and Σw·r for the residuals `r = z − index`.
#[derive(Debug, Clone, Copy)]
struct PeriodSum {
    period: u32,
    weight: f64,
    residual: f64,
}

/// An item's sums by period (for an item of one period, one entry of zeros: a shift does not
/// move its indices) and each period's share of its weight.
struct ItemSums {
    sums: Vec<PeriodSum>,
    shares: Vec<f64>,
}

impl ItemSums {
    fn bridged(&self) -> bool {
        self.sums.len() > 1
    }

    /// The surrogate's gradient and curvature (row-major, `m × m` for the item's `m` periods,
    /// in the order of its sums) in the shifts of its periods, per unit of discrimination:
    /// a cell of period t moves its index by `β·(c_t − mean)`.
    fn terms(&self) -> (Vec<f64>, Vec<f64>) {
        let m = self.sums.len();
        let weight: f64 = self.sums.iter().map(|s| s.weight).sum();
        let residual: f64 = self.sums.iter().map(|s| s.residual).sum();
        let mut g = vec![0.0; m];
        let mut h = vec![0.0; m * m];
        for (i, (a, share)) in self.sums.iter().zip(&self.shares).enumerate() {
            g[i] = a.residual - share * residual;
            for (j, b) in self.sums.iter().enumerate() {
                let own = if i == j { a.weight } else { 0.0 };
                h[i * m + j] = own - a.weight * b.weight / weight;
            }
        }
        (g, h)
    }
}

impl PeriodShift {
    /// The layout of `p`, or `None` when its rows have fewer than two periods (a static or
    /// per-period fit: nothing to move).
    pub(crate) fn of(p: &Problem) -> Option<PeriodShift> {
        let periods = p.periods();
        if periods.len() < 2 {
            return None;
        }
        let index = |period: Option<u32>| periods.binary_search(&period).unwrap_or_default() as u32;
        let row_period = p.rows.iter().map(|r| index(r.period)).collect();
        let items = p
            .items
            .iter()
            .map(|item| {
                p.motions[item.motions.clone()]
                    .iter()
                    .map(|m| (index(m.period), m.cells.clone()))
                    .collect()
            })
            .collect();
        Some(PeriodShift {
            row_period,
            periods: periods.len(),
            items,
        })
    }

    /// Each item's sums by period, with each period's share of its weight. Items in
    /// parallel, each summed in cell order.
    fn item_sums(
        &self,
        p: &Problem,
        zw: &[[f64; 2]],
        x: &[[f64; 2]],
        alpha: &[f64],
        beta: &[[f64; 2]],
    ) -> Vec<ItemSums> {
        self.items
            .par_iter()
            .enumerate()
            .map(|(k, spans)| {
                if spans.iter().all(|(t, _)| *t == spans[0].0) {
                    let sum = PeriodSum {
                        period: spans[0].0,
                        weight: 0.0,
                        residual: 0.0,
                    };
                    return ItemSums {
                        sums: vec![sum],
                        shares: vec![1.0],
                    };
                }
                let mut sums: Vec<PeriodSum> = Vec::new();
                for (t, cells) in spans {
                    let (mut weight, mut residual) = (0.0, 0.0);
                    for c in cells.clone() {
                        let xr = x[p.cell_row[c] as usize];
                        let [z, w] = zw[c];
                        weight += w;
                        residual += w * (z - (alpha[k] + beta[k][0] * xr[0] + beta[k][1] * xr[1]));
                    }
                    match sums.iter_mut().find(|s| s.period == *t) {
                        Some(s) => {
                            s.weight += weight;
                            s.residual += residual;
                        }
                        None => sums.push(PeriodSum {
                            period: *t,
                            weight,
                            residual,
                        }),
                    }
                }
                // Weights are positive (E-step weights are at least `MIN_WEIGHT`).
                let total: f64 = sums.iter().map(|s| s.weight).sum();
                let shares = sums.iter().map(|s| s.weight / total).collect();
                ItemSums { sums, shares }
            })
            .collect()
    }

    /// Shifts the periods of `x` (and the intercepts `alpha`) to the maximum of the surrogate
    /// given by the working responses and weights `zw` and of the priors along the shifts of
    /// the periods; leaves them as they are when the system is not positive definite (it
    /// always is with positive prior precisions).
    ///
    /// # Complexity
    /// O(cells of bridged items + rows + Σ_items (periods of the item)² · dims² +
    /// (periods · dims)³).
    pub(crate) fn shift(
        &self,
        p: &Problem,
        zw: &[[f64; 2]],
        x: &mut [[f64; 2]],
        alpha: &mut [f64],
        beta: &[[f64; 2]],
        priors: &Priors,
    ) {
        let n = self.periods * p.dims;
        let items = self.item_sums(p, zw, x, alpha, beta);
        let mut system = System {
            dims: p.dims,
            h: vec![0.0; n * n],
            g: vec![0.0; n],
        };
        system.add_items(&items, alpha, beta, priors);
        system.add_position_priors(p, &self.row_period, x, priors);
        let Some(c) = solve_spd(&mut system.h, &system.g, n) else {
            return;
        };
        let at = |t: u32, i: usize| t as usize * p.dims + i;
        for (r, v) in x.iter_mut().enumerate() {
            let t = self.row_period[r];
            for i in 0..p.dims {
                v[i] += c[at(t, i)];
            }
        }
        for (k, item) in items.iter().enumerate() {
            for (a, share) in item.sums.iter().zip(&item.shares) {
                for i in 0..p.dims {
                    alpha[k] -= share * beta[k][i] * c[at(a.period, i)];
                }
            }
        }
    }
}

/// The quadratic model of the log-posterior in the shifts of the periods: curvature `h`
/// (row-major, `n × n` for `n` = periods × dims, the shift of period t on axis i at
/// `t·dims + i`) and gradient `g`.
struct System {
    dims: usize,
    h: Vec<f64>,
    g: Vec<f64>,
}

// The axes of a period's shift read clearest with their indices.
#[allow(clippy::needless_range_loop)]
impl System {
    fn at(&self, t: u32, i: usize) -> usize {
        t as usize * self.dims + i
    }

    /// The intercepts' prior −λ·(α − β·mean)²/2 of every item and the surrogate of a bridged
    /// item; a motion's shift moves its index by β·c: the terms times β_i, β_i·β_j.
    fn add_items(&mut self, items: &[ItemSums], alpha: &[f64], beta: &[[f64; 2]], priors: &Priors) {
        let (dims, n) = (self.dims, self.g.len());
        for (k, item) in items.iter().enumerate() {
            let bk = beta[k];
            let m = item.sums.len();
            let (data_g, data_h) = if item.bridged() {
                item.terms()
            } else {
                (vec![0.0], vec![0.0])
            };
            for (ia, (a, &pa)) in item.sums.iter().zip(&item.shares).enumerate() {
                let gradient = data_g[ia] + priors.item_precision * alpha[k] * pa;
                for i in 0..dims {
                    let row = self.at(a.period, i);
                    self.g[row] += bk[i] * gradient;
                }
                for (ib, (b, &pb)) in item.sums.iter().zip(&item.shares).enumerate() {
                    let curvature = data_h[ia * m + ib] + priors.item_precision * pa * pb;
                    for i in 0..dims {
                        for j in 0..dims {
                            let (row, column) = (self.at(a.period, i), self.at(b.period, j));
                            self.h[row * n + column] += curvature * bk[i] * bk[j];
                        }
                    }
                }
            }
        }
    }

    /// The positions' priors: −λx·|x + c|²/2 on a chain's first row, the walk
    /// −k·|x' + c' − x − c|²/2 between consecutive rows.
    fn add_position_priors(
        &mut self,
        p: &Problem,
        row_period: &[u32],
        x: &[[f64; 2]],
        priors: &Priors,
    ) {
        let (dims, n) = (self.dims, self.g.len());
        for chain in &p.chains {
            let first = chain.rows.start;
            let t = row_period[first];
            for i in 0..dims {
                let ti = self.at(t, i);
                self.h[ti * n + ti] += priors.x_precision;
                self.g[ti] -= priors.x_precision * x[first][i];
            }
            for (step, &gap) in chain.gaps.iter().enumerate() {
                let (r, next) = (first + step, first + step + 1);
                let (t, s) = (row_period[r], row_period[next]);
                let k = priors.walk_precision / gap as f64;
                for i in 0..dims {
                    let delta = x[next][i] - x[r][i];
                    let (ti, si) = (self.at(t, i), self.at(s, i));
                    self.h[ti * n + ti] += k;
                    self.h[si * n + si] += k;
                    self.h[ti * n + si] -= k;
                    self.h[si * n + ti] -= k;
                    self.g[si] -= k * delta;
                    self.g[ti] += k * delta;
                }
            }
        }
    }
}

/// Solves `a·s = b` for a symmetric positive definite `a` (`n × n`, row-major, overwritten by
/// its Cholesky factor); `None` when `a` is not positive definite or the solution is not
/// finite.
fn solve_spd(a: &mut [f64], b: &[f64], n: usize) -> Option<Vec<f64>> {
    for j in 0..n {
        let mut diagonal = a[j * n + j];
        for k in 0..j {
            diagonal -= a[j * n + k] * a[j * n + k];
        }
        if diagonal.is_nan() || diagonal <= 0.0 {
            return None;
        }
        let diagonal = diagonal.sqrt();
        a[j * n + j] = diagonal;
        for i in j + 1..n {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = sum / diagonal;
        }
    }
    let mut y = b.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= a[i * n + k] * y[k];
        }
        y[i] /= a[i * n + i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= a[k * n + i] * y[k];
        }
        y[i] /= a[i * n + i];
    }
    y.iter().all(|v| v.is_finite()).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dense_solve_inverts_and_refuses_an_indefinite_matrix() {
        let a = [4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0];
        let b = [1.0, 2.0, 3.0];
        let s = solve_spd(&mut a.clone(), &b, 3).unwrap();
        for i in 0..3 {
            let row: f64 = (0..3).map(|j| a[i * 3 + j] * s[j]).sum();
            assert!((row - b[i]).abs() < 1e-12, "row {i}: {row}");
        }
        assert!(solve_spd(&mut [1.0, 2.0, 2.0, 1.0], &[1.0, 1.0], 2).is_none());
    }
}
