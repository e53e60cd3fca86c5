//! The natural order of identifiers (`rc9 < rc10`).

use super::*;

/// Compares identifiers so that runs of digits compare as numbers: `rc9 < rc10`, `"2" < "10"`.
/// Equal numeric values with different leading zeros fall back to plain string order, so the
/// order stays total and deterministic.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    while !x.is_empty() && !y.is_empty() {
        if x[0].is_ascii_digit() && y[0].is_ascii_digit() {
            let xe = x
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(x.len());
            let ye = y
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(y.len());
            let xs = trim_zeros(&x[..xe]);
            let ys = trim_zeros(&y[..ye]);
            let ord = xs.len().cmp(&ys.len()).then_with(|| xs.cmp(ys));
            if ord != Ordering::Equal {
                return ord;
            }
            x = &x[xe..];
            y = &y[ye..];
        } else {
            if x[0] != y[0] {
                return x[0].cmp(&y[0]);
            }
            x = &x[1..];
            y = &y[1..];
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

pub(super) fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|&c| c != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}
