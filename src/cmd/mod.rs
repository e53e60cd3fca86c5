//! Subcommands: one file each; they only wire library stages together.

pub mod agreement;
pub mod analyze;
mod choice;
mod cli;
mod exit;
mod groups;
pub mod ideal;
pub mod ingest;
mod input;
mod memory;
mod output;
pub mod profile;
mod progress;
pub mod report;
pub mod swing;
pub mod timeline;

pub use cli::{Cli, run};
pub use exit::{UsageError, exit_code, is_broken_pipe};
pub use output::handle_signals;
