//! One member's profile: who it votes with and against, its bloc period by period, the
//! motions on which it broke with its bloc or its group, and its split votes.
//!
//! The questions a reader brings with a member in mind ("who does Russia vote with?", "when
//! did Collins break with her party?"), answered from the same stages as `analyze`:
//!
//! - **partners**: the agreement of the member with every other member over the motions both
//!   cast a vote on ([`crate::agreement`], any [`Index`]), nearest first;
//! - **blocs over time**: the member's bloc and its stability in each period of a
//!   [`crate::timeline`] (or in one analysis of the whole data);
//! - **breaks**: the motions on which the member's cast vote differs from the vote of a
//!   clear majority of the rest of its bloc (in that period) or of its group (the party of a
//!   legislator, the group of a state when the data give one). A majority is clear when it
//!   holds at least [`ProfileParams::unity`] of the others' cast votes — the "party unity"
//!   idea of the roll-call literature (Carrubba, Gabel & Hug 2008, "Legislative voting
//!   behavior, seen and unseen", *Legislative Studies Quarterly* 33(4)) applied to blocs;
//! - **split votes**: the motions where its votes on the parts of a text differ from its vote
//!   on the whole ([`crate::swing::split_votes`]).

use crate::ParamGuard;
use crate::agreement::{self, AgreementError, AgreementParams};
use crate::analysis::{self, AnalysisError, AnalysisValidParams};
use crate::ideal::{self, IdealError, IdealParams};
use crate::model::{Dataset, PeriodBy, Vote};
use crate::similarity::Index;
use crate::swing::{SplitVote, split_votes};
use crate::timeline;
use std::collections::HashMap;

/// Errors of [`run`].
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The member is not in the data, or the periods cannot be formed.
    #[error(transparent)]
    Agreement(#[from] AgreementError),
    /// The analysis (or one of the period analyses) failed.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// The ideal points could not be estimated.
    #[error("estimating the ideal points: {0}")]
    Ideal(#[from] IdealError),
    /// `unity` outside (0.5, 1].
    #[error("the majority share that counts as a break must be in (0.5, 1], got {0}")]
    Unity(f64),
    /// The member cast no vote at all.
    #[error("{0} cast no vote (yes, no or abstain) in the data")]
    NoCastVote(String),
}

impl ProfileError {
    /// True when the data do not hold what was asked for (exit code 3): a member that never
    /// voted, an unknown member.
    pub fn is_invalid_data(&self) -> bool {
        match self {
            ProfileError::Agreement(e) => e.is_invalid_data(),
            ProfileError::NoCastVote(_) => true,
            ProfileError::Ideal(e) => e.is_invalid_data(),
            ProfileError::Analysis(_) | ProfileError::Unity(_) => false,
        }
    }

    /// True when the error comes from the options (exit code 2).
    pub fn is_usage(&self) -> bool {
        match self {
            ProfileError::Agreement(e) => e.is_usage(),
            ProfileError::Analysis(e) => e.is_usage(),
            ProfileError::Ideal(e) => e.is_usage(),
            ProfileError::Unity(_) => true,
            ProfileError::NoCastVote(_) => false,
        }
    }
}

/// What [`run`] computes, for which member.
#[derive(Debug, Clone)]
pub struct ProfileParams {
    /// The member (an index into the dataset's members; see [`agreement::resolve`]).
    pub member: usize,
    /// One bloc per period (`None`: one analysis of the whole data).
    pub by: Option<PeriodBy>,
    /// The agreement index of the partners.
    pub index: Index,
    /// Least share of the others' cast votes a majority must hold for a differing vote to be a
    /// break (default 0.75).
    pub unity: f64,
    /// Also place the member on the main line of conflict ([`crate::ideal`], the ordinal
    /// model with its defaults): one position per period, dynamic over the periods
    /// (default false: a dynamic fit of a long history takes seconds).
    pub ideal: bool,
}

impl ProfileParams {
    /// The defaults for `member`: whole data, `agreement` index, breaks against a 3/4
    /// majority.
    pub fn new(member: usize) -> ProfileParams {
        ProfileParams {
            member,
            by: None,
            index: Index::Agreement,
            unity: 0.75,
            ideal: false,
        }
    }
}

/// Another member and how often it votes with the profiled one.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// Index of the other member in the dataset.
    pub member: usize,
    /// The index's value (`None` when they share no cast vote).
    pub value: Option<f64>,
    /// Motions both cast a vote on.
    pub common: u32,
}

/// The member's place in one period (or in the whole data).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The period (`None` for the whole data).
    pub period: Option<u32>,
    /// Its bloc: numbered from 1 by size in one analysis; with periods, the timeline's label,
    /// which a bloc keeps from one period to the next.
    pub bloc: u32,
    /// Members in that bloc, itself included.
    pub bloc_size: usize,
    /// Members analysed in the period.
    pub members: usize,
    /// Share of the runs that put it in this bloc (NaN without runs).
    pub stability: f64,
    /// Up to five other members of the bloc, most similar first (codes).
    pub with: Vec<String>,
}

/// How a reference (the bloc or the group) voted on a motion, the member left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// `bloc 2` or the group's name.
    pub label: String,
    /// The vote most of its other members cast.
    pub majority: Vote,
    /// Its other members' yes, no and abstain.
    pub counts: [u32; 3],
}

impl Side {
    /// Share of the others' cast votes that went to the majority.
    pub fn unity(&self) -> f64 {
        let total: u32 = self.counts.iter().sum();
        let most = *self.counts.iter().max().unwrap_or(&0);
        if total == 0 {
            0.0
        } else {
            f64::from(most) / f64::from(total)
        }
    }
}

/// The member's ideal point in one period (or the whole data).
#[derive(Debug, Clone, PartialEq)]
pub struct IdealPlace {
    /// The period (`None` for a static fit).
    pub period: Option<u32>,
    /// Its position (first dimension; the sign set by the fit's anchor).
    pub ideal: f64,
    /// Its rank from the positive end (1 = most positive) among the members placed.
    pub rank: usize,
    /// Members placed in that period.
    pub of: usize,
}

/// A motion on which the member voted against a clear majority of its bloc or group.
#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    /// Index of the motion in the dataset.
    pub motion: usize,
    /// The member's vote.
    pub vote: Vote,
    /// Its bloc's vote, when it broke with it.
    pub bloc: Option<Side>,
    /// Its group's vote, when it broke with it.
    pub group: Option<Side>,
}

impl Break {
    /// The larger unity of the sides it broke with: how clear the line was.
    pub fn unity(&self) -> f64 {
        [&self.bloc, &self.group]
            .into_iter()
            .flatten()
            .map(Side::unity)
            .fold(0.0, f64::max)
    }
}

/// The profile of one member.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Index of the member in the dataset.
    pub member: usize,
    /// Motions on which it cast yes, no or abstain.
    pub cast: usize,
    /// Motions on which it was a member of the body (cast, absent).
    pub entitled: usize,
    /// Every other member sharing a cast vote, by value (highest first; ties by code).
    pub partners: Vec<Partner>,
    /// How periods were formed (`None`: the whole data).
    pub by: Option<PeriodBy>,
    /// Its place in each period where it was analysed, in period order.
    pub places: Vec<Place>,
    /// Periods between its first and last analysed one where it was not analysed (too few
    /// cast votes, or not a member then).
    pub periods_without: Vec<u32>,
    /// Its breaks, clearest line first (unity of the side, then motion order).
    pub breaks: Vec<Break>,
    /// Its split votes (parts against the whole), in motion order.
    pub splits: Vec<SplitVote>,
    /// Its ideal point per period, when asked for ([`ProfileParams::ideal`]).
    pub ideal: Vec<IdealPlace>,
    /// How the ideal points' sign was fixed (e.g. `USA (member)`), when estimated.
    pub ideal_anchor: Option<String>,
}

impl Profile {
    /// The partners sharing at least `least` cast votes, nearest first.
    pub fn nearest(&self, least: u32) -> impl Iterator<Item = &Partner> {
        self.partners
            .iter()
            .filter(move |p| p.common >= least && p.value.is_some())
    }

    /// The partners sharing at least `least` cast votes, farthest first.
    pub fn farthest(&self, least: u32) -> impl Iterator<Item = &Partner> {
        self.nearest(least).collect::<Vec<_>>().into_iter().rev()
    }

    /// The least number of shared votes that makes a partner's value worth showing: a tenth
    /// of the member's cast votes, at least 1 and at most 20 (the vote floor of the blocs).
    pub fn least_common(&self) -> u32 {
        ((self.cast / 10) as u32).clamp(1, 20)
    }
}

/// The profile of `params.member` in `data`, its blocs found with `analysis` parameters.
///
/// Deterministic: same data and seed, same profile, whatever the input's row order.
///
/// # Errors
/// [`ProfileError::Unity`] for `unity` outside (0.5, 1]; [`ProfileError::NoCastVote`] when
/// the member cast no vote; [`ProfileError::Agreement`] when `by` names a period the motions
/// lack; [`ProfileError::Analysis`] when the data cannot be analysed (and for bad analysis
/// parameters).
///
/// # Complexity
/// One agreement pass, O(V), and the analyses of `analyze` (whole data) or `timeline` (one
/// per period); breaks in O(V).
///
/// # Examples
/// ```
/// use votebloc::analysis::AnalysisParams;
/// use votebloc::profile::{run, ProfileParams};
/// use votebloc::synthetic::{planted, PlantedParams};
/// let data = planted(&PlantedParams::default().n_members(30).n_motions(40).n_blocs(2).loyalty(0.95)).unwrap().dataset;
/// let profile = run(&data, &ProfileParams::new(0), &AnalysisParams::default()).unwrap();
/// // Its nearest partner is in its own bloc.
/// let nearest = profile.nearest(1).next().unwrap();
/// assert_eq!(profile.places.len(), 1);
/// assert!(profile.places[0].with.contains(&data.members[nearest.member].code));
/// ```
pub fn run<P>(data: &Dataset, params: &ProfileParams, analysis: &P) -> Result<Profile, ProfileError>
where
    P: ParamGuard<Checked = AnalysisValidParams, Error = AnalysisError>,
{
    if !(params.unity > 0.5 && params.unity <= 1.0) {
        return Err(ProfileError::Unity(params.unity));
    }
    let me = params.member;
    let analysis = analysis.check_ref()?;
    let (cast, entitled) = counts_of(data, me);
    if cast == 0 {
        return Err(ProfileError::NoCastVote(data.members[me].code.clone()));
    }
    let partners = partners_of(data, me, params.index)?;
    let rank: HashMap<usize, usize> = partners
        .iter()
        .enumerate()
        .map(|(i, p)| (p.member, i))
        .collect();
    let mut places = Places {
        data,
        me,
        rank: &rank,
        places: Vec::new(),
        periods_without: Vec::new(),
        blocs_by_period: HashMap::new(),
    };
    places.analyse(params.by, analysis)?;
    let Places {
        places,
        periods_without,
        blocs_by_period,
        ..
    } = places;

    let breaks = breaks_of(data, params, &blocs_by_period);
    let splits = split_votes(data)
        .splits
        .into_iter()
        .filter(|s| s.member == me)
        .collect();
    let (ideal, ideal_anchor) = if params.ideal {
        let (places, anchor) = ideal_places(data, me, params.by)?;
        (places, Some(anchor))
    } else {
        (Vec::new(), None)
    };
    Ok(Profile {
        ideal,
        ideal_anchor,
        member: me,
        cast,
        entitled,
        partners,
        by: params.by,
        places,
        periods_without,
        breaks,
        splits,
    })
}

/// The members who cast a vote on a motion the member `me` voted on, most similar first
/// (ties by code).
fn partners_of(data: &Dataset, me: usize, index: Index) -> Result<Vec<Partner>, ProfileError> {
    let agreement = agreement::run(
        data,
        &AgreementParams {
            with: vec![me],
            by: None,
            index,
        },
    )?;
    let mut partners: Vec<Partner> = agreement
        .rows
        .iter()
        .filter(|r| r.member != me && r.same + r.opposite + r.partial > 0)
        .map(|r| Partner {
            member: r.member,
            value: r.value,
            common: r.same + r.opposite + r.partial,
        })
        .collect();
    partners.sort_by(|a, b| {
        let (x, y) = (
            a.value.unwrap_or(f64::NEG_INFINITY),
            b.value.unwrap_or(f64::NEG_INFINITY),
        );
        y.total_cmp(&x).then_with(|| {
            data.members[a.member]
                .code
                .cmp(&data.members[b.member].code)
        })
    });
    Ok(partners)
}

/// The member's place in the analysis of the whole data or of each period, gathered as the
/// analyses come.
struct Places<'a> {
    data: &'a Dataset,
    me: usize,
    /// Member index → rank among the member's partners (most similar first).
    rank: &'a HashMap<usize, usize>,
    places: Vec<Place>,
    /// The periods analysed without the member, within its first and last analysed period.
    periods_without: Vec<u32>,
    /// Period key → (member index → bloc), for the periods where the member was analysed.
    blocs_by_period: HashMap<Option<u32>, HashMap<usize, u32>>,
}

impl Places<'_> {
    /// Runs the analysis of `analyze` (no `by`) or of `timeline` (one per period) and records
    /// the member's place in each.
    fn analyse(
        &mut self,
        by: Option<PeriodBy>,
        analysis: &AnalysisValidParams,
    ) -> Result<(), ProfileError> {
        let data = self.data;
        let Some(by) = by else {
            let result = analysis::run(data.clone(), analysis)?;
            let codes: Vec<String> = result
                .dataset
                .members
                .iter()
                .map(|m| m.code.clone())
                .collect();
            self.add(None, &codes, &result.blocs, &result.stability);
            return Ok(());
        };
        if data.motions.iter().all(|m| by.key(m).is_none()) {
            return Err(AgreementError::NoPeriods {
                by,
                motions: data.motions.len(),
            }
            .into());
        }
        let timeline = timeline::run(data, by, analysis, || {})?;
        for period in &timeline.periods {
            let codes: Vec<String> = period.members.iter().map(|(c, _)| c.clone()).collect();
            self.add(
                Some(period.period),
                &codes,
                &period.blocs,
                &period.stability,
            );
        }
        let without = &mut self.periods_without;
        without.extend(timeline.skipped.iter().map(|(p, _)| *p));
        without.sort_unstable();
        // Periods before its first analysis or after its last are those of a member that did
        // not exist yet (or no longer): not worth a line.
        let first = self.places.first().and_then(|p| p.period);
        let last = self.places.last().and_then(|p| p.period);
        without.retain(|p| Some(*p) > first && Some(*p) < last);
        Ok(())
    }

    /// Records the member's bloc in one analysis (`codes` with their `blocs` and `stability`),
    /// or the period as one without it.
    fn add(&mut self, period: Option<u32>, codes: &[String], blocs: &[u32], stability: &[f64]) {
        let (data, me) = (self.data, self.me);
        let Some(at) = codes.iter().position(|c| *c == data.members[me].code) else {
            if let Some(p) = period {
                self.periods_without.push(p);
            }
            return;
        };
        let bloc = blocs[at];
        let by_member: HashMap<usize, u32> = codes
            .iter()
            .zip(blocs)
            .filter_map(|(c, &b)| data.member_index(c).map(|i| (i, b)))
            .collect();
        let mut mates: Vec<usize> = by_member
            .iter()
            .filter(|&(&i, &b)| b == bloc && i != me)
            .map(|(&i, _)| i)
            .collect();
        mates.sort_by_key(|i| (self.rank.get(i).copied().unwrap_or(usize::MAX), *i));
        self.places.push(Place {
            period,
            bloc,
            bloc_size: mates.len() + 1,
            members: codes.len(),
            stability: stability[at],
            with: mates
                .iter()
                .take(5)
                .map(|&i| data.members[i].code.clone())
                .collect(),
        });
        self.blocs_by_period.insert(period, by_member);
    }
}

/// The member's ideal point in each period: a dynamic fit over the periods (a static one
/// without) with the source's model and walk variance, without bootstrap bounds.
fn ideal_places(
    data: &Dataset,
    member: usize,
    by: Option<PeriodBy>,
) -> Result<(Vec<IdealPlace>, String), ProfileError> {
    let params = IdealParams::new()
        .model(ideal::default_model(data))
        .walk_variance(ideal::default_walk_variance(data))
        .by(by)
        .dynamic(by.is_some())
        .bootstrap(0)
        .check()?;
    let fit = ideal::fit(data, &params)?;
    let code = &data.members[member].code;
    let mut places = Vec::new();
    for position in fit.positions.iter().filter(|p| &p.member == code) {
        let others: Vec<f64> = fit
            .positions
            .iter()
            .filter(|p| p.period == position.period)
            .map(|p| p.ideal[0])
            .collect();
        places.push(IdealPlace {
            period: position.period,
            ideal: position.ideal[0],
            rank: 1 + others.iter().filter(|&&x| x > position.ideal[0]).count(),
            of: others.len(),
        });
    }
    Ok((places, fit.anchor))
}

/// The member's cast votes and the motions it was entitled to vote on.
fn counts_of(data: &Dataset, member: usize) -> (usize, usize) {
    let (mut cast, mut entitled) = (0, 0);
    for record in data.votes.iter().filter(|r| r.member as usize == member) {
        match record.vote {
            Vote::Yes | Vote::No | Vote::Abstain => {
                cast += 1;
                entitled += 1;
            }
            Vote::Absent => entitled += 1,
            Vote::NotMember => {}
        }
    }
    (cast, entitled)
}

/// Slot of a cast vote in `Side::counts`.
fn slot(vote: Vote) -> Option<usize> {
    match vote {
        Vote::Yes => Some(0),
        Vote::No => Some(1),
        Vote::Abstain => Some(2),
        Vote::Absent | Vote::NotMember => None,
    }
}

/// The side of `counts` when a clear majority (at least `unity` of the cast votes, two
/// voters at least) voted otherwise than `vote`.
fn broken(label: String, counts: [u32; 3], vote: Vote, unity: f64) -> Option<Side> {
    let total: u32 = counts.iter().sum();
    let (most, at) = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i))
        .max_by_key(|&(c, i)| (c, std::cmp::Reverse(i)))?;
    let majority = [Vote::Yes, Vote::No, Vote::Abstain][at];
    let clear = total >= 2 && f64::from(most) >= unity * f64::from(total);
    // A tie for the most votes is no majority.
    let tied = counts.iter().filter(|&&c| c == most).count() > 1;
    (clear && !tied && majority != vote).then_some(Side {
        label,
        majority,
        counts,
    })
}

/// Every motion where the member's cast vote differs from a clear majority of its bloc (of
/// the motion's period) or of its group; clearest line first.
fn breaks_of(
    data: &Dataset,
    params: &ProfileParams,
    blocs_by_period: &HashMap<Option<u32>, HashMap<usize, u32>>,
) -> Vec<Break> {
    let me = params.member;
    let group = data.members[me].group.as_deref();
    let mut breaks = Vec::new();
    for (motion, votes) in data.votes_by_motion() {
        let Some(mine) = votes.iter().find(|r| r.member as usize == me) else {
            continue;
        };
        if slot(mine.vote).is_none() {
            continue;
        }
        let period = params.by.map(|by| by.key(&data.motions[motion]));
        let blocs = match period {
            None => blocs_by_period.get(&None),
            Some(key) => key.and_then(|k| blocs_by_period.get(&Some(k))),
        };
        let my_bloc = blocs.and_then(|b| b.get(&me)).copied();
        let (mut bloc_counts, mut group_counts) = ([0u32; 3], [0u32; 3]);
        for record in votes.iter().filter(|r| r.member as usize != me) {
            let Some(s) = slot(record.vote) else { continue };
            let other = record.member as usize;
            if my_bloc.is_some() && blocs.and_then(|b| b.get(&other)).copied() == my_bloc {
                bloc_counts[s] += 1;
            }
            if group.is_some() && data.members[other].group.as_deref() == group {
                group_counts[s] += 1;
            }
        }
        let bloc =
            my_bloc.and_then(|b| broken(format!("bloc {b}"), bloc_counts, mine.vote, params.unity));
        let group =
            group.and_then(|g| broken(g.to_string(), group_counts, mine.vote, params.unity));
        if bloc.is_some() || group.is_some() {
            breaks.push(Break {
                motion,
                vote: mine.vote,
                bloc,
                group,
            });
        }
    }
    breaks.sort_by(|a, b| {
        b.unity()
            .total_cmp(&a.unity())
            .then(a.motion.cmp(&b.motion))
    });
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalysisParams;
    use crate::model::{DatasetBuilder, Member, Motion};

    /// Six members in two blocs of three over eight motions; `c` breaks with its bloc on the
    /// last motion.
    fn two_blocs() -> Dataset {
        let mut builder = DatasetBuilder::new("two_blocs");
        let codes = ["a", "b", "c", "x", "y", "z"];
        let members: Vec<u32> = codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let mut m = Member::new(*code, code.to_uppercase());
                m.group = Some(if i < 3 { "G" } else { "H" }.to_string());
                builder.member(m)
            })
            .collect();
        for k in 0..8u32 {
            let motion = builder.motion(Motion::new(format!("m{k}")));
            for (i, &member) in members.iter().enumerate() {
                let vote = match (k, i) {
                    (7, 2) => Vote::No,
                    _ if i < 3 => Vote::Yes,
                    _ if k % 2 == 0 => Vote::No,
                    _ => Vote::Abstain,
                };
                builder.push(motion, member, vote, None, k + 1).unwrap();
            }
        }
        builder.finish().unwrap()
    }

    #[test]
    fn partners_breaks_and_bloc() {
        let data = two_blocs();
        let c = data.member_index("c").unwrap();
        let profile = run(&data, &ProfileParams::new(c), &AnalysisParams::default()).unwrap();
        assert_eq!(profile.cast, 8);
        let nearest: Vec<&str> = profile
            .nearest(1)
            .take(2)
            .map(|p| data.members[p.member].code.as_str())
            .collect();
        assert_eq!(nearest, ["a", "b"]);
        let farthest = profile.farthest(1).next().unwrap();
        assert!(["x", "z"].contains(&data.members[farthest.member].code.as_str()));
        assert_eq!(profile.places.len(), 1);
        assert_eq!(profile.places[0].bloc_size, 3);
        assert_eq!(profile.places[0].with, ["a", "b"]);
        // One break, on m7, with both its bloc and its group, both united for yes.
        assert_eq!(profile.breaks.len(), 1);
        let b = &profile.breaks[0];
        assert_eq!(data.motions[b.motion].id, "m7");
        assert_eq!(b.vote, Vote::No);
        assert_eq!(b.group.as_ref().unwrap().label, "G");
        assert_eq!(b.group.as_ref().unwrap().counts, [2, 0, 0]);
        assert_eq!(b.bloc.as_ref().unwrap().majority, Vote::Yes);
        assert_eq!(b.unity(), 1.0);
    }

    #[test]
    fn a_member_that_never_votes_and_a_bad_unity_are_errors() {
        let mut data = two_blocs();
        let c = data.member_index("c").unwrap();
        let bad = ProfileParams {
            unity: 0.4,
            ..ProfileParams::new(c)
        };
        assert!(matches!(
            run(&data, &bad, &AnalysisParams::default()),
            Err(ProfileError::Unity(_))
        ));
        for r in data.votes.iter_mut().filter(|r| r.member as usize == c) {
            r.vote = Vote::Absent;
        }
        assert!(matches!(
            run(&data, &ProfileParams::new(c), &AnalysisParams::default()),
            Err(ProfileError::NoCastVote(_))
        ));
    }

    #[test]
    fn a_tie_is_no_majority() {
        assert_eq!(broken("bloc 1".into(), [2, 2, 0], Vote::Abstain, 0.5), None);
        assert!(broken("bloc 1".into(), [3, 1, 0], Vote::No, 0.75).is_some());
        assert_eq!(broken("bloc 1".into(), [2, 1, 0], Vote::No, 0.75), None);
    }
}
