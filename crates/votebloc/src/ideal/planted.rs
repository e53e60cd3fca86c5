//! Votes drawn from the item-response model itself, seeded: the data on which the estimators
//! can be checked against the truth (tests, benches, the comparison with other programs).

use super::IdealModel;
use crate::model::{Dataset, DatasetBuilder, Member, Motion, Vote};
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;

/// What to draw. Defaults: 300 members × 1,000 motions, one dimension, ordinal, 10 %
/// absences, one period, seed 7.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedIrt {
    pub members: usize,
    pub motions: usize,
    pub dims: usize,
    pub model: IdealModel,
    /// Share of votes missing (absent).
    pub absence: f64,
    /// Periods (sessions 1..=periods, motions spread evenly); each member moves by a normal
    /// step of sd `drift` from one period to the next.
    pub periods: usize,
    pub drift: f64,
    pub seed: u64,
}

impl Default for PlantedIrt {
    fn default() -> PlantedIrt {
        PlantedIrt {
            members: 300,
            motions: 1_000,
            dims: 1,
            model: IdealModel::Ordinal,
            absence: 0.1,
            periods: 1,
            drift: 0.0,
            seed: 7,
        }
    }
}

/// A planted data set and its truth.
#[derive(Debug, Clone)]
pub struct Planted {
    pub dataset: Dataset,
    /// True positions by member (dataset order) and period (0-based): `truth[i][t]`.
    pub truth: Vec<Vec<[f64; 2]>>,
}

/// Draws members' positions x ~ N(0, I), motions' discriminations β ~ N(0, 1.5²·I),
/// intercepts α ~ U(−1.5, 1.5) and (ordinal) abstention bands τ ~ U(0.3, 1.2), then each vote
/// from `y* = α + β·x + ε`. Members are `M0001`, … (group `plus` or `minus` by the sign of
/// their first coordinate in the first period); motions `1`, `2`, … with their session.
///
/// # Examples
/// ```
/// use votebloc::ideal::planted::{planted_irt, PlantedIrt};
/// let p = planted_irt(&PlantedIrt { members: 10, motions: 20, ..PlantedIrt::default() });
/// assert_eq!(p.dataset.members.len(), 10);
/// assert_eq!(p.dataset.motions.len(), 20);
/// ```
pub fn planted_irt(spec: &PlantedIrt) -> Planted {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(spec.seed);
    let periods = spec.periods.max(1);
    let normal = move |rng: &mut Xoshiro256PlusPlus| -> f64 { rng.sample(StandardNormal) };
    let truth: Vec<Vec<[f64; 2]>> = (0..spec.members)
        .map(|_| {
            let mut x = [normal(&mut rng), 0.0];
            if spec.dims > 1 {
                x[1] = normal(&mut rng);
            }
            let mut path = vec![x];
            for _ in 1..periods {
                let last = *path.last().unwrap_or(&x);
                let mut next = [last[0] + spec.drift * normal(&mut rng), last[1]];
                if spec.dims > 1 {
                    next[1] += spec.drift * normal(&mut rng);
                }
                path.push(next);
            }
            path
        })
        .collect();
    let mut builder = DatasetBuilder::new("planted");
    let members: Vec<u32> = (0..spec.members)
        .map(|i| {
            let mut m = Member::new(format!("M{:04}", i + 1), format!("Member {}", i + 1));
            m.group = Some(
                if truth[i][0][0] >= 0.0 {
                    "plus"
                } else {
                    "minus"
                }
                .to_string(),
            );
            builder.member(m)
        })
        .collect();
    for j in 0..spec.motions {
        let period = j * periods / spec.motions.max(1);
        let mut motion = Motion::new(format!("{}", j + 1));
        motion.session = Some(period as u32 + 1);
        let id = builder.motion(motion);
        let alpha: f64 = rng.gen_range(-1.5..1.5);
        let mut beta = [1.5 * normal(&mut rng), 0.0];
        if spec.dims > 1 {
            beta[1] = 1.5 * normal(&mut rng);
        }
        let tau: f64 = match spec.model {
            IdealModel::Ordinal => rng.gen_range(0.3..1.2),
            IdealModel::Binary => 0.0,
        };
        for (i, &member) in members.iter().enumerate() {
            let x = truth[i][period];
            let vote = if rng.r#gen::<f64>() < spec.absence {
                Vote::Absent
            } else {
                let y = alpha + beta[0] * x[0] + beta[1] * x[1] + normal(&mut rng);
                if y < 0.0 {
                    Vote::No
                } else if y < tau {
                    Vote::Abstain
                } else {
                    Vote::Yes
                }
            };
            // Members and motions are distinct and each pair is pushed once.
            let _ = builder.push(id, member, vote, None, 0);
        }
    }
    let dataset = builder.finish().unwrap_or_default();
    Planted { dataset, truth }
}
