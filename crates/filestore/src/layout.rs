//! Where things live under the store's root: objects by key, writes in progress.

use std::path::{Path, PathBuf};

use inbox_domain::media::MediaKey;

/// The directory of stored objects.
pub(crate) const OBJECTS_DIR: &str = "objects";
/// The directory of writes in progress, on the same file system so a rename is atomic.
pub(crate) const TMP_DIR: &str = "tmp";
/// Appended to the last segment: keys never hold `@`, so an object file never has the name of
/// a directory of other keys (`a` and `a/b` coexist).
const OBJECT_SUFFIX: char = '@';

/// The file of `key` under `objects`: every segment but the last is a directory.
pub(crate) fn object_path(objects: &Path, key: &MediaKey) -> PathBuf {
    let mut path = objects.to_path_buf();
    let mut segments = key.segments().peekable();
    while let Some(segment) = segments.next() {
        if segments.peek().is_some() {
            path.push(segment);
        } else {
            path.push(format!("{segment}{OBJECT_SUFFIX}"));
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_files_that_never_collide_with_directories() {
        let root = Path::new("/data/media/objects");
        let path = |key: &str| object_path(root, &MediaKey::parse(key).unwrap());
        assert_eq!(path("a"), Path::new("/data/media/objects/a@"));
        assert_eq!(path("a/b"), Path::new("/data/media/objects/a/b@"));
        assert_eq!(
            path("wa/1065/77.jpg"),
            Path::new("/data/media/objects/wa/1065/77.jpg@")
        );
        assert!(path("a/b").starts_with(root));
    }
}
