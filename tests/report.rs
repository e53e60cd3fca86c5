//! The graph files, the SVG plots and the HTML report, from the real program: what
//! `votebloc analyze -o DIR` and `votebloc report -o FILE` write on the seed (173 analysed
//! members, split members JAM, TTO, RWA among 7), that the XML files are well formed, that
//! Graphviz renders the DOT file, and that an output that cannot be written is an error (exit
//! code 1) naming the path and leaving no partial file.

mod common;

use common::votebloc;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Members of the seed with at least one cast vote.
const SEED_MEMBERS: usize = 173;

const REPORT_FILES: [&str; 8] = [
    "graph.graphml",
    "graph.gexf",
    "graph.dot",
    "heatmap.svg",
    "network.svg",
    "map.svg",
    "vote_grid.svg",
    "report.html",
];

/// Runs `votebloc analyze -o DIR` on the embedded seed and returns the folder.
fn analyze_seed() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .arg("analyze")
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    out
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Checks that an entity reference starting at `text[at]` (`&`) is one XML knows.
fn check_entity(text: &str, at: usize) -> Result<usize, String> {
    let end = text[at..]
        .find(';')
        .ok_or_else(|| format!("unterminated entity at byte {at}"))?;
    let name = &text[at + 1..at + end];
    let known = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
        || name
            .strip_prefix("#x")
            .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || name
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if known {
        Ok(at + end + 1)
    } else {
        Err(format!("unknown entity &{name}; at byte {at}"))
    }
}

fn check_text(text: &str, offset: usize) -> Result<(), String> {
    let mut at = 0;
    while let Some(found) = text[at..].find('&') {
        at = check_entity(text, at + found).map_err(|e| format!("{e} (after byte {offset})"))?;
    }
    if text.contains('<') {
        return Err(format!("'<' in text or attribute after byte {offset}"));
    }
    Ok(())
}

/// A small well-formedness check of an XML document: one root element, every start tag
/// closed in order, attributes quoted and not repeated, only known entities, comments and
/// processing instructions terminated. Returns the number of elements of each name.
fn check_xml(document: &str) -> Result<BTreeMap<String, usize>, String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut at = 0;
    let bytes = document.as_bytes();
    while at < document.len() {
        let Some(found) = document[at..].find('<') else {
            let rest = &document[at..];
            if !rest.trim().is_empty() && stack.is_empty() {
                return Err("text after the root element".to_string());
            }
            check_text(rest, at)?;
            break;
        };
        let text = &document[at..at + found];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root element at byte {at}"));
        }
        check_text(text, at)?;
        at += found;
        let rest = &document[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unterminated comment")?;
            at += end + 3;
            continue;
        }
        if rest.starts_with("<?") {
            let end = rest
                .find("?>")
                .ok_or("unterminated processing instruction")?;
            at += end + 2;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").ok_or("unterminated CDATA")?;
            at += end + 3;
            continue;
        }
        if let Some(closing) = rest.strip_prefix("</") {
            let end = closing.find('>').ok_or("unterminated end tag")?;
            let name = closing[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => return Err(format!("</{name}> closes <{open}> at byte {at}")),
                None => return Err(format!("</{name}> without a start tag at byte {at}")),
            }
            at += 2 + end + 1;
            continue;
        }
        // A start tag: name, attributes, then `>` or `/>`.
        let mut cursor = at + 1;
        let name_end = document[cursor..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("unterminated start tag")?;
        let name = document[cursor..cursor + name_end].to_string();
        if name.is_empty() {
            return Err(format!("empty element name at byte {at}"));
        }
        cursor += name_end;
        let mut attributes: Vec<String> = Vec::new();
        let self_closing = loop {
            while cursor < document.len() && bytes[cursor].is_ascii_whitespace() {
                cursor += 1;
            }
            let rest = &document[cursor..];
            if rest.starts_with("/>") {
                cursor += 2;
                break true;
            }
            if rest.starts_with('>') {
                cursor += 1;
                break false;
            }
            let equals = rest
                .find('=')
                .ok_or_else(|| format!("attribute without value in <{name}> at byte {cursor}"))?;
            let attribute = rest[..equals].trim().to_string();
            if attribute.is_empty() || attribute.contains(|c: char| c.is_whitespace() || c == '>') {
                return Err(format!("bad attribute name {attribute:?} in <{name}>"));
            }
            if attributes.contains(&attribute) {
                return Err(format!("attribute {attribute} repeated in <{name}>"));
            }
            attributes.push(attribute);
            cursor += equals + 1;
            let quote = document[cursor..].chars().next().ok_or("end of document")?;
            if quote != '"' && quote != '\'' {
                return Err(format!(
                    "unquoted attribute value in <{name}> at byte {cursor}"
                ));
            }
            let end = document[cursor + 1..]
                .find(quote)
                .ok_or("unterminated attribute value")?;
            check_text(&document[cursor + 1..cursor + 1 + end], cursor)?;
            cursor += 1 + end + 1;
        };
        if stack.is_empty() {
            roots += 1;
        }
        *counts.entry(name.clone()).or_default() += 1;
        if !self_closing {
            stack.push(name);
        }
        at = cursor;
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(counts)
}

#[test]
fn the_xml_check_catches_broken_documents() {
    assert!(check_xml("<a><b x=\"1\"/>t &amp; u</a>").is_ok());
    assert!(check_xml("<a><b></a></b>").is_err());
    assert!(check_xml("<a x=1/>").is_err());
    assert!(check_xml("<a>&nbsp;</a>").is_err());
    assert!(check_xml("<a x=\"1\" x=\"2\"/>").is_err());
    assert!(check_xml("<a/><b/>").is_err());
    assert!(check_xml("<a>").is_err());
}

/// member code → bloc, from blocs.csv.
fn blocs_csv(dir: &Path) -> BTreeMap<String, String> {
    let mut reader = csv::Reader::from_path(dir.join("blocs.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[3].to_string())
        })
        .collect()
}

#[test]
fn analyze_writes_every_report_file_and_the_same_bytes_twice() {
    let a = analyze_seed();
    let b = analyze_seed();
    for name in REPORT_FILES {
        let left = fs::read(a.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let right = fs::read(b.path().join(name)).unwrap();
        assert!(left.len() > 1000, "{name} has only {} bytes", left.len());
        assert_eq!(left, right, "{name} differs between two runs");
    }
    let leftovers: Vec<String> = fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".votebloc-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn graphml_and_gexf_are_well_formed_with_one_node_per_member() {
    let out = analyze_seed();
    let graphml = read(out.path(), "graph.graphml");
    let gexf = read(out.path(), "graph.gexf");
    let dot = read(out.path(), "graph.dot");
    let graphml_counts = check_xml(&graphml).unwrap_or_else(|e| panic!("graph.graphml: {e}"));
    let gexf_counts = check_xml(&gexf).unwrap_or_else(|e| panic!("graph.gexf: {e}"));
    assert_eq!(graphml_counts["node"], SEED_MEMBERS);
    assert_eq!(gexf_counts["node"], SEED_MEMBERS);
    assert_eq!(gexf_counts["viz:position"], SEED_MEMBERS);
    assert_eq!(gexf_counts["viz:color"], SEED_MEMBERS);
    // The same edges in the three files.
    let edges = graphml_counts["edge"];
    assert!(edges > SEED_MEMBERS, "only {edges} edges");
    assert_eq!(gexf_counts["edge"], edges);
    assert_eq!(dot.lines().filter(|l| l.contains(" -- ")).count(), edges);
    assert_eq!(
        dot.lines().filter(|l| l.contains("fillcolor=")).count(),
        SEED_MEMBERS
    );

    // Each member's bloc is the one of blocs.csv, in the three files.
    let blocs = blocs_csv(out.path());
    for code in ["JAM", "TTO", "RWA", "IND", "BRA", "USA", "CHN"] {
        let bloc = &blocs[code];
        let graphml_node = graphml
            .lines()
            .find(|l| l.contains(&format!("<data key=\"code\">{code}</data>")))
            .unwrap();
        assert!(
            graphml_node.contains(&format!("<data key=\"bloc\">{bloc}</data>")),
            "{graphml_node}"
        );
        let start = gexf
            .find(&format!("<node id=\"{code}\" label=\"{code}\">"))
            .unwrap();
        let end = start + gexf[start..].find("</node>").unwrap();
        assert!(
            gexf[start..end].contains(&format!("<attvalue for=\"bloc\" value=\"{bloc}\"/>")),
            "{}",
            &gexf[start..end]
        );
        let dot_node = dot
            .lines()
            .find(|l| l.starts_with(&format!("  \"{code}\" [")))
            .unwrap();
        assert!(dot_node.contains(&format!(", bloc={bloc}")), "{dot_node}");
    }
    // Names are escaped: Côte d'Ivoire keeps its apostrophe as an entity.
    assert!(
        graphml.contains("<data key=\"name\">Côte d&#39;Ivoire</data>"),
        "Côte d'Ivoire not found escaped"
    );
    // Gephi offers string attributes as partitions to colour by.
    assert!(gexf.contains("<attribute id=\"bloc\" title=\"bloc\" type=\"string\"/>"));
}

#[test]
#[ignore = "needs Graphviz's dot; .ci/run runs it where `dot` is installed"]
fn dot_renders_with_graphviz() {
    let out = analyze_seed();
    let rendered = std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(out.path().join("graph.dot"))
        .output()
        .unwrap();
    assert!(
        rendered.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let svg = String::from_utf8(rendered.stdout).unwrap();
    assert_eq!(svg.matches("class=\"node\"").count(), SEED_MEMBERS);
    assert!(svg.contains(">JAM</text>"));
}

#[test]
fn svg_plots_are_well_formed_and_label_the_split_members() {
    let out = analyze_seed();
    for name in ["heatmap.svg", "network.svg", "map.svg", "vote_grid.svg"] {
        let svg = read(out.path(), name);
        let counts = check_xml(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(counts.contains_key("text"), "{name} has no label");
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{name}"
        );
    }
    let network = read(out.path(), "network.svg");
    // One circle per member.
    assert_eq!(check_xml(&network).unwrap()["circle"], SEED_MEMBERS);
    let map = read(out.path(), "map.svg");
    let grid = read(out.path(), "vote_grid.svg");
    for code in ["JAM", "TTO", "RWA", "BRA", "IND", "CRI", "PHL"] {
        assert!(
            network.contains(&format!(">{code}</text>")),
            "network: {code}"
        );
        let labelled = map.contains(&format!(">{code}</text>"))
            || map.contains(&format!(">{code}, "))
            || map.contains(&format!(", {code}</text>"));
        assert!(labelled, "map: {code}");
        assert!(grid.contains(&format!(">{code}  ")), "vote grid: {code}");
    }
    for heading in ["PP15", "PP16", "PP17", "OP2", "whole"] {
        assert!(
            grid.contains(&format!(">{heading}</text>")),
            "vote grid: {heading}"
        );
    }
    let heatmap = read(out.path(), "heatmap.svg");
    assert!(heatmap.contains(">agreement</text>"));
    assert!(heatmap.contains(">members, by bloc then code</text>"));
}

#[test]
fn the_html_report_has_every_section_and_the_split_members() {
    let out = analyze_seed();
    let html = read(out.path(), "report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for (id, heading) in [
        ("summary", "Summary"),
        ("blocs", "Blocs"),
        ("swing", "Swing members"),
        ("cohesion", "Cohesion"),
        ("plots", "Plots"),
    ] {
        assert!(
            html.contains(&format!("<h2 id=\"{id}\">{heading}</h2>")),
            "no {heading} section"
        );
    }
    for name in [
        "JAM</code> Jamaica",
        "TTO</code> Trinidad and Tobago",
        "RWA</code> Rwanda",
    ] {
        assert!(html.contains(&format!("<td><code>{name}</td>")), "{name}");
    }
    assert!(html.contains("abstained on PP15, PP17; yes on whole"));
    // The motions by name, the blocs' separation (all distinct: no warning), blocs × groups.
    assert!(html.contains("<td class=\"title\"><span title=\"Promotion de la coopération"));
    assert!(html.contains("<td class=\"number\">88/54/31</td>"));
    assert!(html.contains("<h3 id=\"separation\">How far apart the blocs are</h3>"));
    assert_eq!(html.matches("<td>distinct</td>").count(), 3);
    assert!(!html.contains("class=\"warning\""));
    assert!(html.contains("<h3 id=\"groups\">Blocs and groups</h3>"));
    assert!(html.contains("<th>WEOG</th>"));
    // Inputs with their digest, parameters and quality.
    assert!(html.contains("notebooks-data/seed_A-C.1-77-L.56_fr.txt"));
    assert!(html.contains("modularity (γ = 1)"));
    // Self-contained: plots inline, no script, nothing fetched.
    assert_eq!(html.matches("<svg ").count(), 4);
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("href=\"http"));
    assert!(!html.contains("url("));
    // Every inline plot is well formed on its own.
    for (i, start) in html.match_indices("<svg ").map(|(i, _)| i).enumerate() {
        let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
        check_xml(&html[start..end]).unwrap_or_else(|e| panic!("plot {i}: {e}"));
    }
}

#[test]
fn report_writes_the_same_page_as_analyze() {
    let out = analyze_seed();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.html");
    votebloc()
        .arg("report")
        .arg("-o")
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote the report to"));
    assert_eq!(
        fs::read(&file).unwrap(),
        fs::read(out.path().join("report.html")).unwrap()
    );
    let stdout = votebloc().args(["report", "-o", "-"]).output().unwrap();
    assert!(stdout.status.success());
    assert_eq!(stdout.stdout, fs::read(&file).unwrap());
}

#[test]
fn a_file_in_the_way_of_the_output_folder_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("results");
    fs::write(&blocker, "keep me").unwrap();
    votebloc()
        .arg("analyze")
        .arg("-o")
        .arg(&blocker)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(blocker.display().to_string()))
        .stderr(predicate::str::contains("not a directory"));
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "keep me");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["results".to_string()]);
}

#[test]
fn a_folder_in_the_way_of_a_report_file_is_an_error_naming_it_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("report.html");
    fs::create_dir(&blocker).unwrap();
    votebloc()
        .arg("analyze")
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(blocker.display().to_string()));
    assert!(blocker.is_dir());
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The set is written whole or not at all: nothing of it, and nothing temporary.
    assert_eq!(names, vec!["report.html".to_string()]);
    assert_eq!(fs::read_dir(&blocker).unwrap().count(), 0);

    // `report -o` into a folder that does not exist.
    let missing = dir.path().join("no such folder").join("x.html");
    votebloc()
        .arg("report")
        .arg("-o")
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(missing.display().to_string()));
    assert!(!missing.exists());
}

/// The labels of points of an SVG plot (`class="label"`): text, x, y, size and anchor.
fn point_labels(svg: &str) -> Vec<(String, f64, f64, f64, votebloc::report::markup::Anchor)> {
    use votebloc::report::markup::Anchor;
    let mut labels = Vec::new();
    for (start, _) in svg.match_indices("<text ") {
        let tag_end = start + svg[start..].find('>').unwrap();
        let tag = &svg[start..tag_end];
        if !tag.contains(" class=\"label\"") {
            continue;
        }
        let attribute = |name: &str| {
            let key = format!(" {name}=\"");
            tag.find(&key).map(|at| {
                let rest = &tag[at + key.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
        };
        let number = |name: &str| attribute(name).unwrap().parse::<f64>().unwrap();
        let anchor = match attribute("text-anchor").as_deref() {
            Some("middle") => Anchor::Middle,
            Some("end") => Anchor::End,
            _ => Anchor::Start,
        };
        let text_end = tag_end + svg[tag_end..].find("</text>").unwrap();
        let text = svg[tag_end + 1..text_end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        labels.push((text, number("x"), number("y"), number("font-size"), anchor));
    }
    labels
}

/// Label boxes on the map and the network of the README's runs (UNGA session 70, the Senate
/// 117, the seed): no two overlap (boxes from Helvetica's widths, the fonts browsers use for
/// the plots' `Helvetica, Arial, sans-serif`), and the outliers and swing members a reader
/// looks for are named.
#[test]
fn labels_on_the_map_and_the_network_never_overlap_and_name_the_members_that_matter() {
    use votebloc::report::labels::{overlaps, text_box};
    let root = env!("CARGO_MANIFEST_DIR");
    let data = |path: &str| format!("{root}/notebooks-data/{path}");
    let runs: [(Vec<String>, &[&str]); 3] = [
        (
            vec![
                data("unvotes/un_votes.csv.gz"),
                "--roll-calls".into(),
                data("unvotes/un_roll_calls.csv.gz"),
                "--lenient".into(),
                "--session".into(),
                "70".into(),
            ],
            &["USA", "ISR", "CAN", "RUS", "NRU"],
        ),
        (
            vec![
                data("voteview/S117_votes.csv.gz"),
                "--members".into(),
                data("voteview/S117_members.csv"),
                "--min-votes".into(),
                "10".into(),
                "--min-minority".into(),
                "0.025".into(),
            ],
            &[
                "Collins (R-ME)",
                "Murkowski (R-AK)",
                "Manchin (D-WV)",
                "Sanders (I-VT)",
            ],
        ),
        (vec![], &["BRA", "RWA", "IND", "CRI"]),
    ];
    for (args, expected) in runs {
        let out = tempfile::tempdir().unwrap();
        votebloc()
            .arg("analyze")
            .args(&args)
            .arg("-o")
            .arg(out.path())
            .assert()
            .success();
        for plot in ["map.svg", "network.svg"] {
            let labels = point_labels(&read(out.path(), plot));
            assert!(labels.len() >= 5, "{args:?} {plot}: {labels:?}");
            let boxes: Vec<_> = labels
                .iter()
                .map(|(text, x, y, size, anchor)| text_box(*x, *y, *anchor, text, *size))
                .collect();
            for i in 0..boxes.len() {
                for j in i + 1..boxes.len() {
                    assert!(
                        !overlaps(boxes[i], boxes[j]),
                        "{args:?} {plot}: {:?} overlaps {:?}",
                        labels[i],
                        labels[j]
                    );
                }
            }
            if plot == "map.svg" {
                for name in expected {
                    assert!(
                        labels.iter().any(|l| l.0 == *name),
                        "{args:?} {plot}: {name} not labelled: {labels:?}"
                    );
                }
            }
        }
    }
}
