//! Writer of PostgreSQL's binary COPY format, field by field, into a byte buffer.

use uuid::Uuid;

/// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01).
const PG_EPOCH_OFFSET_MICROS: i64 = 946_684_800_000_000;
/// Oid of `text`, for array elements.
const TEXT_OID: i32 = 25;

/// A growing chunk of binary COPY data.
#[derive(Debug, Default)]
pub struct CopyBuf {
    buf: Vec<u8>,
}

impl CopyBuf {
    /// An empty chunk with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// The file header; starts the first chunk.
    pub fn header(&mut self) {
        self.buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
        self.buf.extend_from_slice(&0i32.to_be_bytes()); // flags
        self.buf.extend_from_slice(&0i32.to_be_bytes()); // header extension length
    }

    /// The file trailer; ends the last chunk.
    pub fn trailer(&mut self) {
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
    }

    /// Starts a row of `fields` fields.
    pub fn row(&mut self, fields: i16) {
        self.buf.extend_from_slice(&fields.to_be_bytes());
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Hands the bytes over and starts empty again with the same capacity.
    pub fn take(&mut self) -> Vec<u8> {
        let capacity = self.buf.capacity();
        std::mem::replace(&mut self.buf, Vec::with_capacity(capacity))
    }

    /// A NULL field.
    pub fn null(&mut self) {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.buf
            .extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        self.buf.extend_from_slice(bytes);
    }

    /// A `uuid`.
    pub fn uuid(&mut self, id: &Uuid) {
        self.raw(id.as_bytes());
    }

    /// A `text`.
    pub fn text(&mut self, value: &str) {
        self.raw(value.as_bytes());
    }

    /// A `text` written in place by `write` (no intermediate string).
    pub fn text_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        let at = self.buf.len();
        self.buf.extend_from_slice(&0i32.to_be_bytes());
        write(&mut self.buf);
        let len = (self.buf.len() - at - 4) as i32;
        self.buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
    }

    /// A `jsonb` from JSON text written in place by `write`.
    pub fn jsonb_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        self.text_with(|buf| {
            buf.push(1); // jsonb binary format version
            write(buf);
        });
    }

    /// A `timestamptz` from microseconds since the Unix epoch.
    pub fn timestamptz(&mut self, unix_micros: i64) {
        self.raw(&(unix_micros - PG_EPOCH_OFFSET_MICROS).to_be_bytes());
    }

    /// An `integer`.
    pub fn int4(&mut self, value: i32) {
        self.raw(&value.to_be_bytes());
    }

    /// A `bigint`.
    pub fn int8(&mut self, value: i64) {
        self.raw(&value.to_be_bytes());
    }

    /// A `boolean`.
    pub fn bool(&mut self, value: bool) {
        self.raw(&[u8::from(value)]);
    }

    /// A one-dimensional `text[]` without NULLs.
    pub fn text_array(&mut self, items: &[&str]) {
        let mut body = Vec::with_capacity(20 + items.iter().map(|s| s.len() + 4).sum::<usize>());
        let ndim: i32 = if items.is_empty() { 0 } else { 1 };
        body.extend_from_slice(&ndim.to_be_bytes());
        body.extend_from_slice(&0i32.to_be_bytes()); // has nulls
        body.extend_from_slice(&TEXT_OID.to_be_bytes());
        if !items.is_empty() {
            body.extend_from_slice(&(items.len() as i32).to_be_bytes());
            body.extend_from_slice(&1i32.to_be_bytes()); // lower bound
            for item in items {
                body.extend_from_slice(&(item.len() as i32).to_be_bytes());
                body.extend_from_slice(item.as_bytes());
            }
        }
        self.raw(&body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_length_prefixed_big_endian() {
        let mut b = CopyBuf::default();
        b.row(2);
        b.text("ab");
        b.null();
        assert_eq!(b.take(), [0, 2, 0, 0, 0, 2, b'a', b'b', 255, 255, 255, 255]);
        assert_eq!(b.len(), 0);
    }

    #[test]
    fn in_place_text_gets_its_length_patched() {
        let mut b = CopyBuf::default();
        b.jsonb_with(|buf| buf.extend_from_slice(b"{}"));
        assert_eq!(b.take(), [0, 0, 0, 3, 1, b'{', b'}']);
    }

    #[test]
    fn timestamps_count_from_2000() {
        let mut b = CopyBuf::default();
        b.timestamptz(PG_EPOCH_OFFSET_MICROS + 1);
        assert_eq!(b.take(), [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
