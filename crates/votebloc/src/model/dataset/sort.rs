//! The parallel counting sort of the votes into canonical (motion, member) order.

use super::*;

/// The output cut into one region per group of motions (`starts`: first record of each motion).
pub(super) fn split_regions<'a>(
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
pub(super) fn compact(
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
pub(super) struct MotionSorter<'a> {
    /// First record of each motion (by rank) in the canonical order, before duplicates go.
    pub(super) starts: &'a [usize],
    pub(super) member_rank: &'a [u32],
    pub(super) member_count: usize,
}

impl MotionSorter<'_> {
    /// Writes the records of the motions `group` (ranks), each sorted by member with exact
    /// duplicates dropped, at the start of `region` (which has room for all of them).
    /// Returns (records written, duplicates dropped), or the first conflicting duplicate.
    pub(super) fn sort(
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
pub(super) fn place_by_member(
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
