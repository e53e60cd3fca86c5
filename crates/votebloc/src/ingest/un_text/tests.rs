//! Acceptance tests of the UN text parser on the seed report, the two English verbatim
//! records, the English and Spanish renderings of the seed, and variants.

use super::parse;
use crate::ingest::{EMBEDDED_SEED, IngestError, IngestOptions, read_input};
use crate::model::{Dataset, DatasetError, Part, Tally, Vote};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/un")
        .join(name)
}

fn read_fixture(name: &str) -> Dataset {
    read_input(&fixture(name), &IngestOptions::default()).unwrap()
}

fn seed() -> Dataset {
    parse(
        Path::new("seed.txt"),
        EMBEDDED_SEED,
        &IngestOptions::default(),
    )
    .unwrap()
}

fn parse_text(text: &str) -> Result<Dataset, IngestError> {
    parse(Path::new("t.txt"), text, &IngestOptions::default())
}

/// (yes, no, abstain) counted from the records of motion `m`.
fn counts(data: &Dataset, m: usize) -> (u32, u32, u32) {
    let on = data.votes_on(m);
    let count = |v: Vote| on.iter().filter(|r| r.vote == v).count() as u32;
    (count(Vote::Yes), count(Vote::No), count(Vote::Abstain))
}

fn vote_of(data: &Dataset, motion: &str, member: &str) -> Option<Vote> {
    data.vote(data.motion_index(motion)?, data.member_index(member)?)
}

/// Every record as (motion id, member code, vote).
fn records(data: &Dataset) -> BTreeSet<(String, String, Vote)> {
    data.votes
        .iter()
        .map(|r| {
            (
                data.motions[r.motion as usize].id.clone(),
                data.members[r.member as usize].code.clone(),
                r.vote,
            )
        })
        .collect()
}

const SEED_IDS: [&str; 5] = [
    "A/C.1/77/L.56:preambular:15",
    "A/C.1/77/L.56:preambular:16",
    "A/C.1/77/L.56:preambular:17",
    "A/C.1/77/L.56:operative:2",
    "A/C.1/77/L.56:whole",
];
const SEED_TALLIES: [(u32, u32, u32); 5] = [
    (85, 51, 27),
    (87, 51, 26),
    (84, 51, 30),
    (87, 52, 24),
    (88, 54, 31),
];

#[test]
fn seed_has_five_motions_matching_their_tallies() {
    let data = seed();
    assert_eq!(data.motions.len(), 5);
    for (id, (yes, no, abstain)) in SEED_IDS.iter().zip(SEED_TALLIES) {
        let m = data
            .motion_index(id)
            .unwrap_or_else(|| panic!("no motion {id}"));
        let motion = &data.motions[m];
        assert_eq!(
            motion.stated,
            Some(Tally {
                yes,
                no,
                abstain: Some(abstain)
            }),
            "{id}"
        );
        assert_eq!(counts(&data, m), (yes, no, abstain), "{id}");
        assert_eq!(motion.document.as_deref(), Some("A/C.1/77/L.56"));
        assert_eq!(motion.date.as_deref(), Some("2022-11-03"));
        assert_eq!(motion.session, Some(77));
        let expected_outcome = if motion.part == Part::Whole {
            "adopted"
        } else {
            "retained"
        };
        assert_eq!(motion.outcome.as_deref(), Some(expected_outcome), "{id}");
    }
    let parts: Vec<Part> = SEED_IDS
        .iter()
        .map(|id| data.motions[data.motion_index(id).unwrap()].part.clone())
        .collect();
    assert_eq!(
        parts,
        vec![
            Part::Preambular(15),
            Part::Preambular(16),
            Part::Preambular(17),
            Part::Operative(2),
            Part::Whole
        ]
    );
}

#[test]
fn seed_paragraph_votes_link_to_the_whole() {
    let data = seed();
    for id in &SEED_IDS[..4] {
        let motion = &data.motions[data.motion_index(id).unwrap()];
        assert_eq!(motion.whole.as_deref(), Some("A/C.1/77/L.56:whole"), "{id}");
    }
    let whole = &data.motions[data.motion_index(SEED_IDS[4]).unwrap()];
    assert_eq!(whole.whole, None);
}

#[test]
fn seed_members_voting_and_absent() {
    let data = seed();
    assert_eq!(data.members.len(), 193);
    let mut voting = 0;
    let mut absent_throughout = Vec::new();
    for (i, member) in data.members.iter().enumerate() {
        let votes: Vec<Vote> = (0..5).filter_map(|m| data.vote(m, i)).collect();
        assert_eq!(votes.len(), 5, "{} lacks a record", member.code);
        if votes.iter().any(|v| v.is_cast()) {
            voting += 1;
        } else if votes.iter().all(|&v| v == Vote::Absent) {
            absent_throughout.push(member.code.as_str());
        }
    }
    assert_eq!(voting, 173);
    assert_eq!(absent_throughout.len(), 20, "{absent_throughout:?}");
    // Venezuela appears only among the sponsors.
    assert!(absent_throughout.contains(&"VEN"));
    // "Tchèque" (PP17, OP2) and "Tchéquie" are one state, against every time.
    for id in SEED_IDS {
        assert_eq!(vote_of(&data, id, "CZE"), Some(Vote::No), "{id}");
    }
    let jamaica: Vec<Vote> = SEED_IDS
        .iter()
        .map(|id| vote_of(&data, id, "JAM").unwrap())
        .collect();
    assert_eq!(
        jamaica,
        vec![
            Vote::Abstain,
            Vote::Yes,
            Vote::Abstain,
            Vote::Yes,
            Vote::Yes
        ]
    );
    // India: abstained on the preambular paragraphs, against operative paragraph 2.
    assert_eq!(
        vote_of(&data, "A/C.1/77/L.56:operative:2", "IND"),
        Some(Vote::No)
    );
    // The footnote in the middle of the first "contre" list does not cut it.
    assert_eq!(
        vote_of(&data, "A/C.1/77/L.56:preambular:15", "ROU"),
        Some(Vote::No)
    );
    // The names after the page break in PP17 ("Iran (République\n\nislamique d')").
    assert_eq!(
        vote_of(&data, "A/C.1/77/L.56:preambular:17", "IRN"),
        Some(Vote::Yes)
    );
    assert!(data.stats.warnings.is_empty(), "{:?}", data.stats.warnings);
}

#[test]
fn report_without_colons_still_reads_each_tally_before_its_lists() {
    let text = EMBEDDED_SEED.replace(" Les voix se sont réparties comme suit :", "");
    assert_ne!(text, EMBEDDED_SEED);
    let data = parse_text(&text).unwrap();
    assert_eq!(records(&data), records(&seed()));
    for (id, (yes, no, abstain)) in SEED_IDS.iter().zip(SEED_TALLIES) {
        let motion = &data.motions[data.motion_index(id).unwrap()];
        assert_eq!(
            motion.stated,
            Some(Tally {
                yes,
                no,
                abstain: Some(abstain)
            }),
            "{id}"
        );
    }
}

#[test]
fn english_and_spanish_renderings_agree_with_the_french_seed() {
    let french = seed();
    let english = read_fixture("seed_A-C.1-77-L.56_en.txt");
    let spanish = read_fixture("seed_A-C.1-77-L.56_es.txt");
    assert_eq!(records(&english), records(&french));
    assert_eq!(records(&spanish), records(&french));
    for data in [&english, &spanish] {
        for (a, b) in data.motions.iter().zip(&french.motions) {
            assert_eq!(
                (&a.id, &a.part, a.stated, &a.whole, &a.date, a.session),
                (&b.id, &b.part, b.stated, &b.whole, &b.date, b.session)
            );
        }
        assert!(data.stats.warnings.is_empty(), "{:?}", data.stats.warnings);
    }
    // The page break inside "Irán (República Islámica del)" and the hyphenated
    // "Grana-\ndinas" of the Spanish rendering.
    assert_eq!(
        vote_of(&spanish, "A/C.1/77/L.56:preambular:16", "IRN"),
        Some(Vote::Yes)
    );
    assert_eq!(
        vote_of(&spanish, "A/C.1/77/L.56:whole", "VCT"),
        Some(Vote::Abstain)
    );
}

#[test]
fn english_record_of_1993_with_paragraph_votes() {
    let data = read_fixture("A-48-PV.46.txt.gz");
    let expected = [
        ("A/48/L.13:preambular:8", (105, 2, 22)),
        ("A/48/L.13:preambular:9", (104, 1, 30)),
        ("A/48/L.13:operative:7", (106, 1, 28)),
        ("A/48/L.13:operative:8", (111, 1, 18)),
        ("A/RES/48/14", (140, 1, 9)),
    ];
    assert_eq!(data.motions.len(), expected.len());
    for (id, (yes, no, abstain)) in expected {
        let m = data
            .motion_index(id)
            .unwrap_or_else(|| panic!("no motion {id}"));
        let motion = &data.motions[m];
        assert_eq!(counts(&data, m), (yes, no, abstain), "{id}");
        assert_eq!(
            motion.stated,
            Some(Tally {
                yes,
                no,
                abstain: Some(abstain)
            })
        );
        assert_eq!(motion.date.as_deref(), Some("1993-11-01"));
        let whole = (motion.part != Part::Whole).then_some("A/RES/48/14");
        assert_eq!(motion.whole.as_deref(), whole, "{id}");
    }
    // 184 members in November 1993; the Democratic People's Republic of Korea alone against the
    // whole; names broken one word a line ("United\nKingdom\nof\nGreat Britain") and spaced
    // letters ("M a u r i t a n i a") resolve.
    assert_eq!(data.members.len(), 184);
    assert_eq!(vote_of(&data, "A/RES/48/14", "PRK"), Some(Vote::No));
    assert_eq!(vote_of(&data, "A/RES/48/14", "GBR"), Some(Vote::Yes));
    assert_eq!(vote_of(&data, "A/RES/48/14", "MRT"), Some(Vote::Yes));
    assert_eq!(vote_of(&data, "A/RES/48/14", "COD"), Some(Vote::Yes));
    assert_eq!(
        vote_of(&data, "A/48/L.13:preambular:8", "MKD"),
        Some(Vote::Yes)
    );
}

#[test]
fn english_record_of_2024_with_a_subsequent_statement() {
    let data = read_fixture("A-79-PV.29.txt.gz");
    assert_eq!(data.motions.len(), 1);
    let motion = &data.motions[0];
    assert_eq!(motion.id, "A/RES/79/6");
    assert_eq!(motion.date.as_deref(), Some("2024-10-29"));
    assert_eq!(
        motion.title.as_deref(),
        Some("Report of the International Criminal Court")
    );
    assert_eq!(counts(&data, 0), (113, 10, 30));
    // The sponsors announced before the vote are not votes: Sweden sponsors and votes yes,
    // Nicaragua votes against.
    assert_eq!(vote_of(&data, "A/RES/79/6", "NIC"), Some(Vote::No));
    // The Sudan said it meant to abstain: kept as a note, the record stays "against".
    assert_eq!(vote_of(&data, "A/RES/79/6", "SDN"), Some(Vote::No));
    assert_eq!(data.notes.len(), 1);
    let note = &data.notes[0];
    assert_eq!(note.member, "SDN");
    assert_eq!(note.intended, Some(Vote::Abstain));
    assert_eq!(note.motion.as_deref(), Some("A/RES/79/6"));
    assert_eq!(note.line, 929);
}

#[test]
fn amendment_before_the_text_as_amended() {
    let data = read_fixture("amendment_then_as_amended_en.txt");
    let amendment_id = "A/65/PV.71:draft resolution III:amendment:A/65/L.53";
    // "Draft resolution III, as amended, was adopted … (resolution 65/208)".
    let whole_id = "A/RES/65/208";
    let amendment = &data.motions[data.motion_index(amendment_id).unwrap()];
    assert_eq!(amendment.part, Part::Amendment("A/65/L.53".to_string()));
    assert_eq!(amendment.whole.as_deref(), Some(whole_id));
    assert_eq!(amendment.outcome.as_deref(), Some("adopted"));
    let whole = data.motion_index(whole_id).unwrap();
    assert_eq!(counts(&data, whole), (122, 1, 62));
    assert_eq!(
        data.motions[whole].title.as_deref(),
        Some("Extrajudicial, summary or arbitrary executions")
    );
    // Three statements of intended votes, none changing the record.
    let notes: Vec<(&str, Option<Vote>, Option<&str>)> = data
        .notes
        .iter()
        .map(|n| (n.member.as_str(), n.intended, n.motion.as_deref()))
        .collect();
    assert_eq!(
        notes,
        vec![
            ("AFG", Some(Vote::No), Some(amendment_id)),
            ("USA", Some(Vote::Yes), Some(whole_id)),
            ("URY", Some(Vote::Yes), Some(whole_id)),
        ]
    );
    assert_eq!(vote_of(&data, amendment_id, "AFG"), Some(Vote::Yes));
    assert_eq!(vote_of(&data, whole_id, "USA"), Some(Vote::Abstain));
}

#[test]
fn adopted_without_stated_abstentions() {
    let data = read_fixture("no_abstentions_en.txt");
    let motion = &data.motions[0];
    assert_eq!(motion.id, "A/RES/66/999");
    assert_eq!(motion.document.as_deref(), Some("A/66/L.99"));
    assert_eq!(
        motion.stated,
        Some(Tally {
            yes: 132,
            no: 54,
            abstain: None
        })
    );
    assert_eq!(counts(&data, 0), (132, 54, 0));
    assert_eq!(motion.date.as_deref(), Some("2011-12-19"));
    // South Sudan, admitted in July 2011, votes; the seven states not listed are absent.
    assert_eq!(vote_of(&data, "A/RES/66/999", "SSD"), Some(Vote::No));
    let absent: Vec<&str> = data
        .votes_on(0)
        .iter()
        .filter(|r| r.vote == Vote::Absent)
        .map(|r| data.members[r.member as usize].code.as_str())
        .collect();
    assert_eq!(
        absent,
        vec!["UZB", "VEN", "VNM", "VUT", "YEM", "ZMB", "ZWE"]
    );
}

#[test]
fn statements_in_french_and_spanish() {
    let french = "À sa 5e séance, le 3 novembre 2022, la Commission a adopté le projet de \
                  résolution A/C.1/77/L.9 par 2 voix contre 1, avec 0 abstention. Les voix se sont \
                  réparties comme suit :\n\nOnt voté pour :\n\nFrance, Inde.\n\nA voté contre :\n\n\
                  Japon.\n\nPar la suite, la délégation de l'Inde a informé le Secrétariat qu'elle \
                  avait eu l'intention de s'abstenir.\n";
    let data = parse_text(french).unwrap();
    assert_eq!(data.motions[0].id, "A/C.1/77/L.9:whole");
    assert_eq!(data.notes.len(), 1);
    assert_eq!(data.notes[0].member, "IND");
    assert_eq!(data.notes[0].intended, Some(Vote::Abstain));
    assert_eq!(data.notes[0].line, 11);
    assert_eq!(vote_of(&data, "A/C.1/77/L.9:whole", "IND"), Some(Vote::Yes));

    let spanish = "El proyecto de resolución A/79/L.3 fue aprobado por 2 votos contra 1 y 0 \
                   abstenciones. El resultado de la votación fue el siguiente:\nVotos a favor:\n\
                   Francia, Japón\nVotos en contra:\nChile\nPosteriormente, la delegación de \
                   Chile informó a la Secretaría de que había tenido la intención de votar a favor.\n";
    let data = parse_text(spanish).unwrap();
    assert_eq!(data.notes.len(), 1);
    assert_eq!(data.notes[0].member, "CHL");
    assert_eq!(data.notes[0].intended, Some(Vote::Yes));
    assert_eq!(vote_of(&data, "A/79/L.3:whole", "CHL"), Some(Vote::No));
}

#[test]
fn french_verbatim_record_states_the_tally_first() {
    let text = "Lundi 28 octobre 2024, à 15 heures\nIl est procédé au vote enregistré.\n\
                Votent pour :\nFrance, Inde\nVote contre :\nJapon\nS'abstiennent :\nChili, \
                Pérou\nPar 2 voix contre 1, avec 2 abstentions, le projet de résolution A/79/L.8 \
                est adopté (résolution 79/6).\n";
    let data = parse_text(text).unwrap();
    let motion = &data.motions[0];
    assert_eq!(motion.id, "A/RES/79/6");
    assert_eq!(motion.resolution.as_deref(), Some("A/RES/79/6"));
    assert_eq!(motion.document.as_deref(), Some("A/79/L.8"));
    assert_eq!(motion.outcome.as_deref(), Some("adopted"));
    assert_eq!(motion.date.as_deref(), Some("2024-10-28"));
    assert_eq!(counts(&data, 0), (2, 1, 2));
}

#[test]
fn a_heading_in_a_speech_is_not_a_vote() {
    let text = "Mr. X (Y): We have one view.\nAgainst: the use of force, in any\nform, we \
                stand firm.\nA recorded vote was taken.\nIn favour: France\nAgainst: Japan\n\
                The draft resolution A/79/L.2 was adopted by 1 vote to 1.\n";
    let data = parse_text(text).unwrap();
    assert_eq!(data.motions.len(), 1);
    assert_eq!(counts(&data, 0), (1, 1, 0));
    // Besides the warning of an undated record (see `--date`).
    let warnings = undated_aside(&data);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("t.txt:2:"));
}

#[test]
fn hyphenated_names_join_across_lines() {
    let text = "Le projet de résolution A/77/L.1 a été adopté par 2 voix contre zéro, sans \
                abstention. Les voix se sont réparties comme suit :\n\nOnt voté pour :\n\nFrance, \
                Saint-Vincent-et-les Gre-\nnadines.\n";
    let data = parse_text(text).unwrap();
    assert_eq!(vote_of(&data, "A/77/L.1:whole", "VCT"), Some(Vote::Yes));
    assert_eq!(
        data.motions[0].stated,
        Some(Tally {
            yes: 2,
            no: 0,
            abstain: Some(0)
        })
    );
}

#[test]
fn repeated_ids_get_a_suffix_and_a_missing_symbol_uses_the_stem() {
    let vote = "A recorded vote was taken.\nIn favour: France\nAgainst: Japan\n\
                The draft resolution was adopted by 1 vote to 1.\n";
    let data = parse(
        Path::new("dir/record-12.txt"),
        &format!("{vote}{vote}"),
        &IngestOptions::default(),
    )
    .unwrap();
    let ids: Vec<&str> = data.motions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, vec!["record-12:whole", "record-12:whole#2"]);
    // No date in the text: the registry's current members, and a warning.
    assert!(data.motions[0].date.is_none());
    assert_eq!(data.members.len(), 193);
    assert!(
        data.stats.warnings.iter().any(|w| w.contains("--date")),
        "{:?}",
        data.stats.warnings
    );
    // With --date: the members of that day (South Sudan joined on 2011-07-14).
    let options = IngestOptions {
        date: Some("2010-01-05".to_string()),
        ..IngestOptions::default()
    };
    let dated = parse(Path::new("dir/record-12.txt"), vote, &options).unwrap();
    assert_eq!(dated.motions[0].date.as_deref(), Some("2010-01-05"));
    assert_eq!(dated.members.len(), 192);
    assert!(
        dated.stats.warnings.is_empty(),
        "{:?}",
        dated.stats.warnings
    );
}

#[test]
fn unknown_name_names_line_and_closest_names() {
    let text = EMBEDDED_SEED.replacen("Jamaïque, Madagascar", "Jamaïqe, Madagascar", 1);
    let err = parse(Path::new("seed.txt"), &text, &IngestOptions::default()).unwrap_err();
    match &err {
        IngestError::UnknownMember {
            line,
            name,
            suggestions,
            ..
        } => {
            assert_eq!(*line, 55);
            assert_eq!(name, "Jamaïqe");
            assert!(
                suggestions.contains(&"Jamaïque".to_string()),
                "{suggestions:?}"
            );
        }
        other => panic!("unexpected {other}"),
    }
    assert!(err.to_string().starts_with("seed.txt:55:"), "{err}");
}

#[test]
fn list_cut_short_is_a_tally_mismatch_or_a_warning() {
    let text = EMBEDDED_SEED.replacen("Inde, Jamaïque, Madagascar", "Inde, Madagascar", 1);
    let err = parse(Path::new("seed.txt"), &text, &IngestOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, IngestError::TallyMismatch { line: 39, .. }),
        "{message}"
    );
    assert!(message.contains("A/C.1/77/L.56:preambular:15"), "{message}");
    assert!(
        message.contains("85/51/26") && message.contains("85/51/27"),
        "{message}"
    );
    let lenient = IngestOptions {
        lenient: true,
        ..IngestOptions::default()
    };
    let data = parse(Path::new("seed.txt"), &text, &lenient).unwrap();
    assert_eq!(data.stats.warnings.len(), 1);
    assert!(data.stats.warnings[0].contains("preambular:15"));
    assert_eq!(
        vote_of(&data, "A/C.1/77/L.56:preambular:15", "JAM"),
        Some(Vote::Absent)
    );
}

#[test]
fn a_state_listed_twice_in_one_vote_is_an_error() {
    // Twice in one list.
    let text = EMBEDDED_SEED.replacen("Inde, Jamaïque,", "Inde, Jamaïque, Inde,", 1);
    let err = parse(Path::new("seed.txt"), &text, &IngestOptions::default()).unwrap_err();
    assert!(
        matches!(
            &err,
            IngestError::Dataset(DatasetError::ConflictingVote { member, line: 55, first_line: 55, .. })
                if member == "IND"
        ),
        "{err}"
    );
    // In two lists of one vote.
    let text = EMBEDDED_SEED.replacen("Albanie, Allemagne,", "Albanie, Jamaïque, Allemagne,", 1);
    let err = parse(Path::new("seed.txt"), &text, &IngestOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("JAM") && message.contains("seed.txt:55") && message.contains("line 47"),
        "{message}"
    );
}

#[test]
fn text_without_lists_has_no_votes() {
    let err =
        parse_text("The Assembly adopted the draft resolution without a vote.\n").unwrap_err();
    assert!(matches!(err, IngestError::NoVotes { .. }), "{err}");
    let err = parse_text("In favour of the proposal were many.\n").unwrap_err();
    assert!(matches!(err, IngestError::NoVotes { .. }), "{err}");
}

#[test]
fn missing_tally_is_reported_as_a_warning() {
    let data = parse_text("In favour: France\nAgainst: Japan\nThe meeting rose.\n").unwrap();
    assert_eq!(data.motions[0].stated, None);
    let warnings = undated_aside(&data);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("no stated tally"));
}

/// The seed with a random edit: a range deleted, text inserted, or two lines swapped.
fn mutated_seed() -> impl Strategy<Value = String> {
    let chars: Vec<char> = EMBEDDED_SEED.chars().collect();
    let n = chars.len();
    (0..n, 0..n, 0usize..3, "\\PC{0,40}").prop_map(move |(a, b, kind, insert)| {
        let (lo, hi) = (a.min(b), a.max(b));
        match kind {
            0 => chars[..lo]
                .iter()
                .chain(&chars[hi.min(lo + 400)..])
                .collect(),
            1 => {
                let mut out: String = chars[..lo].iter().collect();
                out.push_str(&insert);
                out.extend(&chars[lo..]);
                out
            }
            _ => {
                let mut lines: Vec<&str> = EMBEDDED_SEED.split('\n').collect();
                let count = lines.len();
                lines.swap(lo % count, hi % count);
                lines.join("\n")
            }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = parse_text(&text);
    }

    #[test]
    fn arbitrary_list_like_text_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("In favour:".to_string()),
                Just("Against:".to_string()),
                Just("Se sont abstenus :".to_string()),
                Just("Votos a favor:".to_string()),
                Just(", ".to_string()),
                Just(".\n".to_string()),
                Just("\n".to_string()),
                Just("France".to_string()),
                Just("United\nStates".to_string()),
                Just("Gre-\nnadines".to_string()),
                Just(" by 3 votes to 1, with 2 abstentions".to_string()),
                Just("[Subsequently, the delegation of".to_string()),
                Just(" intended to abstain]".to_string()),
                Just("<sup>1</sup>".to_string()),
                Just("A/79/L.1".to_string()),
                "\\PC{0,12}",
            ],
            0..40,
        )
    ) {
        let _ = parse_text(&parts.concat());
    }

    #[test]
    fn mutations_of_the_seed_never_panic(text in mutated_seed()) {
        let _ = parse_text(&text);
    }
}

/// The warnings of `data` but that of a record without a date.
fn undated_aside(data: &Dataset) -> Vec<&String> {
    data.stats
        .warnings
        .iter()
        .filter(|w| !w.contains("without a date in the record"))
        .collect()
}

fn gunzip_fixture(name: &str) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(fixture(name)).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn repro(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/repro")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_page_footer_inside_a_list_of_a_real_page_is_skipped() {
    let text = gunzip_fixture("A-79-PV.29.txt.gz");
    let page_end =
        "Hungary, Iceland, Ireland, Italy, Japan, Jordan, Kenya, Kiribati, Latvia, Lesotho, \n";
    assert!(text.contains(page_end));
    // The running footer of the record, one item a line, between two lines of the list.
    let footed = text.replace(
        page_end,
        &format!("{page_end}\nA/79/PV.29\n24-19856\n18/38\n\n"),
    );
    let data = parse_text(&footed).unwrap();
    assert_eq!(counts(&data, 0), (113, 10, 30));
    assert_eq!(records(&data), records(&parse_text(&text).unwrap()));
}

#[test]
fn a_missing_comma_at_the_end_of_a_real_line_splits_two_names() {
    let text = gunzip_fixture("A-79-PV.29.txt.gz");
    let last = "Republic of Tanzania, United States of America, Uruguay, Vanuatu, Zambia \n";
    assert!(text.contains(last));
    // "… Uruguay, Vanuatu ⏎ Zambia": the comma lost where the line breaks.
    let broken = text.replace(
        last,
        "Republic of Tanzania, United States of America, Uruguay, Vanuatu\nZambia \n",
    );
    let data = parse_text(&broken).unwrap();
    assert_eq!(counts(&data, 0), (113, 10, 30));
    assert_eq!(records(&data), records(&parse_text(&text).unwrap()));
    assert!(
        data.stats
            .warnings
            .iter()
            .any(|w| w.contains("comma seems to be missing after \"Vanuatu\"")),
        "{:?}",
        data.stats.warnings
    );
}

#[test]
fn the_resolution_number_carried_to_the_next_line_names_the_motion() {
    let data = read_fixture("A-79-PV.29.txt.gz");
    assert_eq!(data.motions[0].id, "A/RES/79/6");
    assert_eq!(data.motions[0].document.as_deref(), Some("A/79/L.8"));
    assert_eq!(data.motions[0].body.as_deref(), Some("General Assembly"));
}

#[test]
fn a_misspelt_heading_is_an_error_naming_the_unread_list() {
    let ok = parse_text(&repro("02_en_ok.txt")).unwrap();
    assert_eq!(counts(&ok, 0), (3, 1, 2));
    let err = parse_text(&repro("02_heading_typo.txt")).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, IngestError::TallyMismatch { line: 9, .. }),
        "{message}"
    );
    assert!(
        message.contains("no \"Abstaining\" list was read"),
        "{message}"
    );
    assert!(message.contains("line 7"), "{message}");
    assert!(message.contains("China, India"), "{message}");
    // With --lenient, a warning that says the same.
    let lenient = IngestOptions {
        lenient: true,
        ..IngestOptions::default()
    };
    let data = parse(Path::new("t.txt"), &repro("02_heading_typo.txt"), &lenient).unwrap();
    assert!(data.stats.warnings.iter().any(|w| w.contains("Abstainng")));
}

#[test]
fn an_unreadable_stated_tally_is_an_error_at_its_position() {
    let text = repro("05_tally_garbage.txt");
    for garbage in ["1e309", "1.5", "999999999999"] {
        let text = text.replace("1e309", garbage);
        let err = parse_text(&text).unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(
                err,
                IngestError::Parse {
                    line: 9,
                    column: 37,
                    ..
                }
            ),
            "{garbage}: {message}"
        );
        assert!(message.contains(garbage), "{message}");
    }
}

#[test]
fn a_record_cut_off_inside_a_list_is_an_error() {
    let start = EMBEDDED_SEED.rfind("e) À l'issue").unwrap();
    let at = start + EMBEDDED_SEED[start..].find("Algérie").unwrap();
    let cut = &EMBEDDED_SEED[..at + "Algérie, Angola".len()];
    let err = parse_text(cut).unwrap_err();
    // The report states the tally before the lists: they disagree, and the message says why.
    assert!(matches!(err, IngestError::TallyMismatch { .. }), "{err}");
    assert!(err.to_string().contains("cut short"), "{err}");
    // A verbatim record cut inside its last list, before the tally sentence.
    let text = gunzip_fixture("A-79-PV.29.txt.gz");
    let cut = &text[..text.find("Singapore, Sri Lanka").unwrap()];
    let err = parse_text(cut).unwrap_err();
    assert!(matches!(err, IngestError::Unchecked { .. }), "{err}");
    assert!(err.to_string().contains("cut short"), "{err}");
}

#[test]
fn a_record_cut_at_a_heading_or_after_its_announcement_is_an_error_unless_lenient() {
    let text = gunzip_fixture("A-48-PV.46.txt.gz");
    let last = text.rfind("A recorded vote was taken.").unwrap();
    let lenient = IngestOptions {
        lenient: true,
        ..IngestOptions::default()
    };
    // Cut right after the announcement of the last vote, then right after its first heading.
    let after_announcement = &text[..last + "A recorded vote was taken.\n".len()];
    let heading = last + text[last..].find("In favour:").unwrap();
    let after_heading = &text[..heading + "In favour:\n".len()];
    for (cut, says) in [
        (after_announcement, "announces a recorded vote"),
        (
            after_heading,
            "the text ends after the \"In favour\" heading",
        ),
    ] {
        let err = parse_text(cut).unwrap_err();
        assert!(matches!(err, IngestError::Unchecked { .. }), "{err}");
        assert!(err.to_string().contains(says), "{err}");
        assert!(err.to_string().contains("cut short"), "{err}");
        let data = parse(Path::new("cut.txt"), cut, &lenient).unwrap();
        assert_eq!(data.motions.len(), 4);
        assert!(
            data.stats.warnings.iter().any(|w| w.contains(says)),
            "{:?}",
            data.stats.warnings
        );
    }
    // The seed (a report: the tally before the lists) cut after a heading.
    let start = EMBEDDED_SEED.find("b) À l'issue").unwrap();
    let at = start + EMBEDDED_SEED[start..].find("Ont voté pour :*").unwrap();
    let err = parse_text(&EMBEDDED_SEED[..at + "Ont voté pour :*\n\n".len()]).unwrap_err();
    assert!(err.to_string().contains("cut short"), "{err}");
}

/// The text of `text` up to the end of the `nth` (from 0) occurrence of `needle`, with a line
/// end: a record cut right there.
fn cut_after(text: &str, needle: &str, nth: usize) -> String {
    let (at, _) = text.match_indices(needle).nth(nth).unwrap();
    format!("{}\n", &text[..at + needle.len()])
}

#[test]
fn a_report_cut_after_a_vote_s_announcement_is_an_error_unless_lenient() {
    let lenient = IngestOptions {
        lenient: true,
        ..IngestOptions::default()
    };
    let en = std::fs::read_to_string(fixture("seed_A-C.1-77-L.56_en.txt")).unwrap();
    let es = std::fs::read_to_string(fixture("seed_A-C.1-77-L.56_es.txt")).unwrap();
    // Each seed cut after the third vote's announcement: its tally sentence alone, then with
    // "The voting was as follows:" after it. The error names the line of the announcement.
    for (text, announcement, follows, line) in [
        (
            EMBEDDED_SEED,
            "c) À l'issue d'un vote enregistré, le dix-septième alinéa du préambule a été conservé par 84",
            "comme suit :",
            71,
        ),
        (
            &en,
            "(c) The seventeenth preambular paragraph was retained by a recorded vote of 84",
            "The voting was as follows:",
            61,
        ),
        (
            &es,
            "c) En votación registrada, el decimoséptimo párrafo del preámbulo se mantuvo por 84",
            "El resultado de la votación fue el siguiente:",
            100,
        ),
    ] {
        for cut in [
            cut_after(text, announcement, 0),
            cut_after(text, follows, 2),
        ] {
            let err = parse_text(&cut).unwrap_err();
            assert!(matches!(err, IngestError::Unchecked { .. }), "{err}");
            let message = err.to_string();
            assert!(message.starts_with(&format!("t.txt:{line}: ")), "{message}");
            assert!(
                message.contains("announces a vote on preambular paragraph 17"),
                "{message}"
            );
            assert!(message.contains("cut short"), "{message}");
            let data = parse(Path::new("t.txt"), &cut, &lenient).unwrap();
            assert_eq!(data.motions.len(), 2);
            let dropped: Vec<&String> = data
                .stats
                .warnings
                .iter()
                .filter(|w| w.contains("preambular paragraph 17") && w.contains("dropped"))
                .collect();
            assert_eq!(dropped.len(), 1, "{:?}", data.stats.warnings);
        }
    }
}

#[test]
fn a_verbatim_record_cut_after_a_vote_is_requested_is_an_error() {
    let text = gunzip_fixture("A-48-PV.46.txt.gz");
    for (cut, line, says) in [
        (
            cut_after(&text, "requested on operative paragraph 7.", 0),
            2890,
            "operative paragraph 7",
        ),
        (
            cut_after(&text, "A separate, recorded vote has been", 0),
            2890,
            "announces a vote",
        ),
        (
            cut_after(&text, "I now put to the vote the ninth", 0),
            2823,
            "announces a vote",
        ),
    ] {
        let err = parse_text(&cut).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with(&format!("t.txt:{line}: ")), "{message}");
        assert!(
            message.contains(says) && message.contains("cut short"),
            "{message}"
        );
    }
}

#[test]
fn prose_after_the_last_vote_is_no_announcement() {
    let text = std::fs::read_to_string(fixture("no_abstentions_en.txt")).unwrap();
    let read = |tail: &str| parse_text(&format!("{text}{tail}")).unwrap();
    let plain = read("");
    for tail in [
        // A speech that mentions a recorded vote, then the end of the meeting.
        "Mr. Smith (Ruritania): My delegation requested a recorded vote and voted against.\n\
         The meeting rose at 1.05 p.m.\n",
        // The same, followed by more of the speech than a cut leaves.
        "Mr. Smith (Ruritania): My delegation requested a recorded vote. We voted against. \
         We regret it. We shall say so again.\n",
        // A verbatim record states a tally after its lists: alone, it announces no lists.
        "Draft resolution A/66/L.100 was adopted by 120 votes to 3.\n",
    ] {
        let data = read(tail);
        assert_eq!(records(&data), records(&plain), "{tail}");
        assert_eq!(data.stats.warnings, plain.stats.warnings, "{tail}");
    }
    // Right after the speech's mention, the text may have been cut before a vote: refused.
    let err = parse_text(&format!(
        "{text}The PRESIDENT: A recorded vote has been requested.\n"
    ))
    .unwrap_err();
    assert!(err.to_string().contains("cut short"), "{err}");
}

#[test]
fn a_misspelt_preamble_is_read_as_one_with_a_warning() {
    let es = std::fs::read_to_string(fixture("seed_A-C.1-77-L.56_es.txt")).unwrap();
    let line = 1 + es
        .lines()
        .position(|l| l.contains("párrafo 15 del preámbulo"))
        .unwrap();
    let plain = parse_text(&es).unwrap();
    // An OCR typo: the vote stays one on preambular paragraph 15, and a warning says how the
    // word was read.
    let typo = parse_text(&es.replacen("15 del preámbulo", "15 del preámbtlo", 1)).unwrap();
    assert_eq!(records(&typo), records(&plain));
    let warned: Vec<&String> = typo
        .stats
        .warnings
        .iter()
        .filter(|w| !plain.stats.warnings.contains(w))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].starts_with(&format!(
            "t.txt:{line}: vote on A/C.1/77/L.56:preambular:15: "
        )),
        "{}",
        warned[0]
    );
    assert!(warned[0].contains("\"preámbtlo\" read as a misspelling of \"preambulo\""));
    // An unknown word where the kind goes: operative, as the UN calls a paragraph not said to
    // be preambular, and a warning that names the word.
    let unknown = parse_text(&es.replacen("15 del preámbulo", "15 del apéndice", 1)).unwrap();
    assert!(unknown.motion_index("A/C.1/77/L.56:operative:15").is_some());
    assert!(
        unknown
            .stats
            .warnings
            .iter()
            .any(|w| w.contains(&format!("t.txt:{line}: "))
                && w.contains("\"apéndice\" stands where a paragraph's kind goes")),
        "{:?}",
        unknown.stats.warnings
    );
}

#[test]
fn deleting_the_sentence_of_a_vote_does_not_relabel_it() {
    let line = EMBEDDED_SEED
        .lines()
        .find(|l| l.starts_with("a) À l'issue d'un vote"))
        .unwrap();
    let text = EMBEDDED_SEED.replace(&format!("{line}\n"), "");
    let err = parse_text(&text).unwrap_err();
    assert!(matches!(err, IngestError::Unchecked { .. }), "{err}");
    assert!(err.to_string().contains("no stated tally"), "{err}");
    let lenient = IngestOptions {
        lenient: true,
        ..IngestOptions::default()
    };
    let data = parse(Path::new("seed.txt"), &text, &lenient).unwrap();
    let whole = data.motion_index("A/C.1/77/L.56:whole").unwrap();
    assert_eq!(counts(&data, whole), (88, 54, 31));
    assert_eq!(data.motions.len(), 5);
    assert!(data.motion_index("A/C.1/77/L.56:other").is_some());
}

#[test]
fn security_council_in_french_with_word_tallies() {
    let text = "S/PV.8422\nConseil de sécurité\nJeudi 13 décembre 2018, à 10 heures\n\
                Il est procédé au vote à main levée.\nVotent pour :\nBolivie (État plurinational \
                de), Côte d'Ivoire, Éthiopie, France, Guinée équatoriale, Kazakhstan, Koweït, \
                Pays-Bas, Pérou, Pologne, Royaume-Uni de Grande-Bretagne et d'Irlande du Nord, \
                Suède et États-Unis d'Amérique\nVotent contre :\nNéant\nS'abstiennent :\n\
                Chine et Fédération de Russie\nLe Président : Le projet de résolution a recueilli \
                13 voix pour, zéro voix contre et 2 abstentions. Le projet de résolution est \
                adopté en tant que résolution 2448 (2018).\n";
    let data = parse_text(text).unwrap();
    let motion = &data.motions[0];
    assert_eq!(motion.id, "S/RES/2448 (2018)");
    assert_eq!(motion.body.as_deref(), Some("Security Council"));
    assert_eq!(counts(&data, 0), (13, 0, 2));
    assert_eq!(vote_of(&data, &motion.id, "RUS"), Some(Vote::Abstain));
    assert_eq!(vote_of(&data, &motion.id, "BRA"), Some(Vote::NotMember));
    let absent = data.votes.iter().filter(|r| r.vote == Vote::Absent).count();
    assert_eq!(absent, 0);
}

#[test]
fn a_council_draft_defeated_by_a_permanent_member_is_vetoed() {
    let text = "S/PV.3756\nFriday, 21 March 1997, 6 p.m.\nThe President: I shall now put to the \
                vote the draft resolution in document S/1997/241.\nA vote was taken by show of \
                hands.\nIn favour:\nChile, China, Egypt, France, Guinea-Bissau, Japan,\nKenya, \
                Poland, Portugal, Republic of Korea, Russian\nFederation, Sweden, United Kingdom \
                of Great Britain\nand Northern Ireland\nAgainst:\nUnited States of America\n\
                Abstaining:\nCosta Rica\nThe President: The result of the voting is as \
                follows:\n13 votes in favour, one against and one abstaining. The\ndraft \
                resolution has not been adopted, owing to the negative\nvote of a permanent \
                member of the Council.\n";
    let data = parse_text(text).unwrap();
    let motion = &data.motions[0];
    assert_eq!(motion.id, "S/1997/241:whole");
    assert_eq!(motion.outcome.as_deref(), Some("vetoed"));
    assert_eq!(motion.vetoed_by, vec!["USA".to_string()]);
    assert_eq!(counts(&data, 0), (13, 1, 1));
    assert!(data.stats.warnings.is_empty(), "{:?}", data.stats.warnings);
}
