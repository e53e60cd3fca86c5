//! Plots of ideal points: the strip plot of one dimension ([`strip_svg`]: one row per member,
//! ranked from the positive end, its bounds as a bar, the pivots as dashed lines) and the
//! scatter of two ([`scatter_svg`], with the motions' cutting lines if asked).
//!
//! Labels never overlap: in the strip each labelled row has its own line (a row too thin for
//! a label leaves it out, its member named in the point's tooltip), and the labels of the
//! header (legend, pivots, ticks) are placed on the first line where they fit, or left out; in
//! the scatter the labels [`place_labels`] could not place apart are left out.

use super::labels::{Point, place_labels};
use super::markup::{Anchor, Label, Svg, label_width, text_width};
use crate::format::palette::Rgb;

/// One member in a plot of ideal points.
#[derive(Debug, Clone, PartialEq)]
pub struct IdealPoint {
    /// The label written beside the point (a short name).
    pub label: String,
    /// Shown on hover (the full name, the position, the bounds).
    pub tooltip: String,
    /// The position (the second coordinate is read by the scatter only).
    pub ideal: [f64; 2],
    /// The 5 % and 95 % bounds on the first dimension, if any.
    pub bounds: Option<(f64, f64)>,
    pub colour: Rgb,
    /// Drawn with a ring (the strip: a member between two blocs by position).
    pub marked: bool,
    /// Labelled in bold (a pivot).
    pub bold: bool,
}

/// A pivot marked on the strip: a dashed line at `ideal`, labelled `label`.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotMark {
    pub label: String,
    pub ideal: f64,
}

/// A motion's cutting line in two dimensions: the points `x` with `normal · x = offset`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CuttingLine {
    pub normal: [f64; 2],
    pub offset: f64,
}

/// Width of both plots, in px.
const WIDTH: f64 = 960.0;
/// Size of the labels of the strip's rows and of the scatter's points, at most.
const LABEL_SIZE: f64 = 10.0;
/// Size of the header's and axes' texts.
const HEADER_SIZE: f64 = 11.0;
/// Height of one header line.
const LINE: f64 = 15.0;
/// Lines of the header where the pivots' labels may go.
const PIVOT_LINES: usize = 3;
/// Tallest strip: beyond, rows get thinner (and some go unlabelled).
const MAX_ROWS_HEIGHT: f64 = 4_400.0;
/// Height of a row of the strip when there is room.
const ROW: f64 = 12.0;
/// Thinnest row that carries a label.
const LABELLED_ROW: f64 = 10.0;

/// The text box (left, top, right, bottom) of a label, with the font's own widths as
/// [`place_labels`] measures them (see [`label_width`]).
fn text_box(x: f64, y: f64, anchor: Anchor, text: &str, size: f64) -> [f64; 4] {
    let width = label_width(text, size);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    [left, y - size * 0.8, left + width, y + size * 0.25]
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// A linear map from the data interval `domain` to the pixel interval `range`.
#[derive(Debug, Clone, Copy)]
struct Scale {
    domain: (f64, f64),
    range: (f64, f64),
}

impl Scale {
    fn at(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }

    /// Round values inside the domain, about `target` of them (at most a quarter more), on
    /// steps of 1, 2 or 5 × 10ᵏ.
    fn ticks(&self, target: f64) -> Vec<f64> {
        let (d0, d1) = self.domain;
        let raw = (d1 - d0) / target;
        let power = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * power)
            .find(|s| (d1 - d0) / s <= target * 1.25)
            .unwrap_or(10.0 * power);
        let first = (d0 / step).ceil() as i64;
        let last = (d1 / step).floor() as i64;
        (first..=last).map(|k| k as f64 * step).collect()
    }
}

/// The interval holding every value of `values` (finite ones), widened by 4 % on each side;
/// (−1, 1) when there is none or all are equal.
fn domain(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) || hi - lo < 1e-9 {
        let centre = if lo.is_finite() { lo } else { 0.0 };
        return (centre - 1.0, centre + 1.0);
    }
    let pad = (hi - lo) * 0.04;
    (lo - pad, hi + pad)
}

/// A tick label: three significant decimals at most, a real minus sign.
fn tick_text(value: f64) -> String {
    let text = crate::format::decimal::trimmed_fixed(value, 3);
    if text == "-0" {
        "0".to_string()
    } else {
        text.replace('-', "−")
    }
}

/// Texts placed so far, to keep the next ones off them.
#[derive(Default)]
struct Taken(Vec<[f64; 4]>);

impl Taken {
    /// Writes `label` if its box overlaps none written before; tells whether it did.
    fn try_text(&mut self, svg: &mut Svg, label: &Label<'_>) -> bool {
        let b = text_box(label.x, label.y, label.anchor, label.text, label.size);
        if self.0.iter().any(|t| overlaps(t, &b)) {
            return false;
        }
        self.0.push(b);
        svg.text(label);
        true
    }
}

/// Writes the legend (a swatch and a text per entry, left to right from `left`, wrapping at
/// `right`) from the baseline `y`; returns the baseline of its last line.
fn legend(
    svg: &mut Svg,
    taken: &mut Taken,
    entries: &[(Rgb, String)],
    left: f64,
    right: f64,
    y: f64,
) -> f64 {
    let mut x = left;
    let mut y = y;
    for (colour, text) in entries {
        let width = 14.0 + text_width(text, HEADER_SIZE) + 16.0;
        if x + width > right && x > left {
            x = left;
            y += LINE;
        }
        svg.rect(x, y - 9.0, 10.0, 10.0, *colour, "");
        taken.try_text(svg, &Label::new(x + 14.0, y, text, HEADER_SIZE));
        x += width;
    }
    y
}

/// The strip plot of the first dimension: one row per member, from the positive end (top) to
/// the negative one, ties by label; a dot at the position, a bar over the bounds, the label
/// at the left in the point's colour for bold ones; `pivots` as dashed vertical lines with
/// their labels above; `legend` entries as swatches at the top; `axis` under the axis.
///
/// Deterministic; every text escaped. With more than 366 rows the rows get thinner and only
/// one row in every few is labelled (every member keeps its tooltip).
///
/// # Complexity
/// O(n log n + p²) for n points and p pivots.
///
/// # Examples
/// ```
/// use votebloc::format::palette::Rgb;
/// use votebloc::report::strip::{IdealPoint, PivotMark, strip_svg};
/// let point = |label: &str, x: f64| IdealPoint {
///     label: label.to_string(),
///     tooltip: label.to_string(),
///     ideal: [x, 0.0],
///     bounds: Some((x - 0.1, x + 0.1)),
///     colour: Rgb::hex(0x4e79a7),
///     marked: false,
///     bold: false,
/// };
/// let points = [point("USA", 1.4), point("CHN", -0.5), point("IND", -0.2)];
/// let pivots = [PivotMark { label: "median IND".to_string(), ideal: -0.2 }];
/// let svg = strip_svg(&points, &pivots, &[], "ideal point", "Ideal points");
/// assert!(svg.starts_with("<svg"));
/// // Ranked from the positive end: USA's row is above IND's, IND's above CHN's.
/// let at = |code: &str| svg.find(&format!(">{code}</text>")).unwrap();
/// assert!(at("USA") < at("IND") && at("IND") < at("CHN"));
/// assert!(svg.contains(">median IND</text>"));
/// ```
pub fn strip_svg(
    points: &[IdealPoint],
    pivots: &[PivotMark],
    legend_entries: &[(Rgb, String)],
    axis: &str,
    title: &str,
) -> String {
    let order = ranked(points);
    let layout = StripLayout::of(&order, legend_entries);
    let mut svg = Svg::new(WIDTH, layout.rows_bottom + 48.0, title);
    let mut taken = Taken::default();
    if !legend_entries.is_empty() {
        let (left, right) = layout.scale.range;
        legend(
            &mut svg,
            &mut taken,
            legend_entries,
            left,
            right,
            8.0 + LINE - 3.0,
        );
    }
    draw_axes(
        &mut svg,
        &mut taken,
        &layout.scale,
        (layout.pivot_top, layout.rows_bottom),
        layout.ticks_y,
        axis,
    );
    draw_pivots(
        &mut svg,
        &mut taken,
        &layout.scale,
        pivots,
        layout.pivot_top,
        layout.rows_bottom,
    );
    for (i, point) in order.iter().enumerate() {
        layout.draw_row(&mut svg, &mut taken, i, point);
    }
    svg.finish()
}

/// The points with a finite first coordinate, from the positive end, ties by label.
fn ranked(points: &[IdealPoint]) -> Vec<&IdealPoint> {
    let mut order: Vec<&IdealPoint> = points.iter().filter(|p| p.ideal[0].is_finite()).collect();
    order.sort_by(|a, b| {
        b.ideal[0]
            .total_cmp(&a.ideal[0])
            .then_with(|| a.label.cmp(&b.label))
    });
    order
}

/// Where the strip's parts go: the header (legend lines, tick labels, the pivots' lines) above
/// the rows, the tick labels and the axis title under them.
struct StripLayout {
    /// Height of a row.
    row: f64,
    /// One row in `every` is labelled.
    every: usize,
    /// Size of the rows' labels.
    size: f64,
    /// From the data to x; its range is the plot's left and right edges.
    scale: Scale,
    /// Baseline of the upper tick labels.
    ticks_y: f64,
    /// Top of the pivots' lines of labels.
    pivot_top: f64,
    rows_top: f64,
    rows_bottom: f64,
}

impl StripLayout {
    fn of(order: &[&IdealPoint], legend_entries: &[(Rgb, String)]) -> StripLayout {
        let n = order.len().max(1) as f64;
        let row = ROW.min(MAX_ROWS_HEIGHT / n);
        // Labelled rows: every row when there is room, else one in every `every` rows.
        let every = (LABELLED_ROW / row).ceil().max(1.0) as usize;
        let size = LABEL_SIZE.min((row * every as f64) - 2.0);
        let label_width = order
            .iter()
            .map(|p| text_width(&p.label, size))
            .fold(40.0, f64::max)
            .min(WIDTH * 0.3);
        let (left, right) = (label_width + 16.0, WIDTH - 24.0);
        let scale = Scale {
            domain: domain(order.iter().flat_map(|p| {
                let (lo, hi) = p.bounds.unwrap_or((p.ideal[0], p.ideal[0]));
                [p.ideal[0], lo, hi]
            })),
            range: (left, right),
        };
        let legend_lines = if legend_entries.is_empty() {
            0.0
        } else {
            1.0 + legend_lines_needed(legend_entries, left, right)
        };
        let ticks_y = 8.0 + (legend_lines + 1.0) * LINE - 3.0;
        let pivot_top = ticks_y + 4.0;
        let rows_top = pivot_top + PIVOT_LINES as f64 * LINE + 6.0;
        StripLayout {
            row,
            every,
            size,
            scale,
            ticks_y,
            pivot_top,
            rows_top,
            rows_bottom: rows_top + row * order.len() as f64,
        }
    }

    /// Row `i`: the guide from the labels to the point, the bar over the bounds, the ring of a
    /// marked point, the dot with its tooltip, and the label if the row carries one.
    fn draw_row(&self, svg: &mut Svg, taken: &mut Taken, i: usize, p: &IdealPoint) {
        let (row, scale) = (self.row, &self.scale);
        let left = scale.range.0;
        let y = self.rows_top + row * (i as f64 + 0.5);
        let x = scale.at(p.ideal[0]);
        let radius = (row * 0.3).clamp(1.0, 3.2);
        let start = p.bounds.map_or(x, |(lo, _)| scale.at(lo).min(x));
        svg.line((left, y), (start, y), Rgb::hex(0xe4e4e4), 0.6, "");
        if let Some((lo, hi)) = p.bounds {
            let stroke = (row * 0.25).clamp(0.6, 2.0);
            svg.line((scale.at(lo), y), (scale.at(hi), y), p.colour, stroke, "");
        }
        if p.marked {
            svg.circle(
                (x, y),
                radius + 2.2,
                Rgb::hex(0xffffff),
                r##" fill-opacity="0" stroke="#222222" stroke-width="1""##,
                None,
            );
        }
        svg.circle((x, y), radius, p.colour, "", Some(&p.tooltip));
        if i.is_multiple_of(self.every) {
            let mut label = Label::new(left - 6.0, y + self.size * 0.35, &p.label, self.size)
                .anchor(Anchor::End)
                .fill(Rgb::hex(0x222222));
            if p.bold {
                label = label.bold();
            }
            taken.try_text(svg, &label);
        }
    }
}

/// Lines the legend wraps to beyond its first.
fn legend_lines_needed(entries: &[(Rgb, String)], left: f64, right: f64) -> f64 {
    let mut x = left;
    let mut lines = 0.0;
    for (_, text) in entries {
        let width = 14.0 + text_width(text, HEADER_SIZE) + 16.0;
        if x + width > right && x > left {
            x = left;
            lines += 1.0;
        }
        x += width;
    }
    lines
}

/// The vertical grid at the ticks (zero darker) from `top` to `bottom`, the tick labels on the
/// baseline `ticks_y` and under `bottom`, and the axis title under them.
fn draw_axes(
    svg: &mut Svg,
    taken: &mut Taken,
    scale: &Scale,
    (top, bottom): (f64, f64),
    ticks_y: f64,
    axis: &str,
) {
    let ticks = scale.ticks(8.0);
    for &tick in &ticks {
        let x = scale.at(tick);
        let colour = if tick == 0.0 { 0xbbbbbb } else { 0xeeeeee };
        svg.line((x, top), (x, bottom), Rgb::hex(colour), 1.0, "");
        let text = tick_text(tick);
        for y in [ticks_y, bottom + 15.0] {
            let label = Label::new(x, y, &text, HEADER_SIZE)
                .anchor(Anchor::Middle)
                .fill(Rgb::hex(0x555555));
            taken.try_text(svg, &label);
        }
    }
    let (r0, r1) = scale.range;
    let title = Label::new((r0 + r1) / 2.0, bottom + 34.0, axis, HEADER_SIZE)
        .anchor(Anchor::Middle)
        .fill(Rgb::hex(0x333333));
    taken.try_text(svg, &title);
}

/// Each pivot's dashed line over the rows and its label on the first of the header's pivot
/// lines (from the one nearest the rows up) where it overlaps no other text; a label that fits
/// nowhere is left out (the line keeps its tooltip).
fn draw_pivots(
    svg: &mut Svg,
    taken: &mut Taken,
    scale: &Scale,
    pivots: &[PivotMark],
    pivot_top: f64,
    bottom: f64,
) {
    let (r0, r1) = scale.range;
    for pivot in pivots.iter().filter(|p| p.ideal.is_finite()) {
        let x = scale.at(pivot.ideal);
        let line_top = pivot_top + PIVOT_LINES as f64 * LINE + 1.0;
        svg.raw(&format!(
            concat!(
                r##"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#444444" "##,
                r##"stroke-width="1" stroke-dasharray="4 3"><title>{title}</title></line>"##
            ),
            x = crate::format::number(x),
            y1 = crate::format::number(line_top),
            y2 = crate::format::number(bottom),
            title = crate::format::escape(&pivot.label)
        ));
        let width = text_width(&pivot.label, HEADER_SIZE);
        let centre = x.clamp(r0 + width / 2.0, r1 - width / 2.0);
        for line in (0..PIVOT_LINES).rev() {
            let y = pivot_top + (line as f64 + 1.0) * LINE - 3.0;
            let label = Label::new(centre, y, &pivot.label, HEADER_SIZE)
                .anchor(Anchor::Middle)
                .fill(Rgb::hex(0x222222))
                .halo();
            if taken.try_text(svg, &label) {
                break;
            }
        }
    }
}

/// The scatter of two dimensions: a dot per member, labels placed apart (those that cannot be
/// are left out; every dot keeps its tooltip), the `lines` (motions' cutting lines) in light
/// grey under the dots, both axes on one scale so that distances read alike.
///
/// # Complexity
/// O(n² + c) for n points (label placement) and c lines.
///
/// # Examples
/// ```
/// use votebloc::format::palette::Rgb;
/// use votebloc::report::strip::{CuttingLine, IdealPoint, scatter_svg};
/// let point = |label: &str, x: f64, y: f64| IdealPoint {
///     label: label.to_string(),
///     tooltip: label.to_string(),
///     ideal: [x, y],
///     bounds: None,
///     colour: Rgb::hex(0x4e79a7),
///     marked: false,
///     bold: false,
/// };
/// let points = [point("A", -1.0, 0.5), point("B", 1.0, -0.5), point("C", 0.2, 1.0)];
/// let lines = [CuttingLine { normal: [1.0, 0.0], offset: 0.0 }];
/// let svg = scatter_svg(&points, &lines, &[], ("first", "second"), "Ideal points");
/// assert_eq!(svg.matches("<circle").count(), 3);
/// assert!(svg.contains(r##"stroke="#bbbbbb""##)); // the cutting line x = 0
/// ```
pub fn scatter_svg(
    points: &[IdealPoint],
    lines: &[CuttingLine],
    legend_entries: &[(Rgb, String)],
    axes: (&str, &str),
    title: &str,
) -> String {
    let shown: Vec<&IdealPoint> = points
        .iter()
        .filter(|p| p.ideal[0].is_finite() && p.ideal[1].is_finite())
        .collect();
    let data = domain(shown.iter().flat_map(|p| p.ideal));
    let legend_lines = if legend_entries.is_empty() {
        0.0
    } else {
        1.0 + legend_lines_needed(legend_entries, 70.0, WIDTH - 24.0)
    };
    let square = Square::new(data, 16.0 + legend_lines * LINE);
    let mut svg = Svg::new(WIDTH, square.bottom() + 52.0, title);
    let mut taken = Taken::default();
    if !legend_entries.is_empty() {
        legend(
            &mut svg,
            &mut taken,
            legend_entries,
            70.0,
            WIDTH - 24.0,
            8.0 + LINE - 3.0,
        );
    }
    square.draw_grid(&mut svg, &mut taken);
    square.draw_cutting_lines(&mut svg, lines);
    square.draw_axis_titles(&mut svg, &mut taken, axes);
    square.draw_points(&mut svg, &taken, &shown);
    svg.finish()
}

/// Side of the scatter's square, in px.
const SIDE: f64 = 780.0;

/// The scatter's square: both axes on one scale, from the data's square to the pixels'.
struct Square {
    /// From the data to x: its range is the square's left and right edges.
    x: Scale,
    /// From the data to y: its range is the square's bottom and top edges.
    y: Scale,
}

impl Square {
    /// The square of the data interval `data` on both axes, centred across the plot, its top
    /// edge at `top`.
    fn new(data: (f64, f64), top: f64) -> Square {
        let (left, right) = ((WIDTH - SIDE) / 2.0, (WIDTH + SIDE) / 2.0);
        Square {
            x: Scale {
                domain: data,
                range: (left, right),
            },
            y: Scale {
                domain: data,
                range: (top + SIDE, top),
            },
        }
    }

    fn left(&self) -> f64 {
        self.x.range.0
    }

    fn right(&self) -> f64 {
        self.x.range.1
    }

    fn top(&self) -> f64 {
        self.y.range.1
    }

    fn bottom(&self) -> f64 {
        self.y.range.0
    }

    /// The pixel position of a point of the data.
    fn at(&self, point: [f64; 2]) -> (f64, f64) {
        (self.x.at(point[0]), self.y.at(point[1]))
    }

    /// The square's frame, the grid at the ticks, and their labels under and left of it.
    fn draw_grid(&self, svg: &mut Svg, taken: &mut Taken) {
        let (left, top, right, bottom) = (self.left(), self.top(), self.right(), self.bottom());
        svg.rect(
            left,
            top,
            SIDE,
            SIDE,
            Rgb::hex(0xffffff),
            r##" stroke="#cccccc""##,
        );
        for tick in self.x.ticks(8.0) {
            let (x, y) = (self.x.at(tick), self.y.at(tick));
            svg.line((x, top), (x, bottom), Rgb::hex(0xf0f0f0), 1.0, "");
            svg.line((left, y), (right, y), Rgb::hex(0xf0f0f0), 1.0, "");
            let text = tick_text(tick);
            let grey = Rgb::hex(0x555555);
            taken.try_text(
                svg,
                &Label::new(x, bottom + 15.0, &text, HEADER_SIZE)
                    .anchor(Anchor::Middle)
                    .fill(grey),
            );
            taken.try_text(
                svg,
                &Label::new(left - 6.0, y + 4.0, &text, HEADER_SIZE)
                    .anchor(Anchor::End)
                    .fill(grey),
            );
        }
    }

    /// The part of each cutting line inside the square, in light grey.
    fn draw_cutting_lines(&self, svg: &mut Svg, lines: &[CuttingLine]) {
        for line in lines {
            if let Some((a, b)) = clip(line, self.x.domain) {
                svg.line(
                    self.at(a),
                    self.at(b),
                    Rgb::hex(0xbbbbbb),
                    0.6,
                    r#" stroke-opacity="0.5""#,
                );
            }
        }
    }

    /// The first axis's title under the square, the second's turned a quarter left at its left.
    fn draw_axis_titles(&self, svg: &mut Svg, taken: &mut Taken, axes: (&str, &str)) {
        let (left, top, right, bottom) = (self.left(), self.top(), self.right(), self.bottom());
        let dark = Rgb::hex(0x333333);
        taken.try_text(
            svg,
            &Label::new((left + right) / 2.0, bottom + 36.0, axes.0, HEADER_SIZE)
                .anchor(Anchor::Middle)
                .fill(dark),
        );
        // Turned a quarter left: its box is the text's box turned about its anchor.
        let (x, y) = (left - 44.0, (top + bottom) / 2.0);
        let half = text_width(axes.1, HEADER_SIZE) / 2.0;
        taken.0.push([
            x - HEADER_SIZE * 0.8,
            y - half,
            x + HEADER_SIZE * 0.25,
            y + half,
        ]);
        svg.text(
            &Label::new(x, y, axes.1, HEADER_SIZE)
                .anchor(Anchor::Middle)
                .fill(dark)
                .rotate(-90.0),
        );
    }

    /// A dot per point with its tooltip, then the labels placed apart from each other and from
    /// the texts already written (`taken`: ticks, axis titles, legend).
    fn draw_points(&self, svg: &mut Svg, taken: &Taken, shown: &[&IdealPoint]) {
        for p in shown {
            svg.circle(
                self.at(p.ideal),
                3.5,
                p.colour,
                r#" fill-opacity="0.85""#,
                Some(&p.tooltip),
            );
        }
        let targets: Vec<Point> = shown
            .iter()
            .map(|p| {
                let (x, y) = self.at(p.ideal);
                Point {
                    x,
                    y,
                    text: p.label.clone(),
                }
            })
            .collect();
        let obstacles: Vec<(f64, f64, f64, f64)> =
            taken.0.iter().map(|b| (b[0], b[1], b[2], b[3])).collect();
        let placement = place_labels(
            &targets,
            LABEL_SIZE,
            5.0,
            (self.left(), self.top(), self.right(), self.bottom()),
            &obstacles,
            3.5,
        );
        for placed in placement.placed {
            placed.draw(svg, LABEL_SIZE);
        }
    }
}

/// The part of the cutting line inside the square `domain`², as its two ends; `None` when it
/// misses the square or its normal is zero.
fn clip(line: &CuttingLine, (lo, hi): (f64, f64)) -> Option<([f64; 2], [f64; 2])> {
    let [a, b] = line.normal;
    let c = line.offset;
    let mut ends: Vec<[f64; 2]> = Vec::new();
    let inside = |v: f64| v >= lo - 1e-12 && v <= hi + 1e-12;
    if b.abs() > 1e-12 {
        for x in [lo, hi] {
            let y = (c - a * x) / b;
            if inside(y) {
                ends.push([x, y]);
            }
        }
    }
    if a.abs() > 1e-12 {
        for y in [lo, hi] {
            let x = (c - b * y) / a;
            if inside(x) {
                ends.push([x, y]);
            }
        }
    }
    ends.dedup_by(|p, q| (p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9);
    match ends.as_slice() {
        [first, .., last] if first != last => Some((*first, *last)),
        _ => None,
    }
}

/// The text boxes of every `<text>` element of an SVG document, estimated as the labels are
/// placed (Helvetica's widths, [`label_width`]), for tests that check no two labels overlap.
///
/// Reads the `x`, `y`, `font-size` and `text-anchor` attributes; rotated texts are skipped.
pub fn text_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    let mut boxes = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        let after = &rest[start..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..close];
        let Some(end) = after.find("</text>") else {
            break;
        };
        let content = after[close + 1..end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        rest = &after[end..];
        if tag.contains("transform=") {
            continue;
        }
        let number = |name: &str| attribute(tag, name).and_then(|v| v.parse::<f64>().ok());
        let (Some(x), Some(y), Some(size)) = (number("x"), number("y"), number("font-size")) else {
            continue;
        };
        let anchor = match attribute(tag, "text-anchor").as_deref() {
            Some("middle") => Anchor::Middle,
            Some("end") => Anchor::End,
            _ => Anchor::Start,
        };
        boxes.push((content.clone(), text_box(x, y, anchor, &content, size)));
    }
    boxes
}

/// The first pair of texts of `svg` whose boxes overlap, if any (see [`text_boxes`]).
pub fn overlapping_labels(svg: &str) -> Option<(String, String)> {
    let boxes = text_boxes(svg);
    for (i, (a, box_a)) in boxes.iter().enumerate() {
        for (b, box_b) in &boxes[i + 1..] {
            if overlaps(box_a, box_b) {
                return Some((a.clone(), b.clone()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, x: f64, y: f64) -> IdealPoint {
        IdealPoint {
            label: label.to_string(),
            tooltip: format!("{label} <tip>"),
            ideal: [x, y],
            bounds: Some((x - 0.2, x + 0.2)),
            colour: Rgb::hex(0x4e79a7),
            marked: label.ends_with('7'),
            bold: label == "M050",
        }
    }

    /// 200 members, many at the same spot, and pivots close together.
    fn crowded() -> Vec<IdealPoint> {
        (0..200)
            .map(|i| {
                let x = if i % 3 == 0 {
                    0.5
                } else {
                    (i as f64 / 40.0).sin()
                };
                point(&format!("M{i:03}"), x, (i as f64 / 17.0).cos())
            })
            .collect()
    }

    fn pivots() -> Vec<PivotMark> {
        [
            "median",
            "two_thirds −",
            "two_thirds +",
            "veto −",
            "filibuster −",
        ]
        .iter()
        .enumerate()
        .map(|(i, label)| PivotMark {
            label: format!("{label} M00{i}"),
            ideal: 0.1 + i as f64 * 0.01,
        })
        .collect()
    }

    #[test]
    fn the_strip_labels_every_row_and_no_two_labels_overlap() {
        let legend: Vec<(Rgb, String)> = (1..=12)
            .map(|b| (crate::format::palette::bloc_colour(b), format!("bloc {b}")))
            .collect();
        let svg = strip_svg(&crowded(), &pivots(), &legend, "ideal <point>", "t");
        assert_eq!(overlapping_labels(&svg), None);
        let boxes = text_boxes(&svg);
        for i in 0..200 {
            let code = format!("M{i:03}");
            assert!(boxes.iter().any(|(t, _)| *t == code), "{code} unlabelled");
        }
        // Five pivots within 0.05 of each other: at most three lines of labels, one each.
        let pivot_labels = boxes.iter().filter(|(t, _)| t.contains(" M00")).count();
        assert_eq!(pivot_labels, PIVOT_LINES);
        assert_eq!(svg.matches("stroke-dasharray").count(), 5);
        assert!(svg.contains("ideal &lt;point&gt;") && svg.contains("M000 &lt;tip&gt;"));
        assert!(svg.contains(r##"font-weight="bold" fill="#222222">M050</text>"##));
        assert_eq!(svg.matches(r##"stroke="#222222""##).count(), 20);
    }

    #[test]
    fn thousands_of_rows_stay_within_the_height_and_label_one_row_in_a_few() {
        let points: Vec<IdealPoint> = (0..2_000)
            .map(|i| point(&format!("M{i:04}"), (i as f64).sin(), 0.0))
            .collect();
        let svg = strip_svg(&points, &[], &[], "x", "t");
        assert_eq!(overlapping_labels(&svg), None);
        let labels: Vec<String> = text_boxes(&svg)
            .into_iter()
            .map(|(t, _)| t)
            .filter(|t| t.starts_with('M'))
            .collect();
        assert_eq!(labels.len(), 2_000usize.div_ceil(5), "{:?}", &labels[..20]);
        // A dot per member, and a ring around the 200 marked ones.
        assert_eq!(svg.matches("<circle").count(), 2_200);
        assert_eq!(svg.matches(r#"fill-opacity="0""#).count(), 200);
        let height: f64 = svg
            .split("height=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(height < MAX_ROWS_HEIGHT + 200.0, "{height}");
    }

    #[test]
    fn the_scatter_leaves_out_the_labels_it_cannot_place() {
        let lines: Vec<CuttingLine> = (0..20)
            .map(|k| CuttingLine {
                normal: [(k as f64).cos(), (k as f64).sin()],
                offset: 0.1 * k as f64 - 1.0,
            })
            .collect();
        let legend = vec![(Rgb::hex(0x4e79a7), "Democrat".to_string())];
        let svg = scatter_svg(&crowded(), &lines, &legend, ("dim 1", "dim 2"), "t");
        assert_eq!(overlapping_labels(&svg), None);
        assert_eq!(svg.matches("<circle").count(), 200);
        let labelled = text_boxes(&svg)
            .iter()
            .filter(|(t, _)| t.starts_with('M'))
            .count();
        assert!(labelled > 20 && labelled < 200, "{labelled}");
        assert!(svg.matches(r##"stroke="#bbbbbb""##).count() > 5);
    }

    #[test]
    fn a_cutting_line_is_clipped_to_the_square() {
        let diagonal = CuttingLine {
            normal: [1.0, -1.0],
            offset: 0.0,
        };
        assert_eq!(
            clip(&diagonal, (-1.0, 1.0)),
            Some(([-1.0, -1.0], [1.0, 1.0]))
        );
        let outside = CuttingLine {
            normal: [1.0, 0.0],
            offset: 5.0,
        };
        assert_eq!(clip(&outside, (-1.0, 1.0)), None);
        let zero = CuttingLine {
            normal: [0.0, 0.0],
            offset: 0.0,
        };
        assert_eq!(clip(&zero, (-1.0, 1.0)), None);
    }

    #[test]
    fn ticks_are_round_and_inside_the_domain() {
        let scale = Scale {
            domain: (-1.73, 2.41),
            range: (0.0, 100.0),
        };
        assert_eq!(
            scale.ticks(8.0),
            [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
        );
        assert_eq!(tick_text(-0.5), "−0.5");
        assert_eq!(domain([3.0, 3.0].into_iter()), (2.0, 4.0));
    }
}
