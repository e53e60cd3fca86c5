//! The input formats votebloc reads, and which one an input is in (through the readers'
//! detection, [`super::reader`]).

use super::reader::{HEAD_BYTES, READERS, detect_with};
use super::{IngestError, source};
use crate::Choice;
use crate::choice::choice;
use std::path::Path;

choice! {
    /// The input formats votebloc reads: one [`Reader`](super::Reader) each
    /// ([`Format::reader`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Format {
        Un => "un", "UN report or verbatim record text (French, English, Spanish)";
        Pdf => "pdf", "UN report or verbatim record as PDF (its text layer read as `un`)";
        Long => "long", "The canonical long CSV: `motion,member,vote` plus optional columns";
        Unvotes => "unvotes", "unvotes `un_votes.csv`: `rcid,country,country_code,vote`";
        Voeten => "voeten", "Voeten's raw coding: `rcid,session,ccode,member,vote`";
        Undl => "undl", "UN Digital Library voting export (column `ms_vote`)";
        Voteview => "voteview", "Voteview votes: `congress,chamber,rollnumber,icpsr,cast_code`";
    }
}

/// Detects the format of `path` from its first 64 KiB.
///
/// # Errors
/// See [`detect_with`](super::detect_with).
///
/// # Complexity
/// One small read.
pub fn detect(path: &Path) -> Result<Format, IngestError> {
    let head = source::peek(path, HEAD_BYTES)?;
    detect_bytes(path, &head)
}

/// Detection on bytes already read (the start of the input).
///
/// # Errors
/// See [`detect_with`](super::detect_with).
pub fn detect_bytes(path: &Path, head: &[u8]) -> Result<Format, IngestError> {
    let reader = detect_with(READERS, path, head)?;
    Ok(Format::from_name(reader.name()).unwrap_or(Format::Un))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(head: &str) -> Result<Format, IngestError> {
        detect_bytes(Path::new("x"), head.as_bytes())
    }

    #[test]
    fn csv_headers_pick_their_reader() {
        assert_eq!(fmt("motion,member,vote\n").unwrap(), Format::Long);
        assert_eq!(fmt("\u{feff}motion,member,vote\r\n").unwrap(), Format::Long);
        assert_eq!(
            fmt("rcid,country,country_code,vote\n").unwrap(),
            Format::Unvotes
        );
        assert_eq!(
            fmt("rcid,session,ccode,member,vote\n").unwrap(),
            Format::Voeten
        );
        assert_eq!(
            fmt("resolution,date,iso3166_numeric,ms_name,ms_vote\n").unwrap(),
            Format::Undl
        );
        assert_eq!(
            fmt("congress,chamber,rollnumber,icpsr,cast_code,prob\n").unwrap(),
            Format::Voteview
        );
    }

    #[test]
    fn un_text_is_recognised_by_its_headings() {
        assert_eq!(
            fmt("blah\nA recorded vote was taken.\nIn favour:\n").unwrap(),
            Format::Un
        );
        assert_eq!(fmt("### *Ont voté pour :*\n").unwrap(), Format::Un);
        assert_eq!(
            fmt("Votent pour :\nAlbanie, Allemagne\n").unwrap(),
            Format::Un
        );
    }

    #[test]
    fn pdf_is_recognised_by_its_magic() {
        assert_eq!(fmt("%PDF-1.7\n%\u{e2}\u{e3}\n").unwrap(), Format::Pdf);
    }

    #[test]
    fn unknown_csv_is_an_error_naming_the_header() {
        let err = fmt("a,b,c,d\n1,2,3,4\n").unwrap_err().to_string();
        assert!(err.contains("a,b,c,d"), "{err}");
    }
}
