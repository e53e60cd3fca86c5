//! UN records as the UN publishes them: PDF files, read through their text layer.
//!
//! The text layer is read with `pdf-extract` (on `lopdf`), in the order the page draws it:
//! the UN's producers (Word, Distiller, InDesign) draw a two-column page column by column, so
//! that order is the reading order, with the running headers and footers where the page
//! draws them. The UN text parser ([`super::un_text`]) recognises those (document symbol, job
//! number, page number, date lines) and reads the lists across them. BENCHMARKS.md compares
//! the candidate crates on the real records.
//!
//! What a PDF can do wrong is an error naming the file (and the page where there is one),
//! never a panic: a file cut short (no `%%EOF` at its end), a damaged structure, an encrypted
//! file that needs a password, pages without a text layer (a scan).

use super::{IngestError, IngestOptions, un_text};
use crate::model::Dataset;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::cell::Cell;
use std::io::Read;
use std::path::Path;

/// The bytes every PDF starts with (after at most a few bytes of junk, which readers allow).
pub const MAGIC: &[u8] = b"%PDF-";

/// True when `head` (the start of a file) is a PDF: `%PDF-` within its first 1024 bytes.
pub fn is_pdf(head: &[u8]) -> bool {
    let window = &head[..head.len().min(1024)];
    window.windows(MAGIC.len()).any(|w| w == MAGIC)
}

/// Reads the recorded votes of a UN record in PDF (gzipped when its name ends in `.gz`): its text layer, page after page, parsed as
/// [`un_text::parse`] parses a text record (same options, same guarantees).
///
/// # Errors
///
/// [`IngestError::Pdf`] when the file is cut short, damaged, encrypted, or has no text layer
/// (a scanned record), each naming the file and, when one page is at fault, the page; every
/// error of [`un_text::parse`] otherwise, with the line of the extracted text.
///
/// # Complexity
///
/// Linear in the size of the content streams, then as [`un_text::parse`].
///
/// # Examples
///
/// ```no_run
/// use votebloc::ingest::{un_pdf, IngestOptions};
/// let data = un_pdf::read("S-PV.8422.pdf".as_ref(), &IngestOptions::default()).unwrap();
/// assert_eq!(data.motions[0].outcome.as_deref(), Some("adopted"));
/// ```
pub fn read(path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError> {
    let mut bytes = Vec::new();
    super::source::open(path)?
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let text = text_of(path, &bytes)?;
    un_text::parse(path, &text, options)
}

/// The text layer of a PDF held in memory, pages separated by blank lines.
///
/// # Errors
///
/// As [`read`], for the PDF's own faults.
pub fn text_of(path: &Path, bytes: &[u8]) -> Result<String, IngestError> {
    let error = |page: Option<u32>, detail: String| IngestError::Pdf {
        path: path.to_path_buf(),
        page,
        detail,
    };
    if !is_pdf(bytes) {
        return Err(error(
            None,
            "the file does not start with %PDF-".to_string(),
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(error(
            None,
            format!(
                "the file ends after {} bytes without the %%EOF marker of a complete PDF: it \
                 was cut short (download it again)",
                bytes.len()
            ),
        ));
    }
    let document = quietly(|| lopdf::Document::load_mem(bytes))
        .map_err(|panic| error(None, format!("damaged PDF structure ({panic})")))?
        .map_err(|e| describe_load_error(path, e))?;
    if document.is_encrypted() || document.trailer.get(b"Encrypt").is_ok() {
        return Err(error(
            None,
            "the PDF is encrypted (password-protected); save an unprotected copy (qpdf \
             --decrypt) and read that"
                .to_string(),
        ));
    }
    let mut sink = TextSink::default();
    quietly(|| pdf_extract::output_doc(&document, &mut sink))
        .map_err(|panic| error(sink.page, format!("cannot read the page's text ({panic})")))?
        .map_err(|e| error(sink.page, format!("cannot read the page's text ({e})")))?;
    let pages = sink.pages;
    if pages == 0 {
        return Err(error(None, "the PDF has no pages".to_string()));
    }
    let letters = sink.text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 20 * pages as usize {
        return Err(error(
            None,
            format!(
                "no text layer: {letters} letters on {pages} page(s); the PDF looks like a \
                 scan (images of pages). Run it through OCR (e.g. ocrmypdf) and read the result"
            ),
        ));
    }
    Ok(sink.text)
}

fn describe_load_error(path: &Path, e: lopdf::Error) -> IngestError {
    let text = e.to_string();
    let detail = if text.to_ascii_lowercase().contains("decrypt")
        || text.to_ascii_lowercase().contains("encrypt")
    {
        format!(
            "the PDF is encrypted (password-protected): {text}; save an unprotected copy \
             (qpdf --decrypt) and read that"
        )
    } else {
        format!("damaged PDF structure: {text}")
    };
    IngestError::Pdf {
        path: path.to_path_buf(),
        page: None,
        detail,
    }
}

thread_local! {
    /// Set while this thread runs the PDF crates, whose panics become errors.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic inside the PDF crates (they `unwrap` on some malformed input)
/// into an error carrying its message, without the panic being printed: the panic hook is
/// chained once, and stays silent only on a thread inside `quietly`.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unreadable content".to_string())
    })
}

/// Collects the characters a page draws as lines of text, in drawing order: a new line when
/// the baseline moves by more than half the font size, a space when a gap separates two
/// characters, a blank line between pages.
#[derive(Default)]
struct TextSink {
    text: String,
    /// The page being read (1-based), for errors.
    page: Option<u32>,
    pages: u32,
    /// Height of the page, to measure baselines from its top.
    height: f64,
    last_end: f64,
    last_y: f64,
    word_start: bool,
    first_on_page: bool,
}

impl OutputDev for TextSink {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = Some(page_num);
        self.pages += 1;
        self.height = media_box.ury - media_box.lly;
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.first_on_page = true;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The text matrix's origin, measured from the top of the page, and the font size it
        // scales to (the side of the square of the scaled glyph box's area).
        let (x, y) = (trm.m31, self.height - trm.m32);
        let scaled_x = font_size * (trm.m11 + trm.m21);
        let scaled_y = font_size * (trm.m12 + trm.m22);
        let size = (scaled_x * scaled_y).abs().sqrt();
        if !self.first_on_page && self.word_start {
            let dy = (y - self.last_y).abs();
            if dy > size * 1.5 || (x < self.last_end && dy > size * 0.5) {
                self.text.push('\n');
            } else if x > self.last_end + size * 0.1 {
                self.text.push(' ');
            }
        }
        self.text.push_str(char);
        self.first_on_page = false;
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read_input;
    use crate::model::Vote;
    use proptest::prelude::*;
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/un")
            .join(name)
    }

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

    fn read(name: &str) -> Result<Dataset, IngestError> {
        read_input(&fixture(name), &IngestOptions::default())
    }

    #[test]
    fn the_pdf_and_the_text_of_a_record_give_the_same_dataset() {
        let pdf = read("pdf/A-48-PV.46.pdf.gz").unwrap();
        let text = read("A-48-PV.46.txt.gz").unwrap();
        assert_eq!(records(&pdf), records(&text));
        assert_eq!(pdf.motions, text.motions);
        assert_eq!(pdf.motions.len(), 5);
        assert!(pdf.motions.iter().all(|m| m.stated.is_some()));
        assert_eq!(pdf.motions[4].id, "A/RES/48/14");
        assert_eq!(pdf.motions[4].body.as_deref(), Some("General Assembly"));
    }

    #[test]
    fn a_council_veto_read_from_the_pdf() {
        let data = read("pdf/S-PV.3756.pdf.gz").unwrap();
        let motion = &data.motions[0];
        assert_eq!(motion.id, "S/1997/241:whole");
        assert_eq!(motion.outcome.as_deref(), Some("vetoed"));
        assert_eq!(motion.vetoed_by, vec!["USA".to_string()]);
        assert_eq!(motion.body.as_deref(), Some("Security Council"));
        let cast = data.votes.iter().filter(|r| r.vote.is_cast()).count();
        assert_eq!(cast, 15);
        assert!(data.votes.iter().all(|r| r.vote != Vote::Absent));
    }

    #[test]
    fn a_council_resolution_with_names_joined_by_and() {
        let data = read("pdf/S-PV.8422_pages1-2.pdf.gz").unwrap();
        let motion = &data.motions[0];
        assert_eq!(motion.id, "S/RES/2448 (2018)");
        assert_eq!(motion.document.as_deref(), Some("S/2018/1016"));
        let vote = |code: &str| data.vote(0, data.member_index(code).unwrap());
        // "… Northern Ireland ⏎ and United States of America", "China and Russian Federation".
        assert_eq!(vote("USA"), Some(Vote::Yes));
        assert_eq!(vote("CHN"), Some(Vote::Abstain));
        assert_eq!(vote("RUS"), Some(Vote::Abstain));
        assert_eq!(vote("BRA"), Some(Vote::NotMember));
        assert_eq!(
            motion.stated.map(|t| t.to_string()).as_deref(),
            Some("13/0/2")
        );
    }

    #[test]
    fn broken_pdfs_are_clear_errors() {
        let err = read("pdf/no_text.pdf").unwrap_err().to_string();
        assert!(err.contains("no text layer"), "{err}");
        let err = read("pdf/encrypted.pdf").unwrap_err().to_string();
        assert!(err.contains("encrypted"), "{err}");
        let tiny = std::fs::read(fixture("pdf/tiny_vote.pdf")).unwrap();
        let err = text_of(Path::new("t.pdf"), &tiny[..tiny.len() / 2])
            .unwrap_err()
            .to_string();
        assert!(err.contains("cut short"), "{err}");
        let data = read("pdf/tiny_vote.pdf").unwrap();
        assert_eq!(data.motions[0].id, "A/79/L.1:whole");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// A PDF damaged anywhere (bytes replaced, a range cut out) gives text or an error,
        /// never a panic.
        #[test]
        fn damaged_pdfs_never_panic(at in 0usize..795, len in 0usize..60, byte in any::<u8>(), cut in any::<bool>()) {
            let mut bytes = std::fs::read(fixture("pdf/tiny_vote.pdf")).unwrap();
            let at = at.min(bytes.len());
            let end = (at + len).min(bytes.len());
            if cut {
                bytes.drain(at..end);
            } else {
                bytes[at..end].iter_mut().for_each(|b| *b = byte);
            }
            let _ = text_of(Path::new("m.pdf"), &bytes);
        }
    }

    #[test]
    fn magic_is_found_near_the_start() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\xef\xbb\xbf%PDF-1.4"));
        assert!(!is_pdf(b"In favour: France"));
    }

    #[test]
    fn not_a_pdf_and_cut_short_are_errors() {
        let path = Path::new("x.pdf");
        let err = text_of(path, b"hello").unwrap_err().to_string();
        assert!(err.contains("%PDF-"), "{err}");
        let err = text_of(path, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cut short"), "{err}");
        let err = text_of(path, b"%PDF-1.4\ngarbage\n%%EOF\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.pdf: "), "{err}");
    }
}
