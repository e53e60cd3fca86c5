//! `graph.graphml`: the similarity graph in GraphML (Brandes et al., "GraphML progress
//! report", Graph Drawing 2001), read by Gephi, yEd, Cytoscape, igraph and networkx.
//!
//! One node per analysed member, ids `n0`, `n1`, … in member-code order (GraphML ids must be
//! XML name tokens, which member codes need not be), with the data keys `label` and `code`
//! (member code), `name`, `group` (left out when unknown), `bloc` (int, 1 = largest) and
//! `stability` (double, share of consensus runs; left out when the method has none). One
//! undirected edge per edge of the analysis graph, in graph order, with `weight` (the edge
//! weight of the graph, e.g. similarity − mean for the centred graph) and `similarity` (the
//! similarity of the pair).

use crate::Choice;
use crate::analysis::Analysis;
use crate::format::escape;
use crate::format::format_float;
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

/// Writes the GraphML document of the analysis graph.
///
/// The output depends only on the analysis: nodes in member order, edges in graph order, numbers
/// with at most 6 decimals.
///
/// # Complexity
///
/// O(n + m) for n members and m edges.
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::export::graphml::write_graphml;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let p = planted(&PlantedParams::default().n_members(12).n_motions(20).n_blocs(2)).unwrap();
/// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
/// let mut out = Vec::new();
/// write_graphml(&analysis, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.matches("<node ").count(), 12);
/// ```
pub fn write_graphml(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let data = &analysis.dataset;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(
        out,
        "  <!-- votebloc {}: {} graph of the {} index, one node per analysed member -->",
        env!("CARGO_PKG_VERSION"),
        analysis.params.graph.construction,
        analysis.similarity.index().name()
    )?;
    for (id, kind, domain) in [
        ("label", "string", "node"),
        ("code", "string", "node"),
        ("name", "string", "node"),
        ("group", "string", "node"),
        ("bloc", "int", "node"),
        ("stability", "double", "node"),
        ("weight", "double", "edge"),
        ("similarity", "double", "edge"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{domain}" attr.name="{id}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="G" edgedefault="undirected">"#)?;
    for (i, member) in data.members.iter().enumerate() {
        let code = escape(&member.code);
        write!(
            out,
            r#"    <node id="n{i}"><data key="label">{code}</data><data key="code">{code}</data><data key="name">{}</data>"#,
            escape(&member.name)
        )?;
        if let Some(group) = &member.group {
            write!(out, r#"<data key="group">{}</data>"#, escape(group))?;
        }
        if let Some(bloc) = analysis.blocs.get(i) {
            write!(out, r#"<data key="bloc">{bloc}</data>"#)?;
        }
        let stability = format_float(analysis.stability.get(i).copied());
        if !stability.is_empty() {
            write!(out, r#"<data key="stability">{stability}</data>"#)?;
        }
        writeln!(out, "</node>")?;
    }
    for (e, edge) in analysis.graph.edge_references().enumerate() {
        let (a, b) = (analysis.graph[edge.source()], analysis.graph[edge.target()]);
        write!(
            out,
            r#"    <edge id="e{e}" source="n{a}" target="n{b}"><data key="weight">{}</data>"#,
            format_float(Some(*edge.weight()))
        )?;
        let similarity = format_float(analysis.similarity.get(a, b));
        if !similarity.is_empty() {
            write!(out, r#"<data key="similarity">{similarity}</data>"#)?;
        }
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::{AnalysisParams, run};
    use crate::model::{DatasetBuilder, Member, Motion, Vote};

    /// Six members in two blocs of three, one of them with a name and a group full of
    /// characters that XML, HTML and DOT must escape.
    pub(crate) fn tricky_analysis() -> Analysis {
        let mut b = DatasetBuilder::new("tricky");
        let motions: Vec<u32> = (1..=4)
            .map(|i| b.motion(Motion::new(format!("m{i}"))))
            .collect();
        let rows: [(&str, &str, Vote); 6] = [
            ("A&1", "Côte \"d'Ivoire\" <x> \\N", Vote::Yes),
            ("B", "Bee", Vote::Yes),
            ("C", "Sea", Vote::Yes),
            ("D", "Dee", Vote::No),
            ("E", "Ee", Vote::No),
            ("F", "Eff", Vote::No),
        ];
        for (code, name, vote) in rows {
            let mut member = Member::new(code, name);
            if code == "A&1" {
                member.group = Some("G<&>".to_string());
            }
            let index = b.member(member);
            for &motion in &motions {
                b.push(motion, index, vote, None, 0).unwrap();
            }
        }
        run(b.finish().unwrap(), &AnalysisParams::default()).unwrap()
    }

    #[test]
    fn text_is_escaped_and_every_node_and_edge_written() {
        let analysis = tricky_analysis();
        let mut out = Vec::new();
        write_graphml(&analysis, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(
            r#"<node id="n0"><data key="label">A&amp;1</data><data key="code">A&amp;1</data><data key="name">Côte &quot;d&#39;Ivoire&quot; &lt;x&gt; \N</data><data key="group">G&lt;&amp;&gt;</data>"#
        ), "{text}");
        assert_eq!(text.matches("<node ").count(), 6);
        assert_eq!(text.matches("<edge ").count(), analysis.graph.edge_count());
        // Within-bloc pairs agree fully: their similarity is written as 1.
        assert!(text.contains(r#"source="n0" target="n1"><data key="weight">"#));
        assert!(text.contains(r#"<data key="similarity">1</data>"#));
        assert!(!text.contains("NaN"));
    }
}
