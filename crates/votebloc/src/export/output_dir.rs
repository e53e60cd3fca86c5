//! A folder of outputs written as one set: the files of a run are written into a staging
//! folder beside the target, then swapped in with one rename, so that a reader, or a run
//! killed at any instant, finds the complete old set or the complete new one.
//!
//! How ([`OutputDir::commit`]):
//!
//! 1. The files are written into `.votebloc-staging-PID-RANDOM/set/`, a folder beside the
//!    target (same file system, so a rename can move it), locked by its writer so that the
//!    next run can tell a live one from a stale one (`export/atomic.rs`). Each file is flushed
//!    to the disk (`fsync`) once written: a rename can reach the disk before the data it
//!    names, and after a power loss the new set would then hold empty files (ext4 flushes a
//!    file's delayed data at a rename only when it replaces another file). This costs the time
//!    for the disk to take the outputs, waiting but no CPU; the exchange itself costs nothing
//!    measurable (`BENCHMARKS.md`, "Atomic outputs"). [`OutputDir::synced`] turns it off.
//! 2. The entries of the old folder that are not votebloc's (a notebook, a `.ipynb_checkpoints`
//!    folder, a file of another command) are hard-linked into `set/`, folders recreated with
//!    their permissions: they stay in place, the same files, before and after the swap.
//!    The old files of the set (the `names` given to [`OutputDir::create`]) are not:
//!    a file this run does not write (`vote_grid.svg` when no member split its votes) goes.
//! 3. One `renameat2(RENAME_EXCHANGE)` swaps `set/` and the target (Linux); where the target
//!    is absent, one rename that never replaces. The old set, now in the staging folder,
//!    is removed, then the staging folder.
//!
//! Where the swap cannot be made, the weaker guarantee, each file complete but the set
//! possibly mixed after a kill, is what the run gets ([`Commit::FileByFile`] says why): the
//! target is the root or a mount point, holds the current folder (a shell or notebook
//! kernel working in it would be left in the deleted old folder), its parent folder is not
//! writable, or an entry of the user's cannot be hard-linked (another user's file under
//! `fs.protected_hardlinks`, a mount point inside). There the staged files are renamed over
//! the old ones one by one. Where folders cannot be exchanged (not Linux, or a file system
//! without `RENAME_EXCHANGE`), the old folder is renamed into the staging folder and the new
//! one into place ([`Commit::Replaced`]): a kill between the two renames leaves the target
//! missing, and the next run puts the old set back.
//!
//! A stale staging folder is removed by the next run that writes beside it or into the
//! target ([`remove_stale`](crate::export::remove_stale)); a program that stops on a signal
//! removes [`OutputDir::staging`] itself (the library installs no signal handler).

use super::atomic::remove_stale;
use super::atomic::{ASIDE, ASIDE_TARGET, ExportError, PREFIX, STAGING_PREFIX, folder_of, lock};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// The writer [`OutputDir::write_with`] hands to the code filling a file.
pub type FileWriter = BufWriter<File>;

/// How a set was put in place by [`OutputDir::commit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commit {
    /// The target did not exist: the staging folder was renamed to it.
    Created,
    /// The new folder and the old one were exchanged in one rename.
    Swapped,
    /// The old folder was renamed aside, then the new one into place (no exchange here).
    Replaced,
    /// The files were renamed over the old ones one by one, for the reason given: each file
    /// is complete, but a kill may leave old and new files side by side.
    FileByFile {
        /// Why the folder could not be swapped as a whole.
        reason: String,
    },
}

#[derive(Debug)]
enum Mode {
    Create,
    Swap,
    InPlace(String),
}

/// A set of output files being written: see the module documentation. Files are written
/// with [`OutputDir::write_with`] (from several threads if wanted), then put in place
/// together by [`OutputDir::commit`]; dropping an `OutputDir` before removes what it wrote
/// and leaves the target as it was.
#[derive(Debug)]
pub struct OutputDir {
    /// The target as given, for messages.
    target: PathBuf,
    /// The target, resolved (a symbolic link to a folder stays a link).
    resolved: PathBuf,
    staging: PathBuf,
    set: PathBuf,
    names: BTreeSet<String>,
    mode: Mode,
    synced: bool,
    /// Held while the staging folder lives: see `export/atomic.rs`.
    lock: Option<File>,
    /// Set when the staging folder must stay (it holds the old set) or is gone.
    keep_staging: bool,
}

/// True for the errors of a `renameat2` flag the kernel or the file system does not know.
fn unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = error;
        true
    }
}

#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let from = CString::new(from.as_os_str().as_bytes())?;
    let to = CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: two NUL-terminated paths that outlive the call, both relative to the working
    // folder; the kernel reads nothing else.
    let status = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Exchanges two folders in one step.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        renameat2(a, b, libc::RENAME_EXCHANGE)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

/// Renames `from` to `to`, failing if `to` exists.
fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(from, to, libc::RENAME_NOREPLACE) {
        Err(e) if unsupported(&e) => {}
        other => return other,
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    fs::rename(from, to)
}

/// Flushes a folder's entries to the disk.
fn sync_folder(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// Hard-links `from` (a file, a link, or a folder and everything in it) to `to`.
fn link_tree(from: &Path, to: &Path, before: &mut dyn FnMut(&str)) -> io::Result<()> {
    let meta = fs::symlink_metadata(from)?;
    before("link a file of the user's into the new set");
    if meta.is_dir() {
        fs::create_dir(to)?;
        fs::set_permissions(to, meta.permissions())?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()), before)?;
        }
        Ok(())
    } else {
        fs::hard_link(from, to)
    }
}

/// Removes a folder and everything in it, calling `before` before each removal.
fn remove_tree(path: &Path, before: &mut dyn FnMut(&str)) -> io::Result<()> {
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path(), before)?;
        } else {
            before("remove a file of the old set");
            fs::remove_file(entry.path())?;
        }
    }
    before("remove a folder of the old set");
    fs::remove_dir(path)
}

/// Why the folder `target` cannot be exchanged as a whole (None: it can); `working` is the
/// working folder, both resolved.
fn cannot_swap(target: &Path, working: Option<&Path>) -> Option<String> {
    let Some(parent) = target.parent() else {
        return Some("it is the root folder".into());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let device = |p: &Path| fs::metadata(p).map(|m| m.dev()).ok();
        if device(target) != device(parent) {
            return Some("it is a mount point".into());
        }
    }
    if working.is_some_and(|w| w.starts_with(target)) {
        return Some("it is the current folder or holds it".into());
    }
    None
}

/// Creates the staging folder `.votebloc-staging-PID-RANDOM` in `folder`, locked.
fn make_staging(folder: &Path) -> io::Result<(PathBuf, Option<File>)> {
    let prefix = format!("{STAGING_PREFIX}{}-", std::process::id());
    let staging = tempfile::Builder::new()
        .prefix(&prefix)
        .rand_bytes(8)
        .tempdir_in(folder)?
        .keep();
    let lock = lock(&staging);
    Ok((staging, lock))
}

impl OutputDir {
    /// Starts a set of files for the folder `target` (created with its parents if missing).
    /// `names` are the files the set may hold: the old ones of these names that the run does
    /// not write again are removed on commit; the other entries of the folder are kept.
    /// Removes the stale staging folders and temporary files of killed runs beside `target`
    /// and in it first (see [`remove_stale`](crate::export::remove_stale)).
    ///
    /// Files are flushed to the disk as they are written (see the module documentation);
    /// [`OutputDir::synced`] turns that off.
    ///
    /// # Errors
    ///
    /// [`ExportError::NotADirectory`] when something else than a folder is at `target`;
    /// [`ExportError::Io`] naming `target` when it or the staging folder cannot be created.
    ///
    /// # Complexity
    ///
    /// O(entries beside and in `target`), for the cleanup.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    /// use votebloc::export::{Commit, OutputDir};
    /// let dir = tempfile::tempdir().unwrap();
    /// let target = dir.path().join("results");
    /// std::fs::create_dir(&target).unwrap();
    /// std::fs::write(target.join("old.svg"), "old").unwrap();
    /// std::fs::write(target.join("notebook.ipynb"), "mine").unwrap();
    /// let out = OutputDir::create(&target, &["new.csv", "old.svg"]).unwrap();
    /// out.write_with("new.csv", |o| o.write_all(b"a\n")).unwrap();
    /// // Nothing is in place before the commit.
    /// assert!(!target.join("new.csv").exists());
    /// let how = out.commit().unwrap();
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(how, Commit::Swapped);
    /// let mut names: Vec<_> = std::fs::read_dir(&target).unwrap()
    ///     .map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    /// names.sort();
    /// assert_eq!(names, ["new.csv", "notebook.ipynb"]);
    /// // Nothing left beside it.
    /// assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    /// ```
    pub fn create(target: &Path, names: &[&str]) -> Result<OutputDir, ExportError> {
        let shown = target.to_path_buf();
        let exists = match fs::metadata(target) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => return Err(ExportError::NotADirectory { path: shown }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(target).is_ok() {
                    // A symbolic link to nothing.
                    return Err(ExportError::NotADirectory { path: shown });
                }
                false
            }
            Err(e) => return Err(ExportError::io(target)(e)),
        };
        let io = |e| ExportError::io(target)(e);
        let working = std::env::current_dir().and_then(fs::canonicalize).ok();
        let (resolved, mode) = match (exists, target.file_name()) {
            (true, _) => {
                let resolved = fs::canonicalize(target).map_err(io)?;
                let mode =
                    cannot_swap(&resolved, working.as_deref()).map_or(Mode::Swap, Mode::InPlace);
                (resolved, mode)
            }
            (false, Some(name)) => {
                let parent = folder_of(target);
                fs::create_dir_all(parent).map_err(io)?;
                let resolved = fs::canonicalize(parent).map_err(io)?.join(name);
                (resolved, Mode::Create)
            }
            (false, None) => {
                // `a/..` and the like: no name to rename to; made empty, then filled.
                fs::create_dir_all(target).map_err(io)?;
                let resolved = fs::canonicalize(target).map_err(io)?;
                let mode =
                    cannot_swap(&resolved, working.as_deref()).map_or(Mode::Swap, Mode::InPlace);
                (resolved, mode)
            }
        };
        let beside = folder_of(&resolved).to_path_buf();
        remove_stale(&beside);
        if exists {
            remove_stale(&resolved);
        }
        let (mode, made) = match mode {
            Mode::InPlace(reason) => (Mode::InPlace(reason), make_staging(&resolved)),
            mode => match make_staging(&beside) {
                Err(e)
                    if exists
                        && matches!(
                            e.kind(),
                            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                        ) =>
                {
                    let reason = "its parent folder is not writable".to_string();
                    (Mode::InPlace(reason), make_staging(&resolved))
                }
                made => (mode, made),
            },
        };
        let (staging, lock) = made.map_err(io)?;
        let set = staging.join("set");
        let out = OutputDir {
            target: shown,
            resolved,
            set,
            staging,
            names: names.iter().map(|n| n.to_string()).collect(),
            mode,
            synced: true,
            lock,
            keep_staging: false,
        };
        fs::create_dir(&out.set).map_err(io)?;
        Ok(out)
    }

    /// Whether each file is flushed to the disk once written (the default, `true`): without
    /// it a kill still leaves the complete old or new set, but a power loss soon after the
    /// commit may leave empty files.
    pub fn synced(mut self, synced: bool) -> OutputDir {
        self.synced = synced;
        self
    }

    /// The target folder as given to [`OutputDir::create`].
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The staging folder (everything this set wrote until it is committed): what a program
    /// removes when it stops before the commit without running destructors (on a signal).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Writes the file `name` of the set with `write` filling it (not in place until
    /// [`OutputDir::commit`]). May be called from several threads at once, for different
    /// names.
    ///
    /// # Errors
    ///
    /// [`ExportError::Io`] naming the file in the target folder when it cannot be created
    /// (a name written twice, say), written or flushed.
    ///
    /// # Complexity
    ///
    /// That of `write`, plus O(size) to flush the file to the disk.
    ///
    /// # Examples
    ///
    /// See [`OutputDir::create`].
    pub fn write_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut FileWriter) -> io::Result<()>,
    ) -> Result<(), ExportError> {
        let shown = self.target.join(name);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Outputs are ordinary files, readable by others, as they always were.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        let file = options
            .open(self.set.join(name))
            .map_err(ExportError::io(&shown))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        write(&mut out).map_err(ExportError::io(&shown))?;
        let file = out
            .into_inner()
            .map_err(|e| ExportError::io(&shown)(e.into_error()))?;
        if self.synced {
            file.sync_all().map_err(ExportError::io(&shown))?;
        }
        Ok(())
    }

    /// Puts the set in place (see the module documentation) and says how.
    ///
    /// # Errors
    ///
    /// [`ExportError::FolderInTheWay`] when the target holds a folder where the set has a
    /// file (nothing is changed then); [`ExportError::Io`] naming the target when a rename
    /// or a removal fails. Up to the swap the target is left as it was; after it, it holds
    /// the complete new set (a failure then leaves only the old set in the staging folder,
    /// which the next run removes).
    ///
    /// # Complexity
    ///
    /// O(entries of the old and the new folder).
    ///
    /// # Examples
    ///
    /// See [`OutputDir::create`].
    pub fn commit(self) -> Result<Commit, ExportError> {
        self.commit_with(|_| ())
    }

    /// [`OutputDir::commit`], calling `before` with a description before each step that
    /// changes the file system, so that a test can stop the process there.
    ///
    /// # Errors
    ///
    /// As [`OutputDir::commit`].
    ///
    /// # Complexity
    ///
    /// As [`OutputDir::commit`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    /// let dir = tempfile::tempdir().unwrap();
    /// let out = votebloc::export::OutputDir::create(&dir.path().join("new"), &[]).unwrap();
    /// out.write_with("a.csv", |o| o.write_all(b"a\n")).unwrap();
    /// let mut steps = Vec::new();
    /// out.commit_with(|step| steps.push(step.to_string())).unwrap();
    /// assert_eq!(steps, ["rename the new set into place", "remove the staging folder"]);
    /// ```
    pub fn commit_with(mut self, mut before: impl FnMut(&str)) -> Result<Commit, ExportError> {
        let result = self.put_in_place(&mut before);
        if result.is_ok() && !self.keep_staging {
            before("remove the staging folder");
            fs::remove_dir(&self.staging).map_err(ExportError::io(&self.target))?;
            self.keep_staging = true;
        }
        result
    }

    fn put_in_place(&mut self, before: &mut dyn FnMut(&str)) -> Result<Commit, ExportError> {
        let io = |e| ExportError::io(&self.target)(e);
        let written: BTreeSet<String> = fs::read_dir(&self.set)
            .map_err(io)?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<io::Result<_>>()
            .map_err(io)?;
        match &self.mode {
            Mode::Create => {
                before("rename the new set into place");
                rename_new(&self.set, &self.resolved).map_err(io)?;
                if self.synced {
                    sync_folder(folder_of(&self.resolved)).map_err(io)?;
                }
                Ok(Commit::Created)
            }
            Mode::InPlace(reason) => {
                let reason = reason.clone();
                self.file_by_file(&written, reason, before)
            }
            Mode::Swap => {
                let kept = self.entries_kept(&written)?;
                for name in &kept {
                    let linked = link_tree(&self.resolved.join(name), &self.set.join(name), before);
                    if let Err(e) = linked {
                        let reason = format!("{} cannot be hard-linked: {e}", name);
                        return self.file_by_file(&written, reason, before);
                    }
                }
                // The folder keeps its permissions; given only now, once the set is
                // complete, as they may forbid writing.
                let permissions = fs::metadata(&self.resolved).map_err(io)?.permissions();
                fs::set_permissions(&self.set, permissions).map_err(io)?;
                if self.synced {
                    sync_folder(&self.set).map_err(io)?;
                }
                before("exchange the new set and the old one");
                match exchange(&self.set, &self.resolved) {
                    Ok(()) => {
                        if self.synced {
                            sync_folder(folder_of(&self.resolved)).map_err(io)?;
                        }
                        remove_tree(&self.set, before).map_err(io)?;
                        Ok(Commit::Swapped)
                    }
                    Err(e) if unsupported(&e) => self.rename_aside(before),
                    Err(e) => Err(io(e)),
                }
            }
        }
    }

    /// The entries of the old folder to keep (not votebloc's temporaries, not of the set);
    /// an error if one of the set's names is a folder there.
    fn entries_kept(&self, written: &BTreeSet<String>) -> Result<Vec<String>, ExportError> {
        let io = |e| ExportError::io(&self.target)(e);
        let mut kept = Vec::new();
        for entry in fs::read_dir(&self.resolved).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(PREFIX) {
                continue;
            }
            if written.contains(&name) || self.names.contains(&name) {
                if entry.file_type().map_err(io)?.is_dir() {
                    return Err(ExportError::FolderInTheWay {
                        path: self.target.join(name),
                    });
                }
            } else {
                kept.push(name);
            }
        }
        Ok(kept)
    }

    /// The weaker commit: each staged file renamed over the old one.
    fn file_by_file(
        &mut self,
        written: &BTreeSet<String>,
        reason: String,
        before: &mut dyn FnMut(&str),
    ) -> Result<Commit, ExportError> {
        let io = |e| ExportError::io(&self.target)(e);
        self.entries_kept(written)?;
        for name in written {
            before("rename a new file over the old one");
            fs::rename(self.set.join(name), self.resolved.join(name)).map_err(io)?;
        }
        for name in self.names.difference(written) {
            before("remove an old file the new set does not have");
            match fs::remove_file(self.resolved.join(name)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io(e)),
                _ => {}
            }
        }
        if self.synced {
            sync_folder(&self.resolved).map_err(io)?;
        }
        remove_tree(&self.set, before).map_err(io)?;
        Ok(Commit::FileByFile { reason })
    }

    /// The commit where folders cannot be exchanged: the old folder renamed into the staging
    /// folder (with a note of its name, for the next run to put it back after a kill), the
    /// new one into place.
    fn rename_aside(&mut self, before: &mut dyn FnMut(&str)) -> Result<Commit, ExportError> {
        let io = |e| ExportError::io(&self.target)(e);
        let aside = self.staging.join(ASIDE);
        let name = self.resolved.file_name().unwrap_or_default();
        before("note the name of the target");
        fs::write(self.staging.join(ASIDE_TARGET), name.as_encoded_bytes()).map_err(io)?;
        before("rename the old set aside");
        fs::rename(&self.resolved, &aside).map_err(io)?;
        before("rename the new set into place");
        if let Err(e) = fs::rename(&self.set, &self.resolved) {
            if fs::rename(&aside, &self.resolved).is_err() {
                // The old set stays in the staging folder, for the next run to put back.
                self.keep_staging = true;
            }
            return Err(io(e));
        }
        remove_tree(&aside, before).map_err(io)?;
        before("remove the note of the name");
        fs::remove_file(self.staging.join(ASIDE_TARGET)).map_err(io)?;
        Ok(Commit::Replaced)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.keep_staging {
            let _ = fs::remove_dir_all(&self.staging);
        }
        drop(self.lock.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn write(out: &OutputDir, name: &str, text: &str) {
        out.write_with(name, |o| o.write_all(text.as_bytes()))
            .unwrap();
    }

    #[test]
    fn a_new_folder_is_renamed_into_place_and_nothing_stays_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/results");
        let out = OutputDir::create(&target, &["x.csv"]).unwrap();
        write(&out, "x.csv", "new\n");
        assert!(!target.exists());
        assert_eq!(out.commit().unwrap(), Commit::Created);
        assert_eq!(names(&target), ["x.csv"]);
        assert_eq!(names(&dir.path().join("a/b")), ["results"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_user_s_entries_stay_and_old_files_of_the_set_go() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::create_dir_all(target.join(".ipynb_checkpoints/deep")).unwrap();
        fs::write(target.join(".ipynb_checkpoints/deep/n.ipynb"), "mine").unwrap();
        fs::write(target.join("x.csv"), "old\n").unwrap();
        fs::write(target.join("vote_grid.svg"), "old\n").unwrap();
        fs::write(target.join("notes.md"), "mine").unwrap();
        // A leftover of an earlier version: not carried into the new set.
        fs::write(target.join(".votebloc-AbCdEf.tmp"), "junk").unwrap();
        let out = OutputDir::create(&target, &["x.csv", "vote_grid.svg"]).unwrap();
        write(&out, "x.csv", "new\n");
        let mut steps = Vec::new();
        let how = out.commit_with(|s| steps.push(s.to_string())).unwrap();
        assert_eq!(how, Commit::Swapped);
        assert_eq!(names(&target), [".ipynb_checkpoints", "notes.md", "x.csv"]);
        assert_eq!(fs::read_to_string(target.join("x.csv")).unwrap(), "new\n");
        assert_eq!(
            fs::read_to_string(target.join(".ipynb_checkpoints/deep/n.ipynb")).unwrap(),
            "mine"
        );
        assert_eq!(names(dir.path()), ["results"]);
        let exchange = steps
            .iter()
            .position(|s| s.starts_with("exchange"))
            .unwrap();
        assert!(steps[..exchange].iter().all(|s| s.starts_with("link")));
        assert_eq!(exchange, 4, "{steps:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_folder_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::create_dir(&target).unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o750)).unwrap();
        let out = OutputDir::create(&target, &["x.csv"]).unwrap();
        write(&out, "x.csv", "new\n");
        assert_eq!(out.commit().unwrap(), Commit::Swapped);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o750);
    }

    #[test]
    fn a_folder_where_the_set_has_a_file_is_an_error_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::create_dir_all(target.join("report.html")).unwrap();
        fs::write(target.join("x.csv"), "old\n").unwrap();
        let out = OutputDir::create(&target, &["x.csv", "report.html"]).unwrap();
        write(&out, "x.csv", "new\n");
        write(&out, "report.html", "new\n");
        let error = out.commit().unwrap_err();
        assert!(
            matches!(&error, ExportError::FolderInTheWay { path } if path.ends_with("report.html")),
            "{error}"
        );
        assert_eq!(names(&target), ["report.html", "x.csv"]);
        assert_eq!(fs::read_to_string(target.join("x.csv")).unwrap(), "old\n");
        assert_eq!(names(dir.path()), ["results"]);
    }

    #[test]
    fn a_dropped_set_leaves_the_old_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("x.csv"), "old\n").unwrap();
        let out = OutputDir::create(&target, &["x.csv"]).unwrap();
        write(&out, "x.csv", "new\n");
        drop(out);
        assert_eq!(names(&target), ["x.csv"]);
        assert_eq!(fs::read_to_string(target.join("x.csv")).unwrap(), "old\n");
        assert_eq!(names(dir.path()), ["results"]);
    }

    #[test]
    fn a_file_at_the_target_is_an_error_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::write(&target, "keep me").unwrap();
        let error = OutputDir::create(&target, &[]).unwrap_err();
        assert!(
            matches!(error, ExportError::NotADirectory { .. }),
            "{error}"
        );
        assert_eq!(names(dir.path()), ["results"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        fs::write(real.join("x.csv"), "old\n").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let out = OutputDir::create(&link, &["x.csv"]).unwrap();
        write(&out, "x.csv", "new\n");
        out.commit().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(real.join("x.csv")).unwrap(), "new\n");
        assert_eq!(names(dir.path()), ["link", "real"]);
    }

    #[test]
    fn the_current_folder_is_not_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let target = fs::canonicalize(dir.path()).unwrap();
        let reason = cannot_swap(&target, Some(&target.join("x"))).unwrap();
        assert!(reason.contains("current folder"), "{reason}");
        assert_eq!(cannot_swap(&target, Some(Path::new("/"))), None);
        assert!(cannot_swap(Path::new("/"), None).is_some());
    }

    #[test]
    fn a_set_committed_file_by_file_replaces_and_removes_the_old_files_of_the_set() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("x.csv"), "old\n").unwrap();
        fs::write(target.join("gone.svg"), "old\n").unwrap();
        fs::write(target.join("notes.md"), "mine").unwrap();
        let mut out = OutputDir::create(&target, &["x.csv", "gone.svg"]).unwrap();
        out.mode = Mode::InPlace("a test".into());
        write(&out, "x.csv", "new\n");
        let how = out.commit().unwrap();
        assert_eq!(
            how,
            Commit::FileByFile {
                reason: "a test".into()
            }
        );
        assert_eq!(names(&target), ["notes.md", "x.csv"]);
        assert_eq!(fs::read_to_string(target.join("x.csv")).unwrap(), "new\n");
        assert_eq!(names(dir.path()), ["results"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_rename_aside_commit_leaves_the_new_set_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("results");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("x.csv"), "old\n").unwrap();
        let mut out = OutputDir::create(&target, &["x.csv"]).unwrap();
        write(&out, "x.csv", "new\n");
        let how = out.rename_aside(&mut |_| ()).unwrap();
        assert_eq!(how, Commit::Replaced);
        drop(out);
        assert_eq!(fs::read_to_string(target.join("x.csv")).unwrap(), "new\n");
        assert_eq!(names(dir.path()), ["results"]);
    }
}
