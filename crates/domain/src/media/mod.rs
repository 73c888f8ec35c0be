//! Stored media files: the keys they live under, what a stored object is, links to one.

mod key;
mod object;
#[cfg(test)]
mod tests;

pub use key::{MEDIA_KEY_MAX, MEDIA_KEY_SEGMENT_MAX, MediaKey};
pub use object::{
    CONTENT_TYPE_MAX, ContentType, MediaObject, SIGNED_URL_MAX_LIFETIME, SIGNED_URL_MIN_LIFETIME,
    SignedUrl, check_url_lifetime,
};
