//! The data model: votes, motions, members, datasets and the country registry.

mod blocs;
pub mod countries;
mod dataset;
pub mod date;
mod filter;
pub mod groups;
mod member;
mod motion;
pub(crate) mod pages;
mod period;
mod text;
mod vote;

pub use blocs::{BlocAssignmentError, check_blocs};
pub use dataset::{
    Dataset, DatasetBuilder, DatasetError, IngestStats, Note, SourceCode, VoteRecord, natural_cmp,
};
pub use filter::Filter;
pub use member::Member;
pub use motion::{Motion, ParsePartError, Part, Tally};
pub use period::PeriodBy;
pub use text::{
    EXCERPT_CHARS, MAX_ID_BYTES, MAX_TEXT_BYTES, TextKind, TextProblem, check_text, excerpt,
    is_document_symbol,
};
pub use vote::Vote;
