//! The datasets people bring, end to end through the binary, on the real files committed
//! (gzipped) under notebooks-data/: the UNGA history (unvotes), Voeten's raw coding with
//! absences, and the US Senate of the 117th Congress.

mod common;

use common::{csv_maps as rows, votebloc};
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn unga_history_separates_the_west_from_the_non_aligned_core() {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .args(["analyze", "notebooks-data/unvotes/un_votes.csv.gz", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let bloc: BTreeMap<String, String> = rows(&out.path().join("blocs.csv"))
        .into_iter()
        .map(|r| (r["member"].clone(), r["bloc"].clone()))
        .collect();
    let west: Vec<&str> = ["USA", "GBR", "FRA", "ISR", "CAN", "AUS"]
        .iter()
        .map(|c| bloc[*c].as_str())
        .collect();
    let core: Vec<&str> = ["CUB", "CHN", "IND", "EGY", "DZA", "IDN"]
        .iter()
        .map(|c| bloc[*c].as_str())
        .collect();
    assert!(west.iter().all(|b| *b == west[0]), "west: {west:?}");
    assert!(
        core.iter().all(|b| *b == core[0]),
        "non-aligned core: {core:?}"
    );
    assert_ne!(west[0], core[0]);
    for historical in ["YUG", "CSK", "DDR", "YMD"] {
        assert!(
            bloc.contains_key(historical),
            "{historical} kept as its own member"
        );
    }
    // Zanzibar (a member for a few months of 1964) cast 2 votes: under the default floor
    // (a tenth of the motions, at most W-NOMINATE's 20), it is left out.
    assert!(!bloc.contains_key("ZAN"), "ZAN placed on 2 votes");
    assert_eq!(bloc.len(), 197);
}

#[test]
fn voeten_raw_coding_keeps_absences_and_non_members_apart() {
    let out = tempfile::tempdir().unwrap();
    let output = votebloc()
        .args(["ingest", "notebooks-data/voeten2017/votes.csv.gz", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    // stderr is a pipe here: the one summary line, no progress bar.
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("588800 yes") && !stderr.contains("MiB"),
        "{stderr}"
    );
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows(&out.path().join("votes.csv")) {
        *counts.entry(row["vote"].clone()).or_default() += 1;
    }
    let expected = [
        ("yes", 588_800),
        ("abstain", 95_099),
        ("no", 54_865),
        ("absent", 73_328),
        ("not_member", 254_521),
    ];
    for (vote, count) in expected {
        assert_eq!(counts.get(vote).copied().unwrap_or(0), count, "{vote}");
    }
}

/// Independents caucus with the Democrats in the 117th Senate (Sanders, King).
#[test]
fn senate_blocs_match_the_party_caucuses() {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .arg("analyze")
        .args(common::SENATE_117)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let rows = rows(&out.path().join("blocs.csv"));
    let caucus: Vec<u32> = rows
        .iter()
        .map(|r| u32::from(r["group"] == "Republican"))
        .collect();
    let blocs: Vec<u32> = rows.iter().map(|r| r["bloc"].parse().unwrap()).collect();
    assert_eq!(blocs.iter().max(), Some(&2), "two blocs");
    // The blocs are the caucuses but for at most the two best-known Republican moderates.
    let democratic_bloc = blocs[caucus.iter().position(|&c| c == 0).unwrap()];
    let misplaced: Vec<&str> = rows
        .iter()
        .zip(caucus.iter().zip(&blocs))
        .filter(|(_, (c, b))| (**c == 0) != (**b == democratic_bloc))
        .map(|(r, _)| r["name"].as_str())
        .collect();
    assert!(misplaced.len() <= 2, "misplaced: {misplaced:?}");
    for name in &misplaced {
        assert!(
            name.starts_with("COLLINS") || name.starts_with("MURKOWSKI"),
            "misplaced: {misplaced:?}"
        );
    }
    assert_eq!(
        rows.len(),
        100,
        "100 senators: the presidents are not senators, and two short-serving senators cast \
         under 10 votes"
    );
    assert!(
        !rows.iter().any(|r| r["member"] == "99913"),
        "Biden as a senator"
    );
}

/// Two rows of unvotes' roll-call table (lines 609 and 613) ran title and description together
/// (a quote escaped with a backslash): split by default now, with one warning, and the results
/// are those of `--lenient`.
#[test]
fn the_unvotes_roll_call_table_is_mended_without_lenient() {
    let run = |lenient: bool| {
        let out = tempfile::tempdir().unwrap();
        let mut command = votebloc();
        command.args([
            "analyze",
            "notebooks-data/unvotes/un_votes.csv.gz",
            "--roll-calls",
            "notebooks-data/unvotes/un_roll_calls.csv.gz",
            "--session",
            "70",
        ]);
        if lenient {
            command.arg("--lenient");
        }
        let output = command.arg("-o").arg(out.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert!(output.status.success(), "{stderr}");
        let stderr = stderr.replace(&out.path().display().to_string(), "DIR");
        (out, stderr)
    };
    let (strict, stderr) = run(false);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[1].contains("un_roll_calls.csv.gz: 2 row(s) (lines 609, 613) hold a title and"),
        "{stderr}"
    );
    let (lenient, lenient_stderr) = run(true);
    assert_eq!(lenient_stderr, stderr);
    for entry in std::fs::read_dir(strict.path()).unwrap() {
        let name = entry.unwrap().file_name();
        let (a, b) = (
            std::fs::read_to_string(strict.path().join(&name)).unwrap(),
            std::fs::read_to_string(lenient.path().join(&name)).unwrap(),
        );
        // summary.json says which options were given.
        let b = b.replace("\"lenient\": true", "\"lenient\": false");
        assert!(a == b, "{name:?} differs");
    }
}

#[test]
fn timeline_by_session_keeps_the_usa_and_the_uk_together() {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .args([
            "timeline",
            "notebooks-data/unvotes/un_votes.csv.gz",
            "--roll-calls",
            "notebooks-data/unvotes/un_roll_calls.csv.gz",
            "--lenient",
            "--by",
            "session",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success();
    let mut by_period: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in rows(&out.path().join("timeline.csv")) {
        by_period
            .entry(row["period"].clone())
            .or_default()
            .insert(row["member"].clone(), row["bloc"].clone());
    }
    assert!(by_period.len() >= 70, "{} periods", by_period.len());
    let both: Vec<&BTreeMap<String, String>> = by_period
        .values()
        .filter(|p| p.contains_key("USA") && p.contains_key("GBR"))
        .collect();
    let together = both.iter().filter(|p| p["USA"] == p["GBR"]).count();
    assert!(
        together as f64 >= 0.9 * both.len() as f64,
        "{together} of {}",
        both.len()
    );
    let periods = rows(&out.path().join("periods.csv"));
    assert_eq!(periods.len(), by_period.len());
}

/// unvotes codes the USSR's and Yugoslavia's seats with one code across their successions; with
/// the roll-call table's dates each vote goes to the state that held the seat that day. The
/// Republic of China is coded apart by the source (TW) and stays so.
#[test]
fn seats_go_to_the_state_that_held_them_on_the_day() {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .args([
            "ingest",
            "notebooks-data/unvotes/un_votes.csv.gz",
            "--roll-calls",
            "notebooks-data/unvotes/un_roll_calls.csv.gz",
            "--lenient",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success();
    let dates: BTreeMap<String, String> = rows(&out.path().join("motions.csv"))
        .into_iter()
        .map(|r| (r["motion"].clone(), r["date"].clone()))
        .collect();
    let mut span: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in rows(&out.path().join("votes.csv")) {
        if ["SUN", "RUS", "YUG", "SCG", "SRB", "TWN", "CHN"].contains(&row["member"].as_str()) {
            let date = dates[&row["motion"]].clone();
            let entry = span
                .entry(row["member"].clone())
                .or_insert((date.clone(), date.clone()));
            entry.0 = entry.0.clone().min(date.clone());
            entry.1 = entry.1.clone().max(date);
        }
    }
    assert!(span["SUN"].1.as_str() < "1991-12-24", "{:?}", span["SUN"]);
    assert!(span["RUS"].0.as_str() >= "1991-12-24", "{:?}", span["RUS"]);
    assert!(span["YUG"].1.as_str() < "2000-11-01", "{:?}", span["YUG"]);
    assert!(span["SRB"].0.as_str() >= "2006-06-03", "{:?}", span["SRB"]);
    assert!(span["TWN"].1.as_str() < "1971-10-25", "{:?}", span["TWN"]);
    assert!(span["CHN"].0.as_str() >= "1971-10-25", "{:?}", span["CHN"]);
}

#[test]
fn the_unga_history_read_in_parallel_gives_what_the_gzipped_file_gives() {
    // A plain file this large is read in parts on several threads; the gzipped one in one
    // pass. Every output must agree byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("un_votes.csv");
    let mut decoder = flate2::read::GzDecoder::new(
        std::fs::File::open(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/unvotes/un_votes.csv.gz"),
        )
        .unwrap(),
    );
    std::io::copy(&mut decoder, &mut std::fs::File::create(&plain).unwrap()).unwrap();
    assert!(std::fs::metadata(&plain).unwrap().len() > 4 << 20);
    let outputs = ["from_plain", "from_gzip"].map(|name| dir.path().join(name));
    for (input, output) in [
        (plain.as_path(), &outputs[0]),
        (
            Path::new("notebooks-data/unvotes/un_votes.csv.gz"),
            &outputs[1],
        ),
    ] {
        votebloc()
            .args([
                "analyze",
                "--roll-calls",
                "notebooks-data/unvotes/un_roll_calls.csv.gz",
            ])
            .args(["--lenient", "-o"])
            .arg(output)
            .arg(input)
            .assert()
            .success();
    }
    for file in [
        "votes.csv",
        "motions.csv",
        "members.csv",
        "blocs.csv",
        "swing.csv",
    ] {
        let read = |dir: &Path| std::fs::read(dir.join(file)).unwrap();
        assert!(read(&outputs[0]) == read(&outputs[1]), "{file} differs");
    }
    // Every one of the 870,109 rows of the file is a distinct vote; Zanzibar's 2 are left
    // out with it (fewer than the default 20 cast votes).
    assert_eq!(rows(&outputs[0].join("votes.csv")).len(), 870_107);
}
