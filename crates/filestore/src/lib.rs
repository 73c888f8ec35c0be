//! The `MediaStore` port on the local file system.
#![doc = include_str!("../README.md")]

mod error;
mod format;
mod layout;
mod port;
mod store;

pub use error::FileStoreError;
pub use store::{DEFAULT_MAX_OBJECT_BYTES, FileStore, FileStoreConfig, STALE_TEMP_AGE};
