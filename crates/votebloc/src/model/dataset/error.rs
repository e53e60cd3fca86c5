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
        "{second_path}:{second_line}: conflicting votes of {member} on motion {motion}: {second} here, {first} in {first_path}:{first_line}"
    )]
    ConflictingAcrossFiles {
        first_path: PathBuf,
        /// 1-based line of the first vote in its file (0 when it came from no line).
        first_line: u32,
        second_path: PathBuf,
        second_line: u32,
        motion: String,
        member: String,
        first: Vote,
        second: Vote,
    },
    #[error("{path}:{line}: too many distinct source vote codes (more than 65,535)")]
    TooManyCodes { path: PathBuf, line: u32 },
    #[error("{path}:{line}: too many votes (more than 4,294,967,295)")]
    TooManyVotes { path: PathBuf, line: u32 },
    /// An id, name or title that breaks the rules of [`check_text`](crate::model::check_text):
    /// too long, or holding a control character.
    #[error("{path}{}: {what} {text} {problem}", line_text(*.line))]
    BadText {
        path: PathBuf,
        /// The line of the first vote that uses the text (0: none).
        line: u32,
        /// `member code`, `motion title`, …
        what: &'static str,
        /// The text as [`excerpt`](crate::model::excerpt) quotes it.
        text: String,
        problem: crate::model::TextProblem,
    },
}

fn line_text(line: u32) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}
