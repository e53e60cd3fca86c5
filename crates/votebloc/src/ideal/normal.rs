//! The standard normal distribution as the probit models need it: tail probabilities, their
//! logarithms and the means of truncated normals, accurate far into the tails (a member voting
//! against a motion it is predicted to support at twenty standard deviations must not give a
//! NaN or an infinite expectation).
//!
//! Everything rests on the Mills ratio R(x) = Φ̄(x)/φ(x): on [0, 8) from a table of
//! polynomials (Chebyshev interpolants of degree 10 on quarters, relative error below 3e-15;
//! `tools/mills_table.py` makes the table), from 8 on by its continued fraction (Abramowitz &
//! Stegun 26.2.14). A tail then costs one polynomial and a logarithm, where `erfc` costs two
//! exponentials: the E-step evaluates one or two per vote and step, the most of a fit's time.

/// 1/√(2π).
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_7;
/// From this many standard deviations on, tails come from the continued fraction.
const FAR: f64 = 8.0;
/// From this many standard deviations below 0 on, the upper tail `Φ̄(x) = 1 − φ(x)·R(−x)`
/// rounds to 1 exactly, so that neither the Mills ratio nor a logarithm is needed: `φ(x)·R(−x)`
/// is at most 9.5e-18 there, under half the spacing of doubles below 1 (2⁻⁵⁴ ≈ 5.6e-17). These
/// are the votes cast on the side their motion predicts at that distance, the commonest cells
/// of a fit with sharp motions; `BENCHMARKS.md`, "Ideal points".
const CERTAIN: f64 = 8.5;

#[allow(clippy::excessive_precision)]
const MILLS_TABLE: [[f64; 11]; 32] = [
    [
        1.137490921203604,
        -0.10722670435619469,
        0.008048939194120017,
        -0.0005165508602088615,
        2.942339195199734e-05,
        -1.5222733753595194e-06,
        7.265905527132894e-08,
        -3.2356886958380387e-09,
        1.3576024256953471e-10,
        -5.419331130392918e-12,
        1.2058310082691391e-13,
    ],
    [
        0.9515271920712061,
        -0.08039716287166199,
        0.005549497683255149,
        -0.0003320243219900459,
        1.77868152927388e-05,
        -8.708246102673706e-07,
        3.951651119988328e-08,
        -1.6791863294396472e-09,
        6.736827114323642e-11,
        -2.5688282716525243e-12,
        7.536443801682119e-14,
    ],
    [
        0.8105337152790301,
        -0.06167705349382672,
        0.003923034748512353,
        -0.00021907229035967563,
        1.1045598836769421e-05,
        -5.120134673764973e-07,
        2.2097673403580086e-08,
        -8.962012389728975e-10,
        3.4486766836497377e-11,
        -1.2874758161206954e-12,
        1.004859173557616e-14,
    ],
    [
        0.7012808218544299,
        -0.04829741010967203,
        0.002837491805361025,
        -0.00014809878891308204,
        7.0343761407234375e-06,
        -3.089317552446876e-07,
        1.2687015258263007e-08,
        -4.91317139645539e-10,
        1.818606693044244e-11,
        -6.475061299611888e-13,
        -3.014577520672848e-14,
    ],
    [
        0.6149545961509295,
        -0.038522009916275635,
        0.002095753960187866,
        -0.00010239700142806833,
        4.586644350251468e-06,
        -1.909912686398962e-07,
        7.467959018165357e-09,
        -2.7627360641308706e-10,
        9.810251700347958e-12,
        -3.3811941097755095e-13,
        -2.260933140504636e-14,
    ],
    [
        0.5455421356582167,
        -0.03123494543374406,
        0.0015777948116169878,
        -7.228751304942302e-05,
        3.0571569141906992e-06,
        -1.2080871937935063e-07,
        4.500651054324447e-09,
        -1.5914015572714746e-10,
        5.4105386126242864e-12,
        -1.8095315586330506e-13,
        -1.25607396694702e-14,
    ],
    [
        0.4888504415275737,
        -0.025702254064711737,
        0.0012087588959833922,
        -5.2022856335262545e-05,
        2.0799287878073254e-06,
        -7.80743312356111e-08,
        2.773281884521958e-09,
        -9.37797384462315e-11,
        3.09465223606572e-12,
        -1.0276255142085307e-13,
        -1.8841109504205298e-14,
    ],
    [
        0.44189573283259986,
        -0.021430687617359945,
        0.0009409017075927303,
        -3.811021876193105e-05,
        1.442376683015964e-06,
        -5.148304796773467e-08,
        1.7450820697443518e-09,
        -5.645882715179761e-11,
        1.8140848267632335e-12,
        -6.535509859271213e-14,
        -2.3865405371993378e-14,
    ],
    [
        0.4025146181296719,
        -0.01808205455930603,
        0.0007431225829782459,
        -2.8380055457525195e-05,
        1.0182095513537395e-06,
        -3.4595309666132e-08,
        1.1199641531046371e-09,
        -3.469516717115407e-11,
        1.1098983590435598e-12,
        -4.164670246658713e-14,
        -3.1401849173675496e-14,
    ],
    [
        0.3691112106902633,
        -0.015420109326328113,
        0.0005947588553897536,
        -2.1456724342228812e-05,
        7.307855289042116e-07,
        -2.366187837862768e-08,
        7.322868638543185e-10,
        -2.1749705783917005e-11,
        6.613229435976058e-13,
        -2.225606060184251e-14,
        -1.632896157031126e-14,
    ],
    [
        0.3404893532870846,
        -0.013276930952675531,
        0.0004818265881309259,
        -1.6450898963823686e-05,
        5.326473137171973e-07,
        -1.6454099526533707e-08,
        4.872391286895221e-10,
        -1.3857783236511004e-11,
        4.2172683440246185e-13,
        -2.433643310959851e-14,
        -1.758503553725828e-14,
    ],
    [
        0.31573921586940995,
        -0.011531219296930656,
        0.000394696656561284,
        -1.2777063521567546e-05,
        3.938445233449077e-07,
        -1.1620748635235774e-08,
        3.295766164144755e-10,
        -9.01543164545077e-12,
        2.687998289266621e-13,
        -8.242985408089818e-15,
        -1.25607396694702e-14,
    ],
    [
        0.29415929704028915,
        -0.010094024593637294,
        0.00032663032968128033,
        -1.0043053909609004e-05,
        2.9513275332099976e-07,
        -8.327316988822544e-09,
        2.263961063811208e-10,
        -5.924719360148558e-12,
        1.9798865904002394e-13,
        -1.681961546364994e-14,
        -2.009718347115232e-14,
    ],
    [
        0.27520189415760643,
        -0.008899200902260077,
        0.0002728396077837629,
        -7.981934850716743e-06,
        2.2393504266389727e-07,
        -6.049041181084342e-09,
        1.577940811165453e-10,
        -3.972495836254753e-12,
        1.555961626555621e-13,
        -1.0244853292911631e-14,
        -2.449344235546689e-14,
    ],
    [
        0.2584343943120384,
        -0.00789691507735777,
        0.0002298738833477667,
        -6.409231560684659e-06,
        1.718991059538809e-07,
        -4.4505055407364176e-09,
        1.1150858954616624e-10,
        -2.695019546480299e-12,
        1.1657936505727027e-13,
        -1.0519619473181293e-14,
        -2.323736838851987e-14,
    ],
    [
        0.24351140061545584,
        -0.007049165326888621,
        0.00019521308970167652,
        -5.195622634076691e-06,
        1.333937105350219e-07,
        -3.313814374504056e-09,
        7.983411834973498e-11,
        -1.85758620094664e-12,
        7.481490565628187e-14,
        -7.654200736083402e-15,
        -1.444485061989073e-14,
    ],
    [
        0.23015439047880087,
        -0.006326642409368223,
        0.00016699367944996818,
        -4.249223893207351e-06,
        1.0456754640585468e-07,
        -2.4952979297815064e-09,
        5.786059588583261e-11,
        -1.3045800108424816e-12,
        4.3334551859672195e-14,
        -2.0803725077560018e-15,
        -6.594388326471855e-15,
    ],
    [
        0.21813668336147116,
        -0.005706501286695527,
        0.00014382139318006173,
        -3.503919400477671e-06,
        8.275084116060645e-08,
        -1.8988853217419176e-09,
        4.24082610940549e-11,
        -9.101433459875176e-13,
        3.6975677402002905e-14,
        -7.143920687011176e-15,
        -7.53644380168212e-15,
    ],
    [
        0.207272200856501,
        -0.005170758879835559,
        0.0001246415804880655,
        -2.9115645900296134e-06,
        6.606911028198245e-08,
        -1.4594072004769306e-09,
        3.1417805238286875e-11,
        -6.507174596930904e-13,
        3.501306182864818e-14,
        -5.132239724322589e-15,
        -9.106536260365895e-15,
    ],
    [
        0.19740696923751916,
        -0.004705128120886693,
        0.00010864822283487372,
        -2.4367053653456794e-06,
        5.319029430145382e-08,
        -1.1321425813935918e-09,
        2.3509330481789104e-11,
        -4.706254014125947e-13,
        4.203922558125807e-14,
        -4.307941183513608e-15,
        -1.4758869111627485e-14,
    ],
    [
        0.18841262850760024,
        -0.004298159862318572,
        9.521932931594379e-05,
        -2.0529550011896776e-06,
        4.315693704788752e-08,
        -8.860053277925286e-10,
        1.7769163223811488e-11,
        -3.456484949708329e-13,
        3.077381219020199e-14,
        -2.1098117413563224e-15,
        -1.0362610227312915e-14,
    ],
    [
        0.18018142571439172,
        -0.003940604598143032,
        8.387053120422259e-05,
        -1.7404778971237128e-06,
        3.5273371934590144e-08,
        -6.991367308341981e-10,
        1.3552002823643404e-11,
        -2.5526514127891485e-13,
        2.4611199289868177e-14,
        -1.63878400375119e-15,
        -8.16448078515563e-15,
    ],
    [
        0.17262231765785052,
        -0.0036249328968239827,
        7.42213851619528e-05,
        -1.4842216881720426e-06,
        2.9028943817401074e-08,
        -5.560059823830736e-10,
        1.0434419877872499e-11,
        -1.8035210484396528e-13,
        1.1304665702523179e-14,
        -5.8976597979309296e-15,
        -3.76822190084106e-15,
    ],
    [
        0.1656579109468773,
        -0.0033449716483871022,
        6.597065213016452e-05,
        -1.2726614476016328e-06,
        2.404517383789805e-08,
        -4.45437848167108e-10,
        8.091638308150571e-12,
        -1.373585574401634e-13,
        1.2717748915338578e-14,
        -3.4836426427046256e-15,
        -5.02429586778808e-15,
    ],
    [
        0.1592220399363673,
        -0.003095625673718835,
        5.887798378181017e-05,
        -1.0968982714275966e-06,
        2.003894628000383e-08,
        -3.593501545917531e-10,
        6.307449023108464e-12,
        -1.010599824109679e-13,
        3.1519606108076786e-14,
        -4.376632728581023e-15,
        -1.2874758161206955e-14,
    ],
    [
        0.15325783485347888,
        -0.002872662851134002,
        5.275023004398911e-05,
        -9.500058269058091e-07,
        1.6796612789738223e-08,
        -2.9181055201550173e-10,
        4.985455705591391e-12,
        -8.028079002807475e-14,
        1.6093447701508698e-15,
        -1.7172886266853788e-15,
        -3.14018491736755e-16,
    ],
    [
        0.14771616974139337,
        -0.002672546932908588,
        4.74311116973506e-05,
        -8.265521507012414e-07,
        1.4155655459814676e-08,
        -2.384456935575647e-10,
        3.948834052248495e-12,
        -6.34133358098243e-14,
        9.145788571832988e-15,
        -7.114481453410855e-16,
        -4.239249638446192e-15,
    ],
    [
        0.14255440701040228,
        -0.002492306475435585,
        4.279336610420554e-05,
        -7.222465595856058e-07,
        1.1991432982468036e-08,
        -1.959991623798054e-10,
        3.1383915773873976e-12,
        -4.210055731792541e-14,
        2.1235500503698056e-14,
        -3.989016152843466e-15,
        -8.635508522760762e-15,
    ],
    [
        0.13773537533823021,
        -0.002329431339388698,
        3.8732726508473553e-05,
        -6.336767101865842e-07,
        1.0207633187072902e-08,
        -1.6200593632149163e-10,
        2.5322757832335258e-12,
        -3.807964866201494e-14,
        4.828034310452609e-15,
        -5.249996658723873e-16,
        -2.198129442157285e-15,
    ],
    [
        0.13322653244712915,
        -0.0021817904003028237,
        3.5163272103508333e-05,
        -5.58111177059334e-07,
        8.72934824732536e-09,
        -1.346287299865136e-10,
        2.0402382459156317e-12,
        -2.3856818928859953e-14,
        1.136354416972382e-14,
        -3.419857636570597e-15,
        -5.02429586778808e-15,
    ],
    [
        0.12899927533433758,
        -0.0020475656969595082,
        3.201381109239521e-05,
        -4.933501055989965e-07,
        7.497867736396789e-09,
        -1.1243874298455886e-10,
        1.6703097430329338e-12,
        -2.290863027998296e-14,
        -6.044855965932534e-15,
        -6.623827560072175e-16,
        2.3551386880256623e-15,
    ],
    [
        0.12502836885535032,
        -0.0019251994080145152,
        2.922504805065003e-05,
        -4.3761135832670766e-07,
        6.466922355521929e-09,
        -9.43607526938608e-11,
        1.3606347648869597e-12,
        -1.8035210484396526e-14,
        2.315886376558568e-15,
        -7.359808400080195e-16,
        -1.7271017045521525e-15,
    ],
];

/// R(x) for 0 ≤ x < [`FAR`], from the table.
#[inline]
fn mills_near(x: f64) -> f64 {
    let scaled = x * 4.0;
    let piece = (scaled as usize).min(MILLS_TABLE.len() - 1);
    let t = 2.0 * (scaled - piece as f64) - 1.0;
    MILLS_TABLE[piece]
        .iter()
        .rev()
        .fold(0.0, |acc, &c| acc * t + c)
}

/// R(x) for x ≥ 0.
#[inline]
fn mills_upper(x: f64) -> f64 {
    if x >= FAR {
        mills_far(x)
    } else {
        mills_near(x)
    }
}

/// The standard normal density φ(x).
pub fn pdf(x: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * x * x).exp()
}

/// The upper tail Φ̄(x) = P(Z > x).
pub fn sf(x: f64) -> f64 {
    if x >= 0.0 {
        pdf(x) * mills_upper(x)
    } else if x <= -CERTAIN {
        1.0
    } else {
        1.0 - pdf(x) * mills_upper(-x)
    }
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
    if x >= 0.0 {
        mills_upper(x)
    } else {
        let density = pdf(x);
        if density > 0.0 {
            (1.0 / density - mills_upper(-x)).min(f64::MAX)
        } else {
            f64::MAX
        }
    }
}

/// The inverse Mills ratio λ(x) = φ(x)/Φ̄(x) = E[Z | Z > x] for every finite x: 0 far to the
/// left, ≈ x far to the right.
pub fn hazard(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / mills_upper(x)
    } else if x <= -CERTAIN {
        pdf(x)
    } else {
        let density = pdf(x);
        density / (1.0 - density * mills_upper(-x))
    }
}

/// ln Φ̄(x), finite for every finite x.
pub fn ln_sf(x: f64) -> f64 {
    tail(x).1
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
        let (dl, dh) = (pdf(lo), pdf(hi));
        let p = (1.0 - dh * mills_upper(hi) - dl * mills_upper(-lo)).max(f64::MIN_POSITIVE);
        ((dl - dh) / p, p.ln())
    }
}

/// `(E[Z | Z > a], ln Φ̄(a))`, from one evaluation of the Mills ratio.
#[inline]
fn tail(a: f64) -> (f64, f64) {
    if a >= 0.0 {
        let r = mills_upper(a);
        (1.0 / r, -0.5 * a * a - LN_SQRT_2PI + r.ln())
    } else if a <= -CERTAIN {
        (pdf(a), 0.0)
    } else {
        let density = pdf(a);
        let lower = density * mills_upper(-a);
        let upper = 1.0 - lower;
        (density / upper, upper.ln())
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
        let (dl, dh) = (pdf(lo), pdf(hi));
        let p = (1.0 - dh * mills_upper(hi) - dl * mills_upper(-lo)).max(f64::MIN_POSITIVE);
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
    fn a_certain_tail_is_the_full_formula_to_the_bit() {
        // The formulas `CERTAIN` lets `sf`, `hazard` and `tail` skip, as they were.
        for i in 0..=200_000 {
            let x = -CERTAIN - i as f64 * 2e-4;
            let density = pdf(x);
            let upper = 1.0 - density * mills_upper(-x);
            assert_eq!(sf(x).to_bits(), upper.to_bits(), "sf({x})");
            assert_eq!(
                hazard(x).to_bits(),
                (density / upper).to_bits(),
                "hazard({x})"
            );
            let (mean, ln_p) = tail(x);
            assert_eq!(mean.to_bits(), (density / upper).to_bits(), "tail({x})");
            assert_eq!(ln_p.to_bits(), upper.ln().to_bits(), "ln tail({x})");
        }
    }

    #[test]
    fn tails_match_erfc() {
        for i in -4000..=4000 {
            let x = i as f64 / 200.0;
            let want = 0.5 * libm::erfc(x * std::f64::consts::FRAC_1_SQRT_2);
            assert!(
                (sf(x) / want - 1.0).abs() < 1e-13,
                "{x}: {} vs {want}",
                sf(x)
            );
        }
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
        // Across a piece boundary of the table.
        assert!((mills(0.25 - 1e-12) - mills(0.25)).abs() < 1e-11);
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
