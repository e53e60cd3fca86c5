//! The whole swing analysis in one call, its flat rows for `swing.csv` and one-line reasons.

use super::error::check_blocs;
use super::outlier::{Flag, flag_outliers};
use super::{
    Bridge, Caucuses, Defection, Pivot, SplitVotes, SwingError, SwingParams, SwingValidParams,
    bridges, caucuses, defections, party_unity_defections, pivots, split_votes,
};
use crate::ParamGuard;
use crate::model::{Dataset, Vote};
use crate::similarity::SimilarityRows;

/// A member whose consensus stability is below the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Unstable {
    /// Index of the member in [`Dataset::members`].
    pub member: usize,
    pub bloc: u32,
    /// Share of consensus runs that placed the member with its consensus bloc.
    pub stability: f64,
}

/// Members whose stability (share of consensus runs placing them with their consensus bloc) is
/// strictly below `threshold`. Members with bloc 0 and NaN stabilities (unknown) are skipped;
/// a value outside \[0, 1\] is an error naming the member.
///
/// Order: member order.
///
/// # Complexity
///
/// O(n).
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member};
/// use votebloc::swing::unstable_members;
/// let mut b = DatasetBuilder::new("example");
/// b.member(Member::new("A", "A"));
/// b.member(Member::new("B", "B"));
/// let data = b.finish().unwrap();
/// let found = unstable_members(&data, &[1, 1], &[0.62, 1.0], 0.8).unwrap();
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].member, 0);
/// ```
pub fn unstable_members(
    data: &Dataset,
    blocs: &[u32],
    stability: &[f64],
    threshold: f64,
) -> Result<Vec<Unstable>, SwingError> {
    check_blocs(data, blocs)?;
    if stability.len() != data.members.len() {
        return Err(SwingError::StabilityLength {
            expected: data.members.len(),
            found: stability.len(),
        });
    }
    let mut found = Vec::new();
    for (member, (&bloc, &value)) in blocs.iter().zip(stability).enumerate() {
        if value.is_nan() {
            continue;
        }
        if !(0.0..=1.0).contains(&value) {
            return Err(SwingError::StabilityOutOfRange {
                index: member,
                member: data.members[member].code.clone(),
                value,
            });
        }
        if bloc > 0 && value < threshold {
            found.push(Unstable {
                member,
                bloc,
                stability: value,
            });
        }
    }
    Ok(found)
}

/// Everything the swing analysis finds. Built by [`analyze`].
#[derive(Debug, Clone, PartialEq)]
pub struct SwingReport {
    /// Split votes (every split member, see [`split_votes`]).
    pub splits: SplitVotes,
    /// Defection of every member: on party-unity votes against its caucus when the data are a
    /// legislature's with parties (`caucuses` is set, see [`party_unity_defections`]), else
    /// against its bloc on every motion (see [`defections`]). [`SwingReport::defectors`]
    /// filters.
    pub defections: Vec<Defection>,
    /// The caucuses defection was measured against (legislatures with parties only).
    pub caucuses: Option<Caucuses>,
    /// Members whose defection rate is an outlier of their caucus or bloc (member order).
    pub defection_flags: Vec<Flag>,
    /// Bridge ratio of every member (see [`bridges`]); [`SwingReport::between_blocs`] filters.
    pub bridges: Vec<Bridge>,
    /// Members whose bridge ratio is an outlier of their bloc (member order).
    pub bridge_flags: Vec<Flag>,
    /// Members below the stability threshold (empty when no stability was given).
    pub unstable: Vec<Unstable>,
    /// Narrow motions (see [`pivots`]).
    pub pivots: Vec<Pivot>,
    /// The bloc assignment analysed, one number per member (0 = no bloc).
    pub blocs: Vec<u32>,
    /// The parameters used.
    pub params: SwingParams,
}

/// The kinds of swing member, in the order rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SwingKind {
    Split,
    Defection,
    Bridge,
    Unstable,
}

impl SwingKind {
    /// The spelling in `swing.csv`: `split`, `defection`, `bridge`, `unstable`.
    pub fn as_str(self) -> &'static str {
        match self {
            SwingKind::Split => "split",
            SwingKind::Defection => "defection",
            SwingKind::Bridge => "bridge",
            SwingKind::Unstable => "unstable",
        }
    }
}

/// One row of `swing.csv`: one member and one criterion that flags it
/// (`member,name,bloc,kind,rank,count,total,share,nearest_bloc,ratio,reason`).
///
/// | kind | count | total | share | nearest_bloc, ratio |
/// |---|---|---|---|---|
/// | `split` | texts on which it split | texts voted in parts on whose whole it cast a vote | count ÷ total | empty |
/// | `defection` | motions voted against its group's majority | motions counted | count ÷ total | empty |
/// | `bridge` | empty | empty | empty | the nearest other bloc, the bridge ratio |
/// | `unstable` | empty | empty | share of consensus runs placing it with its bloc | empty |
///
/// `bloc` is `None` for a member without a bloc. The motions behind a split are in
/// [`SwingReport::split_rows`], those behind a defection in [`SwingReport::defection_rows`].
#[derive(Debug, Clone, PartialEq)]
pub struct SwingRow {
    /// Member code.
    pub member: String,
    pub name: String,
    pub bloc: Option<u32>,
    pub kind: SwingKind,
    /// The member's place in the ranked list of [`SwingReport::summary`] (1 = first).
    pub rank: usize,
    pub count: Option<usize>,
    pub total: Option<usize>,
    pub share: Option<f64>,
    pub nearest_bloc: Option<u32>,
    pub ratio: Option<f64>,
    /// The reason in words, as [`SwingSummary::reasons`] gives it for this kind.
    pub reason: String,
}

/// One row of `split_votes.csv`: a separately voted part on which a split member voted
/// differently from its vote on the whole text, or was absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitRow {
    /// Member code.
    pub member: String,
    pub name: String,
    pub bloc: Option<u32>,
    /// Id of the motion on the whole text.
    pub whole: String,
    /// Document symbol of the text (empty when unknown).
    pub document: String,
    /// Id of the motion on the part.
    pub motion: String,
    pub part: crate::model::Part,
    pub whole_vote: Vote,
    /// The member's vote on the part.
    pub vote: Vote,
}

/// One row of `defections.csv`: a motion on which a flagged defector voted against the
/// majority of its group (its bloc, or its caucus in a legislature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefectionRow {
    /// Member code.
    pub member: String,
    pub name: String,
    pub bloc: Option<u32>,
    /// The caucus defection was measured against (legislatures), else `None` (the bloc).
    pub caucus: Option<String>,
    /// Motion id.
    pub motion: String,
    /// The member's vote.
    pub vote: Vote,
    /// The majority vote of its group on the motion.
    pub majority: Option<Vote>,
}

/// One swing member for the terminal summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwingSummary {
    /// Index of the member in [`Dataset::members`].
    pub member: usize,
    pub bloc: Option<u32>,
    /// The kinds that make it a swing member, in [`SwingKind`] order.
    pub kinds: Vec<SwingKind>,
    /// One reason per kind, same order: "abstained on PP15, PP17; yes on whole", "votes
    /// against its bloc on 23 % of motions", "between bloc 1 and bloc 3 (0.97)", "placed with
    /// its bloc in 62 % of runs".
    pub reasons: Vec<String>,
}

impl SwingSummary {
    /// The reasons on one line, separated by ` | `.
    pub fn line(&self) -> String {
        self.reasons.join(" | ")
    }
}

/// Runs every swing analysis: split votes, defection, bridging, instability and pivots.
///
/// Takes the dataset, one bloc number per member in member order (1 = largest bloc, 0 = no
/// bloc), the members × members similarity (NaN = undefined; dense, or read by rows, see
/// [`SimilarityRows`]), the per-member stability from consensus runs when there is one, and the
/// parameters (validated first).
///
/// The result is deterministic: every list is in member or motion order.
///
/// References: Banzhaf (1965) for pivots, Hix, Noury & Roland (2007) for defection, Rousseeuw
/// (1987) for the bridge ratio; see each function.
///
/// # Complexity
///
/// O(V + M log M + P·n + M·k + n²) for V votes, M motions, P part motions, n members and k blocs.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::swing::{SwingKind, SwingParams, analyze};
/// let mut b = DatasetBuilder::new("example");
/// let m = b.motion(Motion::new("1"));
/// for (code, vote) in [("A", Vote::Yes), ("B", Vote::Yes), ("C", Vote::No)] {
///     let member = b.member(Member::new(code, code));
///     b.push(m, member, vote, None, 0).unwrap();
/// }
/// let data = b.finish().unwrap();
/// let similarity = Array2::from_elem((3, 3), 1.0);
/// let report = analyze(&data, &[1, 1, 1], similarity.view(), None, &SwingParams::default())
///     .unwrap();
/// let rows = report.rows(&data);
/// assert_eq!(rows[0].kind, SwingKind::Defection);
/// assert_eq!(rows[0].member, "C");
/// ```
pub fn analyze<P>(
    data: &Dataset,
    blocs: &[u32],
    similarity: impl SimilarityRows,
    stability: Option<&[f64]>,
    params: &P,
) -> Result<SwingReport, SwingError>
where
    P: ParamGuard<Checked = SwingValidParams, Error = SwingError>,
{
    let params = params.check_ref()?;
    check_blocs(data, blocs)?;
    let bridges = bridges(data, blocs, similarity)?;
    analyze_with_bridges(data, blocs, bridges, stability, params)
}

/// [`analyze`] with the bridges computed beforehand: by [`bridges`], or member by member by
/// [`bridge_from_row`](super::bridge_from_row) in a pass over the similarity's rows that
/// computes other things too (the analysis computes the silhouette in the same pass).
///
/// # Errors
///
/// As [`analyze`]; also [`SwingError::Bridges`] when `bridges` are not one per member in
/// member order.
///
/// # Complexity
///
/// As [`analyze`], without the O(n²) of the bridges.
pub fn analyze_with_bridges<P>(
    data: &Dataset,
    blocs: &[u32],
    bridges: Vec<Bridge>,
    stability: Option<&[f64]>,
    params: &P,
) -> Result<SwingReport, SwingError>
where
    P: ParamGuard<Checked = SwingValidParams, Error = SwingError>,
{
    let params = params.check_ref()?;
    let caucuses = caucuses(data);
    let defections = match &caucuses {
        Some(c) => {
            check_blocs(data, blocs)?;
            party_unity_defections(data, c)
        }
        None => defections(data, blocs)?,
    };
    let members = data.members.len();
    let misplaced = bridges
        .iter()
        .enumerate()
        .position(|(position, bridge)| bridge.member != position)
        .or((bridges.len() != members).then(|| bridges.len().min(members)));
    if let Some(position) = misplaced {
        return Err(SwingError::Bridges {
            expected: members,
            found: bridges.len(),
            position,
        });
    }
    let rates: Vec<(usize, u32, f64)> = defections
        .iter()
        .filter_map(|d| Some((d.member, d.bloc, d.share()?)))
        .collect();
    let (floor, factor) = (params.defection_threshold, params.defection_median_factor);
    let defection_flags = flag_outliers(&rates, params.outlier_mads, |rate, median| {
        rate >= floor && rate >= factor * median
    });
    let ratios: Vec<(usize, u32, f64)> = bridges
        .iter()
        .filter_map(|b| Some((b.member, b.bloc, b.ratio?)))
        .collect();
    let gap = params.bridge_gap;
    let ratios = if data.motions.len() >= params.bridge_min_motions {
        ratios
    } else {
        Vec::new()
    };
    let bridge_flags = flag_outliers(&ratios, params.outlier_mads, |ratio, median| {
        median < 1.0 && (ratio - median) / (1.0 - median) >= gap
    });
    let unstable = match stability {
        Some(values) => unstable_members(data, blocs, values, params.stability_threshold)?,
        None => Vec::new(),
    };
    Ok(SwingReport {
        splits: split_votes(data),
        defections,
        caucuses,
        defection_flags,
        bridges,
        bridge_flags,
        unstable,
        pivots: pivots(data, params),
        blocs: blocs.to_vec(),
        params: SwingParams::clone(params),
    })
}

impl SwingReport {
    /// Members flagged for defection ([`SwingReport::defection_flags`]), member order.
    pub fn defectors(&self) -> impl Iterator<Item = &Defection> {
        self.defection_flags
            .iter()
            .filter_map(|f| self.defections.get(f.member))
    }

    /// Members flagged as between blocs ([`SwingReport::bridge_flags`]), member order.
    pub fn between_blocs(&self) -> impl Iterator<Item = &Bridge> {
        self.bridge_flags
            .iter()
            .filter_map(|f| self.bridges.get(f.member))
    }

    /// The name of caucus `caucus` (1 or 2) when defection was measured by caucus.
    pub fn caucus_name(&self, caucus: u32) -> Option<&str> {
        let c = self.caucuses.as_ref()?;
        c.names
            .get(caucus.checked_sub(1)? as usize)
            .map(String::as_str)
    }

    fn bloc_of(&self, member: usize) -> Option<u32> {
        self.blocs.get(member).copied().filter(|&b| b > 0)
    }

    /// The rows of `swing.csv`: one per flagged member and criterion, ordered by the member's
    /// rank in [`SwingReport::summary`], then by kind (split, defection, bridge, unstable).
    /// `data` must be the dataset analysed.
    ///
    /// # Complexity
    ///
    /// O(n + V) (the texts voted in parts are counted from their votes).
    pub fn rows(&self, data: &Dataset) -> Vec<SwingRow> {
        let summary = self.summary(data);
        let texts = texts_voted_in_parts(data);
        let mut splits_of = vec![0usize; data.members.len()];
        for split in &self.splits.splits {
            if let Some(count) = splits_of.get_mut(split.member) {
                *count += 1;
            }
        }
        let mut rows = Vec::new();
        for (rank, entry) in summary.iter().enumerate() {
            let Some(who) = data.members.get(entry.member) else {
                continue;
            };
            for (kind, reason) in entry.kinds.iter().zip(&entry.reasons) {
                let mut row = SwingRow {
                    member: who.code.clone(),
                    name: who.name.clone(),
                    bloc: entry.bloc,
                    kind: *kind,
                    rank: rank + 1,
                    count: None,
                    total: None,
                    share: None,
                    nearest_bloc: None,
                    ratio: None,
                    reason: reason.clone(),
                };
                self.fill_measures(&mut row, entry.member, (&splits_of, &texts));
                rows.push(row);
            }
        }
        rows
    }

    /// Sets the figures of `row` (member `member`) for its kind; `split` holds each member's
    /// number of split texts and of texts voted in parts on whose whole it cast a vote.
    fn fill_measures(&self, row: &mut SwingRow, member: usize, split: (&[usize], &[usize])) {
        let share = |count: usize, total: usize| (total > 0).then(|| count as f64 / total as f64);
        match row.kind {
            SwingKind::Split => {
                let (count, total) = (split.0[member], split.1[member]);
                (row.count, row.total) = (Some(count), Some(total));
                row.share = share(count, total);
            }
            SwingKind::Defection => {
                if let Some(d) = self.defections.get(member) {
                    (row.count, row.total) = (Some(d.motions.len()), Some(d.counted));
                    row.share = d.share();
                }
            }
            SwingKind::Bridge => {
                if let Some(b) = self.bridges.get(member) {
                    (row.nearest_bloc, row.ratio) = (b.nearest_bloc, b.ratio);
                }
            }
            SwingKind::Unstable => {
                row.share = self
                    .unstable
                    .iter()
                    .find(|u| u.member == member)
                    .map(|u| u.stability);
            }
        }
    }

    /// The rows of `split_votes.csv`: for every split member and text, the parts on which it
    /// cast another vote than on the whole or was absent; by text (dataset order), member
    /// code, then part (preambular paragraphs, operative paragraphs, amendments).
    ///
    /// # Complexity
    ///
    /// O(rows).
    pub fn split_rows(&self, data: &Dataset) -> Vec<SplitRow> {
        let id = |motion: usize| data.motions.get(motion).map_or("", |m| m.id.as_str());
        let mut rows = Vec::new();
        for split in &self.splits.splits {
            let Some(who) = data.members.get(split.member) else {
                continue;
            };
            let document = data
                .motions
                .get(split.whole)
                .and_then(|m| m.document.clone())
                .unwrap_or_default();
            for part in &split.parts {
                rows.push(SplitRow {
                    member: who.code.clone(),
                    name: who.name.clone(),
                    bloc: self.bloc_of(split.member),
                    whole: id(split.whole).to_string(),
                    document: document.clone(),
                    motion: id(part.motion).to_string(),
                    part: part.part.clone(),
                    whole_vote: split.whole_vote,
                    vote: part.vote,
                });
            }
        }
        rows
    }

    /// The rows of `defections.csv`: for every member flagged for defection, the motions on
    /// which it voted against its group's majority (dataset order), members in code order.
    /// The group is its caucus in a legislature ([`SwingReport::caucuses`]), else its bloc;
    /// its majority is [`bloc_majority`](super::bloc_majority) of the group's cast votes
    /// (yes and no only for a caucus, as party-unity votes count them).
    ///
    /// # Complexity
    ///
    /// O(Σ votes on the motions listed).
    pub fn defection_rows(&self, data: &Dataset) -> Vec<DefectionRow> {
        let mut rows = Vec::new();
        for d in self.defectors() {
            let Some(who) = data.members.get(d.member) else {
                continue;
            };
            let (groups, caucus) = match &self.caucuses {
                Some(c) => (c.of_member.as_slice(), self.caucus_name(d.bloc)),
                None => (self.blocs.as_slice(), None),
            };
            for &motion in &d.motions {
                let on = data.votes_on(motion);
                let mut counts = [0usize; 3];
                let mut vote = None;
                for r in on {
                    if r.member as usize == d.member {
                        vote = Some(r.vote);
                    }
                    let slot = match r.vote {
                        Vote::Yes => 0,
                        Vote::No => 1,
                        Vote::Abstain if self.caucuses.is_none() => 2,
                        _ => continue,
                    };
                    if groups.get(r.member as usize) == Some(&d.bloc) {
                        counts[slot] += 1;
                    }
                }
                let (Some(vote), Some(m)) = (vote, data.motions.get(motion)) else {
                    continue;
                };
                rows.push(DefectionRow {
                    member: who.code.clone(),
                    name: who.name.clone(),
                    bloc: self.bloc_of(d.member),
                    caucus: caucus.map(str::to_string),
                    motion: m.id.clone(),
                    vote,
                    majority: super::bloc_majority(counts),
                });
            }
        }
        rows
    }

    /// The narrow motions ([`SwingReport::pivots`]) in the compact form of
    /// [`narrow_vote`](super::narrow_vote): the group a member crossed is its caucus in a
    /// legislature, else its bloc. Same order as the pivots.
    ///
    /// # Complexity
    ///
    /// O(Σ votes on the narrow motions).
    pub fn narrow_votes(&self, data: &Dataset) -> Vec<super::NarrowVote> {
        let groups = match &self.caucuses {
            Some(c) => c.of_member.as_slice(),
            None => self.blocs.as_slice(),
        };
        self.pivots
            .iter()
            .map(|p| super::narrow_vote(p, data, groups))
            .collect()
    }

    /// One entry per swing member, ranked (split voters first in member order, then by number
    /// of criteria and by how far beyond the cut-off the member is), with a one-line reason
    /// per kind. A member
    /// split on several texts gets "split votes on N texts; on DOC: pattern" for the first of
    /// them (dataset order), DOC being the document symbol or else the motion id.
    ///
    /// # Complexity
    ///
    /// O(n + splits).
    pub fn summary(&self, data: &Dataset) -> Vec<SwingSummary> {
        let n = data.members.len();
        let mut kinds: Vec<Reasons> = vec![Vec::new(); n];
        self.push_split_reasons(data, &mut kinds);
        let mut severity = vec![0.0f64; n];
        self.push_flagged_reasons(&mut kinds, &mut severity);
        for u in &self.unstable {
            if let Some(list) = kinds.get_mut(u.member) {
                list.push((
                    SwingKind::Unstable,
                    format!(
                        "placed with its bloc in {:.0} % of runs",
                        u.stability * 100.0
                    ),
                ));
            }
        }
        let mut found: Vec<SwingSummary> = kinds
            .into_iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(member, list)| SwingSummary {
                member,
                bloc: self.bloc_of(member),
                kinds: list.iter().map(|(k, _)| *k).collect(),
                reasons: list.into_iter().map(|(_, r)| r).collect(),
            })
            .collect();
        rank(&mut found, &severity);
        found
    }

    /// Adds the reason of every member who split their votes: the pattern of the split, or
    /// the number of texts and the pattern on the first (dataset order).
    fn push_split_reasons(&self, data: &Dataset, kinds: &mut [Reasons]) {
        let n = kinds.len();
        let mut splits_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, split) in self.splits.splits.iter().enumerate() {
            if let Some(list) = splits_of.get_mut(split.member) {
                list.push(i);
            }
        }
        for (member, list) in splits_of.iter().enumerate() {
            let Some(&first) = list.first() else {
                continue;
            };
            let split = &self.splits.splits[first];
            let reason = if list.len() == 1 {
                split.pattern()
            } else {
                let text = data
                    .motions
                    .get(split.whole)
                    .map_or("", |m| m.document.as_deref().unwrap_or(m.id.as_str()));
                format!(
                    "split votes on {} texts; on {text}: {}",
                    list.len(),
                    split.pattern()
                )
            };
            kinds[member].push((SwingKind::Split, reason));
        }
    }

    /// Adds the reasons of the flagged defectors and members between blocs, and how far
    /// beyond its cut-off each member is (the largest over its flags) to `severity`.
    fn push_flagged_reasons(&self, kinds: &mut [Reasons], severity: &mut [f64]) {
        for (d, flag) in self.defectors().zip(&self.defection_flags) {
            if let (Some(list), Some(share)) = (kinds.get_mut(d.member), d.share()) {
                let reason = match self.caucus_name(d.bloc) {
                    Some(caucus) => format!(
                        "votes against the {caucus} majority on {:.0} % of {} party-unity votes (caucus median {:.0} %)",
                        share * 100.0,
                        d.counted,
                        flag.median * 100.0
                    ),
                    None => format!(
                        "votes against its bloc on {:.0} % of motions",
                        share * 100.0
                    ),
                };
                list.push((SwingKind::Defection, reason));
                severity[d.member] = severity[d.member].max(flag.severity());
            }
        }
        for (b, flag) in self.between_blocs().zip(&self.bridge_flags) {
            if let (Some(list), Some(nearest), Some(ratio)) =
                (kinds.get_mut(b.member), b.nearest_bloc, b.ratio)
            {
                list.push((
                    SwingKind::Bridge,
                    format!(
                        "between bloc {} and bloc {nearest} ({ratio:.2}; bloc median {:.2})",
                        b.bloc, flag.median
                    ),
                ));
                severity[b.member] = severity[b.member].max(flag.severity());
            }
        }
    }
}

/// For each member (member order), the texts voted in parts (motions on a whole text that a
/// separately voted part links to) on whose whole it cast a vote.
fn texts_voted_in_parts(data: &Dataset) -> Vec<usize> {
    let mut whole = vec![false; data.motions.len()];
    for motion in &data.motions {
        if let Some(index) = motion.whole.as_deref().and_then(|id| data.motion_index(id)) {
            whole[index] = true;
        }
    }
    let mut texts = vec![0usize; data.members.len()];
    for (motion, on) in data.votes_by_motion() {
        if whole[motion] {
            for r in on.iter().filter(|r| r.vote.is_cast()) {
                texts[r.member as usize] += 1;
            }
        }
    }
    texts
}

/// The kinds of swing of one member, each with its one-line reason.
type Reasons = Vec<(SwingKind, String)>;

/// Ranks the summaries: split voters first (member order, as they always were listed), then
/// by the number of criteria, then by how far out the member is, then member order.
fn rank(found: &mut [SwingSummary], severity: &[f64]) {
    found.sort_by(|a, b| {
        let split = |s: &SwingSummary| !s.kinds.contains(&SwingKind::Split);
        split(a)
            .cmp(&split(b))
            .then_with(|| {
                if split(a) {
                    b.kinds
                        .len()
                        .cmp(&a.kinds.len())
                        .then(severity[b.member].total_cmp(&severity[a.member]))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then(a.member.cmp(&b.member))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatasetBuilder, Member, Motion, Part};
    use Vote::{Abstain as A, No as N, Yes as Y};
    use ndarray::array;

    /// A row's fields, as swing.csv writes them.
    fn record(row: &SwingRow) -> [String; 11] {
        let number = |v: Option<f64>| crate::format::format_float(v);
        let integer = |v: Option<usize>| v.map(|n| n.to_string()).unwrap_or_default();
        [
            row.member.clone(),
            row.name.clone(),
            row.bloc.map(|b| b.to_string()).unwrap_or_default(),
            row.kind.as_str().to_string(),
            row.rank.to_string(),
            integer(row.count),
            integer(row.total),
            number(row.share),
            row.nearest_bloc.map(|b| b.to_string()).unwrap_or_default(),
            number(row.ratio),
            row.reason.clone(),
        ]
    }

    /// Members A–E; motions: L (whole), L:pp1 (part of L), m2, m3, m4.
    fn dataset() -> Dataset {
        let mut b = DatasetBuilder::new("test");
        let motions = [
            b.motion(Motion {
                part: Part::Whole,
                document: Some("L".into()),
                ..Motion::new("L")
            }),
            b.motion(Motion {
                part: Part::Preambular(1),
                whole: Some("L".into()),
                ..Motion::new("L:pp1")
            }),
            b.motion(Motion::new("m2")),
            b.motion(Motion::new("m3")),
            b.motion(Motion::new("m4")),
        ];
        let votes: [(&str, [Vote; 5]); 5] = [
            ("A", [Y, A, Y, Y, Y]),
            ("B", [Y, Y, Y, Y, Y]),
            ("C", [Y, Y, N, N, Y]),
            ("D", [N, N, N, N, N]),
            ("E", [N, N, N, Y, N]),
        ];
        for (code, row) in votes {
            let member = b.member(Member::new(code, format!("Member {code}")));
            for (motion, vote) in motions.iter().zip(row) {
                b.push(*motion, member, vote, None, 0).unwrap();
            }
        }
        b.finish().unwrap()
    }

    fn similarity() -> ndarray::Array2<f64> {
        array![
            [1.0, 0.9, 0.6, 0.1, 0.3],
            [0.9, 1.0, 0.6, 0.0, 0.2],
            [0.6, 0.6, 1.0, 0.6, 0.6],
            [0.1, 0.0, 0.6, 1.0, 0.8],
            [0.3, 0.2, 0.6, 0.8, 1.0],
        ]
    }

    /// The report of the five members: blocs {A, B, C} and {D, E}, C placed with its bloc in
    /// 62 % of runs, no spread allowance and bridging judged on five motions, so that the
    /// figures of this small example decide alone.
    ///
    /// Bloc 1 (A, B, C) majorities: L yes, pp1 yes, m2 yes (2–1), m3 yes, m4 yes. C defects on
    /// m2, m3 (2 of 5); A on pp1 (1 of 5). Bloc 2 (D, E) ties on m3: D and E count 4 motions
    /// and defect on none. C's bridge: own (0.6 + 0.6) / 2 = 0.6, bloc 2 = 0.6: ratio 1. Bloc
    /// 1's median defection is A's 0.2: C (0.4, twice the median) is flagged, A (not above the
    /// median) is not. Bloc 1's bridge ratios: A 0.27, B 0.13, C 1. A split on the one text
    /// voted in parts (L), on whose whole it voted.
    fn example() -> (Dataset, SwingReport) {
        let data = dataset();
        let report = analyze(
            &data,
            &[1, 1, 1, 2, 2],
            similarity().view(),
            Some(&[1.0, 1.0, 0.62, 0.9, 0.85]),
            &SwingParams {
                outlier_mads: 0.0,
                bridge_min_motions: 1,
                ..SwingParams::default()
            },
        )
        .unwrap();
        (data, report)
    }

    #[test]
    fn rows_are_one_per_member_and_criterion_in_rank_order_with_exact_figures() {
        let (data, report) = example();
        let rows: Vec<[String; 11]> = report.rows(&data).iter().map(record).collect();
        // The fields of swing.csv, separated by `|`.
        let s = |fields: &str| -> [String; 11] {
            let fields: Vec<String> = fields.split('|').map(str::to_string).collect();
            fields.try_into().unwrap()
        };
        assert_eq!(
            rows,
            vec![
                s("A|Member A|1|split|1|1|1|1|||abstained on PP1; yes on whole"),
                s("C|Member C|1|defection|2|2|5|0.4|||votes against its bloc on 40 % of motions"),
                s(concat!(
                    "C|Member C|1|bridge|2||||2|1|",
                    "between bloc 1 and bloc 2 (1.00; bloc median 0.27)"
                )),
                s("C|Member C|1|unstable|2|||0.62|||placed with its bloc in 62 % of runs"),
            ]
        );
    }

    #[test]
    fn the_one_split_row_is_a_abstaining_on_the_preamble_of_l() {
        let (data, report) = example();
        let split = report.split_rows(&data);
        assert_eq!(split.len(), 1);
        assert_eq!(
            (
                split[0].whole.as_str(),
                split[0].motion.as_str(),
                split[0].vote
            ),
            ("L", "L:pp1", Vote::Abstain)
        );
        assert_eq!(split[0].part, Part::Preambular(1));
    }

    #[test]
    fn the_defection_rows_are_cs_two_votes_against_its_bloc() {
        let (data, report) = example();
        let defections: Vec<(String, String, Vote, Option<Vote>)> = report
            .defection_rows(&data)
            .into_iter()
            .map(|r| (r.member, r.motion, r.vote, r.majority))
            .collect();
        assert_eq!(
            defections,
            vec![
                ("C".into(), "m2".into(), Vote::No, Some(Vote::Yes)),
                ("C".into(), "m3".into(), Vote::No, Some(Vote::Yes)),
            ]
        );
    }

    #[test]
    fn the_summary_has_a_line_per_flagged_member_and_every_motion_a_pivot() {
        let (data, report) = example();
        let lines: Vec<(String, String)> = report
            .summary(&data)
            .iter()
            .map(|s| (data.members[s.member].code.clone(), s.line()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    "A".to_string(),
                    "abstained on PP1; yes on whole".to_string()
                ),
                (
                    "C".to_string(),
                    concat!(
                        "votes against its bloc on 40 % of motions | between bloc 1 and bloc 2 ",
                        "(1.00; bloc median 0.27) | placed with its bloc in 62 % of runs"
                    )
                    .to_string()
                ),
            ]
        );
        assert_eq!(report.pivots.len(), 5);
    }

    #[test]
    fn mismatched_inputs_are_errors() {
        let data = dataset();
        let params = SwingParams::default();
        let s = similarity();
        let result = analyze(&data, &[1, 1, 1, 2, 2], s.view(), Some(&[1.0]), &params);
        assert!(matches!(
            result,
            Err(SwingError::StabilityLength {
                expected: 5,
                found: 1
            })
        ));
        let result = analyze(
            &data,
            &[1, 1, 1, 2, 2],
            s.view(),
            Some(&[1.0, 1.0, 1.2, 1.0, 1.0]),
            &params,
        );
        let text = result.unwrap_err().to_string();
        assert!(text.contains("member C"), "{text}");
        let bad = params.clone().bridge_gap(-1.0);
        assert!(analyze(&data, &[1, 1, 1, 2, 2], s.view(), None, &bad).is_err());
        let nan_ok = analyze(
            &data,
            &[1, 1, 1, 2, 2],
            s.view(),
            Some(&[f64::NAN; 5]),
            &params,
        )
        .unwrap();
        assert!(nan_ok.unstable.is_empty());
    }

    #[test]
    fn bridges_computed_beforehand_give_the_same_report_and_are_checked() {
        let data = dataset();
        let blocs = [1, 1, 1, 2, 2];
        let params = SwingParams {
            outlier_mads: 0.0,
            bridge_min_motions: 1,
            ..SwingParams::default()
        };
        let stability = [1.0, 1.0, 0.62, 0.9, 0.85];
        let report = analyze(
            &data,
            &blocs,
            similarity().view(),
            Some(&stability),
            &params,
        );
        let bridges = super::bridges(&data, &blocs, similarity().view()).unwrap();
        let with_bridges =
            analyze_with_bridges(&data, &blocs, bridges.clone(), Some(&stability), &params);
        assert_eq!(report.unwrap(), with_bridges.unwrap());
        let mut swapped = bridges.clone();
        swapped.swap(1, 2);
        assert_eq!(
            analyze_with_bridges(&data, &blocs, swapped, None, &params).unwrap_err(),
            SwingError::Bridges {
                expected: 5,
                found: 5,
                position: 1
            }
        );
        assert_eq!(
            analyze_with_bridges(&data, &blocs, bridges[..4].to_vec(), None, &params).unwrap_err(),
            SwingError::Bridges {
                expected: 5,
                found: 4,
                position: 4
            }
        );
    }
}
