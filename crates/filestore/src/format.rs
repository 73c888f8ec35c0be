//! The object file format: a one-line magic, the content type on one line, then the bytes.

use inbox_domain::media::{CONTENT_TYPE_MAX, ContentType};

use crate::error::FileStoreError;

/// First line of every object file; the digit is the format version.
const MAGIC: &[u8] = b"INBOXMEDIA1\n";

/// The longest header a valid file can have.
pub(crate) const HEADER_MAX: u64 = (MAGIC.len() + CONTENT_TYPE_MAX + 1) as u64;

/// The header for an object of `content_type` (which never holds a newline).
pub(crate) fn header(content_type: &ContentType) -> Vec<u8> {
    let mut header = Vec::with_capacity(MAGIC.len() + content_type.as_str().len() + 1);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(content_type.as_str().as_bytes());
    header.push(b'\n');
    header
}

/// Splits a whole file into its content type and the offset where the bytes start.
pub(crate) fn parse(file: &[u8]) -> Result<(ContentType, usize), FileStoreError> {
    let rest = file
        .strip_prefix(MAGIC)
        .ok_or(FileStoreError::CorruptHeader)?;
    let window = &rest[..rest.len().min(CONTENT_TYPE_MAX + 1)];
    let end = window
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(FileStoreError::CorruptHeader)?;
    let text = std::str::from_utf8(&rest[..end]).map_err(|_| FileStoreError::CorruptHeader)?;
    let content_type = ContentType::parse(text).map_err(|_| FileStoreError::CorruptHeader)?;
    if content_type.as_str() != text {
        return Err(FileStoreError::CorruptHeader);
    }
    Ok((content_type, MAGIC.len() + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_parses_back_and_points_at_the_bytes() {
        let content_type = ContentType::parse("text/plain; charset=utf-8").unwrap();
        let mut file = header(&content_type);
        let start = file.len();
        file.extend_from_slice(b"\nbody\n");
        let (parsed, offset) = parse(&file).unwrap();
        assert_eq!((parsed, offset), (content_type, start));
        assert_eq!(&file[offset..], b"\nbody\n");
        assert!(file.len() as u64 - 6 <= HEADER_MAX);
    }

    #[test]
    fn files_without_a_valid_header_are_corrupt() {
        let long = format!("INBOXMEDIA1\nimage/{}\n", "x".repeat(CONTENT_TYPE_MAX));
        for bad in [
            &b""[..],
            b"raw jpeg bytes",
            b"INBOXMEDIA2\nimage/png\n",
            b"INBOXMEDIA1\nimage/png",
            b"INBOXMEDIA1\nnot a type\nbytes",
            b"INBOXMEDIA1\n image/png\n",
            long.as_bytes(),
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
