//! Errors of the swing stage: inputs whose shapes do not match the dataset, and bad parameters.

/// Why a swing analysis could not run. Each variant names the position (member code or index)
/// of the first offending value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SwingError {
    #[error(transparent)]
    Blocs(#[from] crate::model::BlocAssignmentError),
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
        "bridges must be one per member in member order: {expected} members, {found} bridges, \
         the first out of place at position {position}"
    )]
    Bridges {
        expected: usize,
        found: usize,
        /// The first position whose bridge is not that member's (the shorter length when only
        /// the lengths differ).
        position: usize,
    },
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

/// [`crate::model::check_blocs`], with the swing stage's error type.
pub(crate) fn check_blocs(
    data: &crate::model::Dataset,
    blocs: &[u32],
) -> Result<usize, SwingError> {
    Ok(crate::model::check_blocs(data, blocs)?)
}
