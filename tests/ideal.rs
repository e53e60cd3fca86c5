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
    // Congress data is fitted with the binary model by default, which takes --abstain; the
    // ordinal model does not.
    votebloc()
        .args(["ideal", S117_VOTES, "--model", "ordinal", "--abstain", "no"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--abstain goes with the binary model",
        ));
}

/// A long CSV of `sessions` sessions of 30 motions each over 12 members `M01`…`M12` whose
/// votes follow their rank (yes above each motion's cut, with one vote in eleven flipped);
/// `vote(member, motion)` may replace a vote (`None`: as drawn).
fn sessions_csv(
    dir: &Path,
    sessions: u32,
    vote: impl Fn(usize, usize) -> Option<&'static str>,
) -> std::path::PathBuf {
    let mut text = String::from("motion,member,vote,session\n");
    for session in 1..=sessions {
        for j in 0..30usize {
            let motion = (session as usize - 1) * 30 + j;
            let cut = (motion * 7 % 10) as f64 + 1.5;
            for i in 0..12usize {
                let drawn = if (i as f64 > cut) != (i * 7 + motion * 13).is_multiple_of(11) {
                    "yes"
                } else {
                    "no"
                };
                let v = vote(i, motion).unwrap_or(drawn);
                text.push_str(&format!("m{motion},M{:02},{v},{session}\n", i + 1));
            }
        }
    }
    let path = dir.join("sessions.csv");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_dynamic_fit_says_what_is_wrong_with_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let dynamic = ["--by", "session", "--dynamic", "--bootstrap", "0"];
    // One period only: a warning, the static fit of that period, no NaN.
    let one = sessions_csv(dir.path(), 1, |_, _| None);
    let out = ideal(&[&[one.to_str().unwrap()][..], &dynamic[..]].concat());
    no_nan_anywhere(out.path());
    votebloc()
        .arg("ideal")
        .arg(&one)
        .args(dynamic)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "only one period (session 1): the dynamic fit is the static fit of that period",
        ));
    // An anchor that is not in the data: a usage error naming it and the close members.
    let three = sessions_csv(dir.path(), 3, |_, _| None);
    votebloc()
        .arg("ideal")
        .arg(&three)
        .args(dynamic)
        .args(["--anchor", "M1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the anchor \"M1\" is neither a member code nor a group in the data \
             (members whose name or code matches: M10, M11, M12)",
        ));
    // Every motion unanimous: nothing to scale, exit 3.
    let unanimous = sessions_csv(dir.path(), 3, |_, _| Some("yes"));
    votebloc()
        .arg("ideal")
        .arg(&unanimous)
        .args(dynamic)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "nothing to scale: no motion divides the members (every motion is unanimous, \
             lopsided or without votes)",
        ));
    // A member who never votes: named in a warning, no row, the others scaled, no NaN.
    let silent = sessions_csv(dir.path(), 3, |i, _| (i == 4).then_some("absent"));
    votebloc()
        .arg("ideal")
        .arg(&silent)
        .args(dynamic)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 member(s) cast no vote the model reads and have no position: M05",
        ));
    let out = ideal(&[&[silent.to_str().unwrap()][..], &dynamic[..]].concat());
    no_nan_anywhere(out.path());
    let fit = positions(out.path());
    assert_eq!(fit.len(), 11 * 3, "11 members in 3 sessions");
    assert!(fit.keys().all(|(member, _)| member != "M05"));
    // The positions follow the members' ranks in every session, on one side in all of them:
    // M01, the anchor (every member has as many votes; ties go to the first), positive.
    for session in ["1", "2", "3"] {
        let anchor = value(&fit[&("M01".to_string(), session.to_string())], "ideal");
        let other_end = value(&fit[&("M12".to_string(), session.to_string())], "ideal");
        assert!(
            anchor > 0.0 && other_end < 0.0,
            "session {session}: {anchor} {other_end}"
        );
    }
}

#[test]
fn two_senates_fit_dynamically_with_congress_s_walk_variance_close_to_nokken_poole() {
    const S118_VOTES: &str = "notebooks-data/voteview/S118_votes.csv.gz";
    const S118_MEMBERS: &str = "notebooks-data/voteview/S118_members.csv.gz";
    let args = [
        S117_VOTES,
        S118_VOTES,
        "--members",
        S117_MEMBERS,
        "--members",
        S118_MEMBERS,
        "--by",
        "congress",
        "--dynamic",
        "--bootstrap",
        "0",
    ];
    let out = ideal(&args);
    no_nan_anywhere(out.path());
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    // Congress data: the binary model and the small walk variance of careers that barely move.
    assert_eq!(summary["model"], "binary");
    assert_eq!(summary["params"]["walk_variance"], 0.01);
    // Per congress, the positions follow the members files' Nokken–Poole scores.
    let fit = positions(out.path());
    for (congress, members) in [("117", S117_MEMBERS), ("118", S118_MEMBERS)] {
        let table = common::csv_maps(&Path::new(env!("CARGO_MANIFEST_DIR")).join(members));
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for row in table.iter().filter(|r| r["chamber"] == "Senate") {
            let code = row["icpsr"].trim_end_matches(".0").to_string();
            if let (Some(p), Ok(score)) = (
                fit.get(&(code, congress.to_string())),
                row["nokken_poole_dim1"].parse::<f64>(),
            ) {
                ours.push(value(p, "ideal"));
                theirs.push(score);
            }
        }
        assert!(ours.len() >= 99, "{congress}: {} senators", ours.len());
        let r = pearson(&ours, &theirs);
        assert!(r >= 0.94, "{congress}: r with nokken_poole_dim1 = {r}");
    }
    // The UN data keep the general walk variance.
    let un = ideal(&[
        UN_VOTES,
        "--roll-calls",
        UN_ROLL_CALLS,
        "--lenient",
        "--from",
        "2010",
        "--by",
        "session",
        "--dynamic",
        "--bootstrap",
        "0",
    ]);
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(un.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["params"]["walk_variance"], 0.1);
}
