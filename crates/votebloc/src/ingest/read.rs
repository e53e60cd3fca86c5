//! Reading inputs of any supported format into one [`Dataset`].

use super::{
    Format, IngestError, IngestOptions, detect, long_csv, source, un_text, undl, unvotes, voeten,
    voteview,
};
use crate::model::Dataset;
use std::path::Path;

/// Reads one input, detecting its format unless `options.format` says it.
///
/// ```no_run
/// use votebloc::ingest::{read_input, IngestOptions};
/// let data = read_input("report.txt".as_ref(), &IngestOptions::default()).unwrap();
/// println!("{} motions", data.motions.len());
/// ```
pub fn read_input(path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
    let format = match options.format {
        Some(f) => f,
        None => detect::detect(path)?,
    };
    let open = || source::open_with_progress(path, options.progress.as_deref());
    let mut data = match format {
        Format::Un => {
            let text = source::read_text(path)?;
            un_text::parse(path, &text, options)?
        }
        Format::Long => long_csv::read_file(path, options.progress.as_deref())?,
        Format::Unvotes => unvotes::read_file(path, options)?,
        Format::Voeten => voeten::read(path, open()?, options)?,
        Format::Undl => undl::read(path, open()?, options)?,
        Format::Voteview => voteview::read(path, open()?, options)?,
    };
    data.sources = vec![path.to_path_buf()];
    Ok(data)
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
