//! The validated collection of members, motions and votes that every later stage reads, one
//! file per responsibility: the records it holds (`records`), its errors (`error`), the
//! queries, subsets and merges (here), the builder (`builder`), the parallel counting sort
//! (`sort`), the report of conflicting votes (`conflict`), the check of every id, name and
//! title (`validate`) and the natural order of ids (`natural`).

mod builder;
mod conflict;
mod error;
mod natural;
mod records;
mod sort;
mod validate;

pub use builder::DatasetBuilder;
use conflict::*;
pub use error::DatasetError;
pub use natural::natural_cmp;
pub use records::{IngestStats, Note, SourceCode, VoteRecord};
use sort::*;
use validate::*;

use super::{Member, Motion, Vote};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// Members, motions and votes, in canonical order.
///
/// Guarantees (established by [`DatasetBuilder::finish`]): members are sorted by code, motions
/// by id in natural order (`"9"` before `"10"`), votes by (motion, member) with at most one vote
/// per pair. Nothing therefore depends on the order of the input rows.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub members: Vec<Member>,
    pub motions: Vec<Motion>,
    pub votes: Vec<VoteRecord>,
    pub notes: Vec<Note>,
    /// The sources' own vote codes referenced by [`VoteRecord::source_code`].
    pub source_codes: Vec<String>,
    pub stats: IngestStats,
    /// Files this dataset was read from.
    pub sources: Vec<PathBuf>,
}

impl Dataset {
    /// Index of the member with this code (binary search: O(log n)).
    pub fn member_index(&self, code: &str) -> Option<usize> {
        self.members
            .binary_search_by(|m| m.code.as_str().cmp(code))
            .ok()
    }

    /// Index of the motion with this id (binary search: O(log m)).
    pub fn motion_index(&self, id: &str) -> Option<usize> {
        self.motions
            .binary_search_by(|m| natural_cmp(&m.id, id))
            .ok()
    }

    /// The votes on motion `motion` (a contiguous slice, sorted by member).
    pub fn votes_on(&self, motion: usize) -> &[VoteRecord] {
        let start = self.votes.partition_point(|v| (v.motion as usize) < motion);
        let end = self
            .votes
            .partition_point(|v| (v.motion as usize) <= motion);
        &self.votes[start..end]
    }

    /// Every motion that has votes, with its votes (as [`Dataset::votes_on`] gives them), in
    /// motion order. One sequential pass, O(V): for a loop over all motions, where calling
    /// `votes_on` for each would cost two binary searches over every vote per motion.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// let mut b = DatasetBuilder::new("x");
    /// let (m1, m2, m3) = (b.motion(Motion::new("1")), b.motion(Motion::new("2")), b.motion(Motion::new("3")));
    /// let a = b.member(Member::new("A", "A"));
    /// b.push(m1, a, Vote::Yes, None, 0).unwrap();
    /// b.push(m3, a, Vote::No, None, 0).unwrap();
    /// let data = b.finish().unwrap();
    /// let motions: Vec<usize> = data.votes_by_motion().map(|(motion, _)| motion).collect();
    /// assert_eq!(motions, vec![0, 2]);
    /// ```
    pub fn votes_by_motion(&self) -> impl Iterator<Item = (usize, &[VoteRecord])> + '_ {
        self.votes
            .chunk_by(|a, b| a.motion == b.motion)
            .map(|votes| (votes[0].motion as usize, votes))
    }

    /// The motions flagged in `keep_motions` (by motion index; missing entries count as not
    /// kept), each with its votes (as [`Dataset::votes_on`] gives them, possibly empty), in
    /// motion order.
    ///
    /// Each motion's votes are searched for from where the previous kept motion's end, by
    /// galloping (doubling steps, then a binary search): O(log d) for a gap of d votes. A
    /// period's motions, which follow each other, cost a few probes each in memory just read,
    /// where [`Dataset::votes_on`] would cost two binary searches over every vote.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// let mut b = DatasetBuilder::new("x");
    /// let (m1, m2, m3) = (b.motion(Motion::new("1")), b.motion(Motion::new("2")), b.motion(Motion::new("3")));
    /// let (a, z) = (b.member(Member::new("A", "A")), b.member(Member::new("Z", "Z")));
    /// b.push(m1, a, Vote::Yes, None, 0).unwrap();
    /// b.push(m3, a, Vote::No, None, 0).unwrap();
    /// b.push(m3, z, Vote::Yes, None, 0).unwrap();
    /// let data = b.finish().unwrap();
    /// let runs: Vec<(usize, usize)> =
    ///     data.votes_on_each(&[false, true, true]).map(|(m, votes)| (m, votes.len())).collect();
    /// assert_eq!(runs, vec![(1, 0), (2, 2)]);
    /// ```
    pub fn votes_on_each<'a>(
        &'a self,
        keep_motions: &'a [bool],
    ) -> impl Iterator<Item = (usize, &'a [VoteRecord])> + 'a {
        let mut from = 0usize;
        keep_motions
            .iter()
            .enumerate()
            .filter(|(_, keep)| **keep)
            .map(move |(motion, _)| {
                let start = first_vote_at_or_after(&self.votes, from, motion);
                let end = first_vote_at_or_after(&self.votes, start, motion + 1);
                from = end;
                (motion, &self.votes[start..end])
            })
    }

    /// The vote of `member` on `motion`, if recorded.
    pub fn vote(&self, motion: usize, member: usize) -> Option<Vote> {
        let on = self.votes_on(motion);
        on.binary_search_by(|v| (v.member as usize).cmp(&member))
            .ok()
            .map(|i| on[i].vote)
    }

    /// The source's own code for a vote record, if kept.
    pub fn source_code(&self, record: &VoteRecord) -> Option<&str> {
        record
            .source_code
            .and_then(|code| self.source_codes.get(code.index()))
            .map(String::as_str)
    }

    /// Counts of each vote value over all records, in [`Vote::ALL`] order.
    pub fn vote_counts(&self) -> [usize; 5] {
        let mut counts = [0usize; 5];
        for record in &self.votes {
            counts[vote_slot(record.vote)] += 1;
        }
        counts
    }

    /// The dataset restricted to the motions and members whose flag is true (flags in
    /// [`Dataset::motions`] and [`Dataset::members`] order). Canonical order is kept; notes on
    /// removed motions or members are dropped.
    ///
    /// # Complexity
    ///
    /// O(V' + M log V + N) for V' votes kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// let mut b = DatasetBuilder::new("x");
    /// let m1 = b.motion(Motion::new("1"));
    /// let m2 = b.motion(Motion::new("2"));
    /// let a = b.member(Member::new("A", "A"));
    /// b.push(m1, a, Vote::Yes, None, 0).unwrap();
    /// b.push(m2, a, Vote::No, None, 0).unwrap();
    /// let data = b.finish().unwrap().subset(&[false, true], &[true]);
    /// assert_eq!(data.motions[0].id, "2");
    /// assert_eq!(data.vote(0, 0), Some(Vote::No));
    /// ```
    pub fn subset(&self, keep_motions: &[bool], keep_members: &[bool]) -> Dataset {
        let remap = |keep: &[bool], len: usize| -> Vec<Option<u32>> {
            let mut next = 0u32;
            (0..len)
                .map(|i| {
                    if keep.get(i).copied().unwrap_or(false) {
                        next += 1;
                        Some(next - 1)
                    } else {
                        None
                    }
                })
                .collect()
        };
        let motion_map = remap(keep_motions, self.motions.len());
        let member_map = remap(keep_members, self.members.len());
        // Votes are grouped by motion: the kept motions' runs are found by binary search, so
        // that one period of a long history costs its own votes, not every vote.
        let mut votes = Vec::new();
        for (motion, on) in self.votes_on_each(keep_motions) {
            let Some(&Some(new_motion)) = motion_map.get(motion) else {
                continue;
            };
            votes.extend(on.iter().filter_map(|v| {
                Some(VoteRecord {
                    motion: new_motion,
                    member: member_map[v.member as usize]?,
                    ..*v
                })
            }));
        }
        let members: Vec<Member> = self
            .members
            .iter()
            .zip(&member_map)
            .filter(|(_, k)| k.is_some())
            .map(|(m, _)| m.clone())
            .collect();
        let motions: Vec<Motion> = self
            .motions
            .iter()
            .zip(&motion_map)
            .filter(|(_, k)| k.is_some())
            .map(|(m, _)| m.clone())
            .collect();
        let kept_member = |code: &str| {
            members
                .binary_search_by(|m| m.code.as_str().cmp(code))
                .is_ok()
        };
        let kept_motion = |id: &Option<String>| {
            id.as_ref()
                .is_none_or(|id| motions.binary_search_by(|m| natural_cmp(&m.id, id)).is_ok())
        };
        let notes = self
            .notes
            .iter()
            .filter(|n| kept_member(&n.member) && kept_motion(&n.motion))
            .cloned()
            .collect();
        Dataset {
            members,
            motions,
            votes,
            notes,
            source_codes: self.source_codes.clone(),
            stats: self.stats.clone(),
            sources: self.sources.clone(),
        }
    }

    /// Number of cast votes (yes, no, abstain) of each member, in member order.
    ///
    /// # Complexity
    ///
    /// O(V).
    pub fn cast_counts(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.members.len()];
        count_casts(&self.votes, &mut counts);
        counts
    }

    /// As [`Dataset::cast_counts`], on the motions `keep_motions` (by motion index; missing entries
    /// count as not kept) only.
    ///
    /// # Complexity
    ///
    /// O(M + votes of the kept motions + kept motions · log V).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// let mut b = DatasetBuilder::new("x");
    /// let m1 = b.motion(Motion::new("1"));
    /// let m2 = b.motion(Motion::new("2"));
    /// let a = b.member(Member::new("A", "A"));
    /// let z = b.member(Member::new("Z", "Z"));
    /// b.push(m1, a, Vote::Yes, None, 0).unwrap();
    /// b.push(m2, a, Vote::Absent, None, 0).unwrap();
    /// b.push(m2, z, Vote::No, None, 0).unwrap();
    /// let data = b.finish().unwrap();
    /// assert_eq!(data.cast_counts(), vec![1, 1]);
    /// assert_eq!(data.cast_counts_on(&[false, true]), vec![0, 1]);
    /// assert_eq!(data.cast_counts_on(&[true]), vec![1, 0]);
    /// ```
    pub fn cast_counts_on(&self, keep_motions: &[bool]) -> Vec<usize> {
        let mut counts = vec![0usize; self.members.len()];
        for (_, on) in self.votes_on_each(keep_motions) {
            count_casts(on, &mut counts);
        }
        counts
    }

    /// Merges several datasets (e.g. one per input file) into one, re-validating duplicates across
    /// them.
    ///
    /// # Complexity
    ///
    /// O(V log V) in the total number of votes.
    pub fn merge(datasets: Vec<Dataset>) -> Result<Dataset, DatasetError> {
        let mut datasets = datasets;
        if datasets.len() == 1
            && let Some(only) = datasets.pop()
        {
            return Ok(only);
        }
        let mut builder = DatasetBuilder::new("(merged)");
        let mut origin_of_record: Vec<usize> = Vec::new();
        let mut stats = IngestStats::default();
        let mut notes = Vec::new();
        let mut sources = Vec::new();
        for (file_index, data) in datasets.iter().enumerate() {
            let members: Vec<u32> = data
                .members
                .iter()
                .map(|m| builder.member(m.clone()))
                .collect();
            let motions: Vec<u32> = data
                .motions
                .iter()
                .map(|m| builder.motion(m.clone()))
                .collect();
            for record in &data.votes {
                builder.push(
                    motions[record.motion as usize],
                    members[record.member as usize],
                    record.vote,
                    data.source_code(record),
                    record.line,
                )?;
                origin_of_record.push(file_index);
            }
            stats.absorb(&data.stats);
            notes.extend(data.notes.iter().cloned());
            sources.extend(data.sources.iter().cloned());
        }
        let source_paths: Vec<PathBuf> = datasets
            .iter()
            .map(|d| d.sources.first().cloned().unwrap_or_default())
            .collect();
        let mut merged = builder.finish_with_origins(Some((&origin_of_record, &source_paths)))?;
        let cross_file_duplicates = merged.stats.duplicates;
        merged.stats = stats;
        merged.stats.duplicates += cross_file_duplicates;
        merged.notes = notes;
        merged.sources = sources;
        Ok(merged)
    }
}

fn vote_slot(vote: Vote) -> usize {
    match vote {
        Vote::Yes => 0,
        Vote::No => 1,
        Vote::Abstain => 2,
        Vote::Absent => 3,
        Vote::NotMember => 4,
    }
}

/// The first position at or after `from` whose record is on motion `motion` or a later one
/// (`votes.len()` when none), by galloping from `from`: `votes` is in motion order.
fn first_vote_at_or_after(votes: &[VoteRecord], from: usize, motion: usize) -> usize {
    let before = |at: usize| (votes[at].motion as usize) < motion;
    let (mut low, mut step) = (from, 1usize);
    // Invariant: every record in from..low is before `motion`.
    loop {
        let probe = low.saturating_add(step - 1);
        if probe >= votes.len() || !before(probe) {
            let high = probe.min(votes.len());
            return low + votes[low..high].partition_point(|v| (v.motion as usize) < motion);
        }
        low = probe + 1;
        step = step.saturating_mul(2);
    }
}

fn count_casts(votes: &[VoteRecord], counts: &mut [usize]) {
    for vote in votes {
        if vote.vote.is_cast() {
            counts[vote.member as usize] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_on_each_finds_what_votes_on_finds() {
        // Motions with no vote, runs of one and of several votes, and every kind of mask.
        let mut builder = DatasetBuilder::new("x");
        let motions: Vec<u32> = (0..40)
            .map(|m| builder.motion(Motion::new(m.to_string())))
            .collect();
        let members: Vec<u32> = (0..7)
            .map(|m| builder.member(Member::new(format!("M{m}"), format!("M{m}"))))
            .collect();
        for (index, &motion) in motions.iter().enumerate() {
            for &member in &members[..(index * 5) % 8] {
                builder.push(motion, member, Vote::Yes, None, 0).unwrap();
            }
        }
        let data = builder.finish().unwrap();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for round in 0..200 {
            let keep: Vec<bool> = (0..40 + round % 3)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state.is_multiple_of(1 + round as u64 % 4)
                })
                .collect();
            let found: Vec<(usize, &[VoteRecord])> = data.votes_on_each(&keep).collect();
            let expected: Vec<(usize, &[VoteRecord])> = (0..keep.len())
                .filter(|&m| keep[m])
                .map(|m| (m, data.votes_on(m)))
                .collect();
            assert_eq!(found, expected, "mask {keep:?}");
        }
    }

    #[test]
    fn a_vote_record_takes_sixteen_bytes() {
        assert_eq!(size_of::<VoteRecord>(), 16);
        assert_eq!(size_of::<Option<SourceCode>>(), 2);
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut ids = vec!["10", "9", "rc10", "rc9", "a", "007", "7"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, vec!["007", "7", "9", "10", "a", "rc9", "rc10"]);
    }

    fn two_row_builder(second: Vote) -> DatasetBuilder {
        let mut b = DatasetBuilder::new("t.csv");
        let m = b.motion(Motion::new("1"));
        let a = b.member(Member::new("USA", "United States"));
        b.push(m, a, Vote::Yes, None, 2).unwrap();
        b.push(m, a, second, None, 5).unwrap();
        b
    }

    #[test]
    fn identical_duplicates_are_counted_once() {
        let data = two_row_builder(Vote::Yes).finish().unwrap();
        assert_eq!(data.votes.len(), 1);
        assert_eq!(data.stats.duplicates, 1);
    }

    #[test]
    fn conflicting_duplicates_name_both_lines() {
        let err = two_row_builder(Vote::No).finish().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("t.csv:5"), "{text}");
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains("USA"), "{text}");
    }

    #[test]
    fn order_of_rows_does_not_change_the_dataset() {
        let rows = [
            ("2", "B", Vote::Yes),
            ("10", "A", Vote::No),
            ("2", "A", Vote::Abstain),
        ];
        let build = |order: &[usize]| {
            let mut b = DatasetBuilder::new("x");
            for &i in order {
                let (mo, me, v) = rows[i];
                let mi = b.motion(Motion::new(mo));
                let ni = b.member(Member::new(me, me));
                b.push(mi, ni, v, None, 0).unwrap();
            }
            let d = b.finish().unwrap();
            (
                d.members.iter().map(|m| m.code.clone()).collect::<Vec<_>>(),
                d.motions.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
                d.votes
                    .iter()
                    .map(|v| (v.motion, v.member, v.vote))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(build(&[0, 1, 2]), build(&[2, 1, 0]));
        let (members, motions, _) = build(&[1, 0, 2]);
        assert_eq!(members, vec!["A", "B"]);
        assert_eq!(motions, vec!["2", "10"]);
    }

    #[test]
    fn subset_keeps_canonical_order_and_remaps_indices() {
        let mut b = DatasetBuilder::new("x");
        let ms: Vec<u32> = ["1", "2", "3"]
            .iter()
            .map(|id| b.motion(Motion::new(*id)))
            .collect();
        let ps: Vec<u32> = ["A", "B", "C"]
            .iter()
            .map(|c| b.member(Member::new(*c, *c)))
            .collect();
        for (i, &m) in ms.iter().enumerate() {
            for (j, &p) in ps.iter().enumerate() {
                let vote = if (i + j) % 2 == 0 {
                    Vote::Yes
                } else {
                    Vote::No
                };
                b.push(m, p, vote, None, 0).unwrap();
            }
        }
        let data = b.finish().unwrap();
        let sub = data.subset(&[true, false, true], &[false, true, true]);
        assert_eq!(
            sub.members
                .iter()
                .map(|m| m.code.as_str())
                .collect::<Vec<_>>(),
            ["B", "C"]
        );
        assert_eq!(
            sub.motions
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>(),
            ["1", "3"]
        );
        assert_eq!(sub.votes.len(), 4);
        // motion "3" (i = 2), member "C" (j = 2): (2 + 2) even → yes
        assert_eq!(sub.vote(1, 1), Some(Vote::Yes));
        assert_eq!(sub.vote(1, 0), Some(Vote::No));
        assert_eq!(sub.cast_counts(), vec![2, 2]);
    }

    #[test]
    fn merge_reports_conflicts_across_files() {
        let one = |path: &str, vote| {
            let mut b = DatasetBuilder::new(path);
            let m = b.motion(Motion::new("1"));
            let a = b.member(Member::new("FRA", "France"));
            b.push(m, a, vote, None, 2).unwrap();
            b.finish().unwrap()
        };
        let err = Dataset::merge(vec![one("a.csv", Vote::Yes), one("b.csv", Vote::No)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("a.csv") && err.contains("b.csv"), "{err}");
        let ok = Dataset::merge(vec![one("a.csv", Vote::Yes), one("b.csv", Vote::Yes)]).unwrap();
        assert_eq!(ok.votes.len(), 1);
    }
}
