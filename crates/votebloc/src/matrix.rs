//! Members × motions vote matrix and its bit-plane form.
//!
//! [`VoteMatrix`] holds the votes of a [`Dataset`] twice: as a dense `members × motions` table
//! of vote codes (for lookups and per-motion work) and as bit planes — for each member one bit
//! vector per cast category (yes, no, abstain) over the motions — so that every pairwise count
//! the similarity indices need is a population count of a few AND/OR-ed words (the
//! "bit-sliced" counting of Muła, Kurz & Lemire, *Faster population counts using AVX2
//! instructions*, The Computer Journal 61(1), 2018).

use crate::model::{Dataset, Vote};
use ndarray::Array2;
use std::ops::Range;
use std::sync::Arc;

/// Code of a yes vote in [`VoteMatrix::codes`].
pub const YES: u8 = 0;
/// Code of a no vote.
pub const NO: u8 = 1;
/// Code of an abstention.
pub const ABSTAIN: u8 = 2;
/// Code of an absence; also the code of every cell with no record in the dataset.
pub const ABSENT: u8 = 3;
/// Code of "not a member at the time".
pub const NOT_MEMBER: u8 = 4;

/// Number of bits per word of a bit plane.
pub const WORD_BITS: usize = 64;

/// The matrix code of a vote (the position of the vote in [`Vote::ALL`]).
///
/// # Examples
///
/// ```
/// use votebloc::{Vote, matrix};
/// assert_eq!(matrix::code_of(Vote::Abstain), matrix::ABSTAIN);
/// assert_eq!(matrix::vote_of(matrix::code_of(Vote::No)), Some(Vote::No));
/// ```
pub fn code_of(vote: Vote) -> u8 {
    match vote {
        Vote::Yes => YES,
        Vote::No => NO,
        Vote::Abstain => ABSTAIN,
        Vote::Absent => ABSENT,
        Vote::NotMember => NOT_MEMBER,
    }
}

/// The vote of a matrix code, `None` for a code above [`NOT_MEMBER`].
pub fn vote_of(code: u8) -> Option<Vote> {
    Vote::ALL.get(code as usize).copied()
}

/// Errors building or slicing a [`VoteMatrix`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatrixError {
    #[error(
        "vote record {position} refers to member {member} and motion {motion}, but the dataset has {n_members} members and {n_motions} motions"
    )]
    RecordOutOfRange {
        position: usize,
        member: usize,
        motion: usize,
        n_members: usize,
        n_motions: usize,
    },
    #[error("invalid vote code {code} at member {member}, motion {motion} (expected 0 to 4)")]
    InvalidCode {
        member: usize,
        motion: usize,
        code: u8,
    },
    #[error(
        "the table has {rows} rows and {columns} columns but {n_members} member codes and {n_motions} motion ids were given"
    )]
    ShapeMismatch {
        rows: usize,
        columns: usize,
        n_members: usize,
        n_motions: usize,
    },
    #[error(
        "motion index {index} at position {position} is out of range (the matrix has {n_motions} motions)"
    )]
    MotionOutOfRange {
        position: usize,
        index: usize,
        n_motions: usize,
    },
    #[error(
        "{n_members} members × {n_motions} motions is too large for a vote matrix (at most {limit} motions, and the cell count must fit in memory addresses)"
    )]
    TooLarge {
        n_members: usize,
        n_motions: usize,
        limit: usize,
    },
}

/// For each member, one bit vector per cast category over the motions.
///
/// Bit `k % 64` of word `k / 64` of a member's yes plane is set when the member voted yes on
/// motion `k`; likewise for no and abstain. Absent and not-member cells have no bit set in any
/// plane, and the bits past the last motion of the last word are always zero, so "both cast"
/// is `popcount((y|n|a)_i & (y|n|a)_j)` summed over words with no masking.
///
/// Layout: member-major; for each member its yes, no and abstain planes, each
/// [`BitPlanes::words_per_member`] words long, one after the other.
///
/// Each member also has its active span ([`BitPlanes::active_words`]): the words outside it
/// are zero in all three planes, so pairwise loops can run over the intersection of two spans
/// only — a large saving on long series where members come and go (states joining the UN,
/// legislators serving a few sessions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitPlanes {
    words_per_member: usize,
    n_members: usize,
    words: Vec<u64>,
    spans: Vec<Range<usize>>,
}

impl BitPlanes {
    /// Words per plane: `ceil(n_motions / 64)`.
    pub fn words_per_member(&self) -> usize {
        self.words_per_member
    }

    /// Number of members (rows).
    pub fn n_members(&self) -> usize {
        self.n_members
    }

    fn plane(&self, member: usize, plane: usize) -> &[u64] {
        let start = (member * 3 + plane) * self.words_per_member;
        self.words
            .get(start..start + self.words_per_member)
            .unwrap_or(&[])
    }

    /// The yes plane of `member` (empty when `member` is out of range).
    pub fn yes(&self, member: usize) -> &[u64] {
        self.plane(member, 0)
    }

    /// The no plane of `member` (empty when `member` is out of range).
    pub fn no(&self, member: usize) -> &[u64] {
        self.plane(member, 1)
    }

    /// The abstain plane of `member` (empty when `member` is out of range).
    pub fn abstain(&self, member: usize) -> &[u64] {
        self.plane(member, 2)
    }

    /// The smallest range of word positions outside which all three planes of `member` are
    /// zero: from the word of its first cast vote to the word of its last, `0..0` when it cast
    /// none (or is out of range).
    pub fn active_words(&self, member: usize) -> Range<usize> {
        self.spans.get(member).cloned().unwrap_or(0..0)
    }

    /// Builds the planes from a table of codes.
    ///
    /// # Complexity
    ///
    /// O(members × motions).
    fn from_codes(codes: &Array2<u8>) -> BitPlanes {
        let (n_members, n_motions) = codes.dim();
        let words_per_member = n_motions.div_ceil(WORD_BITS);
        let mut words = vec![0u64; n_members * 3 * words_per_member];
        let mut spans = Vec::with_capacity(n_members);
        for (member, row) in codes.outer_iter().enumerate() {
            let base = member * 3 * words_per_member;
            let (mut first, mut last) = (None, 0);
            for (motion, &code) in row.iter().enumerate() {
                if code <= ABSTAIN {
                    let word = base + code as usize * words_per_member + motion / WORD_BITS;
                    words[word] |= 1u64 << (motion % WORD_BITS);
                    first.get_or_insert(motion / WORD_BITS);
                    last = motion / WORD_BITS;
                }
            }
            spans.push(first.map_or(0..0, |first| first..last + 1));
        }
        BitPlanes {
            words_per_member,
            n_members,
            words,
            spans,
        }
    }
}

/// The members × motions table of votes of a dataset, dense and as bit planes.
///
/// Rows are the dataset's members in its order (sorted by code), columns its motions in
/// canonical order (or the selected subset, see [`VoteMatrix::select_motions`]). Because the
/// [`Dataset`] is canonical, nothing here depends on the order of the input rows.
///
/// # Examples
///
/// ```
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// use votebloc::matrix::VoteMatrix;
/// let mut b = DatasetBuilder::new("example.csv");
/// let (r1, r2) = (b.motion(Motion::new("r1")), b.motion(Motion::new("r2")));
/// let (fra, usa) = (b.member(Member::new("FRA", "France")), b.member(Member::new("USA", "USA")));
/// b.push(r1, fra, Vote::Yes, None, 2).unwrap();
/// b.push(r1, usa, Vote::No, None, 3).unwrap();
/// b.push(r2, fra, Vote::Abstain, None, 4).unwrap();
/// let matrix = VoteMatrix::from_dataset(&b.finish().unwrap()).unwrap();
/// assert_eq!((matrix.n_members(), matrix.n_motions()), (2, 2));
/// assert_eq!(matrix.vote(1, 1), Some(Vote::Absent)); // USA on r2: no record
/// assert_eq!(matrix.cast_counts(), &[2, 1]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VoteMatrix {
    member_codes: Vec<String>,
    motion_ids: Vec<String>,
    motion_indices: Vec<usize>,
    codes: Array2<u8>,
    // Shared, so that a similarity computed on demand (`similarity::on_demand`) can read the
    // planes without a copy.
    planes: Arc<BitPlanes>,
    cast_counts: Vec<u32>,
}

impl VoteMatrix {
    /// Builds the matrix of a dataset: one row per member, one column per motion, cells with no
    /// record are [`ABSENT`].
    ///
    /// # Errors
    ///
    /// A vote record pointing outside the members or motions (a dataset assembled by hand), or more
    /// than `u32::MAX` motions.
    ///
    /// # Complexity
    ///
    /// O(members × motions) time and bytes for the dense table, plus O(members × motions / 64)
    /// words for each of the three planes.
    pub fn from_dataset(data: &Dataset) -> Result<VoteMatrix, MatrixError> {
        let n_members = data.members.len();
        let n_motions = data.motions.len();
        check_size(n_members, n_motions)?;
        let mut codes = Array2::from_elem((n_members, n_motions), ABSENT);
        for (position, record) in data.votes.iter().enumerate() {
            let (member, motion) = (record.member as usize, record.motion as usize);
            match codes.get_mut((member, motion)) {
                Some(cell) => *cell = code_of(record.vote),
                None => {
                    return Err(MatrixError::RecordOutOfRange {
                        position,
                        member,
                        motion,
                        n_members,
                        n_motions,
                    });
                }
            }
        }
        Ok(VoteMatrix::assemble(
            data.members.iter().map(|m| m.code.clone()).collect(),
            data.motions.iter().map(|m| m.id.clone()).collect(),
            (0..n_motions).collect(),
            codes,
        ))
    }

    /// Builds a matrix directly from a table of codes ([`YES`] … [`NOT_MEMBER`]), with the
    /// member codes of the rows and the motion ids of the columns. Motion indices are the column
    /// numbers. Meant for generated data and tests; real data goes through
    /// [`VoteMatrix::from_dataset`].
    ///
    /// # Errors
    ///
    /// Shape mismatch, a code above 4, too large.
    ///
    /// # Complexity
    ///
    /// O(members × motions).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::matrix::{VoteMatrix, YES, NO, ABSENT};
    /// let codes = ndarray::array![[YES, NO], [ABSENT, YES]];
    /// let m = VoteMatrix::from_codes(vec!["A".into(), "B".into()], vec!["1".into(), "2".into()], codes).unwrap();
    /// assert_eq!(m.cast_counts(), &[2, 1]);
    /// ```
    pub fn from_codes(
        member_codes: Vec<String>,
        motion_ids: Vec<String>,
        codes: Array2<u8>,
    ) -> Result<VoteMatrix, MatrixError> {
        let (rows, columns) = codes.dim();
        if rows != member_codes.len() || columns != motion_ids.len() {
            return Err(MatrixError::ShapeMismatch {
                rows,
                columns,
                n_members: member_codes.len(),
                n_motions: motion_ids.len(),
            });
        }
        check_size(rows, columns)?;
        if let Some(((member, motion), &code)) =
            codes.indexed_iter().find(|(_, code)| **code > NOT_MEMBER)
        {
            return Err(MatrixError::InvalidCode {
                member,
                motion,
                code,
            });
        }
        Ok(VoteMatrix::assemble(
            member_codes,
            motion_ids,
            (0..columns).collect(),
            codes,
        ))
    }

    fn assemble(
        member_codes: Vec<String>,
        motion_ids: Vec<String>,
        motion_indices: Vec<usize>,
        codes: Array2<u8>,
    ) -> VoteMatrix {
        let planes = Arc::new(BitPlanes::from_codes(&codes));
        // Counts fit in u32 because check_size caps the number of motions.
        let cast_counts = codes
            .outer_iter()
            .map(|row| row.iter().filter(|&&c| c <= ABSTAIN).count() as u32)
            .collect();
        VoteMatrix {
            member_codes,
            motion_ids,
            motion_indices,
            codes,
            planes,
            cast_counts,
        }
    }

    /// Number of members (rows).
    pub fn n_members(&self) -> usize {
        self.member_codes.len()
    }

    /// Number of motions (columns).
    pub fn n_motions(&self) -> usize {
        self.motion_ids.len()
    }

    /// The vote of row `member` on column `motion`, `None` when either is out of range.
    ///
    /// # Complexity
    ///
    /// O(1).
    pub fn vote(&self, member: usize, motion: usize) -> Option<Vote> {
        self.codes.get((member, motion)).and_then(|&c| vote_of(c))
    }

    /// The dense table of codes ([`YES`], [`NO`], [`ABSTAIN`], [`ABSENT`], [`NOT_MEMBER`]).
    pub fn codes(&self) -> &Array2<u8> {
        &self.codes
    }

    /// The bit-plane form.
    pub fn planes(&self) -> &BitPlanes {
        &self.planes
    }

    /// The bit-plane form, shared (no copy): what a similarity computed on demand keeps.
    pub fn shared_planes(&self) -> Arc<BitPlanes> {
        Arc::clone(&self.planes)
    }

    /// Member codes of the rows (the dataset's members, sorted by code).
    pub fn member_codes(&self) -> &[String] {
        &self.member_codes
    }

    /// Motion ids of the columns, in canonical order.
    pub fn motion_ids(&self) -> &[String] {
        &self.motion_ids
    }

    /// For each column, the index of its motion in the dataset it was built from.
    pub fn motion_indices(&self) -> &[usize] {
        &self.motion_indices
    }

    /// Per member, the number of motions on which it voted yes, no or abstain.
    pub fn cast_counts(&self) -> &[u32] {
        &self.cast_counts
    }

    /// The matrix restricted to the given columns (e.g. the motions of one period), in the
    /// order given; members are kept, including those with no cast vote left.
    ///
    /// # Errors
    ///
    /// An index at or past [`VoteMatrix::n_motions`].
    ///
    /// # Complexity
    ///
    /// O(members × selected).
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::matrix::{VoteMatrix, YES, NO, ABSTAIN};
    /// let codes = ndarray::array![[YES, NO, ABSTAIN]];
    /// let m = VoteMatrix::from_codes(vec!["A".into()], vec!["1".into(), "2".into(), "3".into()], codes).unwrap();
    /// let sub = m.select_motions(&[2, 0]).unwrap();
    /// assert_eq!(sub.motion_ids(), &["3".to_string(), "1".to_string()]);
    /// assert_eq!(sub.motion_indices(), &[2, 0]);
    /// assert!(m.select_motions(&[3]).is_err());
    /// ```
    pub fn select_motions(&self, motions: &[usize]) -> Result<VoteMatrix, MatrixError> {
        let n_motions = self.n_motions();
        if let Some((position, &index)) = motions.iter().enumerate().find(|(_, i)| **i >= n_motions)
        {
            return Err(MatrixError::MotionOutOfRange {
                position,
                index,
                n_motions,
            });
        }
        let codes = self.codes.select(ndarray::Axis(1), motions);
        Ok(VoteMatrix::assemble(
            self.member_codes.clone(),
            motions
                .iter()
                .map(|&k| self.motion_ids[k].clone())
                .collect(),
            motions.iter().map(|&k| self.motion_indices[k]).collect(),
            codes,
        ))
    }
}

fn check_size(n_members: usize, n_motions: usize) -> Result<(), MatrixError> {
    // Counts of shared motions are u32 (similarity tables), and the dense table must be
    // addressable.
    let limit = u32::MAX as usize;
    let cells = n_members.checked_mul(n_motions);
    if n_motions > limit || cells.is_none_or(|c| c > isize::MAX as usize) {
        return Err(MatrixError::TooLarge {
            n_members,
            n_motions,
            limit,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatasetBuilder, Member, Motion};
    use ndarray::array;

    fn names(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    #[test]
    fn dataset_rows_follow_member_codes_and_missing_cells_are_absent() {
        let mut b = DatasetBuilder::new("t.csv");
        let m10 = b.motion(Motion::new("10"));
        let m9 = b.motion(Motion::new("9"));
        let usa = b.member(Member::new("USA", "United States"));
        let bra = b.member(Member::new("BRA", "Brazil"));
        let ind = b.member(Member::new("IND", "India"));
        b.push(m10, usa, Vote::No, None, 1).unwrap();
        b.push(m9, bra, Vote::Abstain, None, 2).unwrap();
        b.push(m10, bra, Vote::Yes, None, 3).unwrap();
        b.push(m9, ind, Vote::NotMember, None, 4).unwrap();
        let matrix = VoteMatrix::from_dataset(&b.finish().unwrap()).unwrap();
        assert_eq!(matrix.member_codes(), &["BRA", "IND", "USA"]);
        assert_eq!(matrix.motion_ids(), &["9", "10"]);
        // rows BRA, IND, USA; columns 9, 10
        assert_eq!(
            matrix.codes(),
            array![[ABSTAIN, YES], [NOT_MEMBER, ABSENT], [ABSENT, NO]]
        );
        assert_eq!(matrix.vote(2, 1), Some(Vote::No));
        assert_eq!(matrix.vote(3, 0), None);
        assert_eq!(matrix.cast_counts(), &[2, 0, 1]);
        assert_eq!(matrix.planes().yes(0), &[0b10]);
        assert_eq!(matrix.planes().abstain(0), &[0b01]);
        assert_eq!(matrix.planes().no(2), &[0b10]);
        assert_eq!(matrix.planes().yes(1), &[0]);
    }

    #[test]
    fn bit_planes_span_word_boundaries_with_zero_padding() {
        // 130 motions → 3 words; member 0 votes yes on 0, 63, 64, 129, no on 65, abstain on 128.
        let mut codes = Array2::from_elem((2, 130), ABSENT);
        for k in [0, 63, 64, 129] {
            codes[(0, k)] = YES;
        }
        codes[(0, 65)] = NO;
        codes[(0, 128)] = ABSTAIN;
        codes[(1, 127)] = NOT_MEMBER;
        let m = VoteMatrix::from_codes(names("m", 2), names("v", 130), codes).unwrap();
        let p = m.planes();
        assert_eq!(p.words_per_member(), 3);
        assert_eq!(p.yes(0), &[1 | 1 << 63, 1, 1 << 1]);
        assert_eq!(p.no(0), &[0, 1 << 1, 0]);
        assert_eq!(p.abstain(0), &[0, 0, 1]);
        assert_eq!(p.yes(1), &[0, 0, 0]);
        assert_eq!(p.yes(2), &[] as &[u64]);
        assert_eq!(m.cast_counts(), &[6, 0]);
        assert_eq!(p.active_words(0), 0..3);
        assert_eq!(p.active_words(1), 0..0);
        assert_eq!(p.active_words(2), 0..0);
        // A member active on motions 70–100 only spans word 1.
        let mut codes = Array2::from_elem((1, 200), NOT_MEMBER);
        for k in 70..=100 {
            codes[(0, k)] = NO;
        }
        let m = VoteMatrix::from_codes(names("m", 1), names("v", 200), codes).unwrap();
        assert_eq!(m.planes().active_words(0), 1..2);
    }

    #[test]
    fn select_motions_keeps_order_and_dataset_indices() {
        let codes = array![[YES, NO, ABSTAIN, ABSENT], [NO, NO, YES, YES]];
        let m = VoteMatrix::from_codes(names("m", 2), names("v", 4), codes).unwrap();
        let sub = m.select_motions(&[3, 1]).unwrap();
        let again = sub.select_motions(&[0]).unwrap();
        assert_eq!(sub.codes(), array![[ABSENT, NO], [YES, NO]]);
        assert_eq!(sub.cast_counts(), &[1, 2]);
        assert_eq!(again.motion_indices(), &[3]);
        assert_eq!(again.motion_ids(), &["v3"]);
        assert_eq!(
            m.select_motions(&[0, 4]),
            Err(MatrixError::MotionOutOfRange {
                position: 1,
                index: 4,
                n_motions: 4
            })
        );
        let empty = m.select_motions(&[]).unwrap();
        assert_eq!((empty.n_members(), empty.n_motions()), (2, 0));
        assert_eq!(empty.planes().words_per_member(), 0);
    }

    #[test]
    fn bad_tables_and_records_are_errors() {
        let err = VoteMatrix::from_codes(names("m", 1), names("v", 2), array![[YES, 7]]);
        assert_eq!(
            err,
            Err(MatrixError::InvalidCode {
                member: 0,
                motion: 1,
                code: 7
            })
        );
        let err = VoteMatrix::from_codes(names("m", 2), names("v", 2), array![[YES, NO]]);
        assert!(matches!(
            err,
            Err(MatrixError::ShapeMismatch { rows: 1, .. })
        ));

        let mut data = Dataset::default();
        data.members.push(Member::new("A", "A"));
        data.motions.push(Motion::new("1"));
        data.votes.push(crate::model::VoteRecord {
            motion: 0,
            member: 1,
            vote: Vote::Yes,
            source_code: None,
            line: 0,
        });
        assert!(matches!(
            VoteMatrix::from_dataset(&data),
            Err(MatrixError::RecordOutOfRange {
                position: 0,
                member: 1,
                ..
            })
        ));
    }

    #[test]
    fn codes_round_trip_through_votes() {
        for vote in Vote::ALL {
            assert_eq!(vote_of(code_of(vote)), Some(vote));
        }
        assert_eq!(vote_of(5), None);
    }
}
