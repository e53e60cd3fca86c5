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

/// Renames the written temporary file to `target`. A file already at `target` is first renamed
/// aside, then removed: renaming over an existing file makes ext4 (its `auto_da_alloc`
/// safeguard) start writing the new file to disk within the rename, about 1 ms per MB spent
/// before the command can end, where otherwise the kernel writes it in the background. A
/// reader never sees a half-written file; between the two renames the target is absent.
fn move_into_place(temp: tempfile::NamedTempFile, target: &Path) -> Result<(), ExportError> {
    let existing = fs::symlink_metadata(target).is_ok_and(|m| !m.is_dir());
    let aside = existing.then(|| {
        let name = target
            .file_name()
            .map_or_else(Default::default, |n| n.to_os_string());
        let mut aside = std::ffi::OsString::from(".votebloc-old-");
        aside.push(format!("{}-", std::process::id()));
        aside.push(name);
        target.with_file_name(aside)
    });
    if let Some(aside) = &aside {
        fs::rename(target, aside).map_err(ExportError::io(target))?;
    }
    if let Err(error) = temp.persist(target) {
        if let Some(aside) = &aside {
            // Put the previous file back: a failed run leaves what was there.
            let _ = fs::rename(aside, target);
        }
        return Err(ExportError::io(target)(error.error));
    }
    if let Some(aside) = &aside {
        fs::remove_file(aside).map_err(ExportError::io(target))?;
    }
    Ok(())
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
                move_into_place(temp, &target)
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
        move_into_place(self.temp, &self.target)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staged_files_replace_existing_ones_and_leave_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("votes.csv");
        fs::write(&target, "old\n").unwrap();
        let staged = stage_with(&target, |o| o.write_all(b"new\n")).unwrap();
        // Written but not in place until committed.
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(names(dir.path()).len(), 2);
        commit_all(vec![staged]).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(names(dir.path()), vec!["votes.csv"]);
    }

    #[test]
    fn dropped_staged_files_leave_the_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("blocs.csv");
        fs::write(&target, "old\n").unwrap();
        drop(stage_with(&target, |o| o.write_all(b"new\n")).unwrap());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(names(dir.path()), vec!["blocs.csv"]);
    }
}
