//! The network plot: the similarity graph at the positions of [`crate::layout`] (the same
//! positions as in `graph.gexf` and `graph.dot`), nodes coloured by bloc or group, swing
//! members and members far from their bloc labelled by short name.

use super::colours::{ColorBy, Colouring};
use super::labels::{Point, place_labels};
use super::markup::{Anchor, Label, Svg};
use super::outliers::outliers;
use crate::analysis::Analysis;
use crate::format::palette::Rgb;
use petgraph::visit::EdgeRef;

/// Most edges drawn in the network plot: beyond this the picture is a grey cloud anyway and
/// the file grows by ~80 bytes per edge. The strongest edges are kept.
pub const MAX_DRAWN_EDGES: usize = 6000;

/// Most swing members labelled on the network and the map: beyond this labels hide the
/// points they name.
pub const MAX_LABELS: usize = 30;

/// The swing members to label (member indices, member order) and how many swing members
/// there are in all (the members of [`crate::swing::SwingReport::summary`]). When there are
/// more than [`MAX_LABELS`], those who split their votes come first, then those with the
/// most kinds of swing, ties by member order.
///
/// # Complexity
///
/// O(s log s) for s swing members.
pub fn labelled_swing_members(analysis: &Analysis) -> (Vec<usize>, usize) {
    let summary = analysis.swing.summary(&analysis.dataset);
    let total = summary.len();
    let mut ranked: Vec<(bool, usize, usize)> = summary
        .iter()
        .map(|s| {
            let split = s.kinds.contains(&crate::swing::SwingKind::Split);
            (!split, usize::MAX - s.kinds.len(), s.member)
        })
        .collect();
    ranked.sort_unstable();
    let mut chosen: Vec<usize> = ranked.iter().take(MAX_LABELS).map(|r| r.2).collect();
    chosen.sort_unstable();
    (chosen, total)
}

/// The members a plot labels: the swing members of [`labelled_swing_members`] and the
/// members far from their bloc at `points` ([`outliers`], one point per member), in member
/// order, with the note saying who is labelled.
///
/// # Complexity
///
/// O(n log n + s log s) for n members and s swing members.
pub fn members_to_label(analysis: &Analysis, points: &[[f64; 2]]) -> (Vec<usize>, String) {
    let (swing, total) = labelled_swing_members(analysis);
    let far = outliers(points, &analysis.blocs);
    let far_only = far
        .iter()
        .filter(|i| swing.binary_search(i).is_err())
        .count();
    let mut labelled: Vec<usize> = swing.iter().chain(&far).copied().collect();
    labelled.sort_unstable();
    labelled.dedup();
    labelled.retain(|&i| i < points.len());
    let swing_note = if swing.len() < total {
        format!(
            "{} of {total} swing members (split votes first)",
            swing.len()
        )
    } else {
        format!("the swing members ({total})")
    };
    let note = format!("labelled: {swing_note} and {far_only} more far from their bloc");
    (labelled, note)
}

/// A legend of bloc colours in rows from (x, y): "bloc b (size)".
pub(crate) fn bloc_legend(svg: &mut Svg, analysis: &Analysis, x: f64, y: f64, width: f64) {
    Colouring::of(analysis, ColorBy::Bloc).legend(svg, x, y, width);
}

/// Height [`bloc_legend`] takes for `blocs` entries in `width` px.
pub(crate) fn bloc_legend_height(analysis: &Analysis, width: f64) -> f64 {
    Colouring::of(analysis, ColorBy::Bloc).legend_height(width)
}

/// The network plot as SVG: the positive edges of `analysis.graph` (the strongest
/// [`MAX_DRAWN_EDGES`] when there are more; darker = heavier), nodes at `positions` (from
/// [`fruchterman_reingold`](crate::layout::fruchterman_reingold), one per member) coloured
/// by `colouring` with a tooltip naming the member, labelled by short name
/// ([`Member::short_name`](crate::Member::short_name)): every member when there are at
/// most 40, else those of [`members_to_label`]; no two labels overlap.
///
/// Deterministic.
///
/// # Complexity
///
/// O(n log n + m log m), and the label placement (see
/// [`place_labels`]).
pub fn network_svg(
    analysis: &Analysis,
    positions: &[[f64; 2]],
    seed: u64,
    colouring: &Colouring,
) -> String {
    let data = &analysis.dataset;
    let (width, side, left, top) = (760.0, 660.0, 50.0, 70.0);
    let legend_height = colouring.legend_height(width - 2.0 * left);
    let height = top + side + 40.0 + legend_height + 10.0;
    let mut svg = Svg::new(width, height, "Network of members");
    svg.text(
        &Label::new(width / 2.0, 26.0, "Network of members", 18.0)
            .anchor(Anchor::Middle)
            .bold(),
    );
    let (edges, positive) = drawn_edges(analysis, positions);
    let subtitle = format!(
        "{} graph: {} positive edge{}{} · Fruchterman–Reingold layout, seed {seed}",
        analysis.params.graph.construction,
        positive,
        if positive == 1 { "" } else { "s" },
        if positive > edges.len() {
            format!(" (strongest {} drawn)", edges.len())
        } else {
            String::new()
        }
    );
    svg.text(
        &Label::new(width / 2.0, 46.0, &subtitle, 12.0)
            .anchor(Anchor::Middle)
            .fill(Rgb::hex(0x444444)),
    );
    let square = Square { left, top, side };
    svg.rect(
        left,
        top,
        side,
        side,
        Rgb::hex(0xfafafa),
        r##" stroke="#cccccc""##,
    );
    draw_edges(&mut svg, &edges, positions, &square);
    let n = positions.len().min(data.members.len());
    let radius = if n <= 300 {
        4.5
    } else if n <= 1000 {
        3.0
    } else {
        2.0
    };
    draw_nodes(&mut svg, analysis, positions, &square, radius, colouring);
    draw_labels(&mut svg, analysis, &positions[..n], &square, radius);
    colouring.legend(&mut svg, left, top + side + 38.0, width - 2.0 * left);
    svg.finish()
}

/// The plot square of the network, in pixels.
struct Square {
    /// Left edge.
    left: f64,
    /// Top edge.
    top: f64,
    /// Side.
    side: f64,
}

impl Square {
    /// The pixel position of a layout position (both coordinates in [0, 1], y up), 12 px
    /// inside the square's edges.
    fn place(&self, p: [f64; 2]) -> (f64, f64) {
        let inner = 12.0;
        (
            self.left + inner + p[0] * (self.side - 2.0 * inner),
            self.top + inner + (1.0 - p[1]) * (self.side - 2.0 * inner),
        )
    }
}

/// The edges to draw `(source, target, weight)`, lightest first, and how many positive edges
/// with a position at both ends there are (more than the edges drawn when the strongest
/// [`MAX_DRAWN_EDGES`] are kept).
fn drawn_edges(analysis: &Analysis, positions: &[[f64; 2]]) -> (Vec<(usize, usize, f64)>, usize) {
    let mut edges: Vec<(usize, usize, f64)> = analysis
        .graph
        .edge_references()
        .map(|e| (e.source().index(), e.target().index(), *e.weight()))
        .filter(|&(a, b, w)| {
            a != b && w.is_finite() && w > 0.0 && a < positions.len() && b < positions.len()
        })
        .collect();
    let positive = edges.len();
    if edges.len() > MAX_DRAWN_EDGES {
        edges.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        edges.truncate(MAX_DRAWN_EDGES);
    }
    // Light edges first so heavy ones stay visible on top.
    edges.sort_by(|x, y| x.2.total_cmp(&y.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    (edges, positive)
}

/// The edges as grey lines, more opaque the heavier they are.
fn draw_edges(
    svg: &mut Svg,
    edges: &[(usize, usize, f64)],
    positions: &[[f64; 2]],
    square: &Square,
) {
    let max_weight = edges.iter().map(|e| e.2).fold(0.0f64, f64::max);
    let edge_colour = Rgb::hex(0x555555);
    for &(a, b, w) in edges {
        let share = if max_weight > 0.0 {
            w / max_weight
        } else {
            1.0
        };
        // Quantised opacity keeps the text short and identical across platforms.
        let opacity = (0.04 + 0.26 * share).clamp(0.04, 0.3);
        let extra = format!(r#" stroke-opacity="{:.2}""#, opacity);
        svg.line(
            square.place(positions[a]),
            square.place(positions[b]),
            edge_colour,
            0.6,
            &extra,
        );
    }
}

/// The tooltip of member `i`: code, name, bloc and group.
pub(crate) fn tooltip(analysis: &Analysis, i: usize) -> String {
    let member = &analysis.dataset.members[i];
    let bloc = analysis.blocs.get(i).copied().unwrap_or(0);
    match &member.group {
        Some(group) => format!("{} — {} (bloc {bloc}, {group})", member.code, member.name),
        None => format!("{} — {} (bloc {bloc})", member.code, member.name),
    }
}

/// One circle per member with a position, in its colour, with a tooltip naming it.
fn draw_nodes(
    svg: &mut Svg,
    analysis: &Analysis,
    positions: &[[f64; 2]],
    square: &Square,
    radius: f64,
    colouring: &Colouring,
) {
    let members = &analysis.dataset.members;
    for (i, position) in positions.iter().enumerate().take(members.len()) {
        svg.circle(
            square.place(*position),
            radius,
            colouring.colour(i),
            r##" stroke="#ffffff" stroke-width="0.8""##,
            Some(&tooltip(analysis, i)),
        );
    }
}

/// Labels the members by short name without overlap (every member when there are at most 40,
/// else those of [`members_to_label`]), with a note saying who is labelled.
fn draw_labels(
    svg: &mut Svg,
    analysis: &Analysis,
    positions: &[[f64; 2]],
    square: &Square,
    radius: f64,
) {
    let data = &analysis.dataset;
    let n = positions.len();
    let &Square { left, top, side } = square;
    let (labelled, mut note) = if n <= 40 {
        ((0..n).collect(), String::new())
    } else {
        members_to_label(analysis, positions)
    };
    let points: Vec<Point> = labelled
        .iter()
        .map(|&i| {
            let (x, y) = square.place(positions[i]);
            Point {
                x,
                y,
                text: data.members[i].short_name(),
            }
        })
        .collect();
    let bounds = (left, top, left + side, top + side);
    let placement = place_labels(&points, 11.0, radius + 2.0, bounds, &[], radius);
    for placed in &placement.placed {
        placed.draw(svg, 11.0);
    }
    if !placement.unplaced.is_empty() {
        note.push_str(&format!(
            "{}no room for {} label(s)",
            if note.is_empty() { "" } else { " · " },
            placement.unplaced.len()
        ));
    }
    if !note.is_empty() {
        svg.text(&Label::new(left, top + side + 16.0, &note, 11.0).fill(Rgb::hex(0x444444)));
    }
}
