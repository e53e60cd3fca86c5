//! CSV records without an allocation or a copy per field: the tokeniser behind every data-set
//! reader.
//!
//! It reads the input in large blocks and hands out each record as a view into the block: the
//! record's text and the byte ranges of its fields. A record with no quote and no stray
//! carriage return (every record of the UNGA data sets but a few side-table rows) is found with
//! one search for the line end and one pass over the line; only a record with a quote is
//! parsed byte by byte and unescaped into a scratch buffer.
//!
//! The dialect is the `csv` crate's default, which the readers used before and which the
//! differential test below checks record for record: `,` between fields, `"` quotes with `""`
//! for a quote inside, `\n`, `\r` or `\r\n` ending a record (and counted as one line end, so
//! that a file with CR-only line ends names the same lines as its LF twin), blank lines
//! skipped, a quote inside an unquoted field taken literally, text after a closing quote
//! appended to the field, every record as many fields as the first (RFC 4180, section 2).
//!
//! Two departures from the `csv` crate, both refusals of input it reads without a word: a
//! quote never closed is an error at the line and field where it opens (the crate ends the
//! field at the end of the input, so that one stray `"` in an optional last column swallows
//! every record after it), and a record longer than [`MAX_RECORD_BYTES`] is an error at its
//! line (the crate holds it whole, however long).

use super::IngestError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes asked of the input at a time; a record longer than the block grows the block.
const BLOCK: usize = 1 << 20;

/// Longest record read, in bytes: far above any real vote row or side-table row (the longest
/// record of the UNGA data sets is a roll-call description of 1.5 KB), and small enough that
/// a broken input (a field of gigabytes, a quote never closed) costs little memory before it
/// is refused.
pub(crate) const MAX_RECORD_BYTES: usize = 16 << 20;

/// Reads CSV records from `input`, one at a time, reusing its buffers.
pub(crate) struct Records<R> {
    path: PathBuf,
    input: R,
    /// Unread input is `buffer[start..end]`.
    buffer: Vec<u8>,
    /// Bytes of the input that came before `buffer[0]`.
    consumed_before_buffer: u64,
    start: usize,
    end: usize,
    eof: bool,
    /// Line (1-based) of `buffer[start]`.
    line: usize,
    /// Unescaped text of the current record when it has quotes.
    scratch: Vec<u8>,
    /// Field ranges of the current record, into its text.
    fields: Vec<(u32, u32)>,
    /// Index in `buffer` of the next quote or carriage return at or after the last search,
    /// or the end of the buffered input when there is none; `None` after a refill.
    special: Option<usize>,
    /// Number of fields of the first record, which every later one must have.
    expected_fields: Option<usize>,
    first: bool,
    /// The current record ends the input without a line end after it, its last field
    /// unquoted: the input may have been cut inside that field.
    cut: bool,
}

/// One record: its text, the ranges of its fields in it, and the line it starts on.
pub(crate) struct Record<'a> {
    text: &'a str,
    fields: &'a [(u32, u32)],
    line: usize,
    cut: bool,
}

impl<'a> Record<'a> {
    /// The field at `index` (0-based), untrimmed; `None` past the last field.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<&'a str> {
        let &(start, end) = self.fields.get(index)?;
        self.text.get(start as usize..end as usize)
    }

    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// The fields in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.fields.len()).filter_map(|index| self.get(index))
    }

    /// 1-based line the record starts on.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// True when the record ends the input with no line end after it and its last field is
    /// not quoted: a file cut short may have cut that field.
    pub(crate) fn cut(&self) -> bool {
        self.cut
    }
}

/// `byte` in each of the eight bytes of a word.
const fn repeat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each byte of `word` that is zero, and no other bit (exact, unlike the
/// classic `(w − 0x01…) & !w & 0x80…`, which can mark a byte after a zero byte).
#[inline]
const fn zero_bytes(word: u64) -> u64 {
    const LOW_SEVEN: u64 = repeat(0x7F);
    !(((word & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | word | LOW_SEVEN)
}

/// Where the current record's text lives.
enum Text {
    /// `buffer[start..end]` of the block.
    Block(usize, usize),
    Scratch,
}

impl<R: Read> Records<R> {
    /// Records of `input`, read from `path` (named in errors). A UTF-8 byte-order mark before
    /// the first record is dropped.
    pub(crate) fn new(path: &Path, input: R) -> Records<R> {
        Records {
            path: path.to_path_buf(),
            input,
            buffer: vec![0; BLOCK],
            consumed_before_buffer: 0,
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            scratch: Vec::new(),
            fields: Vec::new(),
            special: None,
            expected_fields: None,
            first: true,
            cut: false,
        }
    }

    /// Records of `input`, a part of a CSV that starts at a record boundary after the header:
    /// no byte-order mark is looked for, every record must have `expected_fields` fields, and
    /// the part starts on line `first_line`.
    pub(crate) fn continuing(
        path: &Path,
        input: R,
        expected_fields: usize,
        first_line: usize,
    ) -> Records<R> {
        let mut records = Records::new(path, input);
        records.first = false;
        records.expected_fields = Some(expected_fields);
        records.line = first_line;
        records
    }

    /// Number of fields of the first record (the header), once read.
    pub(crate) fn expected_fields(&self) -> Option<usize> {
        self.expected_fields
    }

    /// The line the next record would start on (line ends inside quoted fields and blank
    /// lines counted).
    pub(crate) fn next_line(&self) -> usize {
        self.line
    }

    /// Bytes of the input consumed so far (through the last record returned).
    pub(crate) fn bytes_consumed(&self) -> u64 {
        self.consumed_before_buffer + self.start as u64
    }

    /// The next record, `None` at the end of the input.
    ///
    /// # Errors
    ///
    /// The input cannot be read; a record whose number of fields differs from the first record's
    /// (with both counts); text that is not UTF-8 (with the field); a record longer than
    /// [`MAX_RECORD_BYTES`]. Each names the file and the line the record starts on. A quote
    /// never closed names the line and the field where it opens.
    ///
    /// # Complexity
    ///
    /// O(record length), amortised.
    pub(crate) fn next_record(&mut self) -> Result<Option<Record<'_>>, IngestError> {
        if self.first {
            self.first = false;
            self.fill_at_least(3)?;
            if self.buffer[self.start..self.end].starts_with(&[0xEF, 0xBB, 0xBF]) {
                self.start += 3;
            }
        }
        if !self.skip_blank_lines()? {
            return Ok(None);
        }
        let line = self.line;
        self.cut = false;
        let (text, ascii) = match self.fast_record()? {
            Some(found) => found,
            None => (self.quoted_record()?, false),
        };
        self.check_field_count(line)?;
        let (bytes, scratch) = match text {
            Text::Block(from, to) => (&self.buffer[from..to], false),
            Text::Scratch => (&self.scratch[..], true),
        };
        // As the `csv` crate checks: field by field, so that a character cut in two by a
        // field boundary (possible once quotes are removed) is an error too.
        let whole = if ascii {
            // SAFETY: `ascii` is true only from `fast_record`, whose text is
            // `buffer[start..start + content_end]` as it stood when the record was found (the
            // buffer is not written again before the next call). `fast_record` ORs into
            // `high_bits` every byte from `start` up to the line end (whole words, which may
            // reach past it, and then single bytes), or to the end of the buffered input, and
            // `content_end` is at most that line end; `ascii` is `high_bits` having no byte
            // with its high bit set. So every byte of `bytes` is below 0x80: ASCII, and ASCII
            // is UTF-8. (Kept for its measured gain over the checked conversion: BENCHMARKS.md,
            // "Input checks of issue 17".)
            Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
        } else {
            std::str::from_utf8(bytes)
        };
        let bad_field = match whole {
            Ok(_) if !scratch || bytes.is_ascii() => None,
            _ => self.fields.iter().position(|&(from, to)| {
                std::str::from_utf8(&bytes[from as usize..to as usize]).is_err()
            }),
        };
        let text = match (whole, bad_field) {
            (Ok(text), None) => text,
            (_, field) => {
                let field = field.unwrap_or(0);
                return Err(IngestError::Encoding {
                    path: self.path.clone(),
                    line,
                    column: field + 1,
                    detail: format!("invalid UTF-8 in field {}", field + 1),
                });
            }
        };
        Ok(Some(Record {
            text,
            fields: &self.fields,
            line,
            cut: self.cut,
        }))
    }

    /// Skips the blank lines (and the `\n` of a `\r\n`) before the next record, counting
    /// them. Returns false at the end of the input.
    fn skip_blank_lines(&mut self) -> Result<bool, IngestError> {
        loop {
            if self.start == self.end {
                if self.eof {
                    return Ok(false);
                }
                self.refill()?;
                continue;
            }
            match self.buffer[self.start] {
                b'\n' => {
                    self.line += 1;
                    self.start += 1;
                }
                b'\r' => {
                    if self.start + 1 == self.end && !self.eof {
                        // A `\n` may follow in the next block: one line end or two.
                        self.refill()?;
                        continue;
                    }
                    self.start += 1;
                    // A `\r` alone ends a line; before a `\n`, the `\n` counts it.
                    if self.start == self.end || self.buffer[self.start] != b'\n' {
                        self.line += 1;
                    }
                }
                _ => return Ok(true),
            }
        }
    }

    /// The first record sets the number of fields; every later one must have as many.
    fn check_field_count(&mut self, line: usize) -> Result<(), IngestError> {
        match self.expected_fields {
            None => self.expected_fields = Some(self.fields.len()),
            Some(expected) if expected != self.fields.len() => {
                return Err(IngestError::Csv {
                    path: self.path.clone(),
                    line,
                    message: format!("expected {expected} fields, found {}", self.fields.len()),
                });
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// The record at `start` when it is one line free of quotes and of carriage returns other
    /// than one before the line end: its fields split at the commas, the line consumed. `None`
    /// (nothing consumed) otherwise.
    ///
    /// Quotes and carriage returns are rare: one vectorised search (`memchr2`) finds the next
    /// one for many lines at once. Commas and line ends are found eight bytes at a time (SWAR:
    /// Lamport 1975, "Multiple byte processing with full-word instructions"), which also
    /// tells whether the line is ASCII and so needs no UTF-8 check. The search for the line
    /// end stops just after the next quote or carriage return (where a `\r\n` has its `\n`):
    /// in a file with CR-only line ends it would otherwise run over the whole input for each
    /// record.
    // Long for a reason: the hot loop of every CSV reader (its tuning: BENCHMARKS.md, "Input
    // checks of issue 17"). The SWAR scan, the tail bytes and the line end share the field
    // list, the positions and the ASCII check, which pieces would pass back and forth.
    fn fast_record(&mut self) -> Result<Option<(Text, bool)>, IngestError> {
        'record: loop {
            let buffered = &self.buffer[self.start..self.end];
            let special = match self.special {
                Some(at) if at >= self.start => at - self.start,
                _ => {
                    let at = memchr::memchr2(b'"', b'\r', buffered).unwrap_or(buffered.len());
                    self.special = Some(self.start + at);
                    at
                }
            };
            let input = &buffered[..buffered.len().min(special.saturating_add(2))];
            self.fields.clear();
            let mut field_start = 0u32;
            let mut position = 0usize;
            let mut line_end = None;
            let mut high_bits = 0u64;
            while let Some(chunk) = input.get(position..position + 8) {
                let mut word_bytes = [0u8; 8];
                word_bytes.copy_from_slice(chunk);
                let word = u64::from_le_bytes(word_bytes);
                high_bits |= word;
                let commas = zero_bytes(word ^ repeat(b','));
                let newlines = zero_bytes(word ^ repeat(b'\n'));
                let before_newline = if newlines == 0 {
                    u64::MAX
                } else {
                    // Every bit below the first line end's marker bit.
                    (newlines & newlines.wrapping_neg()) - 1
                };
                let mut found = commas & before_newline;
                while found != 0 {
                    let at = position + (found.trailing_zeros() / 8) as usize;
                    self.fields.push((field_start, at as u32));
                    field_start = at as u32 + 1;
                    found &= found - 1;
                }
                if newlines != 0 {
                    line_end = Some(position + (newlines.trailing_zeros() / 8) as usize);
                    break;
                }
                position += 8;
            }
            if line_end.is_none() {
                for (offset, &byte) in input[position..].iter().enumerate() {
                    let at = position + offset;
                    high_bits |= u64::from(byte);
                    match byte {
                        b',' => {
                            self.fields.push((field_start, at as u32));
                            field_start = at as u32 + 1;
                        }
                        b'\n' => {
                            line_end = Some(at);
                            break;
                        }
                        _ => {}
                    }
                }
            }
            let line_end = match line_end {
                Some(at) => at,
                // A quote or a carriage return before any line end: the byte-by-byte parser's.
                None if special < buffered.len() => return Ok(None),
                None if self.eof => {
                    self.cut = true;
                    input.len()
                }
                None => {
                    // The line runs past the buffered input: read more and scan it again.
                    self.refill()?;
                    continue 'record;
                }
            };
            let mut content_end = line_end;
            if special < line_end {
                // A quote or a carriage return in the line: only a `\r` right before the
                // line end is dealt with here, the rest by the byte-by-byte parser.
                if special + 1 == line_end && input[special] == b'\r' {
                    content_end = special;
                } else {
                    return Ok(None);
                }
            }
            self.fields.push((field_start, content_end as u32));
            let text = Text::Block(self.start, self.start + content_end);
            if line_end < input.len() {
                self.line += 1;
                self.start += line_end + 1;
            } else {
                self.start += line_end;
            }
            return Ok(Some((text, high_bits & repeat(0x80) == 0)));
        }
    }

    /// The record at `start`, parsed byte by byte (quotes, escaped quotes, line ends inside
    /// quotes) into the scratch buffer, and consumed.
    fn quoted_record(&mut self) -> Result<Text, IngestError> {
        loop {
            if let Some((consumed, newlines)) = self.parse_quoted()? {
                self.start += consumed;
                self.line += newlines;
                return Ok(Text::Scratch);
            }
            // The record runs past the buffered input: read more and parse it again.
            self.refill()?;
        }
    }

    /// Parses the record at `start` into `scratch` and `fields`. Returns the bytes it spans
    /// (its terminator included) and the line ends inside it, or `None` when the buffered
    /// input ends before the record does and more input may follow.
    ///
    /// # Errors
    ///
    /// The input ends inside a quoted field: the error names the line and the field where
    /// the quote opens.
    fn parse_quoted(&mut self) -> Result<Option<(usize, usize)>, IngestError> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            StartField,
            InField,
            InQuotes,
            /// A quote inside quotes: the closing one, or the first of a doubled pair.
            QuoteInQuotes,
        }
        let input = &self.buffer[self.start..self.end];
        self.scratch.clear();
        self.fields.clear();
        let mut state = State::StartField;
        let mut field_start = 0u32;
        let mut newlines = 0;
        // Line ends before the quote that opened the current quoted field.
        let mut quote_opened = 0;
        for (position, &byte) in input.iter().enumerate() {
            let terminator = byte == b'\n' || byte == b'\r';
            // A `\r` ends a line unless a `\n` follows (which then does).
            let line_end =
                byte == b'\n' || byte == b'\r' && input.get(position + 1) != Some(&b'\n');
            match state {
                State::StartField | State::InField | State::QuoteInQuotes
                    if byte == b',' || terminator =>
                {
                    if terminator && position + 1 == input.len() && byte == b'\r' && !self.eof {
                        // The `\n` of a `\r\n` may be in the next block.
                        return Ok(None);
                    }
                    self.fields.push((field_start, self.scratch.len() as u32));
                    field_start = self.scratch.len() as u32;
                    if terminator {
                        let consumed = if line_end { position + 1 } else { position + 2 };
                        return Ok(Some((consumed, newlines + 1)));
                    }
                    state = State::StartField;
                }
                State::StartField if byte == b'"' => {
                    quote_opened = newlines;
                    state = State::InQuotes;
                }
                State::StartField | State::InField => {
                    self.scratch.push(byte);
                    state = State::InField;
                }
                State::InQuotes if byte == b'"' => state = State::QuoteInQuotes,
                State::InQuotes => {
                    if line_end {
                        newlines += 1;
                    }
                    self.scratch.push(byte);
                }
                State::QuoteInQuotes if byte == b'"' => {
                    self.scratch.push(b'"');
                    state = State::InQuotes;
                }
                State::QuoteInQuotes => {
                    self.scratch.push(byte);
                    state = State::InField;
                }
            }
        }
        if !self.eof {
            return Ok(None);
        }
        if state == State::InQuotes {
            return Err(self.unclosed_quote(quote_opened, newlines));
        }
        self.cut = matches!(state, State::StartField | State::InField);
        self.fields.push((field_start, self.scratch.len() as u32));
        Ok(Some((input.len(), newlines)))
    }

    /// The error for a quoted field (the one after the fields read) that opens `opened` line
    /// ends into the record and is still open at the end of the input, `newlines` line ends
    /// in.
    fn unclosed_quote(&self, opened: usize, newlines: usize) -> IngestError {
        let field = self.fields.len() + 1;
        IngestError::Parse {
            path: self.path.clone(),
            line: self.line + opened,
            column: field,
            expected: format!(
                "a closing quote (\") for the quoted field {field} that opens on this line"
            ),
            found: format!(
                "the end of the file on line {}: a quote never closed would make every record \
                 after it part of this field",
                self.line + newlines
            ),
        }
    }

    /// Makes at least `wanted` bytes available (fewer at the end of the input).
    fn fill_at_least(&mut self, wanted: usize) -> Result<(), IngestError> {
        while self.end - self.start < wanted && !self.eof {
            self.refill()?;
        }
        Ok(())
    }

    /// The error for the record at `start`, which runs over [`MAX_RECORD_BYTES`] (the whole
    /// buffer): its line and, when that line alone is that long, the line's length, counted by
    /// reading on to its end without keeping what is read.
    fn record_too_long(&mut self) -> IngestError {
        let record = &self.buffer[self.start..self.end];
        let line = self.line;
        let what = match memchr::memchr(b'\n', record) {
            Some(_) => format!(
                "the record that starts on line {line} runs over {MAX_RECORD_BYTES} bytes \
                 across lines (a quote never closed?)"
            ),
            None => {
                let mut length = record.len() as u64;
                let mut more = true;
                while more {
                    more = match self.input.read(&mut self.buffer) {
                        Ok(0) => false,
                        Ok(read) => match memchr::memchr(b'\n', &self.buffer[..read]) {
                            Some(at) => {
                                length += at as u64;
                                false
                            }
                            None => {
                                length += read as u64;
                                true
                            }
                        },
                        Err(err) => err.kind() == std::io::ErrorKind::Interrupted,
                    };
                }
                format!("line {line} is {length} bytes long")
            }
        };
        IngestError::TooLong {
            path: self.path.clone(),
            line,
            what,
            limit: format!(
                "a CSV record may hold at most {MAX_RECORD_BYTES} bytes (no vote row comes near)"
            ),
        }
    }

    /// Moves the unread bytes to the front and reads more after them, growing the buffer when
    /// the unread bytes fill it (a record longer than a block).
    fn refill(&mut self) -> Result<(), IngestError> {
        self.special = None;
        if self.start > 0 {
            self.consumed_before_buffer += self.start as u64;
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buffer.len() {
            if self.end >= MAX_RECORD_BYTES {
                return Err(self.record_too_long());
            }
            self.buffer
                .resize((self.buffer.len() * 2).min(MAX_RECORD_BYTES), 0);
        }
        loop {
            match self.input.read(&mut self.buffer[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(read) => {
                    self.end += read;
                    return Ok(());
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(source) => {
                    return Err(IngestError::Io {
                        path: self.path.clone(),
                        source,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record (fields and line) or the first error, as text.
    fn ours(input: &[u8], block: usize) -> Result<Vec<(Vec<String>, usize)>, String> {
        let mut records = Records::new(Path::new("t.csv"), input);
        records.buffer = vec![0; block];
        let mut out = Vec::new();
        loop {
            match records.next_record() {
                Ok(Some(record)) => {
                    out.push((record.iter().map(str::to_string).collect(), record.line()))
                }
                Ok(None) => return Ok(out),
                Err(err) => return Err(err.to_string()),
            }
        }
    }

    /// The same from the `csv` crate with the settings the readers used.
    fn reference(input: &[u8]) -> Result<Vec<(Vec<String>, usize)>, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(input);
        let mut out = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
                    if out.is_empty()
                        && let Some(first) = fields.first_mut()
                    {
                        *first = first.trim_start_matches('\u{feff}').to_string();
                    }
                    out.push((fields, line));
                }
                Err(err) => return Err(IngestError::from_csv(Path::new("t.csv"), err).to_string()),
            }
        }
        Ok(out)
    }

    #[test]
    fn plain_quoted_and_crlf_records() {
        let input = b"\xEF\xBB\xBFrcid,country,vote\r\n3,\"Bolivia, Plurinational State of\",yes\r\n\r\n4,\"say \"\"no\"\"\",no";
        let records = ours(input, BLOCK).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].0, vec!["rcid", "country", "vote"]);
        assert_eq!(
            records[1].0,
            vec!["3", "Bolivia, Plurinational State of", "yes"]
        );
        assert_eq!(
            records[2],
            (vec!["4".into(), "say \"no\"".into(), "no".into()], 4)
        );
    }

    #[test]
    fn line_ends_inside_quotes_count_towards_later_lines() {
        let input = b"a,b\n\"x\ny\",1\n2,3\n";
        let records = ours(input, 4).unwrap();
        assert_eq!(records[1].0, vec!["x\ny", "1"]);
        assert_eq!(records[2], (vec!["2".into(), "3".into()], 4));
    }

    #[test]
    fn wrong_field_count_and_bad_utf8_name_the_line() {
        let err = ours(b"a,b\n1,2\n3\n", BLOCK).unwrap_err();
        assert_eq!(err, "t.csv:3: malformed CSV: expected 2 fields, found 1");
        let err = ours(b"a,b\n1,\xff\n", BLOCK).unwrap_err();
        assert!(err.starts_with("t.csv:2:2: not UTF-8"), "{err}");
    }

    #[test]
    fn a_quote_never_closed_is_an_error_where_it_opens() {
        let input = b"motion,member,vote,source_code\nm1,A,yes,\"\nm1,B,no,\nm2,A,no,\n";
        for block in [4, 16, BLOCK] {
            let err = ours(input, block).unwrap_err();
            assert_eq!(
                err,
                "t.csv:2:4: expected a closing quote (\") for the quoted field 4 that opens on \
                 this line, found the end of the file on line 5: a quote never closed would \
                 make every record after it part of this field"
            );
        }
        // The quote opens on the third line of the record that holds it.
        let err = ours(b"a,b\n1,\"x\"\"\ny\"\n2,\"\n\nz", 8).unwrap_err();
        assert!(err.starts_with("t.csv:4:2: "), "{err}");
        assert!(err.contains("on line 6"), "{err}");
    }

    #[test]
    fn cr_only_line_ends_count_lines() {
        let lf = ours(b"a,b\n1,\"x\ny\"\n\n3,4\n", 3).unwrap();
        let cr = ours(b"a,b\r1,\"x\ry\"\r\r3,4\r", 3).unwrap();
        assert_eq!(lf.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 2, 5]);
        assert_eq!(cr.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 2, 5]);
        assert_eq!(cr[1].0, vec!["1", "x\ry"]);
        // `\r\n` is one line end, also when a block ends between its two bytes.
        for block in 1..12 {
            let crlf = ours(b"a,b\r\n1,2\r\n\r\n3,\"4\r\n5\"\r\n6,7", block).unwrap();
            let lines: Vec<usize> = crlf.iter().map(|r| r.1).collect();
            assert_eq!(lines, vec![1, 2, 4, 6], "block {block}");
        }
    }

    /// Whether the last record of `input` is `cut`.
    fn last_cut(input: &[u8]) -> bool {
        let mut records = Records::new(Path::new("t.csv"), input);
        let mut cut = false;
        while let Some(record) = records.next_record().unwrap() {
            cut = record.cut();
        }
        cut
    }

    #[test]
    fn a_last_record_without_a_line_end_is_cut_unless_quoted() {
        assert!(last_cut(b"a,b\n1,2"));
        assert!(last_cut(b"a,b\n1,"));
        assert!(last_cut(b"a,b\n\"1\",2"));
        assert!(!last_cut(b"a,b\n1,2\n"));
        assert!(!last_cut(b"a,b\n1,2\r"));
        assert!(!last_cut(b"a,b\n1,2\r\n"));
        assert!(!last_cut(b"a,b\n1,\"2\""));
    }

    #[test]
    fn a_record_over_the_limit_is_refused_with_its_length() {
        let mut input = b"motion,member,vote\nm1,".to_vec();
        input.extend(std::iter::repeat_n(b'A', MAX_RECORD_BYTES + 10));
        input.extend(b",yes\nm2,B,no\n");
        let err = ours(&input, BLOCK).unwrap_err();
        assert_eq!(
            err,
            format!(
                "t.csv:2: line 2 is {} bytes long; a CSV record may hold at most {} bytes (no \
                 vote row comes near)",
                MAX_RECORD_BYTES + 17,
                MAX_RECORD_BYTES
            )
        );
        let mut input = b"a,b\n1,\"".to_vec();
        input.extend(std::iter::repeat_n(b"x\n", MAX_RECORD_BYTES / 2 + 1).flatten());
        let err = ours(&input, BLOCK).unwrap_err();
        assert!(
            err.starts_with("t.csv:2: the record that starts on line 2 runs over"),
            "{err}"
        );
    }

    #[test]
    fn the_published_broken_quoting_reads_as_the_csv_crate_reads_it() {
        // Row 610 of unvotes' un_roll_calls.csv (backslash-escaped quotes).
        let input =
            b"rcid,a,b,c\n610,\"ALGERIA, \\POURPARLERS\\\\\"\"\tTO ADOPT.\\\"\"\"\"\",0,1\n";
        assert_eq!(ours(input, 16), reference(input));
        assert!(ours(input, 16).is_ok());
    }

    /// Lines dropped: the `csv` crate gives a record after blank lines the line where the
    /// blank lines start, this reader the line the record is on.
    fn without_lines(
        result: Result<Vec<(Vec<String>, usize)>, String>,
    ) -> Result<Vec<Vec<String>>, String> {
        match result {
            Ok(records) => Ok(records.into_iter().map(|(fields, _)| fields).collect()),
            Err(err) => {
                let rest = err.trim_start_matches("t.csv:");
                Err(rest
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .to_string())
            }
        }
    }

    fn csv_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(b','),
                Just(b'"'),
                Just(b'\n'),
                Just(b'\r'),
                Just(b'a'),
                Just(b' '),
                Just(0xC3u8),
                Just(0xA9u8),
            ],
            0..max,
        )
    }

    /// True for the error of a quote never closed.
    fn unclosed(result: &Result<Vec<(Vec<String>, usize)>, String>) -> bool {
        result
            .as_ref()
            .is_err_and(|err| err.contains("expected a closing quote"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any input over the bytes that matter reads as the `csv` crate reads it, whatever
        /// the block size (records cut across blocks), but for a quote never closed: an error
        /// here, where the crate reads the field to the end of the input, as it reads the
        /// input with the quote closed at its end.
        #[test]
        fn agrees_with_the_csv_crate(bytes in csv_bytes(60), block in 1usize..24) {
            let found = ours(&bytes, block);
            if unclosed(&found) {
                let mut closed = bytes.clone();
                closed.push(b'"');
                let closed_reference = without_lines(reference(&closed));
                prop_assert_eq!(without_lines(reference(&bytes)), closed_reference.clone());
                prop_assert_eq!(without_lines(ours(&closed, block)), closed_reference);
            } else {
                prop_assert_eq!(without_lines(found), without_lines(reference(&bytes)));
            }
        }

        /// CR-only line ends read as LF line ends: the same records on the same lines (and
        /// the same errors), line ends inside quotes kept as they are.
        #[test]
        fn cr_only_reads_as_lf(bytes in csv_bytes(60), block in 1usize..24) {
            let lf: Vec<u8> = bytes.iter().map(|&b| if b == b'\r' { b'a' } else { b }).collect();
            let cr: Vec<u8> = lf.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
            let as_lf = ours(&cr, block).map(|records| {
                records
                    .into_iter()
                    .map(|(fields, line)| {
                        (fields.into_iter().map(|f| f.replace('\r', "\n")).collect(), line)
                    })
                    .collect::<Vec<_>>()
            });
            prop_assert_eq!(as_lf, ours(&lf, block));
        }

        /// Without blank lines and carriage returns, the lines agree too. (With them, the `csv`
        /// crate gives a record the line where the blank lines before it start, or, after a
        /// `\r\n`, the line before; this reader gives the line the record is on.)
        #[test]
        fn lines_agree_without_blank_lines(bytes in csv_bytes(60), block in 1usize..24) {
            let mut bytes = bytes;
            for position in 0..bytes.len() {
                let after_line_end = position == 0 || bytes[position - 1] == b'\n';
                if bytes[position] == b'\r' || bytes[position] == b'\n' && after_line_end {
                    bytes[position] = b'a';
                }
            }
            let found = ours(&bytes, block);
            if unclosed(&found) {
                let mut closed = bytes.clone();
                closed.push(b'"');
                prop_assert_eq!(ours(&closed, block), reference(&closed));
            } else {
                prop_assert_eq!(found, reference(&bytes));
            }
        }
    }
}
