//! Options shared by every reader.

use super::{Format, Progress};
use std::path::PathBuf;
use std::sync::Arc;

/// How to read inputs. `Default` is: detect the format, strict tallies, no side tables.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Overrides format detection.
    pub format: Option<Format>,
    /// Downgrades a tally mismatch in a UN record, a UN record that seems cut short (inside or
    /// right after a list's heading, after "A recorded vote was taken."), and broken quoting
    /// in a side table's fields, to a warning.
    pub lenient: bool,
    /// Roll-call table joined for dates, sessions, symbols and amendment/paragraph flags:
    /// unvotes `un_roll_calls.csv` or Voeten's `roll_calls.csv`; for Voteview its
    /// `…_rollcalls.csv` (dates, questions, results, tallies); for a long CSV the
    /// `motions.csv` votebloc wrote (`ingest/votebloc_tables.rs`).
    pub roll_calls: Option<PathBuf>,
    /// unvotes `un_roll_call_issues.csv` (issue codes).
    pub issues: Option<PathBuf>,
    /// Voteview members files (names, parties, states): one per congress, or one for several.
    /// A vote takes its member's name and party from the entry of its own congress. For a long
    /// CSV, one file: the `members.csv` votebloc wrote (names and groups).
    pub members: Vec<PathBuf>,
    /// Date (`YYYY-MM-DD`) of the votes of a UN record that states none: it decides which
    /// states were members (absent rather than not members) and becomes the motions' date.
    /// Without it such votes have no date and count against the registry's current members.
    pub date: Option<String>,
    /// Told how much of each CSV input has been read (the command line passes one only when
    /// stderr is a terminal), in bytes of the file as stored (compressed for `.gz`).
    pub progress: Option<Arc<dyn Progress>>,
}
