//! Writing results: one file per output format, every file written atomically.

pub mod agreement;
mod atomic;
pub mod csv_tables;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod ideal;
pub mod ideal_stage;
pub mod json;
mod output_dir;
pub mod profile;
pub mod table;

pub use json::DENSE_OUTPUTS;

pub use atomic::{ExportError, Output, STALE_AFTER, remove_stale, write_with};
pub use output_dir::{Commit, FileWriter, OutputDir};
