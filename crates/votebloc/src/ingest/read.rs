//! Reading inputs of any supported format into one [`Dataset`].

use super::{IngestError, IngestOptions, READERS, read_input_with, un_text};
use crate::model::Dataset;
use std::path::{Path, PathBuf};

/// Reads one input with the built-in readers ([`READERS`]), detecting its format unless
/// `options.format` says it.
///
/// # Errors
/// See [`read_input_with`].
///
/// # Examples
///
/// ```no_run
/// use votebloc::ingest::{read_input, IngestOptions};
/// let data = read_input("report.txt".as_ref(), &IngestOptions::default()).unwrap();
/// println!("{} motions", data.motions.len());
/// ```
pub fn read_input(path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
    read_input_with(READERS, path, options)
}

/// Reads every input and merges them (conflicting votes across files are an error). A
/// directory stands for the files in it (by name, not recursing, hidden files left out). When
/// several inputs are read, a UN record without any recorded vote (a meeting that adopted
/// everything without a vote) adds nothing and a warning, instead of failing the whole set.
///
/// # Errors
///
/// The first input's error, or [`IngestError::Dataset`] for votes that conflict across files.
pub fn read_inputs(
    paths: &[impl AsRef<Path>],
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let paths = expand_directories(paths)?;
    let mut datasets = Vec::with_capacity(paths.len());
    let mut skipped = Vec::new();
    for path in &paths {
        match read_input(path, options) {
            Err(IngestError::NoVotes { path, line, detail }) if paths.len() > 1 => {
                skipped.push(format!(
                    "{}:{line}: no recorded vote found ({detail}); nothing read from it",
                    path.display()
                ));
            }
            other => datasets.push(other?),
        }
    }
    if datasets.is_empty() {
        return Err(IngestError::NoVotes {
            path: paths.first().cloned().unwrap_or_default(),
            line: 1,
            detail: format!("none of the {} inputs holds a recorded vote", paths.len()),
        });
    }
    let mut data = Dataset::merge(datasets)?;
    data.stats.warnings.extend(skipped);
    Ok(data)
}

/// The inputs with each directory replaced by its files, sorted by name.
fn expand_directories(paths: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let path = path.as_ref();
        if !path.is_dir() {
            out.push(path.to_path_buf());
            continue;
        }
        let io = |source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(IngestError::Empty {
                path: path.to_path_buf(),
            });
        }
        out.extend(files);
    }
    Ok(out)
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
