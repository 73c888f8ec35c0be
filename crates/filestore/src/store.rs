//! Opening the store: its root, its limit, and the sweep of writes a crash left behind.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::FileStoreError;
use crate::layout::{OBJECTS_DIR, TMP_DIR};

/// Default limit: 100 MiB, above Meta's largest media (documents, 100 MB).
pub const DEFAULT_MAX_OBJECT_BYTES: u64 = 100 * 1024 * 1024;
/// A temporary file this old belongs to no write in progress and is removed at open.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(3600);

/// Where the store keeps its files and how large one may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStoreConfig {
    /// The root directory (`inboxd` passes `<data dir>/media`); created when missing.
    pub root: PathBuf,
    /// The largest object `put` accepts and `get` reads.
    pub max_object_bytes: u64,
}

impl FileStoreConfig {
    /// A store under `root` with the default limit.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            max_object_bytes: DEFAULT_MAX_OBJECT_BYTES,
        }
    }
}

/// The filesystem `MediaStore`. Cheap to clone; clones share the directory.
#[derive(Debug, Clone)]
pub struct FileStore {
    pub(crate) objects: PathBuf,
    pub(crate) tmp: PathBuf,
    pub(crate) max_object_bytes: u64,
}

impl FileStore {
    /// Creates the directories when missing and removes temporary files older than
    /// [`STALE_TEMP_AGE`] (younger ones may belong to another process sharing the root).
    ///
    /// # Errors
    /// `Prepare` when a directory cannot be created or the temporary directory cannot be read.
    pub async fn open(config: FileStoreConfig) -> Result<Self, FileStoreError> {
        let objects = config.root.join(OBJECTS_DIR);
        let tmp = config.root.join(TMP_DIR);
        for dir in [&objects, &tmp] {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|source| prepare(dir, source))?;
        }
        let removed = sweep(&tmp, SystemTime::now())
            .await
            .map_err(|source| prepare(&tmp, source))?;
        if removed > 0 {
            tracing::info!(
                media.stale_temp_files = removed,
                "removed unfinished media writes"
            );
        }
        Ok(Self {
            objects,
            tmp,
            max_object_bytes: config.max_object_bytes,
        })
    }
}

fn prepare(path: &Path, source: io::Error) -> FileStoreError {
    FileStoreError::Prepare {
        path: path.to_path_buf(),
        source,
    }
}

/// Removes the files in `tmp` last modified before `now - STALE_TEMP_AGE`; returns how many.
async fn sweep(tmp: &Path, now: SystemTime) -> io::Result<usize> {
    let mut removed = 0;
    let mut entries = tokio::fs::read_dir(tmp).await?;
    while let Some(entry) = entries.next_entry().await? {
        let Ok(metadata) = entry.metadata().await else {
            continue; // removed meanwhile by its writer
        };
        let age = metadata
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok());
        if metadata.is_file() && age.is_some_and(|age| age >= STALE_TEMP_AGE) {
            match tokio::fs::remove_file(entry.path()).await {
                Ok(()) => removed += 1,
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
    }
    Ok(removed)
}
