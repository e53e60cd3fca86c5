//! `votebloc swing`: the swing members of the seed report, a UNGA session and the Senate, in
//! each output format, from the real binary.

mod common;

use common::{csv_maps, votebloc};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

const SENATE: &str = "notebooks-data/voteview/S117_votes.csv.gz";
const SENATE_MEMBERS: &str = "notebooks-data/voteview/S117_members.csv";

/// `swing --format csv` with `args`, parsed into rows keyed by column.
fn swing_rows(args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let output = votebloc()
        .arg("swing")
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&output.stdout).unwrap();
    csv_maps(file.path())
}

fn members_of(rows: &[BTreeMap<String, String>], kind: &str) -> BTreeSet<String> {
    rows.iter()
        .filter(|r| r["kind"] == kind)
        .map(|r| r["member"].clone())
        .collect()
}

fn senate_args() -> Vec<&'static str> {
    vec![
        SENATE,
        "--members",
        SENATE_MEMBERS,
        "--min-votes",
        "10",
        "--min-minority",
        "0.025",
    ]
}

#[test]
fn the_seed_names_the_seven_states_that_split_their_votes() {
    let rows = swing_rows(&[]);
    let split = members_of(&rows, "split");
    let want: BTreeSet<String> = ["BRA", "CRI", "IND", "JAM", "PHL", "RWA", "TTO"]
        .map(String::from)
        .into();
    assert_eq!(split, want);
    // Each with its reason in words: the parts that differ from its vote on the whole text
    // (the parts themselves are in split_votes.csv, one row each).
    let reason = |code: &str| {
        rows.iter()
            .find(|r| r["member"] == code && r["kind"] == "split")
            .map(|r| (r["reason"].clone(), r["count"].clone(), r["total"].clone()))
            .unwrap()
    };
    assert_eq!(
        reason("BRA"),
        (
            "yes on PP15, OP2; abstained on whole".into(),
            "1".into(),
            "1".into()
        )
    );
    assert_eq!(reason("JAM").0, "abstained on PP15, PP17; yes on whole");
}

#[test]
fn the_table_and_json_formats_name_the_same_members_as_the_csv() {
    let split = members_of(&swing_rows(&[]), "split");
    let table = votebloc().arg("swing").output().unwrap();
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).unwrap();
    for code in &split {
        assert!(
            table.contains(code.as_str()),
            "{code} missing from\n{table}"
        );
    }
    let json = votebloc()
        .args(["swing", "--format", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let text = value.to_string();
    for code in &split {
        assert!(
            text.contains(&format!("\"{code}\"")),
            "{code} missing from the JSON"
        );
    }
}

#[test]
fn senate_swing_members_are_the_known_moderates_not_the_leaders() {
    let rows = swing_rows(&senate_args());
    let flagged: BTreeSet<String> = rows.iter().map(|r| r["member"].clone()).collect();
    // 100 senators analysed: at most 15 % flagged.
    assert!(
        flagged.len() <= 15,
        "{} flagged: {flagged:?}",
        flagged.len()
    );
    for (icpsr, who) in [("49703", "Collins"), ("40300", "Murkowski")] {
        assert!(flagged.contains(icpsr), "{who} ({icpsr}) not flagged");
    }
    for (icpsr, who) in [("14921", "McConnell"), ("14858", "Schumer")] {
        assert!(!flagged.contains(icpsr), "{who} ({icpsr}) flagged");
    }
    // Every flagged row gives its figures and a reason: defection counted against the caucus.
    for row in &rows {
        assert!(!row["reason"].is_empty(), "{row:?}");
        match row["kind"].as_str() {
            "defection" => {
                let share: f64 = row["share"].parse().unwrap();
                let (count, total): (f64, f64) =
                    (row["count"].parse().unwrap(), row["total"].parse().unwrap());
                assert!((share - count / total).abs() < 1e-6, "{row:?}");
            }
            "bridge" => assert!(row["ratio"].parse::<f64>().is_ok(), "{row:?}"),
            _ => {}
        }
    }
}

#[test]
fn unga_session_70_flags_at_most_a_seventh_of_the_members() {
    let rows = swing_rows(&common::SESSION_70);
    let flagged: BTreeSet<String> = rows.iter().map(|r| r["member"].clone()).collect();
    // 192 states were members in 2015 and cast enough votes.
    assert!(
        flagged.len() * 100 <= 15 * 192,
        "{} flagged: {flagged:?}",
        flagged.len()
    );
    assert!(!flagged.is_empty());
    // States that did not exist in 2015 are never swing members.
    for gone in ["SUN", "YUG", "CSK", "DDR"] {
        assert!(!flagged.contains(gone), "{gone} flagged");
    }
}

#[test]
fn senate_swing_members_do_not_depend_on_the_row_order() {
    let text = {
        let file =
            std::fs::File::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SENATE))
                .unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text).unwrap();
        text
    };
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let dir = tempfile::tempdir().unwrap();
    let reversed = dir.path().join("S117_reversed.csv");
    std::fs::write(&reversed, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
    let mut args = senate_args();
    let forward = votebloc()
        .arg("swing")
        .args(&args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    args[0] = reversed.to_str().unwrap();
    let backward = votebloc()
        .arg("swing")
        .args(&args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(forward.status.success() && backward.status.success());
    assert!(!forward.stdout.is_empty());
    assert_eq!(forward.stdout, backward.stdout);
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    votebloc()
        .args(["swing", "--format", "xml"])
        .assert()
        .code(2);
}
