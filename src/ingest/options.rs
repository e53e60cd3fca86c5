//! Options shared by every reader.

use super::Format;
use std::path::PathBuf;

/// How to read inputs. `Default` is: detect the format, strict tallies, no side tables.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Overrides format detection.
    pub format: Option<Format>,
    /// Downgrades a tally mismatch in a UN record to a warning.
    pub lenient: bool,
    /// unvotes `un_roll_calls.csv` (dates, sessions, symbols, amendment/paragraph flags).
    pub roll_calls: Option<PathBuf>,
    /// unvotes `un_roll_call_issues.csv` (issue codes).
    pub issues: Option<PathBuf>,
    /// Voteview members file (names, parties, states).
    pub members: Option<PathBuf>,
}
