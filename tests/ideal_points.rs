//! The ideal points in `votebloc analyze` and `votebloc report` (the stage's files, its keys
//! of summary.json, its lines of the terminal summary, its section of report.html with the
//! strip plot) and the page of `votebloc ideal -o`, run as programs on committed real data: the
//! seed (five motions: nothing to scale, a warning, not an error), UN General Assembly session
//! 70 (unvotes) and the Senate of the 117th Congress (Voteview).
//!
//! A file of its own (not `tests/analyze.rs`, `tests/report.rs`, `tests/ideal.rs`) so that the
//! workstreams changing those files at the same time merge without conflicts.

mod common;

use common::{csv_maps, votebloc};
use std::fs;
use std::path::Path;
use votebloc::report::strip::{overlapping_labels, text_boxes};

const UN_VOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const UN_ROLL_CALLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";
const S117_VOTES: &str = "notebooks-data/voteview/S117_votes.csv.gz";
const S117_MEMBERS: &str = "notebooks-data/voteview/S117_members.csv";

/// Runs `votebloc COMMAND ARGS… -o DIR` (success asserted); returns the folder and stdout and
/// stderr.
fn run(command: &str, args: &[&str]) -> (tempfile::TempDir, String, String) {
    let out = tempfile::tempdir().unwrap();
    let output = votebloc()
        .arg(command)
        .args(args)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{command} {args:?}: {stderr}");
    (out, String::from_utf8(output.stdout).unwrap(), stderr)
}

fn session_70() -> Vec<&'static str> {
    vec![
        UN_VOTES,
        "--roll-calls",
        UN_ROLL_CALLS,
        "--lenient",
        "--session",
        "70",
    ]
}

fn senate() -> Vec<&'static str> {
    vec![
        S117_VOTES,
        "--members",
        S117_MEMBERS,
        "--min-votes",
        "10",
        "--min-minority",
        "0.025",
    ]
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(dir, "summary.json")).unwrap()
}

/// The SVG of the strip plot in a report page.
fn strip_of(page: &str) -> &str {
    let start = page
        .find("<svg")
        .and_then(|_| page.find("Ideal points by bloc"))
        .and_then(|title| page[..title].rfind("<svg"))
        .expect("a strip plot");
    let end = page[start..].find("</svg>").unwrap() + start + 6;
    &page[start..end]
}

#[test]
fn the_seed_warns_that_five_motions_place_nobody_and_writes_the_rest() {
    let (dir, stdout, stderr) = run("analyze", &[]);
    assert!(
        stderr.contains(
            "warning: ideal points not estimated: nothing to scale: 5 motion(s), fewer than the \
             20 votes a member needs"
        ),
        "{stderr}"
    );
    assert!(stdout.contains("\nideal points: not estimated (nothing to scale: 5 motion(s)"));
    // The swing members of the seed do not move.
    assert!(stdout.contains("swing members (7)"), "{stdout}");
    assert_eq!(
        read(dir.path(), "ideal.csv"),
        "member,name,group,period,ideal,ideal_lo,ideal_hi,votes\n"
    );
    assert_eq!(
        read(dir.path(), "ideal_motions.csv"),
        "motion,period,discrimination,cut_1,cut_2,bridge\n"
    );
    let ideal = &summary(dir.path())["ideal"];
    assert_eq!(ideal["estimated"], false);
    assert_eq!(ideal["model"], "ordinal");
    let page = read(dir.path(), "report.html");
    assert!(page.contains(
        "<h2 id=\"ideal\">Ideal points</h2>\n<p class=\"note\">Not estimated: nothing to \
         scale: 5 motion(s)"
    ));
}

#[test]
fn session_70_writes_the_ideal_points_votebloc_ideal_writes() {
    let (dir, stdout, stderr) = run("analyze", &session_70());
    let mut args = session_70();
    args.extend(["--bootstrap", "0"]);
    let (ideal, _, _) = run("ideal", &args);
    for name in ["ideal.csv", "ideal_motions.csv"] {
        assert_eq!(
            read(dir.path(), name),
            read(ideal.path(), name),
            "{name} differs from votebloc ideal's"
        );
    }
    let rows = csv_maps(&dir.path().join("ideal.csv"));
    assert_eq!(rows.len(), 191);
    let usa = rows.iter().find(|r| r["member"] == "USA").unwrap();
    assert!(usa["ideal"].parse::<f64>().unwrap() > 3.0);
    assert!(usa["ideal_lo"].is_empty() && usa["ideal_hi"].is_empty());
    let ideal = &summary(dir.path())["ideal"];
    assert_eq!(ideal["estimated"], true);
    assert_eq!(ideal["model"], "ordinal");
    assert_eq!(ideal["anchor"], "USA (member)");
    assert_eq!(ideal["params"]["bootstrap"], 0);
    assert_eq!(ideal["fits"][0]["converged"], true);
    let kinds: Vec<&str> = ideal["pivots"][0]["pivots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["median", "two_thirds", "two_thirds"]);
    assert_eq!(ideal["bloc_centres"].as_array().unwrap().len(), 3);
    // China and Russia, with the non-aligned by their votes, stand nearer the West by position.
    let between: Vec<&str> = ideal["between_blocs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["member"].as_str().unwrap())
        .collect();
    assert!(
        between.contains(&"CHN") && between.contains(&"RUS"),
        "{between:?}"
    );
    // The member the 20-vote rule leaves out is named.
    assert_eq!(
        ideal["members_without_position"].as_array().unwrap().len(),
        1
    );
    assert!(stdout.contains("\nideal points: ordinal model, 1 dimension; 191 of 192 members"));
    assert!(stdout.contains("  pivots: median "), "{stdout}");
    assert!(
        stdout.contains("  between blocs by position (13): "),
        "{stdout}"
    );
    assert!(!stderr.contains("ideal points not estimated"));
}

#[test]
fn no_ideal_leaves_every_other_output_as_it_was() {
    let (with, with_stdout, _) = run("analyze", &session_70());
    // An earlier run's ideal files in the folder are removed with the set.
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("ideal.csv"), "stale\n").unwrap();
    let mut args = session_70();
    args.push("--no-ideal");
    let output = votebloc()
        .arg("analyze")
        .args(&args)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let without = out.path();
    assert!(!without.join("ideal.csv").exists());
    assert!(!without.join("ideal_motions.csv").exists());
    for name in [
        "votes.csv",
        "motions.csv",
        "members.csv",
        "blocs.csv",
        "swing.csv",
        "cohesion.csv",
        "similarity.csv",
        "map.svg",
        "network.svg",
    ] {
        assert_eq!(read(with.path(), name), read(without, name), "{name}");
    }
    let mut plain = summary(without);
    assert!(plain.get("ideal").is_none());
    assert_eq!(plain["parameters"]["given"]["ideal"]["no_ideal"], true);
    plain["parameters"]["given"]
        .as_object_mut()
        .unwrap()
        .remove("ideal");
    let mut full = summary(with.path());
    full.as_object_mut().unwrap().remove("ideal");
    assert_eq!(full, plain);
    // The terminal summary gains its ideal-point lines at the end, nothing else.
    let without_stdout = String::from_utf8(output.stdout).unwrap();
    let start = with_stdout.find("\nideal points: ").unwrap();
    assert_eq!(&with_stdout[..start], without_stdout);
    // The report gains its section and the link to it.
    let page = read(with.path(), "report.html");
    let plain_page = read(without, "report.html");
    let section = page.find("<section>\n<h2 id=\"ideal\">").unwrap();
    let end = page[section..].find("</section>\n").unwrap() + section + 11;
    let page = format!("{}{}", &page[..section], &page[end..])
        .replace("<a href=\"#ideal\">Ideal points</a>", "");
    assert_eq!(page, plain_page);
}

#[test]
fn the_unga_history_is_not_fitted_by_default_and_ideal_asks_for_it() {
    let (dir, stdout, stderr) = run(
        "analyze",
        &[UN_VOTES, "--roll-calls", UN_ROLL_CALLS, "--lenient"],
    );
    assert!(
        stderr.contains("warning: ideal points not estimated: 870107 cast votes, more than "),
        "{stderr}"
    );
    assert!(stdout.contains("cast votes, more than the 250000 fitted by default"));
    assert_eq!(csv_maps(&dir.path().join("ideal.csv")).len(), 0);
    assert_eq!(summary(dir.path())["ideal"]["estimated"], false);
    votebloc()
        .args(["analyze", "--ideal", "--no-ideal"])
        .assert()
        .code(2);
}

#[test]
fn ideal_bootstrap_draws_bounds_around_every_position() {
    let mut args = session_70();
    args.extend(["--ideal-bootstrap", "4"]);
    let (dir, stdout, _) = run("analyze", &args);
    let rows = csv_maps(&dir.path().join("ideal.csv"));
    assert_eq!(rows.len(), 191);
    for row in &rows {
        let [x, lo, hi] = ["ideal", "ideal_lo", "ideal_hi"].map(|c| row[c].parse::<f64>().unwrap());
        assert!(lo < x && x < hi, "{row:?}");
    }
    assert!(stdout.contains("bounds from 4 bootstrap replicates"));
    assert_eq!(
        summary(dir.path())["parameters"]["given"]["ideal"]["ideal_bootstrap"],
        4
    );
    votebloc()
        .args(["analyze", "--no-ideal", "--ideal-bootstrap", "4"])
        .assert()
        .code(2);
    votebloc()
        .args(["analyze", "--ideal-bootstrap", "20000"])
        .assert()
        .code(2);
}

#[test]
fn the_senate_is_fitted_by_the_binary_model_with_its_pivots() {
    let (dir, stdout, _) = run("analyze", &senate());
    let ideal = &summary(dir.path())["ideal"];
    assert_eq!(ideal["model"], "binary");
    assert_eq!(ideal["anchor"], "Republican (group)");
    let pivots = ideal["pivots"][0]["pivots"].as_array().unwrap();
    let kinds: Vec<&str> = pivots.iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "median",
            "median",
            "filibuster",
            "filibuster",
            "veto",
            "veto"
        ]
    );
    let median: Vec<&str> = pivots[..2]
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        median,
        ["MANCHIN, Joe, III (WV)", "COLLINS, Susan Margaret (ME)"]
    );
    let between: Vec<&str> = ideal["between_blocs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        between,
        ["MURKOWSKI, Lisa (AK)", "COLLINS, Susan Margaret (ME)"]
    );
    assert!(stdout.contains("filibuster −Sanders (I-VT)"), "{stdout}");
    // `votebloc ideal` chooses the same model for the same source.
    let (fit, ideal_stdout, _) = run("ideal", &[S117_VOTES, "--members", S117_MEMBERS]);
    assert!(ideal_stdout.starts_with("votebloc ideal: binary model"));
    assert!(fit.path().join("ideal.html").exists());
}

#[test]
fn the_strip_plots_label_every_member_once_without_overlaps() {
    for args in [session_70(), senate()] {
        let (dir, _, _) = run("analyze", &args);
        let page = read(dir.path(), "report.html");
        let strip = strip_of(&page);
        assert_eq!(overlapping_labels(strip), None, "{args:?}");
        let labels: Vec<String> = text_boxes(strip).into_iter().map(|(t, _)| t).collect();
        let rows = csv_maps(&dir.path().join("ideal.csv"));
        for row in &rows {
            // A state by code (`USA`), a senator by surname, party and state (`Collins (R-ME)`:
            // the rule `Member::short_name`'s own tests check).
            let mut member = votebloc::Member::new(row["member"].clone(), row["name"].clone());
            member.group = Some(row["group"].clone()).filter(|g| !g.is_empty());
            let short = member.short_name();
            assert_eq!(
                labels.iter().filter(|l| **l == short).count(),
                1,
                "{short} in {args:?}"
            );
        }
        assert_eq!(
            strip.matches("<circle").count() - strip.matches("fill-opacity=\"0\"").count(),
            rows.len()
        );
        assert!(page.contains("<a href=\"#ideal\">Ideal points</a>"));
    }
}

#[test]
fn ideal_writes_a_page_with_the_strip_or_the_scatter() {
    let mut args = session_70();
    args.extend(["--bootstrap", "0"]);
    let (one, _, _) = run("ideal", &args);
    let page = read(one.path(), "ideal.html");
    assert!(page.contains("<title>votebloc ideal points: 2 inputs</title>"));
    assert_eq!(page.matches("<circle").count(), 191);
    assert_eq!(page.matches("stroke-dasharray").count(), 3);
    assert_eq!(overlapping_labels(&page), None);
    args.extend(["--dims", "2", "--cutting-lines"]);
    let (two, _, _) = run("ideal", &args);
    let page = read(two.path(), "ideal.html");
    assert_eq!(page.matches("<circle").count(), 191);
    assert!(page.contains("second dimension"));
    assert!(page.matches(r##"stroke="#bbbbbb""##).count() > 20);
    assert_eq!(overlapping_labels(&page), None);
    // Fits by period have no page: their positions are in ideal.csv.
    let (by, _, _) = run(
        "ideal",
        &[
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
        ],
    );
    assert!(!by.path().join("ideal.html").exists());
    votebloc()
        .args(["ideal", "--cutting-lines"])
        .assert()
        .code(2);
}
