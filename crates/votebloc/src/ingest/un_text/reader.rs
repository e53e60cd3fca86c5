//! The [`Reader`](crate::ingest::Reader) of UN record text: a thin wrapper over [`parse`].

use super::parse;
use crate::ingest::{Head, IngestError, IngestOptions, Reader, source};
use crate::model::Dataset;
use std::path::Path;

/// The vote-list headings and vote sentences, in lower case, in the three languages. The
/// whole file is searched by the parser; 64 KiB of a report always reaches the first list or
/// the parser reports that it found none.
const MARKERS: [&str; 11] = [
    "in favour",
    "in favor:",
    "ont voté pour",
    "votent pour",
    "se sont abstenus",
    "s'abstiennent",
    "votos a favor",
    "recorded vote",
    "vote enregistré",
    "votación registrada",
    "votacion registrada",
];

/// UN report or verbatim-record text (French, English, Spanish): any vote-list heading, or a
/// first line with fewer than three comma-separated fields (no CSV); never binary data.
#[derive(Debug, Clone, Copy)]
pub struct UnText;

impl Reader for UnText {
    fn name(&self) -> &'static str {
        "un"
    }

    fn detect(&self, head: &Head<'_>) -> bool {
        if head.bytes().contains(&0) {
            return false;
        }
        let text = String::from_utf8_lossy(head.bytes()).to_lowercase();
        MARKERS.iter().any(|m| text.contains(m)) || head.columns().len() < 3
    }

    fn read(&self, path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
        parse(path, &source::read_text(path)?, options)
    }
}
