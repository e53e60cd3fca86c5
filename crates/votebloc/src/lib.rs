//! votebloc finds voting blocs and swing members in recorded (roll-call) votes.
//!
//! The pipeline (see `DESIGN.md` of the project): sources are read by [`ingest`] into a
//! [`Dataset`]; the dataset becomes a [`matrix`], a [`similarity`] table and a [`graph`];
//! [`cluster`] finds the blocs; results are exported by [`export`].

// Every unsafe operation carries its proof beside it, also inside an `unsafe fn`.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod agreement;
pub mod analysis;
mod choice;
pub mod cluster;
pub mod cohesion;
pub mod export;
pub mod format;
pub mod graph;
pub mod ideal;
pub mod ingest;
pub mod layout;
pub mod matrix;
pub mod memory;
pub mod model;
mod params;
pub mod profile;
pub mod report;
pub mod similarity;
pub mod stage;
pub mod swing;
pub mod synthetic;
pub mod timeline;

pub use choice::Choice;

/// The seed of every random choice when none is given (Leiden, the consensus runs, the
/// linfa methods, the MDS eigensolver, the network layout): same input and seed → same
/// output, byte for byte.
pub const DEFAULT_SEED: u64 = 42;
pub use model::{Dataset, DatasetBuilder, Member, Motion, Part, Tally, Vote, countries, groups};
pub use params::ParamGuard;
