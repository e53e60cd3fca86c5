//! Subcommands: one file each; they only wire library stages together.

pub mod analyze;
mod cli;
mod exit;
pub mod ingest;
mod input;
pub mod report;
pub mod swing;
pub mod timeline;

pub use cli::{Cli, Command, run};
pub use exit::{UsageError, exit_code, is_broken_pipe};
pub use input::InputArgs;
