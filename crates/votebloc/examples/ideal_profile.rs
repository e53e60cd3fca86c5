//! Times one ideal-point fit of planted data and prints its statistics:
//! `cargo run --release -p votebloc --example ideal_profile -- MEMBERS MOTIONS [DIMS] [BOOTSTRAP]`.

use linfa::ParamGuard;
use votebloc::ideal::planted::{PlantedIrt, planted_irt};
use votebloc::ideal::{self, IdealParams};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let members = args.first().copied().unwrap_or(300);
    let motions = args.get(1).copied().unwrap_or(1_000);
    let dims = args.get(2).copied().unwrap_or(1);
    let bootstrap = args.get(3).copied().unwrap_or(0);
    let planted = planted_irt(&PlantedIrt {
        members,
        motions,
        dims,
        ..PlantedIrt::default()
    });
    let params = IdealParams::new()
        .dims(dims)
        .bootstrap(bootstrap)
        .check()
        .expect("valid parameters");
    let start = std::time::Instant::now();
    let fit = ideal::fit(&planted.dataset, &params).expect("a fit");
    let elapsed = start.elapsed();
    let est: Vec<f64> = fit.positions.iter().map(|p| p.ideal[0]).collect();
    let truth: Vec<f64> = fit
        .positions
        .iter()
        .map(|p| planted.truth[planted.dataset.member_index(&p.member).unwrap_or(0)][0][0])
        .collect();
    let n = est.len() as f64;
    let (me, mt) = (est.iter().sum::<f64>() / n, truth.iter().sum::<f64>() / n);
    let cov: f64 = est
        .iter()
        .zip(&truth)
        .map(|(a, b)| (a - me) * (b - mt))
        .sum();
    let ve: f64 = est.iter().map(|a| (a - me).powi(2)).sum();
    let vt: f64 = truth.iter().map(|b| (b - mt).powi(2)).sum();
    let f = &fit.fits[0];
    println!(
        "{members} x {motions}, {dims}-D: {:.1} ms, {} EM steps, converged {}, r = {:.5}, correct {:.4}, ll {:.1}",
        elapsed.as_secs_f64() * 1e3,
        f.iterations,
        f.converged,
        cov / (ve * vt).sqrt(),
        f.correctly_classified,
        f.log_likelihood
    );
}
