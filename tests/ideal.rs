//! `votebloc ideal` run as a program on committed real data: the Senate of the 117th Congress
//! (Voteview) and UN General Assembly sessions (unvotes), the same bytes whatever the row
//! order, and clear errors for what cannot be scaled.

mod common;

use common::votebloc;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

const S117_VOTES: &str = "notebooks-data/voteview/S117_votes.csv.gz";
const S117_MEMBERS: &str = "notebooks-data/voteview/S117_members.csv";
const UN_VOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const UN_ROLL_CALLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";

fn ideal(args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .arg("ideal")
        .args(args)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    out
}

/// (member, period) → the row of ideal.csv as a header → value map.
fn positions(dir: &Path) -> BTreeMap<(String, String), BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join("ideal.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            ((row["member"].clone(), row["period"].clone()), row)
        })
        .collect()
}

fn value(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap()
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        ab += (x - ma) * (y - mb);
        aa += (x - ma).powi(2);
        bb += (y - mb).powi(2);
    }
    ab / (aa * bb).sqrt()
}

fn no_nan_anywhere(dir: &Path) {
    for name in ["ideal.csv", "ideal_motions.csv", "summary.json"] {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{name} holds a non-finite number"
        );
    }
}

#[test]
fn senate_117_republicans_positive_and_close_to_dw_nominate() {
    let out = ideal(&[S117_VOTES, "--members", S117_MEMBERS, "--bootstrap", "5"]);
    no_nan_anywhere(out.path());
    let fit = positions(out.path());
    // The members file's DW-NOMINATE first dimension, senators only.
    let mut reader =
        csv::Reader::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(S117_MEMBERS)).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (chamber, icpsr, nominate) = (column("chamber"), column("icpsr"), column("nominate_dim1"));
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.unwrap();
        if &record[chamber] != "Senate" {
            continue;
        }
        let code = record[icpsr].trim_end_matches(".0").to_string();
        if let Some(row) = fit.get(&(code, String::new())) {
            ours.push(value(row, "ideal"));
            theirs.push(record[nominate].parse::<f64>().unwrap());
        }
    }
    assert!(ours.len() >= 99, "{} senators matched", ours.len());
    let r = pearson(&ours, &theirs);
    assert!(r >= 0.95, "r with nominate_dim1 = {r}");
    let party_mean = |party: &str| {
        let v: Vec<f64> = fit
            .values()
            .filter(|row| row["group"] == party)
            .map(|row| value(row, "ideal"))
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(party_mean("Republican") > 0.5 && party_mean("Democrat") < -0.5);
    // Bounds bracket the estimates.
    for row in fit.values() {
        assert!(
            value(row, "ideal_lo") <= value(row, "ideal")
                && value(row, "ideal") <= value(row, "ideal_hi")
        );
    }
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let kinds: Vec<&str> = summary["pivots"][0]["pivots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"median") && kinds.contains(&"filibuster") && kinds.contains(&"veto"));
    assert_eq!(summary["fits"][0]["converged"], true);
    assert!(summary["fits"][0]["apre"].as_f64().unwrap() > 0.8);
}

/// The votes file with its rows in reverse order (header first), gzip-compressed.
fn reversed_copy(dir: &Path) -> std::path::PathBuf {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        fs::File::open(Path::new(env!("CARGO_MANIFEST_DIR")).join(S117_VOTES)).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let path = dir.join("reversed.csv.gz");
    let mut out = flate2::write::GzEncoder::new(
        fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    );
    writeln!(out, "{header}").unwrap();
    for line in lines {
        writeln!(out, "{line}").unwrap();
    }
    out.finish().unwrap();
    path
}

#[test]
fn the_same_bytes_whatever_the_row_order() {
    let scratch = tempfile::tempdir().unwrap();
    let reversed = reversed_copy(scratch.path());
    let args = [
        "--members",
        S117_MEMBERS,
        "--bootstrap",
        "4",
        "--model",
        "binary",
    ];
    let a = ideal(&[&[S117_VOTES][..], &args[..]].concat());
    let b = ideal(&[&[reversed.to_str().unwrap()][..], &args[..]].concat());
    for name in ["ideal.csv", "ideal_motions.csv"] {
        assert_eq!(
            fs::read(a.path().join(name)).unwrap(),
            fs::read(b.path().join(name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn un_sessions_put_the_usa_at_the_positive_end() {
    let out = ideal(&[
        UN_VOTES,
        "--roll-calls",
        UN_ROLL_CALLS,
        "--lenient",
        "--session",
        "69,70",
        "--by",
        "session",
        "--bootstrap",
        "0",
    ]);
    no_nan_anywhere(out.path());
    let fit = positions(out.path());
    for session in ["69", "70"] {
        let here: Vec<(&String, f64)> = fit
            .iter()
            .filter(|((_, p), _)| p == session)
            .map(|((m, _), row)| (m, value(row, "ideal")))
            .collect();
        assert!(
            here.len() > 180,
            "session {session}: {} members",
            here.len()
        );
        let usa = here.iter().find(|(m, _)| m.as_str() == "USA").unwrap().1;
        let above = here.iter().filter(|(_, v)| *v > usa).count();
        assert!(
            above <= 3,
            "session {session}: {above} members above the USA"
        );
        // The Western states on the positive side, Cuba and Iran on the negative one.
        for (member, positive) in [("GBR", true), ("FRA", true), ("CUB", false), ("IRN", false)] {
            let v = here.iter().find(|(m, _)| m.as_str() == member).unwrap().1;
            assert_eq!(v > 0.0, positive, "session {session}: {member} at {v}");
        }
    }
}

#[test]
fn bad_inputs_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let unanimous = dir.path().join("unanimous.csv");
    let mut text = String::from("motion,member,vote\n");
    for motion in 1..=30 {
        for member in ["AAA", "BBB", "CCC", "DDD"] {
            text.push_str(&format!("m{motion},{member},yes\n"));
        }
    }
    fs::write(&unanimous, text).unwrap();
    votebloc()
        .args(["ideal", unanimous.to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "nothing to scale: no motion divides the members",
        ));
    votebloc()
        .args([
            "ideal",
            S117_VOTES,
            "--members",
            S117_MEMBERS,
            "--anchor",
            "Whig",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "\"Whig\" is neither a member code nor a group",
        ));
    votebloc()
        .args(["ideal", S117_VOTES, "--dynamic"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--dynamic needs --by"));
    votebloc()
        .args([
            "ideal",
            S117_VOTES,
            "--members",
            S117_MEMBERS,
            "--by",
            "congress",
            "--dynamic",
            "--bootstrap",
            "0",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("only one period"));
    // The Senate's votes are fitted by the binary model unless the ordinal one is asked for.
    votebloc()
        .args(["ideal", S117_VOTES, "--model", "ordinal", "--abstain", "no"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--abstain goes with the binary model",
        ));
}
