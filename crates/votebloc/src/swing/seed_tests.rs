//! The seed report (First Committee, draft A/C.1/77/L.56, five recorded votes) through the
//! swing and cohesion analyses. The expected members and numbers were read off the vote lists
//! of `notebooks-data/seed_A-C.1-77-L.56_fr.txt` by hand.

use super::{SwingParams, analyze, defections, split_votes};
use crate::cohesion::cohesion;
use crate::ingest::{IngestOptions, read_embedded};
use crate::model::{Dataset, Part, Vote};

fn seed() -> Dataset {
    read_embedded(&IngestOptions::default()).unwrap()
}

fn motion_of(data: &Dataset, part: Part) -> usize {
    let found: Vec<usize> = (0..data.motions.len())
        .filter(|&m| data.motions[m].part == part)
        .collect();
    assert_eq!(found.len(), 1, "one motion on {part}");
    found[0]
}

fn vote_of(data: &Dataset, part: Part, code: &str) -> Option<Vote> {
    let member = data.member_index(code).unwrap();
    data.vote(motion_of(data, part), member)
}

const PARTS: [Part; 4] = [
    Part::Preambular(15),
    Part::Preambular(16),
    Part::Preambular(17),
    Part::Operative(2),
];

#[test]
fn seed_split_members_are_exactly_the_seven() {
    let data = seed();
    let whole = motion_of(&data, Part::Whole);
    let found = split_votes(&data);
    assert!(found.unlinked_parts.is_empty());
    assert!(found.splits.iter().all(|s| s.whole == whole));
    let codes: Vec<&str> = found
        .splits
        .iter()
        .map(|s| data.members[s.member].code.as_str())
        .collect();
    assert_eq!(codes, ["BRA", "CRI", "IND", "JAM", "PHL", "RWA", "TTO"]);

    let split = |code: &str| {
        found
            .splits
            .iter()
            .find(|s| data.members[s.member].code == code)
            .unwrap()
    };
    let patterns: Vec<(&str, Vote, String, String)> = codes
        .iter()
        .map(|&c| {
            let s = split(c);
            (c, s.whole_vote, s.pattern(), s.part_votes())
        })
        .collect();
    let expected = [
        (
            "BRA",
            Vote::Abstain,
            "yes on PP15, OP2; abstained on whole",
            "preambular:15=yes;operative:2=yes",
        ),
        (
            "CRI",
            Vote::Abstain,
            "yes on OP2; abstained on whole",
            "operative:2=yes",
        ),
        (
            "IND",
            Vote::Abstain,
            "no on OP2; abstained on whole",
            "operative:2=no",
        ),
        (
            "JAM",
            Vote::Yes,
            "abstained on PP15, PP17; yes on whole",
            "preambular:15=abstain;preambular:17=abstain",
        ),
        (
            "PHL",
            Vote::Abstain,
            "yes on PP16; abstained on whole",
            "preambular:16=yes",
        ),
        (
            "RWA",
            Vote::Yes,
            "abstained on PP17; yes on whole (absent on PP16, OP2)",
            "preambular:16=absent;preambular:17=abstain;operative:2=absent",
        ),
        (
            "TTO",
            Vote::Yes,
            "abstained on PP15, PP17; yes on whole",
            "preambular:15=abstain;preambular:17=abstain",
        ),
    ];
    let expected: Vec<(&str, Vote, String, String)> = expected
        .iter()
        .map(|(c, v, p, q)| (*c, *v, p.to_string(), q.to_string()))
        .collect();
    assert_eq!(patterns, expected);
    assert_eq!(split("JAM").differing_count(), 2);
    assert_eq!(split("RWA").differing_count(), 1);
}

#[test]
fn seed_consistent_and_part_absent_members_are_not_split() {
    let data = seed();
    let found = split_votes(&data);
    let is_split = |code: &str| {
        found
            .splits
            .iter()
            .any(|s| data.members[s.member].code == code)
    };
    // Same vote on every part and on the whole: not split.
    for (code, vote) in [
        ("USA", Vote::No),
        ("CHN", Vote::Yes),
        ("ARG", Vote::Abstain),
    ] {
        assert_eq!(vote_of(&data, Part::Whole, code), Some(vote), "{code}");
        for part in PARTS {
            assert_eq!(
                vote_of(&data, part.clone(), code),
                Some(vote),
                "{code} {part}"
            );
        }
        assert!(!is_split(code), "{code}");
    }
    // Absent on a part only, same vote elsewhere: not split.
    assert_eq!(
        vote_of(&data, Part::Operative(2), "VNM"),
        Some(Vote::Absent)
    );
    assert_eq!(
        vote_of(&data, Part::Preambular(15), "MMR"),
        Some(Vote::Absent)
    );
    for code in ["VNM", "MMR", "HTI", "GAB"] {
        assert!(!is_split(code), "{code}");
    }
}

/// Blocs from the vote on the whole: yes = 1 (88), no = 2 (54), abstain = 3 (31), absent = 0.
fn blocs_by_whole(data: &Dataset) -> Vec<u32> {
    let whole = motion_of(data, Part::Whole);
    (0..data.members.len())
        .map(|m| match data.vote(whole, m) {
            Some(Vote::Yes) => 1,
            Some(Vote::No) => 2,
            Some(Vote::Abstain) => 3,
            _ => 0,
        })
        .collect()
}

#[test]
fn seed_defectors_are_the_split_members() {
    let data = seed();
    let blocs = blocs_by_whole(&data);
    let found: Vec<(&str, usize, usize)> = defections(&data, &blocs)
        .unwrap()
        .iter()
        .filter(|d| !d.motions.is_empty())
        .map(|d| {
            (
                data.members[d.member].code.as_str(),
                d.motions.len(),
                d.counted,
            )
        })
        .collect();
    // RWA was absent on two of the five votes, so only three count for it.
    assert_eq!(
        found,
        [
            ("BRA", 2, 5),
            ("CRI", 1, 5),
            ("IND", 1, 5),
            ("JAM", 2, 5),
            ("PHL", 1, 5),
            ("RWA", 1, 3),
            ("TTO", 2, 5),
        ]
    );
    let n = data.members.len();
    let similarity = ndarray::Array2::from_elem((n, n), f64::NAN);
    let report = analyze(
        &data,
        &blocs,
        similarity.view(),
        None,
        &SwingParams::default(),
    )
    .unwrap();
    let jam = data.member_index("JAM").unwrap();
    let line = report
        .summary(&data)
        .into_iter()
        .find(|s| s.member == jam)
        .unwrap()
        .line();
    assert_eq!(
        line,
        "abstained on PP15, PP17; yes on whole | votes against its bloc on 40 % of motions"
    );
    // No vote in the seed is close: the narrowest margin is 85–51 (17 switches).
    assert!(report.pivots.is_empty());
}

#[test]
fn seed_cohesion_of_blocs_by_vote_on_the_whole() {
    let data = seed();
    let blocs = blocs_by_whole(&data);
    let result = cohesion(&data, &blocs).unwrap();
    let sizes: Vec<usize> = result.blocs.iter().map(|b| b.size).collect();
    assert_eq!(sizes, [88, 54, 31]);

    // The against bloc votes as one on every motion (its three members absent on the parts,
    // FSM, NRU and PLW, enter neither index).
    let against = result.bloc_cells(2);
    assert_eq!(against.len(), 5);
    for cell in against {
        assert_eq!(cell.agreement_index, Some(1.0), "motion {}", cell.motion);
        assert_eq!(cell.rice, Some(1.0));
        assert_eq!(cell.counts.yes + cell.counts.abstain, 0);
    }
    let pp15 = result
        .cell(2, motion_of(&data, Part::Preambular(15)))
        .unwrap();
    assert_eq!((pp15.counts.no, pp15.counts.absent), (51, 3));

    // The yes bloc is least cohesive on PP17: 84 yes, 3 abstentions (JAM, RWA, TTO), GAB absent:
    // AI = (84 − ½·3) / 87.
    let least = result.least_cohesive(1, 2);
    let pp17 = motion_of(&data, Part::Preambular(17));
    assert_eq!(least[0].motion, pp17);
    assert_eq!(
        (
            least[0].counts.yes,
            least[0].counts.abstain,
            least[0].counts.absent
        ),
        (84, 3, 1)
    );
    assert!((least[0].agreement_index.unwrap() - 82.5 / 87.0).abs() < 1e-12);
    // Next: PP15, 84 yes, 2 abstentions (JAM, TTO), MMR and GAB absent: AI = 83 / 86.
    assert_eq!(least[1].motion, motion_of(&data, Part::Preambular(15)));
    assert!((least[1].agreement_index.unwrap() - 83.0 / 86.0).abs() < 1e-12);
}
