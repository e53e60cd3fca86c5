//! Which reader an input needs, from its header (CSV) or its vote headings (UN text).

use super::{IngestError, source};
use crate::choice::choice;
use std::path::Path;

choice! {
    /// The input formats votebloc reads.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Format {
        Un => "un", "UN report or verbatim record text (French, English, Spanish)";
        Pdf => "pdf", "UN report or verbatim record as PDF (its text layer read as `un`)";
        Long => "long", "The canonical long CSV: `motion,member,vote[,name,date,document,part,group]`";
        Unvotes => "unvotes", "unvotes `un_votes.csv`: `rcid,country,country_code,vote`";
        Voeten => "voeten", "Voeten's raw coding: `rcid,session,ccode,member,vote`";
        Undl => "undl", "UN Digital Library voting export (column `ms_vote`)";
        Voteview => "voteview", "Voteview votes: `congress,chamber,rollnumber,icpsr,cast_code`";
    }
}

const EXPECTED: &str = "a CSV header (motion,member,vote | rcid,country,country_code,vote | \
rcid,session,ccode,member,vote | …,ms_vote | congress,chamber,rollnumber,icpsr,cast_code) or a UN \
record with vote lists (In favour: / Ont voté pour : / Votos a favor:)";

/// Detects the format of `path` from its first 64 KiB. Cost: one small read.
pub fn detect(path: &Path) -> Result<Format, IngestError> {
    let head = source::peek(path, 64 * 1024)?;
    detect_bytes(path, &head)
}

/// Detection on bytes already read (the start of the input).
pub fn detect_bytes(path: &Path, head: &[u8]) -> Result<Format, IngestError> {
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    if super::un_pdf::is_pdf(head) {
        return Ok(Format::Pdf);
    }
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let first_line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let first_line = String::from_utf8_lossy(&head[..first_line_end]);
    let columns: Vec<String> = first_line
        .trim_end_matches('\r')
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |name: &str| columns.iter().any(|c| c == name);
    if has("ms_vote") {
        return Ok(Format::Undl);
    }
    if has("congress") && has("rollnumber") && has("icpsr") && has("cast_code") {
        return Ok(Format::Voteview);
    }
    if has("rcid") && has("ccode") && has("vote") {
        return Ok(Format::Voeten);
    }
    if has("rcid") && has("country") && has("vote") {
        return Ok(Format::Unvotes);
    }
    if has("motion") && has("member") && has("vote") {
        return Ok(Format::Long);
    }
    if head.contains(&0) {
        return Err(IngestError::Encoding {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            detail: "NUL byte: binary data".to_string(),
        });
    }
    // UN text: any of the vote-list headings, in any of the three languages. The whole file
    // is searched by the parser; 64 KiB of a report always reaches the first list or the
    // parser reports that it found none.
    let text = String::from_utf8_lossy(head).to_lowercase();
    let markers = [
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
    if markers.iter().any(|m| text.contains(m)) || columns.len() < 3 {
        return Ok(Format::Un);
    }
    let shown: String = first_line.chars().take(120).collect();
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        found: format!("first line {shown:?}"),
        expected: EXPECTED.to_string(),
    })
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
