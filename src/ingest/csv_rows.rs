//! CSV plumbing shared by the data-set readers (unvotes, Voeten, UN Digital Library, Voteview):
//! the reader settings, the header with its required columns, a row with positioned errors, and
//! the record loop that reuses one buffer.

use super::IngestError;
use crate::model::countries;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A CSV reader for the data sets: header row, strict field counts, fields trimmed.
pub(crate) fn csv_reader<R: Read>(input: R) -> csv::Reader<R> {
    // No `Trim::All`: it rebuilds every record; `Row::field` trims the fields actually read.
    csv::ReaderBuilder::new().flexible(false).from_reader(input)
}

/// The header of a CSV: column names folded to lower case, a byte-order mark removed.
pub(crate) struct Header {
    path: PathBuf,
    names: Vec<String>,
}

impl Header {
    /// Reads the header row of `reader`. Errors: malformed CSV or not UTF-8, with the line.
    pub(crate) fn read<R: Read>(
        path: &Path,
        reader: &mut csv::Reader<R>,
    ) -> Result<Header, IngestError> {
        let names = reader
            .headers()
            .map_err(|e| IngestError::from_csv(path, e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
            .collect();
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
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The (trimmed) field in `column`; empty when the column is absent.
    pub(crate) fn field(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or("").trim()
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

    /// A parse error at `column` (0-based) of this row.
    pub(crate) fn error(&self, column: usize, expected: &str, found: &str) -> IngestError {
        IngestError::Parse {
            path: self.path.to_path_buf(),
            line: self.line,
            column: column + 1,
            expected: expected.to_string(),
            found: format!("{found:?}"),
        }
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

    /// Parses the field in `column`, or fails naming what was `expected`.
    pub(crate) fn parse<T: FromStr>(
        &self,
        column: usize,
        expected: &str,
    ) -> Result<T, IngestError> {
        let text = self.field(column);
        text.parse().map_err(|_| self.error(column, expected, text))
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

/// Calls `f` on every data row of `reader`, reusing one record buffer (the input is streamed,
/// never loaded whole). A CSV error (wrong number of fields, broken quoting, bad UTF-8) stops
/// the read with its line.
pub(crate) fn each_row<R: Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
    mut f: impl FnMut(&Row<'_>) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(IngestError::from_csv(path, e)),
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        f(&Row {
            path,
            line,
            record: &record,
        })?;
    }
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
    fn dates_are_checked() {
        assert_eq!(iso_date("1/2/1946").as_deref(), Some("1946-01-02"));
        assert_eq!(iso_date("1946-01-02").as_deref(), Some("1946-01-02"));
        assert_eq!(iso_date("13/2/1946"), None);
        assert_eq!(iso_date("1946-1"), None);
        assert_eq!(iso_date("46-01-02"), None);
    }
}
