//! Every plot of an analysis drawn once, so the SVG files, the HTML report and the graph files
//! share one layout.

use super::heatmap::heatmap_svg;
use super::map::{map_svg, member_map};
use super::network::network_svg;
use super::vote_grid::vote_grid_svg;
use crate::analysis::Analysis;
use crate::layout::{LayoutError, LayoutParams, fruchterman_reingold};

/// The plots of an analysis as SVG documents, and the network layout they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Plots {
    /// Network layout: one `[x, y]` in the unit square per analysed member.
    pub positions: Vec<[f64; 2]>,
    pub heatmap: String,
    pub network: String,
    pub map: String,
    /// `None` when no member split its votes.
    pub vote_grid: Option<String>,
}

impl Plots {
    /// Draws every plot: the layout with `layout` (errors only for invalid parameters), the
    /// MDS map (an MDS failure, e.g. fewer than 3 members, is written on the map instead),
    /// the heatmap and the vote grid.
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
    /// assert_eq!(plots.positions.len(), 20);
    /// assert!(plots.heatmap.starts_with("<svg"));
    /// assert!(plots.vote_grid.is_none()); // no text voted in parts
    /// ```
    pub fn draw(analysis: &Analysis, layout: &LayoutParams) -> Result<Plots, LayoutError> {
        // The layout and the MDS map are the long parts: drawn on two threads.
        let (positions, (map, (heatmap, vote_grid))) = rayon::join(
            || fruchterman_reingold(&analysis.graph, layout),
            || {
                rayon::join(
                    || map_svg(analysis, member_map(analysis).as_ref()),
                    || (heatmap_svg(analysis), vote_grid_svg(analysis)),
                )
            },
        );
        let positions = positions?;
        Ok(Plots {
            heatmap,
            network: network_svg(analysis, &positions, layout.seed),
            map,
            vote_grid,
            positions,
        })
    }
}
