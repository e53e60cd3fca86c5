//! `report.html`: the whole analysis in one self-contained page (CSS and SVG plots inline, no
//! script, nothing fetched from the network), readable offline and easy to archive or mail.
//!
//! Sections: a warning when two blocs are not distinct, Summary (inputs with their SHA-256,
//! parameters, counts, motions, quality), Blocs (with how far apart they are and the blocs
//! against known groups), Swing members (and narrow votes), Cohesion, Ideal points (when the
//! stage ran), Plots. Every text from the data is escaped. The tables of findings are
//! `sections.rs`'s.

use super::cells::{fixed, key_values, swatch};
use super::markup::escape;
use super::plots::Plots;
use super::sections;
use crate::Choice;
use crate::analysis::Analysis;
use crate::export::json::InputDigest;
use std::fmt::Write;

pub use super::sections::MAX_MOTIONS_LISTED;
/// Least cohesive motions listed per bloc.
pub const LEAST_COHESIVE: usize = 5;

/// The stylesheet of votebloc's HTML pages.
const STYLE: &str = r#"
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 0 24px 48px; line-height: 1.45; }
h1 { margin: 28px 0 4px; font-size: 28px; }
h2 { margin-top: 40px; border-bottom: 2px solid #4e79a7; padding-bottom: 4px; }
h3 { margin-top: 24px; }
p.lead { color: #555; margin-top: 0; }
nav a { margin-right: 14px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #d5d5d5; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f3f7; }
tbody tr:nth-child(even) { background: #fafafa; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
td.members { font-size: 13px; max-width: 640px; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
figure { margin: 16px 0 32px; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption { color: #555; font-size: 14px; margin-top: 6px; }
.note { color: #555; font-size: 14px; }
"#;

/// The report's own rules, after [`STYLE`]: the warning box, the width of titles.
const REPORT_STYLE: &str = r#"
.warning { background: #fff4e5; border-left: 4px solid #e8a33d; padding: 8px 14px; margin: 16px 0; }
.warning ul { margin: 6px 0 0; padding-left: 20px; }
td.title { max-width: 420px; }
"#;

/// The summary section: inputs with their digests, parameters, counts, warnings, the first
/// motions and the quality of the partition.
fn summary_section(out: &mut String, analysis: &Analysis, inputs: &[InputDigest]) {
    let data = &analysis.dataset;
    out.push_str("<section>\n<h2 id=\"summary\">Summary</h2>\n<h3>Inputs</h3>\n");
    inputs_table(out, inputs);
    out.push_str("<h3>Parameters</h3>\n");
    parameters_table(out, analysis);
    provenance_table(out, analysis);
    out.push_str("<h3>Counts</h3>\n");
    counts_table(out, analysis);
    if !data.stats.warnings.is_empty() {
        out.push_str("<h3>Warnings</h3>\n<ul>\n");
        for warning in &data.stats.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(warning));
        }
        out.push_str("</ul>\n");
    }
    sections::motions_table(out, data);
    out.push_str("<h3>Quality</h3>\n");
    quality_table(out, analysis);
    out.push_str("</section>\n");
}

/// The table of inputs and their SHA-256 digests.
fn inputs_table(out: &mut String, inputs: &[InputDigest]) {
    out.push_str("<table>\n<thead><tr><th>input</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
    for input in inputs {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td></tr>",
            escape(&input.path),
            escape(&input.sha256)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The parameters of the analysis as key–value rows.
fn parameters_table(out: &mut String, analysis: &Analysis) {
    let params = &analysis.params;
    key_values(
        out,
        &[
            (
                "similarity index",
                params.similarity.index.name().to_string(),
            ),
            (
                "minimum common votes",
                params.similarity.min_common_votes.to_string(),
            ),
            ("graph", params.graph.construction.to_string()),
            ("method", params.method.name().to_string()),
            ("objective", analysis.quality.objective.clone()),
            ("resolution", params.resolution.to_string()),
            ("seed", params.seed.to_string()),
            ("restarts", params.n_restarts.to_string()),
            ("consensus runs", params.consensus_runs.to_string()),
            (
                "k",
                params
                    .k
                    .map_or_else(|| "by silhouette".to_string(), |k| k.to_string()),
            ),
            (
                "minimum cast votes per member",
                analysis.min_votes.to_string(),
            ),
        ],
    );
}

/// The version, the filter as applied and what it and the analysis left out, as key–value
/// rows (`summary.json` lists the motions left out one by one where it helps).
fn provenance_table(out: &mut String, analysis: &Analysis) {
    let stats = &analysis.dataset.stats;
    let mut rows = vec![(
        "votebloc version".to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
    )];
    rows.extend(
        stats
            .filter
            .iter()
            .map(|(o, v)| (format!("filter {o}"), v.clone())),
    );
    for (reason, ids) in &stats.motions_left_out {
        rows.push((format!("motions left out: {reason}"), ids.len().to_string()));
    }
    if !analysis.not_members.is_empty() {
        let codes: Vec<&str> = analysis
            .not_members
            .iter()
            .map(|m| m.code.as_str())
            .collect();
        rows.push((
            "not members of the body then (not counted)".to_string(),
            codes.join(", "),
        ));
    }
    let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    key_values(out, &rows);
}

/// The counts of motions, members, votes, blocs, edges and notes as key–value rows.
fn counts_table(out: &mut String, analysis: &Analysis) {
    let data = &analysis.dataset;
    let counts = data.vote_counts();
    let left_out: Vec<&str> = analysis.left_out.iter().map(|m| m.code.as_str()).collect();
    key_values(
        out,
        &[
            ("motions", data.motions.len().to_string()),
            ("members analysed", data.members.len().to_string()),
            (
                "members left out (too few cast votes)",
                if left_out.is_empty() {
                    "none".to_string()
                } else {
                    format!("{}: {}", left_out.len(), left_out.join(", "))
                },
            ),
            (
                "votes (yes / no / abstain / absent / not a member)",
                format!(
                    "{} / {} / {} / {} / {}",
                    counts[0],
                    counts[1],
                    counts[2],
                    if analysis.absences_recorded {
                        counts[3].to_string()
                    } else {
                        "– (absences not recorded by this source)".to_string()
                    },
                    counts[4]
                ),
            ),
            ("blocs", analysis.bloc_sizes.len().to_string()),
            (
                "edges in the graph",
                analysis.graph.edge_count().to_string(),
            ),
            (
                "notes (statements after a vote)",
                data.notes.len().to_string(),
            ),
        ],
    );
}

/// The quality measures of the partition as key–value rows.
fn quality_table(out: &mut String, analysis: &Analysis) {
    key_values(
        out,
        &[
            ("objective", analysis.quality.objective.clone()),
            (
                "objective value",
                fixed(analysis.quality.objective_value, 4),
            ),
            ("modularity (γ = 1)", fixed(analysis.quality.modularity, 4)),
            ("mean silhouette", fixed(analysis.quality.silhouette, 4)),
            (
                "agreement with the members' groups (adjusted Rand index)",
                fixed(analysis.quality.group_ari, 4),
            ),
        ],
    );
}

fn blocs_section(out: &mut String, analysis: &Analysis) {
    let data = &analysis.dataset;
    out.push_str("<section>\n<h2 id=\"blocs\">Blocs</h2>\n");
    out.push_str("<p class=\"note\">Numbered by size (1 = largest). Stability: mean share of consensus runs placing a member with its bloc. Cohesion: mean Rice index |Y − N| / (Y + N) and mean Agreement Index (Hix, Noury &amp; Roland) over the motions.</p>\n");
    out.push_str("<table>\n<thead><tr><th>bloc</th><th>size</th><th>stability</th><th>Rice</th><th>Agreement Index</th><th>members</th></tr></thead>\n<tbody>\n");
    for (index, size) in analysis.bloc_sizes.iter().enumerate() {
        let bloc = index as u32 + 1;
        let members = analysis.bloc_members(bloc);
        let stability = analysis.mean_stability(bloc);
        let cohesion = analysis.bloc_cohesion(bloc);
        let list: Vec<String> = members
            .iter()
            .map(|&i| {
                let m = &data.members[i];
                format!(
                    "<span title=\"{}\">{}</span>",
                    escape(&m.name),
                    escape(&m.short_name())
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}{bloc}</td><td class=\"number\">{size}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"members mono\">{}</td></tr>",
            swatch(bloc),
            fixed(stability, 2),
            fixed(cohesion.and_then(|c| c.rice), 3),
            fixed(cohesion.and_then(|c| c.agreement_index), 3),
            list.join(", ")
        );
    }
    out.push_str("</tbody>\n</table>\n");
    sections::separation_table(out, analysis);
    sections::scan_section(out, analysis);
    sections::group_table(out, analysis);
    out.push_str("</section>\n");
}

fn swing_section(out: &mut String, analysis: &Analysis) {
    out.push_str("<section>\n<h2 id=\"swing\">Swing members</h2>\n");
    sections::swing_table(out, analysis);
    sections::narrow_votes(out, analysis);
    out.push_str("</section>\n");
}

fn cohesion_section(out: &mut String, analysis: &Analysis) {
    out.push_str("<section>\n<h2 id=\"cohesion\">Cohesion</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">Per bloc: the mean indices over all motions, then up to {LEAST_COHESIVE} motions that divide it most (lowest Agreement Index; unanimous motions left out). Every bloc × motion is in <code>cohesion.csv</code>.</p>"
    );
    for summary in &analysis.cohesion.blocs {
        let bloc = summary.bloc;
        let _ = writeln!(
            out,
            "<h3>{}Bloc {bloc} ({} members): Rice {}, Agreement Index {}</h3>",
            swatch(bloc),
            summary.size,
            fixed(summary.rice, 3),
            fixed(summary.agreement_index, 3)
        );
        let defined = analysis.cohesion.least_cohesive(bloc, LEAST_COHESIVE);
        if defined.is_empty() {
            out.push_str("<p class=\"note\">No motion on which the bloc cast a vote.</p>\n");
            continue;
        }
        // A unanimous motion (index 1) divides nobody: listing it would only pad the table.
        let cells: Vec<_> = defined
            .into_iter()
            .filter(|c| c.agreement_index.is_some_and(|a| a < 1.0))
            .collect();
        if cells.is_empty() {
            out.push_str("<p class=\"note\">Unanimous on every motion it voted on.</p>\n");
            continue;
        }
        cohesion_table(out, analysis, &cells);
    }
    out.push_str("</section>\n");
}

/// The motions that divide a bloc most: the motion, its document and title when the source
/// gives them, the indices and the bloc's votes (absences only where the source records them).
fn cohesion_table(out: &mut String, analysis: &Analysis, cells: &[&crate::cohesion::Cell]) {
    let data = &analysis.dataset;
    let motions: Vec<Option<&crate::model::Motion>> =
        cells.iter().map(|c| data.motions.get(c.motion)).collect();
    let documents = motions.iter().flatten().any(|m| m.document.is_some());
    let titles = motions.iter().flatten().any(|m| m.title.is_some());
    let absent = analysis.absences_recorded;
    out.push_str("<table>\n<thead><tr><th>motion</th>");
    if documents {
        out.push_str("<th>document</th>");
    }
    if titles {
        out.push_str("<th>title</th>");
    }
    out.push_str("<th>Agreement Index</th><th>Rice</th><th>yes</th><th>no</th><th>abstain</th>");
    if absent {
        out.push_str("<th>absent</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (cell, motion) in cells.iter().zip(motions) {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td>",
            escape(motion.map_or("", |m| m.id.as_str()))
        );
        if documents {
            let document = motion.and_then(|m| m.document.as_deref()).unwrap_or("");
            let _ = write!(out, "<td><code>{}</code></td>", escape(document));
        }
        if titles {
            let title = sections::title_cell(motion.and_then(|m| m.title.as_deref()));
            let _ = write!(out, "<td class=\"title\">{title}</td>");
        }
        let _ = write!(
            out,
            "<td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td>",
            fixed(cell.agreement_index, 3),
            fixed(cell.rice, 3),
            cell.counts.yes,
            cell.counts.no,
            cell.counts.abstain,
        );
        if absent {
            let _ = write!(out, "<td class=\"number\">{}</td>", cell.counts.absent);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn figure(out: &mut String, heading: &str, svg: &str, caption: &str) {
    let _ = writeln!(out, "<h3>{}</h3>\n<figure>", escape(heading));
    out.push_str(svg);
    let _ = writeln!(
        out,
        "<figcaption>{}</figcaption>\n</figure>",
        escape(caption)
    );
}

fn plots_section(out: &mut String, analysis: &Analysis, plots: &Plots) {
    out.push_str("<section>\n<h2 id=\"plots\">Plots</h2>\n");
    let dense_plots = [
        (
            "Similarity heatmap",
            &plots.heatmap,
            "Pairwise similarity, members ordered by bloc then code; white lines separate the blocs. Also heatmap.svg.",
        ),
        (
            "Network",
            &plots.network,
            "The similarity graph laid out by force (Fruchterman–Reingold); nodes coloured by bloc, swing members labelled. Also network.svg, and graph.gexf / graph.graphml / graph.dot for Gephi, yEd or Graphviz.",
        ),
        (
            "Map",
            &plots.map,
            "Classical MDS of the distances between members; nearby members vote alike. Also map.svg.",
        ),
    ];
    for (heading, svg, caption) in dense_plots {
        match svg {
            Some(svg) => figure(out, heading, svg, caption),
            None => {
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>\n<p class=\"note\">Not drawn: {}</p>",
                    escape(heading),
                    escape(&analysis.dense_note().unwrap_or_default())
                );
            }
        }
    }
    if let Some(grid) = &plots.vote_grid {
        figure(
            out,
            "Split votes",
            grid,
            "Each split member's vote on every separately voted part and on the whole. Also vote_grid.svg.",
        );
    }
    out.push_str("</section>\n");
}

/// Opens one of votebloc's self-contained pages: the document's head with `title` and the
/// stylesheet, then `heading` as its `<h1>` (both escaped).
pub(crate) fn page_head(out: &mut String, title: &str, heading: &str) {
    page_head_styled(out, title, heading, "");
}

/// [`page_head`] with the rules `extra` after the common stylesheet.
fn page_head_styled(out: &mut String, title: &str, heading: &str, extra: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{STYLE}{extra}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(heading));
}

/// The report page. `inputs` are the inputs with their digests (as in `summary.json`),
/// `plots` the drawn plots (inlined).
///
/// Deterministic: no date or time is written, so the same run gives the same bytes.
///
/// # Complexity
///
/// O(n + M + size of the plots).
///
/// # Examples
///
/// ```
/// use votebloc::analysis::{run, AnalysisParams};
/// use votebloc::report::html::report_html;
/// use votebloc::layout::LayoutParams;
/// use votebloc::report::plots::Plots;
/// use votebloc::synthetic::{planted, PlantedParams};
/// let p = planted(&PlantedParams::default().n_members(20).n_motions(30).n_blocs(2)).unwrap();
/// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
/// let plots = Plots::draw(&analysis, &LayoutParams::default()).unwrap();
/// let page = report_html(&analysis, &[], &plots);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<h2 id=\"blocs\">Blocs</h2>"));
/// ```
pub fn report_html(analysis: &Analysis, inputs: &[InputDigest], plots: &Plots) -> String {
    let data = &analysis.dataset;
    let mut out = String::with_capacity(
        [&plots.heatmap, &plots.network, &plots.map, &plots.vote_grid]
            .iter()
            .map(|svg| svg.as_ref().map_or(0, String::len))
            .sum::<usize>()
            + (1 << 16),
    );
    let title = match inputs {
        [one] => format!("votebloc report: {}", one.path),
        [] => "votebloc report".to_string(),
        many => format!("votebloc report: {} inputs", many.len()),
    };
    page_head_styled(&mut out, &title, &title, REPORT_STYLE);
    let _ = writeln!(
        out,
        "<p class=\"lead\">{} motions, {} members analysed, {} blocs, {} swing members · votebloc {}</p>",
        data.motions.len(),
        data.members.len(),
        analysis.bloc_sizes.len(),
        analysis.swing.summary(data).len(),
        env!("CARGO_PKG_VERSION")
    );
    sections::separation_warning(&mut out, analysis);
    out.push_str("<nav><a href=\"#summary\">Summary</a><a href=\"#blocs\">Blocs</a><a href=\"#swing\">Swing members</a><a href=\"#cohesion\">Cohesion</a>");
    // The link only when the stage ran, so that the pages of runs without it keep their bytes.
    if analysis.stage::<crate::ideal::IdealStageResult>().is_some() {
        out.push_str("<a href=\"#ideal\">Ideal points</a>");
    }
    out.push_str("<a href=\"#plots\">Plots</a></nav>\n");
    summary_section(&mut out, analysis, inputs);
    blocs_section(&mut out, analysis);
    swing_section(&mut out, analysis);
    cohesion_section(&mut out, analysis);
    super::ideal::ideal_section(&mut out, analysis);
    plots_section(&mut out, analysis, plots);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::{AnalysisParams, run};
    use crate::export::graphml::tests::tricky_analysis;
    use crate::layout::LayoutParams;
    use crate::model::{DatasetBuilder, Member, Motion, Vote};

    #[test]
    fn every_text_from_the_data_is_escaped() {
        let analysis = tricky_analysis();
        let plots = Plots::draw(&analysis, &LayoutParams::default()).unwrap();
        let inputs = [InputDigest {
            path: "<in>.csv".to_string(),
            sha256: "00".to_string(),
        }];
        let page = report_html(&analysis, &inputs, &plots);
        assert!(page.contains("<title>votebloc report: &lt;in&gt;.csv</title>"));
        assert!(page.contains("Côte &quot;d&#39;Ivoire&quot; &lt;x&gt;"));
        assert!(page.contains("A&amp;1"));
        assert!(!page.contains("<x>"));
        assert!(!page.contains("A&1"));
        // Two blocs of three, unanimous on every motion.
        assert_eq!(page.matches("Unanimous on every motion").count(), 2);
        assert!(plots.vote_grid.is_none());
    }

    #[test]
    fn two_members_get_a_map_that_says_why_it_is_empty() {
        let mut b = DatasetBuilder::new("two");
        let motion = b.motion(Motion::new("m1"));
        for (code, vote) in [("A", Vote::Yes), ("B", Vote::No)] {
            let member = b.member(Member::new(code, code));
            b.push(motion, member, vote, None, 0).unwrap();
        }
        let analysis = run(b.finish().unwrap(), &AnalysisParams::default()).unwrap();
        let plots = Plots::draw(&analysis, &LayoutParams::default()).unwrap();
        let map = plots.map.as_deref().unwrap();
        assert!(map.contains(">no map: 2 member(s): at least 3"), "{map}");
        assert_eq!(plots.positions.as_ref().map(Vec::len), Some(2));
        let page = report_html(&analysis, &[], &plots);
        assert_eq!(page.matches("<svg ").count(), 3);
    }
}
