//! Reading sources into a validated [`Dataset`](crate::model::Dataset): one file per format.

mod chunked;
mod csv_rows;
mod detect;
mod error;
pub mod long_csv;
mod options;
mod progress;
mod read;
mod reader;
mod records;
mod roll_calls;
pub mod source;
mod states;
pub mod un_pdf;
pub mod un_symbol;
pub mod un_text;
pub mod undl;
pub mod unvotes;
pub mod voeten;
pub mod votebloc_tables;
pub mod voteview;
pub mod voteview_rollcalls;

pub use detect::{Format, detect, detect_bytes};
pub use error::IngestError;
pub use options::IngestOptions;
pub use progress::Progress;
pub use read::{EMBEDDED_SEED, EMBEDDED_SEED_NAME, read_embedded, read_input, read_inputs};
pub use reader::{HEAD_BYTES, Head, READERS, Reader, detect_with, read_input_with};
