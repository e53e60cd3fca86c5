//! Leaf formatting shared by every writer, the CSV, JSON and graph files of [`export`](crate::export)
//! and the plots and page of [`report`](crate::report): decimals, markup escaping and the
//! colours of blocs and votes. It depends on nothing but the vote type, so that export and
//! report both use it without depending on each other through it.

pub mod decimal;
pub mod palette;

use std::borrow::Cow;

/// A float as written in every CSV: at most 6 decimals, trailing zeros removed, empty for
/// undefined values. Fixed precision keeps files byte-identical across platforms and readable.
pub fn format_float(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => decimal::trimmed_fixed(v, 6),
        _ => String::new(),
    }
}

/// Escapes `text` for XML and HTML, in element content and in quoted attribute values alike:
/// `&`, `<`, `>`, `"` and `'` become entities, and characters XML 1.0 forbids (control
/// characters other than tab, newline and carriage return) become U+FFFD, so that any input
/// text gives a well-formed document.
///
/// # Complexity
///
/// O(length); no allocation when nothing needs escaping.
///
/// # Examples
///
/// ```
/// use votebloc::format::escape;
/// assert_eq!(escape("Côte d'Ivoire <AT&T>"), "Côte d&#39;Ivoire &lt;AT&amp;T&gt;");
/// assert_eq!(escape("plain"), "plain");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'')
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A coordinate or length as written in SVG: two decimals at most, trailing zeros dropped,
/// never `-0`. Two decimals are far below a screen pixel and keep files small.
///
/// # Examples
///
/// ```
/// use votebloc::format::number;
/// assert_eq!(number(12.0), "12");
/// assert_eq!(number(3.14159), "3.14");
/// assert_eq!(number(-0.001), "0");
/// ```
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    decimal::trimmed_fixed(value, 2)
}

/// `value` as a JSON number rounded as the CSV files round it ([`format_float`]), so that
/// `summary.json` and the CSV files report the same figures; `null` when missing or not finite.
///
/// # Examples
///
/// ```
/// use votebloc::format::json_number;
/// assert_eq!(json_number(Some(0.1234567)).to_string(), "0.123457");
/// assert!(json_number(Some(f64::NAN)).is_null() && json_number(None).is_null());
/// ```
pub fn json_number(value: Option<f64>) -> serde_json::Value {
    match value {
        Some(v) if v.is_finite() => format_float(Some(v))
            .parse::<f64>()
            .map_or(serde_json::Value::Null, serde_json::Value::from),
        _ => serde_json::Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_have_at_most_six_decimals_and_no_negative_zero() {
        assert_eq!(format_float(Some(5.0 / 6.0)), "0.833333");
        assert_eq!(format_float(Some(-2.000_05)), "-2.00005");
        assert_eq!(format_float(Some(0.000_000_5)), "0");
        assert_eq!(format_float(Some(-0.000_000_6)), "-0.000001");
        assert_eq!(
            format_float(Some(123_456_789.012_345_67)),
            "123456789.012346"
        );
        assert_eq!(format_float(Some(1.0)), "1");
        assert_eq!(format_float(Some(-0.0000001)), "0");
        assert_eq!(format_float(Some(f64::NAN)), "");
        assert_eq!(format_float(None), "");
    }

    #[test]
    fn escape_handles_every_special_character_and_controls() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assert_eq!(escape("x\u{1}y\tz"), "x\u{fffd}y\tz");
        assert!(matches!(escape("São Tomé"), Cow::Borrowed(_)));
    }

    #[test]
    fn numbers_are_short_and_fixed() {
        assert_eq!(number(0.005), "0.01");
        assert_eq!(number(10.50), "10.5");
        assert_eq!(number(f64::NAN), "0");
    }
}
