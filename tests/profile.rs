//! `votebloc profile`: a member's partners, blocs, breaks and split votes, from the real
//! binary on the committed UNGA history, the Senate 117 and the seed report.

mod common;

use common::votebloc;

const VOTES: &str = "notebooks-data/unvotes/un_votes.csv.gz";
const ROLL_CALLS: &str = "notebooks-data/unvotes/un_roll_calls.csv.gz";
const SENATE: &str = "notebooks-data/voteview/S117_votes.csv.gz";
const SENATE_MEMBERS: &str = "notebooks-data/voteview/S117_members.csv";

/// The stdout of a successful `profile` run.
fn profile(args: &[&str]) -> String {
    let run = votebloc().arg("profile").args(args).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// The lines of the section headed by a line starting with `heading`, up to the next blank.
fn section<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn russia_votes_with_its_neighbours_and_against_the_united_states() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("rus.html");
    let text = profile(&[
        "RUS",
        VOTES,
        "--roll-calls",
        ROLL_CALLS,
        "--lenient",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(text.starts_with("Russian Federation (RUS, EEG)"), "{text}");
    let nearest = section(&text, "Nearest partners");
    assert_eq!(nearest.len(), 5, "{text}");
    assert!(nearest[0].trim_start().starts_with("BLR"), "{nearest:?}");
    let farthest = section(&text, "Farthest partners");
    assert!(farthest[0].trim_start().starts_with("USA"), "{farthest:?}");
    assert!(farthest.iter().any(|l| l.trim_start().starts_with("ISR")));
    // One bloc per session from the 46th (1991–92) to the 74th; the USSR's seat before that
    // is the USSR's (SUN), so no earlier session is listed.
    let blocs = section(&text, "Bloc (by session)");
    assert!(blocs[0].trim_start().starts_with("47 "), "{blocs:?}");
    assert!(blocs.iter().any(|l| l.trim_start().starts_with("74 ")));
    // Real breaks, with their date and title: a dated unvotes motion and the bloc's vote.
    let breaks = section(&text, "Breaks with its bloc or group");
    assert_eq!(breaks.len(), 10);
    assert!(breaks[0].contains("against bloc"), "{breaks:?}");
    assert!(breaks[0].trim_start().starts_with("19") || breaks[0].trim_start().starts_with("20"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>Russian Federation (RUS)</h1>"));
    assert!(html.contains("Belarus"));
    assert!(html.contains("<svg "));
}

#[test]
fn collins_is_nearest_to_murkowski_and_breaks_with_her_party() {
    let text = profile(&["49703", SENATE, "--members", SENATE_MEMBERS]);
    assert!(
        text.starts_with("COLLINS, Susan Margaret (ME) (49703, Republican)"),
        "{text}"
    );
    let nearest = section(&text, "Nearest partners");
    assert!(nearest[0].contains("MURKOWSKI"), "{nearest:?}");
    let farthest = section(&text, "Farthest partners");
    // The Republicans farthest from her are the party's right wing, not Democrats.
    assert!(
        farthest
            .iter()
            .any(|l| l.contains("PAUL, Rand") || l.contains("HAWLEY")),
        "{farthest:?}"
    );
    let breaks = section(&text, "Breaks with its bloc or group");
    assert!(
        breaks.iter().any(|l| l.contains("against Republican")),
        "{breaks:?}"
    );
}

#[test]
fn the_seed_profile_names_the_split_vote() {
    let text = profile(&["JAM"]);
    let splits = section(&text, "Split votes");
    assert_eq!(splits.len(), 1, "{text}");
    assert!(splits[0].contains("whole yes"));
    assert!(splits[0].contains("preambular:15=abstain;preambular:17=abstain"));
}

#[test]
fn an_unknown_member_gets_the_closest_codes() {
    let run = votebloc()
        .args([
            "profile",
            "RUX",
            VOTES,
            "--roll-calls",
            ROLL_CALLS,
            "--lenient",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("closest known codes"), "{stderr}");
    assert!(stderr.contains("RUS"), "{stderr}");
}

#[test]
fn two_runs_give_the_same_bytes() {
    let a = profile(&["49703", SENATE, "--members", SENATE_MEMBERS]);
    let b = profile(&["49703", SENATE, "--members", SENATE_MEMBERS]);
    assert_eq!(a, b);
}

#[test]
fn with_ideal_points_collins_sits_between_the_parties() {
    let text = profile(&["49703", SENATE, "--members", SENATE_MEMBERS, "--ideal"]);
    let ideal = section(&text, "Ideal point");
    assert_eq!(ideal.len(), 1, "{text}");
    // Republicans positive: the most moderate Republican ranks about 50th of 100.
    let cells: Vec<&str> = ideal[0].split_whitespace().collect();
    assert_eq!(cells[0], "all");
    let rank: usize = cells[3].parse().unwrap();
    assert!((44..=56).contains(&rank), "{}", ideal[0]);
    assert_eq!(cells[5], "100");
}
