//! Line plots over periods: a value per period for a few highlighted series, drawn against
//! the spread of all (the band between two quantiles, and the median). Used by the timeline's
//! page (bloc sizes) and by `agreement`'s page (coincidence with a reference).

use super::markup::{Anchor, Label, Svg};
use crate::format::number;
use crate::format::palette::{Rgb, bloc_colour};
use std::fmt::Write;

/// One line: a label (in the legend), its colour and its value
/// per period (`None`: no point there, the line is broken).
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub colour: Rgb,
    pub values: Vec<Option<f64>>,
}

/// The spread of every member per period: low quantile, median, high quantile.
#[derive(Debug, Clone)]
pub struct Band {
    pub low: Vec<Option<f64>>,
    pub median: Vec<Option<f64>>,
    pub high: Vec<Option<f64>>,
    /// What the band shows (legend).
    pub label: String,
}

/// The `q`-quantile of sorted `values` (linear interpolation between order statistics,
/// Hyndman & Fan 1996 type 7, R's default); `None` when empty.
///
/// # Examples
/// ```
/// use votebloc::report::lines::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
/// assert_eq!(quantile(&[], 0.5), None);
/// ```
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let at = q.clamp(0.0, 1.0) * last as f64;
    let (below, above) = (at.floor() as usize, at.ceil() as usize);
    let t = at - below as f64;
    Some(sorted[below] * (1.0 - t) + sorted[above] * t)
}

/// A fixed colour per highlighted series: the bloc palette, which tells ten apart.
pub fn series_colour(i: usize) -> Rgb {
    bloc_colour(i as u32 + 1)
}

/// Draws `series` over `periods` (x labels), with `band` behind them, y from `y_range`.
/// Returns the SVG document.
///
/// # Examples
/// ```
/// use votebloc::report::lines::{line_plot, Series, series_colour};
/// let s = Series { label: "IND".into(), colour: series_colour(0), values: vec![Some(0.2), None, Some(0.3)] };
/// let svg = line_plot("coincidence", &["1990".into(), "1991".into(), "1992".into()], &[s], None, (0.0, 1.0));
/// assert!(svg.contains(">IND</text>"));
/// assert_eq!(svg.matches("<path").count(), 2); // the line is broken at the gap
/// ```
pub fn line_plot(
    title: &str,
    periods: &[String],
    series: &[Series],
    band: Option<&Band>,
    y_range: (f64, f64),
) -> String {
    let (left, right, top, bottom) = (50.0, 110.0, 20.0, 50.0);
    let step = (900.0 / periods.len().max(1) as f64).clamp(4.0, 40.0);
    let width = left + right + step * periods.len().saturating_sub(1).max(1) as f64;
    let height = 320.0;
    let plot_h = height - top - bottom;
    let (y0, y1) = y_range;
    let span = if y1 > y0 { y1 - y0 } else { 1.0 };
    let x = |i: usize| left + step * i as f64;
    let y = |v: f64| top + plot_h * (1.0 - (v - y0) / span);
    let mut svg = Svg::new(width, height, title);
    let grey = Rgb::hex(0x999999);
    for tick in 0..=4 {
        let v = y0 + span * f64::from(tick) / 4.0;
        svg.line(
            (left, y(v)),
            (width - right, y(v)),
            Rgb::hex(0xe5e5e5),
            1.0,
            "",
        );
        let text = number(v);
        svg.text(&Label::new(left - 6.0, y(v) + 3.0, &text, 10.0).anchor(Anchor::End));
    }
    let every = (periods.len() / 20).max(1);
    for (i, p) in periods.iter().enumerate() {
        if i % every == 0 || i + 1 == periods.len() {
            svg.text(&Label::new(x(i), height - bottom + 14.0, p, 9.0).rotate(45.0));
        }
    }
    if let Some(band) = band {
        draw_band(&mut svg, band, &x, &y);
        for part in runs(&band.median) {
            path(
                &mut svg,
                &part,
                &x,
                &y,
                grey,
                1.5,
                " stroke-dasharray=\"4 3\"",
            );
        }
    }
    for s in series {
        for part in runs(&s.values) {
            path(&mut svg, &part, &x, &y, s.colour, 2.0, "");
        }
    }
    // A legend in the right margin rather than labels at the lines' ends, which collide
    // where lines end close together.
    let legend_x = width - right + 12.0;
    for (k, s) in series.iter().enumerate() {
        let at = top + 6.0 + 16.0 * k as f64;
        svg.line((legend_x, at), (legend_x + 14.0, at), s.colour, 3.0, "");
        svg.text(
            &Label::new(legend_x + 18.0, at + 3.5, &s.label, 10.0)
                .fill(s.colour)
                .bold(),
        );
    }
    svg.finish()
}

/// The runs of consecutive defined values, as (period, value) points.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) if v.is_finite() => current.push((i, *v)),
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn path(
    svg: &mut Svg,
    points: &[(usize, f64)],
    x: &impl Fn(usize) -> f64,
    y: &impl Fn(f64) -> f64,
    stroke: Rgb,
    width: f64,
    extra: &str,
) {
    let mut d = String::new();
    for (k, &(i, v)) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if k == 0 { "M" } else { " L" },
            number(x(i)),
            number(y(v))
        );
    }
    if points.len() == 1 {
        svg.circle((x(points[0].0), y(points[0].1)), 2.5, stroke, "", None);
    }
    svg.raw(&format!(
        r#"<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{}"{extra}/>"#,
        number(width)
    ));
}

fn draw_band(svg: &mut Svg, band: &Band, x: &impl Fn(usize) -> f64, y: &impl Fn(f64) -> f64) {
    let both: Vec<Option<(f64, f64)>> = band
        .low
        .iter()
        .zip(&band.high)
        .map(|(l, h)| l.zip(*h))
        .collect();
    let mut start = 0;
    while start < both.len() {
        if both[start].is_none() {
            start += 1;
            continue;
        }
        let end = (start..both.len())
            .find(|&i| both[i].is_none())
            .unwrap_or(both.len());
        let mut d = String::new();
        let run: Vec<(usize, (f64, f64))> = (start..end)
            .filter_map(|i| both[i].map(|lh| (i, lh)))
            .collect();
        for (k, &(i, (_, h))) in run.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if k == 0 { "M" } else { " L" },
                number(x(i)),
                number(y(h))
            );
        }
        for &(i, (l, _)) in run.iter().rev() {
            let _ = write!(d, " L{} {}", number(x(i)), number(y(l)));
        }
        svg.raw(&format!(
            r##"<path d="{d} Z" fill="#dddddd" stroke="none"/>"##
        ));
        start = end;
    }
}
