//! The bodies of the fuzz targets, one per input reader, shared by the libFuzzer targets
//! (`fuzz_targets/`, run with `cargo fuzz` on nightly) and the stable seeded loop
//! (`src/bin/fuzz_loop.rs`).
//!
//! Each body reads the bytes through the library's public API as the command line would, and
//! checks what must hold for every input: no panic (the fuzzer's own check), an error that
//! names the file it is about, and, when the input is accepted, a dataset whose votes point at
//! its motions and members in order and whose tables can be written.

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use votebloc::Dataset;
use votebloc::export::csv_tables;
use votebloc::ingest::{
    self, IngestError, IngestOptions, long_csv, source, un_pdf, un_text, undl, unvotes, voeten,
    voteview,
};

/// The name the inputs are read under: every error must name it.
const INPUT: &str = "fuzz-input";

/// A target's body.
pub type Target = fn(&[u8]);

/// Every target, by name (the names of `fuzz_targets/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("unvotes", unvotes),
    ("unvotes_roll_calls", unvotes_roll_calls),
    ("voeten", voeten),
    ("voteview", voteview),
    ("voteview_members", voteview_members),
    ("undl", undl),
    ("long_csv", long_csv),
    ("un_text", un_text),
    ("un_pdf", un_pdf),
    ("detect", detect),
];

/// A few real rows for the side-table targets to join against.
const UNVOTES_ROWS: &str = "rcid,country,country_code,vote\n3,United States,US,yes\n\
3,Russian Federation,RU,no\n4,Canada,CA,abstain\n5,Zanzibar,,no\n";
const VOTEVIEW_ROWS: &str = "congress,chamber,rollnumber,icpsr,cast_code,prob\n\
117,Senate,1,14226.0,6,97.7\n117,Senate,1,99913.0,1,\n117,Senate,2,29147.0,0,\n";

/// unvotes `un_votes.csv`.
pub fn unvotes(data: &[u8]) {
    let options = IngestOptions::default();
    check(unvotes::read(Path::new(INPUT), data, &options), INPUT);
}

/// unvotes `un_roll_calls.csv`, joined to a few votes (the side table is read from a file).
pub fn unvotes_roll_calls(data: &[u8]) {
    with_file(data, |side| {
        let options = IngestOptions {
            roll_calls: Some(side.to_path_buf()),
            ..IngestOptions::default()
        };
        let result = unvotes::read(Path::new(INPUT), UNVOTES_ROWS.as_bytes(), &options);
        check(result, &side.display().to_string());
    });
}

/// Voeten's `votes.csv`.
pub fn voeten(data: &[u8]) {
    let options = IngestOptions::default();
    check(voeten::read(Path::new(INPUT), data, &options), INPUT);
}

/// A Voteview votes file.
pub fn voteview(data: &[u8]) {
    let options = IngestOptions::default();
    check(voteview::read(Path::new(INPUT), data, &options), INPUT);
}

/// A Voteview members file, joined to a few votes.
pub fn voteview_members(data: &[u8]) {
    with_file(data, |side| {
        let options = IngestOptions {
            members: vec![side.to_path_buf()],
            ..IngestOptions::default()
        };
        let result = voteview::read(Path::new(INPUT), VOTEVIEW_ROWS.as_bytes(), &options);
        check(result, &side.display().to_string());
    });
}

/// A UN Digital Library export.
pub fn undl(data: &[u8]) {
    let options = IngestOptions::default();
    check(undl::read(Path::new(INPUT), data, &options), INPUT);
}

/// The long CSV (`motion,member,vote`, as `votebloc ingest` writes it).
pub fn long_csv(data: &[u8]) {
    check(long_csv::read(Path::new(INPUT), data), INPUT);
}

/// A UN record as text: decoded as a file is (BOM, NUL, UTF-8, line ends), then parsed.
pub fn un_text(data: &[u8]) {
    let path = Path::new(INPUT);
    let result = source::decode_text(path, data.to_vec())
        .and_then(|text| un_text::parse(path, &text, &IngestOptions::default()));
    check(result, INPUT);
}

/// A UN record as PDF: its text layer, then the text parser.
pub fn un_pdf(data: &[u8]) {
    let path = Path::new(INPUT);
    let result = un_pdf::text_of(path, data)
        .and_then(|text| un_text::parse(path, &text, &IngestOptions::default()));
    check(result, INPUT);
}

/// Any input through detection and the reader it picks, from a file, as `votebloc ingest`.
pub fn detect(data: &[u8]) {
    with_file(data, |path| {
        let result = ingest::read_input(path, &IngestOptions::default());
        check(result, &path.display().to_string());
    });
}

thread_local! {
    /// One file per thread, rewritten for each input: side tables and detection read files.
    static FILE: RefCell<Option<(tempfile::TempDir, PathBuf)>> = const { RefCell::new(None) };
}

fn with_file(data: &[u8], f: impl FnOnce(&Path)) {
    FILE.with(|file| {
        let mut file = file.borrow_mut();
        let (_, path) = file.get_or_insert_with(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("input.csv");
            (dir, path)
        });
        let mut out = std::fs::File::create(&*path).expect("the input file");
        out.write_all(data).expect("the input written");
        drop(out);
        f(path);
    });
}

/// What must hold for every input: an error names the file; an accepted dataset is
/// consistent and can be written.
fn check(result: Result<Dataset, IngestError>, names: &str) {
    match result {
        Err(err) => {
            let message = err.to_string();
            assert!(
                message.contains(names) || message.contains(INPUT),
                "the error does not name the file {names:?}: {message}"
            );
        }
        Ok(data) => {
            let (motions, members) = (data.motions.len(), data.members.len());
            let mut previous = None;
            for vote in &data.votes {
                assert!((vote.motion as usize) < motions && (vote.member as usize) < members);
                let key = (vote.motion, vote.member);
                assert!(
                    previous < Some(key),
                    "votes out of order or repeated at {key:?}"
                );
                previous = Some(key);
            }
            let mut sink = Vec::new();
            csv_tables::write_votes(&data, &mut sink).expect("votes.csv written");
        }
    }
}
