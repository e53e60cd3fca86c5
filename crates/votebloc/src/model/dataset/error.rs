//! Why a dataset could not be built or merged.

use super::*;

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
