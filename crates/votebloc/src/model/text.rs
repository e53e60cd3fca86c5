//! The rules every text of a dataset follows (ids, names, titles), and how a message quotes a
//! text that may be huge.
//!
//! An id is written to every output and compared, hashed and sorted many times: one of
//! gigabytes, or holding a NUL byte or a line end, is a broken input, never a member or a
//! motion. The limits are far above any real record (the longest field of the UNGA data
//! sets is a roll-call description of 1.5 KB) and far below what would cost memory.

use std::fmt;

/// Longest id or name, in bytes: member codes, names and groups, motion ids, document
/// symbols, dates, chambers, outcomes and the sources' vote codes.
pub const MAX_ID_BYTES: usize = 4 << 10;

/// Longest free text, in bytes: motion titles.
pub const MAX_TEXT_BYTES: usize = 64 << 10;

/// Characters of a text a message quotes at most ([`excerpt`]).
pub const EXCERPT_CHARS: usize = 80;

/// What kind of text a check applies: ids hold no control character at all, names may hold
/// tabs and line ends (a CSV quotes them), free text any character but NUL (the published
/// roll-call descriptions hold backspaces where their PDFs had page breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// An id (member code, motion id, document symbol, date, vote code): at most
    /// [`MAX_ID_BYTES`], no control character.
    Id,
    /// A name (member name, group): at most [`MAX_ID_BYTES`], no control character but tab,
    /// line feed and carriage return.
    Name,
    /// Free text (a title): at most [`MAX_TEXT_BYTES`], no NUL.
    Free,
}

/// Why a text breaks the rules of [`check_text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// Longer than the limit of its kind.
    TooLong { bytes: usize, limit: usize },
    /// Holds a control character (a NUL byte, …) at this byte offset.
    Control { character: char, at: usize },
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The excerpt that comes before says how long the text is.
            TextProblem::TooLong { limit, .. } => {
                write!(f, "is longer than the limit of {limit} bytes")
            }
            TextProblem::Control { character, at } => write!(
                f,
                "holds the control character U+{:04X} at byte {at} (expected printable text)",
                u32::from(*character)
            ),
        }
    }
}

/// Checks `text` against the rules of `kind`: its length, then its characters.
///
/// # Errors
///
/// [`TextProblem::TooLong`] over the limit of `kind`; [`TextProblem::Control`] at the first
/// control character `kind` does not allow.
///
/// # Complexity
///
/// O(length of `text`).
///
/// # Examples
///
/// ```
/// use votebloc::model::{TextKind, TextProblem, check_text};
/// assert!(check_text("A/RES/48/14", TextKind::Id).is_ok());
/// assert_eq!(
///     check_text("A\0B", TextKind::Id),
///     Err(TextProblem::Control { character: '\0', at: 1 })
/// );
/// assert!(check_text("title\non two lines", TextKind::Free).is_ok());
/// assert!(check_text("A\nB", TextKind::Id).is_err());
/// let long = "x".repeat(5000);
/// assert!(matches!(check_text(&long, TextKind::Id), Err(TextProblem::TooLong { .. })));
/// ```
pub fn check_text(text: &str, kind: TextKind) -> Result<(), TextProblem> {
    let limit = match kind {
        TextKind::Id | TextKind::Name => MAX_ID_BYTES,
        TextKind::Free => MAX_TEXT_BYTES,
    };
    if text.len() > limit {
        return Err(TextProblem::TooLong {
            bytes: text.len(),
            limit,
        });
    }
    let allowed = |c: char| match kind {
        TextKind::Id => false,
        TextKind::Name => matches!(c, '\t' | '\n' | '\r'),
        TextKind::Free => c != '\0',
    };
    match text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !allowed(c))
    {
        Some((at, character)) => Err(TextProblem::Control { character, at }),
        None => Ok(()),
    }
}

/// Whether `text` is written as a UN document symbol: segments joined by `/` (at least two),
/// the first opening with a capital letter, each made of ASCII letters and digits with `.` or
/// `-` only between two of them (`A/C.1/77/L.56`, `A/RES/ES-11/3`, `S/PV.3756`), optionally
/// followed by a year in brackets (`S/RES/2448 (2018)`).
///
/// # Complexity
///
/// O(length of `text`).
///
/// # Examples
///
/// ```
/// use votebloc::model::is_document_symbol;
/// assert!(is_document_symbol("A/RES/ES-11/3"));
/// assert!(is_document_symbol("S/RES/2448 (2018)"));
/// assert!(!is_document_symbol("A/RES/ES-11/-1"));
/// assert!(!is_document_symbol("A//RES/1"));
/// assert!(!is_document_symbol("RES 1"));
/// ```
pub fn is_document_symbol(text: &str) -> bool {
    let symbol = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((symbol, year)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            symbol.trim_end()
        }
        _ => text,
    };
    let segment = |segment: &str| {
        let bytes = segment.as_bytes();
        !bytes.is_empty()
            && bytes.iter().enumerate().all(|(at, &b)| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b'.' | b'-')
                        && at > 0
                        && bytes[at - 1].is_ascii_alphanumeric()
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)
            })
    };
    symbol.starts_with(|c: char| c.is_ascii_uppercase())
        && symbol.contains('/')
        && symbol.split('/').all(segment)
}

/// `text` quoted for a message: whole when it has at most [`EXCERPT_CHARS`] characters,
/// otherwise its start, an ellipsis and its length in bytes, so that a message never copies a
/// field of megabytes.
///
/// # Complexity
///
/// O([`EXCERPT_CHARS`]).
///
/// # Examples
///
/// ```
/// use votebloc::model::excerpt;
/// assert_eq!(excerpt("Frnace"), "\"Frnace\"");
/// let long = "A".repeat(3_000_000);
/// assert_eq!(excerpt(&long), format!("\"{}…\" (3000000 bytes)", "A".repeat(79)));
/// ```
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => format!("{text:?}"),
        Some(_) => {
            let end = text
                .char_indices()
                .nth(EXCERPT_CHARS - 1)
                .map_or(text.len(), |(at, _)| at);
            let start = format!("{:?}", &text[..end]);
            format!(
                "{}…\" ({} bytes)",
                start.strip_suffix('"').unwrap_or(&start),
                text.len()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_refuse_controls_and_length_free_text_allows_line_ends() {
        assert_eq!(
            check_text("ab\tc", TextKind::Id),
            Err(TextProblem::Control {
                character: '\t',
                at: 2
            })
        );
        assert!(check_text("ab\tc", TextKind::Free).is_ok());
        assert!(check_text("ab\nc", TextKind::Name).is_ok());
        assert!(check_text(&"n".repeat(MAX_ID_BYTES + 1), TextKind::Name).is_err());
        assert_eq!(
            check_text("a\u{7f}", TextKind::Name),
            Err(TextProblem::Control {
                character: '\u{7f}',
                at: 1
            })
        );
        assert!(check_text("page\u{8}break", TextKind::Free).is_ok());
        assert_eq!(
            check_text("a\0", TextKind::Free),
            Err(TextProblem::Control {
                character: '\0',
                at: 1
            })
        );
        assert!(check_text(&"é".repeat(MAX_ID_BYTES / 2), TextKind::Id).is_ok());
        assert_eq!(
            check_text(&"é".repeat(MAX_ID_BYTES / 2 + 1), TextKind::Id),
            Err(TextProblem::TooLong {
                bytes: MAX_ID_BYTES + 2,
                limit: MAX_ID_BYTES
            })
        );
        let problem = check_text("\0", TextKind::Id).unwrap_err().to_string();
        assert_eq!(
            problem,
            "holds the control character U+0000 at byte 0 (expected printable text)"
        );
    }

    #[test]
    fn excerpts_cut_at_a_char_boundary_and_escape() {
        assert_eq!(excerpt(&"é".repeat(80)), format!("{:?}", "é".repeat(80)));
        let cut = excerpt(&"é".repeat(81));
        assert_eq!(cut, format!("\"{}…\" (162 bytes)", "é".repeat(79)));
        assert_eq!(excerpt("a\"b\0"), "\"a\\\"b\\0\"");
    }
}
