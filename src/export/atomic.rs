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
        let temp = builder.tempfile_in(dir).map_err(ExportError::io(path))?;
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
