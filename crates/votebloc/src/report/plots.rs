//! Every plot of an analysis drawn once, so the SVG files, the HTML report and the graph files
//! share one layout.

use super::colours::{ColorBy, Colouring};
use super::heatmap::heatmap_svg;
use super::map::{map_svg, member_map};
use super::network::network_svg;
use super::vote_grid::vote_grid_svg;
use crate::analysis::Analysis;
use crate::layout::{LayoutError, LayoutParams, fruchterman_reingold};

/// The plots of an analysis as SVG documents, and the network layout they use.
///
/// Without the dense similarity table ([`Analysis::is_dense`]: more members than
/// `AnalysisParams::dense_max`) the heatmap, the network (its layout costs O(n²) per
/// iteration) and the map (classical MDS needs every distance) are not drawn: `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Plots {
    /// Network layout: one `[x, y]` in the unit square per analysed member; `None` when the
    /// network is not drawn.
    pub positions: Option<Vec<[f64; 2]>>,
    pub heatmap: Option<String>,
    pub network: Option<String>,
    pub map: Option<String>,
    /// `None` when no member split its votes.
    pub vote_grid: Option<String>,
}

impl Plots {
    /// Draws every plot: the layout with `layout` (errors only for invalid parameters), the
    /// MDS map (an MDS failure, e.g. fewer than 3 members, is written on the map instead),
    /// the heatmap and the vote grid; only the vote grid without the dense similarity table.
    ///
    /// # Errors
    ///
    /// Invalid layout parameters ([`LayoutParams::validate`]).
    ///
    /// # Complexity
    ///
    /// Dominated by the layout, O(iterations · (n² + m)), and the MDS, O(n²·iterations) of LOBPCG
    /// or O(n³) for small n.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::{run, AnalysisParams};
    /// use votebloc::layout::LayoutParams;
    /// use votebloc::report::plots::Plots;
    /// use votebloc::synthetic::{planted, PlantedParams};
    /// let p = planted(&PlantedParams::default().n_members(20).n_motions(30).n_blocs(2)).unwrap();
    /// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
    /// let plots = Plots::draw(&analysis, &LayoutParams::default()).unwrap();
    /// assert_eq!(plots.positions.map(|p| p.len()), Some(20));
    /// assert!(plots.heatmap.unwrap().starts_with("<svg"));
    /// assert!(plots.vote_grid.is_none()); // no text voted in parts
    /// ```
    pub fn draw(analysis: &Analysis, layout: &LayoutParams) -> Result<Plots, LayoutError> {
        Plots::draw_coloured(analysis, layout, ColorBy::Bloc)
    }

    /// Draws every plot as [`Plots::draw`] does, the points of the network and the map
    /// coloured by `color_by` (the heatmap and the vote grid show the blocs whatever it is).
    ///
    /// # Errors
    ///
    /// Invalid layout parameters ([`LayoutParams::validate`]).
    ///
    /// # Complexity
    ///
    /// As [`Plots::draw`].
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::analysis::{run, AnalysisParams};
    /// use votebloc::layout::LayoutParams;
    /// use votebloc::report::colours::ColorBy;
    /// use votebloc::report::plots::Plots;
    /// use votebloc::synthetic::{planted, PlantedParams};
    /// let p = planted(&PlantedParams::default().n_members(20).n_motions(30).n_blocs(2)).unwrap();
    /// let analysis = run(p.dataset, &AnalysisParams::default()).unwrap();
    /// let plots = Plots::draw_coloured(&analysis, &LayoutParams::default(), ColorBy::Group).unwrap();
    /// assert!(plots.map.unwrap().contains("Groups:"));
    /// ```
    pub fn draw_coloured(
        analysis: &Analysis,
        layout: &LayoutParams,
        color_by: ColorBy,
    ) -> Result<Plots, LayoutError> {
        if !analysis.is_dense() {
            layout.validate()?;
            return Ok(Plots {
                positions: None,
                heatmap: None,
                network: None,
                map: None,
                vote_grid: vote_grid_svg(analysis),
            });
        }
        let colouring = Colouring::of(analysis, color_by);
        // The layout and the MDS map are the long parts: drawn on two threads.
        let (positions, (map, (heatmap, vote_grid))) = rayon::join(
            || fruchterman_reingold(&analysis.graph, layout),
            || {
                rayon::join(
                    || member_map(analysis).map(|map| map_svg(analysis, map.as_ref(), &colouring)),
                    || (heatmap_svg(analysis), vote_grid_svg(analysis)),
                )
            },
        );
        let positions = positions?;
        Ok(Plots {
            heatmap,
            network: Some(network_svg(analysis, &positions, layout.seed, &colouring)),
            map,
            vote_grid,
            positions: Some(positions),
        })
    }
}
