//! The exports as statistics tools and a second run read them, from the real binary: `ingest -o
//! DIR` read back by `analyze DIR/votes.csv` (with the motions.csv and members.csv beside it)
//! gives the analysis of the source, on the seed (whose paragraph votes must stay linked to
//! the whole text) and on UNGA session 70; every CSV of `analyze -o` loads in pandas and in R
//! with the types notebooks-data/README.md documents (tests/pandas_check.py, tests/r_check.R).

mod common;

use common::votebloc;
use std::path::{Path, PathBuf};

const UNVOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const ROLL_CALLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";
const SEED: &str = "notebooks-data/seed_A-C.1-77-L.56_fr.txt";

/// Runs votebloc with `args` (from the project's root) and returns its stdout and stderr.
fn run(args: &[&str]) -> (String, String) {
    let output = votebloc().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

/// The files of an analysis that must be the same when the source is read back from `ingest`.
const ANALYSIS: [&str; 7] = [
    "blocs.csv",
    "similarity.csv",
    "swing.csv",
    "split_votes.csv",
    "defections.csv",
    "cohesion.csv",
    "cohesion_summary.csv",
];

/// Analyses `source` (input arguments) directly and through `ingest -o` then `analyze
/// DIR/votes.csv`, and checks that the two give the same files and the same summary.
fn round_trip(source: &[&str]) {
    let work = tempfile::tempdir().unwrap();
    let (ingested, direct, again) = (
        path(work.path(), "ingested"),
        path(work.path(), "direct"),
        path(work.path(), "again"),
    );
    run(&[&["ingest"], source, &["-o", &ingested]].concat());
    let (direct_stdout, _) = run(&[&["analyze"], source, &["-o", &direct]].concat());
    let votes = path(Path::new(&ingested), "votes.csv");
    let (again_stdout, stderr) = run(&["analyze", &votes, "-o", &again]);
    assert!(
        stderr.contains("motions.csv and ") && stderr.contains("members.csv beside"),
        "{stderr}"
    );
    for name in ANALYSIS {
        let read = |dir: &str| std::fs::read(Path::new(dir).join(name)).unwrap();
        assert!(
            read(&direct) == read(&again),
            "{name} differs after the round trip"
        );
    }
    assert_eq!(direct_stdout, again_stdout);
}

#[test]
fn the_seed_read_back_from_ingest_keeps_its_split_votes() {
    round_trip(&[SEED]);
    // Without motions.csv the paragraphs lose their whole text: no split vote is found.
    let work = tempfile::tempdir().unwrap();
    let dir = path(work.path(), "d");
    run(&["ingest", SEED, "-o", &dir]);
    let empty = path(work.path(), "empty_motions.csv");
    std::fs::write(&empty, "motion\n").unwrap();
    let (stdout, stderr) = run(&[
        "swing",
        &path(Path::new(&dir), "votes.csv"),
        "--roll-calls",
        &empty,
    ]);
    assert!(!stdout.contains("on whole"), "{stdout}");
    assert!(stderr.contains("5 motion(s) are not in"), "{stderr}");
}

#[test]
fn unga_session_70_read_back_from_ingest_gives_the_same_blocs_and_swing_members() {
    round_trip(&[
        UNVOTES,
        "--roll-calls",
        ROLL_CALLS,
        "--lenient",
        "--session",
        "70",
    ]);
}

/// `analyze -o` folders of the seed, UNGA session 70 and the Senate 117 with its roll calls.
fn analysed() -> (tempfile::TempDir, Vec<PathBuf>) {
    let work = tempfile::tempdir().unwrap();
    let runs: [&[&str]; 3] = [
        &[],
        &[
            UNVOTES,
            "--roll-calls",
            ROLL_CALLS,
            "--lenient",
            "--session",
            "70",
        ],
        &[
            "notebooks-data/voteview/S117_votes.csv.gz",
            "--members",
            "notebooks-data/voteview/S117_members.csv",
            "--roll-calls",
            "notebooks-data/voteview/S117_rollcalls_excerpt.csv.gz",
            "--min-votes",
            "10",
        ],
    ];
    let dirs: Vec<PathBuf> = runs
        .iter()
        .enumerate()
        .map(|(i, args)| {
            let dir = work.path().join(format!("run{i}"));
            run(&[&["analyze"], *args, &["-o", dir.to_str().unwrap()]].concat());
            dir
        })
        .collect();
    (work, dirs)
}

/// Runs a checking program on every folder of [`analysed`]; it must say all is well.
fn check_with(program: &str, script: &str) {
    let (_work, dirs) = analysed();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in dirs {
        let output = std::process::Command::new(program)
            .arg(root.join(script))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{script} on {}:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
#[ignore = "needs python3 with pandas; .ci/run runs it"]
fn every_csv_loads_in_pandas_with_the_documented_types() {
    check_with("python3", "tests/pandas_check.py");
}

#[test]
#[ignore = "needs Rscript (Debian's r-base-core); .ci/run runs it where R is installed"]
fn every_csv_loads_in_r_with_the_documented_types() {
    check_with("Rscript", "tests/r_check.R");
}
