//! UN report and verbatim-record text (placeholder; the full parser replaces it).

use super::{IngestError, IngestOptions};
use crate::model::Dataset;
use std::path::Path;

/// Parses the recorded votes of a UN document.
pub fn parse(path: &Path, _text: &str, _options: &IngestOptions) -> Result<Dataset, IngestError> {
    Err(IngestError::NoVotes {
        path: path.to_path_buf(),
        detail: "parser not written yet".to_string(),
    })
}
