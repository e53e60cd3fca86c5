//! `votebloc analyze` and `votebloc swing` run as programs: the blocs and swing members of the
//! seed, byte-identical outputs whatever the row order, and usage errors for bad parameters.

mod common;

use common::{SENATE_117, SESSION_70, votebloc};
use predicates::prelude::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Runs `analyze` with `args` into a fresh folder and returns it.
fn analyze(args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .arg("analyze")
        .args(args)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    out
}

/// member code → bloc number, from blocs.csv.
fn blocs(dir: &Path) -> BTreeMap<String, u32> {
    let mut reader = csv::Reader::from_path(dir.join("blocs.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let member = headers.iter().position(|h| h == "member").unwrap();
    let bloc = headers.iter().position(|h| h == "bloc").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[member].to_string(), r[bloc].parse().unwrap())
        })
        .collect()
}

fn same_bloc(blocs: &BTreeMap<String, u32>, codes: &[&str]) -> u32 {
    let first = blocs[codes[0]];
    for code in codes {
        assert_eq!(blocs[*code], first, "{code} is not with {}", codes[0]);
    }
    first
}

#[test]
fn the_seed_has_three_blocs_for_against_and_abstaining() {
    let out = analyze(&[]);
    let blocs = blocs(out.path());
    assert_eq!(
        blocs.len(),
        173,
        "the 20 states with no cast vote are left out"
    );
    let yes = same_bloc(&blocs, &["CHN", "RUS", "CUB", "IRN", "PAK", "ZAF", "EGY"]);
    let no = same_bloc(&blocs, &["USA", "GBR", "FRA", "DEU", "JPN", "AUS"]);
    let abstain = same_bloc(&blocs, &["ARG", "MEX", "CHL", "COL", "GTM", "PRY"]);
    assert_eq!(
        (yes, no, abstain),
        (1, 2, 3),
        "blocs are numbered by size: 88, 54, 31"
    );
    let size = |b: u32| blocs.values().filter(|&&x| x == b).count();
    assert_eq!((size(1), size(2), size(3)), (88, 54, 31));
    assert!(
        !blocs.contains_key("VEN"),
        "Venezuela only sponsored the draft"
    );
}

#[test]
fn the_summary_names_blocs_and_swing_members() {
    votebloc()
        .arg("analyze")
        .assert()
        .success()
        .stdout(predicate::str::contains("173 of 193 members"))
        .stdout(predicate::str::contains("JAM  Jamaica"))
        .stdout(predicate::str::contains(
            "abstained on PP15, PP17; yes on whole",
        ));
}

#[test]
fn swing_lists_exactly_the_split_members_of_the_seed() {
    let output = votebloc()
        .args(["swing", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let split: Vec<String> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[3] == "split")
        .map(|r| r[0].to_string())
        .collect();
    assert_eq!(split, ["BRA", "CRI", "IND", "JAM", "PHL", "RWA", "TTO"]);
    // One row per member and criterion: rank 4, one text split of one voted in parts.
    assert!(
        text.contains("JAM,Jamaica,1,split,4,1,1,1,,,\"abstained on PP15, PP17; yes on whole\"\n")
    );
}

#[test]
fn every_output_file_is_written_and_identical_across_runs() {
    let a = analyze(&[]);
    let b = analyze(&[]);
    for name in [
        "votes.csv",
        "motions.csv",
        "members.csv",
        "notes.csv",
        "blocs.csv",
        "similarity.csv",
        "swing.csv",
        "split_votes.csv",
        "defections.csv",
        "cohesion.csv",
        "cohesion_summary.csv",
        "summary.json",
    ] {
        let left = fs::read(a.path().join(name)).unwrap();
        let right = fs::read(b.path().join(name)).unwrap();
        assert!(!left.is_empty(), "{name} is empty");
        assert_eq!(left, right, "{name} differs between two runs");
    }
    let similarity = fs::read_to_string(a.path().join("similarity.csv")).unwrap();
    assert_eq!(similarity.lines().count(), 1 + 173 * 172 / 2);
    assert!(similarity.starts_with("member_a,member_b,similarity,common\n"));
}

#[test]
fn the_same_seed_gives_the_same_blocs() {
    let a = analyze(&["--seed", "7"]);
    let b = analyze(&["--seed", "7"]);
    assert_eq!(
        fs::read(a.path().join("blocs.csv")).unwrap(),
        fs::read(b.path().join("blocs.csv")).unwrap()
    );
}

#[test]
fn linfa_methods_find_the_same_three_blocs_on_the_seed() {
    for method in ["kmeans", "hierarchical"] {
        let out = analyze(&["--method", method, "--k", "3"]);
        let blocs = blocs(out.path());
        let yes = same_bloc(&blocs, &["CHN", "RUS", "CUB", "IRN"]);
        let no = same_bloc(&blocs, &["USA", "GBR", "FRA", "DEU"]);
        let abstain = same_bloc(&blocs, &["ARG", "MEX", "CHL", "COL"]);
        assert!(yes != no && no != abstain && yes != abstain, "{method}");
    }
}

#[test]
fn bad_parameters_are_usage_errors() {
    let cases: [&[&str]; 7] = [
        &["--method", "kmeans", "--k", "0"],
        &["--k", "3"],
        &["--resolution", "0"],
        &["--resolution=-1"],
        &["--min-common", "6"],
        &["--consensus", "0"],
        &["--graph", "threshold"],
    ];
    for args in cases {
        votebloc()
            .arg("analyze")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error:"));
    }
}

#[test]
fn a_dataset_with_one_member_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.csv");
    fs::write(&path, "motion,member,vote\nm1,A,yes\nm2,A,no\n").unwrap();
    votebloc()
        .arg("analyze")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 2"));
}

/// The seed as a long CSV (what `ingest` writes), with its data rows in the order given.
fn seed_rows() -> (String, Vec<String>) {
    let output = votebloc().args(["ingest", "-o", "-"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap();
    (header, lines.collect())
}

fn analyze_rows(header: &str, rows: &[String]) -> (Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("votes.csv");
    fs::write(&input, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let out = analyze(&[input.to_str().unwrap()]);
    (
        fs::read(out.path().join("blocs.csv")).unwrap(),
        fs::read(out.path().join("similarity.csv")).unwrap(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Same input rows in any order → byte-identical blocs.csv and similarity.csv.
    #[test]
    fn row_order_does_not_change_the_output(shuffle_seed in any::<u64>()) {
        let (header, rows) = seed_rows();
        let reference = analyze_rows(&header, &rows);
        let mut shuffled = rows.clone();
        // Fisher–Yates driven by a small LCG from the generated seed.
        let mut state = shuffle_seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(analyze_rows(&header, &shuffled), reference);
    }
}

/// A/48/PV.46 (1993): paragraphs of A/48/L.13 voted separately before the text as a whole.
/// Checked by hand against the lists of the record: India abstained on PP9 and OP7 and voted
/// for the whole; the Sudan voted against PP8 (with Iraq) and for the whole; Guinea voted for
/// PP8 and abstained on the whole; Iraq voted against PP8 and OP8 and abstained on the whole.
/// China abstained on PP9, OP7 and the whole and was absent on PP8 and OP8: not a split. Angola,
/// Cuba, Ghana, Mali and Viet Nam abstained throughout; the United States voted yes throughout.
#[test]
fn split_members_of_the_1993_paragraph_votes() {
    let out = analyze(&["tests/fixtures/un/A-48-PV.46.txt.gz"]);
    // split_votes.csv: member, name, bloc, whole, document, motion, part, whole_vote, vote; one
    // row per part, in part order.
    let mut split: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in common::csv_maps(&out.path().join("split_votes.csv")) {
        let entry = split
            .entry(row["member"].clone())
            .or_insert_with(|| (row["whole_vote"].clone(), String::new()));
        if !entry.1.is_empty() {
            entry.1.push(';');
        }
        entry
            .1
            .push_str(&format!("{}={}", row["part"], row["vote"]));
    }
    // swing.csv names the same members, one split row each.
    let swing = common::csv_maps(&out.path().join("swing.csv"));
    let flagged: Vec<&str> = swing
        .iter()
        .filter(|r| r["kind"] == "split")
        .map(|r| r["member"].as_str())
        .collect();
    assert_eq!(flagged.len(), split.len());
    assert!(flagged.iter().all(|m| split.contains_key(*m)));
    let expect = |code: &str, whole: &str, parts: &str| {
        assert_eq!(
            split.get(code),
            Some(&(whole.to_string(), parts.to_string())),
            "{code}"
        );
    };
    expect("IND", "yes", "preambular:9=abstain;operative:7=abstain");
    expect("SDN", "yes", "preambular:8=no");
    expect("GIN", "abstain", "preambular:8=yes");
    expect("IRQ", "abstain", "preambular:8=no;operative:8=no");
    for steady in ["CHN", "AGO", "CUB", "GHA", "MLI", "VNM", "USA"] {
        assert!(
            !split.contains_key(steady),
            "{steady} is not a split member"
        );
    }
    assert_eq!(split.len(), 27);
}

/// `votebloc … | head -1`: a reader that closes the pipe early is not an error.
#[test]
fn a_closed_pipe_exits_zero() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("votebloc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "ingest",
            "notebooks-data/voeten2017/votes.csv.gz",
            "-o",
            "-",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "motion,member,name,vote,source_code\n");
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Planted blocs (`votebloc::synthetic`) written as a long CSV `motion,member,vote` (absences
/// left out, as most sources leave them out), with the true bloc of each member code.
fn planted_csv(
    members: usize,
    motions: usize,
    blocs: usize,
) -> (tempfile::TempDir, BTreeMap<String, u32>) {
    use votebloc::synthetic::{PlantedParams, planted};
    let params = PlantedParams::default()
        .n_members(members)
        .n_motions(motions)
        .n_blocs(blocs)
        .loyalty(0.7)
        .seed(17);
    let data = planted(&params).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("motion,member,vote\n");
    for vote in &data.dataset.votes {
        if matches!(
            vote.vote,
            votebloc::Vote::Absent | votebloc::Vote::NotMember
        ) {
            continue;
        }
        let motion = &data.dataset.motions[vote.motion as usize].id;
        let member = &data.dataset.members[vote.member as usize].code;
        text.push_str(&format!("{motion},{member},{}\n", vote.vote.as_str()));
    }
    fs::write(dir.path().join("planted.csv"), text).unwrap();
    let truth = data
        .dataset
        .members
        .iter()
        .zip(&data.truth)
        .map(|(member, &bloc)| (member.code.clone(), bloc))
        .collect();
    (dir, truth)
}

/// The files `analyze -o` leaves out without the dense similarity table.
const DENSE_FILES: [&str; 4] = ["similarity.csv", "heatmap.svg", "network.svg", "map.svg"];

#[test]
fn above_the_dense_limit_the_analysis_works_by_rows_and_says_what_it_left_out() {
    let (input, truth) = planted_csv(2_000, 40, 4);
    let csv = input.path().join("planted.csv");
    let csv = csv.to_str().unwrap();
    let rows = tempfile::tempdir().unwrap();
    let assert = votebloc()
        .args(["analyze", csv, "--dense-max", "500", "-o"])
        .arg(rows.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: 2000 members are above the dense limit (--dense-max 500)",
        ))
        .stderr(predicate::str::contains(
            "similarity.csv, heatmap.svg, network.svg, map.svg are not written",
        ));
    drop(assert);
    for file in DENSE_FILES {
        assert!(!rows.path().join(file).exists(), "{file} was written");
    }
    for file in [
        "blocs.csv",
        "swing.csv",
        "cohesion.csv",
        "summary.json",
        "report.html",
    ] {
        assert!(rows.path().join(file).exists(), "{file} is missing");
    }
    // The notes: in summary.json, and in the report instead of the plots.
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(rows.path().join("summary.json")).unwrap())
            .unwrap();
    let note = &summary["dense_table"];
    assert_eq!(note["built"], false);
    assert_eq!(
        (note["members"].as_u64(), note["dense_max"].as_u64()),
        (Some(2000), Some(500))
    );
    let skipped: Vec<&str> = note["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, DENSE_FILES);
    assert_eq!(summary["parameters"]["given"]["analysis"]["dense_max"], 500);
    let report = fs::read_to_string(rows.path().join("report.html")).unwrap();
    assert_eq!(
        report
            .matches("Not drawn: 2000 members are above the dense limit")
            .count(),
        3
    );
    let gexf = fs::read_to_string(rows.path().join("graph.gexf")).unwrap();
    assert!(!gexf.contains("viz:position"));
    // The blocs are found: the four planted blocs, nearly every member in its own.
    let found = blocs(rows.path());
    let members: Vec<&String> = truth.keys().collect();
    let left: Vec<u32> = members.iter().map(|m| truth[*m]).collect();
    let right: Vec<u32> = members.iter().map(|m| found[*m]).collect();
    let ari = votebloc::cluster::quality::adjusted_rand_index(&left, &right).unwrap();
    assert!(ari > 0.95, "ARI {ari}");
    // And they are the blocs of the dense analysis, swing members included, byte for byte.
    let dense = analyze(&[csv]);
    for file in ["blocs.csv", "swing.csv", "cohesion.csv", "graph.graphml"] {
        assert_eq!(
            fs::read(rows.path().join(file)).unwrap(),
            fs::read(dense.path().join(file)).unwrap(),
            "{file}"
        );
    }
    let mut dense_summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dense.path().join("summary.json")).unwrap())
            .unwrap();
    assert!(dense_summary.get("dense_table").is_none());
    let mut rows_summary = summary.clone();
    rows_summary.as_object_mut().unwrap().remove("dense_table");
    for summary in [&mut rows_summary, &mut dense_summary] {
        summary["parameters"]["given"]["analysis"]
            .as_object_mut()
            .unwrap()
            .remove("dense_max");
        summary["inputs"] = serde_json::Value::Null;
    }
    assert_eq!(rows_summary, dense_summary);
    // Into the dense run's folder: its four dense files go with the rest of the old set, and
    // the warning says so.
    votebloc()
        .args(["analyze", csv, "--dense-max", "500", "-o"])
        .arg(dense.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "similarity.csv, heatmap.svg, network.svg, map.svg are not written (those of an \
             earlier run are removed)",
        ));
    for file in ["similarity.csv", "heatmap.svg", "network.svg", "map.svg"] {
        assert!(
            !dense.path().join(file).exists(),
            "{file} of the earlier run is still there"
        );
    }
    assert_eq!(
        fs::read(rows.path().join("blocs.csv")).unwrap(),
        fs::read(dense.path().join("blocs.csv")).unwrap()
    );
}

#[test]
fn what_needs_every_pair_is_refused_above_the_dense_limit() {
    for (option, value, alternative) in [
        ("--method", "kmeans", "use --method leiden"),
        ("--graph", "centered", "use --graph knn"),
    ] {
        votebloc()
            .args(["analyze", "--dense-max", "100", option, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "173 members are above the dense limit (--dense-max 100)",
            ))
            .stderr(predicate::str::contains(alternative));
    }
}

#[test]
fn a_run_that_does_not_fit_in_memory_is_refused_before_it_starts() {
    use votebloc::analysis::AnalysisParams;
    use votebloc::memory::Estimate;
    let (input, _) = planted_csv(2_000, 40, 4);
    let csv = input.path().join("planted.csv");
    // A budget between what the analysis needs with the dense table and without it.
    let votes = fs::read_to_string(&csv).unwrap().lines().count() - 1;
    let params = AnalysisParams::default();
    let dense = Estimate::of(&params.workload(2_000, 40, votes, true)).total();
    let rows = Estimate::of(
        &AnalysisParams {
            dense_max: 0,
            ..params
        }
        .workload(2_000, 40, votes, true),
    )
    .total();
    assert!(rows < dense, "{rows} vs {dense}");
    let budget = (rows + dense) / 2;
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("results");
    votebloc()
        .arg("analyze")
        .arg(&csv)
        .args(["--max-memory", &budget.to_string(), "-o"])
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the analysis of 2000 members × 40 motions needs about",
        ))
        .stderr(predicate::str::contains("similarity table"))
        .stderr(predicate::str::contains("lower --dense-max below 2000"));
    // Refused before anything was written.
    assert!(!target.exists());
    // The option named makes it fit.
    votebloc()
        .arg("analyze")
        .arg(&csv)
        .args([
            "--max-memory",
            &budget.to_string(),
            "--dense-max",
            "1999",
            "-o",
        ])
        .arg(&target)
        .assert()
        .success();
    assert!(target.join("blocs.csv").exists());
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

/// member code → group, from members.csv.
fn groups(dir: &Path) -> BTreeMap<String, String> {
    common::csv_maps(&dir.join("members.csv"))
        .into_iter()
        .map(|row| (row["member"].clone(), row["group"].clone()))
        .collect()
}

const UNVOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const UN_ROLL_CALLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";
const UN_ISSUES: &str = "notebooks-data/unvotes/un_roll_call_issues.csv.gz";

/// SHA-256 of a file, in hex.
fn sha256(path: &str) -> String {
    use sha2::Digest;
    let bytes = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_summary_records_every_input_parameter_and_filter_as_given_and_as_resolved() {
    let out = analyze(&[
        UNVOTES,
        "--roll-calls",
        UN_ROLL_CALLS,
        "--issues",
        UN_ISSUES,
        "--lenient",
        "--session",
        "70",
        "--min-votes",
        "30",
        "--min-minority",
        "0.025",
    ]);
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["votebloc_version"], env!("CARGO_PKG_VERSION"));
    // Every input, side tables included, with its digest.
    let inputs: Vec<(String, String)> = summary["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_string(),
                i["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [UNVOTES, UN_ROLL_CALLS, UN_ISSUES]
        .iter()
        .map(|p| (p.to_string(), sha256(p)))
        .collect();
    assert_eq!(inputs, expected);
    // Every option as given...
    let parameters = &summary["parameters"];
    let given = &parameters["given"];
    assert_eq!(given["session"], serde_json::json!([70]));
    assert_eq!(given["min_votes"], 30);
    assert_eq!(given["min_minority"], 0.025);
    assert_eq!(given["lenient"], true);
    assert_eq!(given["roll_calls"], UN_ROLL_CALLS);
    assert_eq!(given["issues"], UN_ISSUES);
    assert_eq!(given["members"], serde_json::Value::Null);
    assert_eq!(given["analysis"]["seed"], 42);
    // ...and as resolved.
    assert_eq!(parameters["min_votes"], 30);
    assert_eq!(parameters["min_votes_rule"], "as given");
    assert_eq!(
        parameters["filter"],
        serde_json::json!({"--session": "70", "--min-minority": "0.025"})
    );
    assert_eq!(parameters["seed"], 42);
    // Every member and motion left out, with the reason.
    let dataset = &summary["dataset"];
    let left_out = dataset["members_left_out"].as_array().unwrap();
    // Haiti cast 15 votes on the 45 motions kept.
    let haiti = left_out.iter().find(|m| m["member"] == "HTI").unwrap();
    assert_eq!(haiti["cast_votes"], 15);
    for member in left_out {
        assert!(member["cast_votes"].as_u64().unwrap() < 30, "{member}");
        assert_eq!(member["reason"], "fewer than 30 cast votes");
    }
    let not_members: Vec<&str> = dataset["not_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["member"].as_str().unwrap())
        .collect();
    assert!(not_members.contains(&"SUN") && not_members.contains(&"YUG"));
    let motions = dataset["motions_left_out"].as_array().unwrap();
    assert_eq!(motions[0]["reason"], "not of --session 70");
    assert!(motions[0]["motions"].as_u64().unwrap() > 6000);
    assert!(motions[0].get("ids").is_none());
    assert!(
        motions[1]["reason"]
            .as_str()
            .unwrap()
            .starts_with("lopsided")
    );
    let lopsided = motions[1]["ids"].as_array().unwrap();
    assert_eq!(
        lopsided.len() as u64,
        motions[1]["motions"].as_u64().unwrap()
    );
    // The motions kept and those left out make the session's 73.
    assert_eq!(
        dataset["motions"].as_u64().unwrap() + lopsided.len() as u64,
        73
    );
    // The report shows the same provenance.
    let report = fs::read_to_string(out.path().join("report.html")).unwrap();
    for text in [
        "votebloc version",
        "filter --session",
        "motions left out: not of --session 70",
        &sha256(UN_ISSUES),
    ] {
        assert!(report.contains(text), "the report lacks {text}");
    }
}

#[test]
fn unga_motions_are_named_by_their_un_symbols_with_counted_tallies() {
    let out = analyze(&[
        UNVOTES,
        "--roll-calls",
        UN_ROLL_CALLS,
        "--lenient",
        "--session",
        "70",
    ]);
    let rows = common::csv_maps(&out.path().join("motions.csv"));
    let cuba = rows.iter().find(|r| r["motion"] == "5394").unwrap();
    assert_eq!(cuba["document"], "A/RES/70/5");
    assert!(cuba["title"].starts_with("Necessity of ending the economic"));
    // unvotes states no tally: the counted one stands beside the empty stated one.
    assert_eq!(
        (cuba["yes"].as_str(), cuba["counted_yes"].as_str()),
        ("", "190")
    );
    assert_eq!(cuba["counted_no"], "2");
    assert_eq!(cuba["majority"], "simple");
    assert_eq!(cuba["counted_outcome"], "adopted");
    // The State Department's important votes are not Article 18(2)'s important questions.
    assert_eq!(cuba["important"], "true");
    assert!(
        rows.iter()
            .all(|r| r["document"].is_empty() || r["document"].starts_with("A/RES/70/"))
    );
}

#[test]
fn senate_motions_take_voteview_roll_calls_and_the_senate_rules() {
    let out = analyze(&[
        "notebooks-data/voteview/S117_votes.csv.gz",
        "--members",
        "notebooks-data/voteview/S117_members.csv",
        "--roll-calls",
        "notebooks-data/voteview/S117_rollcalls_excerpt.csv.gz",
        "--min-votes",
        "10",
    ]);
    let rows = common::csv_maps(&out.path().join("motions.csv"));
    let row = |id: &str| rows.iter().find(|r| r["motion"] == id).unwrap();
    let fields = |id: &str| {
        let r = row(id);
        [
            r["date"].as_str(),
            r["question"].as_str(),
            r["outcome"].as_str(),
            r["majority"].as_str(),
            r["counted_outcome"].as_str(),
        ]
        .map(str::to_string)
    };
    // The impeachment verdict: 57 guilty, 43 not guilty, acquitted under two thirds.
    assert_eq!(
        fields("S117-59"),
        [
            "2021-02-13",
            "Guilty or Not Guilty",
            "Not Guilty",
            "two-thirds",
            "rejected"
        ]
    );
    assert_eq!(
        (
            row("S117-59")["yes"].as_str(),
            row("S117-59")["no"].as_str()
        ),
        ("57", "43")
    );
    // Cloture on the January 6 commission: 54–35, short of 60 of the 100 senators.
    assert_eq!(fields("S117-218")[3..], ["three-fifths", "rejected"]);
    // Cloture on a nomination since 2013: a simple majority.
    assert_eq!(fields("S117-10")[3..], ["simple", "adopted"]);
    // 50–50 ties the Vice-President broke, on an amendment and on a nomination's cloture.
    assert_eq!(fields("S117-52")[4], "adopted_tie_break");
    assert_eq!(fields("S117-244")[4], "adopted_tie_break");
    assert_eq!(fields("S117-15")[4], "rejected");
    // A roll call the excerpt lacks keeps its id only.
    assert_eq!(fields("S117-300")[..3], ["", "", ""]);
    // The narrow votes name only the few who decided them.
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let pivots = summary["pivots"].as_array().unwrap();
    assert!(
        pivots
            .iter()
            .all(|p| p["decided_by"].as_array().unwrap().len() <= 5)
    );
    let tie = pivots.iter().find(|p| p["motion"] == "S117-52").unwrap();
    assert_eq!(tie["tie_break"], true);
    assert!(
        tie["line"]
            .as_str()
            .unwrap()
            .starts_with("adopted 50–50 by the Vice-President's vote: one switch reverses it")
    );
    let contradicted = summary["dataset"]["outcomes_contradicted"]
        .as_array()
        .unwrap();
    assert!(contradicted.iter().all(|c| c["motion"] != "S117-59"));
}

#[test]
fn states_get_their_regional_group_and_blocs_are_compared_with_it() {
    let out = analyze(&SESSION_70);
    let groups = groups(out.path());
    for (code, group) in [
        ("FRA", "WEOG"),
        ("USA", "WEOG"),
        ("BRA", "GRULAC"),
        ("RUS", "EEG"),
    ] {
        assert_eq!(groups[code], group, "{code}");
    }
    assert_eq!(groups["IND"], "Asia-Pacific");
    assert_eq!(groups["NGA"], "African");
    let summary = summary(out.path());
    let quality = &summary["quality"];
    let ari = quality["group_ari"].as_f64().unwrap();
    assert!((ari - 0.229).abs() < 0.01, "{ari}");
    let table = &quality["bloc_groups"];
    let names: Vec<&str> = table["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 5);
    let weog = names.iter().position(|&g| g == "WEOG").unwrap();
    // The Western bloc (3) holds the 29 WEOG members, and no other bloc any.
    let counts: Vec<u64> = table["blocs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["counts"][weog].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [0, 0, 29]);
    assert_eq!(
        summary["parameters"]["given"]["groups"],
        serde_json::Value::Null
    );
}

#[test]
fn groups_can_be_another_grouping_or_the_source_only() {
    let eu = analyze(&[&SESSION_70[..], &["--groups", "eu"]].concat());
    let eu_groups = groups(eu.path());
    assert_eq!(eu_groups["FRA"], "EU");
    assert_eq!(eu_groups["GBR"], "EU", "a member in 2015");
    assert_eq!(eu_groups["USA"], "not EU");
    let summary = summary(eu.path());
    assert_eq!(summary["parameters"]["given"]["groups"], "eu");
    assert_eq!(
        summary["quality"]["bloc_groups"]["groups"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let source = analyze(&["--groups", "source"]);
    assert!(groups(source.path()).values().all(String::is_empty));
    votebloc()
        .args(["analyze", "--groups", "g8"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("g8").and(predicate::str::contains("oecd")));
}

#[test]
fn two_blocs_that_are_not_distinct_are_warned_about_and_the_seed_is_not() {
    let out = tempfile::tempdir().unwrap();
    let run = votebloc()
        .arg("analyze")
        .args(SESSION_70)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success());
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.contains("warning: blocs 1 and 2 are not clearly distinct: silhouette 0.27"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("not clearly distinct").count(),
        1,
        "{stdout}"
    );
    let separation = summary(out.path())["quality"]["separation"].clone();
    let verdicts: Vec<&str> = separation
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["weak", "distinct", "distinct"]);
    assert_eq!(separation[0]["sizes"], serde_json::json!([75, 64]));
    let html = fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<div class=\"warning\"><strong>Blocs that are not clearly distinct."));
    let seed = votebloc().arg("analyze").output().unwrap();
    let stdout = String::from_utf8(seed.stdout).unwrap();
    assert!(!stdout.contains("warning"), "{stdout}");
}

#[test]
fn the_resolution_scan_recommends_two_blocs_for_session_70_and_keeps_the_seed_three() {
    let out = analyze(&[&SESSION_70[..], &["--scan"]].concat());
    let scan = summary(out.path())["resolution_scan"].clone();
    assert_eq!(scan["steps"].as_array().unwrap().len(), 17);
    assert_eq!(scan["recommended"]["blocs"], 2);
    let analysed = scan["analysed_step"].as_u64().unwrap() as usize;
    assert_eq!(scan["steps"][analysed]["resolution"], 1.0);
    assert_eq!(
        scan["steps"][analysed]["sizes"],
        serde_json::json!([75, 64, 53])
    );
    let html = fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("the most persistent partition has 2 blocs"));
    let seed = votebloc().args(["analyze", "--scan"]).output().unwrap();
    let stdout = String::from_utf8(seed.stdout).unwrap();
    assert!(
        stdout.contains("the most persistent partition has 3 blocs"),
        "{stdout}"
    );
    // Without --scan: nothing of it in the summary.
    assert!(
        summary(analyze(&[]).path())
            .get("resolution_scan")
            .is_none()
    );
    votebloc()
        .args(["analyze", "--scan", "--method", "kmeans"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--scan goes with --method leiden"));
}

#[test]
fn senate_blocs_are_the_caucuses_but_for_two_moderates_and_legislators_keep_their_party() {
    let out = analyze(&SENATE_117);
    let blocs = blocs(out.path());
    let groups = groups(out.path());
    assert_eq!(blocs.len(), 100);
    // Caucus: the Independents (Sanders, King) sit with the Democrats.
    let mut moved: Vec<&str> = Vec::new();
    let democrats = blocs["29147"]; // Sanders
    for (code, bloc) in &blocs {
        let caucus_d = matches!(groups[code].as_str(), "Democrat" | "Independent");
        if caucus_d != (*bloc == democrats) {
            moved.push(code);
        }
    }
    // Collins and Murkowski, the known moderates, vote with the Democrats' bloc.
    assert_eq!(moved, ["40300", "49703"]);
    let ari = summary(out.path())["quality"]["group_ari"]
        .as_f64()
        .unwrap();
    assert!((ari - 0.882).abs() < 0.01, "{ari}");
    let stdout = String::from_utf8(
        votebloc()
            .arg("analyze")
            .args(SENATE_117)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(stdout.contains("Leahy (D-VT)"), "{stdout}");
    assert!(!stdout.contains("not clearly distinct"), "{stdout}");
}
