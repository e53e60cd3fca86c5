//! The standard normal distribution as the probit models need it: tail probabilities, their
//! logarithms and the means of truncated normals, accurate far into the tails (a member voting
//! against a motion it is predicted to support at twenty standard deviations must not give a
//! NaN or an infinite expectation).
//!
//! Tails are computed from `erfc` (the `libm` port of musl, relative accuracy below 1e-15 while
//! the value is a normal double) up to 8 standard deviations, and beyond from the continued
//! fraction of the Mills ratio (Abramowitz & Stegun 26.2.14), whose first twenty terms there
//! agree with `erfc` to the last digit.

use std::f64::consts::FRAC_1_SQRT_2;

/// 1/√(2π).
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_7;
/// From this many standard deviations on, tails come from the continued fraction.
const FAR: f64 = 8.0;

/// The standard normal density φ(x).
pub fn pdf(x: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * x * x).exp()
}

/// The upper tail Φ̄(x) = P(Z > x).
pub fn sf(x: f64) -> f64 {
    0.5 * libm::erfc(x * FRAC_1_SQRT_2)
}

/// The distribution function Φ(x) = P(Z ≤ x).
pub fn cdf(x: f64) -> f64 {
    sf(-x)
}

/// The Mills ratio Φ̄(x)/φ(x) for x ≥ [`FAR`], by its continued fraction
/// `1/(x + 1/(x + 2/(x + 3/(x + …))))`, evaluated from the twentieth term back.
fn mills_far(x: f64) -> f64 {
    let mut tail = x;
    for k in (1..=20).rev() {
        tail = x + k as f64 / tail;
    }
    1.0 / tail
}

/// The Mills ratio R(x) = Φ̄(x)/φ(x), finite for every finite x (it grows like
/// `√(2π)·e^{x²/2}` to the left, capped at `f64::MAX`).
pub fn mills(x: f64) -> f64 {
    if x >= FAR {
        mills_far(x)
    } else {
        let density = pdf(x);
        if density > 0.0 {
            (sf(x) / density).min(f64::MAX)
        } else {
            f64::MAX
        }
    }
}

/// The inverse Mills ratio λ(x) = φ(x)/Φ̄(x) = E[Z | Z > x] for every finite x: 0 far to the
/// left, ≈ x far to the right.
pub fn hazard(x: f64) -> f64 {
    if x >= FAR {
        1.0 / mills_far(x)
    } else {
        pdf(x) / sf(x)
    }
}

/// ln Φ̄(x), finite for every finite x.
pub fn ln_sf(x: f64) -> f64 {
    if x >= FAR {
        -0.5 * x * x - LN_SQRT_2PI + mills_far(x).ln()
    } else {
        sf(x).ln()
    }
}

/// The mean of Z given lo < Z < hi and the log of the probability of that interval, for
/// `lo < hi` (either may be infinite, not both). Stable when both ends lie far in one tail: the
/// difference of two tails is then taken as one tail times `1 − e^{−(b² − a²)/2}·R(b)/R(a)`.
///
/// ```text
/// E[Z | Z > a]      = λ(a)
/// E[Z | Z < b]      = −λ(−b)
/// E[Z | a < Z < b]  = (φ(a) − φ(b)) / (Φ(b) − Φ(a))
/// ```
pub fn truncated(lo: f64, hi: f64) -> (f64, f64) {
    if hi == f64::INFINITY {
        tail(lo)
    } else if lo == f64::NEG_INFINITY {
        let (mean, ln_p) = tail(-hi);
        (-mean, ln_p)
    } else if lo >= 0.0 {
        upper_interval(lo, hi)
    } else if hi <= 0.0 {
        let (mean, ln_p) = upper_interval(-hi, -lo);
        (-mean, ln_p)
    } else {
        let p = (1.0 - sf(hi) - sf(-lo)).max(f64::MIN_POSITIVE);
        ((pdf(lo) - pdf(hi)) / p, p.ln())
    }
}

/// `(E[Z | Z > a], ln Φ̄(a))`, from one tail evaluation.
fn tail(a: f64) -> (f64, f64) {
    if a >= FAR {
        let r = mills_far(a);
        (1.0 / r, -0.5 * a * a - LN_SQRT_2PI + r.ln())
    } else {
        let s = sf(a);
        (pdf(a) / s, s.ln())
    }
}

/// [`truncated`] for `0 ≤ a < b`: with `e = e^{−(b² − a²)/2}`,
/// `Φ̄(a) − Φ̄(b) = φ(a)(R(a) − e·R(b))` and `φ(a) − φ(b) = φ(a)(1 − e)`.
fn upper_interval(a: f64, b: f64) -> (f64, f64) {
    if b == f64::INFINITY {
        return tail(a);
    }
    let shrink = (-0.5 * (b - a) * (b + a)).exp();
    let numerator = -(-0.5 * (b - a) * (b + a)).exp_m1();
    let denominator = (mills(a) - shrink * mills(b)).max(f64::MIN_POSITIVE);
    let ln_p = -0.5 * a * a - LN_SQRT_2PI + denominator.ln();
    (numerator / denominator, ln_p)
}

/// [`truncated`] with a third value: `w = 1 − Var(Z | lo < Z < hi)`, the curvature
/// `−d²/dμ² ln P(lo − μ < Z < hi − μ)` at μ = 0 (the observed information of the interval: the
/// complete-data information 1 minus the missing information), in (0, 1).
pub fn moments(lo: f64, hi: f64) -> (f64, f64, f64) {
    if hi == f64::INFINITY {
        tail_moments(lo)
    } else if lo == f64::NEG_INFINITY {
        let (mean, ln_p, w) = tail_moments(-hi);
        (-mean, ln_p, w)
    } else if lo >= 0.0 {
        upper_moments(lo, hi)
    } else if hi <= 0.0 {
        let (mean, ln_p, w) = upper_moments(-hi, -lo);
        (-mean, ln_p, w)
    } else {
        let p = (1.0 - sf(hi) - sf(-lo)).max(f64::MIN_POSITIVE);
        let (dl, dh) = (pdf(lo), pdf(hi));
        let mean = (dl - dh) / p;
        (mean, p.ln(), mean * mean + (hi * dh - lo * dl) / p)
    }
}

fn tail_moments(a: f64) -> (f64, f64, f64) {
    let (lambda, ln_p) = tail(a);
    (lambda, ln_p, lambda * (lambda - a))
}

/// [`moments`] for `0 ≤ a < b < ∞`, scaled by φ(a) as in [`upper_interval`].
fn upper_moments(a: f64, b: f64) -> (f64, f64, f64) {
    let shrink = (-0.5 * (b - a) * (b + a)).exp();
    let numerator = -(-0.5 * (b - a) * (b + a)).exp_m1();
    let denominator = (mills(a) - shrink * mills(b)).max(f64::MIN_POSITIVE);
    let ln_p = -0.5 * a * a - LN_SQRT_2PI + denominator.ln();
    let mean = numerator / denominator;
    (mean, ln_p, mean * mean + (b * shrink - a) / denominator)
}

/// φ(u)/(Φ(u) − Φ(a)) for a < u: the derivative of `ln(Φ(u) − Φ(a))` in u, stable in both
/// tails.
pub fn density_over_interval(a: f64, u: f64) -> f64 {
    if a >= 0.0 {
        // Φ(u) − Φ(a) = φ(u)(R(a)·e^{(u² − a²)/2} − R(u)).
        let grow = (0.5 * (u - a) * (u + a)).min(700.0).exp();
        1.0 / (mills(a) * grow - mills(u)).max(f64::MIN_POSITIVE)
    } else if u <= 0.0 {
        // Φ(u) − Φ(a) = Φ̄(−u) − Φ̄(−a) = φ(u)(R(−u) − R(−a)·e^{(u² − a²)/2}), u² < a².
        let shrink = (0.5 * (u - a) * (u + a)).exp();
        1.0 / (mills(-u) - mills(-a) * shrink).max(f64::MIN_POSITIVE)
    } else {
        pdf(u) / (1.0 - sf(u) - sf(-a)).max(f64::MIN_POSITIVE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numerical integration of z·φ(z) and φ(z) over [lo, hi] (Simpson, 20,000 steps).
    fn brute(lo: f64, hi: f64) -> (f64, f64) {
        let n = 20_000;
        let h = (hi - lo) / n as f64;
        let (mut mass, mut first) = (0.0, 0.0);
        for i in 0..=n {
            let z = lo + i as f64 * h;
            let w = if i == 0 || i == n {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            };
            mass += w * pdf(z);
            first += w * z * pdf(z);
        }
        (first / mass, (mass * h / 3.0).ln())
    }

    #[test]
    fn interval_moments_match_integration() {
        for (lo, hi) in [
            (-1.0, 0.5),
            (0.2, 1.7),
            (-3.0, -2.5),
            (5.0, 5.3),
            (-9.0, -8.9),
        ] {
            let (mean, ln_p) = truncated(lo, hi);
            let (want_mean, want_ln_p) = brute(lo, hi);
            assert!(
                (mean - want_mean).abs() < 1e-9,
                "{lo} {hi}: {mean} vs {want_mean}"
            );
            assert!(
                (ln_p - want_ln_p).abs() < 1e-8,
                "{lo} {hi}: {ln_p} vs {want_ln_p}"
            );
        }
    }

    #[test]
    fn the_information_is_one_minus_the_truncated_variance() {
        for (lo, hi) in [
            (-1.0, 0.5),
            (0.2, 1.7),
            (-3.0, -2.5),
            (5.0, 5.3),
            (-0.3, f64::INFINITY),
        ] {
            let (mean, ln_p, w) = moments(lo, hi);
            let (m0, l0) = truncated(lo, hi);
            assert!((mean - m0).abs() < 1e-12 && (ln_p - l0).abs() < 1e-12);
            // −d²/dμ² ln P(lo − μ < Z < hi − μ) at 0 by differences.
            let f = |mu: f64| truncated(lo - mu, hi - mu).1;
            let h = 1e-4;
            let curvature = -(f(h) - 2.0 * f(0.0) + f(-h)) / (h * h);
            assert!(
                (w - curvature).abs() < 1e-5,
                "{lo} {hi}: {w} vs {curvature}"
            );
            assert!(w > 0.0 && w < 1.0);
        }
        let (_, _, w) = moments(30.0, f64::INFINITY);
        assert!(w > 0.0 && w.is_finite());
    }

    #[test]
    fn tails_are_continuous_at_the_switch_and_finite_far_out() {
        let below = hazard(FAR - 1e-9);
        let above = hazard(FAR);
        assert!((below - above).abs() < 1e-8);
        assert!((ln_sf(FAR - 1e-9) - ln_sf(FAR)).abs() < 1e-8);
        for x in [-40.0, -12.0, 0.0, 12.0, 40.0, 1e3] {
            let (m, l) = truncated(x, f64::INFINITY);
            assert!(m.is_finite() && l.is_finite(), "{x}");
            assert!(m >= x.max(0.0) - 1e-12);
            let (m, l) = truncated(f64::NEG_INFINITY, x);
            assert!(m.is_finite() && l.is_finite(), "{x}");
            let (m, l) = truncated(x, x + 0.1);
            assert!(
                m.is_finite() && l.is_finite() && m > x && m < x + 0.1,
                "{x}: {m}"
            );
            assert!(density_over_interval(x, x + 0.1).is_finite());
        }
        assert!((hazard(0.0) - 2.0 * INV_SQRT_2PI).abs() < 1e-15);
    }

    #[test]
    fn interval_derivative_matches_a_difference() {
        for (a, u) in [(-1.0, 0.3), (0.5, 1.0), (-4.0, -3.0), (6.0, 6.5)] {
            // The reference itself must avoid the cancellation of two CDFs near 1.
            let f = |u: f64| {
                if a >= 0.0 {
                    (sf(a) - sf(u)).ln()
                } else {
                    (cdf(u) - cdf(a)).ln()
                }
            };
            let numeric = (f(u + 1e-6) - f(u - 1e-6)) / 2e-6;
            let exact = density_over_interval(a, u);
            assert!(
                (numeric - exact).abs() < 1e-5 * exact.abs().max(1.0),
                "{a} {u}"
            );
        }
    }
}
