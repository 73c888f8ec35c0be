//! Failures of the filesystem store, and how they become the port's `MediaError`.

use std::io;
use std::path::PathBuf;
use thiserror::Error;

use inbox_domain::ports::MediaError;

/// What went wrong on disk; the port wraps it in `MediaError::Unavailable` or `Internal`.
#[derive(Debug, Error)]
pub enum FileStoreError {
    /// The store's directories could not be created or read when opening it.
    #[error("preparing the media directory {path}")]
    Prepare {
        /// The directory concerned.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: io::Error,
    },
    /// A file operation failed while `action` was being done.
    #[error("media store: {action}")]
    Io {
        /// What was being attempted, e.g. "renaming the new object into place".
        action: &'static str,
        /// The system's error.
        #[source]
        source: io::Error,
    },
    /// A stored file does not start with a valid header: it was not written by this store.
    #[error("media store: stored object has no valid header")]
    CorruptHeader,
}

/// Turns a failed file operation into the port's error: a full disk or an interrupted call
/// may pass (`Unavailable`); anything else (permissions, a damaged tree) needs a person.
pub(crate) fn io_failure(action: &'static str, source: io::Error) -> MediaError {
    let transient = matches!(
        source.kind(),
        io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::TimedOut
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    );
    let error = Box::new(FileStoreError::Io { action, source });
    if transient {
        MediaError::Unavailable(error)
    } else {
        MediaError::Internal(error)
    }
}
