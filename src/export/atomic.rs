//! Atomic output: write to a temporary file beside the target, then rename it into place, so
//! that an interrupted run never leaves a half-written file.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Errors of the export stage.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot write")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: is not a directory (an output folder was expected there)")]
    NotADirectory { path: PathBuf },
    #[error("{path}: cannot encode CSV: {message}")]
    Csv { path: PathBuf, message: String },
    #[error("{path}: cannot encode JSON: {message}")]
    Json { path: PathBuf, message: String },
}

impl ExportError {
    pub(crate) fn io(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
        move |source| ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A temporary file in the folder of `path`, to be renamed to `path` once written.
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, ExportError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".votebloc-").suffix(".tmp");
    // Outputs are ordinary files, readable by others (tempfile's default is owner-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir).map_err(ExportError::io(path))
}

/// Where an output goes: a file written atomically, or stdout for `-`.
pub enum Output {
    File {
        target: PathBuf,
        temp: BufWriter<tempfile::NamedTempFile>,
    },
    Stdout(io::StdoutLock<'static>),
}

impl Output {
    /// Opens `path` for writing (`-` is stdout). The file appears only on [`Output::commit`].
    pub fn create(path: &Path) -> Result<Output, ExportError> {
        if path.as_os_str() == "-" {
            return Ok(Output::Stdout(io::stdout().lock()));
        }
        let temp = temp_beside(path)?;
        Ok(Output::File {
            target: path.to_path_buf(),
            temp: BufWriter::with_capacity(1 << 16, temp),
        })
    }

    /// Flushes and moves the file into place (or flushes stdout).
    pub fn commit(self) -> Result<(), ExportError> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(ExportError::io(Path::new("-"))),
            Output::File { target, temp } => {
                let temp = temp
                    .into_inner()
                    .map_err(|e| ExportError::io(&target)(e.into_error()))?;
                temp.persist(&target)
                    .map_err(|e| ExportError::io(&target)(e.error))?;
                Ok(())
            }
        }
    }

    /// The path written (`-` for stdout).
    pub fn path(&self) -> &Path {
        match self {
            Output::File { target, .. } => target,
            Output::Stdout(_) => Path::new("-"),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File { temp, .. } => temp.write(buf),
            Output::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File { temp, .. } => temp.flush(),
            Output::Stdout(out) => out.flush(),
        }
    }
}

/// Makes sure `dir` exists and is a directory (creating it and its parents if needed).
pub fn ensure_dir(dir: &Path) -> Result<(), ExportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    fs::create_dir_all(dir).map_err(ExportError::io(dir))
}

/// Writes one file atomically with `write` filling it.
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut Output) -> io::Result<()>,
) -> Result<(), ExportError> {
    let mut out = Output::create(path)?;
    write(&mut out).map_err(ExportError::io(path))?;
    out.commit()
}

/// The writer [`stage_with`] hands to the code filling a file.
pub type StagedWriter = BufWriter<tempfile::NamedTempFile>;

/// A file written in full to a temporary beside its target but not yet in place:
/// [`Staged::commit`] renames it to the target, dropping it deletes it. Files that belong
/// together (the outputs of one run) are staged first, possibly on several threads, and
/// committed only when all of them were written, so a failure leaves none of them.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl Staged {
    /// Moves the file into place.
    pub fn commit(self) -> Result<(), ExportError> {
        let target = self.target;
        self.temp
            .persist(&target)
            .map_err(|e| ExportError::io(&target)(e.error))?;
        Ok(())
    }

    /// The path the file will have.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// Writes one file with `write` filling it, to a temporary: see [`Staged`].
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut StagedWriter) -> io::Result<()>,
) -> Result<Staged, ExportError> {
    let mut out = BufWriter::with_capacity(1 << 16, temp_beside(path)?);
    write(&mut out).map_err(ExportError::io(path))?;
    let temp = out
        .into_inner()
        .map_err(|e| ExportError::io(path)(e.into_error()))?;
    Ok(Staged {
        target: path.to_path_buf(),
        temp,
    })
}

/// Commits staged files in order; the first failure stops (the files after it are deleted).
pub fn commit_all(staged: Vec<Staged>) -> Result<(), ExportError> {
    for file in staged {
        file.commit()?;
    }
    Ok(())
}
