//! Errors of the ingest stage, each naming the file and (where there is one) the line.

use crate::model::{DatasetError, Tally, excerpt};
use std::path::PathBuf;

/// Why an input could not be read. Every error of an input's content (all but
/// [`IngestError::Io`]) names the file and the line (the first line for what concerns the
/// whole file: its format, its emptiness), a PDF's errors the page where there is one.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:1: the file is empty (expected a UN vote record or a CSV with a header)")]
    Empty { path: PathBuf },
    #[error("{path}:{line}:{column}: not UTF-8 text ({detail}); expected a UTF-8 text or CSV file")]
    Encoding {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{path}:1: unrecognised format: {found}; expected {expected}")]
    UnknownFormat {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path}:{line}:{column}: expected {expected}, found {found}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        expected: String,
        found: String,
    },
    #[error("{path}:{line}: missing column {column:?} (the header has: {})", excerpt(.header))]
    MissingColumn {
        path: PathBuf,
        line: usize,
        column: String,
        header: String,
    },
    #[error("{path}:{line}: unknown {what} {}{}", excerpt(.name), suggestion_text(.suggestions))]
    UnknownMember {
        path: PathBuf,
        line: usize,
        /// "state name", "country code", "COW code", …
        what: String,
        name: String,
        suggestions: Vec<String>,
    },
    #[error(
        "{path}:{line}: vote on {motion}: the lists hold {found} (yes/no/abstain) but the document states {stated}{detail}"
    )]
    TallyMismatch {
        path: PathBuf,
        line: usize,
        motion: String,
        stated: Tally,
        found: Tally,
        /// Which lists disagree, the names read, what is missing ("; …"), or empty.
        detail: String,
    },
    /// A recorded vote whose lists cannot be checked: the record ends inside them, or the
    /// tally the record states for its other votes is missing for this one.
    #[error("{path}:{line}: {detail}")]
    Unchecked {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("{path}{}: unreadable PDF: {detail}", page_text(*.page))]
    Pdf {
        path: PathBuf,
        /// 1-based page at fault, when one is.
        page: Option<u32>,
        detail: String,
    },
    #[error("{path}:{line}: no recorded vote found ({detail})")]
    NoVotes {
        path: PathBuf,
        /// Where the votes were looked for from (the first data row of a CSV).
        line: usize,
        detail: String,
    },
    /// A line, a record or a whole text over the limit of what is read: refused before it is
    /// held whole.
    #[error("{path}:{line}: {what}; {limit}")]
    TooLong {
        path: PathBuf,
        line: usize,
        /// What is too long, and how long ("line 1 is 2000000000 bytes long").
        what: String,
        /// The limit it goes over.
        limit: String,
    },
    #[error("{path}:{line}: malformed CSV: {message}")]
    Csv {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

fn page_text(page: Option<u32>) -> String {
    page.map_or(String::new(), |p| format!(": page {p}"))
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; closest known names: {}", suggestions.join(", "))
    }
}

impl IngestError {
    /// True when the input was read but its content is invalid (exit code 3), as opposed to
    /// a file that could not be read at all (exit code 1).
    pub fn is_invalid_data(&self) -> bool {
        !matches!(self, IngestError::Io { .. })
    }

    /// Wraps a `csv` crate error with the file name and the line it happened on. The readers
    /// use their own tokeniser; its tests compare it with the `csv` crate through this.
    #[cfg(test)]
    pub(crate) fn from_csv(path: &std::path::Path, err: csv::Error) -> IngestError {
        let line = err.position().map(|p| p.line() as usize).unwrap_or(0);
        match err.into_kind() {
            csv::ErrorKind::Io(source) => IngestError::Io {
                path: path.to_path_buf(),
                source,
            },
            csv::ErrorKind::Utf8 { pos, err } => IngestError::Encoding {
                path: path.to_path_buf(),
                line: pos.map(|p| p.line() as usize).unwrap_or(line),
                column: err.field() + 1,
                detail: format!("invalid UTF-8 in field {}", err.field() + 1),
            },
            csv::ErrorKind::UnequalLengths {
                pos,
                expected_len,
                len,
            } => IngestError::Csv {
                path: path.to_path_buf(),
                line: pos.map(|p| p.line() as usize).unwrap_or(line),
                message: format!("expected {expected_len} fields, found {len}"),
            },
            other => IngestError::Csv {
                path: path.to_path_buf(),
                line,
                message: format!("{other:?}"),
            },
        }
    }
}
