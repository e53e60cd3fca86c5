//! The builder: rows in any order in, a canonical validated dataset out.

use super::*;

/// Assembles a [`Dataset`] from rows in any order, then canonicalises and validates it.
///
/// # Examples
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
        crate::model::pages::prefer_huge_pages(&self.votes);
    }

    /// The input path given to [`DatasetBuilder::new`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Registers a member (or finds the one with the same code, filling in a missing name or group)
    /// and returns its provisional index.
    ///
    /// # Complexity
    ///
    /// O(1) expected.
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
                line,
            });
        }
        let source_code = match source_code {
            None => None,
            Some(code) => Some(self.intern_code(code, line)?),
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

    /// The index of a source vote code, registering it the first time (for the vote of `line`).
    fn intern_code(&mut self, code: &str, line: u32) -> Result<SourceCode, DatasetError> {
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
            line,
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

    /// Appends what `other` read from a later part of the same input, whose lines it counted from 1
    /// where this builder's part ended (`line_offset` lines before): its members, motions, votes
    /// (lines shifted), notes and statistics. The builder then holds what one builder reading both
    /// parts in turn would hold, up to the provisional order of members and motions, which
    /// [`DatasetBuilder::finish`] makes canonical.
    ///
    /// # Complexity
    ///
    /// O(votes of `other`).
    ///
    /// # Examples
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
        let shift = |line: u32| {
            if line == 0 {
                0
            } else {
                line.saturating_add(line_offset)
            }
        };
        if self.votes.len() + other.votes.len() > u32::MAX as usize {
            let over = u32::MAX as usize - self.votes.len();
            return Err(DatasetError::TooManyVotes {
                path: self.path.clone(),
                line: other.votes.get(over).map_or(0, |vote| shift(vote.line)),
            });
        }
        let members: Vec<u32> = other.members.into_iter().map(|m| self.member(m)).collect();
        let motions: Vec<u32> = other.motions.into_iter().map(|m| self.motion(m)).collect();
        // Each code is registered for the first vote that uses it (the error's line).
        let first_line = |index: usize| {
            other
                .votes
                .iter()
                .find(|vote| vote.source_code.is_some_and(|code| code.index() == index))
                .map_or(0, |vote| shift(vote.line))
        };
        let codes = other
            .codes
            .iter()
            .enumerate()
            .map(|(index, code)| match self.intern_code(code, 0) {
                Err(DatasetError::TooManyCodes { path, .. }) => Err(DatasetError::TooManyCodes {
                    path,
                    line: first_line(index),
                }),
                other => other,
            })
            .collect::<Result<Vec<SourceCode>, _>>()?;
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

    /// Sorts everything into canonical order, drops exact duplicates (counting them) and rejects
    /// conflicting ones.
    ///
    /// # Errors
    ///
    /// [`DatasetError::BadText`] for an id, name or title that breaks the rules of
    /// [`check_text`](crate::model::check_text) (too long, a control character), naming the
    /// line of its first vote; [`DatasetError::ConflictingVote`] for two different votes of
    /// one member on one motion, naming both lines.
    ///
    /// # Complexity
    ///
    /// O(V log V + M log M).
    pub fn finish(self) -> Result<Dataset, DatasetError> {
        self.finish_with_origins(None)
    }

    /// [`DatasetBuilder::finish`] for records read from several files: `origins` gives the
    /// file of each record (by input position) and the files' paths, so that a conflict
    /// between records of two files names both.
    pub(super) fn finish_with_origins(
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
        check_texts(&path, &members, &motions, &codes, &votes, origins)?;

        let (member_order, member_rank) =
            order_and_rank(members.len(), |a, b| members[a].code.cmp(&members[b].code));
        let (motion_order, motion_rank) = order_and_rank(motions.len(), |a, b| {
            natural_cmp(&motions[a].id, &motions[b].id)
        });

        // Records are grouped by motion with a counting sort (O(V + M)), then each motion's
        // few records are sorted by member and, among duplicates, by input position, so that
        // "first" means first in the input and errors point at the later line. Inputs that
        // already list the motions in canonical order (data sets sorted by roll call) are
        // sorted in place, without a second copy of the records.
        let starts = motion_starts(&votes, &motion_rank);
        let sorter = MotionSorter {
            starts: &starts,
            member_rank: &member_rank,
            member_count: members.len(),
        };
        let groups = balanced_groups(&starts, votes.len());
        let (mut output, results) = sort_groups(votes, &motion_rank, &sorter, &groups);
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
        Ok(Dataset {
            members: reorder(members, &member_order),
            motions: reorder(motions, &motion_order),
            votes: output,
            notes,
            source_codes: codes,
            stats,
            sources: vec![path],
        })
    }
}

/// What sorting one group of motions gives: (records written, duplicates dropped), or the
/// first conflicting duplicate.
type GroupResult = Result<(usize, usize), Conflict>;

/// The records sorted by `sorter`, the groups of motions on rayon's threads, each into its
/// own part of the output; and each group's (records written, duplicates) or first conflict.
/// The records are sorted where they are when the input lists the motions in canonical
/// order already, else gathered from `votes` by input position into a new vector.
fn sort_groups(
    votes: Vec<VoteRecord>,
    motion_rank: &[u32],
    sorter: &MotionSorter<'_>,
    groups: &[std::ops::Range<usize>],
) -> (Vec<VoteRecord>, Vec<GroupResult>) {
    let starts = sorter.starts;
    let grouped = votes
        .windows(2)
        .all(|pair| motion_rank[pair[0].motion as usize] <= motion_rank[pair[1].motion as usize]);
    // Input positions by motion, when the records are not grouped already.
    let order: Vec<u32> = if grouped {
        Vec::new()
    } else {
        input_positions(&votes, motion_rank, starts)
    };
    // Unsorted records come from `votes` by position; grouped ones are sorted where they
    // are, `votes` becoming the output.
    let (mut output, source_votes) = if grouped {
        (votes, Vec::new())
    } else {
        (
            crate::model::pages::filled(VoteRecord::PLACEHOLDER, votes.len()),
            votes,
        )
    };
    let source = if grouped {
        Source::InPlace
    } else {
        Source::Gather(&source_votes, &order)
    };
    let regions = split_regions(&mut output, groups, starts);
    let results: Vec<GroupResult> = regions
        .into_par_iter()
        .zip(groups.par_iter())
        .map(|(region, group)| sorter.sort(group.clone(), source, region))
        .collect();
    drop(source_votes);
    (output, results)
}

/// The indices `0..len` sorted by `cmp` (stable), and the rank of each index in that order.
fn order_and_rank(
    len: usize,
    cmp: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> (Vec<usize>, Vec<u32>) {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    let mut rank = vec![0u32; len];
    for (r, &old) in order.iter().enumerate() {
        rank[old] = r as u32;
    }
    (order, rank)
}

/// Where each motion's records start in canonical motion order (one entry per motion, then
/// the number of records).
fn motion_starts(votes: &[VoteRecord], motion_rank: &[u32]) -> Vec<usize> {
    let motion_count = motion_rank.len();
    let mut starts = vec![0usize; motion_count + 1];
    for vote in votes {
        starts[motion_rank[vote.motion as usize] as usize + 1] += 1;
    }
    for m in 0..motion_count {
        starts[m + 1] += starts[m];
    }
    starts
}

/// The input position of every record, grouped by motion in canonical order (the first
/// pass of the counting sort).
fn input_positions(votes: &[VoteRecord], motion_rank: &[u32], starts: &[usize]) -> Vec<u32> {
    let mut order = crate::model::pages::filled(0u32, votes.len());
    let mut next = starts.to_vec();
    for (position, vote) in votes.iter().enumerate() {
        let m = motion_rank[vote.motion as usize] as usize;
        order[next[m]] = position as u32;
        next[m] += 1;
    }
    order
}

/// The motions in consecutive groups of about equal numbers of records (one per 32 768
/// records, between 1 and 256 groups), to be sorted on rayon's threads, each group into its
/// own part of the output.
fn balanced_groups(starts: &[usize], vote_count: usize) -> Vec<std::ops::Range<usize>> {
    let motion_count = starts.len() - 1;
    let group_count = (vote_count / 32_768).clamp(1, 256);
    let mut group_starts: Vec<usize> = vec![0];
    for motion in 0..motion_count {
        let target = vote_count * group_starts.len() / group_count;
        if starts[motion + 1] >= target && group_starts.len() < group_count {
            group_starts.push(motion + 1);
        }
    }
    if group_starts.last() != Some(&motion_count) {
        group_starts.push(motion_count);
    }
    group_starts
        .windows(2)
        .map(|pair| pair[0]..pair[1])
        .collect()
}

/// The items in `order` (each index once).
fn reorder<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}
