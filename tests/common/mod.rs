//! Helpers shared by the tests that run the real binary (`tests/<command>.rs`). Each test file
//! is its own crate and uses only some of them, hence `dead_code` allowed here.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

/// The `votebloc` binary, run from the project's root so that the committed data's relative
/// paths (`notebooks-data/…`, `tests/fixtures/…`) resolve.
pub fn votebloc() -> Command {
    let mut command = Command::cargo_bin("votebloc").unwrap();
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Rows of a CSV file as maps from column name to value.
pub fn csv_maps(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
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
