//! SVG plots and the one-file HTML report.
//!
//! [`write_report_files`] writes, beside the CSV files of `votebloc analyze -o DIR`, the graph
//! files (`graph.graphml`, `graph.gexf`, `graph.dot`, see [`crate::export`]), the plots
//! (`heatmap.svg`, `network.svg`, `map.svg`, and `vote_grid.svg` when a member split its votes)
//! and `report.html`, which holds everything in one page.

pub mod heatmap;
pub mod html;
pub mod labels;
pub mod map;
pub mod markup;
pub mod network;
pub mod plots;
pub mod vote_grid;

pub use html::report_html;
pub use plots::Plots;

use crate::analysis::Analysis;
use crate::export::json::InputDigest;
use crate::export::{self, ExportError, Staged, dot, gexf, graphml};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::Path;

/// The layout parameters of the report of `analysis`: the defaults, seeded with the
/// analysis seed (so `--seed` also moves the network layout).
pub fn layout_params(analysis: &Analysis) -> crate::layout::LayoutParams {
    crate::layout::LayoutParams::default().seed(analysis.params.seed)
}

/// Draws the plots of `analysis` with [`layout_params`]; a layout error (only possible with
/// invalid parameters) is reported against `path`, the file being written.
pub fn draw_plots(analysis: &Analysis, path: &Path) -> Result<Plots, ExportError> {
    Plots::draw(analysis, &layout_params(analysis)).map_err(|e| ExportError::Io {
        path: path.to_path_buf(),
        source: io::Error::other(e),
    })
}

/// Writes the graph files, the SVG plots and `report.html` of an analysis into `dir` (created
/// if missing), each atomically (a temporary file beside it, renamed into place), so a failure
/// never leaves a half-written file: graph.graphml, graph.gexf, graph.dot, heatmap.svg,
/// network.svg, map.svg, vote_grid.svg (only when a member split its votes) and report.html.
/// Without the dense similarity table ([`Analysis::is_dense`]) heatmap.svg, network.svg and
/// map.svg are not written ([`Plots`]), and the graph files carry no layout.
///
/// # Errors
///
/// `dir` is not a directory (e.g. a regular file is in the way) or a file cannot be written; the
/// error names the path.
///
/// # Complexity
///
/// That of [`Plots::draw`] plus O(n² + m) of output.
pub fn write_report_files(
    analysis: &Analysis,
    inputs: &[InputDigest],
    dir: &Path,
) -> Result<(), ExportError> {
    export::commit_all(stage_report_files(analysis, inputs, dir)?)
}

/// Writing one staged file (`None`: a file not written, such as an empty vote grid).
type Job<'a> = Box<dyn Fn() -> Result<Option<Staged>, ExportError> + Sync + Send + 'a>;

/// A job writing `text` (if any) to `path`.
fn text_job(path: std::path::PathBuf, text: Option<&str>) -> Job<'_> {
    Box::new(move || {
        text.map(|text| export::stage_with(&path, |o| o.write_all(text.as_bytes())))
            .transpose()
    })
}

/// The files of [`write_report_files`], staged (written in full, not yet in place: see
/// [`Staged`]), drawn and written on several threads; the order of the list is fixed.
pub fn stage_report_files(
    analysis: &Analysis,
    inputs: &[InputDigest],
    dir: &Path,
) -> Result<Vec<Staged>, ExportError> {
    export::ensure_dir(dir)?;
    let (plots, graphml) = rayon::join(
        || draw_plots(analysis, &dir.join("network.svg")),
        || {
            export::stage_with(&dir.join("graph.graphml"), |o| {
                graphml::write_graphml(analysis, o)
            })
        },
    );
    let plots = plots?;
    let positions = plots.positions.as_deref();
    let jobs: Vec<Job<'_>> = vec![
        Box::new(|| {
            export::stage_with(&dir.join("graph.gexf"), |o| {
                gexf::write_gexf(analysis, positions, o)
            })
            .map(Some)
        }),
        Box::new(|| {
            export::stage_with(&dir.join("graph.dot"), |o| {
                dot::write_dot(analysis, positions, o)
            })
            .map(Some)
        }),
        text_job(dir.join("heatmap.svg"), plots.heatmap.as_deref()),
        text_job(dir.join("network.svg"), plots.network.as_deref()),
        text_job(dir.join("map.svg"), plots.map.as_deref()),
        text_job(dir.join("vote_grid.svg"), plots.vote_grid.as_deref()),
        Box::new(|| {
            let page = report_html(analysis, inputs, &plots);
            export::stage_with(&dir.join("report.html"), |o| o.write_all(page.as_bytes())).map(Some)
        }),
    ];
    let staged: Vec<Result<Option<Staged>, ExportError>> =
        jobs.par_iter().map(|job| job()).collect();
    let mut files = vec![graphml?];
    for file in staged {
        files.extend(file?);
    }
    Ok(files)
}
