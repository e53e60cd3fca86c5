//! Exit codes: 0 success (and a closed pipe), 1 runtime error, 2 usage error, 3 invalid input.

use std::io;
use votebloc::ingest::IngestError;

/// A usage error found after argument parsing (bad parameter values).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit code for an error chain.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
        if let Some(e) = cause.downcast_ref::<IngestError>() {
            return if e.is_invalid_data() { 3 } else { 1 };
        }
        if let Some(e) = cause.downcast_ref::<votebloc::ideal::IdealError>() {
            return if e.is_usage() {
                2
            } else if e.is_invalid_data() {
                3
            } else {
                1
            };
        }
        if let Some(e) = cause.downcast_ref::<votebloc::agreement::AgreementError>() {
            return if e.is_invalid_data() {
                3
            } else if e.is_usage() {
                2
            } else {
                1
            };
        }
        if let Some(e) = cause.downcast_ref::<votebloc::profile::ProfileError>() {
            return if e.is_invalid_data() {
                3
            } else if e.is_usage() {
                2
            } else {
                1
            };
        }
        if cause
            .downcast_ref::<votebloc::model::DatasetError>()
            .is_some()
        {
            return 3;
        }
    }
    1
}

/// True when the error is a write to a closed pipe (`votebloc … | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
