//! Placing point labels without overlaps: members at the same spot share one label, and each
//! label takes the first free spot among candidates around its point, farther ones with a
//! leader line.

use super::markup::{Anchor, Label, Svg, text_width};
use crate::format::palette::Rgb;

/// Most texts written in one merged label; the rest are counted ("A, B, C +4").
pub const MAX_CODES_PER_LABEL: usize = 3;

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
    /// Draws the label (with a white halo) and its leader line.
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
                .halo(),
        );
    }

    /// Estimated box (left, top, right, bottom) of the text.
    pub fn bounds(&self, size: f64) -> (f64, f64, f64, f64) {
        box_of(self.x, self.y, self.anchor, &self.text, size)
    }
}

fn box_of(x: f64, y: f64, anchor: Anchor, text: &str, size: f64) -> (f64, f64, f64, f64) {
    let width = text_width(text, size);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    (left, y - size * 0.8, left + width, y + size * 0.25)
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Places one label per distinct spot: points less than 1 px apart are merged into one label
/// ("JAM, TTO", texts in the order given; beyond [`MAX_CODES_PER_LABEL`] texts the rest are
/// counted: "A, B, C +4"). Spots are handled top to bottom, then left to right;
/// each label goes to the first candidate (right, left, above, below the point at `gap` px,
/// then the same four and the diagonals at 2, 3 and 4 times that distance) whose box stays
/// inside `bounds` (left, top, right, bottom) and overlaps no label placed before; when none
/// is free the first candidate inside the bounds is used anyway.
///
/// Deterministic.
///
/// # Complexity
///
/// O(p² · c) for p spots and c = 28 candidates.
///
/// # Examples
///
/// ```
/// use votebloc::report::labels::{Point, place_labels};
/// use votebloc::report::markup::Anchor;
/// let points = vec![
///     Point { x: 50.0, y: 50.0, text: "JAM".into() },
///     Point { x: 50.2, y: 50.0, text: "TTO".into() },
///     Point { x: 52.0, y: 50.0, text: "BRA".into() },
/// ];
/// let placed = place_labels(&points, 10.0, 4.0, (0.0, 0.0, 200.0, 200.0));
/// assert_eq!(placed.len(), 2);
/// assert_eq!(placed[0].text, "JAM, TTO");
/// // "JAM, TTO" took the spot on the right, so BRA's label goes to the left of its point.
/// assert_eq!((placed[1].text.as_str(), placed[1].anchor), ("BRA", Anchor::End));
/// ```
pub fn place_labels(
    points: &[Point],
    size: f64,
    gap: f64,
    bounds: (f64, f64, f64, f64),
) -> Vec<Placed> {
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
    let mut placed: Vec<Placed> = Vec::with_capacity(spots.len());
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (x, y, texts) in spots {
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
        let mut candidates: Vec<(f64, f64, Anchor, bool)> = Vec::new();
        for step in 1..=4 {
            let d = gap * step as f64;
            let far = step > 1;
            candidates.push((x + d, y + size * 0.35, Anchor::Start, far));
            candidates.push((x - d, y + size * 0.35, Anchor::End, far));
            candidates.push((x, y - d, Anchor::Middle, far));
            candidates.push((x, y + d + size * 0.8, Anchor::Middle, far));
            if far {
                candidates.push((x + d * 0.7, y - d * 0.7, Anchor::Start, far));
                candidates.push((x - d * 0.7, y - d * 0.7, Anchor::End, far));
                candidates.push((x + d * 0.7, y + d * 0.7 + size * 0.8, Anchor::Start, far));
                candidates.push((x - d * 0.7, y + d * 0.7 + size * 0.8, Anchor::End, far));
            }
        }
        let inside = |b: (f64, f64, f64, f64)| {
            b.0 >= bounds.0 && b.1 >= bounds.1 && b.2 <= bounds.2 && b.3 <= bounds.3
        };
        let fits = |c: &(f64, f64, Anchor, bool)| {
            let b = box_of(c.0, c.1, c.2, &text, size);
            inside(b) && !taken.iter().any(|t| overlaps(*t, b))
        };
        let chosen = candidates
            .iter()
            .find(|c| fits(c))
            .or_else(|| {
                candidates
                    .iter()
                    .find(|c| inside(box_of(c.0, c.1, c.2, &text, size)))
            })
            .unwrap_or(&candidates[0]);
        let (cx, cy, anchor, leader) = *chosen;
        taken.push(box_of(cx, cy, anchor, &text, size));
        placed.push(Placed {
            point: (x, y),
            x: cx,
            y: cy,
            anchor,
            text,
            leader,
        });
    }
    placed
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

    #[test]
    fn crowded_labels_do_not_overlap() {
        let points: Vec<Point> = (0..6)
            .map(|i| point(100.0 + i as f64 * 3.0, 100.0, &format!("M{i}")))
            .collect();
        let placed = place_labels(&points, 10.0, 4.0, (0.0, 0.0, 400.0, 400.0));
        assert_eq!(placed.len(), 6);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!overlaps(a.bounds(10.0), b.bounds(10.0)), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn labels_stay_inside_the_bounds() {
        let placed = place_labels(
            &[point(198.0, 5.0, "LONGNAME")],
            10.0,
            4.0,
            (0.0, 0.0, 200.0, 200.0),
        );
        let b = placed[0].bounds(10.0);
        assert!(
            b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= 200.0 && b.3 <= 200.0,
            "{b:?}"
        );
        assert_eq!(placed[0].anchor, Anchor::End);
    }
}
