//! Bloc assignments: one bloc number per member, in member order (1 = largest bloc, 0 = no
//! bloc), as the clustering stage returns them and the swing and cohesion stages take them.

use super::Dataset;

/// A bloc assignment that does not fit its dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlocAssignmentError {
    #[error(
        "bloc assignment has {found} entries but the dataset has {expected} members (one bloc number per member, in member order)"
    )]
    Length { expected: usize, found: usize },
    #[error(
        "member {member} (index {index}) has bloc {bloc}, but blocs are numbered 1..={max} (0 = no bloc) for {max} members"
    )]
    OutOfRange {
        index: usize,
        member: String,
        bloc: u32,
        max: usize,
    },
}

/// Checks a bloc assignment against the dataset and returns the largest bloc number (0 when no
/// member has a bloc).
///
/// # Complexity
///
/// O(n).
///
/// # Examples
///
/// ```
/// use votebloc::model::check_blocs;
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// let mut b = DatasetBuilder::new("x");
/// let m = b.motion(Motion::new("1"));
/// for code in ["A", "B"] {
///     let member = b.member(Member::new(code, code));
///     b.push(m, member, Vote::Yes, None, 0).unwrap();
/// }
/// let data = b.finish().unwrap();
/// assert_eq!(check_blocs(&data, &[1, 2]), Ok(2));
/// assert!(check_blocs(&data, &[1]).is_err());
/// assert!(check_blocs(&data, &[1, 3]).is_err());
/// ```
pub fn check_blocs(data: &Dataset, blocs: &[u32]) -> Result<usize, BlocAssignmentError> {
    let members = data.members.len();
    if blocs.len() != members {
        return Err(BlocAssignmentError::Length {
            expected: members,
            found: blocs.len(),
        });
    }
    let mut largest = 0usize;
    for (index, &bloc) in blocs.iter().enumerate() {
        // Blocs are numbered 1..=k with k ≤ n: a larger number is a caller error, and refusing it
        // keeps per-bloc tables at O(n) size whatever the input.
        if bloc as usize > members {
            return Err(BlocAssignmentError::OutOfRange {
                index,
                member: data.members[index].code.clone(),
                bloc,
                max: members,
            });
        }
        largest = largest.max(bloc as usize);
    }
    Ok(largest)
}
