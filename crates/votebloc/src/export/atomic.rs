//! Atomic output of one file, the errors of the export stage, and the cleanup of what killed
//! runs left behind.
//!
//! One file ([`write_with`], [`Output`]) is written to a temporary file in the folder of its
//! target, flushed to the disk (`fsync`), then renamed over the target: a reader, or a run
//! killed at any instant, sees the complete old file or the complete new one. The `fsync`
//! comes first because a rename can reach the disk before the data it names: after a power
//! loss the target could otherwise be empty. (The previous scheme renamed an existing target
//! aside first, which avoided ext4's flush on rename-over, `auto_da_alloc`, but left the target
//! missing between the two renames; measurements in `BENCHMARKS.md`, "Atomic outputs".)
//! A folder of files that belong together is written as one set by
//! [`OutputDir`](crate::export::OutputDir) (`export/output_dir.rs`).
//!
//! Every temporary entry has a recognisable name, `.votebloc-tmp-PID-RANDOM` (a file) or
//! `.votebloc-staging-PID-RANDOM` (a folder), and its writer holds an advisory lock (`flock`)
//! on it while it lives. The next run that writes into the same folder removes the ones whose
//! writer is gone ([`remove_stale`]): the lock is free, and the process `PID` has ended (or the
//! entry is older than [`STALE_AFTER`], for a `PID` since reused). The lock decides across
//! PID namespaces (containers sharing a folder), the PID covers the instant between the
//! entry's creation and its lock.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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
    #[error("{path}: is a folder where votebloc writes a file (move it away or write elsewhere)")]
    FolderInTheWay { path: PathBuf },
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

/// The start of every name votebloc gives a temporary entry (and gave, in earlier versions).
pub(crate) const PREFIX: &str = ".votebloc-";
/// A temporary file: `.votebloc-tmp-PID-RANDOM`.
const TMP_PREFIX: &str = ".votebloc-tmp-";
/// A staging folder: `.votebloc-staging-PID-RANDOM`.
pub(crate) const STAGING_PREFIX: &str = ".votebloc-staging-";
/// Inside a staging folder: the old set, when it was renamed aside (where folders cannot be
/// exchanged in one step), and the file naming the target it came from.
pub(crate) const ASIDE: &str = "old";
pub(crate) const ASIDE_TARGET: &str = "target-name";

/// An entry whose lock is free but whose `PID` runs is stale once older than this: that
/// process is another one with the same number (a writer locks its entry right after
/// creating it, long before this).
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// A temporary file of an earlier version (`.votebloc-XXXXXX.tmp`, no PID, no lock) is
/// removed once older than this: no run writes one file for so long.
const OLD_TMP_AFTER: Duration = Duration::from_secs(3600);

/// The folder that holds `path` (`.` for a bare name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Locks `path` (a file or a folder) for as long as the returned handle lives, so that
/// [`remove_stale`] in another process leaves it alone. `None` where the platform cannot
/// lock it (the entry is then never judged stale by its lock).
pub(crate) fn lock(path: &Path) -> Option<File> {
    let file = File::open(path).ok()?;
    file.lock().ok()?;
    Some(file)
}

/// True when the process `pid` has ended (false when unknown).
fn process_gone(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        // 0 and negative numbers name process groups, not a process.
        let Ok(pid @ 1..) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 sends nothing; it only checks that the process exists.
        let status = unsafe { libc::kill(pid, 0) };
        status == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        false
    }
}

/// The PID in `.votebloc-tmp-PID-…` or `.votebloc-staging-PID-…`.
fn owner(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(TMP_PREFIX)
        .or_else(|| name.strip_prefix(STAGING_PREFIX))?;
    rest.split('-').next()?.parse().ok()
}

fn age(meta: &fs::Metadata) -> Duration {
    meta.modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or_default()
}

/// True when the entry `path` (owned by `pid`) was left by a writer that is gone.
fn is_stale(path: &Path, pid: u32, meta: &fs::Metadata) -> bool {
    // Opening a pipe or a device would block or act: only files and folders are ours.
    if pid == std::process::id() || !(meta.is_file() || meta.is_dir()) {
        return false;
    }
    let Ok(file) = File::open(path) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => process_gone(pid) || age(meta) > STALE_AFTER,
        Err(_) => false,
    }
}

/// Removes a stale staging folder. One that holds an old set renamed aside (`old`, the
/// target being then missing) puts it back first: that run was killed between its two
/// renames, and the folder keeps its previous content.
fn remove_staging(folder: &Path, staging: &Path) -> io::Result<()> {
    let aside = staging.join(ASIDE);
    if aside.is_dir()
        && let Ok(name) = fs::read_to_string(staging.join(ASIDE_TARGET))
    {
        let target = folder.join(name);
        if fs::symlink_metadata(&target).is_err() {
            fs::rename(&aside, &target)?;
        }
    }
    fs::remove_dir_all(staging)
}

/// Removes from `folder` the temporary entries of votebloc runs that are gone: temporary files
/// and staging folders whose writer ended without cleaning up (killed, or stopped by a power
/// loss), and the leftovers of earlier versions (`.votebloc-old-PID-NAME`, a file renamed
/// aside, put back when `NAME` is missing; `.votebloc-XXXXXX.tmp` older than an hour). Entries
/// of runs still going are left alone. Returns the paths removed (or put back).
///
/// Best effort: an entry that cannot be removed (another user's, say) is skipped, and a
/// folder that cannot be read gives an empty list.
///
/// # Complexity
///
/// O(entries of `folder`), plus the size of what is removed.
///
/// # Examples
///
/// ```
/// use votebloc::export::remove_stale;
/// let dir = tempfile::tempdir().unwrap();
/// // A staging folder of a process that has ended (Linux gives no PID above 2^22).
/// let stale = dir.path().join(".votebloc-staging-4194305-AbCdEfGh");
/// std::fs::create_dir(&stale).unwrap();
/// std::fs::write(dir.path().join("mine.csv"), "kept\n").unwrap();
/// # #[cfg(target_os = "linux")] {
/// assert_eq!(remove_stale(dir.path()), vec![stale.clone()]);
/// assert!(!stale.exists());
/// # }
/// assert!(dir.path().join("mine.csv").exists());
/// ```
pub fn remove_stale(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let done = if let Some(pid) = owner(name) {
            if !is_stale(&path, pid, &meta) {
                continue;
            }
            if meta.is_dir() {
                remove_staging(folder, &path)
            } else {
                fs::remove_file(&path)
            }
        } else if let Some(rest) = name.strip_prefix(".votebloc-old-") {
            // Earlier versions: `.votebloc-old-PID-NAME`, the previous NAME renamed aside.
            let Some((pid, original)) = rest.split_once('-') else {
                continue;
            };
            let Ok(pid) = pid.parse::<u32>() else {
                continue;
            };
            if !process_gone(pid) || meta.is_dir() {
                continue;
            }
            let original = folder.join(original);
            if fs::symlink_metadata(&original).is_err() {
                fs::rename(&path, &original)
            } else {
                fs::remove_file(&path)
            }
        } else if name.len() == ".votebloc-XXXXXX.tmp".len()
            && name.ends_with(".tmp")
            && meta.is_file()
            && age(&meta) > OLD_TMP_AFTER
        {
            fs::remove_file(&path)
        } else {
            continue;
        };
        if done.is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// A temporary file in the folder of `path`, locked, to be renamed to `path` once written.
fn temp_beside(path: &Path) -> Result<(tempfile::NamedTempFile, Option<File>), ExportError> {
    let dir = folder_of(path);
    remove_stale(dir);
    let prefix = format!("{TMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix("");
    // Outputs are ordinary files, readable by others (tempfile's default is owner-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    let temp = builder.tempfile_in(dir).map_err(ExportError::io(path))?;
    let lock = lock(temp.path());
    Ok((temp, lock))
}

/// Where an output goes: a file written atomically, or stdout for `-`.
pub enum Output {
    File {
        target: PathBuf,
        temp: BufWriter<tempfile::NamedTempFile>,
        /// Held until the file is in place: see [`remove_stale`].
        lock: Option<File>,
    },
    Stdout(io::StdoutLock<'static>),
}

impl Output {
    /// Opens `path` for writing (`-` is stdout): a temporary file in the folder of `path`
    /// (which must exist), after removing the stale temporary entries there (see
    /// [`remove_stale`]). The file appears only on [`Output::commit`]; dropping the
    /// `Output` before deletes the temporary file.
    ///
    /// # Errors
    ///
    /// [`ExportError::Io`] naming `path` when the temporary file cannot be created (the
    /// folder is missing or not writable).
    ///
    /// # Complexity
    ///
    /// O(entries of the folder), for the cleanup.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    /// use votebloc::export::Output;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("x.csv");
    /// let mut out = Output::create(&path).unwrap();
    /// out.write_all(b"a,b\n").unwrap();
    /// assert!(!path.exists());
    /// out.commit().unwrap();
    /// assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
    /// ```
    pub fn create(path: &Path) -> Result<Output, ExportError> {
        if path.as_os_str() == "-" {
            return Ok(Output::Stdout(io::stdout().lock()));
        }
        let (temp, lock) = temp_beside(path)?;
        Ok(Output::File {
            target: path.to_path_buf(),
            temp: BufWriter::with_capacity(1 << 16, temp),
            lock,
        })
    }

    /// Flushes the file to the disk and renames it over its target (or flushes stdout).
    ///
    /// # Errors
    ///
    /// [`ExportError::Io`] naming the target when writing, flushing or renaming fails (a
    /// folder in the way, say); the target is then left as it was.
    ///
    /// # Complexity
    ///
    /// O(size of the file), the time to write it to the disk.
    ///
    /// # Examples
    ///
    /// See [`Output::create`].
    pub fn commit(self) -> Result<(), ExportError> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(ExportError::io(Path::new("-"))),
            Output::File { target, temp, lock } => {
                let temp = temp
                    .into_inner()
                    .map_err(|e| ExportError::io(&target)(e.into_error()))?;
                temp.as_file()
                    .sync_all()
                    .map_err(ExportError::io(&target))?;
                temp.persist(&target)
                    .map_err(|e| ExportError::io(&target)(e.error))?;
                drop(lock);
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

    /// The temporary file being written (`None` for stdout): what a program removes when it
    /// stops before [`Output::commit`] without running destructors (on a signal, say).
    pub fn temp_path(&self) -> Option<&Path> {
        match self {
            Output::File { temp, .. } => Some(temp.get_ref().path()),
            Output::Stdout(_) => None,
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

/// Writes one file atomically with `write` filling it (`-`: stdout); see [`Output`].
///
/// # Errors
///
/// [`ExportError::Io`] naming `path` when the file cannot be created, written or put in
/// place; the target is then left as it was.
///
/// # Complexity
///
/// That of `write`, plus O(size) to flush the file to the disk.
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("x.csv");
/// std::fs::write(&path, "old\n").unwrap();
/// votebloc::export::write_with(&path, |o| o.write_all(b"new\n")).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
/// assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
/// ```
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut Output) -> io::Result<()>,
) -> Result<(), ExportError> {
    let mut out = Output::create(path)?;
    write(&mut out).map_err(ExportError::io(path))?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A PID that is no process: a child that has been waited for.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn a_file_replaces_the_old_one_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("votes.csv");
        fs::write(&target, "old\n").unwrap();
        let mut out = Output::create(&target).unwrap();
        out.write_all(b"new\n").unwrap();
        // Written but not in place until committed; the temporary file is named as such.
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        let temp = out.temp_path().unwrap().to_path_buf();
        let temp_name = temp.file_name().unwrap().to_str().unwrap();
        assert_eq!(owner(temp_name), Some(std::process::id()));
        out.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(names(dir.path()), vec!["votes.csv"]);
    }

    #[test]
    fn a_dropped_output_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("blocs.csv");
        fs::write(&target, "old\n").unwrap();
        let mut out = Output::create(&target).unwrap();
        out.write_all(b"new\n").unwrap();
        drop(out);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(names(dir.path()), vec!["blocs.csv"]);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        fs::create_dir(&target).unwrap();
        let error = write_with(&target, |o| o.write_all(b"x")).unwrap_err();
        assert!(error.to_string().contains("report.html"), "{error}");
        assert_eq!(names(dir.path()), vec!["report.html"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_entries_go_and_live_or_foreign_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let dead = dead_pid();
        let live = std::process::id();
        fs::write(d.join(format!(".votebloc-tmp-{dead}-aaaaaa")), "x").unwrap();
        fs::create_dir(d.join(format!(".votebloc-staging-{dead}-bbbbbbbb"))).unwrap();
        fs::write(d.join(format!(".votebloc-staging-{dead}-bbbbbbbb/x")), "x").unwrap();
        // Ours (alive, and locked), and a locked one of a PID that looks gone (another
        // PID namespace): both stay.
        fs::write(d.join(format!(".votebloc-tmp-{live}-cccccc")), "x").unwrap();
        let foreign = d.join(format!(".votebloc-tmp-{dead}-dddddd"));
        fs::write(&foreign, "x").unwrap();
        let _held = lock(&foreign).unwrap();
        // Earlier versions: a file renamed aside whose target is gone comes back.
        fs::write(d.join(format!(".votebloc-old-{dead}-votes.csv")), "old\n").unwrap();
        // The user's files stay, whatever their names.
        fs::write(d.join(".votebloc"), "mine").unwrap();
        fs::write(d.join("notes.md"), "mine").unwrap();
        let mut removed = remove_stale(d);
        removed.sort();
        assert_eq!(removed.len(), 3, "{removed:?}");
        let mut expected = vec![
            ".votebloc".to_string(),
            format!(".votebloc-tmp-{dead}-dddddd"),
            format!(".votebloc-tmp-{live}-cccccc"),
            "notes.md".to_string(),
            "votes.csv".to_string(),
        ];
        expected.sort();
        assert_eq!(names(d), expected);
        assert_eq!(fs::read_to_string(d.join("votes.csv")).unwrap(), "old\n");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_stale_staging_folder_puts_back_the_set_it_renamed_aside() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let staging = d.join(format!(".votebloc-staging-{}-eeeeeeee", dead_pid()));
        fs::create_dir_all(staging.join(ASIDE)).unwrap();
        fs::write(staging.join(ASIDE).join("blocs.csv"), "old\n").unwrap();
        fs::write(staging.join(ASIDE_TARGET), "results").unwrap();
        fs::create_dir(staging.join("set")).unwrap();
        assert_eq!(remove_stale(d), vec![staging]);
        assert_eq!(names(d), vec!["results"]);
        assert_eq!(
            fs::read_to_string(d.join("results/blocs.csv")).unwrap(),
            "old\n"
        );
    }
}
