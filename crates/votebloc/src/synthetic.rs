//! Seeded synthetic roll calls with planted blocs, for tests, benches and the comparison
//! script. Real data is always preferred for correctness; planted data is what lets a test
//! know the true answer.
//!
//! The generator imitates the UN General Assembly: most texts pass with a large majority, bloc
//! positions are correlated (blocs often share the majority position), members follow their
//! bloc only part of the time, and members miss votes.

use crate::model::{Dataset, DatasetBuilder, DatasetError, Member, Motion, Vote};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Parameters of the planted-bloc generator.
///
/// Defaults: 400 members, 600 motions, 6 blocs, loyalty 0.4, absences 10–20 %, seed 7.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedParams {
    pub n_members: usize,
    pub n_motions: usize,
    pub n_blocs: usize,
    /// Probability that a member casts its bloc's position on a motion; otherwise it votes
    /// like a random member of the whole assembly on that motion.
    pub loyalty: f64,
    /// Each member's absence rate is drawn uniformly from this range.
    pub absence: (f64, f64),
    /// Probability that a bloc's position on a motion is the motion's majority position
    /// (correlation between blocs, as in the UNGA where most blocs vote yes on most texts).
    pub shared_position: f64,
    pub seed: u64,
}

impl Default for PlantedParams {
    fn default() -> PlantedParams {
        PlantedParams {
            n_members: 400,
            n_motions: 600,
            n_blocs: 6,
            loyalty: 0.4,
            absence: (0.10, 0.20),
            shared_position: 0.5,
            seed: 7,
        }
    }
}

impl PlantedParams {
    pub fn n_members(mut self, n: usize) -> Self {
        self.n_members = n;
        self
    }
    pub fn n_motions(mut self, n: usize) -> Self {
        self.n_motions = n;
        self
    }
    pub fn n_blocs(mut self, n: usize) -> Self {
        self.n_blocs = n;
        self
    }
    pub fn loyalty(mut self, p: f64) -> Self {
        self.loyalty = p;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks ranges: at least one bloc, no more blocs than members, probabilities in [0, 1].
    pub fn validate(&self) -> Result<(), String> {
        if self.n_blocs == 0 || self.n_blocs > self.n_members {
            return Err(format!(
                "n_blocs must be between 1 and n_members ({}), got {}",
                self.n_members, self.n_blocs
            ));
        }
        if self.n_motions == 0 {
            return Err("n_motions must be at least 1".into());
        }
        let probability = |p: f64| (0.0..=1.0).contains(&p);
        if !probability(self.loyalty)
            || !probability(self.shared_position)
            || !probability(self.absence.0)
            || !probability(self.absence.1)
            || self.absence.0 > self.absence.1
        {
            return Err("probabilities must lie in [0, 1] (absence as min ≤ max)".into());
        }
        Ok(())
    }
}

/// Planted data: the dataset and the true bloc of every member (in dataset member order).
#[derive(Debug, Clone)]
pub struct Planted {
    pub dataset: Dataset,
    pub truth: Vec<u32>,
}

/// Bloc sizes in proportion 1 : 0.8 : 0.64 : …, every bloc at least 2 members when possible.
fn bloc_sizes(n_members: usize, n_blocs: usize) -> Vec<usize> {
    let weights: Vec<f64> = (0..n_blocs).map(|b| 0.8f64.powi(b as i32)).collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((w / total) * n_members as f64).floor().max(1.0) as usize)
        .collect();
    let mut assigned: usize = sizes.iter().sum();
    let mut b = 0;
    while assigned < n_members {
        sizes[b % n_blocs] += 1;
        assigned += 1;
        b += 1;
    }
    while assigned > n_members {
        if let Some(largest) = (0..n_blocs).max_by_key(|&i| (sizes[i], usize::MAX - i)) {
            sizes[largest] -= 1;
        }
        assigned -= 1;
    }
    sizes
}

fn draw_vote(rng: &mut Xoshiro256PlusPlus, distribution: [f64; 3]) -> Vote {
    let x: f64 = rng.r#gen();
    if x < distribution[0] {
        Vote::Yes
    } else if x < distribution[0] + distribution[1] {
        Vote::No
    } else {
        Vote::Abstain
    }
}

/// Generates planted blocs. Same parameters → same dataset.
///
/// Members are named `M0001`, `M0002`, … (as many digits as the largest number needs, at
/// least four) in an order that interleaves the blocs, so that nothing can be learnt from
/// member codes.
///
/// # Complexity
///
/// O(members × motions).
///
/// # Examples
///
/// ```
/// use votebloc::synthetic::{PlantedParams, planted};
/// let p = planted(&PlantedParams::default().n_members(30).n_motions(20).n_blocs(3)).unwrap();
/// assert_eq!(p.dataset.members.len(), 30);
/// assert_eq!(p.truth.len(), 30);
/// ```
pub fn planted(params: &PlantedParams) -> Result<Planted, PlantedError> {
    params.validate().map_err(PlantedError::Params)?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let sizes = bloc_sizes(params.n_members, params.n_blocs);
    let mut bloc_of: Vec<u32> = sizes
        .iter()
        .enumerate()
        .flat_map(|(b, &s)| std::iter::repeat_n(b as u32, s))
        .collect();
    // Fisher–Yates with our own generator so the interleaving is seeded.
    for i in (1..bloc_of.len()).rev() {
        let j = rng.gen_range(0..=i);
        bloc_of.swap(i, j);
    }
    let absence: Vec<f64> = (0..params.n_members)
        .map(|_| rng.gen_range(params.absence.0..=params.absence.1))
        .collect();

    let mut builder = DatasetBuilder::new("(planted)");
    // As wide as the largest number, so that the dataset's code order (members are sorted by
    // code) is the creation order and `truth` stays in dataset order: with four digits,
    // "M10000" would sort before "M1001".
    let width = (params.n_members.max(1).ilog10() as usize + 1).max(4);
    let members: Vec<u32> = (0..params.n_members)
        .map(|i| {
            let code = format!("M{:0width$}", i + 1);
            builder.member(Member::new(code.clone(), code))
        })
        .collect();
    for motion_index in 0..params.n_motions {
        let motion = builder.motion(Motion::new(format!("R{:05}", motion_index + 1)));
        // The assembly's overall leaning on this motion: mostly yes, some contested.
        let yes = rng.gen_range(0.35..0.85);
        let no = rng.gen_range(0.0..(1.0 - yes));
        let distribution = [yes, no, 1.0 - yes - no];
        let majority = draw_vote(&mut rng, distribution);
        let positions: Vec<Vote> = (0..params.n_blocs)
            .map(|_| {
                if rng.r#gen::<f64>() < params.shared_position {
                    majority
                } else {
                    draw_vote(&mut rng, [1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0])
                }
            })
            .collect();
        for (i, &member) in members.iter().enumerate() {
            let vote = if rng.r#gen::<f64>() < absence[i] {
                Vote::Absent
            } else if rng.r#gen::<f64>() < params.loyalty {
                positions[bloc_of[i] as usize]
            } else {
                draw_vote(&mut rng, distribution)
            };
            builder
                .push(motion, member, vote, None, 0)
                .map_err(PlantedError::Dataset)?;
        }
    }
    let dataset = builder.finish().map_err(PlantedError::Dataset)?;
    Ok(Planted {
        dataset,
        truth: bloc_of,
    })
}

/// Why planted data could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum PlantedError {
    #[error("invalid planted-bloc parameters: {0}")]
    Params(String),
    #[error(transparent)]
    Dataset(DatasetError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_truth_is_in_dataset_order_past_ten_thousand_members() {
        let p = planted(
            &PlantedParams::default()
                .n_members(10_050)
                .n_motions(1)
                .n_blocs(3),
        )
        .unwrap();
        let codes: Vec<&str> = p.dataset.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(
            (codes[0], codes[9_999], codes[10_049]),
            ("M00001", "M10000", "M10050")
        );
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
        let small = planted(&PlantedParams::default().n_members(30).n_motions(1)).unwrap();
        assert_eq!(small.dataset.members[0].code, "M0001");
    }

    #[test]
    fn sizes_are_unequal_and_sum_to_members() {
        let sizes = bloc_sizes(1000, 8);
        assert_eq!(sizes.iter().sum::<usize>(), 1000);
        assert!(sizes[0] > sizes[7] * 3, "{sizes:?}");
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let p = PlantedParams::default()
            .n_members(40)
            .n_motions(30)
            .n_blocs(4);
        let a = planted(&p).unwrap();
        let b = planted(&p).unwrap();
        assert_eq!(a.truth, b.truth);
        assert_eq!(a.dataset.votes, b.dataset.votes);
        let c = planted(&p.clone().seed(8)).unwrap();
        assert_ne!(a.dataset.votes, c.dataset.votes);
    }

    #[test]
    fn absences_and_loyalty_are_as_asked() {
        let p = PlantedParams::default()
            .n_members(200)
            .n_motions(200)
            .n_blocs(4);
        let data = planted(&p).unwrap().dataset;
        let counts = data.vote_counts();
        let absent = counts[3] as f64 / data.votes.len() as f64;
        assert!((0.12..0.18).contains(&absent), "absence share {absent}");
    }

    #[test]
    fn bad_parameters_are_rejected() {
        assert!(planted(&PlantedParams::default().n_blocs(0)).is_err());
        assert!(planted(&PlantedParams::default().loyalty(1.5)).is_err());
    }
}
