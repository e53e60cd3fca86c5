//! The similarity heatmap: members × members, ordered by bloc then code, bloc boundaries
//! marked, a colour bar for the index's range.

use super::markup::{Anchor, Label, Svg, number};
use super::network::bloc_legend;
use crate::Choice;
use crate::analysis::Analysis;
use crate::format::format_float;
use crate::format::palette::{MISSING, Rgb, bloc_colour, sequential};
use std::fmt::Write;

/// Most cells per side: larger tables are drawn at this resolution, each cell the mean of a
/// block of members (bloc boundaries are still drawn at their exact place). 300² cells keep
/// the file under a few MB whatever the number of members.
pub const MAX_CELLS: usize = 300;

/// Colour steps of the cells (plus one for undefined pairs).
const LEVELS: usize = 64;

/// Members with at most this many get their code written along both axes.
const MAX_CODE_LABELS: usize = 60;

/// Member indices ordered by bloc (1 first; no bloc, 0, last), then by member order (code).
///
/// # Complexity
///
/// O(n log n).
///
/// # Examples
///
/// ```
/// use votebloc::report::heatmap::order_by_bloc;
/// assert_eq!(order_by_bloc(&[2, 1, 0, 1]), vec![1, 3, 0, 2]);
/// ```
pub fn order_by_bloc(blocs: &[u32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..blocs.len()).collect();
    order.sort_by_key(|&i| (blocs[i] == 0, blocs[i], i));
    order
}

/// Mean of the defined values of rows `rows` × columns `columns` (in `order` positions) of the
/// similarity table; NaN when none is defined.
fn block_mean(
    values: &ndarray::Array2<f64>,
    order: &[usize],
    rows: std::ops::Range<usize>,
    columns: std::ops::Range<usize>,
) -> f64 {
    let (mut sum, mut count) = (0.0, 0usize);
    for &r in &order[rows] {
        for &c in &order[columns.clone()] {
            let v = values[[r, c]];
            if !v.is_nan() {
                sum += v;
                count += 1;
            }
        }
    }
    if count == 0 {
        f64::NAN
    } else {
        sum / count as f64
    }
}

/// Where the heatmap is drawn: the square of cells and what is written around it.
struct Frame {
    /// Members drawn (the first `n` of the analysis).
    n: usize,
    /// Cells per side (at most [`MAX_CELLS`]).
    cells: usize,
    /// Left and top edges of the square, its side, in px.
    left: f64,
    top: f64,
    side: f64,
    /// Whether member codes label the axes (at most [`MAX_CODE_LABELS`] members).
    codes: bool,
}

impl Frame {
    /// The frame of a heatmap of `n` members.
    fn of(n: usize) -> Frame {
        let codes = n <= MAX_CODE_LABELS;
        Frame {
            n,
            cells: n.clamp(1, MAX_CELLS),
            left: if codes { 150.0 } else { 110.0 },
            top: if codes { 120.0 } else { 90.0 },
            side: 600.0,
            codes,
        }
    }

    /// Side of one cell in px.
    fn cell(&self) -> f64 {
        self.side / self.cells as f64
    }

    /// The first member position (in bloc order) of cell row or column `b`.
    fn start(&self, b: usize) -> usize {
        b * self.n / self.cells
    }

    /// The pixel offset of member position `position` along either axis.
    fn pixel(&self, position: usize) -> f64 {
        position as f64 / self.n.max(1) as f64 * self.side
    }
}

/// The heatmap as SVG. Cells are coloured on the viridis scale over the index's range
/// (`Index::range`) in 64 steps, undefined pairs light grey; equal neighbouring cells of a
/// row are drawn as one run. A coloured strip per bloc runs along both axes with the bloc number,
/// white lines mark bloc boundaries, and member codes label the axes for up to 60 members.
///
/// Deterministic. `None` without the dense similarity table ([`Analysis::is_dense`]): the
/// cells average blocks of the table.
///
/// # Complexity
///
/// O(n²) to read the table, O(c²) rectangles at most for c = min(n, [`MAX_CELLS`]).
pub fn heatmap_svg(analysis: &Analysis) -> Option<String> {
    let data = &analysis.dataset;
    let values = analysis.similarity.values()?;
    let n = values
        .nrows()
        .min(data.members.len())
        .min(analysis.blocs.len());
    let order = order_by_bloc(&analysis.blocs[..n]);
    let frame = Frame::of(n);
    let width = frame.left + frame.side + 150.0;
    let legend_top = frame.top + frame.side + 46.0;
    let height = legend_top + super::network::bloc_legend_height(analysis, width - 60.0) + 10.0;
    let mut svg = canvas(analysis, &frame, width, height);
    let any_missing = draw_cells(&mut svg, analysis, values, &order, &frame);
    draw_bloc_strips(&mut svg, &analysis.blocs, &order, &frame);
    if frame.codes {
        draw_codes(&mut svg, data, &order, &frame);
    }
    draw_axes(&mut svg, &frame);
    draw_colour_bar(&mut svg, analysis, &frame, any_missing);
    bloc_legend(&mut svg, analysis, 30.0, legend_top, width - 60.0);
    Some(svg.finish())
}

/// A new SVG of `width` × `height` px with the heatmap's title and subtitle.
fn canvas(analysis: &Analysis, frame: &Frame, width: f64, height: f64) -> Svg {
    let n = frame.n;
    let mut svg = Svg::new(width, height, "Similarity between members");
    svg.text(
        &Label::new(width / 2.0, 26.0, "Similarity between members", 18.0)
            .anchor(Anchor::Middle)
            .bold(),
    );
    let mut subtitle = format!(
        "{} index · {n} members ordered by bloc, then code · white lines mark bloc boundaries",
        analysis.similarity.index().name()
    );
    if frame.cells < n {
        subtitle.push_str(&format!(
            " · each cell averages about {} × {} members",
            n.div_ceil(frame.cells),
            n.div_ceil(frame.cells)
        ));
    }
    svg.text(
        &Label::new(width / 2.0, 46.0, &subtitle, 12.0)
            .anchor(Anchor::Middle)
            .fill(Rgb::hex(0x444444)),
    );
    svg
}

/// The colour level of the mean similarity of cell (`row`, `column`): one of [`LEVELS`] steps
/// over the index's range, or `LEVELS` for an undefined cell.
fn level(
    values: &ndarray::Array2<f64>,
    order: &[usize],
    frame: &Frame,
    (low, high): (f64, f64),
    (row, column): (usize, usize),
) -> usize {
    let v = block_mean(
        values,
        order,
        frame.start(row)..frame.start(row + 1),
        frame.start(column)..frame.start(column + 1),
    );
    if v.is_nan() {
        LEVELS
    } else {
        let t = ((v - low) / (high - low)).clamp(0.0, 1.0);
        (t * (LEVELS - 1) as f64).round() as usize
    }
}

/// Draws the cells; returns whether some cell is undefined. Cells are drawn as one path per
/// colour, in a cell-sized coordinate system: each run of equal cells in a row is
/// "M x y h w v 1 h -w z" with integers, a fraction of the size of one <rect> per cell.
/// Colours are quantised to [`LEVELS`] steps (invisible on the scale).
fn draw_cells(
    svg: &mut Svg,
    analysis: &Analysis,
    values: &ndarray::Array2<f64>,
    order: &[usize],
    frame: &Frame,
) -> bool {
    let range = analysis.similarity.index().range();
    let cells = frame.cells;
    let mut paths: Vec<String> = vec![String::new(); LEVELS + 1];
    let mut any_missing = false;
    for row in 0..cells {
        let mut run: Option<(usize, usize)> = None;
        for column in 0..=cells {
            let level = (column < cells).then(|| level(values, order, frame, range, (row, column)));
            any_missing |= level == Some(LEVELS);
            match (run, level) {
                (Some((_, current)), Some(next)) if current == next => {}
                (Some((first, current)), _) => {
                    let length = column - first;
                    let _ = write!(paths[current], "M{first} {row}h{length}v1h-{length}z");
                    run = level.map(|l| (column, l));
                }
                (None, _) => run = level.map(|l| (column, l)),
            }
        }
    }
    svg.raw(&format!(
        r#"<g shape-rendering="crispEdges" transform="translate({} {}) scale({})">"#,
        number(frame.left),
        number(frame.top),
        format_float(Some(frame.cell()))
    ));
    for (level, path) in paths.iter().enumerate() {
        if path.is_empty() {
            continue;
        }
        let colour = if level == LEVELS {
            MISSING
        } else {
            sequential(level as f64 / (LEVELS - 1) as f64)
        };
        svg.raw(&format!(r#"<path fill="{colour}" d="{path}"/>"#));
    }
    svg.raw("</g>");
    any_missing
}

/// The runs of equal blocs along `order`: (bloc, first position, end position).
fn bloc_segments(blocs: &[u32], order: &[usize]) -> Vec<(u32, usize, usize)> {
    let n = order.len();
    let mut position = 0;
    let mut segments = Vec::new();
    while position < n {
        let bloc = blocs[order[position]];
        let end = (position..n)
            .find(|&p| blocs[order[p]] != bloc)
            .unwrap_or(n);
        segments.push((bloc, position, end));
        position = end;
    }
    segments
}

/// A strip of each bloc's colour along both axes, white lines at the bloc boundaries, and the
/// bloc numbers when the members' codes are not written.
fn draw_bloc_strips(svg: &mut Svg, blocs: &[u32], order: &[usize], frame: &Frame) {
    let &Frame {
        left, top, side, ..
    } = frame;
    let strip = 10.0;
    for (bloc, from, to) in bloc_segments(blocs, order) {
        let (a, b) = (frame.pixel(from), frame.pixel(to));
        let colour = bloc_colour(bloc);
        svg.rect(left - strip - 3.0, top + a, strip, b - a, colour, "");
        svg.rect(left + a, top - strip - 3.0, b - a, strip, colour, "");
        if from > 0 {
            let white = Rgb::hex(0xffffff);
            svg.line((left, top + a), (left + side, top + a), white, 1.5, "");
            svg.line((left + a, top), (left + a, top + side), white, 1.5, "");
        }
        if !frame.codes && b - a >= 13.0 {
            let name = if bloc == 0 {
                "none".to_string()
            } else {
                bloc.to_string()
            };
            svg.text(
                &Label::new(left - strip - 8.0, top + (a + b) / 2.0 + 4.0, &name, 12.0)
                    .anchor(Anchor::End)
                    .bold(),
            );
            svg.text(
                &Label::new(left + (a + b) / 2.0, top - strip - 8.0, &name, 12.0)
                    .anchor(Anchor::Middle)
                    .bold(),
            );
        }
    }
}

/// Every member's code along both axes.
fn draw_codes(svg: &mut Svg, data: &crate::model::Dataset, order: &[usize], frame: &Frame) {
    let &Frame { left, top, .. } = frame;
    let (strip, cell) = (10.0, frame.cell());
    let size = (cell * 0.8).clamp(6.0, 11.0);
    for (p, &member) in order.iter().enumerate() {
        let code = &data.members[member].code;
        let middle = (p as f64 + 0.5) * cell;
        svg.text(
            &Label::new(left - strip - 7.0, top + middle + size * 0.35, code, size)
                .anchor(Anchor::End),
        );
        svg.text(
            &Label::new(left + middle + size * 0.35, top - strip - 7.0, code, size).rotate(-90.0),
        );
    }
}

/// The square's border and the axis titles.
fn draw_axes(svg: &mut Svg, frame: &Frame) {
    let &Frame {
        left, top, side, ..
    } = frame;
    let strip = 10.0;
    svg.rect(
        left,
        top,
        side,
        side,
        Rgb::hex(0xffffff),
        r##" fill-opacity="0" stroke="#666666""##,
    );
    let axis = "members, by bloc then code";
    svg.text(&Label::new(left + side / 2.0, top + side + 22.0, axis, 12.0).anchor(Anchor::Middle));
    if !frame.codes {
        svg.text(
            &Label::new(left - 58.0, top + side / 2.0, axis, 12.0)
                .anchor(Anchor::Middle)
                .rotate(-90.0),
        );
        svg.text(
            &Label::new(left - strip - 8.0, top - strip - 8.0, "bloc", 11.0)
                .anchor(Anchor::End)
                .fill(Rgb::hex(0x444444)),
        );
    }
}

/// The colour bar beside the square: the index's range in 60 steps with five ticks, and the
/// colour of undefined pairs when there are some.
fn draw_colour_bar(svg: &mut Svg, analysis: &Analysis, frame: &Frame, any_missing: bool) {
    let &Frame {
        left, top, side, ..
    } = frame;
    let index = analysis.similarity.index();
    let (low, high) = index.range();
    let bar_left = left + side + 30.0;
    let steps = 60;
    let step = side / steps as f64;
    svg.text(&Label::new(bar_left, top - 14.0, index.name(), 12.0).bold());
    svg.raw(r#"<g shape-rendering="crispEdges">"#);
    for s in 0..steps {
        let t = 1.0 - (s as f64 + 0.5) / steps as f64;
        svg.rect(
            bar_left,
            top + s as f64 * step,
            18.0,
            step + 0.3,
            sequential(t),
            "",
        );
    }
    svg.raw("</g>");
    svg.rect(
        bar_left,
        top,
        18.0,
        side,
        Rgb::hex(0xffffff),
        r##" fill-opacity="0" stroke="#666666""##,
    );
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = top + (1.0 - t) * side;
        let value = low + t * (high - low);
        svg.line(
            (bar_left + 18.0, y),
            (bar_left + 23.0, y),
            Rgb::hex(0x666666),
            1.0,
            "",
        );
        svg.text(&Label::new(bar_left + 26.0, y + 4.0, &number(value), 11.0));
    }
    if any_missing {
        let y = top + side + 14.0;
        svg.rect(bar_left, y, 18.0, 12.0, MISSING, r##" stroke="#666666""##);
        svg.text(&Label::new(
            bar_left + 24.0,
            y + 10.0,
            "no similarity",
            11.0,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn block_means_skip_undefined_pairs() {
        let values = array![[1.0, 0.5, f64::NAN], [0.5, 1.0, 0.2], [f64::NAN, 0.2, 1.0]];
        let order = vec![0, 1, 2];
        assert_eq!(block_mean(&values, &order, 0..1, 1..3), 0.5);
        assert!((block_mean(&values, &order, 0..2, 0..2) - 0.75).abs() < 1e-12);
        let lone = array![[f64::NAN]];
        assert!(block_mean(&lone, &[0], 0..1, 0..1).is_nan());
    }

    #[test]
    fn bloc_segments_follow_the_order() {
        let blocs = [2, 1, 0, 1];
        let order = order_by_bloc(&blocs);
        assert_eq!(
            bloc_segments(&blocs, &order),
            [(1, 0, 2), (2, 2, 3), (0, 3, 4)]
        );
        let frame = Frame::of(4);
        assert!(frame.codes);
        assert_eq!((frame.start(1), frame.pixel(2)), (1, 300.0));
    }

    #[test]
    fn members_without_bloc_go_last() {
        assert_eq!(order_by_bloc(&[0, 3, 1, 3, 2]), vec![2, 4, 1, 3, 0]);
    }
}
