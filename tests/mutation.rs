//! Mutation property test of the input readers (issue 17), bounded for CI: seeded mutants of the
//! committed real inputs, each read in process as `votebloc ingest` reads it
//! (`ingest::read_input`: detection, then the reader). Every mutant must
//!
//! - be refused with a position (file:line, a PDF page, or a fault of the whole file: empty,
//!   unreadable PDF, no recorded vote), or
//! - yield the original's votes, or
//! - differ only where its own text says so: in a one-vote-per-line CSV, the votes of the
//!   mutated lines as each reads alone (with the header); in a UN record, a motion renamed with
//!   the same votes, absent/not-member moved with a changed date, votes added, or the votes
//!   after a cut (unless the text left announces one); or
//! - have a warning naming what changed.
//!
//! A file cut inside a line must not turn the cut value into another vote (`absent` cut to
//! `a`, an abstention), nor drop a cut line that is refused alone; a NUL byte must never reach
//! the dataset. The long mutation run over the real data (5,000 mutants and more, the binary
//! run as a program) is `benches/mutate/mutate.py`; this test is its fast, in-process cousin.
//!
//! One test per input and family of mutations, so that a family a reader still gets wrong is
//! ignored on its own (`#[ignore = "needs ingest17: …"]`) while the others keep running.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use votebloc::export::csv_tables;
use votebloc::ingest::{self, IngestError, IngestOptions};
use votebloc::{Dataset, Vote};

/// The seed of every mutant stream (each test adds its own offset).
const SEED: u64 = 17;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Inputs

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// One vote per line after a header.
    Csv,
    /// A UN record: votes in lists, checked against the stated tallies.
    Text,
    /// A UN record in PDF.
    Pdf,
}

struct Input {
    name: &'static str,
    kind: Kind,
    extension: &'static str,
    bytes: Vec<u8>,
    options: IngestOptions,
    /// Words whose case the mutations change.
    keywords: &'static [&'static str],
}

const CSV_WORDS: &[&str] = &[
    "yes",
    "no",
    "abstain",
    "absent",
    "not_member",
    "Non-Voting",
    "Y",
    "N",
    "A",
    "Senate",
    "rcid",
    "country",
    "vote",
    "ccode",
    "member",
    "motion",
    "resolution",
    "ms_vote",
    "icpsr",
    "cast_code",
    "congress",
    "chamber",
];
const TEXT_WORDS: &[&str] = &[
    "In favour",
    "Against",
    "Abstaining",
    "recorded vote",
    "adopted",
    "retained",
    "votes",
    "abstentions",
    "paragraph",
    "draft resolution",
    "Ont voté pour",
    "Ont voté contre",
    "Se sont abstenus",
    "voix",
    "Votos a favor",
    "Votos en contra",
    "Abstenciones",
    "votos",
];

fn fixture(path: &str) -> Vec<u8> {
    let path = root().join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .unwrap();
        text
    } else {
        bytes
    }
}

fn csv_input(name: &'static str, bytes: Vec<u8>, options: IngestOptions) -> Input {
    Input {
        name,
        kind: Kind::Csv,
        extension: "csv",
        bytes,
        options,
        keywords: CSV_WORDS,
    }
}

/// A long CSV with the columns motion, member and vote only.
fn three_columns(long: &[u8]) -> Vec<u8> {
    let mut reader = csv::Reader::from_reader(long);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["motion", "member", "vote"]).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        writer.write_record([&row[0], &row[1], &row[3]]).unwrap();
    }
    writer.into_inner().unwrap()
}

fn text_input(name: &'static str, path: &str) -> Input {
    Input {
        name,
        kind: Kind::Text,
        extension: "txt",
        bytes: fixture(path),
        options: IngestOptions::default(),
        keywords: TEXT_WORDS,
    }
}

/// The committed real inputs, read once.
fn input(name: &str) -> &'static Input {
    static INPUTS: OnceLock<Vec<Input>> = OnceLock::new();
    let inputs = INPUTS.get_or_init(|| {
        let datasets = root().join("tests/fixtures/datasets");
        let side = |file: &str| Some(datasets.join(file));
        let mut long = Vec::new();
        let seed = ingest::read_embedded(&IngestOptions::default()).unwrap();
        csv_tables::write_votes(&seed, &mut long).unwrap();
        vec![
            csv_input(
                "unvotes",
                fixture("tests/fixtures/datasets/unvotes_votes.csv"),
                IngestOptions {
                    roll_calls: side("unvotes_roll_calls.csv"),
                    ..IngestOptions::default()
                },
            ),
            csv_input(
                "voeten",
                fixture("tests/fixtures/datasets/voeten_votes.csv.gz"),
                IngestOptions::default(),
            ),
            csv_input(
                "voteview",
                fixture("tests/fixtures/datasets/voteview_S117_votes.csv"),
                IngestOptions {
                    members: side("voteview_S117_members.csv").into_iter().collect(),
                    ..IngestOptions::default()
                },
            ),
            csv_input(
                "undl",
                fixture("tests/fixtures/datasets/undl_A-RES-ES-11-3.csv"),
                IngestOptions::default(),
            ),
            csv_input("long", long.clone(), IngestOptions::default()),
            // The vote in the last column, where a cut value can read as a shorter code.
            csv_input("long3", three_columns(&long), IngestOptions::default()),
            text_input("seed_fr", "notebooks-data/seed_A-C.1-77-L.56_fr.txt"),
            text_input("seed_en", "tests/fixtures/un/seed_A-C.1-77-L.56_en.txt"),
            text_input("seed_es", "tests/fixtures/un/seed_A-C.1-77-L.56_es.txt"),
            text_input(
                "amendment",
                "tests/fixtures/un/amendment_then_as_amended_en.txt",
            ),
            Input {
                name: "pdf",
                kind: Kind::Pdf,
                extension: "pdf",
                bytes: fixture("tests/fixtures/un/pdf/tiny_vote.pdf"),
                options: IngestOptions::default(),
                keywords: TEXT_WORDS,
            },
        ]
    });
    inputs.iter().find(|i| i.name == name).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Mutations

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    /// Byte flips and replacements, deletions, insertions of digits, commas, spaces, CR, LF;
    /// line duplication, deletion and swap; keyword case; numbers replaced by garbage.
    Edits,
    /// A `"` inserted, mostly where a field starts or ends.
    Quotes,
    /// A NUL byte inserted.
    Nul,
    /// The file cut at a random point or inside the last value of a line.
    Truncation,
    /// Line ends made CR or CRLF, a byte-order mark, no final line end.
    LineEnds,
}

struct Mutant {
    bytes: Vec<u8>,
    what: String,
}

const GARBAGE: &[&str] = &[
    "1.5",
    "1e309",
    "999999999999",
    "+3",
    "-1",
    "0",
    "",
    "NaN",
    "4294967296",
    "0x10",
    " 3",
];

/// (start, end) of each line, the end after its `\n`.
fn line_spans(data: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < data.len() {
        let end = data[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| start + i + 1);
        spans.push((start, end));
        start = end;
    }
    spans
}

fn splice(data: &[u8], at: usize, remove: usize, insert: &[u8]) -> Vec<u8> {
    let mut out = data[..at].to_vec();
    out.extend_from_slice(insert);
    out.extend_from_slice(&data[(at + remove).min(data.len())..]);
    out
}

/// Positions where a field of a random line starts or ends (the line's start and end, each
/// side of each comma).
fn field_bound(rng: &mut impl Rng, data: &[u8]) -> usize {
    let spans = line_spans(data);
    let (start, end) = spans[rng.gen_range(0..spans.len())];
    let body = data[start..end]
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    let mut bounds = vec![0, body];
    for (i, &b) in data[start..start + body].iter().enumerate() {
        if b == b',' {
            bounds.extend([i, i + 1]);
        }
    }
    start + bounds[rng.gen_range(0..bounds.len())]
}

fn mutate(rng: &mut Xoshiro256PlusPlus, input: &Input, family: Family) -> Mutant {
    let data = &input.bytes;
    let spans = line_spans(data);
    let line = |rng: &mut Xoshiro256PlusPlus| spans[rng.gen_range(0..spans.len())];
    let (bytes, what) = match family {
        Family::Edits => match rng.gen_range(0..9) {
            0 => {
                let at = rng.gen_range(0..data.len());
                let byte = loop {
                    let b = data[at] ^ (1 << rng.gen_range(0..8));
                    if b != 0 && b != b'"' {
                        break b;
                    }
                };
                (
                    splice(data, at, 1, &[byte]),
                    format!("byte {byte:#04x} at {at}"),
                )
            }
            1 => {
                let (at, n) = (rng.gen_range(0..data.len()), rng.gen_range(1..5));
                (splice(data, at, n, b""), format!("delete {n} at {at}"))
            }
            2 => {
                let piece =
                    [&b","[..], b" ", b"\r", b"\n", b"7", b"0", b";", b"\t"][rng.gen_range(0..8)];
                let at = if rng.gen_bool(0.5) {
                    field_bound(rng, data)
                } else {
                    rng.gen_range(0..=data.len())
                };
                (
                    splice(data, at, 0, piece),
                    format!("insert {piece:?} at {at}"),
                )
            }
            3 => {
                let (s, e) = line(rng);
                let mut copy = data[s..e].to_vec();
                if !copy.ends_with(b"\n") {
                    copy.insert(0, b'\n');
                }
                let at = if data[s..e].ends_with(b"\n") {
                    e
                } else {
                    data.len()
                };
                (
                    splice(data, at, 0, &copy),
                    format!("duplicate the line at {s}"),
                )
            }
            4 => {
                let (s, e) = line(rng);
                (
                    splice(data, s, e - s, b""),
                    format!("delete the line at {s}"),
                )
            }
            5 if spans.len() > 2 => {
                let i = rng.gen_range(0..spans.len() - 2);
                let ((a, b), (c, d)) = (spans[i], spans[i + 1]);
                let mut out = data[..a].to_vec();
                out.extend_from_slice(&data[c..d]);
                out.extend_from_slice(&data[a..b]);
                out.extend_from_slice(&data[d..]);
                (out, format!("swap lines {} and {}", i + 1, i + 2))
            }
            6 => case_change(rng, data, input.keywords),
            7 => {
                let span = line(rng);
                number_garbage(rng, data, span)
            }
            _ if input.kind == Kind::Pdf => pdf_text_edit(rng, data),
            _ => {
                let at = rng.gen_range(0..data.len());
                let byte = rng.gen_range(1..=255u8);
                let byte = if byte == b'"' { b'\'' } else { byte };
                (
                    splice(data, at, 1, &[byte]),
                    format!("byte {byte:#04x} at {at}"),
                )
            }
        },
        Family::Quotes => {
            let at = if rng.gen_bool(0.8) {
                field_bound(rng, data)
            } else {
                rng.gen_range(0..=data.len())
            };
            (splice(data, at, 0, b"\""), format!("insert '\"' at {at}"))
        }
        Family::Nul => {
            let at = if rng.gen_bool(0.5) {
                field_bound(rng, data)
            } else {
                rng.gen_range(0..=data.len())
            };
            (splice(data, at, 0, b"\0"), format!("insert NUL at {at}"))
        }
        Family::Truncation => {
            let at = if rng.gen_bool(0.5) {
                rng.gen_range(1..data.len())
            } else {
                // Inside the last value (or word) of a line: where a prefix of a longer code
                // can read as a shorter one.
                let (s, e) = line(rng);
                let body = &data[s..e];
                let body = &body[..body
                    .iter()
                    .rposition(|&b| b != b'\n' && b != b'\r')
                    .map_or(0, |i| i + 1)];
                let from = body
                    .iter()
                    .rposition(|&b| b == b',' || b == b' ')
                    .map_or(0, |i| i + 1);
                // Half the time one or two characters in: `a` of `absent`, `n` of `not_member`.
                let to = if rng.gen_bool(0.5) {
                    (from + rng.gen_range(1..=2)).min(body.len())
                } else {
                    rng.gen_range(from..=body.len().max(from))
                };
                (s + to).max(1)
            };
            (
                data[..at].to_vec(),
                format!("cut at {at} of {}", data.len()),
            )
        }
        Family::LineEnds => {
            let lf = String::from_utf8_lossy(data)
                .replace("\r\n", "\n")
                .into_bytes();
            match rng.gen_range(0..5) {
                0 => (
                    lf.iter()
                        .map(|&b| if b == b'\n' { b'\r' } else { b })
                        .collect(),
                    "line ends CR".to_string(),
                ),
                1 => (
                    String::from_utf8_lossy(&lf)
                        .replace('\n', "\r\n")
                        .into_bytes(),
                    "line ends CRLF".to_string(),
                ),
                2 => {
                    let (_, e) = line(rng);
                    let at = e - 1;
                    if data[at] == b'\n' {
                        (
                            splice(data, at, 1, b"\r"),
                            format!("the line end at {at} CR"),
                        )
                    } else {
                        (
                            [data.as_slice(), b"\r"].concat(),
                            "a CR at the end".to_string(),
                        )
                    }
                }
                3 => (
                    [&b"\xEF\xBB\xBF"[..], data].concat(),
                    "a byte-order mark".to_string(),
                ),
                _ => {
                    let end = data
                        .iter()
                        .rposition(|&b| b != b'\n' && b != b'\r')
                        .map_or(0, |i| i + 1);
                    (data[..end].to_vec(), "no final line end".to_string())
                }
            }
        }
    };
    Mutant { bytes, what }
}

fn case_change(rng: &mut impl Rng, data: &[u8], words: &[&str]) -> (Vec<u8>, String) {
    let text = String::from_utf8_lossy(data).to_ascii_lowercase();
    let word = words[rng.gen_range(0..words.len())].to_ascii_lowercase();
    let hits: Vec<usize> = text.match_indices(&word).map(|(i, _)| i).collect();
    if hits.is_empty() || text.len() != data.len() {
        let at = rng.gen_range(0..data.len());
        return (splice(data, at, 1, b"X"), format!("byte 'X' at {at}"));
    }
    let at = hits[rng.gen_range(0..hits.len())];
    let found = &data[at..at + word.len()];
    let new: Vec<u8> = match rng.gen_range(0..3) {
        0 => found.to_ascii_uppercase(),
        1 => found.to_ascii_lowercase(),
        _ => {
            let k = rng.gen_range(0..found.len());
            let mut f = found.to_vec();
            f[k] = if f[k].is_ascii_uppercase() {
                f[k].to_ascii_lowercase()
            } else {
                f[k].to_ascii_uppercase()
            };
            f
        }
    };
    let what = format!(
        "case {:?} -> {:?} at {at}",
        String::from_utf8_lossy(found),
        String::from_utf8_lossy(&new)
    );
    (splice(data, at, found.len(), &new), what)
}

fn number_garbage(rng: &mut impl Rng, data: &[u8], (s, e): (usize, usize)) -> (Vec<u8>, String) {
    let mut numbers = Vec::new();
    let mut i = s;
    while i < e {
        if data[i].is_ascii_digit() {
            let start = i;
            while i < e && (data[i].is_ascii_digit() || data[i] == b'.') {
                i += 1;
            }
            numbers.push((start, i));
        } else {
            i += 1;
        }
    }
    if numbers.is_empty() {
        return (splice(data, s, 0, b"1e309"), format!("insert 1e309 at {s}"));
    }
    let (a, b) = numbers[rng.gen_range(0..numbers.len())];
    let garbage = GARBAGE[rng.gen_range(0..GARBAGE.len())];
    let what = format!(
        "number {:?} -> {garbage:?} at {a}",
        String::from_utf8_lossy(&data[a..b])
    );
    (splice(data, a, b - a, garbage.as_bytes()), what)
}

/// An edit of the text inside the PDF's (uncompressed) content stream, saved as an incremental
/// update (the object appended with a new cross-reference section), so that the reader gets to
/// the changed text rather than stopping at broken offsets.
fn pdf_text_edit(rng: &mut impl Rng, data: &[u8]) -> (Vec<u8>, String) {
    let find = |needle: &[u8], from: usize| {
        data[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| from + i)
    };
    let (Some(stream), Some(end)) = (find(b"stream\n", 0), find(b"endstream", 0)) else {
        panic!("tiny_vote.pdf has its content stream in object 4");
    };
    let text = &data[stream + 7..end];
    let spans = line_spans(text);
    let (new, what) = match rng.gen_range(0..4) {
        0 => case_change(rng, text, TEXT_WORDS),
        1 => {
            let span = spans[rng.gen_range(0..spans.len())];
            number_garbage(rng, text, span)
        }
        2 => {
            let at = rng.gen_range(0..text.len());
            (splice(text, at, 1, b""), format!("delete 1 at {at}"))
        }
        _ => {
            let at = rng.gen_range(0..text.len());
            let piece = [&b"("[..], b")", b" ", b"7", b"\\"][rng.gen_range(0..5)];
            (
                splice(text, at, 0, piece),
                format!("insert {piece:?} at {at}"),
            )
        }
    };
    let startxref = find(b"startxref", 0).expect("startxref");
    let prev: String = String::from_utf8_lossy(&data[startxref + 9..])
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let mut out = data.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let at = out.len();
    out.extend_from_slice(format!("4 0 obj\n<< /Length {} >>\nstream\n", new.len()).as_bytes());
    out.extend_from_slice(&new);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n4 1\n{at:010} 00000 n \ntrailer\n<< /Size 6 \
             /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    (out, format!("content stream: {what}"))
}

// ---------------------------------------------------------------------------------------------
// Reading and judging

type Votes = BTreeMap<(String, String), Vote>;

struct Reading {
    dir: tempfile::TempDir,
    count: usize,
}

impl Reading {
    fn new() -> Reading {
        Reading {
            dir: tempfile::tempdir().unwrap(),
            count: 0,
        }
    }

    /// Reads `bytes` as a file of the input's kind, as `votebloc ingest` would.
    fn read(&mut self, input: &Input, bytes: &[u8]) -> (PathBuf, Result<Dataset, IngestError>) {
        self.count += 1;
        let path = self
            .dir
            .path()
            .join(format!("{}_{}.{}", input.name, self.count, input.extension));
        std::fs::write(&path, bytes).unwrap();
        let result = ingest::read_input(&path, &input.options);
        std::fs::remove_file(&path).unwrap();
        (path, result)
    }

    /// The votes of the header and one line read as a file: `None` when that is refused (a
    /// file without votes counts as no votes).
    fn alone(&mut self, input: &Input, header: &[u8], line: &[u8]) -> Option<Votes> {
        match self.read(input, &[header, line].concat()).1 {
            Ok(data) => Some(votes_of(&data)),
            Err(IngestError::NoVotes { .. } | IngestError::Empty { .. }) => Some(Votes::new()),
            Err(_) => None,
        }
    }
}

fn votes_of(data: &Dataset) -> Votes {
    data.votes
        .iter()
        .map(|v| {
            let key = (
                data.motions[v.motion as usize].id.clone(),
                data.members[v.member as usize].code.clone(),
            );
            (key, v.vote)
        })
        .collect()
}

fn changed(old: &Votes, new: &Votes) -> Vec<(String, String)> {
    let keys: BTreeSet<_> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .cloned()
        .collect()
}

fn describe(old: &Votes, new: &Votes) -> String {
    let diff = changed(old, new);
    let shown: Vec<String> = diff
        .iter()
        .take(3)
        .map(|k| format!("{}/{}: {:?} -> {:?}", k.0, k.1, old.get(k), new.get(k)))
        .collect();
    format!("{} vote(s) differ ({})", diff.len(), shown.join("; "))
}

/// The first line, without its line end (a CR ends it too).
fn header(data: &[u8]) -> &[u8] {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let end = data
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(data.len());
    &data[..end]
}

/// Whether the error says where: a line (`path:LINE`), a PDF page, or a fault of the whole file.
fn positioned(path: &Path, err: &IngestError) -> bool {
    match err {
        IngestError::Empty { .. } | IngestError::Pdf { .. } | IngestError::NoVotes { .. } => true,
        IngestError::Io { .. } | IngestError::UnknownFormat { .. } => false,
        _ => {
            let message = err.to_string();
            let prefix = format!("{}:", path.display());
            message
                .find(&prefix)
                .map(|i| &message[i + prefix.len()..])
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        }
    }
}

/// Whether a warning names each changed motion (as a whole word) or one of the `lines`.
fn warned(warnings: &[String], diff: &[(String, String)], lines: &[usize]) -> bool {
    let motions: BTreeSet<&str> = diff.iter().map(|(m, _)| m.as_str()).collect();
    motions.iter().all(|motion| {
        warnings.iter().any(|w| {
            let word = w.match_indices(motion).any(|(i, _)| {
                let before = w[..i].chars().next_back();
                let after = w[i + motion.len()..].chars().next();
                let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '/');
                !part(before) && !part(after)
            });
            word || lines
                .iter()
                .any(|n| w.contains(&format!("line {n}")) || w.contains(&format!(":{n}:")))
        })
    })
}

/// Why the mutant's outcome breaks the property, or `None` when it holds.
fn judge(reading: &mut Reading, input: &Input, original: &Votes, mutant: &[u8]) -> Option<String> {
    let (path, result) = reading.read(input, mutant);
    let data = match result {
        Err(IngestError::UnknownFormat { .. }) if header(mutant) != header(&input.bytes) => {
            // The header itself was changed: the message shows it.
            return None;
        }
        Err(err) if positioned(&path, &err) => return None,
        Err(err) => return Some(format!("refused without a position: {err}")),
        Ok(data) => data,
    };
    let nul = data
        .members
        .iter()
        .any(|m| m.code.contains('\0') || m.name.contains('\0'))
        || data.motions.iter().any(|m| m.id.contains('\0'));
    if nul {
        return Some("a NUL byte reached the dataset".to_string());
    }
    let votes = votes_of(&data);
    if votes == *original {
        return None;
    }
    let warnings = &data.stats.warnings;
    match input.kind {
        Kind::Csv if input.bytes.starts_with(mutant) => {
            judge_cut(reading, input, mutant, &votes, warnings)
        }
        Kind::Csv => judge_lines(reading, input, original, mutant, &votes, warnings),
        Kind::Text | Kind::Pdf => judge_record(input, original, mutant, &data, &votes),
    }
}

fn or_warned(
    why: &str,
    old: &Votes,
    new: &Votes,
    warnings: &[String],
    lines: &[usize],
) -> Option<String> {
    let diff = changed(old, new);
    (!warned(warnings, &diff, lines)).then(|| format!("{why}: {}", describe(old, new)))
}

/// A one-vote-per-line CSV: the original's votes, less those of the original lines the
/// mutation replaced, plus those of the mutant's new lines, each line read alone.
fn judge_lines(
    reading: &mut Reading,
    input: &Input,
    original: &Votes,
    mutant: &[u8],
    votes: &Votes,
    warnings: &[String],
) -> Option<String> {
    let old: Vec<&[u8]> = input.bytes.split_inclusive(|&b| b == b'\n').collect();
    let new: Vec<&[u8]> = mutant.split_inclusive(|&b| b == b'\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_lines, new_lines) = (prefix..old.len() - suffix, prefix..new.len() - suffix);
    let lines: Vec<usize> = new_lines
        .clone()
        .chain(old_lines.clone())
        .map(|i| i + 1)
        .collect();
    if prefix == 0 {
        return or_warned("the header changed", original, votes, warnings, &lines);
    }
    let mut expected = original.clone();
    for i in old_lines {
        let Some(own) = reading.alone(input, old[0], old[i]) else {
            return Some(format!("the original line {} is refused alone", i + 1));
        };
        for key in own.keys() {
            expected.remove(key);
        }
    }
    let mut refused = None;
    for j in new_lines {
        match reading.alone(input, old[0], new[j]) {
            Some(own) => expected.extend(own),
            None => refused = Some(j + 1),
        }
    }
    if *votes != expected {
        return or_warned(
            "votes beyond the mutated lines",
            &expected,
            votes,
            warnings,
            &lines,
        );
    }
    match refused {
        Some(line) => or_warned(
            &format!("line {line} is refused alone, dropped here"),
            original,
            votes,
            warnings,
            &lines,
        ),
        None => None,
    }
}

/// A CSV cut short: the votes of the whole lines before the cut; from a line cut in the
/// middle, nothing or the original line's own votes.
fn judge_cut(
    reading: &mut Reading,
    input: &Input,
    mutant: &[u8],
    votes: &Votes,
    warnings: &[String],
) -> Option<String> {
    let start = mutant
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = mutant[..start].iter().filter(|&&b| b == b'\n').count() + 1;
    let expected = match reading.read(input, &input.bytes[..start]).1 {
        Ok(data) => votes_of(&data),
        Err(_) => Votes::new(),
    };
    if start == mutant.len() {
        return (*votes != expected).then(|| {
            format!(
                "cut at a line end, votes before it changed: {}",
                describe(&expected, votes)
            )
        });
    }
    let header = input.bytes.split_inclusive(|&b| b == b'\n').next().unwrap();
    let end = input.bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(input.bytes.len(), |i| start + i + 1);
    let own = reading
        .alone(input, header, &input.bytes[start..end])
        .unwrap_or_default();
    let Some(cut) = reading.alone(input, header, &mutant[start..]) else {
        let mut with_own = expected.clone();
        with_own.extend(own);
        return or_warned(
            &format!("the cut line {line} is refused alone, dropped here"),
            &with_own,
            votes,
            warnings,
            &[line],
        );
    };
    let mut with_cut = expected.clone();
    with_cut.extend(cut.clone());
    if *votes != with_cut {
        return or_warned(
            "votes before the cut changed",
            &with_cut,
            votes,
            warnings,
            &[line],
        );
    }
    if !cut.is_empty() && cut != own {
        return or_warned(
            &format!("the cut line {line} read as another vote"),
            &own,
            &cut,
            warnings,
            &[line],
        );
    }
    None
}

/// A UN record: motions renamed with the same votes, absent/not-member moved where the date
/// changed, votes added with the original's kept, or the votes after a cut gone (unless the
/// text left announces a vote); anything else must be named by a warning.
fn judge_record(
    input: &Input,
    original: &Votes,
    mutant: &[u8],
    data: &Dataset,
    votes: &Votes,
) -> Option<String> {
    let diff = changed(original, votes);
    let (before, after) = (by_motion(original), by_motion(votes));
    let gone: Vec<_> = before.keys().filter(|m| !after.contains_key(*m)).collect();
    let added: Vec<_> = after.keys().filter(|m| !before.contains_key(*m)).collect();
    let mut gone_votes: Vec<_> = gone.iter().map(|m| &before[**m]).collect();
    let mut added_votes: Vec<_> = added.iter().map(|m| &after[**m]).collect();
    gone_votes.sort();
    added_votes.sort();
    let kept_same = before
        .iter()
        .all(|(m, v)| after.get(m).is_none_or(|w| w == v));
    if !gone.is_empty() && gone_votes == added_votes && kept_same {
        return None; // renamed: the mutation hit the symbol or number the id is made of
    }
    if diff.iter().all(|k| original.get(k).is_none()) {
        return None; // votes added, the original's kept
    }
    if input.bytes.starts_with(mutant) && diff.iter().all(|k| votes.get(k).is_none()) {
        // The end of the text: its last paragraph, at most its last 6 lines (a record without
        // blank lines between paragraphs is one paragraph).
        let text = String::from_utf8_lossy(mutant);
        let paragraph = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .last()
            .unwrap_or("");
        let lines: Vec<&str> = paragraph.lines().filter(|l| !l.trim().is_empty()).collect();
        let last = lines[lines.len().saturating_sub(6)..]
            .join("\n")
            .to_lowercase();
        // A tally alone is no announcement: the verbatim records state it after the lists.
        let announced = [
            "recorded vote",
            "vote enregistr",
            "votación registrada",
            "as follows",
            "comme suit",
            "siguiente",
        ]
        .iter()
        .any(|w| last.contains(w));
        if !announced {
            return None; // cut after the last whole vote
        }
        // A warning may name the end of the text instead of the vote it could not read.
        let end = text.lines().count();
        let tail: Vec<usize> = (end.saturating_sub(6)..=end + 1).collect();
        return or_warned(
            "a vote announced before the cut vanished",
            original,
            votes,
            &data.stats.warnings,
            &tail,
        );
    }
    let original_data_dates = dates(input);
    let dated = diff.iter().all(|k| {
        let moved = [original.get(k), votes.get(k)]
            .iter()
            .all(|v| matches!(v, None | Some(Vote::Absent | Vote::NotMember)));
        let date = data
            .motions
            .iter()
            .find(|m| m.id == k.0)
            .and_then(|m| m.date.clone());
        moved && date != original_data_dates.get(&k.0).cloned().flatten()
    });
    if dated {
        return None;
    }
    or_warned("votes changed", original, votes, &data.stats.warnings, &[])
}

/// The votes of each motion, by motion id.
fn by_motion(votes: &Votes) -> BTreeMap<&str, Vec<(&str, Vote)>> {
    let mut m: BTreeMap<&str, Vec<(&str, Vote)>> = BTreeMap::new();
    for ((motion, member), vote) in votes {
        m.entry(motion.as_str())
            .or_default()
            .push((member.as_str(), *vote));
    }
    m
}

/// The original record's motion dates.
fn dates(input: &Input) -> BTreeMap<String, Option<String>> {
    let mut reading = Reading::new();
    let (_, result) = reading.read(input, &input.bytes);
    result
        .unwrap()
        .motions
        .into_iter()
        .map(|m| (m.id, m.date))
        .collect()
}

/// Runs `count` mutants of one family on one input and fails with the first few that break the
/// property (each written to `target/mutation-failures/` to be read again).
fn run(name: &str, family: Family, count: usize) {
    let input = input(name);
    let mut reading = Reading::new();
    let (_, original) = reading.read(input, &input.bytes);
    let original = votes_of(&original.unwrap_or_else(|e| panic!("{name}: {e}")));
    assert!(!original.is_empty());
    let offset = family as u64 * 1000 + name.bytes().map(u64::from).sum::<u64>();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED + offset);
    let mut failures = Vec::new();
    for i in 0..count {
        let mutant = mutate(&mut rng, input, family);
        if let Some(why) = judge(&mut reading, input, &original, &mutant.bytes) {
            let dir = root().join("target/mutation-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{name}_{family:?}_{i}.{}", input.extension));
            std::fs::write(&file, &mutant.bytes).unwrap();
            failures.push(format!("#{i} {} ({}): {why}", mutant.what, file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} mutants of {name} ({family:?}) break the property:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n")
    );
}

macro_rules! mutation_tests {
    ($($(#[$attr:meta])* $test:ident: $input:literal, $family:ident, $count:literal;)*) => {
        $(
            #[test]
            $(#[$attr])*
            fn $test() {
                run($input, Family::$family, $count);
            }
        )*
    };
}

mutation_tests! {
    unvotes_edits: "unvotes", Edits, 120;
    unvotes_quotes: "unvotes", Quotes, 40;
    unvotes_nul: "unvotes", Nul, 30;
    unvotes_truncation: "unvotes", Truncation, 40;
    unvotes_line_ends: "unvotes", LineEnds, 15;
    voeten_edits: "voeten", Edits, 120;
    voeten_quotes: "voeten", Quotes, 40;
    voeten_nul: "voeten", Nul, 30;
    voeten_truncation: "voeten", Truncation, 40;
    voeten_line_ends: "voeten", LineEnds, 15;
    voteview_edits: "voteview", Edits, 120;
    voteview_quotes: "voteview", Quotes, 40;
    voteview_nul: "voteview", Nul, 30;
    voteview_truncation: "voteview", Truncation, 40;
    voteview_line_ends: "voteview", LineEnds, 15;
    undl_edits: "undl", Edits, 120;
    undl_quotes: "undl", Quotes, 40;
    undl_nul: "undl", Nul, 30;
    undl_truncation: "undl", Truncation, 40;
    undl_line_ends: "undl", LineEnds, 15;
    long_edits: "long", Edits, 120;
    long_quotes: "long", Quotes, 40;
    long_nul: "long", Nul, 30;
    long_truncation: "long", Truncation, 40;
    long_line_ends: "long", LineEnds, 15;
    long3_edits: "long3", Edits, 60;
    long3_truncation: "long3", Truncation, 60;
    seed_fr_edits: "seed_fr", Edits, 80;
    seed_fr_quotes: "seed_fr", Quotes, 20;
    seed_fr_truncation: "seed_fr", Truncation, 40;
    seed_fr_line_ends: "seed_fr", LineEnds, 10;
    seed_en_edits: "seed_en", Edits, 80;
    seed_en_truncation: "seed_en", Truncation, 40;
    seed_es_edits: "seed_es", Edits, 80;
    seed_es_truncation: "seed_es", Truncation, 40;
    amendment_edits: "amendment", Edits, 80;
    amendment_truncation: "amendment", Truncation, 40;
    text_nul: "seed_en", Nul, 20;
    pdf_edits: "pdf", Edits, 60;
    pdf_truncation: "pdf", Truncation, 20;
}
