//! The network plot: the similarity graph at the positions of [`crate::layout`] (the same
//! positions as in `graph.gexf` and `graph.dot`), nodes coloured by bloc, swing members
//! labelled.

use super::labels::{Point, place_labels};
use super::markup::{Anchor, Label, Svg, text_width};
use crate::analysis::Analysis;
use crate::format::palette::{Rgb, bloc_colour};
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

/// The note saying which members are labelled.
pub(crate) fn label_note(labelled: usize, total: usize) -> String {
    if labelled < total {
        format!("labelled: {labelled} of {total} swing members (split votes first)")
    } else {
        format!("labelled: swing members ({total})")
    }
}

/// A legend of bloc colours in rows from (x, y): "bloc b (size)".
pub(crate) fn bloc_legend(svg: &mut Svg, analysis: &Analysis, x: f64, y: f64, width: f64) {
    let mut cursor = x;
    let mut row_y = y;
    svg.text(&Label::new(x, row_y, "Blocs:", 12.0).bold());
    cursor += 48.0;
    for (index, size) in analysis.bloc_sizes.iter().enumerate() {
        let bloc = index as u32 + 1;
        let text = format!("bloc {bloc} ({size})");
        let item = 16.0 + text_width(&text, 12.0) + 14.0;
        if cursor + item > x + width {
            cursor = x + 48.0;
            row_y += 18.0;
        }
        svg.rect(cursor, row_y - 10.0, 11.0, 11.0, bloc_colour(bloc), "");
        svg.text(&Label::new(cursor + 16.0, row_y, &text, 12.0));
        cursor += item;
    }
}

/// Height [`bloc_legend`] takes for `blocs` entries in `width` px.
pub(crate) fn bloc_legend_height(analysis: &Analysis, width: f64) -> f64 {
    let mut cursor = 48.0;
    let mut rows = 1.0;
    for (index, size) in analysis.bloc_sizes.iter().enumerate() {
        let text = format!("bloc {} ({size})", index + 1);
        let item = 16.0 + text_width(&text, 12.0) + 14.0;
        if cursor + item > width {
            cursor = 48.0;
            rows += 1.0;
        }
        cursor += item;
    }
    rows * 18.0
}

/// The network plot as SVG: the positive edges of `analysis.graph` (the strongest
/// [`MAX_DRAWN_EDGES`] when there are more; darker = heavier), nodes at `positions` (from
/// [`fruchterman_reingold`](crate::layout::fruchterman_reingold), one per member) coloured by bloc with a tooltip naming the
/// member, swing members labelled by code (every member when there are at most 40).
///
/// Deterministic.
///
/// # Complexity
///
/// O(n + m log m).
pub fn network_svg(analysis: &Analysis, positions: &[[f64; 2]], seed: u64) -> String {
    let data = &analysis.dataset;
    let (width, side, left, top) = (760.0, 660.0, 50.0, 70.0);
    let legend_height = bloc_legend_height(analysis, width - 2.0 * left);
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
    draw_nodes(&mut svg, analysis, positions, &square, radius);
    draw_labels(&mut svg, analysis, &positions[..n], &square, radius);
    bloc_legend(
        &mut svg,
        analysis,
        left,
        top + side + 38.0,
        width - 2.0 * left,
    );
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

/// One circle per member with a position, coloured by bloc, with a tooltip naming it.
fn draw_nodes(
    svg: &mut Svg,
    analysis: &Analysis,
    positions: &[[f64; 2]],
    square: &Square,
    radius: f64,
) {
    let members = &analysis.dataset.members;
    for (i, (member, position)) in members.iter().zip(positions).enumerate() {
        let bloc = analysis.blocs.get(i).copied().unwrap_or(0);
        let tooltip = format!("{} — {} (bloc {bloc})", member.code, member.name);
        svg.circle(
            square.place(*position),
            radius,
            bloc_colour(bloc),
            r##" stroke="#ffffff" stroke-width="0.8""##,
            Some(&tooltip),
        );
    }
}

/// Labels the members by code without overlap (every member when there are at most 40, else
/// the swing members of [`labelled_swing_members`]), with a note when some are not labelled.
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
    let (swing, total) = labelled_swing_members(analysis);
    let labelled: Vec<usize> = if n <= 40 {
        (0..n).collect()
    } else {
        swing.into_iter().filter(|&i| i < n).collect()
    };
    let points: Vec<Point> = labelled
        .iter()
        .map(|&i| {
            let (x, y) = square.place(positions[i]);
            Point {
                x,
                y,
                text: data.members[i].code.clone(),
            }
        })
        .collect();
    let bounds = (left, top, left + side, top + side);
    for placed in place_labels(&points, 11.0, radius + 2.0, bounds) {
        placed.draw(svg, 11.0);
    }
    if n > 40 && total > 0 {
        let note = label_note(points.len(), total);
        svg.text(&Label::new(left, top + side + 16.0, &note, 11.0).fill(Rgb::hex(0x444444)));
    }
}
