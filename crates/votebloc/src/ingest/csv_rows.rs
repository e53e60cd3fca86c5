//! CSV plumbing shared by the data-set readers (unvotes, Voeten, UN Digital Library, Voteview):
//! the reader settings, the header with its required columns, a row with positioned errors, and
//! the record loop over [`Records`].

use super::IngestError;
use super::records::{Record, Records};
use crate::model::{countries, excerpt};
use std::fmt::Display;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A CSV reader for the data sets: header row, strict field counts; `Row::field` trims the
/// fields actually read.
pub(crate) fn csv_reader<R: Read>(path: &Path, input: R) -> Records<R> {
    Records::new(path, input)
}

/// The header of a CSV: column names folded to lower case, a byte-order mark removed.
pub(crate) struct Header {
    path: PathBuf,
    names: Vec<String>,
}

impl Header {
    /// Reads the header row of `reader`.
    ///
    /// # Errors
    ///
    /// An empty input, not UTF-8 (with the line).
    pub(crate) fn read<R: Read>(
        path: &Path,
        reader: &mut Records<R>,
    ) -> Result<Header, IngestError> {
        let names = match reader.next_record()? {
            Some(record) => record
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
                .collect(),
            None => Vec::new(),
        };
        Ok(Header {
            path: path.to_path_buf(),
            names,
        })
    }

    /// Position of a column, if present.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Position of a required column; its absence is an error naming the header.
    pub(crate) fn require(&self, name: &str) -> Result<usize, IngestError> {
        self.find(name).ok_or_else(|| IngestError::MissingColumn {
            path: self.path.clone(),
            line: 1,
            column: name.to_string(),
            header: self.names.join(","),
        })
    }
}

/// One data row being read, with what error messages need.
pub(crate) struct Row<'a> {
    pub(crate) path: &'a Path,
    /// 1-based line the record starts on.
    pub(crate) line: usize,
    record: Record<'a>,
}

impl Row<'_> {
    /// The (trimmed) field in `column`; empty when the column is absent.
    #[inline]
    pub(crate) fn field(&self, column: usize) -> &str {
        let field = self.record.get(column).unwrap_or("");
        // Most fields have nothing to trim: two byte tests instead of a Unicode scan.
        match (field.as_bytes().first(), field.as_bytes().last()) {
            (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => {
                field
            }
            _ => field.trim(),
        }
    }

    /// The field of an optional column, `None` when the column is absent or the field empty.
    pub(crate) fn optional(&self, column: Option<usize>) -> Option<&str> {
        column.map(|c| self.field(c)).filter(|f| !f.is_empty())
    }

    /// Number of fields of the row.
    pub(crate) fn len(&self) -> usize {
        self.record.len()
    }

    /// The first column whose field contains `needle`.
    pub(crate) fn column_containing(&self, needle: char) -> Option<usize> {
        self.record.iter().position(|f| f.contains(needle))
    }

    /// The line as stored in vote records.
    pub(crate) fn line_u32(&self) -> u32 {
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }

    /// A parse error at `column` (0-based) of this row, quoting at most the start of what was
    /// `found` ([`excerpt`]).
    pub(crate) fn error(&self, column: usize, expected: &str, found: &str) -> IngestError {
        IngestError::Parse {
            path: self.path.to_path_buf(),
            line: self.line,
            column: column + 1,
            expected: expected.to_string(),
            found: excerpt(found),
        }
    }

    /// Refuses the vote code `read` from `column` when the end of the file may have cut it
    /// short: the row is the last of a file that ends without a line end, the code is its
    /// last field, unquoted, and a longer spelling of the format (among `spellings`, those
    /// whose vote the format `accepts`) starts with it and means another vote (`absent` cut to
    /// `a` reads as abstain, UNDL's `Non-Voting` cut to `N` as no).
    ///
    /// # Errors
    ///
    /// [`IngestError::Parse`] at the code, naming the longer spelling.
    #[inline]
    pub(crate) fn refuse_cut_code<V: PartialEq + Copy + Display>(
        &self,
        column: usize,
        read: V,
        spellings: &[(&str, V)],
        accepts: impl Fn(V) -> bool,
    ) -> Result<(), IngestError> {
        if !self.record.cut() || column + 1 != self.record.len() {
            return Ok(());
        }
        let text = self.field(column);
        // The first longer spelling of each other vote.
        let mut longer: Vec<(&str, V)> = Vec::new();
        for &(spelling, vote) in spellings {
            if vote != read
                && accepts(vote)
                && !longer.iter().any(|&(_, seen)| seen == vote)
                && spelling.len() > text.len()
                && spelling.is_char_boundary(text.len())
                && spelling[..text.len()].eq_ignore_ascii_case(text)
            {
                longer.push((spelling, vote));
            }
        }
        if longer.is_empty() {
            return Ok(());
        }
        let longer: Vec<String> = longer
            .iter()
            .map(|(spelling, vote)| format!("{spelling:?} ({vote})"))
            .collect();
        Err(IngestError::Parse {
            path: self.path.to_path_buf(),
            line: self.line,
            column: column + 1,
            expected: "a whole vote code".to_string(),
            found: format!(
                "{} at the very end of the file, with no line end after it: it may be {} cut \
                 short, not {read}",
                excerpt(text),
                longer.join(", ")
            ),
        })
    }

    /// An unknown member error for this row, with the closest known state names.
    pub(crate) fn unknown(&self, what: &str, name: &str) -> IngestError {
        IngestError::UnknownMember {
            path: self.path.to_path_buf(),
            line: self.line,
            what: what.to_string(),
            name: name.to_string(),
            suggestions: countries::suggest(name, 3)
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }

    /// Parses the field in `column`, a whole number written in digits only (no sign: `+3` is
    /// not a roll-call id), or fails naming what was `expected`.
    pub(crate) fn parse<T: FromStr>(
        &self,
        column: usize,
        expected: &str,
    ) -> Result<T, IngestError> {
        let text = self.field(column);
        let parsed = match text.as_bytes().first() {
            Some(b'0'..=b'9') => text.parse().ok(),
            _ => None,
        };
        parsed.ok_or_else(|| self.error(column, expected, text))
    }

    /// A 0/1 flag (also `0.0`/`1.0`, as some exports write them); `None` when empty.
    pub(crate) fn flag(&self, column: Option<usize>) -> Result<Option<bool>, IngestError> {
        let Some(column) = column else {
            return Ok(None);
        };
        match self.field(column) {
            "" | "NA" => Ok(None),
            "0" | "0.0" => Ok(Some(false)),
            "1" | "1.0" => Ok(Some(true)),
            other => Err(self.error(column, "a flag (0 or 1)", other)),
        }
    }
}

/// Calls `f` on every data row of `reader` (the input is streamed, never loaded whole). A CSV
/// error (wrong number of fields, bad UTF-8) stops the read with its line.
pub(crate) fn each_row<R: Read>(
    path: &Path,
    reader: &mut Records<R>,
    mut f: impl FnMut(&Row<'_>) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    while let Some(record) = reader.next_record()? {
        f(&Row {
            path,
            line: record.line(),
            record,
        })?;
    }
    Ok(())
}

/// Whether two short texts are equal, compared inline: a row's fields are checked against the
/// previous row's (same roll call? same state?) on every row, and the library `memcmp` that
/// `==` calls costs more than the comparison itself for texts of a few bytes.
#[inline(always)]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let word = |bytes: &[u8], at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_ne_bytes(word)
    };
    let n = a.len();
    if n < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < n {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last eight bytes, overlapping the words before when `n` is not a multiple of 8.
    word(a, n - 8) == word(b, n - 8)
}

/// A date as `YYYY-MM-DD` from `YYYY-MM-DD` or the `M/D/YYYY` of Voeten's tables; `None` when
/// the text is neither (or names no possible month and day).
pub(crate) fn iso_date(text: &str) -> Option<String> {
    let (year, month, day) = if let Some((m, rest)) = text.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        (y, m, d)
    } else {
        let mut parts = text.splitn(3, '-');
        (parts.next()?, parts.next()?, parts.next()?)
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(year, 4, 4) || !digits(month, 1, 2) || !digits(day, 1, 2) {
        return None;
    }
    let (m, d): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{year}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_is_equality() {
        let texts = [
            "",
            "a",
            "ab",
            "abc",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "bbcdefghi",
            "United States",
            "United Kingdom",
            "United Statez",
            "é",
            "e",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(iso_date("1/2/1946").as_deref(), Some("1946-01-02"));
        assert_eq!(iso_date("1946-01-02").as_deref(), Some("1946-01-02"));
        assert_eq!(iso_date("13/2/1946"), None);
        assert_eq!(iso_date("1946-1"), None);
        assert_eq!(iso_date("46-01-02"), None);
    }
}
