//! The report of conflicting duplicate votes, naming both lines.

use super::*;

/// Where [`MotionSorter::sort`] reads a group's records from.
#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    /// From the input records, at the positions `order` lists by motion.
    Gather(&'a [VoteRecord], &'a [u32]),
    /// From the output region itself (the input already lists motions in canonical order).
    InPlace,
}

/// Two votes of one member on one motion that differ: the error of [`DatasetBuilder::finish`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Conflict {
    pub(super) motion: usize,
    pub(super) member: u32,
    /// Input positions of the first and the second vote.
    pub(super) positions: (usize, usize),
    pub(super) first: VoteRecord,
    pub(super) second: VoteRecord,
}

impl Conflict {
    pub(super) fn error(
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
                    first_line: self.first.line,
                    second_path: paths[fb].clone(),
                    second_line: self.second.line,
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
