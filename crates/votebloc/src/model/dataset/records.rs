//! The records a dataset holds beside its members and motions: votes, their source codes,
//! notes, and the statistics of the read.

use super::*;

/// One member's vote on one motion, by index into [`Dataset::members`] and [`Dataset::motions`].
///
/// Sixteen bytes: a dataset holds one per vote (a million for the UNGA history, tens of
/// millions for large roll-call files), and every byte is read and written several times
/// while the input is read and sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteRecord {
    pub motion: u32,
    pub member: u32,
    pub vote: Vote,
    /// The source's own code for this vote, if any (see [`Dataset::source_code`]).
    pub source_code: Option<SourceCode>,
    /// 1-based line of the input the vote came from (0 when not from a line).
    pub line: u32,
}

/// Position of a source vote code in [`Dataset::source_codes`], stored plus one so that an
/// `Option<SourceCode>` takes two bytes. At most 65,535 distinct codes.
///
/// # Examples
///
/// ```
/// use votebloc::model::SourceCode;
/// assert_eq!(SourceCode::new(0).unwrap().index(), 0);
/// assert_eq!(SourceCode::new(65_534).unwrap().index(), 65_534);
/// assert!(SourceCode::new(65_535).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceCode(std::num::NonZeroU16);

impl SourceCode {
    /// The code at `index` of [`Dataset::source_codes`]; `None` from 65,535 on.
    pub fn new(index: usize) -> Option<SourceCode> {
        u16::try_from(index + 1)
            .ok()
            .and_then(std::num::NonZeroU16::new)
            .map(SourceCode)
    }

    /// Its position in [`Dataset::source_codes`].
    pub fn index(self) -> usize {
        usize::from(self.0.get()) - 1
    }
}

impl VoteRecord {
    /// A record to fill buffers with before they are written.
    pub(super) const PLACEHOLDER: VoteRecord = VoteRecord {
        motion: 0,
        member: 0,
        vote: Vote::Yes,
        source_code: None,
        line: 0,
    };
}

/// "Subsequently, the delegation of X advised the Secretariat that it had intended to vote …":
/// kept beside the record, never changing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The motion the note follows, when it can be placed.
    pub motion: Option<String>,
    /// Member code.
    pub member: String,
    /// The vote the delegation says it intended, when stated.
    pub intended: Option<Vote>,
    /// The note as printed (whitespace folded).
    pub text: String,
    pub line: usize,
}

/// Counts of what ingestion saw, so that nothing is dropped silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestStats {
    /// Data rows or list entries read.
    pub rows: usize,
    /// Rows repeating a vote already read (same motion, member and vote): kept once.
    pub duplicates: usize,
    /// Rows left out on purpose, by reason (e.g. "not a member", "filtered by date").
    pub skipped: Vec<(String, usize)>,
    /// Problems downgraded to warnings (e.g. tally mismatches under `--lenient`).
    pub warnings: Vec<String>,
    /// Motions a [`Filter`](crate::model::Filter) left out, by reason: the reason and the
    /// ids (dataset order), reasons in the order the filter tests them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub motions_left_out: Vec<(String, Vec<String>)>,
    /// The [`Filter`](crate::model::Filter) applied, as resolved: option and value
    /// (`--session` `70`, `--to` `2015-12-31`), in the order of the filter's fields; empty when
    /// none was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filter: Vec<(String, String)>,
}

impl IngestStats {
    /// Adds `count` rows skipped for `reason`.
    pub fn skip(&mut self, reason: &str, count: usize) {
        if count == 0 {
            return;
        }
        match self.skipped.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += count,
            None => self.skipped.push((reason.to_string(), count)),
        }
    }

    pub(super) fn absorb(&mut self, other: &IngestStats) {
        self.rows += other.rows;
        self.duplicates += other.duplicates;
        for (reason, count) in &other.skipped {
            self.skip(reason, *count);
        }
        self.warnings.extend(other.warnings.iter().cloned());
        for (reason, ids) in &other.motions_left_out {
            self.leave_out(reason, ids.iter().cloned());
        }
    }

    /// Records the motions `ids` as left out for `reason`.
    pub fn leave_out(&mut self, reason: &str, ids: impl IntoIterator<Item = String>) {
        let at = match self.motions_left_out.iter().position(|(r, _)| r == reason) {
            Some(at) => at,
            None => {
                self.motions_left_out.push((reason.to_string(), Vec::new()));
                self.motions_left_out.len() - 1
            }
        };
        self.motions_left_out[at].1.extend(ids);
    }
}
