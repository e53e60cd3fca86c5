//! Reading inputs of any supported format into one [`Dataset`].

use super::{IngestError, IngestOptions, READERS, read_input_with, un_text};
use crate::model::Dataset;
use std::path::Path;

/// Reads one input with the built-in readers ([`READERS`]), detecting its format unless
/// `options.format` says it.
///
/// # Errors
/// See [`read_input_with`].
///
/// ```no_run
/// use votebloc::ingest::{read_input, IngestOptions};
/// let data = read_input("report.txt".as_ref(), &IngestOptions::default()).unwrap();
/// println!("{} motions", data.motions.len());
/// ```
pub fn read_input(path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
    read_input_with(READERS, path, options)
}

/// Reads every input and merges them (conflicting votes across files are an error).
pub fn read_inputs(
    paths: &[impl AsRef<Path>],
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let datasets = paths
        .iter()
        .map(|p| read_input(p.as_ref(), options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Dataset::merge(datasets)?)
}

/// The seed report embedded in the binary: the First Committee report on draft
/// A/C.1/77/L.56 (French, 10 November 2022), five recorded votes.
pub const EMBEDDED_SEED_NAME: &str = "notebooks-data/seed_A-C.1-77-L.56_fr.txt";
/// Text of [`EMBEDDED_SEED_NAME`].
pub const EMBEDDED_SEED: &str =
    include_str!("../../../../notebooks-data/seed_A-C.1-77-L.56_fr.txt");

/// Parses the embedded seed report.
pub fn read_embedded(options: &IngestOptions) -> Result<Dataset, IngestError> {
    let path = Path::new(EMBEDDED_SEED_NAME);
    let mut data = un_text::parse(path, EMBEDDED_SEED, options)?;
    data.sources = vec![path.to_path_buf()];
    Ok(data)
}
