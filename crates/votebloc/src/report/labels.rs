//! Placing point labels without overlaps: members at the same spot share one label, and each
//! label takes the first free spot among candidates around its point, farther ones with a
//! leader line, and at worst the free spot nearest to its point anywhere in the plot. No two
//! labels overlap, and none covers a labelled point.

use super::markup::{Anchor, Label, Svg, label_width};
use crate::format::palette::Rgb;

/// Most texts written in one merged label; the rest are counted ("A, B, C +4").
pub const MAX_CODES_PER_LABEL: usize = 3;

/// The `class` of the labels of points in the SVG, by which a test finds them.
pub const LABEL_CLASS: &str = "label";

/// Room kept free around a label's text for its white halo (px).
const HALO: f64 = 1.5;

/// A box `(left, top, right, bottom)` in SVG pixels.
pub type Rect = (f64, f64, f64, f64);

/// A point to label, in SVG pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// A label placed by [`place_labels`].
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The point labelled.
    pub point: (f64, f64),
    /// Baseline anchor position of the text.
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
    pub text: String,
    /// Whether the label sits away from its point (drawn with a leader line).
    pub leader: bool,
}

impl Placed {
    /// Draws the label (with a white halo, class [`LABEL_CLASS`]) and its leader line.
    pub fn draw(&self, svg: &mut Svg, size: f64) {
        if self.leader {
            let (left, top, right, bottom) = self.bounds(size);
            let target = (
                self.point.0.clamp(left, right),
                self.point.1.clamp(top, bottom),
            );
            svg.line(self.point, target, Rgb::hex(0x333333), 0.6, "");
        }
        svg.text(
            &Label::new(self.x, self.y, &self.text, size)
                .anchor(self.anchor)
                .halo()
                .class(LABEL_CLASS),
        );
    }

    /// The box (left, top, right, bottom) the label keeps free: its text in Helvetica's
    /// widths ([`label_width`]) from the ascender to the descender, with its halo.
    pub fn bounds(&self, size: f64) -> Rect {
        text_box(self.x, self.y, self.anchor, &self.text, size)
    }
}

/// The box of `text` at `size` px anchored at (x, y) on its baseline, halo included.
///
/// # Examples
///
/// ```
/// use votebloc::report::labels::text_box;
/// use votebloc::report::markup::{Anchor, label_width};
/// let (left, top, right, bottom) = text_box(100.0, 50.0, Anchor::End, "USA", 10.0);
/// assert!((right - 101.5).abs() < 1e-9 && (left - (98.5 - label_width("USA", 10.0))).abs() < 1e-9);
/// assert!(top < 42.0 && bottom > 52.5);
/// ```
pub fn text_box(x: f64, y: f64, anchor: Anchor, text: &str, size: f64) -> Rect {
    let width = label_width(text, size);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    (
        left - HALO,
        y - size * 0.8 - HALO,
        left + width + HALO,
        y + size * 0.25 + HALO,
    )
}

/// Whether two boxes overlap (touching edges do not).
pub fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// What [`place_labels`] did: the labels placed, and the texts it found no room for (only
/// when the plot is full: a label is left out rather than drawn over another).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placement {
    pub placed: Vec<Placed>,
    pub unplaced: Vec<String>,
}

/// One label per spot: the text of the points at one spot, joined.
fn spots(points: &[Point]) -> Vec<(f64, f64, String)> {
    let mut spots: Vec<(f64, f64, Vec<&str>)> = Vec::new();
    for point in points {
        if !(point.x.is_finite() && point.y.is_finite()) {
            continue;
        }
        match spots
            .iter_mut()
            .find(|s| (s.0 - point.x).abs() < 1.0 && (s.1 - point.y).abs() < 1.0)
        {
            Some(spot) => spot.2.push(&point.text),
            None => spots.push((point.x, point.y, vec![&point.text])),
        }
    }
    spots.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    spots
        .into_iter()
        .map(|(x, y, texts)| {
            // Many members at one spot: a few codes and a count, or the label covers the plot.
            let text = if texts.len() > MAX_CODES_PER_LABEL {
                format!(
                    "{} +{}",
                    texts[..MAX_CODES_PER_LABEL].join(", "),
                    texts.len() - MAX_CODES_PER_LABEL
                )
            } else {
                texts.join(", ")
            };
            (x, y, text)
        })
        .collect()
}

/// The places tried for a label of a point at (x, y), nearest first: right, left, above and
/// below at `gap` px (no leader line), then 16 directions at 2 to 8 times that distance.
fn candidates(x: f64, y: f64, gap: f64, size: f64) -> Vec<(f64, f64, Anchor, bool)> {
    let mut found = vec![
        (x + gap, y + size * 0.35, Anchor::Start, false),
        (x - gap, y + size * 0.35, Anchor::End, false),
        (x, y - gap, Anchor::Middle, false),
        (x, y + gap + size * 0.8, Anchor::Middle, false),
    ];
    for step in 2..=8 {
        let d = gap * step as f64;
        for k in 0..16 {
            let angle = std::f64::consts::TAU * k as f64 / 16.0;
            let (dx, dy) = (d * angle.cos(), -d * angle.sin());
            let anchor = if dx > 0.5 {
                Anchor::Start
            } else if dx < -0.5 {
                Anchor::End
            } else {
                Anchor::Middle
            };
            // Below the point the text hangs from its top; elsewhere it sits on the spot.
            let baseline = if dy > 0.5 {
                y + dy + size * 0.8
            } else {
                y + dy + size * 0.35
            };
            found.push((x + dx, baseline, anchor, true));
        }
    }
    found
}

/// Places one label per distinct spot: points less than 1 px apart are merged into one label
/// ("JAM, TTO", texts in the order given; beyond [`MAX_CODES_PER_LABEL`] texts the rest are
/// counted: "A, B, C +4"). Spots are handled top to bottom, then left to right; each label
/// goes to the first of its candidates (right, left, above, below the point at `gap` px, then
/// 16 directions at 2 to 8 times that distance, with a leader line) whose box ([`text_box`])
/// stays inside `bounds`, overlaps no label placed before and no box of `obstacles` nor the
/// dot of a labelled point (`dot` px around each spot); when none is free, the free place of
/// a grid over `bounds` nearest to the point. A label that finds no room at all is left out
/// and named in [`Placement::unplaced`]: labels never overlap.
///
/// Deterministic.
///
/// # Complexity
///
/// O(p² · c) for p spots and c = 116 candidates, and O(p · g) more for each label that
/// needs the grid of g places.
///
/// # Examples
///
/// ```
/// use votebloc::report::labels::{Point, overlaps, place_labels};
/// use votebloc::report::markup::Anchor;
/// let points = vec![
///     Point { x: 100.0, y: 50.0, text: "JAM".into() },
///     Point { x: 100.2, y: 50.0, text: "TTO".into() },
///     Point { x: 120.0, y: 50.0, text: "BRA".into() },
/// ];
/// let placement = place_labels(&points, 10.0, 4.0, (0.0, 0.0, 200.0, 200.0), &[], 2.0);
/// let placed = placement.placed;
/// assert_eq!(placed.len(), 2);
/// assert_eq!((placed[0].text.as_str(), placed[0].anchor), ("JAM, TTO", Anchor::End));
/// // BRA's dot is on the right of JAM and TTO: their label went to the left, BRA's to the
/// // right of its point.
/// assert_eq!((placed[1].text.as_str(), placed[1].anchor), ("BRA", Anchor::Start));
/// assert!(!overlaps(placed[0].bounds(10.0), placed[1].bounds(10.0)));
/// ```
pub fn place_labels(
    points: &[Point],
    size: f64,
    gap: f64,
    bounds: Rect,
    obstacles: &[Rect],
    dot: f64,
) -> Placement {
    let spots = spots(points);
    let mut taken: Vec<Rect> = obstacles.to_vec();
    taken.extend(
        spots
            .iter()
            .map(|&(x, y, _)| (x - dot, y - dot, x + dot, y + dot)),
    );
    let inside = |b: Rect| b.0 >= bounds.0 && b.1 >= bounds.1 && b.2 <= bounds.2 && b.3 <= bounds.3;
    let mut placement = Placement::default();
    for (x, y, text) in spots {
        let free = |c: &(f64, f64, Anchor, bool), taken: &[Rect]| {
            let b = text_box(c.0, c.1, c.2, &text, size);
            inside(b) && !taken.iter().any(|t| overlaps(*t, b))
        };
        let chosen = candidates(x, y, gap, size)
            .into_iter()
            .find(|c| free(c, &taken))
            .or_else(|| grid(x, y, size, bounds).find(|c| free(c, &taken)));
        match chosen {
            Some((cx, cy, anchor, leader)) => {
                taken.push(text_box(cx, cy, anchor, &text, size));
                placement.placed.push(Placed {
                    point: (x, y),
                    x: cx,
                    y: cy,
                    anchor,
                    text,
                    leader,
                });
            }
            None => placement.unplaced.push(text),
        }
    }
    placement
}

/// Every place of a grid over `bounds` (a line of text high, a quarter of it wide) as a
/// left-anchored candidate with a leader line, the nearest to (x, y) first.
fn grid(x: f64, y: f64, size: f64, bounds: Rect) -> impl Iterator<Item = (f64, f64, Anchor, bool)> {
    let (step_x, step_y) = (size / 4.0, size * 1.1);
    let columns = ((bounds.2 - bounds.0) / step_x).max(0.0) as usize;
    let rows = ((bounds.3 - bounds.1) / step_y).max(0.0) as usize;
    let mut places: Vec<(f64, f64, f64)> = (0..rows)
        .flat_map(|r| (0..columns).map(move |c| (c, r)))
        .map(|(c, r)| {
            let px = bounds.0 + HALO + c as f64 * step_x;
            let py = bounds.1 + HALO + size * 0.8 + r as f64 * step_y;
            ((px - x).powi(2) + (py - y).powi(2), px, py)
        })
        .collect();
    places.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    places
        .into_iter()
        .map(|(_, px, py)| (px, py, Anchor::Start, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, y: f64, text: &str) -> Point {
        Point {
            x,
            y,
            text: text.to_string(),
        }
    }

    fn assert_apart(placed: &[Placed], size: f64) {
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!overlaps(a.bounds(size), b.bounds(size)), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn crowded_labels_do_not_overlap() {
        let points: Vec<Point> = (0..6)
            .map(|i| point(100.0 + i as f64 * 3.0, 100.0, &format!("M{i}")))
            .collect();
        let placement = place_labels(&points, 10.0, 4.0, (0.0, 0.0, 400.0, 400.0), &[], 2.0);
        assert_eq!(placement.placed.len(), 6);
        assert_apart(&placement.placed, 10.0);
    }

    #[test]
    fn a_dense_cluster_is_labelled_without_overlap_by_leaders_and_the_grid() {
        // 60 long labels on a 6 × 10 block of points 4 px apart: most need leader lines, some
        // the grid.
        let points: Vec<Point> = (0..60)
            .map(|i| {
                let (r, c) = (i / 10, i % 10);
                point(
                    150.0 + c as f64 * 4.0,
                    150.0 + r as f64 * 4.0,
                    &format!("Member {i}"),
                )
            })
            .collect();
        let bounds = (0.0, 0.0, 400.0, 400.0);
        let placement = place_labels(&points, 11.0, 5.0, bounds, &[], 2.0);
        assert_eq!(placement.placed.len(), 60, "{:?}", placement.unplaced);
        assert_apart(&placement.placed, 11.0);
        for p in &placement.placed {
            let b = p.bounds(11.0);
            assert!(
                b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= 400.0 && b.3 <= 400.0,
                "{p:?}"
            );
        }
        assert!(placement.placed.iter().any(|p| p.leader));
    }

    #[test]
    fn labels_avoid_obstacles_and_labelled_dots() {
        let obstacle = (104.0, 90.0, 200.0, 110.0);
        let placement = place_labels(
            &[point(100.0, 100.0, "USA"), point(120.0, 130.0, "ISR")],
            10.0,
            4.0,
            (0.0, 0.0, 400.0, 400.0),
            &[obstacle],
            3.0,
        );
        for p in &placement.placed {
            let b = p.bounds(10.0);
            assert!(!overlaps(b, obstacle), "{p:?}");
            for dot in [(100.0, 100.0), (120.0, 130.0)] {
                assert!(
                    !overlaps(b, (dot.0 - 3.0, dot.1 - 3.0, dot.0 + 3.0, dot.1 + 3.0)),
                    "{p:?}"
                );
            }
        }
        // USA's right side is blocked: its label goes to the left.
        assert_eq!(placement.placed[0].anchor, Anchor::End);
    }

    #[test]
    fn a_full_plot_leaves_labels_out_rather_than_overlap() {
        let points: Vec<Point> = (0..20)
            .map(|i| point(20.0 + i as f64, 20.0, &format!("A long label {i}")))
            .collect();
        let placement = place_labels(&points, 10.0, 4.0, (0.0, 0.0, 120.0, 40.0), &[], 1.0);
        assert!(!placement.unplaced.is_empty());
        assert_eq!(placement.placed.len() + placement.unplaced.len(), 20);
        assert_apart(&placement.placed, 10.0);
    }

    #[test]
    fn labels_stay_inside_the_bounds() {
        let placement = place_labels(
            &[point(198.0, 5.0, "LONGNAME")],
            10.0,
            4.0,
            (0.0, 0.0, 200.0, 200.0),
            &[],
            2.0,
        );
        let b = placement.placed[0].bounds(10.0);
        assert!(
            b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= 200.0 && b.3 <= 200.0,
            "{b:?}"
        );
        assert_eq!(placement.placed[0].anchor, Anchor::End);
    }
}
