//! Numbers with a fixed number of decimals, as every output file writes them.

/// `value` rounded to `decimals` decimals (at most 9) as `format!("{value:.decimals$}")`
/// rounds it (the exact decimal expansion of the binary value, ties to even), with trailing
/// zeros and a trailing point removed and no minus sign on zero. `value` must be finite.
///
/// Most values take a fast path: `|value| · 10^decimals` is computed with one rounding (half
/// an ulp, under 2.5·10⁻⁴ below 10¹²), so unless its fraction is within 10⁻³ of a half, it
/// rounds to the same integer as the exact product; the digits are then those of an integer.
/// The rest (near a half, or large) are formatted by `format!`, several times slower: the
/// files hold hundreds of thousands of numbers.
///
/// # Examples
///
/// ```
/// use votebloc::format::decimal::trimmed_fixed;
/// assert_eq!(trimmed_fixed(5.0 / 6.0, 6), "0.833333");
/// assert_eq!(trimmed_fixed(12.0, 2), "12");
/// assert_eq!(trimmed_fixed(-0.001, 2), "0");
/// assert_eq!(trimmed_fixed(-2.5, 0), "-2");
/// ```
pub fn trimmed_fixed(value: f64, decimals: usize) -> String {
    const POWERS: [u64; 10] = [
        1,
        10,
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        10_000_000,
        100_000_000,
        1_000_000_000,
    ];
    debug_assert!(value.is_finite() && decimals < POWERS.len());
    let power = POWERS[decimals.min(POWERS.len() - 1)];
    let scaled = value.abs() * power as f64;
    if scaled < 1e12 {
        let fraction = scaled - scaled.floor();
        if (fraction - 0.5).abs() >= 1e-3 {
            return from_scaled(value < 0.0, scaled.round() as u64, power, decimals);
        }
    }
    formatted(value, decimals)
}

/// The slow path of [`trimmed_fixed`], and what its fast path must agree with: `format!`'s
/// exact rounding, trimmed.
fn formatted(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// `scaled` units of `1/power` (`power` = 10^`decimals`), trimmed as [`trimmed_fixed`] writes it.
fn from_scaled(negative: bool, scaled: u64, power: u64, decimals: usize) -> String {
    let (whole, mut fraction) = (scaled / power, scaled % power);
    let mut text = String::with_capacity(24);
    if negative && scaled != 0 {
        text.push('-');
    }
    text.push_str(itoa::Buffer::new().format(whole));
    if fraction != 0 {
        let mut digits = decimals;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        text.push('.');
        let written = itoa::Buffer::new().format(fraction).len();
        text.extend(std::iter::repeat_n('0', digits - written));
        text.push_str(itoa::Buffer::new().format(fraction));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn matches_the_exact_formatting(
            value in prop_oneof![
                -2.0f64..2.0,
                -1e13f64..1e13,
                (-2_000_000i64..2_000_000).prop_map(|n| n as f64 / 1e6),
                (-4_000_000i64..4_000_000).prop_map(|n| (n as f64 + 0.5) / 1e6),
                (-40_000i64..40_000).prop_map(|n| (n as f64 + 0.5) / 100.0),
                any::<f64>().prop_filter("finite", |v| v.is_finite()),
            ],
            decimals in prop_oneof![Just(2usize), Just(6usize), 0usize..=9],
        ) {
            prop_assert_eq!(trimmed_fixed(value, decimals), formatted(value, decimals));
        }
    }

    #[test]
    fn edge_cases() {
        for (value, decimals) in [
            (0.0, 6),
            (-0.0, 2),
            (0.125, 2),
            (0.375, 2),
            (2.5, 0),
            (999_999.999_999_5, 6),
            (1e12, 2),
            (f64::MAX, 2),
            (-f64::MIN_POSITIVE, 6),
        ] {
            assert_eq!(
                trimmed_fixed(value, decimals),
                formatted(value, decimals),
                "{value}"
            );
        }
    }
}
