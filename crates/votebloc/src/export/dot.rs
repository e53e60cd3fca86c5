//! `graph.dot`: the similarity graph in the Graphviz DOT language
//! (<https://graphviz.org/doc/info/lang.html>).
//!
//! One node per analysed member, id and label = member code, filled with its bloc colour, with
//! a tooltip (name and bloc) and the attributes `name`, `group`, `bloc` and `stability`
//! (Graphviz ignores attributes it does not know; pydot and networkx read them). One edge per
//! edge of the analysis graph with `penwidth` growing with the weight and the attributes
//! `edge_weight` (the graph's weight) and `similarity`; the weight is not written as `weight`,
//! which Graphviz reads as a layout hint that must be a non-negative integer for `dot`.
//! When positions are given, nodes are pinned there (`pos="x,y!"`, inches) and the graph asks
//! for the `neato` engine with straight edges, so `dot -Tsvg graph.dot` draws the same picture
//! as `network.svg` in a second (`-K` on the command line picks another engine).

use crate::Choice;
use crate::analysis::Analysis;
use crate::format::format_float;
use crate::format::palette::bloc_colour;
use crate::model::Member;
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

/// Side of the drawing in inches when positions are given.
const SIDE_INCHES: f64 = 20.0;

/// Escapes `text` for a double-quoted DOT string: `"` and `\` get a backslash (so no Graphviz
/// escape sequence such as `\N` is triggered), line breaks become spaces.
///
/// # Examples
///
/// ```
/// use votebloc::export::dot::quote;
/// assert_eq!(quote(r#"say "hi" \N"#), r#""say \"hi\" \\N""#);
/// ```
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the DOT document of the analysis graph; `positions` (one `[x, y]` in the unit
/// square per member) pin the nodes, see the module documentation.
///
/// Deterministic: nodes in member order, edges in graph order.
///
/// # Complexity
///
/// O(n + m).
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::export::dot::write_dot;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let p = planted(&PlantedParams::default().n_members(12).n_motions(20).n_blocs(2)).unwrap();
/// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
/// let mut out = Vec::new();
/// write_dot(&analysis, None, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("graph votebloc {"));
/// assert_eq!(text.matches("fillcolor=").count(), 12);
/// ```
pub fn write_dot(
    analysis: &Analysis,
    positions: Option<&[[f64; 2]]>,
    out: &mut impl Write,
) -> io::Result<()> {
    let data = &analysis.dataset;
    let pinned = positions.is_some_and(|p| p.len() >= data.members.len());
    write_header(analysis, pinned, out)?;
    for (i, member) in data.members.iter().enumerate() {
        let position = positions.filter(|_| pinned).and_then(|p| p.get(i));
        write_node(analysis, i, member, position, out)?;
    }
    write_edges(analysis, out)?;
    writeln!(out, "}}")
}

/// The graph opened, a comment on what it holds, and the default attributes of the graph
/// (the `neato` engine with straight edges when `pinned`), nodes and edges.
fn write_header(analysis: &Analysis, pinned: bool, out: &mut impl Write) -> io::Result<()> {
    let data = &analysis.dataset;
    writeln!(out, "graph votebloc {{")?;
    writeln!(
        out,
        "  // votebloc {}: {} graph of the {} index, {} members, {} edges",
        env!("CARGO_PKG_VERSION"),
        analysis.params.graph.construction,
        analysis.similarity.index().name(),
        data.members.len(),
        analysis.graph.edge_count()
    )?;
    if pinned {
        writeln!(
            out,
            r#"  graph [layout=neato, splines=false, overlap=true, outputorder=edgesfirst, bgcolor="white", pad=0.3];"#
        )?;
    } else {
        writeln!(
            out,
            r#"  graph [outputorder=edgesfirst, bgcolor="white", pad=0.3];"#
        )?;
    }
    writeln!(
        out,
        r#"  node [shape=circle, style=filled, fixedsize=true, width=0.32, fontname="Helvetica", fontsize=8, color="white", penwidth=0.5];"#
    )?;
    writeln!(out, r##"  edge [color="#55555560"];"##)
}

/// The node statement of member `i`, pinned at `position` if any.
fn write_node(
    analysis: &Analysis,
    i: usize,
    member: &Member,
    position: Option<&[f64; 2]>,
    out: &mut impl Write,
) -> io::Result<()> {
    let bloc = analysis.blocs.get(i).copied().unwrap_or(0);
    let colour = bloc_colour(bloc);
    write!(
        out,
        "  {} [label={}, fillcolor=\"{colour}\", fontcolor=\"{}\", tooltip={}, name={}, bloc={bloc}",
        quote(&member.code),
        quote(&member.code),
        colour.text_colour(),
        quote(&format!("{} (bloc {bloc})", member.name)),
        quote(&member.name),
    )?;
    if let Some(group) = &member.group {
        write!(out, ", group={}", quote(group))?;
    }
    let stability = format_float(analysis.stability.get(i).copied());
    if !stability.is_empty() {
        write!(out, ", stability={stability}")?;
    }
    if let Some(p) = position {
        write!(
            out,
            ", pos=\"{},{}!\"",
            format_float(Some(p[0] * SIDE_INCHES)),
            format_float(Some(p[1] * SIDE_INCHES))
        )?;
    }
    writeln!(out, "];")
}

/// One edge statement per edge of the graph between analysed members, in graph order: pen
/// width growing with the absolute weight, dashed when negative, weight and similarity.
fn write_edges(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let data = &analysis.dataset;
    let max_weight = analysis
        .graph
        .edge_weights()
        .map(|w| w.abs())
        .filter(|w| w.is_finite())
        .fold(0.0f64, f64::max);
    for edge in analysis.graph.edge_references() {
        let (a, b) = (analysis.graph[edge.source()], analysis.graph[edge.target()]);
        let (Some(source), Some(target)) = (data.members.get(a), data.members.get(b)) else {
            continue;
        };
        let weight = *edge.weight();
        let share = if max_weight > 0.0 {
            weight.abs() / max_weight
        } else {
            1.0
        };
        let style = if weight < 0.0 { ", style=dashed" } else { "" };
        write!(
            out,
            "  {} -- {} [penwidth={}, edge_weight={}",
            quote(&source.code),
            quote(&target.code),
            format_float(Some(0.2 + 1.3 * share)),
            format_float(Some(weight))
        )?;
        let similarity = format_float(analysis.similarity.get(a, b));
        if !similarity.is_empty() {
            write!(out, ", similarity={similarity}")?;
        }
        writeln!(out, "{style}];")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::graphml::tests::tricky_analysis;

    #[test]
    fn quotes_names_and_pins_nodes() {
        let analysis = tricky_analysis();
        let positions = vec![[0.5, 0.25]; 6];
        let mut out = Vec::new();
        write_dot(&analysis, Some(&positions), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#"  "A&1" [label="A&1""#), "{text}");
        assert!(
            text.contains(r#"name="Côte \"d'Ivoire\" <x> \\N""#),
            "{text}"
        );
        assert!(text.contains(r#"group="G<&>""#));
        assert_eq!(text.matches(r#"pos="10,5!""#).count(), 6);
        assert!(text.contains("layout=neato"));
        assert_eq!(
            text.lines().filter(|l| l.contains(" -- ")).count(),
            analysis.graph.edge_count()
        );
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn without_positions_graphviz_chooses() {
        let analysis = tricky_analysis();
        let mut out = Vec::new();
        write_dot(&analysis, None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("pos="));
        assert!(!text.contains("layout="));
    }
}
