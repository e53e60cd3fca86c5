//! Helpers shared by the tests that run the real binary (`tests/<command>.rs`). Each test file
//! is its own crate and uses only some of them, hence `dead_code` allowed here.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

/// The README's run of UNGA session 70 (unvotes with its roll-call table).
pub const SESSION_70: [&str; 6] = [
    "notebooks-data/unvotes/un_votes.csv.gz",
    "--roll-calls",
    "notebooks-data/unvotes/un_roll_calls.csv.gz",
    "--lenient",
    "--session",
    "70",
];

/// The README's run of the Senate 117, lopsided votes and near-absent members left out as
/// W-NOMINATE does.
pub const SENATE_117: [&str; 7] = [
    "notebooks-data/voteview/S117_votes.csv.gz",
    "--members",
    "notebooks-data/voteview/S117_members.csv",
    "--min-votes",
    "10",
    "--min-minority",
    "0.025",
];

/// The `votebloc` binary, run from the project's root so that the committed data's relative
/// paths (`notebooks-data/…`, `tests/fixtures/…`) resolve.
pub fn votebloc() -> Command {
    let mut command = Command::cargo_bin("votebloc").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Rows of a CSV file (gzip-compressed when its name ends in `.gz`) as maps from column name
/// to value.
pub fn csv_maps(path: &Path) -> Vec<BTreeMap<String, String>> {
    let file = std::fs::File::open(path).unwrap();
    let input: Box<dyn std::io::Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
