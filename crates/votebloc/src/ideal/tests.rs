//! Tests of the whole stage on planted data and on broken inputs.

// The 2 × 2 normal equations read clearest with their indices.
#![allow(clippy::needless_range_loop)]

use super::planted::{Planted, PlantedIrt, planted_irt};
use super::*;
use linfa::ParamGuard;

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    sab / (saa * sbb).sqrt()
}

/// Correlation of the first coordinate with the truth, members matched by code.
fn recovery(planted: &Planted, fit: &IdealPoints, dim: usize) -> f64 {
    let mut est = Vec::new();
    let mut truth = Vec::new();
    for p in &fit.positions {
        let i = planted.dataset.member_index(&p.member).unwrap();
        let t = p.period.map_or(0, |s| s as usize - 1);
        est.push(p.ideal[dim]);
        truth.push(planted.truth[i][t][dim]);
    }
    pearson(&est, &truth)
}

fn plus_anchor(planted: &Planted) -> Anchor {
    let i = (0..planted.truth.len())
        .max_by(|&a, &b| planted.truth[a][0][0].total_cmp(&planted.truth[b][0][0]))
        .unwrap();
    Anchor::Named(planted.dataset.members[i].code.clone())
}

#[test]
fn ordinal_one_dimension_recovers_the_planted_positions() {
    let planted = planted_irt(&PlantedIrt::default());
    let params = IdealParams::new()
        .anchor(plus_anchor(&planted))
        .bootstrap(0)
        .check()
        .unwrap();
    let fit = fit(&planted.dataset, &params).unwrap();
    assert_eq!(fit.positions.len(), 300);
    let r = recovery(&planted, &fit, 0);
    assert!(r >= 0.99, "r = {r}");
    assert!(fit.fits[0].converged);
    let mean: f64 = fit.positions.iter().map(|p| p.ideal[0]).sum::<f64>() / 300.0;
    let sd = (fit
        .positions
        .iter()
        .map(|p| p.ideal[0].powi(2))
        .sum::<f64>()
        / 300.0)
        .sqrt();
    assert!(mean.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9, "{mean} {sd}");
}

#[test]
fn binary_model_recovers_the_planted_positions() {
    let planted = planted_irt(&PlantedIrt {
        model: IdealModel::Binary,
        seed: 11,
        ..PlantedIrt::default()
    });
    let params = IdealParams::new()
        .model(IdealModel::Binary)
        .anchor(plus_anchor(&planted))
        .bootstrap(0)
        .check()
        .unwrap();
    let fit = fit(&planted.dataset, &params).unwrap();
    let r = recovery(&planted, &fit, 0);
    assert!(r >= 0.99, "r = {r}");
    assert!(fit.motions.iter().all(|m| m.cut_2.is_none()));
}

#[test]
fn two_dimensions_recover_the_planted_plane() {
    let planted = planted_irt(&PlantedIrt {
        dims: 2,
        seed: 5,
        ..PlantedIrt::default()
    });
    let params = IdealParams::new().dims(2).bootstrap(0).check().unwrap();
    let fit = fit(&planted.dataset, &params).unwrap();
    // Up to a rotation: each true coordinate is a linear function of the two estimated ones.
    for dim in 0..2 {
        let (mut xx, mut xy, mut yy) = ([[0.0; 2]; 2], [0.0; 2], 0.0);
        for p in &fit.positions {
            let i = planted.dataset.member_index(&p.member).unwrap();
            let t = planted.truth[i][0][dim];
            for a in 0..2 {
                xy[a] += p.ideal[a] * t;
                for b in 0..2 {
                    xx[a][b] += p.ideal[a] * p.ideal[b];
                }
            }
            yy += t * t;
        }
        let det = xx[0][0] * xx[1][1] - xx[0][1] * xx[1][0];
        let c0 = (xx[1][1] * xy[0] - xx[0][1] * xy[1]) / det;
        let c1 = (xx[0][0] * xy[1] - xx[1][0] * xy[0]) / det;
        let explained = c0 * xy[0] + c1 * xy[1];
        let mean: f64 = planted.truth.iter().map(|t| t[0][dim]).sum::<f64>() / 300.0;
        let r2 = explained / (yy - 300.0 * mean * mean);
        assert!(r2 >= 0.98, "dimension {dim}: R² = {r2}");
    }
}

#[test]
fn the_bootstrap_bounds_cover_the_estimates_and_repeat() {
    let planted = planted_irt(&PlantedIrt {
        members: 60,
        motions: 150,
        ..PlantedIrt::default()
    });
    let params = IdealParams::new().bootstrap(20).check().unwrap();
    let a = fit(&planted.dataset, &params).unwrap();
    let b = fit(&planted.dataset, &params).unwrap();
    assert_eq!(a, b);
    for p in &a.positions {
        let (lo, hi) = (p.lower.unwrap()[0], p.upper.unwrap()[0]);
        assert!(
            lo < hi && lo <= p.ideal[0] + 0.3 && hi >= p.ideal[0] - 0.3,
            "{p:?}"
        );
    }
}

#[test]
fn the_dynamic_fit_follows_planted_paths() {
    let planted = planted_irt(&PlantedIrt {
        members: 120,
        motions: 1_200,
        periods: 6,
        drift: 0.3,
        seed: 3,
        ..PlantedIrt::default()
    });
    let params = IdealParams::new()
        .by(Some(PeriodBy::Session))
        .dynamic(true)
        .anchor(plus_anchor(&planted))
        .bootstrap(0)
        .check()
        .unwrap();
    let fit = fit(&planted.dataset, &params).unwrap();
    assert_eq!(fit.positions.len(), 120 * 6);
    let r = recovery(&planted, &fit, 0);
    assert!(r >= 0.97, "r = {r}");
    assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
    assert_eq!(fit.pivots.len(), 6);
}

#[test]
fn the_correlation_rule_stops_sooner_at_the_same_positions() {
    let planted = planted_irt(&PlantedIrt {
        members: 120,
        motions: 1_200,
        periods: 6,
        drift: 0.3,
        seed: 3,
        ..PlantedIrt::default()
    });
    let params = |correlation: f64| {
        IdealParams::new()
            .by(Some(PeriodBy::Session))
            .dynamic(true)
            .anchor(plus_anchor(&planted))
            .bootstrap(0)
            .correlation_tolerance(correlation)
            .check()
            .unwrap()
    };
    let by_change = fit(&planted.dataset, &params(0.0)).unwrap();
    let by_correlation = fit(&planted.dataset, &params(1e-7)).unwrap();
    let (slow, fast) = (&by_change.fits[0], &by_correlation.fits[0]);
    assert!(slow.converged && fast.converged);
    assert!(
        fast.iterations < slow.iterations,
        "{} vs {} EM steps",
        fast.iterations,
        slow.iterations
    );
    let ideal = |f: &IdealPoints| f.positions.iter().map(|p| p.ideal[0]).collect::<Vec<_>>();
    let r = pearson(&ideal(&by_change), &ideal(&by_correlation));
    assert!(r >= 0.9999, "r = {r}");
    assert!(
        IdealParams::new()
            .correlation_tolerance(1.0)
            .check()
            .is_err()
    );
}

#[test]
fn unanimous_votes_are_a_clear_error() {
    let mut b = crate::DatasetBuilder::new("x");
    let members: Vec<u32> = (0..5)
        .map(|i| b.member(crate::Member::new(format!("M{i}"), "m")))
        .collect();
    for j in 0..30 {
        let m = b.motion(crate::Motion::new(format!("{j}")));
        for &i in &members {
            b.push(m, i, crate::Vote::Yes, None, 0).unwrap();
        }
    }
    let data = b.finish().unwrap();
    let params = IdealParams::new().bootstrap(0).check().unwrap();
    let err = fit(&data, &params).unwrap_err().to_string();
    assert!(err.contains("nothing to scale"), "{err}");
}

#[test]
fn a_silent_member_is_named_and_has_no_position() {
    let mut planted = planted_irt(&PlantedIrt {
        members: 40,
        motions: 100,
        ..PlantedIrt::default()
    });
    let silent = planted.dataset.member_index("M0007").unwrap() as u32;
    for v in planted
        .dataset
        .votes
        .iter_mut()
        .filter(|v| v.member == silent)
    {
        v.vote = crate::Vote::Absent;
    }
    let params = IdealParams::new().bootstrap(0).check().unwrap();
    let fit = fit(&planted.dataset, &params).unwrap();
    assert_eq!(fit.positions.len(), 39);
    assert_eq!(
        fit.left_out.members_without_votes,
        vec!["M0007".to_string()]
    );
    assert!(
        fit.warnings.iter().any(|w| w.contains("M0007")),
        "{:?}",
        fit.warnings
    );
}

#[test]
fn one_period_with_dynamic_is_a_warning_and_an_unknown_anchor_an_error() {
    let planted = planted_irt(&PlantedIrt {
        members: 40,
        motions: 100,
        ..PlantedIrt::default()
    });
    let params = IdealParams::new()
        .by(Some(PeriodBy::Session))
        .dynamic(true)
        .bootstrap(0)
        .check()
        .unwrap();
    let fit = fit(&planted.dataset, &params).unwrap();
    assert!(
        fit.warnings.iter().any(|w| w.contains("only one period")),
        "{:?}",
        fit.warnings
    );
    let params = IdealParams::new()
        .anchor(Anchor::Named("XYZ".into()))
        .check()
        .unwrap();
    let err = super::fit(&planted.dataset, &params).unwrap_err();
    assert!(err.is_usage() && err.to_string().contains("XYZ"), "{err}");
}

#[test]
fn the_result_does_not_depend_on_the_order_the_votes_came_in() {
    let planted = planted_irt(&PlantedIrt {
        members: 50,
        motions: 120,
        ..PlantedIrt::default()
    });
    // Rebuild the same dataset from its votes in reverse order.
    let data = &planted.dataset;
    let mut b = crate::DatasetBuilder::new("y");
    let members: Vec<u32> = data
        .members
        .iter()
        .rev()
        .map(|m| b.member(m.clone()))
        .collect();
    let motions: Vec<u32> = data
        .motions
        .iter()
        .rev()
        .map(|m| b.motion(m.clone()))
        .collect();
    let n = data.members.len();
    let m = data.motions.len();
    for v in data.votes.iter().rev() {
        b.push(
            motions[m - 1 - v.motion as usize],
            members[n - 1 - v.member as usize],
            v.vote,
            None,
            0,
        )
        .unwrap();
    }
    let shuffled = b.finish().unwrap();
    let params = IdealParams::new().bootstrap(5).check().unwrap();
    let a = fit(data, &params).unwrap();
    let b = fit(&shuffled, &params).unwrap();
    assert_eq!(a.positions, b.positions);
    assert_eq!(a.motions, b.motions);
}
