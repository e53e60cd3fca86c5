//! Evidence for the default graph construction: NMI against the truth of each construction
//! on planted blocs (see `votebloc::graph::Construction::KNearest`).
//!
//! `cargo run --release --example graph_choice -- full centered signed knn:30`

use votebloc::analysis::{AnalysisParams, run};
use votebloc::cluster::quality::normalized_mutual_info;
use votebloc::graph::{Construction, GraphParams};
use votebloc::synthetic::{PlantedParams, planted};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut constructions: Vec<String> = std::env::args().skip(1).collect();
    if constructions.is_empty() {
        constructions = ["full", "centered", "signed", "knn:30"]
            .map(String::from)
            .to_vec();
    }
    for (members, motions, blocs) in [(300, 500, 6), (600, 800, 8), (1000, 1500, 8)] {
        for seed in [7, 8, 9] {
            let data = planted(
                &PlantedParams::default()
                    .n_members(members)
                    .n_motions(motions)
                    .n_blocs(blocs)
                    .seed(seed),
            )?;
            let mut line = format!("{members}×{motions}, {blocs} blocs, seed {seed}");
            for name in &constructions {
                let params = AnalysisParams {
                    graph: GraphParams::new().with_construction(name.parse::<Construction>()?),
                    ..AnalysisParams::default()
                };
                let result = run(data.dataset.clone(), &params)?;
                let nmi = normalized_mutual_info(&data.truth, &result.blocs)?;
                line += &format!(" | {name}: {} blocs, NMI {nmi:.3}", result.bloc_sizes.len());
            }
            println!("{line}");
        }
    }
    Ok(())
}
