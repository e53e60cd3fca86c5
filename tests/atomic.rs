//! Output folders are replaced as a set: a run killed at any instant (SIGKILL at random
//! moments, or at each step of the commit through the binary's test hook), or stopped by
//! SIGINT, SIGTERM or SIGHUP, leaves the complete old set or the complete new one, with the user's
//! own files in place; what a killed run left is removed by the next run.
//!
//! The old set is the seed's analysis (it has a `vote_grid.svg`), the new one the Senate's
//! (it has none: the old one must go with the old set), both next to files of the user's.

mod common;

use common::votebloc;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The Senate 117: a mid-size input (≈ 95,000 votes, 6 MB of outputs).
const SENATE: [&str; 5] = [
    "notebooks-data/voteview/S117_votes.csv.gz",
    "--members",
    "notebooks-data/voteview/S117_members.csv",
    "--min-votes",
    "10",
];

/// A folder's content: relative path → bytes (folders listed with no bytes).
type Snapshot = BTreeMap<PathBuf, Option<Vec<u8>>>;

fn snapshot(dir: &Path) -> Snapshot {
    fn walk(root: &Path, dir: &Path, into: &mut Snapshot) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                into.insert(relative, None);
                walk(root, &path, into);
            } else {
                into.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    let mut into = Snapshot::new();
    if dir.exists() {
        walk(dir, dir, &mut into);
    }
    into
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temporaries(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".votebloc-"))
        .collect()
}

/// `votebloc analyze ARGS -o DIR` as a process of its own, from the project's root.
fn analyze(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_votebloc"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("analyze")
        .args(args)
        .arg("-o")
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The files of the user's kept in every output folder of these tests.
fn add_user_files(dir: &Path) {
    fs::create_dir_all(dir.join(".ipynb_checkpoints")).unwrap();
    fs::write(dir.join(".ipynb_checkpoints/look-checkpoint.ipynb"), "{}").unwrap();
    fs::write(dir.join("look.ipynb"), "{\"cells\": []}").unwrap();
}

/// The reference sets: the old (seed) and new (Senate) folders with the user's files, and
/// the time of one run of the new analysis.
struct References {
    _dir: tempfile::TempDir,
    old_dir: PathBuf,
    old: Snapshot,
    new: Snapshot,
    run_time: Duration,
}

fn references() -> References {
    let dir = tempfile::tempdir().unwrap();
    let old_dir = dir.path().join("old");
    let new_dir = dir.path().join("new");
    assert!(analyze(&[], &old_dir).status().unwrap().success());
    let start = Instant::now();
    assert!(analyze(&SENATE, &new_dir).status().unwrap().success());
    let run_time = start.elapsed();
    add_user_files(&old_dir);
    add_user_files(&new_dir);
    let old = snapshot(&old_dir);
    let new = snapshot(&new_dir);
    assert!(old.contains_key(Path::new("vote_grid.svg")));
    assert!(!new.contains_key(Path::new("vote_grid.svg")));
    assert_ne!(old, new);
    References {
        _dir: dir,
        old_dir,
        old,
        new,
        run_time,
    }
}

/// Makes `dir` a copy of the old set (and the user's files).
fn reset(refs: &References, dir: &Path) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    fs::create_dir_all(dir.join(".ipynb_checkpoints")).unwrap();
    for (path, bytes) in &refs.old {
        if let Some(bytes) = bytes {
            fs::write(dir.join(path), bytes).unwrap();
        }
    }
    assert_eq!(snapshot(dir), refs.old);
}

#[derive(Debug, PartialEq)]
enum Found {
    Old,
    New,
}

/// Which complete set `dir` holds; panics, naming the difference, when neither.
fn which_set(refs: &References, dir: &Path, when: &str) -> Found {
    let found = snapshot(dir);
    if found == refs.old {
        return Found::Old;
    }
    if found == refs.new {
        return Found::New;
    }
    let differ = |reference: &Snapshot| -> Vec<String> {
        let keys: std::collections::BTreeSet<_> = found.keys().chain(reference.keys()).collect();
        keys.into_iter()
            .filter(|k| found.get(*k) != reference.get(*k))
            .map(|k| k.display().to_string())
            .collect()
    };
    panic!(
        "{when}: the folder holds neither set; differs from the old one in {:?}, from the new \
         one in {:?}",
        differ(&refs.old),
        differ(&refs.new)
    );
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(unix)]
#[test]
fn sigkill_at_20_random_moments_leaves_the_complete_old_or_new_set() {
    let refs = references();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("results");
    // Seeded moments: half over the whole run, half around its end, where the commit is.
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(17);
    let whole = refs.run_time.as_secs_f64();
    let mut counts = BTreeMap::new();
    for attempt in 0..20 {
        let at = if attempt % 2 == 0 {
            rng.gen_range(0.0..whole)
        } else {
            rng.gen_range(0.8 * whole..1.2 * whole)
        };
        reset(&refs, &dir);
        let mut child = analyze(&SENATE, &dir).spawn().unwrap();
        std::thread::sleep(Duration::from_secs_f64(at));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let when = format!("attempt {attempt}, SIGKILL after {at:.3} s ({status})");
        let found = which_set(&refs, &dir, &when);
        *counts
            .entry(format!(
                "{found:?} ({})",
                status.code().map_or("killed", |_| "ended")
            ))
            .or_insert(0) += 1;
        // A killed run may leave its staging folder beside the target, never in it.
        assert!(temporaries(&dir).is_empty(), "{when}: {:?}", names(&dir));
    }
    eprintln!("whole run {whole:.3} s; outcomes: {counts:?}");
    // The next run removes what the killed ones left.
    assert!(analyze(&SENATE, &dir).status().unwrap().success());
    assert_eq!(which_set(&refs, &dir, "the run after"), Found::New);
    assert_eq!(names(work.path()), ["results"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_kill_before_each_step_of_the_commit_leaves_the_old_set_then_the_new_one() {
    let refs = references();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("results");
    let mut outcomes = Vec::new();
    for step in 1.. {
        reset(&refs, &dir);
        let status = analyze(&SENATE, &dir)
            .env("VOTEBLOC_TEST_KILL_AT_STEP", step.to_string())
            .status()
            .unwrap();
        let when = format!("killed before commit step {step}");
        if status.success() {
            // Past the last step: the run ended and cleaned up.
            assert_eq!(which_set(&refs, &dir, "the last run"), Found::New);
            assert_eq!(names(work.path()), ["results"]);
            break;
        }
        assert_eq!(signal_of(status), Some(9), "{when}: {status}");
        outcomes.push(which_set(&refs, &dir, &when));
        // The run before this one was killed too: its staging folder is gone, and this
        // run's is the only one left.
        let left = temporaries(work.path());
        assert!(left.len() <= 1, "{when}: {left:?}");
        assert!(step < 200, "the commit never ends");
    }
    // Old up to the exchange, new from it on: at least one of each.
    let first_new = outcomes.iter().position(|f| *f == Found::New);
    let first_new = first_new.unwrap_or_else(|| panic!("never the new set: {outcomes:?}"));
    assert!(first_new > 0, "{outcomes:?}");
    assert!(outcomes[first_new..].iter().all(|f| *f == Found::New));
    eprintln!(
        "{} steps: the old set when killed before steps 1..={first_new}, the new one after",
        outcomes.len()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn sigint_sigterm_and_sighup_remove_the_staging_folder_and_leave_the_old_set() {
    let refs = references();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("results");
    // The UNGA history: its outputs take long enough to write that the signal comes
    // while the staging folder is being filled.
    let unga = [
        "notebooks-data/unvotes/un_votes.csv.gz",
        "--roll-calls",
        "notebooks-data/unvotes/un_roll_calls.csv.gz",
        "--lenient",
    ];
    for (signal, code) in [
        (libc::SIGTERM, 143),
        (libc::SIGINT, 130),
        (libc::SIGHUP, 129),
    ] {
        let mut tries = 0;
        loop {
            tries += 1;
            reset(&refs, &dir);
            let mut child = analyze(&unga, &dir).spawn().unwrap();
            let staged = loop {
                if !temporaries(work.path()).is_empty() {
                    break true;
                }
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                std::thread::sleep(Duration::from_micros(200));
            };
            // SAFETY: sends a signal to the child, which has not been waited for.
            unsafe { libc::kill(child.id() as libc::pid_t, signal) };
            let status = child.wait().unwrap();
            if !staged || status.success() {
                // The run ended before the signal: try again (the machine was slow).
                assert!(tries < 5, "signal {signal}: the run always ended first");
                continue;
            }
            // Ended by the signal itself, as a shell sees it: `$?` is 128 + the signal.
            assert_eq!(signal_of(status), Some(signal), "signal {signal}: {status}");
            assert_eq!(128 + signal, code);
            assert_eq!(
                which_set(&refs, &dir, &format!("signal {signal}")),
                Found::Old
            );
            assert_eq!(names(work.path()), ["results"], "signal {signal}");
            break;
        }
    }
    assert_eq!(snapshot(&refs.old_dir), refs.old);
}

#[cfg(target_os = "linux")]
#[test]
fn stale_temporaries_of_gone_runs_are_removed_by_the_next_run_and_live_ones_kept() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("results");
    fs::create_dir(&dir).unwrap();
    // A process that has ended.
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale_staging = work
        .path()
        .join(format!(".votebloc-staging-{dead}-AbCdEfGh"));
    fs::create_dir_all(stale_staging.join("set")).unwrap();
    fs::write(stale_staging.join("set/votes.csv"), "partial").unwrap();
    let stale_inside = dir.join(format!(".votebloc-staging-{dead}-IjKlMnOp"));
    fs::create_dir_all(&stale_inside).unwrap();
    let stale_file = work.path().join(format!(".votebloc-tmp-{dead}-QrStUv"));
    fs::write(&stale_file, "partial").unwrap();
    // One whose writer lives (this test holds its lock): it stays.
    let live = work.path().join(format!(".votebloc-tmp-{dead}-WxYzAb"));
    fs::write(&live, "being written").unwrap();
    let held = fs::File::open(&live).unwrap();
    held.lock().unwrap();
    votebloc()
        .arg("analyze")
        .arg("-o")
        .arg(&dir)
        .assert()
        .success();
    assert_eq!(
        temporaries(work.path()),
        [format!(".votebloc-tmp-{dead}-WxYzAb")]
    );
    assert!(temporaries(&dir).is_empty(), "{:?}", names(&dir));
    assert!(dir.join("report.html").exists());
    // Beside a single file too.
    fs::write(&stale_file, "partial").unwrap();
    votebloc()
        .arg("report")
        .arg("-o")
        .arg(work.path().join("r.html"))
        .assert()
        .success();
    assert_eq!(
        temporaries(work.path()),
        [format!(".votebloc-tmp-{dead}-WxYzAb")]
    );
    drop(held);
}

#[test]
fn the_current_folder_is_written_file_by_file_with_a_note() {
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("vote_grid.svg"), "old").unwrap();
    fs::write(work.path().join("mine.txt"), "mine").unwrap();
    let assert = votebloc()
        .current_dir(work.path())
        .args(["analyze", "-o", "."])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("files replaced one by one, not as one set"),
        "{stderr}"
    );
    let found = names(work.path());
    assert!(found.contains(&"report.html".to_string()), "{found:?}");
    assert!(found.contains(&"mine.txt".to_string()), "{found:?}");
    // The seed's analysis has a vote grid: the old one was replaced.
    assert_ne!(fs::read(work.path().join("vote_grid.svg")).unwrap(), b"old");
    assert!(temporaries(work.path()).is_empty(), "{found:?}");
}
