//! `votebloc timeline`: blocs per session, year and congress from the real binary, on the
//! committed UNGA history and two Senates.

mod common;

use common::{csv_maps, votebloc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const VOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const ROLL_CALLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";
const S117: &str = "notebooks-data/voteview/S117_votes.csv.gz";
const S118: &str = "notebooks-data/voteview/S118_votes.csv.gz";
const S117_MEMBERS: &str = "notebooks-data/voteview/S117_members.csv";
const S118_MEMBERS: &str = "notebooks-data/voteview/S118_members.csv.gz";

/// Runs `timeline` with `args` into a new folder; its three tables.
fn timeline(args: &[&str]) -> (tempfile::TempDir, TimelineFiles) {
    let out = tempfile::tempdir().unwrap();
    votebloc()
        .arg("timeline")
        .args(args)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let files = TimelineFiles::read(out.path());
    (out, files)
}

struct TimelineFiles {
    /// period → member → bloc
    blocs: BTreeMap<String, BTreeMap<String, String>>,
    periods: Vec<BTreeMap<String, String>>,
    transitions: Vec<BTreeMap<String, String>>,
}

impl TimelineFiles {
    fn read(dir: &Path) -> TimelineFiles {
        let mut blocs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for row in csv_maps(&dir.join("timeline.csv")) {
            blocs
                .entry(row["period"].clone())
                .or_default()
                .insert(row["member"].clone(), row["bloc"].clone());
        }
        TimelineFiles {
            blocs,
            periods: csv_maps(&dir.join("periods.csv")),
            transitions: csv_maps(&dir.join("transitions.csv")),
        }
    }
}

#[test]
fn by_year_the_usa_and_the_uk_share_a_bloc_in_most_years() {
    let (_dir, files) = timeline(&[
        VOTES,
        "--roll-calls",
        ROLL_CALLS,
        "--lenient",
        "--by",
        "year",
        "--no-ideal",
    ]);
    let years: Vec<u32> = files.blocs.keys().map(|y| y.parse().unwrap()).collect();
    // Recorded votes from 1946 to the 74th session, which held its last votes in 2020.
    assert_eq!(years.first(), Some(&1946));
    assert_eq!(years.last(), Some(&2020));
    assert!(years.len() >= 70, "{} years", years.len());
    let both: Vec<_> = files
        .blocs
        .values()
        .filter(|p| p.contains_key("USA") && p.contains_key("GBR"))
        .collect();
    let together = both.iter().filter(|p| p["USA"] == p["GBR"]).count();
    assert!(
        together * 10 >= both.len() * 9,
        "{together} of {}",
        both.len()
    );
    // The USSR sits in the record until 1991, the Russian Federation from then on.
    assert!(files.blocs["1985"].contains_key("SUN"));
    assert!(!files.blocs["1985"].contains_key("RUS"));
    assert!(files.blocs["2015"].contains_key("RUS"));
    assert!(!files.blocs["2015"].contains_key("SUN"));
    assert_eq!(files.periods.len(), files.blocs.len());
}

#[test]
fn by_session_every_period_row_counts_its_members() {
    let (_dir, files) = timeline(&[
        VOTES,
        "--roll-calls",
        ROLL_CALLS,
        "--lenient",
        "--by",
        "session",
        "--no-ideal",
    ]);
    assert!(files.blocs.contains_key("70"));
    assert!(
        !_dir.path().join("ideal.csv").exists(),
        "--no-ideal writes no ideal.csv"
    );
    for period in &files.periods {
        let members: usize = period["members"].parse().unwrap();
        assert_eq!(members, files.blocs[&period["period"]].len(), "{period:?}");
    }
    // A transition names a member that is in both periods, in the blocs it left and joined.
    for t in &files.transitions {
        let from = &files.blocs[&t["from_period"]];
        let to = &files.blocs[&t["to_period"]];
        assert_eq!(from[&t["member"]], t["from_bloc"], "{t:?}");
        assert_eq!(to[&t["member"]], t["to_bloc"], "{t:?}");
    }
}

#[test]
fn by_congress_the_two_senates_split_by_caucus() {
    let (_dir, files) = timeline(&[S117, S118, "--members", S117_MEMBERS, "--by", "congress"]);
    assert_eq!(
        files.blocs.keys().cloned().collect::<Vec<_>>(),
        vec!["117".to_string(), "118".to_string()]
    );
    // Parties from the 117th's members file: 100 Democrat, 200 Republican, 328 Independent
    // (Sanders and King caucus with the Democrats).
    let party: BTreeMap<String, String> =
        csv_maps(&Path::new(env!("CARGO_MANIFEST_DIR")).join(S117_MEMBERS))
            .into_iter()
            .map(|r| (r["icpsr"].clone(), r["party_code"].clone()))
            .collect();
    for (congress, blocs) in &files.blocs {
        let schumer = &blocs["14858"];
        let mcconnell = &blocs["14921"];
        assert_ne!(schumer, mcconnell, "congress {congress}");
        let democrats: Vec<&String> = blocs
            .iter()
            .filter(|(m, _)| party.get(*m).is_some_and(|p| p == "100"))
            .map(|(_, b)| b)
            .collect();
        let with_schumer = democrats.iter().filter(|b| **b == schumer).count();
        assert!(democrats.len() >= 40, "congress {congress}");
        assert!(
            with_schumer * 100 >= democrats.len() * 95,
            "congress {congress}: {with_schumer} of {} Democrats with Schumer",
            democrats.len()
        );
    }
}

#[test]
fn one_members_file_per_congress_names_every_senator_of_both() {
    let out = tempfile::tempdir().unwrap();
    let run = votebloc()
        .args(["timeline", S117, S118, "--members", S117_MEMBERS])
        .args(["--members", S118_MEMBERS, "--by", "congress", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // With the 117th's file alone, the 118th's new senators keep their ICPSR numbers as names.
    assert!(!stderr.contains("are not in"), "{stderr}");
    let rows = csv_maps(&out.path().join("timeline.csv"));
    let named = |congress: &str| {
        rows.iter()
            .filter(|r| r["period"] == congress)
            .map(|r| (r["member"].clone(), r["name"].clone()))
            .collect::<BTreeMap<String, String>>()
    };
    let (s117, s118) = (named("117"), named("118"));
    assert!(
        s117.len() >= 99 && s118.len() >= 99,
        "{} {}",
        s117.len(),
        s118.len()
    );
    for (code, name) in s117.iter().chain(&s118) {
        assert!(name != code && name.ends_with(')'), "{code}: {name}");
    }
    // Britt (ICPSR 42300) sits in the 118th only: her name comes from the 118th's file.
    assert_eq!(s118["42300"], "BRITT, Katie Elizabeth (AL)");
    assert!(!s117.contains_key("42300"));
    // The blocs are the parties, by each congress's own file: nine in ten Democrats in one
    // bloc, nine in ten Republicans in another.
    for (congress, file) in [("117", S117_MEMBERS), ("118", S118_MEMBERS)] {
        let party = parties(file);
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for r in rows.iter().filter(|r| r["period"] == congress) {
            *counts
                .entry((&party[&r["member"]], &r["bloc"]))
                .or_default() += 1;
        }
        let main_bloc = |code: &str| {
            let of_party: Vec<(&str, usize)> = counts
                .iter()
                .filter(|((p, _), _)| *p == code)
                .map(|((_, bloc), n)| (*bloc, *n))
                .collect();
            let total: usize = of_party.iter().map(|(_, n)| n).sum();
            let (bloc, most) = of_party.into_iter().max_by_key(|(_, n)| *n).unwrap();
            assert!(most * 10 >= total * 9, "congress {congress}: {counts:?}");
            bloc
        };
        assert_ne!(main_bloc("100"), main_bloc("200"), "congress {congress}");
    }
}

/// ICPSR number → party code of a Voteview members file (plain or gzip-compressed).
fn parties(file: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let bytes = std::fs::read(&path).unwrap();
    let text = if file.ends_with(".gz") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap();
        text
    } else {
        String::from_utf8(bytes).unwrap()
    };
    csv::Reader::from_reader(text.as_bytes())
        .deserialize::<BTreeMap<String, String>>()
        .map(|r| {
            let r = r.unwrap();
            let icpsr = r["icpsr"].trim_end_matches(".0").to_string();
            (icpsr, r["party_code"].trim_end_matches(".0").to_string())
        })
        .collect()
}

#[test]
fn the_timeline_does_not_depend_on_the_order_of_the_inputs() {
    let (_a, forward) = timeline(&[S117, S118, "--members", S117_MEMBERS, "--by", "congress"]);
    let (_b, backward) = timeline(&[S118, S117, "--members", S117_MEMBERS, "--by", "congress"]);
    assert_eq!(forward.blocs, backward.blocs);
    assert_eq!(forward.periods, backward.periods);
    assert_eq!(forward.transitions, backward.transitions);
}

#[test]
fn by_year_on_data_without_dates_is_a_clear_error() {
    let out = tempfile::tempdir().unwrap();
    let run = votebloc()
        .args(["timeline", S117, "--by", "year", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no period could be analysed by year (949 motions without one); "),
        "{stderr}"
    );
    // The hint for Voteview, not unvotes' --roll-calls.
    assert!(
        stderr.contains("Voteview's votes files have no dates: `--by congress` works"),
        "{stderr}"
    );
    assert!(!stderr.contains("unvotes"), "{stderr}");
    let written: BTreeSet<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(written.is_empty(), "{written:?}");
    // unvotes without its roll-call table: the hint names --roll-calls.
    let run = votebloc()
        .args(["timeline", "tests/fixtures/datasets/unvotes_votes.csv"])
        .args(["--by", "session", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("by session (5 motions without one); sessions come from --roll-calls"),
        "{stderr}"
    );
}

#[test]
fn timeline_html_draws_the_alluvial_the_sizes_and_the_highlighted_members() {
    let (dir, _files) = timeline(&[
        VOTES,
        "--roll-calls",
        ROLL_CALLS,
        "--lenient",
        "--by",
        "session",
        "--highlight",
        "USA,CHN,RUS,XXX",
    ]);
    let page = std::fs::read_to_string(dir.path().join("timeline.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // The alluvial, the sizes, the highlighted members' blocs and their ideal points.
    assert_eq!(page.matches("<svg ").count(), 4);
    assert!(page.contains("Ideal points over time"));
    // One box per period and bloc in the alluvial diagram, bands between them.
    let periods = csv_maps(&dir.path().join("periods.csv"));
    let boxes: usize = periods
        .iter()
        .map(|p| p["blocs"].parse::<usize>().unwrap())
        .sum();
    let alluvial = &page[page.find("<svg ").unwrap()..page.find("</svg>").unwrap()];
    assert_eq!(
        alluvial.matches("<rect ").count(),
        boxes + 1,
        "boxes and the background"
    );
    assert!(alluvial.matches("fill-opacity=\"0.35\"").count() >= periods.len() - 1);
    assert!(page.contains("United States of America (USA)"));
    assert!(page.contains("Russian Federation (RUS)"));
    assert!(page.contains("XXX: not in the data"));
}

#[test]
fn by_session_the_dynamic_ideal_points_keep_the_usa_positive_and_move_the_ussr_west() {
    let (dir, files) = timeline(&[
        VOTES,
        "--roll-calls",
        ROLL_CALLS,
        "--lenient",
        "--by",
        "session",
    ]);
    let rows = csv_maps(&dir.path().join("ideal.csv"));
    let at = |member: &str, session: u32| -> Option<f64> {
        rows.iter()
            .find(|r| r["member"] == member && r["period"] == session.to_string())
            .map(|r| r["ideal"].parse().unwrap())
    };
    // One position per member and session analysed, on one scale.
    let sessions: BTreeSet<&str> = rows.iter().map(|r| r["period"].as_str()).collect();
    assert!(sessions.len() >= 73, "{} sessions", sessions.len());
    for session in &sessions {
        assert!(files.blocs.contains_key(*session), "session {session}");
        let usa = at("USA", session.parse().unwrap()).unwrap();
        assert!(usa > 0.0, "session {session}: USA {usa}");
    }
    // The USSR, far on the other side in the 1970s, moves towards the West from the
    // mid-1980s; the Russian Federation goes on from there.
    let (ussr_1975, ussr_1985, ussr_1990) = (at("SUN", 30), at("SUN", 40), at("SUN", 45));
    let (ussr_1975, ussr_1985, ussr_1990) =
        (ussr_1975.unwrap(), ussr_1985.unwrap(), ussr_1990.unwrap());
    assert!(
        ussr_1975 < ussr_1985 && ussr_1985 < ussr_1990,
        "{ussr_1975} {ussr_1985} {ussr_1990}"
    );
    assert!(ussr_1975 < -2.0, "{ussr_1975}");
    let russia_1992 = at("RUS", 47).unwrap();
    assert!(russia_1992 > ussr_1985, "{russia_1992}");
    assert!(
        rows.iter()
            .all(|r| r["ideal"].parse::<f64>().unwrap().is_finite())
    );
}
