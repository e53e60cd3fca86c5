//! Reading the data rows of a large plain CSV file in parts, one thread per part.
//!
//! The file is cut after a line end near each of `threads − 1` evenly spaced points, and each
//! part is read from its own handle by its own reader state. A cut can only be trusted when
//! it falls between records: a line end inside a quoted field would make the next part start
//! mid-record. The part before the cut knows (it read the same bytes as a reader of the whole
//! file would have up to there): it ends inside a quoted field, which the tokeniser refuses
//! as a quote never closed. Any part that fails voids the parallel read and the caller reads
//! the file in one pass, so that the first error in the file is reported exactly as a
//! one-pass read reports it (a cut inside a quoted field then reads as one pass does).

use super::IngestError;
use super::csv_rows::{Header, Row, each_row};
use super::progress::{Counted, Progress};
use super::records::Records;
use rayon::prelude::*;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Files smaller than this are read in one pass: threads would cost more than they save.
pub(crate) const MIN_PARALLEL_BYTES: u64 = 4 << 20;

/// Bytes read at a time while looking for a line end near a cut.
const WINDOW: usize = 1 << 16;

/// What the reader of one part builds, joinable with what the reader of the next part built.
pub(crate) trait PartReader: Send {
    /// Appends `later`, the state of the part after this one's, whose rows counted their
    /// lines from 1 where `line_offset` lines of the file came before.
    fn absorb(&mut self, later: Self, line_offset: u32) -> Result<(), IngestError>;
}

/// Reads the plain (not compressed) CSV file at `path`, if it has at least `min_bytes`
/// ([`MIN_PARALLEL_BYTES`] but in tests), in parts on rayon's threads:
/// `columns` reads the header (its error is returned as is), `new_state(bytes)` makes each
/// part's state, given how many bytes of rows it will end up holding (for reserving room:
/// the first part's state, which absorbs the others, is given the size of every part), `row`
/// handles one data row. Returns the parts' states joined in file order (the
/// first part counts the file's lines; the others are shifted by [`PartReader::absorb`]).
///
/// Returns `None` (having read nothing but the header and a few bytes around the cuts) when the
/// file is small or there is one thread, and `None` after reading when a part failed (a cut
/// inside a quoted field fails the part before it): the caller then reads the file in one pass.
///
/// # Complexity
///
/// One read of the file, spread over the threads.
pub(crate) fn read_parts<C: Sync, S: PartReader>(
    path: &Path,
    progress: Option<&dyn Progress>,
    min_bytes: u64,
    columns: impl FnOnce(&Header) -> Result<C, IngestError>,
    new_state: impl Fn(u64) -> S + Sync,
    row: impl Fn(&mut S, &C, &Row<'_>) -> Result<(), IngestError> + Sync,
) -> Result<Option<S>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let threads = rayon::current_num_threads();
    if threads < 2 || super::source::is_stream(path) {
        return Ok(None);
    }
    let length = std::fs::metadata(path).map_err(io)?.len();
    if length < min_bytes {
        return Ok(None);
    }
    let mut records = Records::new(path, File::open(path).map_err(io)?);
    let header = Header::read(path, &mut records)?;
    let columns = columns(&header)?;
    let (Some(fields), data_start, data_line) = (
        records.expected_fields(),
        records.bytes_consumed(),
        records.next_line(),
    ) else {
        return Ok(None);
    };
    drop(records);

    let Some(cuts) = cuts(path, data_start, length, threads)? else {
        return Ok(None);
    };
    if let Some(progress) = progress {
        progress.start(path, length, data_start);
    }

    // Each part: its state and the line after its last record; `None` when it failed.
    let read_part = |index: usize, first_line: usize| -> Option<(S, usize)> {
        let (start, end) = (cuts[index], cuts[index + 1]);
        let mut file = File::open(path).ok()?;
        file.seek(SeekFrom::Start(start)).ok()?;
        let input: Box<dyn Read> = match progress {
            Some(progress) => Box::new(Counted::new(file.take(end - start), progress)),
            None => Box::new(file.take(end - start)),
        };
        let mut records = Records::continuing(path, input, fields, first_line);
        let holds = if index == 0 {
            length - start
        } else {
            end - start
        };
        let mut state = new_state(holds);
        each_row(path, &mut records, |r| row(&mut state, &columns, r)).ok()?;
        Some((state, records.next_line()))
    };
    // The first part knows its first line; the others count from 1 and are shifted after.
    let results: Vec<Option<(S, usize)>> = (0..cuts.len() - 1)
        .into_par_iter()
        .map(|index| read_part(index, if index == 0 { data_line } else { 1 }))
        .collect();
    join(results)
}

/// Where the parts start (the first at `data_start`), then `length`: a cut after a line end
/// near each of `threads − 1` evenly spaced points. `None` when the rows make fewer than two
/// parts.
fn cuts(
    path: &Path,
    data_start: u64,
    length: u64,
    threads: usize,
) -> Result<Option<Vec<u64>>, IngestError> {
    let mut cuts = vec![data_start];
    for part in 1..threads as u64 {
        let nominal = data_start + (length - data_start) * part / threads as u64;
        match line_start_after(path, nominal.max(*cuts.last().unwrap_or(&0)))? {
            Some(cut) if cut < length => cuts.push(cut),
            _ => break,
        }
    }
    cuts.dedup();
    cuts.push(length);
    Ok((cuts.len() >= 3).then_some(cuts))
}

/// The parts' states joined in file order, each with the line after its last record (the
/// first counts the file's lines, the others from 1); `None` when a part failed.
fn join<S: PartReader>(results: Vec<Option<(S, usize)>>) -> Result<Option<S>, IngestError> {
    let mut whole: Option<S> = None;
    let mut next_line = 0;
    for result in results {
        let Some((state, end_line)) = result else {
            return Ok(None);
        };
        match &mut whole {
            None => {
                next_line = end_line;
                whole = Some(state);
            }
            Some(whole) => {
                let offset = next_line - 1;
                next_line = end_line + offset;
                whole.absorb(state, u32::try_from(offset).unwrap_or(u32::MAX))?;
            }
        }
    }
    Ok(whole)
}

/// The position just after the first line end at or after `from`, `None` when there is none.
fn line_start_after(path: &Path, from: u64) -> Result<Option<u64>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start(from)).map_err(io)?;
    let mut window = vec![0u8; WINDOW];
    let mut offset = from;
    loop {
        let read = file.read(&mut window).map_err(io)?;
        if read == 0 {
            return Ok(None);
        }
        if let Some(at) = memchr::memchr(b'\n', &window[..read]) {
            return Ok(Some(offset + at as u64 + 1));
        }
        offset += read as u64;
    }
}
