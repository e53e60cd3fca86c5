//! `votebloc ingest` run as a program: the tables it writes for the seed and the UN records,
//! and its messages and exit codes on broken inputs (1 runtime error, 3 invalid input).

mod common;

use assert_cmd::Command;
use common::votebloc;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

const SEED: &str = "notebooks-data/seed_A-C.1-77-L.56_fr.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed_text() -> String {
    fs::read_to_string(root().join(SEED)).unwrap()
}

/// Writes `contents` to a file named `name` in a fresh temporary folder.
fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, contents).unwrap();
    (dir, path)
}

/// Runs `votebloc ingest INPUT -o DIR` and returns the folder with the tables.
fn ingest_to_dir(input: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .arg("ingest")
        .arg(input)
        .args(extra)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    out
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn seed_tables_hold_the_votes_and_the_motions() {
    let out = ingest_to_dir(&root().join(SEED), &[]);
    let votes = rows(&out.path().join("votes.csv"));
    assert_eq!(votes.len(), 5 * 193);
    let jamaica: Vec<(String, String)> = votes
        .iter()
        .filter(|r| r[1] == "JAM")
        .map(|r| (r[0].clone(), r[3].clone()))
        .collect();
    let expected = [
        ("A/C.1/77/L.56:operative:2", "yes"),
        ("A/C.1/77/L.56:preambular:15", "abstain"),
        ("A/C.1/77/L.56:preambular:16", "yes"),
        ("A/C.1/77/L.56:preambular:17", "abstain"),
        ("A/C.1/77/L.56:whole", "yes"),
    ];
    assert_eq!(
        jamaica,
        expected
            .iter()
            .map(|(m, v)| (m.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    );
    assert!(
        votes
            .iter()
            .filter(|r| r[1] == "VEN")
            .all(|r| r[3] == "absent")
    );

    let header = fs::read_to_string(out.path().join("motions.csv")).unwrap();
    assert!(header.starts_with(
        "motion,document,part,date,session,title,yes,no,abstain,outcome,whole,issues\n"
    ));
    let motions = rows(&out.path().join("motions.csv"));
    // motion, part, date, session, yes, no, abstain, outcome, whole
    let summary: Vec<Vec<&str>> = motions
        .iter()
        .map(|r| {
            [0, 2, 3, 4, 6, 7, 8, 9, 10]
                .iter()
                .map(|&i| r[i].as_str())
                .collect()
        })
        .collect();
    let whole = "A/C.1/77/L.56:whole";
    let date = "2022-11-03";
    assert_eq!(
        summary,
        vec![
            vec![
                "A/C.1/77/L.56:operative:2",
                "operative:2",
                date,
                "77",
                "87",
                "52",
                "24",
                "retained",
                whole
            ],
            vec![
                "A/C.1/77/L.56:preambular:15",
                "preambular:15",
                date,
                "77",
                "85",
                "51",
                "27",
                "retained",
                whole
            ],
            vec![
                "A/C.1/77/L.56:preambular:16",
                "preambular:16",
                date,
                "77",
                "87",
                "51",
                "26",
                "retained",
                whole
            ],
            vec![
                "A/C.1/77/L.56:preambular:17",
                "preambular:17",
                date,
                "77",
                "84",
                "51",
                "30",
                "retained",
                whole
            ],
            vec![whole, "whole", date, "77", "88", "54", "31", "adopted", ""],
        ]
    );
}

#[test]
fn votes_go_to_stdout_with_a_dash() {
    let output = votebloc()
        .args(["ingest", SEED, "-o", "-"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("motion,member,name,vote,source_code"));
    assert_eq!(lines.count(), 965);
    assert!(text.contains("A/C.1/77/L.56:preambular:15,CZE,Czechia,no,\n"));
}

#[test]
fn crlf_and_bom_give_the_same_votes() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(seed_text().replace('\n', "\r\n").into_bytes());
    let (_dir, path) = temp_file("seed_crlf.txt", &bytes);
    let plain = ingest_to_dir(&root().join(SEED), &[]);
    let crlf = ingest_to_dir(&path, &[]);
    for table in ["votes.csv", "motions.csv", "members.csv"] {
        assert_eq!(
            fs::read_to_string(crlf.path().join(table)).unwrap(),
            fs::read_to_string(plain.path().join(table)).unwrap(),
            "{table}"
        );
    }
}

#[test]
fn english_records_and_their_notes() {
    let out = ingest_to_dir(&root().join("tests/fixtures/un/A-79-PV.29.txt.gz"), &[]);
    let notes = rows(&out.path().join("notes.csv"));
    assert_eq!(notes.len(), 1);
    assert_eq!(&notes[0][..4], ["A/RES/79/6", "SDN", "abstain", "929"]);
    let votes = rows(&out.path().join("votes.csv"));
    let sudan: Vec<&str> = votes
        .iter()
        .filter(|r| r[1] == "SDN")
        .map(|r| r[3].as_str())
        .collect();
    assert_eq!(sudan, vec!["no"]);

    let out = ingest_to_dir(&root().join("tests/fixtures/un/A-48-PV.46.txt.gz"), &[]);
    let motions = rows(&out.path().join("motions.csv"));
    let linked: Vec<(&str, &str)> = motions
        .iter()
        .map(|r| (r[0].as_str(), r[10].as_str()))
        .collect();
    assert_eq!(
        linked,
        vec![
            ("A/48/L.13:operative:7", "A/RES/48/14"),
            ("A/48/L.13:operative:8", "A/RES/48/14"),
            ("A/48/L.13:preambular:8", "A/RES/48/14"),
            ("A/48/L.13:preambular:9", "A/RES/48/14"),
            ("A/RES/48/14", ""),
        ]
    );
}

#[test]
fn empty_file_is_invalid_input() {
    let (_dir, path) = temp_file("empty.txt", b"");
    votebloc()
        .arg("ingest")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("empty.txt").and(predicate::str::contains("empty")));
}

#[test]
fn binary_garbage_is_invalid_input() {
    let garbage: Vec<u8> = (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect();
    let (_dir, path) = temp_file("garbage.bin", &garbage);
    votebloc()
        .arg("ingest")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("garbage.bin"));
}

#[test]
fn list_cut_short_is_a_tally_mismatch_unless_lenient() {
    let text = seed_text().replacen("Inde, Jamaïque, Madagascar", "Inde, Madagascar", 1);
    let (_dir, path) = temp_file("cut.txt", text.as_bytes());
    votebloc()
        .arg("ingest")
        .arg(&path)
        .args(["-o", "-"])
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("cut.txt:39:")
                .and(predicate::str::contains("A/C.1/77/L.56:preambular:15"))
                .and(predicate::str::contains("85/51/26"))
                .and(predicate::str::contains("85/51/27")),
        );
    let output = votebloc()
        .arg("ingest")
        .arg(&path)
        .args(["--lenient", "-o", "-"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning:").and(predicate::str::contains("85/51/26")))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    assert!(text.contains("A/C.1/77/L.56:preambular:15,JAM,Jamaica,absent,\n"));
}

#[test]
fn unknown_state_name_names_the_closest_names() {
    let text = seed_text().replacen("Jamaïque, Madagascar", "Jamaïqe, Madagascar", 1);
    let (_dir, path) = temp_file("typo.txt", text.as_bytes());
    votebloc().arg("ingest").arg(&path).assert().code(3).stderr(
        predicate::str::contains("typo.txt:55:")
            .and(predicate::str::contains("Jamaïqe"))
            .and(predicate::str::contains("closest known names"))
            .and(predicate::str::contains("Jamaïque")),
    );
}

#[test]
fn csv_with_a_bad_vote_code_names_line_and_value() {
    let (_dir, path) = temp_file("bad.csv", b"motion,member,vote\nm1,FRA,yes\nm1,USA,maybe\n");
    votebloc()
        .arg("ingest")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.csv:3:3").and(predicate::str::contains("maybe")));
}

#[test]
fn conflicting_duplicates_in_a_long_csv_name_both_lines() {
    let mut csv = String::from("motion,member,vote\n");
    for i in 0..500 {
        csv.push_str(&format!("m{},S{},yes\n", i % 20, i / 20));
    }
    // Line 502 repeats line 2 (m0, S0) with another vote.
    csv.push_str("m0,S0,no\n");
    let (_dir, path) = temp_file("long.csv", csv.as_bytes());
    votebloc().arg("ingest").arg(&path).assert().code(3).stderr(
        predicate::str::contains("long.csv:502")
            .and(predicate::str::contains("line 2"))
            .and(predicate::str::contains("S0")),
    );
}

#[test]
fn missing_file_is_a_runtime_error() {
    votebloc()
        .args(["ingest", "no/such/file.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/file.txt"));
}

fn un_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/un")
        .join(name)
}

#[test]
fn pdf_records_are_read_directly_and_broken_ones_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("votebloc")
        .unwrap()
        .args(["ingest", "-o"])
        .arg(&out)
        .arg(un_fixture("pdf/S-PV.3756.pdf.gz"))
        .arg(un_fixture("pdf/S-PV.8422_pages1-2.pdf.gz"))
        .assert()
        .success();
    let motions = std::fs::read_to_string(out.join("motions.csv")).unwrap();
    assert!(
        motions.contains("S/1997/241:whole,S/1997/241,whole,1997-03-21"),
        "{motions}"
    );
    assert!(
        motions.contains("S/RES/2448 (2018),S/2018/1016,whole"),
        "{motions}"
    );
    for (name, says) in [
        ("pdf/no_text.pdf", "no text layer"),
        ("pdf/encrypted.pdf", "encrypted"),
    ] {
        Command::cargo_bin("votebloc")
            .unwrap()
            .args(["ingest", "-o"])
            .arg(dir.path().join("x"))
            .arg(un_fixture(name))
            .assert()
            .code(3)
            .stderr(predicates::str::contains(says));
    }
    let cut = dir.path().join("cut.pdf");
    let tiny = std::fs::read(un_fixture("pdf/tiny_vote.pdf")).unwrap();
    std::fs::write(&cut, &tiny[..400]).unwrap();
    Command::cargo_bin("votebloc")
        .unwrap()
        .args(["ingest", "--format", "pdf", "-o"])
        .arg(dir.path().join("x"))
        .arg(&cut)
        .assert()
        .code(3)
        .stderr(predicates::str::contains("cut short"));
}

#[test]
fn analyze_names_the_vetoes() {
    Command::cargo_bin("votebloc")
        .unwrap()
        .arg("analyze")
        .arg(un_fixture("pdf/S-PV.3756.pdf.gz"))
        .arg(un_fixture("pdf/S-PV.8422_pages1-2.pdf.gz"))
        .assert()
        .success()
        .stdout(predicates::str::contains("vetoed: S/1997/241:whole by USA"));
}

#[test]
fn the_repro_records_exit_3_with_a_position() {
    for (name, says) in [
        ("02_heading_typo.txt", "02_heading_typo.txt:9: "),
        ("05_tally_garbage.txt", "05_tally_garbage.txt:9:37: "),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/repro")
            .join(name);
        Command::cargo_bin("votebloc")
            .unwrap()
            .args(["ingest", "-o"])
            .arg(tempfile::tempdir().unwrap().path().join("x"))
            .arg(&path)
            .assert()
            .code(3)
            .stderr(predicates::str::contains(says));
    }
}
