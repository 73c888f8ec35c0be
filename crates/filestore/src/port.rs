//! The `MediaStore` port over the directories of [`FileStore`].

use async_trait::async_trait;
use std::io;
use std::path::Path;
use std::time::Duration;
use tokio::fs::{self, File};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use inbox_domain::media::{MediaKey, MediaObject, SignedUrl, check_url_lifetime};
use inbox_domain::ports::{MediaError, MediaStore};

use crate::error::{FileStoreError, io_failure};
use crate::format::{HEADER_MAX, header, parse};
use crate::layout::object_path;
use crate::store::FileStore;

impl FileStore {
    /// Writes `object` to a fresh temporary file, flushed to disk, and renames it over the
    /// object's file: the rename is the commit.
    async fn write_atomically(
        &self,
        target: &Path,
        object: &MediaObject,
    ) -> Result<(), MediaError> {
        let parent = target.parent().unwrap_or(&self.objects);
        fs::create_dir_all(parent)
            .await
            .map_err(|err| io_failure("creating the object's directory", err))?;
        let temp = self.tmp.join(format!("{}.part", Uuid::new_v4().simple()));
        let written = write_file(&temp, object).await;
        let committed = match written {
            Ok(()) => fs::rename(&temp, target)
                .await
                .map_err(|err| io_failure("renaming the new object into place", err)),
            Err(err) => Err(err),
        };
        if committed.is_err() {
            // Best effort: a leftover is swept at the next open.
            let _ = fs::remove_file(&temp).await;
        }
        committed?;
        // The rename is durable once its directory is flushed.
        let dir = File::open(parent)
            .await
            .map_err(|err| io_failure("opening the object's directory", err))?;
        dir.sync_all()
            .await
            .map_err(|err| io_failure("flushing the object's directory", err))
    }
}

async fn write_file(path: &Path, object: &MediaObject) -> Result<(), MediaError> {
    let mut file = File::create(path)
        .await
        .map_err(|err| io_failure("creating a temporary file", err))?;
    file.write_all(&header(&object.content_type))
        .await
        .map_err(|err| io_failure("writing a temporary file", err))?;
    file.write_all(&object.bytes)
        .await
        .map_err(|err| io_failure("writing a temporary file", err))?;
    file.sync_all()
        .await
        .map_err(|err| io_failure("flushing a temporary file", err))
}

fn missing_is_not_found(action: &'static str) -> impl Fn(io::Error) -> MediaError {
    move |err| match err.kind() {
        io::ErrorKind::NotFound => MediaError::NotFound,
        _ => io_failure(action, err),
    }
}

#[async_trait]
impl MediaStore for FileStore {
    fn backend(&self) -> &'static str {
        "filesystem"
    }

    fn max_object_bytes(&self) -> u64 {
        self.max_object_bytes
    }

    async fn ping(&self) -> Result<(), MediaError> {
        for dir in [&self.objects, &self.tmp] {
            let metadata = fs::metadata(dir).await.map_err(|err| {
                MediaError::Unavailable(Box::new(FileStoreError::Io {
                    action: "checking the media directories",
                    source: err,
                }))
            })?;
            if !metadata.is_dir() {
                return Err(MediaError::Unavailable(Box::new(FileStoreError::Io {
                    action: "checking the media directories",
                    source: io::Error::new(io::ErrorKind::NotADirectory, "not a directory"),
                })));
            }
        }
        Ok(())
    }

    async fn put(&self, key: &MediaKey, object: MediaObject) -> Result<(), MediaError> {
        if object.len() > self.max_object_bytes {
            return Err(MediaError::TooLarge {
                limit_bytes: self.max_object_bytes,
            });
        }
        let target = object_path(&self.objects, key);
        self.write_atomically(&target, &object).await
    }

    async fn get(&self, key: &MediaKey) -> Result<MediaObject, MediaError> {
        let path = object_path(&self.objects, key);
        let file = File::open(&path)
            .await
            .map_err(missing_is_not_found("opening an object"))?;
        let too_large = MediaError::TooLarge {
            limit_bytes: self.max_object_bytes,
        };
        let cap = self.max_object_bytes.saturating_add(HEADER_MAX);
        let length = file
            .metadata()
            .await
            .map_err(|err| io_failure("reading an object's size", err))?
            .len();
        if length > cap {
            return Err(too_large);
        }
        // The length was checked on this open file, but it may still grow: read at most `cap`.
        let mut contents = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        file.take(cap.saturating_add(1))
            .read_to_end(&mut contents)
            .await
            .map_err(|err| io_failure("reading an object", err))?;
        let (content_type, start) =
            parse(&contents).map_err(|err| MediaError::Internal(Box::new(err)))?;
        if (contents.len() - start) as u64 > self.max_object_bytes {
            return Err(too_large);
        }
        contents.drain(..start);
        Ok(MediaObject::new(content_type, contents))
    }

    async fn delete(&self, key: &MediaKey) -> Result<bool, MediaError> {
        match fs::remove_file(object_path(&self.objects, key)).await {
            Ok(()) => Ok(true),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(io_failure("removing an object", err)),
        }
    }

    async fn signed_url(
        &self,
        key: &MediaKey,
        expires_in: Duration,
    ) -> Result<Option<SignedUrl>, MediaError> {
        check_url_lifetime(expires_in).map_err(MediaError::Rejected)?;
        fs::metadata(object_path(&self.objects, key))
            .await
            .map_err(missing_is_not_found("checking an object"))?;
        Ok(None)
    }

    fn public_url(&self, _key: &MediaKey) -> Option<String> {
        None
    }
}
