//! The validated collection of members, motions and votes that every later stage reads.

use super::{Member, Motion, Vote};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// One member's vote on one motion, by index into [`Dataset::members`] and [`Dataset::motions`].
///
/// Sixteen bytes: a dataset holds one per vote (a million for the UNGA history, tens of
/// millions for large roll-call files), and every byte is read and written several times
/// while the input is read and sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteRecord {
    pub motion: u32,
    pub member: u32,
    pub vote: Vote,
    /// The source's own code for this vote, if any (see [`Dataset::source_code`]).
    pub source_code: Option<SourceCode>,
    /// 1-based line of the input the vote came from (0 when not from a line).
    pub line: u32,
}

/// Position of a source vote code in [`Dataset::source_codes`], stored plus one so that an
/// `Option<SourceCode>` takes two bytes. At most 65,535 distinct codes.
///
/// ```
/// use votebloc::model::SourceCode;
/// assert_eq!(SourceCode::new(0).unwrap().index(), 0);
/// assert_eq!(SourceCode::new(65_534).unwrap().index(), 65_534);
/// assert!(SourceCode::new(65_535).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceCode(std::num::NonZeroU16);

impl SourceCode {
    /// The code at `index` of [`Dataset::source_codes`]; `None` from 65,535 on.
    pub fn new(index: usize) -> Option<SourceCode> {
        u16::try_from(index + 1)
            .ok()
            .and_then(std::num::NonZeroU16::new)
            .map(SourceCode)
    }

    /// Its position in [`Dataset::source_codes`].
    pub fn index(self) -> usize {
        usize::from(self.0.get()) - 1
    }
}

impl VoteRecord {
    /// A record to fill buffers with before they are written.
    const PLACEHOLDER: VoteRecord = VoteRecord {
        motion: 0,
        member: 0,
        vote: Vote::Yes,
        source_code: None,
        line: 0,
    };
}

/// "Subsequently, the delegation of X advised the Secretariat that it had intended to vote …":
/// kept beside the record, never changing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The motion the note follows, when it can be placed.
    pub motion: Option<String>,
    /// Member code.
    pub member: String,
    /// The vote the delegation says it intended, when stated.
    pub intended: Option<Vote>,
    /// The note as printed (whitespace folded).
    pub text: String,
    pub line: usize,
}

/// Counts of what ingestion saw, so that nothing is dropped silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestStats {
    /// Data rows or list entries read.
    pub rows: usize,
    /// Rows repeating a vote already read (same motion, member and vote): kept once.
    pub duplicates: usize,
    /// Rows left out on purpose, by reason (e.g. "not a member", "filtered by date").
    pub skipped: Vec<(String, usize)>,
    /// Problems downgraded to warnings (e.g. tally mismatches under `--lenient`).
    pub warnings: Vec<String>,
}

impl IngestStats {
    /// Adds `count` rows skipped for `reason`.
    pub fn skip(&mut self, reason: &str, count: usize) {
        if count == 0 {
            return;
        }
        match self.skipped.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += count,
            None => self.skipped.push((reason.to_string(), count)),
        }
    }

    fn absorb(&mut self, other: &IngestStats) {
        self.rows += other.rows;
        self.duplicates += other.duplicates;
        for (reason, count) in &other.skipped {
            self.skip(reason, *count);
        }
        self.warnings.extend(other.warnings.iter().cloned());
    }
}

/// Validation errors found while assembling a dataset.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error(
        "{path}:{line}: conflicting duplicate vote of {member} on motion {motion}: {second} here, {first} on line {first_line}"
    )]
    ConflictingVote {
        path: PathBuf,
        line: u32,
        first_line: u32,
        motion: String,
        member: String,
        first: Vote,
        second: Vote,
    },
    #[error(
        "conflicting votes of {member} on motion {motion}: {first} in {first_path}, {second} in {second_path}"
    )]
    ConflictingAcrossFiles {
        first_path: PathBuf,
        second_path: PathBuf,
        motion: String,
        member: String,
        first: Vote,
        second: Vote,
    },
    #[error("too many distinct source vote codes (more than 65,535) in {path}")]
    TooManyCodes { path: PathBuf },
    #[error("too many votes (more than 4,294,967,295) in {path}")]
    TooManyVotes { path: PathBuf },
}

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
    /// removed motions or members are dropped. Cost: O(V' + M log V + N) for V' votes kept.
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

    /// Number of cast votes (yes, no, abstain) of each member, in member order. O(V).
    pub fn cast_counts(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.members.len()];
        count_casts(&self.votes, &mut counts);
        counts
    }

    /// As [`Dataset::cast_counts`], on the motions `keep_motions` (by motion index; missing
    /// entries count as not kept) only. O(M + votes of the kept motions + kept motions · log V).
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

    /// Merges several datasets (e.g. one per input file) into one, re-validating duplicates
    /// across them. Cost: O(V log V) in the total number of votes.
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

/// Assembles a [`Dataset`] from rows in any order, then canonicalises and validates it.
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// let mut b = DatasetBuilder::new("example.csv");
/// let m = b.motion(Motion::new("r2"));
/// let x = b.member(Member::new("B", "Bee"));
/// let y = b.member(Member::new("A", "Ay"));
/// b.push(m, x, Vote::Yes, None, 2).unwrap();
/// b.push(m, y, Vote::No, None, 3).unwrap();
/// let data = b.finish().unwrap();
/// assert_eq!(data.members[0].code, "A");
/// assert_eq!(data.vote(0, 0), Some(Vote::No));
/// ```
#[derive(Debug)]
pub struct DatasetBuilder {
    path: PathBuf,
    members: Vec<Member>,
    member_index: HashMap<String, u32>,
    motions: Vec<Motion>,
    motion_index: HashMap<String, u32>,
    votes: Vec<VoteRecord>,
    codes: Vec<String>,
    code_index: HashMap<String, SourceCode>,
    /// The codes of one ASCII character, by that character (a copy of their `code_index`
    /// entries).
    one_byte_codes: [Option<SourceCode>; 128],
    /// Notes and statistics the reader gathers; moved into the dataset by `finish`.
    pub notes: Vec<Note>,
    pub stats: IngestStats,
}

impl DatasetBuilder {
    /// A builder for data read from `path` (used in error messages).
    pub fn new(path: impl AsRef<Path>) -> DatasetBuilder {
        DatasetBuilder {
            path: path.as_ref().to_path_buf(),
            members: Vec::new(),
            member_index: HashMap::default(),
            motions: Vec::new(),
            motion_index: HashMap::default(),
            votes: Vec::new(),
            codes: Vec::new(),
            code_index: HashMap::default(),
            one_byte_codes: [None; 128],
            notes: Vec::new(),
            stats: IngestStats::default(),
        }
    }

    /// Reserves room for at least `additional` more votes (see [`Vec::reserve`]).
    pub fn reserve_votes(&mut self, additional: usize) {
        self.votes.reserve(additional);
        super::pages::prefer_huge_pages(&self.votes);
    }

    /// The input path given to [`DatasetBuilder::new`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Registers a member (or finds the one with the same code, filling in a missing name or
    /// group) and returns its provisional index. O(1) expected.
    pub fn member(&mut self, member: Member) -> u32 {
        if let Some(&i) = self.member_index.get(&member.code) {
            let existing = &mut self.members[i as usize];
            if existing.name.is_empty() || existing.name == existing.code {
                existing.name = member.name;
            }
            if existing.group.is_none() {
                existing.group = member.group;
            }
            return i;
        }
        let i = self.members.len() as u32;
        self.member_index.insert(member.code.clone(), i);
        self.members.push(member);
        i
    }

    /// Registers a motion (or finds the one with the same id) and returns its provisional index.
    pub fn motion(&mut self, motion: Motion) -> u32 {
        if let Some(&i) = self.motion_index.get(&motion.id) {
            return i;
        }
        let i = self.motions.len() as u32;
        self.motion_index.insert(motion.id.clone(), i);
        self.motions.push(motion);
        i
    }

    /// The provisional index of an already registered member.
    pub fn member_code_index(&self, code: &str) -> Option<u32> {
        self.member_index.get(code).copied()
    }

    /// A registered member, by its provisional index.
    pub fn member_ref(&self, index: u32) -> Option<&Member> {
        self.members.get(index as usize)
    }

    /// The provisional index of an already registered motion.
    pub fn motion_id_index(&self, id: &str) -> Option<u32> {
        self.motion_index.get(id).copied()
    }

    /// A registered motion, by its provisional index.
    pub fn motion_ref(&self, index: u32) -> Option<&Motion> {
        self.motions.get(index as usize)
    }

    /// Mutable access to a registered motion (to fill in fields learnt later).
    pub fn motion_mut(&mut self, index: u32) -> Option<&mut Motion> {
        self.motions.get_mut(index as usize)
    }

    /// Number of votes pushed so far.
    pub fn len(&self) -> usize {
        self.votes.len()
    }

    /// True before any vote is pushed.
    pub fn is_empty(&self) -> bool {
        self.votes.is_empty()
    }

    /// Records a vote read from `line`. Duplicates are resolved in [`DatasetBuilder::finish`].
    pub fn push(
        &mut self,
        motion: u32,
        member: u32,
        vote: Vote,
        source_code: Option<&str>,
        line: u32,
    ) -> Result<(), DatasetError> {
        // Positions are kept as u32 while sorting; refuse what would not fit.
        if self.votes.len() >= u32::MAX as usize {
            return Err(DatasetError::TooManyVotes {
                path: self.path.clone(),
            });
        }
        let source_code = match source_code {
            None => None,
            Some(code) => Some(self.intern_code(code)?),
        };
        self.votes.push(VoteRecord {
            motion,
            member,
            vote,
            source_code,
            line,
        });
        Ok(())
    }

    /// The index of a source vote code, registering it the first time.
    fn intern_code(&mut self, code: &str) -> Result<SourceCode, DatasetError> {
        // Source codes are mostly one character (Voteview's cast codes 0-9): those are
        // found without hashing, as the code is looked up once per vote.
        if let [byte] = code.as_bytes()
            && let Some(Some(i)) = self.one_byte_codes.get(usize::from(*byte))
        {
            return Ok(*i);
        }
        if let Some(&i) = self.code_index.get(code) {
            return Ok(i);
        }
        let i = SourceCode::new(self.codes.len()).ok_or_else(|| DatasetError::TooManyCodes {
            path: self.path.clone(),
        })?;
        self.codes.push(code.to_string());
        self.code_index.insert(code.to_string(), i);
        if let [byte] = code.as_bytes()
            && let Some(slot) = self.one_byte_codes.get_mut(usize::from(*byte))
        {
            *slot = Some(i);
        }
        Ok(i)
    }

    /// Appends what `other` read from a later part of the same input, whose lines it counted
    /// from 1 where this builder's part ended (`line_offset` lines before): its members,
    /// motions, votes (lines shifted), notes and statistics. The builder then holds what one
    /// builder reading both parts in turn would hold, up to the provisional order of members
    /// and motions, which [`DatasetBuilder::finish`] makes canonical. Cost: O(votes of
    /// `other`).
    ///
    /// ```
    /// use votebloc::{DatasetBuilder, Member, Motion, Vote};
    /// let mut first = DatasetBuilder::new("v.csv");
    /// let m = first.motion(Motion::new("1"));
    /// let a = first.member(Member::new("A", "A"));
    /// first.push(m, a, Vote::Yes, None, 2).unwrap();
    /// let mut second = DatasetBuilder::new("v.csv");
    /// let m = second.motion(Motion::new("1"));
    /// let a = second.member(Member::new("A", "A"));
    /// second.push(m, a, Vote::No, None, 1).unwrap();
    /// first.absorb(second, 2).unwrap();
    /// let err = first.finish().unwrap_err().to_string();
    /// assert!(err.starts_with("v.csv:3: conflicting duplicate vote"), "{err}");
    /// ```
    pub fn absorb(&mut self, other: DatasetBuilder, line_offset: u32) -> Result<(), DatasetError> {
        if self.votes.len() + other.votes.len() > u32::MAX as usize {
            return Err(DatasetError::TooManyVotes {
                path: self.path.clone(),
            });
        }
        let members: Vec<u32> = other.members.into_iter().map(|m| self.member(m)).collect();
        let motions: Vec<u32> = other.motions.into_iter().map(|m| self.motion(m)).collect();
        let codes = other
            .codes
            .iter()
            .map(|code| self.intern_code(code))
            .collect::<Result<Vec<SourceCode>, _>>()?;
        let shift = |line: u32| {
            if line == 0 {
                0
            } else {
                line.saturating_add(line_offset)
            }
        };
        self.votes.reserve(other.votes.len());
        // Written on every thread, straight into the reserved room, in order.
        self.votes
            .par_extend(other.votes.par_iter().map(|vote| VoteRecord {
                motion: motions[vote.motion as usize],
                member: members[vote.member as usize],
                vote: vote.vote,
                source_code: vote.source_code.map(|code| codes[code.index()]),
                line: shift(vote.line),
            }));
        self.notes.extend(other.notes.into_iter().map(|mut note| {
            note.line += line_offset as usize;
            note
        }));
        self.stats.absorb(&other.stats);
        Ok(())
    }

    /// Sorts everything into canonical order, drops exact duplicates (counting them) and
    /// rejects conflicting ones. Cost: O(V log V + M log M).
    pub fn finish(self) -> Result<Dataset, DatasetError> {
        self.finish_with_origins(None)
    }

    fn finish_with_origins(
        self,
        origins: Option<(&[usize], &[PathBuf])>,
    ) -> Result<Dataset, DatasetError> {
        let DatasetBuilder {
            path,
            members,
            motions,
            votes,
            codes,
            notes,
            mut stats,
            ..
        } = self;

        let mut member_order: Vec<usize> = (0..members.len()).collect();
        member_order.sort_by(|&a, &b| members[a].code.cmp(&members[b].code));
        let mut member_rank = vec![0u32; members.len()];
        for (rank, &old) in member_order.iter().enumerate() {
            member_rank[old] = rank as u32;
        }
        let mut motion_order: Vec<usize> = (0..motions.len()).collect();
        motion_order.sort_by(|&a, &b| natural_cmp(&motions[a].id, &motions[b].id));
        let mut motion_rank = vec![0u32; motions.len()];
        for (rank, &old) in motion_order.iter().enumerate() {
            motion_rank[old] = rank as u32;
        }

        // Records are grouped by motion with a counting sort (O(V + M)), then each motion's
        // few records are sorted by member and, among duplicates, by input position, so that
        // "first" means first in the input and errors point at the later line. Inputs that
        // already list the motions in canonical order (data sets sorted by roll call) are
        // sorted in place, without a second copy of the records.
        let mut starts = vec![0usize; motions.len() + 1];
        for vote in &votes {
            starts[motion_rank[vote.motion as usize] as usize + 1] += 1;
        }
        for m in 0..motions.len() {
            starts[m + 1] += starts[m];
        }
        let grouped = votes.windows(2).all(|pair| {
            motion_rank[pair[0].motion as usize] <= motion_rank[pair[1].motion as usize]
        });
        // Input positions by motion, when the records are not grouped already.
        let order: Vec<u32> = if grouped {
            Vec::new()
        } else {
            let mut order = super::pages::filled(0u32, votes.len());
            let mut next = starts.clone();
            for (position, vote) in votes.iter().enumerate() {
                let m = motion_rank[vote.motion as usize] as usize;
                order[next[m]] = position as u32;
                next[m] += 1;
            }
            order
        };
        let sorter = MotionSorter {
            starts: &starts,
            member_rank: &member_rank,
            member_count: members.len(),
        };
        // Motions in groups of about equal numbers of votes, sorted on rayon's threads, each
        // group into its own part of the output.
        let group_count = (votes.len() / 32_768).clamp(1, 256);
        let mut group_starts: Vec<usize> = vec![0];
        for motion in 0..motions.len() {
            let target = votes.len() * group_starts.len() / group_count;
            if starts[motion + 1] >= target && group_starts.len() < group_count {
                group_starts.push(motion + 1);
            }
        }
        if group_starts.last() != Some(&motions.len()) {
            group_starts.push(motions.len());
        }
        let groups: Vec<std::ops::Range<usize>> = group_starts
            .windows(2)
            .map(|pair| pair[0]..pair[1])
            .collect();
        // Unsorted records come from `votes` by position; grouped ones are sorted where they
        // are, `votes` becoming the output.
        let (mut output, source_votes) = if grouped {
            (votes, Vec::new())
        } else {
            (
                super::pages::filled(VoteRecord::PLACEHOLDER, votes.len()),
                votes,
            )
        };
        let source = if grouped {
            Source::InPlace
        } else {
            Source::Gather(&source_votes, &order)
        };
        let regions = split_regions(&mut output, &groups, &starts);
        let results: Vec<Result<(usize, usize), Conflict>> = regions
            .into_par_iter()
            .zip(groups.par_iter())
            .map(|(region, group)| sorter.sort(group.clone(), source, region))
            .collect();
        drop(source_votes);
        // The first conflict in motion order, as one pass over the motions would find it.
        if let Some(conflict) = results.iter().find_map(|result| result.err()) {
            return Err(conflict.error(
                &motions,
                &members,
                &motion_order,
                &member_order,
                &path,
                origins,
            ));
        }
        compact(&mut output, &groups, &starts, &results, &mut stats);
        let sorted = output;

        let mut member_slots: Vec<Option<Member>> = members.into_iter().map(Some).collect();
        let members: Vec<Member> = member_order
            .iter()
            .filter_map(|&i| member_slots[i].take())
            .collect();
        let mut motion_slots: Vec<Option<Motion>> = motions.into_iter().map(Some).collect();
        let motions: Vec<Motion> = motion_order
            .iter()
            .filter_map(|&i| motion_slots[i].take())
            .collect();

        Ok(Dataset {
            members,
            motions,
            votes: sorted,
            notes,
            source_codes: codes,
            stats,
            sources: vec![path],
        })
    }
}

/// Where [`MotionSorter::sort`] reads a group's records from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// From the input records, at the positions `order` lists by motion.
    Gather(&'a [VoteRecord], &'a [u32]),
    /// From the output region itself (the input already lists motions in canonical order).
    InPlace,
}

/// Two votes of one member on one motion that differ: the error of [`DatasetBuilder::finish`].
#[derive(Debug, Clone, Copy)]
struct Conflict {
    motion: usize,
    member: u32,
    /// Input positions of the first and the second vote.
    positions: (usize, usize),
    first: VoteRecord,
    second: VoteRecord,
}

impl Conflict {
    fn error(
        &self,
        motions: &[Motion],
        members: &[Member],
        motion_order: &[usize],
        member_order: &[usize],
        path: &Path,
        origins: Option<(&[usize], &[PathBuf])>,
    ) -> DatasetError {
        let motion = motions[motion_order[self.motion]].id.clone();
        let member = members[member_order[self.member as usize]].code.clone();
        let mut conflict_path = path.to_path_buf();
        if let Some((file_of, paths)) = origins {
            let (fa, fb) = (file_of[self.positions.0], file_of[self.positions.1]);
            if fa != fb {
                return DatasetError::ConflictingAcrossFiles {
                    first_path: paths[fa].clone(),
                    second_path: paths[fb].clone(),
                    motion,
                    member,
                    first: self.first.vote,
                    second: self.second.vote,
                };
            }
            conflict_path = paths[fb].clone();
        }
        DatasetError::ConflictingVote {
            path: conflict_path,
            line: self.second.line,
            first_line: self.first.line,
            motion,
            member,
            first: self.first.vote,
            second: self.second.vote,
        }
    }
}

/// The output cut into one region per group of motions (`starts`: first record of each motion).
fn split_regions<'a>(
    output: &'a mut [VoteRecord],
    groups: &[std::ops::Range<usize>],
    starts: &[usize],
) -> Vec<&'a mut [VoteRecord]> {
    let mut regions = Vec::with_capacity(groups.len());
    let mut rest = output;
    for group in groups {
        let (region, after) = rest.split_at_mut(starts[group.end] - starts[group.start]);
        regions.push(region);
        rest = after;
    }
    regions
}

/// Closes the gaps that dropped duplicates left at the end of the groups' regions, counting
/// the duplicates. `results` are the groups' (records written, duplicates).
fn compact(
    output: &mut Vec<VoteRecord>,
    groups: &[std::ops::Range<usize>],
    starts: &[usize],
    results: &[Result<(usize, usize), Conflict>],
    stats: &mut IngestStats,
) {
    let mut written = 0usize;
    for (group, result) in groups.iter().zip(results) {
        let (count, duplicates) = result.unwrap_or((0, 0));
        let from = starts[group.start];
        if from != written {
            output.copy_within(from..from + count, written);
        }
        written += count;
        stats.duplicates += duplicates;
    }
    output.truncate(written);
}

/// Puts the records of a group of motions into canonical order.
struct MotionSorter<'a> {
    /// First record of each motion (by rank) in the canonical order, before duplicates go.
    starts: &'a [usize],
    member_rank: &'a [u32],
    member_count: usize,
}

impl MotionSorter<'_> {
    /// Writes the records of the motions `group` (ranks), each sorted by member with exact
    /// duplicates dropped, at the start of `region` (which has room for all of them).
    /// Returns (records written, duplicates dropped), or the first conflicting duplicate.
    fn sort(
        &self,
        group: std::ops::Range<usize>,
        source: Source<'_>,
        region: &mut [VoteRecord],
    ) -> Result<(usize, usize), Conflict> {
        let base = self.starts[group.start];
        // One motion's records (in input order) and their keys, (member rank, index in
        // `bucket`) packed in a u64 so that the sort compares plain integers in cache.
        let mut bucket: Vec<VoteRecord> = Vec::new();
        let mut keys: Vec<u64> = Vec::new();
        let mut slots: Vec<u32> = vec![u32::MAX; self.member_count];
        let mut written = 0usize;
        let mut duplicates = 0usize;
        for motion in group {
            let span = self.starts[motion]..self.starts[motion + 1];
            bucket.clear();
            match source {
                Source::InPlace => {
                    bucket.extend_from_slice(&region[span.start - base..span.end - base])
                }
                Source::Gather(votes, order) => {
                    bucket.extend(order[span.clone()].iter().map(|&p| votes[p as usize]))
                }
            }
            let position = |index: usize| match source {
                Source::InPlace => span.start + index,
                Source::Gather(_, order) => order[span.start + index] as usize,
            };
            keys.clear();
            if !place_by_member(&bucket, self.member_rank, &mut slots, &mut keys) {
                keys.extend(bucket.iter().enumerate().map(|(index, vote)| {
                    (u64::from(self.member_rank[vote.member as usize]) << 32) | index as u64
                }));
                if !keys.is_sorted() {
                    keys.sort_unstable();
                }
            }
            let mut previous: Option<(u32, usize)> = None;
            for &key in &keys {
                let (member, index) = ((key >> 32) as u32, key as u32 as usize);
                let record = bucket[index];
                if let Some((previous_member, previous_index)) = previous
                    && previous_member == member
                {
                    let first = bucket[previous_index];
                    if first.vote == record.vote {
                        duplicates += 1;
                        continue;
                    }
                    return Err(Conflict {
                        motion,
                        member,
                        positions: (position(previous_index), position(index)),
                        first,
                        second: record,
                    });
                }
                previous = Some((member, index));
                // `bucket` holds a copy of the motion's records: the region may be overwritten.
                region[written] = VoteRecord {
                    motion: motion as u32,
                    member,
                    ..record
                };
                written += 1;
            }
        }
        Ok((written, duplicates))
    }
}

/// The sort keys of one motion's records, (member rank, index in `bucket`), in order, found by
/// placing each record in its member's slot: O(members) instead of a comparison sort, used
/// when the motion has a vote of at least a quarter of the members (the usual case). `slots`
/// (one per member, all `u32::MAX`) is left as it was found. Returns false, with `keys`
/// untouched, when the motion is sparse or a member votes twice on it (duplicates need the
/// input order that the sort keeps).
fn place_by_member(
    bucket: &[VoteRecord],
    member_rank: &[u32],
    slots: &mut [u32],
    keys: &mut Vec<u64>,
) -> bool {
    if bucket.len() * 4 < slots.len() {
        return false;
    }
    for (index, vote) in bucket.iter().enumerate() {
        let slot = &mut slots[member_rank[vote.member as usize] as usize];
        if *slot != u32::MAX {
            for placed in &bucket[..index] {
                slots[member_rank[placed.member as usize] as usize] = u32::MAX;
            }
            return false;
        }
        *slot = index as u32;
    }
    for (rank, slot) in slots.iter_mut().enumerate() {
        if *slot != u32::MAX {
            keys.push(((rank as u64) << 32) | u64::from(*slot));
            *slot = u32::MAX;
        }
    }
    true
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

/// Compares identifiers so that runs of digits compare as numbers: `rc9 < rc10`, `"2" < "10"`.
/// Equal numeric values with different leading zeros fall back to plain string order, so the
/// order stays total and deterministic.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    while !x.is_empty() && !y.is_empty() {
        if x[0].is_ascii_digit() && y[0].is_ascii_digit() {
            let xe = x
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(x.len());
            let ye = y
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(y.len());
            let xs = trim_zeros(&x[..xe]);
            let ys = trim_zeros(&y[..ye]);
            let ord = xs.len().cmp(&ys.len()).then_with(|| xs.cmp(ys));
            if ord != Ordering::Equal {
                return ord;
            }
            x = &x[xe..];
            y = &y[ye..];
        } else {
            if x[0] != y[0] {
                return x[0].cmp(&y[0]);
            }
            x = &x[1..];
            y = &y[1..];
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|&c| c != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
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
