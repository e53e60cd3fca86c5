//! `votebloc agreement` run as a program on the committed UNGA history (unvotes) and on small
//! hand-made inputs: one row per member-year, the State Department's counts, the same value
//! as `similarity.csv`, and the errors for a wrong reference or missing dates.

mod common;

use common::votebloc;
use predicates::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const VOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const ROLLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";

/// One row of the CSV, by column name.
type Row = BTreeMap<String, String>;

fn rows(csv_text: &[u8]) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(csv_text);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header.join(","),
        "member,name,with,period,index,value,same,opposite,partial,absent,votes"
    );
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn history_by_year(extra: &[&str]) -> Vec<Row> {
    let output = votebloc()
        .args(["agreement", VOTES, "--roll-calls", ROLLS, "--lenient"])
        .args(["--with", "USA", "--by", "year"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    rows(&output.stdout)
}

fn count(row: &Row, column: &str) -> u32 {
    row[column].parse().unwrap()
}

#[test]
fn the_history_has_one_row_per_member_year_with_the_state_department_counts() {
    let rows = history_by_year(&[]);
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert!(seen.insert((row["member"].clone(), row["period"].clone())));
        assert_eq!(row["with"], "USA");
        assert_ne!(row["member"], "USA");
        let [same, opposite, partial, absent] =
            ["same", "opposite", "partial", "absent"].map(|c| count(row, c));
        assert_eq!(same + opposite + partial + absent, count(row, "votes"));
        // Coincidence: identical votes over identical + opposite votes, empty without any.
        if same + opposite == 0 {
            assert_eq!(row["value"], "");
        } else {
            let value: f64 = row["value"].parse().unwrap();
            let expected = f64::from(same) / f64::from(same + opposite);
            assert!((value - expected).abs() < 1e-6, "{row:?}");
        }
    }
    let in_year = |year: &str| -> BTreeMap<String, &Row> {
        rows.iter()
            .filter(|r| r["period"] == year)
            .map(|r| (r["member"].clone(), r))
            .collect()
    };
    // 2019: the 192 other members of the 193, and Israel the closest to the United States.
    let y2019 = in_year("2019");
    assert_eq!(y2019.len(), 192);
    let value = |r: &Row| r["value"].parse::<f64>().unwrap_or(f64::NAN);
    let closest = y2019
        .values()
        .max_by(|a, b| value(a).total_cmp(&value(b)))
        .unwrap();
    assert_eq!(closest["member"], "ISR");
    assert!(value(y2019["CHN"]) < value(y2019["GBR"]));
    // Members that did not exist have no row: South Sudan before 2011, the USSR after 1991,
    // the Russian Federation before.
    let years = |code: &str| -> Vec<u32> {
        rows.iter()
            .filter(|r| r["member"] == code)
            .map(|r| r["period"].parse().unwrap())
            .collect()
    };
    assert!(years("SSD").iter().all(|&y| y >= 2011) && !years("SSD").is_empty());
    assert!(years("SUN").iter().all(|&y| y <= 1991) && !years("SUN").is_empty());
    assert!(years("RUS").iter().all(|&y| y >= 1991) && !years("RUS").is_empty());
}

#[test]
fn the_value_is_the_one_of_similarity_csv() {
    let rows = history_by_year(&["--from", "2019", "--to", "2019"]);
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .args(["analyze", VOTES, "--roll-calls", ROLLS, "--lenient"])
        .args([
            "--from",
            "2019",
            "--to",
            "2019",
            "--index",
            "coincidence",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success();
    let text = std::fs::read_to_string(out.path().join("similarity.csv")).unwrap();
    let mut pairs = 0;
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let other = match (cells[0], cells[1]) {
            ("USA", other) | (other, "USA") => other,
            _ => continue,
        };
        let row = rows.iter().find(|r| r["member"] == other).unwrap();
        assert_eq!(row["value"], cells[2], "{other}");
        pairs += 1;
    }
    // Every member analyze kept (its vote floor leaves out those with few 2019 votes) is
    // compared with the USA once.
    let analysed = std::fs::read_to_string(out.path().join("members.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(analysed >= 185, "{analysed} members analysed");
    assert_eq!(pairs, analysed - 1);
}

#[test]
fn important_votes_are_a_subset() {
    let all = history_by_year(&["--from", "2010", "--to", "2010"]);
    let important = history_by_year(&["--from", "2010", "--to", "2010", "--important"]);
    let votes = |rows: &[Row]| rows.iter().map(|r| count(r, "votes")).max().unwrap();
    assert!(votes(&important) > 0);
    assert!(votes(&important) < votes(&all));
}

#[test]
fn an_unknown_reference_names_the_closest_codes() {
    votebloc()
        .args(["agreement", VOTES, "--lenient", "--with", "USR"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("USR").and(predicate::str::contains("USA")));
}

#[test]
fn years_without_dates_are_a_clear_error() {
    votebloc()
        .args([
            "agreement",
            VOTES,
            "--lenient",
            "--with",
            "USA",
            "--by",
            "year",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("date").and(predicate::str::contains("--roll-calls")));
}

#[test]
fn a_period_with_no_shared_vote_has_an_empty_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("votes.csv");
    std::fs::write(
        &path,
        "motion,member,vote,date\n\
         1,A,yes,2001-05-01\n1,B,abstain,2001-05-01\n1,C,yes,2001-05-01\n\
         2,A,no,2002-05-01\n2,B,no,2002-05-01\n2,C,not_member,2002-05-01\n",
    )
    .unwrap();
    let output = votebloc()
        .args(["agreement", "--with", "A", "--by", "year"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let listed: Vec<String> = rows(&output.stdout)
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["member"], r["period"], r["value"], r["partial"]
            )
        })
        .collect();
    // B abstained in 2001: no yes/no pair, an empty value; C was no member in 2002: no row.
    assert_eq!(listed, ["B 2001  1", "B 2002 1 0", "C 2001 1 0"]);
}

#[test]
fn the_page_draws_india_brazil_and_china_against_the_spread_of_all() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("agreement.html");
    votebloc()
        .args([
            "agreement",
            VOTES,
            "--roll-calls",
            ROLLS,
            "--lenient",
            "--with",
            "USA",
            "--by",
            "year",
            "--from",
            "1990",
            "--to",
            "2019",
            "--highlight",
            "IND,BRA,CHN",
            "--html",
        ])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<svg ").count(), 1);
    assert!(html.contains("<h2>With United States of America (USA)</h2>"));
    for code in ["IND", "BRA", "CHN"] {
        assert!(
            html.contains(&format!(">{code}</text>")),
            "{code} not in the legend"
        );
    }
    // Thirty years on the axis, one line per highlighted member plus the median, and the
    // band behind them.
    assert!(html.contains(">1990</text>") && html.contains(">2019</text>"));
    assert!(html.matches("<path d=").count() >= 5);
}

#[test]
fn highlight_without_a_page_is_a_usage_error() {
    votebloc()
        .args([
            "agreement",
            VOTES,
            "--roll-calls",
            ROLLS,
            "--lenient",
            "--with",
            "USA",
        ])
        .args(["--highlight", "IND"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--html"));
}
