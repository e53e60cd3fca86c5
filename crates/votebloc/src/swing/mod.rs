//! Swing members: split votes, defection, bridging, instability, pivots.
//!
//! [`analyze`] runs everything on a dataset, a bloc assignment (one number per member in member
//! order, 1 = largest bloc, 0 = no bloc), a similarity matrix and the consensus stability;
//! [`SwingReport::rows`] gives the rows of `swing.csv` (one per member and criterion),
//! [`SwingReport::split_rows`] and [`SwingReport::defection_rows`] the motions behind them,
//! [`SwingReport::summary`] one line per swing member for the terminal, and
//! [`SwingReport::narrow_votes`] the narrow motions in words (the terminal and the report show
//! them). [`decide`] gives a motion's outcome by the body's own rule.

mod bridge;
mod defection;
mod error;
mod narrow;
mod outcome;
mod outlier;
mod params;
mod pivot;
mod report;
#[cfg(test)]
mod seed_tests;
mod split;

pub use bridge::{Bridge, bridge_from_row, bridges};
pub use defection::{
    Caucuses, Defection, bloc_majority, caucuses, defections, party_unity_defections,
};
pub use error::SwingError;
pub use narrow::{MAX_NAMED, NarrowVote, narrow_vote};
pub use outcome::{Decision, Outcome, decide, stated_adoption};
pub use outlier::{Flag, MAD_SCALE, median, median_and_spread};
pub use params::{Majority, SwingParams, SwingValidParams};
pub use pivot::{Pivot, Pivotal, pivot, pivots, switches_needed};
pub use report::{
    DefectionRow, SplitRow, SwingKind, SwingReport, SwingRow, SwingSummary, Unstable, analyze,
    analyze_with_bridges, unstable_members,
};
pub use split::{PartVote, SplitVote, SplitVotes, split_votes};
