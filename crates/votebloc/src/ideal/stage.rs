//! Ideal points as a stage of an analysis ([`IdealStage`], see `DESIGN.md`, "How to add a
//! stage"): the static fit of the analysed members, read against the blocs (each bloc's centre,
//! the members standing between two blocs by position), and the model each source is fitted
//! with by default ([`default_model`]), shared by `votebloc analyze` and `votebloc ideal`.

use super::{IdealError, IdealModel, IdealPoints, IdealValidParams};
use crate::model::Dataset;
use crate::stage::{Stage, StageInput};

/// The model a source's votes are fitted with when none is asked for: the binary model for
/// the roll calls of the US Congress (every motion of the Senate or the House, as Voteview's
/// are), the ordinal model otherwise.
///
/// Why: in the UN General Assembly an abstention is a position between yes and no (Bailey,
/// Strezhnev & Voeten 2017), the ordinal model's middle category; in Congress "present" is
/// rare and not a middle position, and the field's models (W-NOMINATE, DW-NOMINATE, Clinton,
/// Jackman & Rivers 2004) are binary.
///
/// # Complexity
/// O(M) for M motions.
///
/// # Examples
/// ```
/// use votebloc::ideal::{IdealModel, default_model};
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// let mut b = DatasetBuilder::new("senate");
/// let mut motion = Motion::new("S117-1");
/// motion.chamber = Some("Senate".to_string());
/// let m = b.motion(motion);
/// let a = b.member(Member::new("1", "A"));
/// b.push(m, a, Vote::Yes, None, 0).unwrap();
/// assert_eq!(default_model(&b.finish().unwrap()), IdealModel::Binary);
/// let seed = votebloc::ingest::read_embedded(&Default::default()).unwrap();
/// assert_eq!(default_model(&seed), IdealModel::Ordinal);
/// ```
pub fn default_model(data: &Dataset) -> IdealModel {
    if is_congress(data) {
        IdealModel::Binary
    } else {
        IdealModel::Ordinal
    }
}

/// Whether every motion of `data` is a roll call of the US Senate or House.
fn is_congress(data: &Dataset) -> bool {
    let congress = |m: &crate::model::Motion| {
        m.chamber
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("Senate") || c.eq_ignore_ascii_case("House"))
    };
    !data.motions.is_empty() && data.motions.iter().all(congress)
}

/// Variance of a member's move between consecutive periods of a dynamic fit for US Congress
/// roll calls: a tenth of the general default.
///
/// Why: legislators barely move over a career (Poole 2007, "Changing minds? Not in
/// Congress!", *Public Choice* 131), which DW-NOMINATE builds in as a linear trend. Over the
/// Senates 100–118 a walk variance of 0.01 puts the positions of each congress at r ≥ 0.97
/// with DW-NOMINATE's first dimension in 17 of 18 congresses (0.1: 14), and at r = 0.976 with
/// Nokken–Poole's scores pooled over all senator-congresses (`BENCHMARKS.md`, "Ideal points").
pub const CONGRESS_WALK_VARIANCE: f64 = 0.01;

/// The random-walk variance of the dynamic fit of `data` when none is asked for:
/// [`CONGRESS_WALK_VARIANCE`] for US Congress roll calls (as [`default_model`] tells them),
/// else the [`IdealParams`](super::IdealParams) default (Martin & Quinn 2002).
///
/// # Examples
/// ```
/// use votebloc::ideal::{default_walk_variance, IdealParams, ParamGuard};
/// let seed = votebloc::ingest::read_embedded(&Default::default()).unwrap();
/// let general = IdealParams::new().check().unwrap().walk_variance;
/// assert_eq!(default_walk_variance(&seed), general);
/// ```
pub fn default_walk_variance(data: &Dataset) -> f64 {
    if is_congress(data) {
        CONGRESS_WALK_VARIANCE
    } else {
        super::params::DEFAULT_WALK_VARIANCE
    }
}

/// Share of the way from its bloc's centre to another bloc's centre from which a member stands
/// "between" the two blocs by position: half, i.e. nearer the other bloc's centre than its own
/// (the position analogue of the swing bridge's `bridge_gap`).
///
/// Why not less: a looser band flags the inner half of every bloc when two blocs are close on
/// the line, as the two blocs of non-aligned states are in some UN sessions (see
/// `BENCHMARKS.md`, "Ideal points in analyze").
pub const BETWEEN_SHARE: f64 = 0.5;

/// Most cast votes the stage fits when it is given a ceiling ([`IdealStage::max_votes`]; the
/// default of `votebloc analyze`, whose `--ideal` lifts it).
///
/// Why: the fit costs EM steps over every vote, while the rest of the analysis costs about one
/// pass; up to this size (any UN General Assembly session, a Senate congress, about 90,000) the
/// fit adds a fraction of a second, above it seconds (the UNGA history, 870,000 votes, or a
/// House congress, about 400,000: see `BENCHMARKS.md`, "Ideal points in analyze"). A static fit
/// of a long history also pools decades into one position, where the dynamic fit of `votebloc
/// ideal --by session --dynamic` is the model that fits.
pub const DEFAULT_MAX_VOTES: usize = 250_000;

/// The ideal-point stage of an analysis: one fit with the parameters given, on the analysed
/// dataset, seeded with the analysis's seed.
///
/// When the votes identify no scale (too few motions divide the members, as the seed's five
/// do under the 20-vote rule), or are more than the ceiling [`IdealStage::max_votes`] sets, the
/// stage does not fail: its result says why ([`IdealStageResult::not_estimated`]), so that the
/// rest of the analysis is written.
///
/// # Examples
/// ```
/// use votebloc::analysis::{AnalysisParams, run};
/// use votebloc::ideal::{IdealParams, IdealStage, IdealStageResult, ParamGuard, default_model};
/// use votebloc::synthetic::{PlantedParams, planted};
///
/// let data = planted(&PlantedParams::default().n_members(40).n_motions(60).n_blocs(2))
///     .unwrap()
///     .dataset;
/// let mut analysis = run(data, &AnalysisParams::default()).unwrap();
/// let params = IdealParams::new()
///     .model(default_model(&analysis.dataset))
///     .bootstrap(0)
///     .check()
///     .unwrap();
/// analysis.run_stage(&IdealStage::new(params)).unwrap();
/// let result = analysis.stage::<IdealStageResult>().unwrap();
/// let fit = result.fit.as_ref().unwrap();
/// assert_eq!(fit.positions.len(), 40);
/// // Two planted blocs: their centres lie on either side of the scale's mean (0).
/// assert_eq!(result.centres.len(), 2);
/// assert!(result.centres[0].centre * result.centres[1].centre < 0.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IdealStage {
    params: IdealValidParams,
    max_votes: Option<usize>,
}

impl IdealStage {
    /// The stage fitting with `params` (their seed is replaced by the analysis's), whatever
    /// the number of votes.
    pub fn new(params: IdealValidParams) -> IdealStage {
        IdealStage {
            params,
            max_votes: None,
        }
    }

    /// Fits only data with at most `max` cast votes (yes, no, abstain); `None`: any number.
    pub fn max_votes(mut self, max: Option<usize>) -> IdealStage {
        self.max_votes = max;
        self
    }
}

/// A bloc's place on the first dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct BlocCentre {
    /// The bloc (numbered from 1).
    pub bloc: u32,
    /// Its members with a position.
    pub members: usize,
    /// The median of their positions.
    pub centre: f64,
}

/// A member standing between its bloc and another by position: at least [`BETWEEN_SHARE`] of
/// the way from its bloc's centre to the other bloc's centre, and not beyond it.
#[derive(Debug, Clone, PartialEq)]
pub struct BetweenBlocs {
    /// Index of the member in the analysed dataset.
    pub member: usize,
    /// Its bloc.
    pub bloc: u32,
    /// The bloc it leans to (of those it qualifies for, the one it is furthest towards; ties
    /// by the smaller number).
    pub toward: u32,
    /// Its position on the first dimension.
    pub ideal: f64,
    /// The share of the way from its bloc's centre to the other's (in [`BETWEEN_SHARE`], 1]).
    pub share: f64,
}

/// What the ideal-point stage gives: the fit (or why there is none) and its reading against
/// the blocs.
#[derive(Debug, Clone, PartialEq)]
pub struct IdealStageResult {
    /// The parameters the stage ran with (seed included).
    pub params: IdealValidParams,
    /// The estimate; `None` when the votes identify no scale.
    pub fit: Option<IdealPoints>,
    /// Why there is no fit (the estimator's message); `None` with a fit.
    pub not_estimated: Option<String>,
    /// The analysed members without a position (too few votes on the motions the model
    /// reads), in member order; every member without a fit.
    pub without_position: Vec<usize>,
    /// The centre of every bloc with a member with a position, by bloc number (first
    /// dimension).
    pub centres: Vec<BlocCentre>,
    /// The members between two blocs by position, in member order.
    pub between: Vec<BetweenBlocs>,
}

impl IdealStageResult {
    /// The fit, or, without one, an estimate without positions, motions or pivots (whose
    /// files are their header only).
    pub fn fit_or_empty(&self) -> std::borrow::Cow<'_, IdealPoints> {
        match &self.fit {
            Some(fit) => std::borrow::Cow::Borrowed(fit),
            None => std::borrow::Cow::Owned(IdealPoints {
                params: self.params.clone(),
                anchor: String::new(),
                positions: Vec::new(),
                motions: Vec::new(),
                fits: Vec::new(),
                pivots: Vec::new(),
                left_out: Default::default(),
                bridged_motions: 0,
                warnings: Vec::new(),
            }),
        }
    }
}

impl Stage for IdealStage {
    type Output = IdealStageResult;
    type Error = IdealError;

    fn name(&self) -> &'static str {
        "ideal"
    }

    /// Fits the analysed members and reads the positions against the blocs.
    ///
    /// # Errors
    /// The estimator's, but [`IdealError::NothingToScale`], which gives a result without a
    /// fit.
    ///
    /// # Complexity
    /// That of [`fit`](super::fit), plus O(n log n) for the blocs' centres.
    fn run(&self, input: &StageInput<'_>) -> Result<IdealStageResult, IdealError> {
        let mut params = self.params.clone();
        params.seed = input.seed;
        let not_estimated = |params: IdealValidParams, reason: String| IdealStageResult {
            params,
            fit: None,
            not_estimated: Some(reason),
            without_position: (0..input.dataset.members.len()).collect(),
            centres: Vec::new(),
            between: Vec::new(),
        };
        let cast: usize = input.dataset.vote_counts()[..3].iter().sum();
        if let Some(max) = self.max_votes
            && cast > max
        {
            let reason = format!(
                "{cast} cast votes, more than the {max} fitted by default (the fit would take \
                 many times the rest of the analysis; --ideal fits them, `votebloc ideal --by … \
                 --dynamic` fits a history period by period)"
            );
            return Ok(not_estimated(params, reason));
        }
        let fit = match super::fit(input.dataset, &params) {
            Ok(fit) => fit,
            Err(e @ IdealError::NothingToScale { .. }) => {
                let motions = input.dataset.motions.len();
                // The estimator sees no motion left once every member is dropped; the cause
                // is the vote floor.
                let reason = if motions < params.min_votes {
                    format!(
                        "nothing to scale: {motions} motion(s), fewer than the {} votes a member \
                         needs for a position (W-NOMINATE's rule; `votebloc ideal --min-votes N` \
                         lowers it)",
                        params.min_votes
                    )
                } else {
                    e.to_string()
                };
                return Ok(not_estimated(params, reason));
            }
            Err(e) => return Err(e),
        };
        let positions: Vec<(usize, f64)> = fit
            .positions
            .iter()
            .filter(|p| p.period.is_none())
            .filter_map(|p| Some((input.dataset.member_index(&p.member)?, p.ideal[0])))
            .collect();
        let (centres, between) = read_against_blocs(&positions, input.blocs);
        let mut placed = vec![false; input.dataset.members.len()];
        for (member, _) in &positions {
            placed[*member] = true;
        }
        Ok(IdealStageResult {
            params,
            fit: Some(fit),
            not_estimated: None,
            without_position: (0..placed.len()).filter(|&i| !placed[i]).collect(),
            centres,
            between,
        })
    }
}

/// The median of `values` (finite); `None` when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// The centre of each bloc (the median position of its members in `positions`, which are
/// `(member, position)` pairs) and the members between two blocs (see [`BetweenBlocs`]);
/// members of bloc 0 are neither counted nor judged.
///
/// # Complexity
/// O(n log n + n·k) for n positions and k blocs.
fn read_against_blocs(
    positions: &[(usize, f64)],
    blocs: &[u32],
) -> (Vec<BlocCentre>, Vec<BetweenBlocs>) {
    let bloc_of = |member: usize| blocs.get(member).copied().unwrap_or(0);
    let count = blocs.iter().copied().max().unwrap_or(0);
    let centres: Vec<BlocCentre> = (1..=count)
        .filter_map(|bloc| {
            let mut values: Vec<f64> = positions
                .iter()
                .filter(|(m, x)| bloc_of(*m) == bloc && x.is_finite())
                .map(|(_, x)| *x)
                .collect();
            let members = values.len();
            median(&mut values).map(|centre| BlocCentre {
                bloc,
                members,
                centre,
            })
        })
        .collect();
    let centre_of = |bloc: u32| centres.iter().find(|c| c.bloc == bloc).map(|c| c.centre);
    let mut between: Vec<BetweenBlocs> = positions
        .iter()
        .filter_map(|&(member, ideal)| {
            let bloc = bloc_of(member);
            let own = centre_of(bloc)?;
            let mut best: Option<(u32, f64)> = None;
            for other in centres.iter().filter(|c| c.bloc != bloc && c.centre != own) {
                let share = (ideal - own) / (other.centre - own);
                let further = best.is_none_or(|(_, s)| share > s);
                if (BETWEEN_SHARE..=1.0).contains(&share) && further {
                    best = Some((other.bloc, share));
                }
            }
            best.map(|(toward, share)| BetweenBlocs {
                member,
                bloc,
                toward,
                ideal,
                share,
            })
        })
        .collect();
    between.sort_by_key(|b| b.member);
    (centres, between)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalysisParams, run};
    use crate::ideal::{IdealParams, ParamGuard};
    use crate::model::{DatasetBuilder, Member, Motion, Vote};

    #[test]
    fn a_member_nearer_another_blocs_centre_is_between() {
        // Bloc 1 around −1, bloc 2 around +1; member 3 (bloc 1) at 0.2 is 60 % of the way to
        // bloc 2's centre, member 4 (bloc 1) at −0.1 only 45 %, member 5 (bloc 2) beyond
        // bloc 1's centre is not between.
        let positions = [
            (0, -1.0),
            (1, -1.1),
            (2, -0.9),
            (3, 0.2),
            (4, -0.1),
            (5, -1.5),
            (6, 1.0),
            (7, 1.1),
            (8, 0.9),
            (9, 1.0),
        ];
        let blocs = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
        let (centres, between) = read_against_blocs(&positions, &blocs);
        assert_eq!(
            centres,
            [
                BlocCentre {
                    bloc: 1,
                    members: 5,
                    centre: -0.9
                },
                BlocCentre {
                    bloc: 2,
                    members: 5,
                    centre: 1.0
                }
            ]
        );
        assert_eq!(between.len(), 1);
        assert_eq!((between[0].member, between[0].toward), (3, 2));
        assert!((between[0].share - 1.1 / 1.9).abs() < 1e-12);
    }

    #[test]
    fn of_two_blocs_a_member_leans_to_the_one_it_is_furthest_towards() {
        // Centres: bloc 1 at 0, bloc 2 at 2, bloc 3 at 1.2; member 0 (bloc 1) at 0.9 is 45 %
        // of the way to bloc 2 and 75 % of the way to bloc 3.
        let positions = [(0, 0.9), (1, 0.0), (2, 0.0), (3, 2.0), (4, 1.2)];
        let blocs = [1, 1, 1, 2, 3];
        let (_, between) = read_against_blocs(&positions, &blocs);
        assert_eq!(between.len(), 1);
        assert_eq!((between[0].bloc, between[0].toward), (1, 3));
    }

    #[test]
    fn bloc_zero_and_blocs_without_positions_are_left_alone() {
        let (centres, between) = read_against_blocs(&[(0, 5.0), (1, 0.0)], &[0, 1, 2]);
        assert_eq!(centres.len(), 1);
        assert!(between.is_empty());
    }

    #[test]
    fn five_motions_give_a_result_without_a_fit_not_an_error() {
        let mut b = DatasetBuilder::new("five");
        let motions: Vec<u32> = (0..5)
            .map(|i| b.motion(Motion::new(format!("m{i}"))))
            .collect();
        for i in 0..12 {
            let member = b.member(Member::new(format!("M{i:02}"), format!("Member {i}")));
            for (k, &m) in motions.iter().enumerate() {
                let vote = if (i + k) % 3 == 0 {
                    Vote::No
                } else {
                    Vote::Yes
                };
                b.push(m, member, vote, None, 0).unwrap();
            }
        }
        let mut analysis = run(b.finish().unwrap(), &AnalysisParams::default()).unwrap();
        let params = IdealParams::new().bootstrap(0).check().unwrap();
        analysis.run_stage(&IdealStage::new(params)).unwrap();
        let result = analysis.stage::<IdealStageResult>().unwrap();
        assert!(result.fit.is_none());
        let reason = result.not_estimated.as_deref().unwrap();
        assert!(
            reason.starts_with("nothing to scale: 5 motion(s), fewer than the 20 votes"),
            "{reason}"
        );
        assert_eq!(result.without_position.len(), 12);
        assert!(result.centres.is_empty() && result.between.is_empty());
    }

    /// 30 members in two planted blocs, 40 motions.
    fn two_blocs() -> crate::model::Dataset {
        crate::synthetic::planted(
            &crate::synthetic::PlantedParams::default()
                .n_members(30)
                .n_motions(40)
                .n_blocs(2),
        )
        .unwrap()
        .dataset
    }

    #[test]
    fn above_the_ceiling_the_stage_says_so_and_fits_nothing() {
        let data = two_blocs();
        let cast: usize = data.vote_counts()[..3].iter().sum();
        let mut analysis = run(data, &AnalysisParams::default()).unwrap();
        let params = IdealParams::new().bootstrap(0).check().unwrap();
        let stage = IdealStage::new(params.clone()).max_votes(Some(cast - 1));
        analysis.run_stage(&stage).unwrap();
        let result = analysis.stage::<IdealStageResult>().unwrap();
        assert!(result.fit.is_none());
        let reason = result.not_estimated.as_deref().unwrap();
        assert!(
            reason.starts_with(&format!(
                "{cast} cast votes, more than the {} fitted",
                cast - 1
            )),
            "{reason}"
        );
        let stage = IdealStage::new(params).max_votes(Some(cast));
        analysis.run_stage(&stage).unwrap();
        assert!(analysis.stage::<IdealStageResult>().unwrap().fit.is_some());
    }

    #[test]
    fn the_stage_takes_the_analysis_seed() {
        let data = two_blocs();
        let params = AnalysisParams {
            seed: 7,
            ..AnalysisParams::default()
        };
        let mut analysis = run(data, &params).unwrap();
        let ideal = IdealParams::new().bootstrap(0).check().unwrap();
        analysis.run_stage(&IdealStage::new(ideal)).unwrap();
        let result = analysis.stage::<IdealStageResult>().unwrap();
        assert_eq!(result.params.seed, 7);
        assert_eq!(result.fit.as_ref().unwrap().positions.len(), 30);
        assert!(result.without_position.is_empty());
    }
}
