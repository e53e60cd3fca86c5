//! The one shape of an input format: a [`Reader`] says whether an input is in its format (from
//! the input's first bytes) and reads it into a [`Dataset`]. Detection and dispatch go through
//! the list of readers ([`READERS`]), so that adding a format is one file implementing the
//! trait, one entry in that list and one [`Format`] value (see `DESIGN.md`, "How to add an
//! input format").

use super::{Format, IngestError, IngestOptions, source};
use crate::Choice;
use crate::model::{Dataset, excerpt};
use std::path::Path;

/// How much of an input detection reads.
pub const HEAD_BYTES: usize = 64 * 1024;

/// The start of an input (at most [`HEAD_BYTES`], a UTF-8 byte-order mark removed), as the
/// readers' detection sees it.
///
/// # Examples
///
/// ```
/// use votebloc::ingest::Head;
/// let head = Head::new(b"\xEF\xBB\xBFMotion, \"member\",vote\r\nA,B,yes\n");
/// assert!(head.has_columns(&["motion", "member", "vote"]));
/// assert_eq!(head.first_line(), "Motion, \"member\",vote\r");
/// // CR-only line ends.
/// assert!(Head::new(b"motion,member,vote\rA,B,yes\r").has_columns(&["vote"]));
/// ```
#[derive(Debug, Clone)]
pub struct Head<'a> {
    bytes: &'a [u8],
    first_line: String,
    columns: Vec<String>,
}

impl<'a> Head<'a> {
    /// The head of an input that starts with `bytes`.
    ///
    /// # Complexity
    /// O(length of the first line).
    pub fn new(bytes: &'a [u8]) -> Head<'a> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        // The line ends at a `\n` (a `\r` before it kept) or at a `\r` alone.
        let end = match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(at) if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') => at + 1,
            Some(at) => at,
            None => bytes.len(),
        };
        let first_line = String::from_utf8_lossy(&bytes[..end]).to_string();
        let columns = first_line
            .trim_end_matches('\r')
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
            .collect();
        Head {
            bytes,
            first_line,
            columns,
        }
    }

    /// The bytes read (without the byte-order mark).
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The first line, without its `\n` (a `\r` before it kept; invalid UTF-8 replaced), or
    /// up to a `\r` that ends it alone.
    pub fn first_line(&self) -> &str {
        &self.first_line
    }

    /// The first line read as a CSV header: fields split on commas, trimmed, unquoted, in
    /// lower case.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Whether the first line, read as a CSV header, has every column of `names` (lower case).
    pub fn has_columns(&self, names: &[&str]) -> bool {
        names
            .iter()
            .all(|name| self.columns.iter().any(|c| c == name))
    }
}

/// An input format: detection from the head of an input, and reading.
///
/// Implementations are stateless values (unit structs); the options of a read come in
/// [`IngestOptions`]. A reader must name the file and the line of every error and never panic
/// on any input (see `GUIDE.md`).
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use votebloc::ingest::{Head, IngestError, IngestOptions, Reader};
/// use votebloc::{Dataset, DatasetBuilder, Member, Motion, Vote};
///
/// /// `# votes` then `motion member vote` lines.
/// struct Hash;
///
/// impl Reader for Hash {
///     fn name(&self) -> &'static str {
///         "hash"
///     }
///     fn detect(&self, head: &Head<'_>) -> bool {
///         head.first_line() == "# votes"
///     }
///     fn read(&self, path: &Path, _: &IngestOptions) -> Result<Dataset, IngestError> {
///         let text = votebloc::ingest::source::read_text(path)?;
///         let mut builder = DatasetBuilder::new(path);
///         for (i, line) in text.lines().enumerate().skip(1) {
///             let fields: Vec<&str> = line.split_whitespace().collect();
///             let motion = builder.motion(Motion::new(fields[0]));
///             let member = builder.member(Member::new(fields[1], fields[1]));
///             builder.push(motion, member, Vote::Yes, None, i as u32 + 1)?;
///         }
///         Ok(builder.finish()?)
///     }
/// }
///
/// assert!(Hash.detect(&Head::new(b"# votes\nm1 A yes\n")));
/// ```
pub trait Reader: Send + Sync {
    /// The format's name, as `--format` takes it (the [`Format`] value of the same name for
    /// the built-in readers).
    fn name(&self) -> &'static str;

    /// Whether an input starting with `head` is in this format. Readers are asked in the
    /// order of the list given to [`detect_with`]; the first that says yes reads the input.
    fn detect(&self, head: &Head<'_>) -> bool;

    /// Reads the input at `path` (`.gz` decompressed by the reader, see
    /// [`source::open_with_progress`]), telling `options.progress` how far it got.
    ///
    /// # Errors
    /// Every way the input can be wrong, as an [`IngestError`] naming the file and the line.
    fn read(&self, path: &Path, options: &IngestOptions) -> Result<Dataset, IngestError>;
}

/// The built-in readers, in detection order: PDF (its magic number), the CSV formats from the most specific header to
/// the most general, then UN record text, which also takes any input with fewer than three
/// comma-separated fields on its first line.
pub static READERS: &[&dyn Reader] = &[
    &super::un_pdf::UnPdf,
    &super::undl::Undl,
    &super::voteview::Voteview,
    &super::voeten::Voeten,
    &super::unvotes::Unvotes,
    &super::long_csv::LongCsv,
    &super::un_text::UnText,
];

impl Format {
    /// The built-in reader of this format.
    ///
    /// # Examples
    ///
    /// ```
    /// use votebloc::ingest::Format;
    /// assert_eq!(Format::Voeten.reader().name(), "voeten");
    /// ```
    pub fn reader(self) -> &'static dyn Reader {
        match self {
            Format::Un => &super::un_text::UnText,
            Format::Pdf => &super::un_pdf::UnPdf,
            Format::Long => &super::long_csv::LongCsv,
            Format::Unvotes => &super::unvotes::Unvotes,
            Format::Voeten => &super::voeten::Voeten,
            Format::Undl => &super::undl::Undl,
            Format::Voteview => &super::voteview::Voteview,
        }
    }
}

fn reader_named<'r>(readers: &[&'r dyn Reader], name: &str) -> Option<&'r dyn Reader> {
    readers.iter().copied().find(|r| r.name() == name)
}

const EXPECTED: &str = "a CSV header (motion,member,vote | rcid,country,country_code,vote | \
rcid,session,ccode,member,vote | …,ms_vote | congress,chamber,rollnumber,icpsr,cast_code) or a UN \
record with vote lists (In favour: / Ont voté pour : / Votos a favor:)";

/// The first of `readers` that detects the input starting with `head` (the input at `path`).
///
/// # Errors
/// [`IngestError::Empty`] for an input of white space only; [`IngestError::Encoding`] for
/// binary data (a NUL byte) no reader takes; [`IngestError::UnknownFormat`], showing the first
/// line, when no reader takes it.
///
/// # Complexity
/// Each reader's detection once, on at most [`HEAD_BYTES`].
pub fn detect_with<'r>(
    readers: &[&'r dyn Reader],
    path: &Path,
    head: &[u8],
) -> Result<&'r dyn Reader, IngestError> {
    let head = Head::new(head);
    if head.bytes().iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    if let Some(reader) = readers.iter().copied().find(|r| r.detect(&head)) {
        return Ok(reader);
    }
    if let Some(nul) = memchr::memchr(0, head.bytes()) {
        let (line, column) = source::position_of(head.bytes(), nul);
        return Err(IngestError::Encoding {
            path: path.to_path_buf(),
            line,
            column,
            detail: "NUL byte: binary data".to_string(),
        });
    }
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        found: format!("first line {}", excerpt(head.first_line())),
        expected: EXPECTED.to_string(),
    })
}

/// Reads one input with the first of `readers` that detects it, or with the reader named
/// `options.format` when it is set; records `path` as the dataset's source.
///
/// # Errors
/// Those of [`detect_with`] and of the reader; [`IngestError::UnknownFormat`] when
/// `options.format` names none of `readers`.
///
/// # Examples
/// See [`Reader`] and the test `tests/toy_format.rs`.
pub fn read_input_with(
    readers: &[&dyn Reader],
    path: &Path,
    options: &IngestOptions,
) -> Result<Dataset, IngestError> {
    let reader = match options.format {
        Some(format) => {
            reader_named(readers, format.name()).ok_or_else(|| IngestError::UnknownFormat {
                path: path.to_path_buf(),
                found: format!("--format {format}"),
                expected: "a format with a reader".to_string(),
            })?
        }
        None => detect_with(readers, path, &source::peek(path, HEAD_BYTES)?)?,
    };
    let mut data = reader.read(path, options)?;
    data.sources = vec![path.to_path_buf()];
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_reader_and_every_reader_its_format() {
        let names: Vec<&str> = READERS.iter().map(|r| r.name()).collect();
        for format in Format::ALL {
            assert_eq!(format.reader().name(), format.name());
        }
        let mut formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let mut sorted = names.clone();
        formats.sort_unstable();
        sorted.sort_unstable();
        assert_eq!(sorted, formats);
    }

    #[test]
    fn binary_and_empty_inputs_are_named() {
        let path = Path::new("x");
        assert!(matches!(
            detect_with(READERS, path, b"  \n\t"),
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            detect_with(READERS, path, b"a,b,c\n\0\0"),
            Err(IngestError::Encoding { .. })
        ));
    }
}
