//! The map of members: classical MDS of the distances between members, points coloured by
//! bloc or group, swing members and members far from their bloc labelled by short name.

use super::colours::Colouring;
use super::labels::{Point, Rect, place_labels, text_box};
use super::markup::{Anchor, Label, Svg};
use super::network::{members_to_label, tooltip};
use crate::Choice;
use crate::analysis::Analysis;
use crate::cluster::embedding::{EmbeddingError, EmbeddingParams, SimilarityScale, mds};
use crate::format::palette::Rgb;
use ndarray::Array2;

/// The 2-D classical MDS coordinates of the analysed members (row i = member i), from the
/// similarity of the analysis on its index's scale, seeded with the analysis seed. See
/// [`mds`] for the method, cost and errors (fewer than 3 members, every pair undefined, …);
/// `None` without the dense similarity table ([`Analysis::is_dense`]): classical MDS needs
/// every distance at once.
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::report::map::member_map;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let p = planted(&PlantedParams::default().n_members(30).n_motions(40).n_blocs(2)).unwrap();
/// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
/// assert_eq!(member_map(&analysis).unwrap().unwrap().dim(), (30, 2));
/// ```
pub fn member_map(analysis: &Analysis) -> Option<Result<Array2<f64>, EmbeddingError>> {
    let params = EmbeddingParams::default()
        .dims(2)
        .scale(SimilarityScale::of(analysis.similarity.index()))
        .seed(analysis.params.seed);
    let values = analysis.similarity.values()?;
    Some(mds(values.view(), &params))
}

/// A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` ticks over `span`.
///
/// # Examples
///
/// ```
/// use votebloc::report::map::tick_step;
/// assert_eq!(tick_step(1.0, 5), 0.2);
/// assert_eq!(tick_step(0.07, 5), 0.02);
/// ```
pub fn tick_step(span: f64, target: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The map as SVG. `coordinates` is [`member_map`]'s result: on an error the plot says why
/// instead of showing points. Both axes share one scale (MDS distances are meaningful in
/// every direction). Members at the same spot and of the same colour (`colouring`: bloc or
/// group) are drawn as one circle whose area grows with their number (the tooltip lists
/// them); the members of [`members_to_label`] (swing members, members far from their bloc)
/// are labelled by short name ([`Member::short_name`](crate::Member::short_name)), members
/// at one spot sharing a label, no two labels overlapping.
///
/// Deterministic.
///
/// # Complexity
///
/// O(n²) in the worst case (grouping and label placement).
pub fn map_svg(
    analysis: &Analysis,
    coordinates: Result<&Array2<f64>, &EmbeddingError>,
    colouring: &Colouring,
) -> String {
    let data = &analysis.dataset;
    let (width, side, left, top) = (760.0, 620.0, 90.0, 70.0);
    let legend_top = top + side + 56.0;
    let height = legend_top + colouring.legend_height(width - 2.0 * 30.0) + 44.0;
    let mut svg = map_canvas(analysis, width, height, (left, top, side));
    let coordinates = match usable_coordinates(coordinates, data.members.len()) {
        Ok(c) => c,
        Err((text, size)) => {
            svg.text(
                &Label::new(left + side / 2.0, top + side / 2.0, &text, size)
                    .anchor(Anchor::Middle),
            );
            return svg.finish();
        }
    };
    let n = coordinates.nrows();
    let plane = Plane::fit(coordinates, left, top, side);
    draw_grid(&mut svg, &plane);
    let groups = spot_groups(colouring, coordinates, &plane);
    let counts = draw_groups(&mut svg, analysis, colouring, &groups);
    let pixels: Vec<[f64; 2]> = (0..n)
        .map(|i| [plane.px(coordinates[[i, 0]]), plane.py(coordinates[[i, 1]])])
        .collect();
    let (labelled, label_note) = members_to_label(analysis, &pixels);
    let points: Vec<Point> = labelled
        .iter()
        .filter(|&&i| i < n && finite_at(coordinates, i))
        .map(|&i| Point {
            x: pixels[i][0],
            y: pixels[i][1],
            text: data.members[i].short_name(),
        })
        .collect();
    for point in &points {
        svg.circle((point.x, point.y), 2.0, Rgb::hex(0x000000), "", None);
    }
    let bounds = (left, top, left + side, top + side);
    let placement = place_labels(&points, 12.0, 7.0, bounds, &counts, 2.5);
    for placed in &placement.placed {
        placed.draw(&mut svg, 12.0);
    }
    colouring.legend(&mut svg, 30.0, legend_top, width - 60.0);
    let unplaced = if placement.unplaced.is_empty() {
        String::new()
    } else {
        format!(" · no room for {} label(s)", placement.unplaced.len())
    };
    let grey = Rgb::hex(0x444444);
    let note = format!("{n} members · circle area ∝ members at the same spot");
    svg.text(&Label::new(30.0, height - 26.0, &note, 11.0).fill(grey));
    let note = format!("black dots, {label_note}{unplaced}");
    svg.text(&Label::new(30.0, height - 12.0, &note, 11.0).fill(grey));
    svg.finish()
}

/// A new SVG with the map's title, subtitle and empty plot square `(left, top, side)`.
fn map_canvas(analysis: &Analysis, width: f64, height: f64, square: (f64, f64, f64)) -> Svg {
    let (left, top, side) = square;
    let title = "Map of members";
    let mut svg = Svg::new(width, height, title);
    svg.text(
        &Label::new(width / 2.0, 26.0, title, 18.0)
            .anchor(Anchor::Middle)
            .bold(),
    );
    let subtitle = format!(
        "classical multidimensional scaling of the distances between members ({} index)",
        analysis.similarity.index().name()
    );
    svg.text(
        &Label::new(width / 2.0, 46.0, &subtitle, 12.0)
            .anchor(Anchor::Middle)
            .fill(Rgb::hex(0x444444)),
    );
    svg.rect(
        left,
        top,
        side,
        side,
        Rgb::hex(0xfafafa),
        r##" stroke="#999999""##,
    );
    svg
}

/// The coordinates when they hold two columns for every member, else the message (and its
/// font size) the plot shows instead of points.
fn usable_coordinates<'a>(
    coordinates: Result<&'a Array2<f64>, &EmbeddingError>,
    n_members: usize,
) -> Result<&'a Array2<f64>, (String, f64)> {
    match coordinates {
        Ok(c) if c.ncols() >= 2 && c.nrows() == n_members => Ok(c),
        Ok(c) => Err((
            format!(
                "no map: {} × {} coordinates for {} members",
                c.nrows(),
                c.ncols(),
                n_members
            ),
            14.0,
        )),
        Err(e) => Err((format!("no map: {e}"), 13.0)),
    }
}

/// Whether member `i` has finite coordinates on both axes.
fn finite_at(coordinates: &Array2<f64>, i: usize) -> bool {
    coordinates[[i, 0]].is_finite() && coordinates[[i, 1]].is_finite()
}

/// The plot square and its one scale from MDS coordinates to pixels.
struct Plane {
    /// Pixel position of the square's left edge.
    left: f64,
    /// Pixel position of the square's top edge.
    top: f64,
    /// Side of the square in pixels.
    side: f64,
    /// The MDS coordinates at the square's bottom-left corner.
    origin: [f64; 2],
    /// The MDS distance the side of the square covers.
    span: f64,
}

impl Plane {
    /// The plane holding every finite point, centred, with a margin.
    fn fit(coordinates: &Array2<f64>, left: f64, top: f64, side: f64) -> Plane {
        let n = coordinates.nrows();
        let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for i in (0..n).filter(|&i| finite_at(coordinates, i)) {
            for axis in 0..2 {
                low[axis] = low[axis].min(coordinates[[i, axis]]);
                high[axis] = high[axis].max(coordinates[[i, axis]]);
            }
        }
        let mut span = (high[0] - low[0]).max(high[1] - low[1]);
        if !(span.is_finite() && span > 0.0) {
            span = 1.0;
            for axis in 0..2 {
                if !low[axis].is_finite() {
                    (low[axis], high[axis]) = (0.0, 0.0);
                }
            }
        }
        // 12 % margin on each side so that the largest circles and labels fit.
        let span = span * 1.24;
        let centre = [(low[0] + high[0]) / 2.0, (low[1] + high[1]) / 2.0];
        let origin = [centre[0] - span / 2.0, centre[1] - span / 2.0];
        Plane {
            left,
            top,
            side,
            origin,
            span,
        }
    }

    /// The pixel column of MDS coordinate `x`.
    fn px(&self, x: f64) -> f64 {
        self.left + (x - self.origin[0]) / self.span * self.side
    }

    /// The pixel row of MDS coordinate `y` (up is positive).
    fn py(&self, y: f64) -> f64 {
        self.top + self.side - (y - self.origin[1]) / self.span * self.side
    }
}

/// The grid lines, tick values and axis titles of the plane.
fn draw_grid(svg: &mut Svg, plane: &Plane) {
    let &Plane {
        left,
        top,
        side,
        origin,
        span,
    } = plane;
    let step = tick_step(span, 6);
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let grid = Rgb::hex(0xe3e3e3);
    let axis_colour = Rgb::hex(0x444444);
    for (axis, start) in origin.iter().enumerate() {
        let first = (start / step).ceil() as i64;
        let last = ((start + span) / step).floor() as i64;
        for k in first..=last {
            let value = k as f64 * step;
            let text = format!(
                "{:.*}",
                decimals,
                if value.abs() < step / 2.0 { 0.0 } else { value }
            );
            if axis == 0 {
                let x = plane.px(value);
                svg.line((x, top), (x, top + side), grid, 1.0, "");
                svg.text(
                    &Label::new(x, top + side + 16.0, &text, 11.0)
                        .anchor(Anchor::Middle)
                        .fill(axis_colour),
                );
            } else {
                let y = plane.py(value);
                svg.line((left, y), (left + side, y), grid, 1.0, "");
                svg.text(
                    &Label::new(left - 6.0, y + 4.0, &text, 11.0)
                        .anchor(Anchor::End)
                        .fill(axis_colour),
                );
            }
        }
    }
    svg.text(
        &Label::new(left + side / 2.0, top + side + 36.0, "MDS axis 1", 12.0)
            .anchor(Anchor::Middle),
    );
    svg.text(
        &Label::new(left - 50.0, top + side / 2.0, "MDS axis 2", 12.0)
            .anchor(Anchor::Middle)
            .rotate(-90.0),
    );
}

/// One circle of the map: its centre in half pixels and its colour's key (see
/// [`Colouring::key`]; `usize::MAX` for grey), and its members.
type SpotGroup = ((i64, i64, usize), Vec<usize>);

/// The members with finite coordinates grouped by spot (to half a pixel) and colour, the
/// biggest groups first, then by spot and colour.
fn spot_groups(colouring: &Colouring, coordinates: &Array2<f64>, plane: &Plane) -> Vec<SpotGroup> {
    let n = coordinates.nrows();
    let mut groups: Vec<SpotGroup> = Vec::new();
    for i in (0..n).filter(|&i| finite_at(coordinates, i)) {
        let key = (
            (plane.px(coordinates[[i, 0]]) * 2.0).round() as i64,
            (plane.py(coordinates[[i, 1]]) * 2.0).round() as i64,
            colouring.key(i).unwrap_or(usize::MAX),
        );
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(group) => group.1.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    // Big circles first, so small ones stay visible on top.
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    groups
}

/// One circle per group, its area growing with its members, with a tooltip listing them;
/// then the counts of the groups of ten or more, whose boxes are returned (labels keep off
/// them).
fn draw_groups(
    svg: &mut Svg,
    analysis: &Analysis,
    colouring: &Colouring,
    groups: &[SpotGroup],
) -> Vec<Rect> {
    let data = &analysis.dataset;
    let radius = |count: usize| 4.0 * (count as f64).sqrt().min(7.0);
    for ((x2, y2, _), members) in groups {
        let mut codes: Vec<&str> = members
            .iter()
            .take(24)
            .map(|&i| data.members[i].code.as_str())
            .collect();
        if members.len() > 24 {
            codes.push("…");
        }
        let first = members[0];
        let tooltip = if members.len() == 1 {
            tooltip(analysis, first)
        } else {
            format!(
                "{} members of {}: {}",
                members.len(),
                colouring.group_label(first).unwrap_or("no bloc"),
                codes.join(", ")
            )
        };
        let colour = colouring.colour(first);
        svg.circle(
            (*x2 as f64 / 2.0, *y2 as f64 / 2.0),
            radius(members.len()),
            colour,
            &format!(r#" fill-opacity="0.7" stroke="{colour}" stroke-width="1.2""#),
            Some(&tooltip),
        );
    }
    // Counts go on top of every circle, or a small circle drawn later would hide them.
    let mut boxes = Vec::new();
    for ((x2, y2, _), members) in groups.iter().filter(|g| g.1.len() >= 10) {
        let text = members.len().to_string();
        let (x, y) = (*x2 as f64 / 2.0, *y2 as f64 / 2.0 + 4.0);
        svg.text(
            &Label::new(x, y, &text, 11.0)
                .anchor(Anchor::Middle)
                .bold()
                .fill(colouring.colour(members[0]).text_colour()),
        );
        boxes.push(text_box(x, y, Anchor::Middle, &text, 11.0));
    }
    boxes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(tick_step(10.0, 5), 2.0);
        assert_eq!(tick_step(3.0, 6), 0.5);
        assert_eq!(tick_step(0.0, 5), 1.0);
        assert!((tick_step(0.012, 6) - 0.002).abs() < 1e-15);
    }
}
