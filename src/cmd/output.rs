//! Writing outputs: sets of files ([`Dir`]) and single files ([`write_file`]) put in place
//! atomically by the library, and removed when the program is stopped by SIGINT, SIGTERM or
//! SIGHUP before they are ([`handle_signals`]: the program's to install, never the library's).
//!
//! A test hook: with `VOTEBLOC_TEST_KILL_AT_STEP=K` in the environment, the program kills
//! itself with SIGKILL before the K-th step (from 1) of the commits of its output folders,
//! as a kill at that instant would, so that `tests/atomic.rs` can check every step.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use votebloc::export::{Commit, ExportError, Output, OutputDir};

/// The temporary entries (staging folders, temporary files) not yet committed, in the order
/// made. The lock is held through each commit, so a signal waits for it to end: the target
/// then holds the complete old or new set, and what is listed here is only temporary.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The environment variable of the test hook (see the module documentation).
const KILL_AT_STEP: &str = "VOTEBLOC_TEST_KILL_AT_STEP";

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a list that is still right.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn forget(list: &mut Vec<PathBuf>, path: &Path) {
    if let Some(i) = list.iter().position(|p| p == path) {
        list.remove(i);
    }
}

/// Removes a temporary entry; a folder is tried again when a thread still writing into it
/// made a file meanwhile.
fn remove(path: &Path) {
    for _ in 0..3 {
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
        if removed.is_ok() || !path.exists() {
            return;
        }
    }
}

/// Makes SIGINT, SIGTERM and SIGHUP remove the temporary entries of the outputs not yet
/// committed, then end the program by the same signal (the shell's `$?` is then 130, 143 or
/// 129). A signal ignored when the program started (SIGINT in a job a shell started in the
/// background, SIGHUP under `nohup`) stays ignored.
///
/// Must be called first in `main`, before any other thread exists: the signals are
/// blocked in every thread and taken by one thread of their own (`sigwait`), which may
/// then remove files and wait for a commit, as a signal handler may not. Elsewhere than
/// Linux, nothing is installed: the signals end the program at once, and the next run
/// removes what it left (see [`votebloc::export::remove_stale`]).
pub fn handle_signals() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `sigset_t` and `sigaction` are plain C structures that the calls fill;
        // `sigaction` with a null new action only reads the current one; no other thread
        // exists yet, so the mask set here is inherited by all of them.
        let set = unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                let mut current: libc::sigaction = std::mem::zeroed();
                libc::sigaction(signal, std::ptr::null(), &mut current);
                if current.sa_sigaction != libc::SIG_IGN {
                    libc::sigaddset(&mut set, signal);
                }
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return;
            }
            set
        };
        let waiter = move || {
            loop {
                let mut signal = 0;
                // SAFETY: `set` is an initialised signal set; `signal` receives the number.
                if unsafe { libc::sigwait(&set, &mut signal) } == 0 {
                    let list = pending();
                    for path in list.iter() {
                        remove(path);
                    }
                    end_by(signal);
                }
            }
        };
        // Without the thread the signals stay blocked: the program can then only be
        // stopped by SIGKILL, so a failure to start it unblocks them again.
        if std::thread::Builder::new()
            .name("signals".into())
            .spawn(waiter)
            .is_err()
        {
            // SAFETY: as above.
            unsafe {
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            }
        }
    }
}

/// Ends the program by `signal` itself, its default action restored, so that the parent
/// sees a death by that signal (a shell script stops on a Ctrl-C of its child; `$?` is
/// 128 + the signal); exit code 128 + the signal if it does not.
#[cfg(target_os = "linux")]
fn end_by(signal: libc::c_int) -> ! {
    // SAFETY: restores the default action of a signal and unblocks it in this thread only,
    // then sends it to this thread: the default action ends the whole process.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        let mut one: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut one);
        libc::sigaddset(&mut one, signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &one, std::ptr::null_mut());
        libc::raise(signal);
    }
    std::process::exit(128 + signal);
}

/// The step before which the test hook kills the program (0: never), and the steps so far.
static KILL_AT: AtomicUsize = AtomicUsize::new(usize::MAX);
static STEPS: AtomicUsize = AtomicUsize::new(0);

fn before_step(what: &str) {
    let mut at = KILL_AT.load(Ordering::Relaxed);
    if at == usize::MAX {
        at = std::env::var(KILL_AT_STEP)
            .ok()
            .and_then(|k| k.parse().ok())
            .unwrap_or(0);
        KILL_AT.store(at, Ordering::Relaxed);
    }
    let step = STEPS.fetch_add(1, Ordering::Relaxed) + 1;
    if step == at {
        eprintln!("{KILL_AT_STEP}: killed before step {step}: {what}");
        #[cfg(target_os = "linux")]
        // SAFETY: sends SIGKILL to this process, as `kill -9` would.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
}

/// An output folder being written: [`OutputDir`], its staging folder removed on a signal.
pub struct Dir {
    out: Option<OutputDir>,
}

impl Dir {
    /// [`OutputDir::create`] for `target` with the names of its set.
    pub fn create(target: &Path, names: &[&str]) -> Result<Dir, ExportError> {
        let mut list = pending();
        let out = OutputDir::create(target, names)?;
        list.push(out.staging().to_path_buf());
        Ok(Dir { out: Some(out) })
    }

    /// The set being written.
    pub fn out(&self) -> &OutputDir {
        self.out
            .as_ref()
            .expect("a Dir is committed only once, by value")
    }

    /// Puts the set in place (signals wait meanwhile); notes on stderr when the folder was
    /// written file by file, without the guarantee of a set.
    pub fn commit(mut self) -> Result<(), ExportError> {
        let out = self
            .out
            .take()
            .expect("a Dir is committed only once, by value");
        let mut list = pending();
        let staging = out.staging().to_path_buf();
        let target = out.target().to_path_buf();
        let how = out.commit_with(before_step);
        forget(&mut list, &staging);
        if let Ok(Commit::FileByFile { reason }) = &how {
            eprintln!(
                "note: {}: files replaced one by one, not as one set ({reason})",
                target.display()
            );
        }
        how.map(|_| ())
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        if let Some(out) = self.out.take() {
            let mut list = pending();
            forget(&mut list, out.staging());
            drop(out);
        }
    }
}

/// Writes one file atomically (`-`: stdout) with `write` filling it; its temporary file is
/// removed on a signal. See [`votebloc::export::write_with`].
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut Output) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    let mut out = {
        let mut list = pending();
        let out = Output::create(path)?;
        if let Some(temp) = out.temp_path() {
            list.push(temp.to_path_buf());
        }
        out
    };
    let temp = out.temp_path().map(Path::to_path_buf);
    let written = write(&mut out).map_err(|e| ExportError::Io {
        path: path.to_path_buf(),
        source: e,
    });
    let mut list = pending();
    let result = written.and_then(|()| out.commit());
    if let Some(temp) = temp {
        forget(&mut list, &temp);
    }
    result
}
