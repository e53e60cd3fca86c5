//! SVG plots and the one-file HTML report.
//!
//! [`write_report_files`] writes, beside the CSV files of `votebloc analyze -o DIR`, the graph
//! files (`graph.graphml`, `graph.gexf`, `graph.dot`, see [`crate::export`]), the plots
//! (`heatmap.svg`, `network.svg`, `map.svg`, and `vote_grid.svg` when a member split its votes)
//! and `report.html`, which holds everything in one page.

pub mod agreement;
pub mod cells;
pub mod colours;
pub mod heatmap;
pub mod html;
pub mod ideal;
pub mod ideal_page;
pub mod labels;
pub mod lines;
pub mod map;
pub mod markup;
pub mod network;
pub mod outliers;
pub mod plots;
pub mod profile;
pub mod sections;
pub mod strip;
pub mod timeline;
pub mod vote_grid;

pub use html::report_html;
pub use plots::Plots;

use crate::analysis::Analysis;
use crate::export::json::InputDigest;
use crate::export::{ExportError, OutputDir, dot, gexf, graphml};
use colours::ColorBy;
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::Path;

/// The layout parameters of the report of `analysis`: the defaults, seeded with the
/// analysis seed (so `--seed` also moves the network layout).
pub fn layout_params(analysis: &Analysis) -> crate::layout::LayoutParams {
    crate::layout::LayoutParams::default().seed(analysis.params.seed)
}

/// Draws the plots of `analysis` with [`layout_params`], the points coloured by `color_by`; a
/// layout error (only possible with invalid parameters) is reported against `path`, the file
/// being written.
pub fn draw_plots(
    analysis: &Analysis,
    path: &Path,
    color_by: ColorBy,
) -> Result<Plots, ExportError> {
    Plots::draw_coloured(analysis, &layout_params(analysis), color_by).map_err(|e| {
        ExportError::Io {
            path: path.to_path_buf(),
            source: io::Error::other(e),
        }
    })
}

/// The files [`write_report_files`] may write, in the order it writes them
/// (`vote_grid.svg` only when a member split its votes; `heatmap.svg`, `network.svg` and
/// `map.svg` only with the dense similarity table).
pub const REPORT_FILES: [&str; 8] = [
    "graph.graphml",
    "graph.gexf",
    "graph.dot",
    "heatmap.svg",
    "network.svg",
    "map.svg",
    "vote_grid.svg",
    "report.html",
];

/// Writes the graph files, the SVG plots and `report.html` of an analysis ([`REPORT_FILES`])
/// into `dir` (created if missing) as one set (see [`OutputDir`]), so a failure or a kill
/// leaves the old files or the new ones, never a mix or a half-written file. Other files in
/// `dir` are kept; an old `vote_grid.svg` goes when the analysis has none. Without the dense
/// similarity table ([`Analysis::is_dense`]) heatmap.svg, network.svg and map.svg are not
/// written (old ones go too: see [`Plots`]), and the graph files carry no layout. The points
/// of the network and the map are coloured by `color_by`.
///
/// # Errors
///
/// `dir` is not a directory (e.g. a regular file is in the way), a folder is in the way of a
/// file, or a file cannot be written; the error names the path.
///
/// # Complexity
///
/// That of [`Plots::draw`] plus O(n² + m) of output.
pub fn write_report_files(
    analysis: &Analysis,
    inputs: &[InputDigest],
    dir: &Path,
    color_by: ColorBy,
) -> Result<(), ExportError> {
    let out = OutputDir::create(dir, &REPORT_FILES)?;
    write_report_files_into(analysis, inputs, &out, color_by)?;
    out.commit().map(|_| ())
}

/// Writing one file of the set.
type Job<'a> = Box<dyn Fn() -> Result<(), ExportError> + Sync + Send + 'a>;

/// A job writing `text` (if any) to the file `name` of `out`.
fn text_job<'a>(out: &'a OutputDir, name: &'static str, text: Option<&'a str>) -> Job<'a> {
    Box::new(move || match text {
        Some(text) => out.write_with(name, |o| o.write_all(text.as_bytes())),
        None => Ok(()),
    })
}

/// The files of [`write_report_files`], written into the set `out` (not yet in place),
/// drawn and written on several threads.
///
/// # Errors
///
/// As [`write_report_files`]; the first failing file in the order of [`REPORT_FILES`] is
/// the one reported.
///
/// # Complexity
///
/// As [`write_report_files`].
pub fn write_report_files_into(
    analysis: &Analysis,
    inputs: &[InputDigest],
    out: &OutputDir,
    color_by: ColorBy,
) -> Result<(), ExportError> {
    let (plots, graphml) = rayon::join(
        || draw_plots(analysis, &out.target().join("network.svg"), color_by),
        || out.write_with("graph.graphml", |o| graphml::write_graphml(analysis, o)),
    );
    let plots = plots?;
    let positions = plots.positions.as_deref();
    let jobs: Vec<Job<'_>> = vec![
        Box::new(|| out.write_with("graph.gexf", |o| gexf::write_gexf(analysis, positions, o))),
        Box::new(|| out.write_with("graph.dot", |o| dot::write_dot(analysis, positions, o))),
        text_job(out, "heatmap.svg", plots.heatmap.as_deref()),
        text_job(out, "network.svg", plots.network.as_deref()),
        text_job(out, "map.svg", plots.map.as_deref()),
        text_job(out, "vote_grid.svg", plots.vote_grid.as_deref()),
        Box::new(|| {
            let page = report_html(analysis, inputs, &plots);
            out.write_with("report.html", |o| o.write_all(page.as_bytes()))
        }),
    ];
    let written: Vec<Result<(), ExportError>> = jobs.par_iter().map(|job| job()).collect();
    graphml?;
    written.into_iter().collect()
}
