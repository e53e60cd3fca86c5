//! Reader for the undl format (not written yet).

use super::{IngestError, IngestOptions};
use crate::model::Dataset;
use std::io::Read;
use std::path::Path;

/// Reads a undl file.
pub fn read(
    path: &Path,
    _input: impl Read,
    _options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        found: "the undl format".to_string(),
        expected: "a format this build reads".to_string(),
    })
}
