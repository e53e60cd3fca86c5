//! Small pieces of the HTML report's tables: numbers with fixed decimals, bloc swatches and
//! two-column tables of names and values.

use crate::format::escape;
use crate::format::palette::bloc_colour;
use std::fmt::Write;

/// Fixed decimals for display; "–" when undefined.
///
/// # Examples
///
/// ```
/// use votebloc::report::cells::fixed;
/// assert_eq!(fixed(Some(0.98765), 3), "0.988");
/// assert_eq!(fixed(None, 2), "–");
/// ```
pub fn fixed(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "–".to_string(),
    }
}

/// A square of bloc `bloc`'s colour, to put before its number.
pub fn swatch(bloc: u32) -> String {
    format!(
        r#"<span class="swatch" style="background:{}"></span>"#,
        bloc_colour(bloc)
    )
}

/// A two-column table of (name, value) rows; names and values are escaped.
///
/// # Examples
///
/// ```
/// use votebloc::report::cells::key_values;
/// let mut out = String::new();
/// key_values(&mut out, &[("seed", "42".to_string())]);
/// assert_eq!(out, "<table>\n<tbody>\n<tr><th scope=\"row\">seed</th><td>42</td></tr>\n</tbody>\n</table>\n");
/// ```
pub fn key_values(out: &mut String, rows: &[(&str, String)]) {
    out.push_str("<table>\n<tbody>\n");
    for (key, value) in rows {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(key),
            escape(value)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_marks_undefined_values() {
        assert_eq!(fixed(Some(0.98765), 3), "0.988");
        assert_eq!(fixed(None, 2), "–");
        assert_eq!(fixed(Some(f64::NAN), 2), "–");
    }

    #[test]
    fn swatches_take_the_bloc_colour() {
        assert_eq!(
            swatch(1),
            r#"<span class="swatch" style="background:#4e79a7"></span>"#
        );
    }
}
