//! Errors of the swing stage: inputs whose shapes do not match the dataset, and bad parameters.

/// Why a swing analysis could not run. Each variant names the position (member code or index)
/// of the first offending value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SwingError {
    #[error(
        "bloc assignment has {found} entries but the dataset has {expected} members (one bloc number per member, in member order)"
    )]
    BlocLength { expected: usize, found: usize },
    #[error(
        "member {member} (index {index}) has bloc {bloc}, but blocs are numbered 1..={max} (0 = no bloc) for {max} members"
    )]
    BlocOutOfRange {
        index: usize,
        member: String,
        bloc: u32,
        max: usize,
    },
    #[error(
        "similarity matrix is {rows} × {columns} but the dataset has {expected} members (expected {expected} × {expected})"
    )]
    SimilarityShape {
        expected: usize,
        rows: usize,
        columns: usize,
    },
    #[error(
        "stability has {found} entries but the dataset has {expected} members (one score per member, in member order)"
    )]
    StabilityLength { expected: usize, found: usize },
    #[error(
        "stability of member {member} (index {index}) is {value}; expected a share between 0 and 1 (NaN = unknown)"
    )]
    StabilityOutOfRange {
        index: usize,
        member: String,
        value: f64,
    },
    #[error("parameter {name} is {found}; expected {expected}")]
    InvalidParameter {
        name: &'static str,
        expected: &'static str,
        found: String,
    },
}

/// Checks a bloc assignment against the dataset and returns the largest bloc number (0 when no
/// member has a bloc). Cost: O(n).
pub(crate) fn check_blocs(
    data: &crate::model::Dataset,
    blocs: &[u32],
) -> Result<usize, SwingError> {
    let members = data.members.len();
    if blocs.len() != members {
        return Err(SwingError::BlocLength {
            expected: members,
            found: blocs.len(),
        });
    }
    let mut largest = 0usize;
    for (index, &bloc) in blocs.iter().enumerate() {
        // Blocs are numbered 1..=k with k ≤ n: a larger number is a caller error, and refusing it
        // keeps per-bloc tables at O(n) size whatever the input.
        if bloc as usize > members {
            return Err(SwingError::BlocOutOfRange {
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
