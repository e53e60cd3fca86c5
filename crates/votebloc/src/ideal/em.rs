//! The EM core shared by the binary and ordinal models, static and dynamic.
//!
//! Model (one or two dimensions; a two-choice item has τ = 0):
//!
//! ```text
//! y*_rk = α_k + β_k·x_r + ε_rk,   ε_rk ~ N(0, 1)
//! choice = lower  if y* < 0,   abstain  if 0 ≤ y* < τ_k,   upper  if y* ≥ τ_k
//! x_r ~ N(0, σx²) (static, or a member's first period);  x_t ~ N(x_{t−1}, ω²·gap) (dynamic)
//! (α_k, β_k) ~ N(0, σ²·I);   τ_k ≥ min_gap for three-choice items
//! ```
//!
//! The EM of Imai, Lo & Olmsted (2016, APSR 110(4), "Fast estimation of ideal points with
//! massive data") for the probit models: the E-step takes the mean of each latent utility
//! given its interval (a truncated normal); the conditional M-steps (Meng & Rubin 1993, ECM)
//! are ridge regressions of these means, items given positions then positions given items;
//! with a random walk, each member's positions over time solve one (block) tridiagonal system,
//! as in Imai et al.'s dynamic model. Unlike their ordinal model, which rescales each item by
//! its band and re-estimates a variance (and fails when an item has no abstention: the band
//! collapses and the positions' system turns singular), the band τ_k here keeps the unit noise
//! variance and takes a Newton step on the observed likelihood (an ECME step, Liu & Rubin
//! 1994), bounded below by `min_gap`; two-choice items have no band at all. Every system
//! solved has the prior's precision on its diagonal, so none is singular.
//!
//! EM converges linearly, slowly along the scale of the space (the tradeoff between the spread
//! of positions and the size of discriminations, which `relocate` solves exactly after every
//! step) and, in a dynamic fit, along the place of each period (which the `periods` module's
//! shift solves exactly after every step); SQUAREM (Varadhan & Roland 2008, Scand. J.
//! Statist. 35) extrapolates from two EM steps, with the log-posterior checked at the
//! extrapolated point (a rejected step falls back to the two plain steps), so every cycle
//! increases the log-posterior as EM would.
//!
//! Every loop over items, rows or members runs on rayon with results collected in index order
//! and sums taken in that order: the same input gives the same bits on any number of threads.

// Small dense systems (2 × 2, 3 × 3) read clearest with their indices.
#![allow(clippy::needless_range_loop)]

use super::normal;
use super::params::Priors;
use super::periods::PeriodShift;
use super::problem::Problem;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// The parameters: positions of rows, intercepts, discriminations and bands of items. The
/// second coordinate stays 0 in one dimension.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Theta {
    pub x: Vec<[f64; 2]>,
    pub alpha: Vec<f64>,
    pub beta: Vec<[f64; 2]>,
    pub tau: Vec<f64>,
}

impl Theta {
    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.x
            .iter()
            .flatten()
            .chain(&self.alpha)
            .chain(self.beta.iter().flatten())
            .chain(&self.tau)
            .copied()
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut f64> + '_ {
        self.x
            .iter_mut()
            .flatten()
            .chain(self.alpha.iter_mut())
            .chain(self.beta.iter_mut().flatten())
            .chain(self.tau.iter_mut())
    }
}

/// The largest change of a coordinate of a position between two parameter sets.
fn max_position_change(a: &Theta, b: &Theta) -> f64 {
    a.x.iter()
        .zip(&b.x)
        .map(|(u, v)| (u[0] - v[0]).abs().max((u[1] - v[1]).abs()))
        .fold(0.0, f64::max)
}

/// The smallest over the `dims` axes of the Pearson correlation of the positions of two
/// parameter sets (NaN when an axis has no spread).
fn position_correlation(a: &Theta, b: &Theta, dims: usize) -> f64 {
    let n = a.x.len() as f64;
    (0..dims)
        .map(|d| {
            let mean_a = a.x.iter().map(|v| v[d]).sum::<f64>() / n;
            let mean_b = b.x.iter().map(|v| v[d]).sum::<f64>() / n;
            let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
            for (u, v) in a.x.iter().zip(&b.x) {
                let (du, dv) = (u[d] - mean_a, v[d] - mean_b);
                ab += du * dv;
                aa += du * du;
                bb += dv * dv;
            }
            ab / (aa * bb).sqrt()
        })
        .fold(f64::INFINITY, f64::min)
}

/// When [`fit`] stops: after an EM step that moves no position by `tolerance`, or whose
/// positions correlate with the step's start at `1 − correlation` or more on every axis
/// (Imai, Lo & Olmsted 2016's rule, on the positions only: the motions' parameters of
/// near-perfect splits creep on long after the positions have settled); 0 turns the second
/// rule off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Convergence {
    pub tolerance: f64,
    pub correlation: f64,
}

impl Convergence {
    /// Whether the EM step from `before` to `after` meets either rule.
    fn reached(&self, before: &Theta, after: &Theta, dims: usize) -> bool {
        max_position_change(after, before) < self.tolerance
            || (self.correlation > 0.0
                && position_correlation(after, before, dims) >= 1.0 - self.correlation)
    }
}

/// The linear index α + β·x of a cell.
#[inline]
fn index(alpha: f64, beta: [f64; 2], x: [f64; 2]) -> f64 {
    alpha + beta[0] * x[0] + beta[1] * x[1]
}

/// The interval of the noise ε for a cell of interval code `cat` at index `mu`.
#[inline]
fn bounds(cat: u8, mu: f64, tau: f64) -> (f64, f64) {
    match cat {
        0 => (f64::NEG_INFINITY, -mu),
        1 => (-mu, tau - mu),
        _ => (tau - mu, f64::INFINITY),
    }
}

/// The probabilities of the three intervals at index `mu` (the middle one 0 when τ = 0).
pub(crate) fn probabilities(mu: f64, tau: f64) -> [f64; 3] {
    let low = normal::cdf(-mu);
    let high = normal::sf(tau - mu);
    [low, (1.0 - low - high).max(0.0), high]
}

/// Mutable slices of `values`, one per range `starts[k]..starts[k + 1]`.
fn split_by<'a, T>(mut values: &'a mut [T], starts: &[usize]) -> Vec<&'a mut [T]> {
    let mut slices = Vec::with_capacity(starts.len().saturating_sub(1));
    for w in starts.windows(2) {
        let (head, tail) = values.split_at_mut(w[1] - w[0]);
        slices.push(head);
        values = tail;
    }
    slices
}

/// E-step: for every cell, the working response `z` and its weight `w` into `zw` (side by
/// side, as every step after reads them); returns the observed log-likelihood at `theta`.
///
/// With `newton` false these are EM's: the conditional mean of the latent utility, weight 1
/// (the complete-data information). With `newton` true, the weight is the observed information
/// of the cell, `1 − Var(y* | interval)`, and the response `μ + E[ε | interval]/w`: the
/// conditional M-steps then become Newton (IRLS) steps on the observed posterior, which stay
/// fast where EM crawls (motions that split the members almost perfectly: the latent utility
/// is then almost unobserved, its missing information close to the complete one).
fn e_step(p: &Problem, cats: &[u8], theta: &Theta, newton: bool, zw: &mut [[f64; 2]]) -> f64 {
    let per_item: Vec<f64> = split_by(zw, &p.item_start)
        .into_par_iter()
        .enumerate()
        .map(|(k, out)| {
            let (alpha, beta, tau) = (theta.alpha[k], theta.beta[k], theta.tau[k]);
            let start = p.item_start[k];
            let mut ll = 0.0;
            for (j, [zc, wc]) in out.iter_mut().enumerate() {
                let c = start + j;
                let mu = index(alpha, beta, theta.x[p.cell_row[c] as usize]);
                let (lo, hi) = bounds(cats[c], mu, tau);
                ll += if newton {
                    let (mean, ln_p, info) = normal::moments(lo, hi);
                    let info = info.max(MIN_WEIGHT);
                    *zc = mu + mean / info;
                    *wc = info;
                    ln_p
                } else {
                    let (mean, ln_p) = normal::truncated(lo, hi);
                    *zc = mu + mean;
                    *wc = 1.0;
                    ln_p
                };
            }
            ll
        })
        .collect();
    per_item.iter().sum()
}

/// Floor of a Newton weight: a cell predicted right at 37 standard deviations has an
/// information below 1e-300; its response `μ + g/w` must stay finite.
const MIN_WEIGHT: f64 = 1e-10;

/// Solves the symmetric positive definite system `a·s = b` of size `n` ≤ 3 (Cholesky).
fn solve_spd(a: &[[f64; 3]; 3], b: &[f64; 3], n: usize) -> [f64; 3] {
    let mut l = [[0.0; 3]; 3];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i][j];
            for k in 0..j {
                sum -= l[i][k] * l[j][k];
            }
            if i == j {
                l[i][i] = sum.max(1e-300).sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    let mut y = [0.0; 3];
    for i in 0..n {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[i][k] * y[k];
        }
        y[i] = sum / l[i][i];
    }
    let mut s = [0.0; 3];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= l[k][i] * s[k];
        }
        s[i] = sum / l[i][i];
    }
    s
}

/// CM-step of the items: ridge regression of each item's latent means on (1, x).
fn item_step(
    p: &Problem,
    zw: &[[f64; 2]],
    x: &[[f64; 2]],
    priors: &Priors,
) -> Vec<(f64, [f64; 2])> {
    let n = p.dims + 1;
    (0..p.items.len())
        .into_par_iter()
        .map(|k| {
            let mut g = [[0.0; 3]; 3];
            let mut h = [0.0; 3];
            for c in p.item_start[k]..p.item_start[k + 1] {
                let xr = x[p.cell_row[c] as usize];
                let v = [1.0, xr[0], xr[1]];
                let [z, w] = zw[c];
                for i in 0..n {
                    h[i] += w * v[i] * z;
                    for j in 0..=i {
                        g[i][j] += w * v[i] * v[j];
                    }
                }
            }
            for i in 0..n {
                g[i][i] += priors.item_precision;
                for j in 0..i {
                    g[j][i] = g[i][j];
                }
            }
            let s = solve_spd(&g, &h, n);
            (s[0], [s[1], if n > 2 { s[2] } else { 0.0 }])
        })
        .collect()
}

/// ECME step of a three-choice item's band: one Newton step on the observed log-likelihood
/// (concave in τ: Pratt 1981), at most 1 long, not below `min_gap`.
fn band_step(p: &Problem, cats: &[u8], theta: &Theta, k: usize, min_gap: f64) -> f64 {
    let (alpha, beta, tau) = (theta.alpha[k], theta.beta[k], theta.tau[k]);
    let (mut gradient, mut curvature) = (0.0, 0.0);
    for c in p.item_start[k]..p.item_start[k + 1] {
        let cat = cats[c];
        if cat == 0 {
            continue;
        }
        let mu = index(alpha, beta, theta.x[p.cell_row[c] as usize]);
        let u = tau - mu;
        if cat == 1 {
            let g = normal::density_over_interval(-mu, u);
            gradient += g;
            curvature += -u * g - g * g;
        } else {
            let lambda = normal::hazard(u);
            gradient -= lambda;
            curvature -= lambda * (lambda - u);
        }
    }
    if curvature < 0.0 && curvature.is_finite() && gradient.is_finite() {
        let step = (-gradient / curvature).clamp(-1.0, 1.0);
        (tau + step).max(min_gap)
    } else {
        tau
    }
}

type Block = [[f64; 2]; 2];

fn inverse(a: &Block, dims: usize) -> Block {
    if dims == 1 {
        return [[1.0 / a[0][0], 0.0], [0.0, 0.0]];
    }
    let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    [
        [a[1][1] / det, -a[0][1] / det],
        [-a[1][0] / det, a[0][0] / det],
    ]
}

fn apply(a: &Block, v: [f64; 2]) -> [f64; 2] {
    [
        a[0][0] * v[0] + a[0][1] * v[1],
        a[1][0] * v[0] + a[1][1] * v[1],
    ]
}

/// The normal equations of every row's position given the items (without the priors): Σ w·β·βᵀ
/// and Σ w·β·(z − α) over the row's cells, summed in cell order.
///
/// The cells are read item by item as they lie in memory, each adding to its row; rows are
/// split into contiguous ranges, one per thread, each range reading every cell and keeping its
/// own (the per-row gather this replaces jumped through memory, a cache miss per vote:
/// `BENCHMARKS.md`, "Ideal points"). A row's sums take its cells in the same order whatever
/// the split: the same bits on any number of threads.
fn row_normal_equations(
    p: &Problem,
    zw: &[[f64; 2]],
    alpha: &[f64],
    beta: &[[f64; 2]],
) -> (Vec<Block>, Vec<[f64; 2]>) {
    let dims = p.dims;
    let n = p.rows.len();
    let parts = rayon::current_num_threads().clamp(1, n.max(1));
    let ranges: Vec<std::ops::Range<usize>> = (0..parts)
        .map(|i| i * n / parts..(i + 1) * n / parts)
        .collect();
    let sums: Vec<(Vec<Block>, Vec<[f64; 2]>)> = ranges
        .par_iter()
        .map(|rows| {
            let mut a: Vec<Block> = vec![[[0.0; 2]; 2]; rows.len()];
            let mut b: Vec<[f64; 2]> = vec![[0.0; 2]; rows.len()];
            for k in 0..p.items.len() {
                let (ak, bk) = (alpha[k], beta[k]);
                for c in p.item_start[k]..p.item_start[k + 1] {
                    let r = p.cell_row[c] as usize;
                    if !rows.contains(&r) {
                        continue;
                    }
                    let (a, b) = (&mut a[r - rows.start], &mut b[r - rows.start]);
                    let [z, wc] = zw[c];
                    let resid = z - ak;
                    for i in 0..dims {
                        b[i] += wc * bk[i] * resid;
                        for j in 0..dims {
                            a[i][j] += wc * bk[i] * bk[j];
                        }
                    }
                }
            }
            (a, b)
        })
        .collect();
    let mut diag = Vec::with_capacity(n);
    let mut rhs = Vec::with_capacity(n);
    for (a, b) in sums {
        diag.extend(a);
        rhs.extend(b);
    }
    (diag, rhs)
}

/// CM-step of the positions given the items, member by member: a ridge regression per row,
/// or along a member's chain of periods the block tridiagonal system of the random walk
/// (forward elimination, back substitution).
fn position_step(
    p: &Problem,
    zw: &[[f64; 2]],
    alpha: &[f64],
    beta: &[[f64; 2]],
    priors: &Priors,
) -> Vec<[f64; 2]> {
    let dims = p.dims;
    let (all_diag, all_rhs) = row_normal_equations(p, zw, alpha, beta);
    let chains: Vec<Vec<[f64; 2]>> = p
        .chains
        .par_iter()
        .map(|chain| {
            let len = chain.rows.len();
            let mut diag: Vec<Block> = all_diag[chain.rows.clone()].to_vec();
            let mut rhs: Vec<[f64; 2]> = all_rhs[chain.rows.clone()].to_vec();
            for i in 0..dims {
                diag[0][i][i] += priors.x_precision;
            }
            let weights: Vec<f64> = chain
                .gaps
                .iter()
                .map(|&g| priors.walk_precision / g as f64)
                .collect();
            for (t, &w) in weights.iter().enumerate() {
                for i in 0..dims {
                    diag[t][i][i] += w;
                    diag[t + 1][i][i] += w;
                }
            }
            // Forward elimination with off-diagonal blocks −w·I.
            let mut inverses: Vec<Block> = Vec::with_capacity(len);
            inverses.push(inverse(&diag[0], dims));
            for t in 1..len {
                let w = weights[t - 1];
                let prev = inverses[t - 1];
                let carried = apply(&prev, rhs[t - 1]);
                for i in 0..dims {
                    rhs[t][i] += w * carried[i];
                    for j in 0..dims {
                        diag[t][i][j] -= w * w * prev[i][j];
                    }
                }
                inverses.push(inverse(&diag[t], dims));
            }
            let mut x = vec![[0.0; 2]; len];
            x[len - 1] = apply(&inverses[len - 1], rhs[len - 1]);
            for t in (0..len - 1).rev() {
                let w = weights[t];
                let v = [rhs[t][0] + w * x[t + 1][0], rhs[t][1] + w * x[t + 1][1]];
                x[t] = apply(&inverses[t], v);
            }
            x
        })
        .collect();
    chains.into_iter().flatten().collect()
}

/// The log of the prior density at `theta`, up to a constant.
fn log_prior(p: &Problem, theta: &Theta, priors: &Priors) -> f64 {
    let sq = |v: [f64; 2]| v[0] * v[0] + v[1] * v[1];
    let mut total = 0.0;
    for chain in &p.chains {
        let rows = chain.rows.clone();
        total -= 0.5 * priors.x_precision * sq(theta.x[rows.start]);
        for (t, &gap) in chain.gaps.iter().enumerate() {
            let (a, b) = (theta.x[rows.start + t], theta.x[rows.start + t + 1]);
            total -= 0.5 * priors.walk_precision / gap as f64 * sq([b[0] - a[0], b[1] - a[1]]);
        }
    }
    for k in 0..theta.alpha.len() {
        total -= 0.5 * priors.item_precision * (theta.alpha[k].powi(2) + sq(theta.beta[k]));
    }
    total
}

/// Scratch space of the E-step: working responses and weights per cell.
struct Scratch {
    zw: Vec<[f64; 2]>,
    /// The periods of a dynamic fit, for their shift.
    periods: Option<PeriodShift>,
}

/// One EM step from `theta` (Newton-weighted or plain, see [`e_step`]); returns the next
/// parameters and the log-posterior at `theta`.
fn em_step(
    p: &Problem,
    cats: &[u8],
    theta: &Theta,
    priors: &Priors,
    newton: bool,
    scratch: &mut Scratch,
) -> (Theta, f64) {
    let ll = e_step(p, cats, theta, newton, &mut scratch.zw);
    let zw = &scratch.zw;
    let posterior = ll + log_prior(p, theta, priors);
    let items = item_step(p, zw, &theta.x, priors);
    let mut next = Theta {
        x: Vec::new(),
        alpha: items.iter().map(|i| i.0).collect(),
        beta: items.iter().map(|i| i.1).collect(),
        tau: theta.tau.clone(),
    };
    let with_items = Theta {
        x: theta.x.clone(),
        alpha: next.alpha.clone(),
        beta: next.beta.clone(),
        tau: theta.tau.clone(),
    };
    next.tau = (0..p.items.len())
        .into_par_iter()
        .map(|k| {
            if p.items[k].three {
                band_step(p, cats, &with_items, k, priors.min_gap)
            } else {
                0.0
            }
        })
        .collect();
    next.x = position_step(p, zw, &next.alpha, &next.beta, priors);
    // The periods' places before the global one, which then undoes what they moved on the
    // whole.
    if let Some(periods) = &scratch.periods {
        periods.shift(p, zw, &mut next.x, &mut next.alpha, &next.beta, priors);
    }
    relocate(p, &mut next, priors);
    (next, posterior)
}

/// The exact maximum of the log-posterior along the directions the likelihood cannot see: a
/// shift of every position (x + c, with α − β·c) and a stretch of each axis (s·x, with β/s).
/// Only the priors change along them, quadratically, so both optima are closed-form; taking
/// them after every EM step is a conditional maximisation (Meng & Rubin 1993) that removes
/// EM's slowest direction, the tradeoff between the spread of positions and the size of
/// discriminations, which the priors alone hold (the idea of PX-EM: Liu, Rubin & Wu 1998,
/// Biometrika 85(4)).
fn relocate(p: &Problem, theta: &mut Theta, priors: &Priors) {
    let dims = p.dims;
    // Shift: (λx·n₁·I + λ·Σ ββᵀ)·c = −λx·Σ x_first + λ·Σ α·β over chains' first rows.
    let mut a = [[0.0; 2]; 2];
    let mut b = [0.0; 2];
    for chain in &p.chains {
        let x = theta.x[chain.rows.start];
        for i in 0..dims {
            a[i][i] += priors.x_precision;
            b[i] -= priors.x_precision * x[i];
        }
    }
    for k in 0..theta.alpha.len() {
        let beta = theta.beta[k];
        for i in 0..dims {
            b[i] += priors.item_precision * theta.alpha[k] * beta[i];
            for j in 0..dims {
                a[i][j] += priors.item_precision * beta[i] * beta[j];
            }
        }
    }
    let c = apply(&inverse(&a, dims), b);
    if c.iter().all(|v| v.is_finite()) {
        for x in &mut theta.x {
            x[0] += c[0];
            x[1] += c[1];
        }
        for k in 0..theta.alpha.len() {
            theta.alpha[k] -= theta.beta[k][0] * c[0] + theta.beta[k][1] * c[1];
        }
    }
    // Stretch of axis d: s⁴ = λ·Σ β_d² / Q_d, Q_d the positions' prior quadratic form on d.
    for d in 0..dims {
        let mut q = 0.0;
        for chain in &p.chains {
            let first = theta.x[chain.rows.start][d];
            q += priors.x_precision * first * first;
            for (t, &gap) in chain.gaps.iter().enumerate() {
                let step = theta.x[chain.rows.start + t + 1][d] - theta.x[chain.rows.start + t][d];
                q += priors.walk_precision / gap as f64 * step * step;
            }
        }
        let beta: f64 = theta.beta.iter().map(|v| v[d] * v[d]).sum::<f64>();
        let s = (priors.item_precision * beta / q).sqrt().sqrt();
        if s.is_finite() && s > 0.0 {
            theta.x.iter_mut().for_each(|v| v[d] *= s);
            theta.beta.iter_mut().for_each(|v| v[d] /= s);
        }
    }
}

/// Keeps the bands valid after an extrapolation.
fn project(p: &Problem, theta: &mut Theta, priors: &Priors) {
    for (k, tau) in theta.tau.iter_mut().enumerate() {
        *tau = if p.items[k].three {
            tau.max(priors.min_gap)
        } else {
            0.0
        };
    }
}

/// The result of [`fit`].
#[derive(Debug, Clone)]
pub(crate) struct Fitted {
    pub theta: Theta,
    /// EM steps taken (SQUAREM counts each of its steps).
    pub iterations: usize,
    pub converged: bool,
}

/// Maximises the posterior from `start` by SQUAREM-accelerated EM until an EM step meets the
/// rules of `convergence`, or `max_iterations` steps.
///
/// # Complexity
/// O(cells) time per EM step (a truncated-normal mean per cell, two small solves per item
/// and per row), O(cells) memory.
pub(crate) fn fit(
    p: &Problem,
    cats: &[u8],
    start: Theta,
    priors: &Priors,
    convergence: Convergence,
    max_iterations: usize,
) -> Fitted {
    let mut scratch = Scratch {
        zw: vec![[0.0; 2]; p.n_cells()],
        periods: PeriodShift::of(p),
    };
    let mut theta = start;
    let mut iterations = 0;
    // Newton-weighted steps; when one fails to increase the posterior, plain EM steps (which
    // always do) for the next `PAUSE` steps, then Newton again.
    const PAUSE: usize = 20;
    let mut plain_until = 0usize;
    // A few plain steps first: the items start at zero and extrapolating from there is wild.
    for _ in 0..3.min(max_iterations) {
        theta = em_step(p, cats, &theta, priors, false, &mut scratch).0;
        iterations += 1;
    }
    let mut step_max: f64 = 1.0;
    let mut last_posterior = f64::NEG_INFINITY;
    while iterations < max_iterations {
        let newton = iterations >= plain_until;
        let (first, posterior) = em_step(p, cats, &theta, priors, newton, &mut scratch);
        iterations += 1;
        if newton && posterior < last_posterior - 1e-9 * posterior.abs() {
            plain_until = iterations + PAUSE;
        }
        let newton = iterations >= plain_until;
        if convergence.reached(&theta, &first, p.dims) {
            return Fitted {
                theta: first,
                iterations,
                converged: true,
            };
        }
        if iterations + 2 > max_iterations {
            theta = first;
            last_posterior = posterior;
            continue;
        }
        let (second, posterior_first) = em_step(p, cats, &first, priors, newton, &mut scratch);
        iterations += 1;
        if newton && posterior_first < posterior - 1e-9 * posterior.abs() {
            plain_until = iterations + PAUSE;
        }
        let newton = iterations >= plain_until;
        let Some((mut jumped, alpha)) = squarem_jump(&theta, &first, &second, step_max) else {
            theta = second;
            last_posterior = posterior_first;
            continue;
        };
        project(p, &mut jumped, priors);
        let (after, posterior_jumped) = em_step(p, cats, &jumped, priors, newton, &mut scratch);
        iterations += 1;
        if posterior_jumped.is_finite() && posterior_jumped >= posterior_first {
            theta = after;
            last_posterior = posterior_jumped;
            if -alpha >= step_max {
                step_max *= 4.0;
            }
        } else {
            theta = second;
            last_posterior = posterior_first;
            step_max = (step_max / 4.0).max(1.0);
        }
    }
    Fitted {
        theta,
        iterations,
        converged: false,
    }
}

/// The SQUAREM extrapolation (scheme S3 of Varadhan & Roland, see the module docs) from
/// three successive iterates, its step length −α clamped to [1, `step_max`]; `None`
/// when the second difference is zero or not finite. The caller projects the result back
/// to valid bands.
fn squarem_jump(
    theta: &Theta,
    first: &Theta,
    second: &Theta,
    step_max: f64,
) -> Option<(Theta, f64)> {
    let (mut r2, mut v2) = (0.0, 0.0);
    for ((t0, t1), t2) in theta.values().zip(first.values()).zip(second.values()) {
        let (r, v) = (t1 - t0, t2 - 2.0 * t1 + t0);
        r2 += r * r;
        v2 += v * v;
    }
    if v2 == 0.0 || !v2.is_finite() {
        return None;
    }
    let alpha = -(r2 / v2).sqrt().clamp(1.0, step_max);
    let mut jumped = theta.clone();
    for ((j, t1), t2) in jumped.values_mut().zip(first.values()).zip(second.values()) {
        let t0 = *j;
        let (r, v) = (t1 - t0, t2 - 2.0 * t1 + t0);
        *j = t0 - 2.0 * alpha * r + alpha * alpha * v;
    }
    Some((jumped, alpha))
}

/// Starting positions: per period, the leading singular vectors of the vote matrix (choices
/// as 0, ½, 1, centred per motion, missing as 0) by subspace iteration from seeded random
/// vectors, scaled to unit variance; oriented by `orient`. Items start at zero, bands at ½.
///
/// # Complexity
/// O(40 · cells · dims).
pub(crate) fn start(p: &Problem, seed: u64, orient: &dyn Fn(&mut [[f64; 2]])) -> Theta {
    let periods = p.periods();
    let per_period: Vec<Vec<[f64; 2]>> = periods
        .par_iter()
        .enumerate()
        .map(|(index, &period)| period_start(p, period, index, seed))
        .collect();
    let mut x = vec![[0.0; 2]; p.rows.len()];
    for (index, &period) in periods.iter().enumerate() {
        let rows = (0..p.rows.len()).filter(|&r| p.rows[r].period == period);
        for (r, v) in rows.zip(&per_period[index]) {
            x[r] = *v;
        }
    }
    orient(&mut x);
    Theta {
        x,
        alpha: vec![0.0; p.items.len()],
        beta: vec![[0.0; 2]; p.items.len()],
        tau: p
            .items
            .iter()
            .map(|i| if i.three { 0.5 } else { 0.0 })
            .collect(),
    }
}

/// The starting positions of the rows of one period (the `index`-th), in row order: see
/// `start`.
fn period_start(p: &Problem, period: Option<u32>, index: usize, seed: u64) -> Vec<[f64; 2]> {
    let dims = p.dims;
    let rows: Vec<usize> = (0..p.rows.len())
        .filter(|&r| p.rows[r].period == period)
        .collect();
    let mut local = vec![usize::MAX; p.rows.len()];
    for (i, &r) in rows.iter().enumerate() {
        local[r] = i;
    }
    // The period's motions: their cells and their mean choice.
    let motions: Vec<(std::ops::Range<usize>, f64)> = p
        .motions
        .iter()
        .filter(|m| m.period == period)
        .map(|m| {
            let n = m.cells.len() as f64;
            let mean = p.choices[m.cells.clone()]
                .iter()
                .map(|&c| c as f64 / 2.0)
                .sum::<f64>()
                / n;
            (m.cells.clone(), mean)
        })
        .collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(
        seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    let mut x: Vec<[f64; 2]> = (0..rows.len())
        .map(|_| [rng.gen_range(-1.0..1.0), rng.gen_range(-1.0..1.0)])
        .collect();
    for _ in 0..40 {
        x = subspace_step(p, &motions, &local, &x);
    }
    let scale = (rows.len() as f64).sqrt();
    for v in &mut x {
        v[0] *= scale;
        v[1] = if dims > 1 { v[1] * scale } else { 0.0 };
    }
    x
}

/// One step of subspace iteration: `B·Bᵀ·x` orthonormalised, for B the centred choices of
/// `motions` (rows through `local`, the period's index of each row).
fn subspace_step(
    p: &Problem,
    motions: &[(std::ops::Range<usize>, f64)],
    local: &[usize],
    x: &[[f64; 2]],
) -> Vec<[f64; 2]> {
    let mut next = vec![[0.0; 2]; x.len()];
    for (cells, mean) in motions {
        let mut y = [0.0; 2];
        for c in cells.clone() {
            let b = p.choices[c] as f64 / 2.0 - mean;
            let xr = x[local[p.cell_row[c] as usize]];
            y[0] += b * xr[0];
            y[1] += b * xr[1];
        }
        for c in cells.clone() {
            let b = p.choices[c] as f64 / 2.0 - mean;
            let slot = &mut next[local[p.cell_row[c] as usize]];
            slot[0] += b * y[0];
            slot[1] += b * y[1];
        }
    }
    orthonormalise(&mut next, p.dims);
    next
}

/// Gram–Schmidt on the (at most two) columns of `x`; a zero column stays zero.
fn orthonormalise(x: &mut [[f64; 2]], dims: usize) {
    let norm = |x: &[[f64; 2]], d: usize| x.iter().map(|v| v[d] * v[d]).sum::<f64>().sqrt();
    let n0 = norm(x, 0);
    if n0 > 0.0 {
        x.iter_mut().for_each(|v| v[0] /= n0);
    }
    if dims > 1 {
        let dot: f64 = x.iter().map(|v| v[0] * v[1]).sum();
        x.iter_mut().for_each(|v| v[1] -= dot * v[0]);
        let n1 = norm(x, 1);
        if n1 > 0.0 {
            x.iter_mut().for_each(|v| v[1] /= n1);
        }
    } else {
        x.iter_mut().for_each(|v| v[1] = 0.0);
    }
}

/// Draws a data set from the model at `theta`: one choice per observed cell, in cell order.
pub(crate) fn simulate(p: &Problem, theta: &Theta, rng: &mut impl Rng) -> Vec<u8> {
    (0..p.n_cells())
        .map(|c| {
            let k = p.cell_item[c] as usize;
            let mu = index(
                theta.alpha[k],
                theta.beta[k],
                theta.x[p.cell_row[c] as usize],
            );
            let probabilities = probabilities(mu, theta.tau[k]);
            let u: f64 = rng.r#gen();
            if u < probabilities[0] {
                0
            } else if u < probabilities[0] + probabilities[1] {
                1
            } else {
                2
            }
        })
        .collect()
}

/// Fit statistics at `theta`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Statistics {
    pub log_likelihood: f64,
    pub votes: usize,
    pub correct: usize,
    /// Σ over motions of the votes outside the motion's most common choice.
    pub minority: usize,
}

/// Log-likelihood, votes classified correctly (the most probable choice is the one cast) and
/// the motions' minority votes, for the APRE (Poole & Rosenthal 1997).
pub(crate) fn statistics(p: &Problem, cats: &[u8], theta: &Theta) -> Statistics {
    let per_motion: Vec<(f64, usize, usize)> = p
        .motions
        .par_iter()
        .map(|m| {
            let k = m.item as usize;
            let (mut ll, mut correct) = (0.0, 0);
            let mut counts = [0usize; 3];
            for c in m.cells.clone() {
                let mu = index(
                    theta.alpha[k],
                    theta.beta[k],
                    theta.x[p.cell_row[c] as usize],
                );
                let (lo, hi) = bounds(cats[c], mu, theta.tau[k]);
                ll += normal::truncated(lo, hi).1;
                let probabilities = probabilities(mu, theta.tau[k]);
                let mut best = 0;
                for i in 1..3 {
                    if probabilities[i] > probabilities[best] {
                        best = i;
                    }
                }
                correct += usize::from(best as u8 == cats[c]);
                counts[cats[c] as usize] += 1;
            }
            let minority = m.cells.len() - counts.iter().copied().max().unwrap_or(0);
            (ll, correct, minority)
        })
        .collect();
    Statistics {
        log_likelihood: per_motion.iter().map(|m| m.0).sum(),
        votes: p.n_cells(),
        correct: per_motion.iter().map(|m| m.1).sum(),
        minority: per_motion.iter().map(|m| m.2).sum(),
    }
}

/// The affine map that puts positions at mean 0 and covariance I over all rows, then rotates
/// them so that the first axis carries the most discrimination (the eigenvectors of
/// Σ_k β_k β_kᵀ), with the items changed so that every index α + β·x is the same.
/// `None` when the positions have no spread.
pub(crate) fn standardise(p: &Problem, theta: &Theta) -> Option<Theta> {
    let dims = p.dims;
    let (mean, cov) = moments(&theta.x);
    // x' = L⁻¹(x − m) with cov = L·Lᵀ; β' = Lᵀβ; α' = α + β·m.
    let [l00, l10, l11] = cholesky(&cov, dims)?;
    let mut x: Vec<[f64; 2]> = theta
        .x
        .iter()
        .map(|v| {
            let d = [v[0] - mean[0], v[1] - mean[1]];
            let a = d[0] / l00;
            let b = if dims > 1 {
                (d[1] - l10 * a) / l11
            } else {
                0.0
            };
            [a, b]
        })
        .collect();
    let alpha: Vec<f64> = (0..theta.alpha.len())
        .map(|k| index(theta.alpha[k], theta.beta[k], mean))
        .collect();
    let mut beta: Vec<[f64; 2]> = theta
        .beta
        .iter()
        .map(|b| {
            [
                l00 * b[0] + l10 * b[1],
                if dims > 1 { l11 * b[1] } else { 0.0 },
            ]
        })
        .collect();
    if dims > 1 {
        rotate_to_discrimination(&mut x, &mut beta);
    }
    Some(Theta {
        x,
        alpha,
        beta,
        tau: theta.tau.clone(),
    })
}

/// The mean and the covariance (divided by n) of the positions.
fn moments(x: &[[f64; 2]]) -> ([f64; 2], [[f64; 2]; 2]) {
    let n = x.len() as f64;
    let mut mean = [0.0; 2];
    for v in x {
        mean[0] += v[0] / n;
        mean[1] += v[1] / n;
    }
    let mut cov = [[0.0; 2]; 2];
    for v in x {
        let d = [v[0] - mean[0], v[1] - mean[1]];
        for i in 0..2 {
            for j in 0..2 {
                cov[i][j] += d[i] * d[j] / n;
            }
        }
    }
    (mean, cov)
}

/// The Cholesky factor `[l00, l10, l11]` of the covariance in `dims` dimensions (in one,
/// `l10 = 0` and `l11 = 1`); `None` when a diagonal entry is not above 1e-12 (no spread).
fn cholesky(cov: &[[f64; 2]; 2], dims: usize) -> Option<[f64; 3]> {
    let l00 = cov[0][0].sqrt();
    if l00.is_nan() || l00 <= 1e-12 {
        return None;
    }
    if dims > 1 {
        let l10 = cov[1][0] / l00;
        let l11 = (cov[1][1] - l10 * l10).max(0.0).sqrt();
        if l11.is_nan() || l11 <= 1e-12 {
            return None;
        }
        Some([l00, l10, l11])
    } else {
        Some([l00, 0.0, 1.0])
    }
}

/// Rotates positions and discriminations alike so that the first axis carries the most
/// discrimination (the eigenvectors of Σ_k β_k β_kᵀ).
fn rotate_to_discrimination(x: &mut [[f64; 2]], beta: &mut [[f64; 2]]) {
    let mut m = [[0.0; 2]; 2];
    for b in beta.iter() {
        for i in 0..2 {
            for j in 0..2 {
                m[i][j] += b[i] * b[j];
            }
        }
    }
    let rotation = eigenvectors(&m);
    let rotate = |v: [f64; 2]| {
        [
            rotation[0][0] * v[0] + rotation[1][0] * v[1],
            rotation[0][1] * v[0] + rotation[1][1] * v[1],
        ]
    };
    x.iter_mut().for_each(|v| *v = rotate(*v));
    beta.iter_mut().for_each(|v| *v = rotate(*v));
}

/// The eigenvectors of a symmetric 2 × 2 matrix as columns, the larger eigenvalue's first.
fn eigenvectors(m: &[[f64; 2]; 2]) -> [[f64; 2]; 2] {
    let (a, b, d) = (m[0][0], m[0][1], m[1][1]);
    let angle = 0.5 * (2.0 * b).atan2(a - d);
    let (s, c) = angle.sin_cos();
    [[c, -s], [s, c]]
}

/// Flips dimension `dim` of positions and discriminations.
pub(crate) fn flip(theta: &mut Theta, dim: usize) {
    theta.x.iter_mut().for_each(|v| v[dim] = -v[dim]);
    theta.beta.iter_mut().for_each(|v| v[dim] = -v[dim]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenvectors_put_the_larger_axis_first() {
        let m = [[1.0, 0.0], [0.0, 5.0]];
        let r = eigenvectors(&m);
        // First column ≈ ±(0, 1).
        assert!(r[0][0].abs() < 1e-12 && (r[1][0].abs() - 1.0).abs() < 1e-12);
        let m = [[2.0, 1.0], [1.0, 2.0]];
        let r = eigenvectors(&m);
        assert!((r[0][0] - r[1][0]).abs() < 1e-12);
    }

    #[test]
    fn the_normal_equations_of_rows_are_the_plain_sums_to_the_bit() {
        use crate::ideal::planted::{PlantedIrt, planted_irt};
        use crate::ideal::{IdealParams, ParamGuard};
        let planted = planted_irt(&PlantedIrt {
            members: 40,
            motions: 120,
            dims: 2,
            ..PlantedIrt::default()
        });
        let params = IdealParams::new().dims(2).check().unwrap();
        let motions: Vec<usize> = (0..planted.dataset.motions.len()).collect();
        let periods = vec![None; motions.len()];
        let unit = super::super::problem::Unit {
            motions: &motions,
            period_of: &periods,
            ranks: &|_| 0,
            bridges: &[],
            dynamic: false,
        };
        let (p, _) = super::super::problem::build(&planted.dataset, &params, &unit);
        let zw: Vec<[f64; 2]> = (0..p.n_cells())
            .map(|c| [(c % 7) as f64 * 0.3 - 1.0, 0.1 + (c % 5) as f64 * 0.2])
            .collect();
        let alpha: Vec<f64> = (0..p.items.len()).map(|k| k as f64 * 0.01 - 0.5).collect();
        let beta: Vec<[f64; 2]> = (0..p.items.len())
            .map(|k| [1.0 + (k % 3) as f64, 0.5 - (k % 4) as f64 * 0.3])
            .collect();
        let (diag, rhs) = row_normal_equations(&p, &zw, &alpha, &beta);
        // The plain sums: each row's cells in cell order.
        for r in 0..p.rows.len() {
            let (mut a, mut b) = ([[0.0f64; 2]; 2], [0.0f64; 2]);
            for c in (0..p.n_cells()).filter(|&c| p.cell_row[c] as usize == r) {
                let k = p.cell_item[c] as usize;
                let [z, wc] = zw[c];
                let resid = z - alpha[k];
                for i in 0..2 {
                    b[i] += wc * beta[k][i] * resid;
                    for j in 0..2 {
                        a[i][j] += wc * beta[k][i] * beta[k][j];
                    }
                }
            }
            assert_eq!(
                diag[r].map(|v| v.map(f64::to_bits)),
                a.map(|v| v.map(f64::to_bits))
            );
            assert_eq!(rhs[r].map(f64::to_bits), b.map(f64::to_bits));
        }
    }

    #[test]
    fn the_correlation_of_positions_is_the_worst_axis() {
        let theta = |x: Vec<[f64; 2]>| Theta {
            x,
            alpha: Vec::new(),
            beta: Vec::new(),
            tau: Vec::new(),
        };
        let a = theta(vec![[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]]);
        // The first axis stretched and shifted, the second reversed.
        let b = theta(a.x.iter().map(|v| [2.0 * v[0] + 5.0, -v[1]]).collect());
        assert!((position_correlation(&a, &b, 1) - 1.0).abs() < 1e-12);
        assert!((position_correlation(&a, &b, 2) + 1.0).abs() < 1e-12);
        let still = Convergence {
            tolerance: 1e-9,
            correlation: 1e-6,
        };
        assert!(still.reached(&a, &b, 1) && !still.reached(&a, &b, 2));
        let off = Convergence {
            correlation: 0.0,
            ..still
        };
        assert!(!off.reached(&a, &b, 1) && off.reached(&a, &a, 2));
    }

    #[test]
    fn spd_solve_inverts() {
        let a = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]];
        let b = [1.0, 2.0, 3.0];
        let s = solve_spd(&a, &b, 3);
        for i in 0..3 {
            let row: f64 = (0..3).map(|j| a[i][j] * s[j]).sum();
            assert!((row - b[i]).abs() < 1e-12);
        }
    }
}
