//! Writing results: one file per output format, every file written atomically.

pub mod agreement;
mod atomic;
pub mod csv_tables;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod ideal;
pub mod json;
pub mod table;

pub use json::DENSE_OUTPUTS;

pub use atomic::{
    ExportError, Output, Staged, StagedWriter, commit_all, ensure_dir, stage_with, write_with,
};
