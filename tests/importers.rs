//! The data-set importers through the real binary: `votebloc ingest FILE -o DIR` on small real
//! extracts (tests/fixtures/datasets/), and on broken inputs.
//!
//! Extracts: Voeten's votes.csv for roll calls 3, 2000 and 5000 (gzip-compressed, every state
//! row); unvotes for roll calls 874, 875 (Zanzibar's only votes), 4184 and its separate votes on
//! operative paragraphs 5641, 5642, with their roll-call and issue rows; the UN Digital
//! Library record of A/RES/ES-11/3 whole; Voteview's Senate roll calls 1–3 of the 117th
//! Congress with the members file.

mod common;

use assert_cmd::Command;
use common::csv_maps as rows;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/datasets")
        .join(name)
}

/// Runs `votebloc ingest` with `args`, expecting success; returns stderr and the output folder.
fn ingest(args: &[&str]) -> (String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("votebloc")
        .unwrap()
        .arg("ingest")
        .args(args)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    (stderr, out)
}

/// Runs `votebloc ingest` expecting failure; returns the exit code and stderr.
fn ingest_fails(args: &[&str]) -> (Option<i32>, String) {
    let out = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("votebloc")
        .unwrap()
        .arg("ingest")
        .args(args)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// The vote (and source code) of `member` on `motion` in votes.csv.
fn vote(dir: &Path, motion: &str, member: &str) -> (String, String) {
    let all = rows(&dir.join("votes.csv"));
    let row = all
        .iter()
        .find(|r| r["motion"] == motion && r["member"] == member)
        .unwrap_or_else(|| panic!("no vote of {member} on {motion}"));
    (row["vote"].clone(), row["source_code"].clone())
}

fn motion_row(dir: &Path, id: &str) -> BTreeMap<String, String> {
    rows(&dir.join("motions.csv"))
        .into_iter()
        .find(|r| r["motion"] == id)
        .unwrap_or_else(|| panic!("no motion {id}"))
}

fn path_str(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn voeten_extract_gives_exact_counts_from_a_gzip_file() {
    let (stderr, out) = ingest(&[&path_str("voeten_votes.csv.gz")]);
    assert!(
        stderr.contains(
            "3 motions, 198 members, 587 votes (319 yes, 18 no, 29 abstain, 29 absent, 192 not member)"
        ),
        "{stderr}"
    );
    let dir = out.path();
    assert_eq!(vote(dir, "3", "USA"), ("yes".into(), "1".into()));
    assert_eq!(vote(dir, "3", "RUS"), ("no".into(), "3".into()));
    // The China seat in 1946 is the Republic of China's (COW 713).
    assert_eq!(vote(dir, "3", "TWN"), ("no".into(), "3".into()));
    assert_eq!(vote(dir, "3", "CHN"), ("not_member".into(), "9".into()));
    assert_eq!(vote(dir, "2000", "CHN"), ("abstain".into(), "2".into()));
    // COW 260 (German Federal Republic) and 255 (Germany) are one member.
    assert_eq!(vote(dir, "2000", "DEU"), ("yes".into(), "1".into()));
    assert_eq!(vote(dir, "5000", "DEU"), ("yes".into(), "1".into()));
    assert_eq!(vote(dir, "3", "ZAN"), ("not_member".into(), "9".into()));
}

#[test]
fn voeten_roll_call_table_adds_dates_and_issues() {
    let (_, out) = ingest(&[
        &path_str("voeten_votes.csv.gz"),
        "--roll-calls",
        &path_str("voeten_roll_calls.csv"),
    ]);
    let first = motion_row(out.path(), "3");
    assert_eq!(first["date"], "1946-01-01");
    assert_eq!(first["session"], "1");
    // Voeten's `R/1/66` under its UN symbol (resolution 66 of the first session).
    assert_eq!(first["document"], "A/RES/66 (I)");
}

#[test]
fn unvotes_extract_joins_roll_calls_and_issues() {
    let (stderr, out) = ingest(&[
        &path_str("unvotes_votes.csv"),
        "--roll-calls",
        &path_str("unvotes_roll_calls.csv"),
        "--issues",
        &path_str("unvotes_issues.csv"),
    ]);
    // 179 members: the source's `RU` is the USSR (SUN) on the votes before 1991-12-24 and the
    // Russian Federation after, once the roll-call table gives the dates.
    assert!(
        stderr.contains(
            "5 motions, 179 members, 697 votes (579 yes, 26 no, 92 abstain, 0 absent, 0 not member)"
        ),
        "{stderr}"
    );
    let dir = out.path();
    assert_eq!(vote(dir, "874", "ZAN").0, "abstain");
    assert_eq!(vote(dir, "874", "YUG").0, "yes");
    // Roll call 874 is of 1963: the USSR's vote; 5641 (1999) is the Russian Federation's.
    assert_eq!(vote(dir, "874", "SUN").0, "no");
    assert_eq!(vote(dir, "5641", "RUS").0, "yes");
    assert_eq!(vote(dir, "5641", "IND").0, "no");
    assert_eq!(vote(dir, "4184", "IND").0, "abstain");
    let paragraph = motion_row(dir, "5641");
    assert_eq!(paragraph["part"], "operative:1");
    assert_eq!(paragraph["whole"], "4184");
    assert_eq!(paragraph["date"], "1999-12-01");
    let whole = motion_row(dir, "4184");
    assert_eq!(whole["part"], "whole");
    // unvotes' `R/54/54D` under its UN symbol; the motion keeps its id, the rcid.
    assert_eq!(whole["document"], "A/RES/54/54 D");
    assert_eq!(whole["session"], "54");
    assert_eq!(whole["title"], "DISARMAMENT, NUCLEAR ELIMINATION");
    assert_eq!(motion_row(dir, "874")["part"], "operative:3");
    let members = rows(&dir.join("members.csv"));
    let zanzibar = members.iter().find(|m| m["member"] == "ZAN").unwrap();
    assert_eq!(zanzibar["name"], "Zanzibar");
}

#[test]
fn undl_record_gives_the_published_tally() {
    let (stderr, out) = ingest(&[&path_str("undl_A-RES-ES-11-3.csv")]);
    assert!(
        stderr.contains(
            "1 motions, 193 members, 193 votes (93 yes, 24 no, 58 abstain, 18 absent, 0 not member)"
        ),
        "{stderr}"
    );
    let dir = out.path();
    assert_eq!(vote(dir, "A/RES/ES-11/3", "RUS"), ("no".into(), "N".into()));
    assert_eq!(
        vote(dir, "A/RES/ES-11/3", "TUR"),
        ("yes".into(), "Y".into())
    );
    // Sudan carries its retired numeric code 736 in the export.
    assert_eq!(
        vote(dir, "A/RES/ES-11/3", "SDN"),
        ("abstain".into(), "A".into())
    );
    assert_eq!(
        vote(dir, "A/RES/ES-11/3", "AFG"),
        ("absent".into(), "Non-Voting".into())
    );
    assert_eq!(motion_row(dir, "A/RES/ES-11/3")["date"], "2022-04-07");
}

#[test]
fn voteview_extract_with_members_gives_names_and_parties() {
    let (stderr, out) = ingest(&[
        &path_str("voteview_S117_votes.csv"),
        "--members",
        &path_str("voteview_S117_members.csv"),
    ]);
    // The two presidents' 3 positions are not Senate votes.
    assert!(
        stderr.contains(
            "3 motions, 102 members, 298 votes (97 yes, 195 no, 0 abstain, 6 absent, 0 not member)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the President's positions (ICPSR 99912, 99913, 3 rows)"),
        "{stderr}"
    );
    let dir = out.path();
    assert!(
        !rows(&dir.join("members.csv"))
            .iter()
            .any(|m| m["member"] == "99913")
    );
    assert_eq!(vote(dir, "S117-1", "29147"), ("no".into(), "6".into()));
    assert_eq!(vote(dir, "S117-3", "40915"), ("yes".into(), "1".into()));
    let members = rows(&dir.join("members.csv"));
    let sanders = members.iter().find(|m| m["member"] == "29147").unwrap();
    assert_eq!(sanders["name"], "SANDERS, Bernard (VT)");
    assert_eq!(sanders["group"], "Independent");
    let manchin = members.iter().find(|m| m["member"] == "40915").unwrap();
    assert_eq!(manchin["group"], "Democrat");
    let motion = motion_row(dir, "S117-2");
    assert_eq!(motion["session"], "117");
}

#[test]
fn a_control_character_in_a_members_name_names_the_members_file_line_and_column() {
    // The 117th's members file with U+0001 in Sanders' bioname (line 95, column 10): once
    // reported at the votes file's line of his first vote.
    let members = path_str("voteview_members_control_character.csv");
    let (code, stderr) =
        ingest_fails(&[&path_str("voteview_S117_votes.csv"), "--members", &members]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{members}:95:10: expected a name (bioname), found "
        )),
        "{stderr}"
    );
    assert!(stderr.contains("control character U+0001"), "{stderr}");
    assert!(!stderr.contains("voteview_S117_votes.csv:"), "{stderr}");
}

/// Writes `text` to a file named `name` in a fresh folder.
fn broken(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

#[test]
fn bad_vote_code_names_file_and_line() {
    let (_dir, path) = broken(
        "voeten_bad.csv",
        "rcid,session,ccode,member,vote\n3,1,2,1,1\n3,1,20,1,7\n",
    );
    let (code, stderr) = ingest_fails(&[&path]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains(&format!("{path}:3:5:")), "{stderr}");
    assert!(
        stderr.contains("vote code") && stderr.contains("\"7\""),
        "{stderr}"
    );
}

#[test]
fn unknown_country_names_file_line_and_close_names() {
    let (_dir, path) = broken(
        "unvotes_bad.csv",
        "rcid,country,country_code,vote\n3,France,FR,yes\n3,Frnace,,no\n",
    );
    let (code, stderr) = ingest_fails(&[&path]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("{path}:3: unknown state name \"Frnace\"")),
        "{stderr}"
    );
    assert!(stderr.contains("France"), "{stderr}");

    let (_dir, path) = broken(
        "undl_bad.csv",
        "resolution,date,iso3166_numeric,ms_name,ms_vote\nA/RES/1,2022-04-07,999,ATLANTIS,Y\n",
    );
    let (code, stderr) = ingest_fails(&[&path]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{path}:2: unknown ISO 3166-1 numeric code \"999\""
        )),
        "{stderr}"
    );
}

#[test]
fn missing_column_names_file_and_header() {
    let (_dir, path) = broken(
        "voteview_bad.csv",
        "congress,chamber,rollnumber,icpsr,prob\n117,Senate,1,14226.0,97.7\n",
    );
    let (code, stderr) = ingest_fails(&["--format", "voteview", &path]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("{path}:1: missing column \"cast_code\"")),
        "{stderr}"
    );
}

#[test]
fn broken_roll_call_table_names_its_file_and_line() {
    // The first rows of Voeten's descriptions.csv, whose quoting is broken as published.
    let table = path_str("voeten_descriptions_broken.csv");
    let (code, stderr) = ingest_fails(&[&path_str("voeten_votes.csv.gz"), "--roll-calls", &table]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains(&format!("{table}:2:")), "{stderr}");
    let (stderr, _out) = ingest(&[
        "--lenient",
        &path_str("voeten_votes.csv.gz"),
        "--roll-calls",
        &table,
    ]);
    assert!(
        stderr.contains(&format!("warning: {table}:2:11:")) && stderr.contains("--lenient"),
        "{stderr}"
    );
}
