//! `graph.gexf`: the similarity graph in GEXF 1.3 (the Gephi format, <https://gexf.net>), laid
//! out and coloured so that Gephi opens it ready to read.
//!
//! One node per analysed member, id = member code, label = member code, with the attributes
//! `name`, `group` (left out when unknown), `bloc` (a string, so Gephi offers it as a partition
//! to colour by: "1" = largest bloc) and `stability` (double; left out when the method has
//! none); `viz:color` is the bloc colour of the other plots and, when positions are given,
//! `viz:position` the network layout (unit square scaled to ±500). One undirected edge per edge
//! of the analysis graph with `weight` (the graph's edge weight) and the attribute `similarity`.

use crate::Choice;
use crate::analysis::Analysis;
use crate::format::escape;
use crate::format::format_float;
use crate::format::palette::bloc_colour;
use crate::model::Member;
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

/// Writes the GEXF document of the analysis graph. `positions` (one `[x, y]` in the unit
/// square per member, e.g. from [`crate::layout::fruchterman_reingold`]) become
/// `viz:position` elements; with `None` Gephi places the nodes itself.
///
/// Deterministic: nodes in member order, edges in graph order, numbers with at most 6 decimals.
///
/// # Complexity
///
/// O(n + m).
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::export::gexf::write_gexf;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let p = planted(&PlantedParams::default().n_members(12).n_motions(20).n_blocs(2)).unwrap();
/// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
/// let mut out = Vec::new();
/// write_gexf(&analysis, None, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.matches("<node ").count(), 12);
/// assert!(text.contains(r#"<attvalue for="bloc" value="1"/>"#));
/// ```
pub fn write_gexf(
    analysis: &Analysis,
    positions: Option<&[[f64; 2]]>,
    out: &mut impl Write,
) -> io::Result<()> {
    let data = &analysis.dataset;
    write_header(analysis, out)?;
    writeln!(out, "    <nodes>")?;
    for (i, member) in data.members.iter().enumerate() {
        let position = positions.and_then(|p| p.get(i));
        write_node(analysis, i, member, position, out)?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    write_edges(analysis, out)?;
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")
}

/// The XML declaration, the `gexf` and `graph` elements opened, the meta data and the
/// declarations of the node and edge attributes.
fn write_header(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(
        out,
        "    <creator>votebloc {}</creator>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "    <description>{} graph of the {} index: one node per analysed member, blocs by {}</description>",
        escape(&analysis.params.graph.construction.to_string()),
        analysis.similarity.index().name(),
        escape(&analysis.quality.objective)
    )?;
    writeln!(out, "  </meta>")?;
    writeln!(
        out,
        r#"  <graph defaultedgetype="undirected" mode="static">"#
    )?;
    writeln!(out, r#"    <attributes class="node">"#)?;
    for (id, kind) in [
        ("name", "string"),
        ("group", "string"),
        ("bloc", "string"),
        ("stability", "double"),
    ] {
        writeln!(
            out,
            r#"      <attribute id="{id}" title="{id}" type="{kind}"/>"#
        )?;
    }
    writeln!(out, "    </attributes>")?;
    writeln!(out, r#"    <attributes class="edge">"#)?;
    writeln!(
        out,
        r#"      <attribute id="similarity" title="similarity" type="double"/>"#
    )?;
    writeln!(out, "    </attributes>")
}

/// The node of member `i`: its attributes, bloc colour, position if any and size.
fn write_node(
    analysis: &Analysis,
    i: usize,
    member: &Member,
    position: Option<&[f64; 2]>,
    out: &mut impl Write,
) -> io::Result<()> {
    let code = escape(&member.code);
    let bloc = analysis.blocs.get(i).copied().unwrap_or(0);
    writeln!(out, r#"      <node id="{code}" label="{code}">"#)?;
    writeln!(out, "        <attvalues>")?;
    writeln!(
        out,
        r#"          <attvalue for="name" value="{}"/>"#,
        escape(&member.name)
    )?;
    if let Some(group) = &member.group {
        writeln!(
            out,
            r#"          <attvalue for="group" value="{}"/>"#,
            escape(group)
        )?;
    }
    writeln!(out, r#"          <attvalue for="bloc" value="{bloc}"/>"#)?;
    let stability = format_float(analysis.stability.get(i).copied());
    if !stability.is_empty() {
        writeln!(
            out,
            r#"          <attvalue for="stability" value="{stability}"/>"#
        )?;
    }
    writeln!(out, "        </attvalues>")?;
    let colour = bloc_colour(bloc);
    writeln!(
        out,
        r#"        <viz:color r="{}" g="{}" b="{}"/>"#,
        colour.r, colour.g, colour.b
    )?;
    if let Some(p) = position {
        // Gephi's y axis points up, like the unit square's.
        writeln!(
            out,
            r#"        <viz:position x="{}" y="{}" z="0"/>"#,
            format_float(Some((p[0] - 0.5) * 1000.0)),
            format_float(Some((p[1] - 0.5) * 1000.0))
        )?;
    }
    writeln!(out, r#"        <viz:size value="8"/>"#)?;
    writeln!(out, "      </node>")
}

/// One edge element per edge of the graph between analysed members, in graph order, with
/// its weight and the similarity of its ends (left out when undefined).
fn write_edges(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let data = &analysis.dataset;
    for (e, edge) in analysis.graph.edge_references().enumerate() {
        let (a, b) = (analysis.graph[edge.source()], analysis.graph[edge.target()]);
        let (Some(source), Some(target)) = (data.members.get(a), data.members.get(b)) else {
            continue;
        };
        write!(
            out,
            r#"      <edge id="{e}" source="{}" target="{}" weight="{}""#,
            escape(&source.code),
            escape(&target.code),
            format_float(Some(*edge.weight()))
        )?;
        let similarity = format_float(analysis.similarity.get(a, b));
        if similarity.is_empty() {
            writeln!(out, "/>")?;
        } else {
            writeln!(
                out,
                r#"><attvalues><attvalue for="similarity" value="{similarity}"/></attvalues></edge>"#
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::graphml::tests::tricky_analysis;

    #[test]
    fn escapes_text_and_places_every_node() {
        let analysis = tricky_analysis();
        let positions = vec![[0.0, 1.0]; 6];
        let mut out = Vec::new();
        write_gexf(&analysis, Some(&positions), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r#"<node id="A&amp;1" label="A&amp;1">"#),
            "{text}"
        );
        assert!(text.contains(r#"value="Côte &quot;d&#39;Ivoire&quot; &lt;x&gt; \N""#));
        assert!(text.contains(r#"<attvalue for="group" value="G&lt;&amp;&gt;"/>"#));
        assert_eq!(
            text.matches(r#"<viz:position x="-500" y="500" z="0"/>"#)
                .count(),
            6
        );
        assert_eq!(text.matches("<edge ").count(), analysis.graph.edge_count());
        // The bloc of A&1 (with B and C) as a partition value, coloured like the plots.
        let bloc = analysis.blocs[0];
        let colour = bloc_colour(bloc);
        let node = &text[text.find(r#"<node id="A&amp;1""#).unwrap()..];
        let node = &node[..node.find("</node>").unwrap()];
        assert!(node.contains(&format!(r#"<attvalue for="bloc" value="{bloc}"/>"#)));
        assert!(node.contains(&format!(
            r#"<viz:color r="{}" g="{}" b="{}"/>"#,
            colour.r, colour.g, colour.b
        )));
    }
}
