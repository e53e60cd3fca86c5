//! Opening inputs: transparent gzip, UTF-8 validation with positions, BOM removal.

use super::IngestError;
use super::progress::{Counted, Progress};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Opens `path` for reading, decompressing it when its name ends in `.gz`.
pub fn open(path: &Path) -> Result<Box<dyn Read>, IngestError> {
    open_with_progress(path, None)
}

/// As [`open`], advancing `progress` by the bytes read from the file (its length set to the
/// file's size).
pub fn open_with_progress<'a>(
    path: &Path,
    progress: Option<&'a dyn Progress>,
) -> Result<Box<dyn Read + 'a>, IngestError> {
    let file = File::open(path).map_err(|source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: Box<dyn Read + 'a> = match progress {
        Some(progress) => {
            let total = file.metadata().map_or(0, |metadata| metadata.len());
            progress.start(path, total, 0);
            Box::new(Counted::new(file, progress))
        }
        None => Box::new(file),
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
/// file.
pub fn read_text(path: &Path) -> Result<String, IngestError> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    decode_text(path, bytes)
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

/// 1-based line and column (in characters) of byte offset `at`.
fn position_of(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The first bytes of an input (decompressed), for format detection.
pub fn peek(path: &Path, limit: usize) -> Result<Vec<u8>, IngestError> {
    let mut head = Vec::with_capacity(limit);
    open(path)?
        .take(limit as u64)
        .read_to_end(&mut head)
        .map_err(|source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(head)
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
