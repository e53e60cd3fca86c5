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
        "motion,document,part,date,session,title,yes,no,abstain,outcome,whole,issues,question,\
         chamber,important,counted_yes,counted_no,counted_abstain,majority,counted_outcome\n"
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

fn repro(name: &str) -> PathBuf {
    root().join("tests/fixtures/repro").join(name)
}

/// Runs `votebloc ingest` on `input` with `extra` arguments and returns the assertion.
fn ingest(input: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    votebloc()
        .arg("ingest")
        .arg(input)
        .args(extra)
        .arg("-o")
        .arg(tempfile::tempdir().unwrap().path().join("x"))
        .assert()
}

/// Every reproducer of issue 17 that once read with exit 0 and changed data, or failed with
/// no position: each exits 3 naming the file, the line (and the field) and the fault.
#[test]
fn the_repro_records_exit_3_with_a_position() {
    let cases = [
        (
            "01_unclosed_quote_voteview.csv",
            "01_unclosed_quote_voteview.csv:3:6: expected a closing quote",
        ),
        (
            "01b_unclosed_quote_long.csv",
            "01b_unclosed_quote_long.csv:2:4: expected a closing quote",
        ),
        (
            "01c_unclosed_quote_minimal.csv",
            "01c_unclosed_quote_minimal.csv:2:4: expected a closing quote",
        ),
        (
            "02_heading_typo.txt",
            "02_heading_typo.txt:9: vote on 02_heading_typo:whole",
        ),
        (
            "03_truncated_absent_becomes_abstain.csv",
            "03_truncated_absent_becomes_abstain.csv:4:3: expected a whole vote code",
        ),
        (
            "03b_truncated_not_member_becomes_no.csv",
            "03b_truncated_not_member_becomes_no.csv:4:3: expected a whole vote code",
        ),
        (
            "03c_undl_truncated_Non-Voting_becomes_no.csv",
            "03c_undl_truncated_Non-Voting_becomes_no.csv:3:5: expected a whole vote code",
        ),
        (
            "03d_truncated_minimal.csv",
            "03d_truncated_minimal.csv:3:3: expected a whole vote code",
        ),
        (
            "05_tally_garbage.txt",
            "05_tally_garbage.txt:9:37: expected a stated tally",
        ),
        (
            "05b_tally_mismatch_control.txt",
            "05b_tally_mismatch_control.txt:9: vote on",
        ),
        (
            "06_nul_in_member.csv",
            "06_nul_in_member.csv:2: member code \"A\\0B\" holds the control character U+0000",
        ),
    ];
    for (name, says) in cases {
        ingest(&repro(name), &[])
            .code(3)
            .stderr(predicate::str::contains(says));
    }
    // What each says beyond its position.
    ingest(&repro("02_heading_typo.txt"), &[]).stderr(predicate::str::contains(
        "line 7 was not read as a list but names China, India",
    ));
    ingest(&repro("03_truncated_absent_becomes_abstain.csv"), &[]).stderr(
        predicate::str::contains("\"absent\" (absent)")
            .and(predicate::str::contains("not abstain")),
    );
    ingest(&repro("03c_undl_truncated_Non-Voting_becomes_no.csv"), &[]).stderr(
        predicate::str::contains("\"non-voting\" (absent) cut short, not no"),
    );
    ingest(&repro("01b_unclosed_quote_long.csv"), &[])
        .stderr(predicate::str::contains("end of the file on line 6"));
}

/// Files that end with a line end, or whose last code is quoted or is not the start of a
/// longer code of another vote of the format, read as before; a long CSV whose last code is
/// `no` without a line end may be `not_member` cut short, and is refused.
#[test]
fn a_complete_last_line_reads() {
    let (_dir, path) = temp_file("whole.csv", b"motion,member,vote\nm1,A,yes\nm1,C,a\n");
    ingest(&path, &[]).success();
    let (_dir, path) = temp_file("no_end.csv", b"motion,member,vote\nm1,A,no\nm1,C,yes");
    ingest(&path, &[]).success();
    let (_dir, path) = temp_file("quoted.csv", b"motion,member,vote\nm1,A,yes\nm1,C,\"a\"");
    ingest(&path, &[]).success();
    // unvotes has yes, no and abstain only: no longer code of another vote starts with "no".
    let (_dir, path) = temp_file(
        "unvotes.csv",
        b"rcid,country,country_code,vote\n3,France,FR,yes\n3,Mexico,MX,no",
    );
    ingest(&path, &[]).success();
    let (_dir, path) = temp_file("no_cut.csv", b"motion,member,vote\nm1,A,yes\nm1,C,no");
    ingest(&path, &[]).code(3).stderr(predicate::str::contains(
        "no_cut.csv:3:3: expected a whole vote code, found \"no\"",
    ));
}

/// CR-only line ends (detected wrongly before) read the same votes, on the same lines, as LF.
#[test]
fn cr_only_line_ends_read_as_lf() {
    let cr = fs::read(repro("07_cr_only.csv")).unwrap();
    let lf: Vec<u8> = cr
        .iter()
        .map(|&b| if b == b'\r' { b'\n' } else { b })
        .collect();
    let (_dir, lf_path) = temp_file("07_lf.csv", &lf);
    let read = |path: &Path| {
        let out = ingest_to_dir(path, &[]);
        ["votes.csv", "motions.csv", "members.csv"].map(|f| fs::read(out.path().join(f)).unwrap())
    };
    let (from_cr, from_lf) = (read(&repro("07_cr_only.csv")), read(&lf_path));
    assert_eq!(from_cr, from_lf);
    assert_eq!(rows_of(&from_cr[0]).len(), 2);
    // Errors name the same line too.
    let broken = b"rcid,country,country_code,vote\r3,United States,US,yes\r3,Canada,CA,maybe\r";
    let (_dir, path) = temp_file("cr_bad.csv", broken);
    ingest(&path, &[])
        .code(3)
        .stderr(predicate::str::contains("cr_bad.csv:3:4:"));
}

fn rows_of(csv: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(csv)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The UNGA history's first 20,000 rows (about 470 KB, past the 64 KiB detection reads).
fn unvotes_head() -> Vec<u8> {
    use std::io::{BufRead, BufReader};
    let file = fs::File::open(root().join("notebooks-data/unvotes/un_votes.csv.gz")).unwrap();
    let mut out = Vec::new();
    for line in BufReader::new(flate2::read::GzDecoder::new(file))
        .split(b'\n')
        .take(20_001)
    {
        out.extend(line.unwrap());
        out.push(b'\n');
    }
    out
}

/// A CSV on a pipe: detection reads its first 64 KiB, which the reader then gets back.
#[test]
fn a_csv_on_standard_input_reads_as_the_file() {
    let csv = unvotes_head();
    assert!(csv.len() > 64 * 1024);
    let (_dir, path) = temp_file("head.csv", &csv);
    let from_file = ingest_to_dir(&path, &[]);
    let from_pipe = tempfile::tempdir().unwrap();
    votebloc()
        .args(["ingest", "-", "-o"])
        .arg(from_pipe.path())
        .write_stdin(csv)
        .assert()
        .success();
    for table in ["votes.csv", "motions.csv", "members.csv"] {
        assert_eq!(
            fs::read(from_file.path().join(table)).unwrap(),
            fs::read(from_pipe.path().join(table)).unwrap(),
            "{table}"
        );
    }
    // And the seed report, as UN text.
    votebloc()
        .args(["ingest", "-", "-o", "-"])
        .write_stdin(seed_text())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "A/C.1/77/L.56:whole,JAM,Jamaica,yes",
        ));
}

/// The reproducer `10_single_2gb_line.sh` at a size a test can afford: a text line and a CSV
/// record over their limits, an id over its limit, all refused with their line and length.
#[test]
fn absurd_lines_records_and_ids_are_refused_with_their_length() {
    let line = vec![b'A'; 5 << 20];
    let (_dir, path) = temp_file("line.txt", &line);
    ingest(&path, &[]).code(3).stderr(predicate::str::contains(
        "line.txt:1: line 1 is 5242880 bytes long; a line of text may hold at most 4194304 bytes",
    ));
    let mut csv = b"motion,member,vote\nm1,".to_vec();
    csv.extend(vec![b'B'; 17 << 20]);
    csv.extend(b",yes\nm1,C,no\n");
    let (_dir, path) = temp_file("record.csv", &csv);
    ingest(&path, &[])
        .code(3)
        .stderr(predicate::str::contains(format!(
            "record.csv:2: line 2 is {} bytes long; a CSV record may hold at most",
            (17 << 20) + 7
        )));
    let mut csv = b"motion,member,vote\nm1,C,no\nm1,".to_vec();
    csv.extend(vec![b'B'; 3_000_000]);
    csv.extend(b",yes\n");
    let (_dir, path) = temp_file("id.csv", &csv);
    let output = ingest(&path, &[])
        .code(3)
        .stderr(predicate::str::contains("id.csv:3: member code \"BBBB"))
        .get_output()
        .stderr
        .clone();
    // The message quotes the start of the field and says how long it is.
    let message = String::from_utf8(output).unwrap();
    assert!(message.contains("…\" (3000000 bytes)"), "{message}");
    assert!(message.len() < 300, "{message}");
}

/// A field of megabytes in an error is quoted by its start and its length.
#[test]
fn messages_quote_80_characters_of_a_field() {
    let mut csv = b"motion,member,vote\nm1,A,".to_vec();
    csv.extend(vec![b'x'; 3 << 20]);
    csv.push(b'\n');
    let (_dir, path) = temp_file("vote.csv", &csv);
    let output = ingest(&path, &[]).code(3).get_output().stderr.clone();
    let message = String::from_utf8(output).unwrap();
    assert!(
        message.contains("vote.csv:2:3: expected a vote"),
        "{message}"
    );
    assert!(
        message.contains(&format!("\"{}…\" (3145728 bytes)", "x".repeat(79))),
        "{message}"
    );
    assert!(message.len() < 300, "{message}");
}

/// A sign before a number, a symbol with an empty or signed segment: refused, not read.
#[test]
fn signed_ids_and_broken_symbols_are_refused() {
    let (_dir, path) = temp_file(
        "plus.csv",
        b"rcid,country,country_code,vote\n3,France,FR,yes\n+3,Mexico,MX,no\n",
    );
    ingest(&path, &[]).code(3).stderr(predicate::str::contains(
        "plus.csv:3:1: expected a roll-call id",
    ));
    let (_dir, path) = temp_file(
        "symbol.csv",
        b"resolution,date,iso3166_numeric,ms_name,ms_vote\n\
          A/RES/ES-11/-1,2022-04-07,004,AFGHANISTAN,Y\n",
    );
    ingest(&path, &[]).code(3).stderr(predicate::str::contains(
        "symbol.csv:2:1: expected a resolution symbol",
    ));
}

/// Content errors that once named no line now do: an empty file, an unknown format.
#[test]
fn whole_file_errors_name_line_1() {
    let (_dir, path) = temp_file("empty.csv", b"\n\n");
    ingest(&path, &[])
        .code(3)
        .stderr(predicate::str::contains("empty.csv:1: the file is empty"));
    let (_dir, path) = temp_file("other.csv", b"a,b,c,d\n1,2,3,4\n");
    ingest(&path, &[])
        .code(3)
        .stderr(predicate::str::contains("other.csv:1: unrecognised format"));
    let (_dir, path) = temp_file("header.csv", b"motion,member,vote\n");
    ingest(&path, &[]).code(3).stderr(predicate::str::contains(
        "header.csv:2: no recorded vote found",
    ));
}

/// A UN record cut right after the heading of its last vote's list loses that vote: an error,
/// a warning naming it under `--lenient`.
#[test]
fn a_record_cut_at_a_heading_exits_3_unless_lenient() {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(un_fixture("A-48-PV.46.txt.gz")).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let last = text.rfind("A recorded vote was taken.").unwrap();
    let heading = last + text[last..].find("In favour:").unwrap();
    let (_dir, path) = temp_file(
        "cut.txt",
        &text.as_bytes()[..heading + "In favour:\n".len()],
    );
    ingest(&path, &[]).code(3).stderr(
        predicate::str::contains("cut.txt:3030: the text ends after")
            .and(predicate::str::contains("cut short")),
    );
    ingest(&path, &["--lenient"])
        .success()
        .stderr(
            predicate::str::contains("warning: ").and(predicate::str::contains(
                "cut.txt:3030: the text ends after",
            )),
        );
}

/// Impossible calendar dates in `--from`, `--to` and `--date` are usage errors (exit code 2)
/// that name the option and the value; a year or a month alone still bounds the dates.
#[test]
fn impossible_dates_in_date_options_are_usage_errors() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["--from", "2019-02-30"],
            "--from 2019-02-30 is not a calendar date: February 2019 has 28 days",
        ),
        (
            &["--to", "2019-04-31"],
            "--to 2019-04-31 is not a calendar date: April 2019 has 30 days",
        ),
        (
            &["--from", "2019-02-29"],
            "--from 2019-02-29 is not a calendar date: February 2019 has 28 days",
        ),
        (
            &["--to", "2019-13"],
            "--to 2019-13 is not a calendar date: there is no month 13",
        ),
        (
            &["--from", "2019-01-00"],
            "--from 2019-01-00 is not a calendar date: January 2019 has 31 days",
        ),
        (
            &["--date", "2019-02-30"],
            "'2019-02-30' for '--date <YYYY-MM-DD>': 2019-02-30 is not a calendar date",
        ),
        (
            &["--date", "2019-13-01"],
            "'2019-13-01' for '--date <YYYY-MM-DD>': 2019-13-01 is not a calendar date: there is no month 13",
        ),
    ];
    for (args, message) in cases {
        votebloc()
            .arg("ingest")
            .args(args)
            .args(["-o", "-"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
    // Roll calls 874 and 875 (1963-12-03), 4184 (1990-…) and its paragraph votes: a year, a
    // month, and 29 February of a leap year bound them.
    let fixture = |name: &str| root().join("tests/fixtures/datasets").join(name);
    let votes = fixture("unvotes_votes.csv");
    let roll_calls = fixture("unvotes_roll_calls.csv");
    let roll_calls = roll_calls.to_str().unwrap();
    for (from, to, motions) in [("1990", "2024-02-29", 3), ("1963-12", "1963", 2)] {
        let out = ingest_to_dir(
            &votes,
            &["--roll-calls", roll_calls, "--from", from, "--to", to],
        );
        let kept = rows(&out.path().join("motions.csv")).len();
        assert_eq!(kept, motions, "--from {from} --to {to}");
    }
}

/// A real report cut right after the announcement of its third vote ("… retained by a recorded
/// vote of 84 to 51 … The voting was as follows:", in French and Spanish), before its lists:
/// an error at the line of the announcement; under `--lenient`, the two whole votes and a
/// warning that names the vote dropped.
#[test]
fn a_report_cut_after_a_vote_s_announcement_exits_3_unless_lenient() {
    let es = fs::read_to_string(un_fixture("seed_A-C.1-77-L.56_es.txt")).unwrap();
    for (text, follows, line) in [
        (seed_text(), "Les voix se sont réparties comme suit :", 71),
        (es, "El resultado de la votación fue el siguiente:", 100),
    ] {
        let (at, _) = text.match_indices(follows).nth(2).unwrap();
        let (_dir, path) = temp_file("cut.txt", &text.as_bytes()[..at + follows.len() + 1]);
        ingest(&path, &[]).code(3).stderr(
            predicate::str::contains(format!("cut.txt:{line}: "))
                .and(predicate::str::contains(
                    "announces a vote on preambular paragraph 17",
                ))
                .and(predicate::str::contains("cut short")),
        );
        let output = votebloc()
            .arg("ingest")
            .arg(&path)
            .args(["--lenient", "-o", "-"])
            .assert()
            .success()
            .stderr(
                predicate::str::contains("warning: ")
                    .and(predicate::str::contains(format!("cut.txt:{line}: ")))
                    .and(predicate::str::contains("preambular paragraph 17"))
                    .and(predicate::str::contains("that vote is dropped")),
            )
            .get_output()
            .stdout
            .clone();
        let votes = String::from_utf8(output).unwrap();
        assert!(votes.contains("A/C.1/77/L.56:preambular:16,"));
        assert!(!votes.contains("A/C.1/77/L.56:preambular:17,"));
    }
}
