//! Opening inputs: standard input (`-`) and pipes, transparent gzip, UTF-8 validation with
//! positions, BOM removal, the size limits of text read whole.
//!
//! Format detection reads the start of an input ([`peek`]), then the reader opens it again.
//! A pipe cannot be read twice: the bytes [`peek`] took from a stream (`-`, a pipe, a
//! terminal, a socket) are kept and given back, in front of the rest, by the next [`open`] of
//! the same path, so that detection works on `cat votes.csv | votebloc ingest -`.

use super::IngestError;
use super::progress::{Counted, Progress};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Longest line of a text input (a UN record), in bytes: a line of a real record is a few
/// hundred bytes, a paragraph extracted on one line a few thousand.
pub const MAX_TEXT_LINE_BYTES: usize = 4 << 20;

/// Largest text input (a UN record) read whole, in bytes: the parser holds several copies of
/// the text (plain and folded, a char each); a record of hundreds of pages is a few MB.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// A stream [`peek`] read from, kept open (closing a named pipe's only reader would fail its
/// writer): the bytes read, and the stream to read the rest from.
type Peeked = (Vec<u8>, Box<dyn Read + Send>);

/// The streams [`peek`] read from, by path, until [`open`] gives them back.
static PEEKED: Mutex<Vec<(PathBuf, Peeked)>> = Mutex::new(Vec::new());

/// True for standard input: the path `-`.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// True when `path` is read as a stream, not as a file that can be opened again and sought:
/// `-` (standard input), a pipe, a terminal, a socket.
pub(crate) fn is_stream(path: &Path) -> bool {
    is_stdin(path) || std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file())
}

/// The stream [`peek`] kept for `path`, taken out.
fn take_peeked(path: &Path) -> Option<Peeked> {
    let mut peeked = PEEKED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let at = peeked.iter().position(|(p, _)| p == path)?;
    Some(peeked.swap_remove(at).1)
}

/// `path` opened as it is stored: standard input for `-`, the file otherwise.
fn open_stored(path: &Path) -> Result<Box<dyn Read + Send>, IngestError> {
    if is_stdin(path) {
        return Ok(Box::new(std::io::stdin()));
    }
    match File::open(path) {
        Ok(file) => Ok(Box::new(file)),
        Err(source) => Err(IngestError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// `path` opened as it is stored, the bytes [`peek`] took from it first.
fn open_raw(path: &Path) -> Result<Box<dyn Read + Send>, IngestError> {
    match take_peeked(path) {
        Some((bytes, rest)) => Ok(Box::new(std::io::Cursor::new(bytes).chain(rest))),
        None => open_stored(path),
    }
}

/// Opens `path` for reading (`-`: standard input), decompressing it when its name ends in
/// `.gz`.
///
/// # Errors
///
/// [`IngestError::Io`] when the file cannot be opened.
pub fn open(path: &Path) -> Result<Box<dyn Read>, IngestError> {
    open_with_progress(path, None)
}

/// As [`open`], advancing `progress` by the bytes read from the file (its length set to the
/// file's size, 0 for a stream).
///
/// # Errors
///
/// [`IngestError::Io`] when the file cannot be opened.
pub fn open_with_progress<'a>(
    path: &Path,
    progress: Option<&'a dyn Progress>,
) -> Result<Box<dyn Read + 'a>, IngestError> {
    let file = open_raw(path)?;
    let file: Box<dyn Read + 'a> = match progress {
        Some(progress) => {
            let total = if is_stream(path) {
                0
            } else {
                std::fs::metadata(path).map_or(0, |metadata| metadata.len())
            };
            progress.start(path, total, 0);
            Box::new(Counted::new(file, progress))
        }
        None => file,
    };
    let reader = BufReader::with_capacity(1 << 16, file);
    if is_gzip(path) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}

pub(crate) fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Reads a whole input as text: gunzipped if needed, a leading UTF-8 BOM removed, CRLF and CR line
/// ends turned into LF.
///
/// # Errors
///
/// Text that is not UTF-8 (the error names the line and column of its first such byte); an empty
/// file; a line longer than [`MAX_TEXT_LINE_BYTES`] (naming the line and its length, measured
/// by reading on to its end without keeping it) or a text longer than [`MAX_TEXT_BYTES`]
/// (naming the line where it goes over), refused before either is held whole.
///
/// # Complexity
///
/// O(length) time; memory O(length) up to [`MAX_TEXT_BYTES`].
pub fn read_text(path: &Path) -> Result<String, IngestError> {
    let bytes = read_limited(path, open(path)?, MAX_TEXT_LINE_BYTES, MAX_TEXT_BYTES)?;
    decode_text(path, bytes)
}

/// The bytes of `input` (read from `path`), refused at the first line over `max_line` bytes
/// or once the whole goes over `max_total` bytes. Lines end at `\n` or at a `\r` alone, as
/// [`decode_text`] counts them.
fn read_limited(
    path: &Path,
    mut input: impl Read,
    max_line: usize,
    max_total: usize,
) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let too_long = |line: usize, length: u64| IngestError::TooLong {
        path: path.to_path_buf(),
        line,
        what: format!("line {line} is {length} bytes long"),
        limit: format!("a line of text may hold at most {max_line} bytes"),
    };
    let mut bytes: Vec<u8> = Vec::new();
    let mut block = vec![0u8; 1 << 16];
    // The line being read (1-based) and where it starts in `bytes`.
    let (mut line, mut line_start) = (1usize, 0usize);
    loop {
        let read = match input.read(&mut block) {
            Ok(0) => return Ok(bytes),
            Ok(read) => read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(io(err)),
        };
        let from = bytes.len();
        bytes.extend_from_slice(&block[..read]);
        for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[from..]) {
            let at = from + at;
            // The `\n` of a `\r\n` ends nothing: the `\r` ended the line.
            if bytes[at] == b'\r' || at == 0 || bytes[at - 1] != b'\r' {
                if at - line_start > max_line {
                    return Err(too_long(line, (at - line_start) as u64));
                }
                line += 1;
            }
            line_start = at + 1;
        }
        let length = bytes.len() - line_start;
        if length > max_line {
            // Measured to its end, nothing more kept.
            let mut length = length as u64;
            loop {
                let read = match input.read(&mut block) {
                    Ok(0) => break,
                    Ok(read) => read,
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(err) => return Err(io(err)),
                };
                match memchr::memchr2(b'\n', b'\r', &block[..read]) {
                    Some(end) => {
                        length += end as u64;
                        break;
                    }
                    None => length += read as u64,
                }
            }
            return Err(too_long(line, length));
        }
        if bytes.len() > max_total {
            return Err(IngestError::TooLong {
                path: path.to_path_buf(),
                line,
                what: format!("the text runs over {max_total} bytes by line {line}"),
                limit: format!(
                    "a text record may hold at most {max_total} bytes (split it into several \
                     files)"
                ),
            });
        }
    }
}

/// The decoding half of [`read_text`], for bytes already in memory.
pub fn decode_text(path: &Path, mut bytes: Vec<u8>) -> Result<String, IngestError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(&bytes, nul);
        return Err(IngestError::Encoding {
            path: path.to_path_buf(),
            line,
            column,
            detail: "NUL byte: binary data".to_string(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let (line, column) = position_of(bytes, at);
        IngestError::Encoding {
            path: path.to_path_buf(),
            line,
            column,
            detail: format!("byte 0x{:02X}", bytes[at]),
        }
    })?;
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text)
    }
}

/// 1-based line and column (in characters) of byte offset `at`; lines end at `\n`, `\r\n` or
/// a `\r` alone.
pub(crate) fn position_of(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = memchr::memchr2_iter(b'\n', b'\r', before)
        .filter(|&i| before[i] == b'\r' || i == 0 || before[i - 1] != b'\r')
        .count()
        + 1;
    let line_start = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The first `limit` bytes of an input (decompressed), for format detection. From a stream
/// (`-`, a pipe), the bytes read are kept for the next [`open`] of `path`, which reads them
/// first.
///
/// # Errors
///
/// [`IngestError::Io`] when the input cannot be opened or read.
pub fn peek(path: &Path, limit: usize) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !is_stream(path) {
        let mut head = Vec::with_capacity(limit);
        open(path)?
            .take(limit as u64)
            .read_to_end(&mut head)
            .map_err(io)?;
        return Ok(head);
    }
    // The raw bytes are kept (decompressed by whoever opens the stream), read on from what
    // an earlier peek kept.
    let (mut raw, mut stream) = match take_peeked(path) {
        Some(peeked) => peeked,
        None => (Vec::new(), open_stored(path)?),
    };
    let mut failed = None;
    let mut block = vec![0u8; 1 << 16];
    while raw.len() < limit {
        let wanted = (limit - raw.len()).min(block.len());
        match stream.read(&mut block[..wanted]) {
            Ok(0) => break,
            Ok(read) => raw.extend_from_slice(&block[..read]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => {
                failed = Some(err);
                break;
            }
        }
    }
    let mut head = Vec::with_capacity(limit);
    if is_gzip(path) {
        // A gzip stream cut where the peek stops: only what follows it is wrong.
        let _ = MultiGzDecoder::new(&raw[..])
            .take(limit as u64)
            .read_to_end(&mut head);
    } else {
        head.extend_from_slice(&raw);
    }
    PEEKED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push((path.to_path_buf(), (raw, stream)));
    match failed {
        Some(err) => Err(io(err)),
        None => Ok(head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_removed() {
        let text = decode_text(Path::new("x"), b"\xEF\xBB\xBFa\r\nb\rc".to_vec()).unwrap();
        assert_eq!(text, "a\nb\nc");
    }

    #[test]
    fn positions_count_every_kind_of_line_end() {
        assert_eq!(position_of(b"a\nb\r\nc\rdX", 8), (4, 2));
        assert_eq!(position_of(b"ab\r\n", 3), (2, 1));
        let err = decode_text(Path::new("f.txt"), b"ok\rab\xFFc".to_vec()).unwrap_err();
        assert!(err.to_string().starts_with("f.txt:2:3:"), "{err}");
    }

    #[test]
    fn long_lines_and_long_texts_are_refused_with_their_line() {
        let text = b"one\r\ntwo\rthree is long\nfour";
        let err = read_limited(Path::new("t.txt"), &text[..], 8, 100).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.txt:3: line 3 is 13 bytes long; a line of text may hold at most 8 bytes"
        );
        // Fed a byte at a time, and when the line runs to the end of the input.
        let err = read_limited(Path::new("t.txt"), OneByte(&text[..]), 8, 100).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.txt:3: line 3 is 13 bytes long")
        );
        let err = read_limited(Path::new("t.txt"), &b"ok\nabcdefghijkl"[..], 8, 100).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.txt:2: line 2 is 12 bytes long")
        );
        let err = read_limited(Path::new("t.txt"), &text[..], 20, 10).unwrap_err();
        assert!(err.to_string().starts_with("t.txt:"), "{err}");
        assert!(err.to_string().contains("runs over 10 bytes"), "{err}");
        assert_eq!(
            read_limited(Path::new("t.txt"), OneByte(&text[..]), 13, 100).unwrap(),
            text
        );
    }

    /// A reader that gives one byte at a time.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&byte, rest)), Some(slot)) => {
                    *slot = byte;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode_text(Path::new("f.txt"), b"ok\nab\xFFc".to_vec()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("f.txt:2:3:"), "{text}");
        assert!(text.contains("0xFF"), "{text}");
    }

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert!(matches!(
            decode_text(Path::new("e"), b" \n\n".to_vec()),
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            decode_text(Path::new("b"), vec![0x7f, 0x45, 0x4c, 0x46, 0, 1]),
            Err(IngestError::Encoding { .. })
        ));
    }
}
