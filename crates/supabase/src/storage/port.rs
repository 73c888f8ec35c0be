//! The `MediaStore` port over the bucket of [`SupabaseMediaStore`].

use async_trait::async_trait;
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use time::OffsetDateTime;

use inbox_domain::media::{ContentType, MediaKey, MediaObject, SignedUrl, check_url_lifetime};
use inbox_domain::ports::{MediaError, MediaStore};

use super::SupabaseMediaStore;
use super::bucket::{get_bucket, ping_outcome};
use super::call::{SMALL_ANSWER_MAX, execute};
use super::errors::unreadable;

/// Content type of a download that came without one (Storage always sends one).
const FALLBACK_CONTENT_TYPE: &str = "application/octet-stream";

/// `POST /object/sign/…` answer; `signedURL` is relative to `<url>/storage/v1`.
#[derive(Deserialize)]
struct SignedWire {
    #[serde(rename = "signedURL")]
    signed_url: String,
}

/// One entry of the batch delete's answer: the objects actually removed.
#[derive(Deserialize)]
struct DeletedWire {
    name: Option<String>,
}

#[async_trait]
impl MediaStore for SupabaseMediaStore {
    fn backend(&self) -> &'static str {
        "supabase-storage"
    }

    fn max_object_bytes(&self) -> u64 {
        self.max_object_bytes
    }

    async fn ping(&self) -> Result<(), MediaError> {
        let result = get_bucket(&self.client, &self.storage, &self.bucket).await;
        ping_outcome(result, self.max_object_bytes)
    }

    async fn put(&self, key: &MediaKey, object: MediaObject) -> Result<(), MediaError> {
        if object.len() > self.max_object_bytes {
            return Err(MediaError::TooLarge {
                limit_bytes: self.max_object_bytes,
            });
        }
        // Storage writes the new version aside and switches to it when whole: on failure the
        // old object stays. The bytes move into the body, not copied.
        let request = self
            .client
            .request(Method::POST, self.object_url("", key))
            .header("x-upsert", "true")
            .header(CONTENT_TYPE, object.content_type.as_str())
            .body(object.bytes);
        execute("upload", &self.bucket, request, SMALL_ANSWER_MAX)
            .await
            .map_err(|failure| failure.into_media(self.max_object_bytes))?;
        Ok(())
    }

    async fn get(&self, key: &MediaKey) -> Result<MediaObject, MediaError> {
        let request = self
            .client
            .request(Method::GET, self.object_url("authenticated/", key));
        let answer = execute("download", &self.bucket, request, self.max_object_bytes)
            .await
            .map_err(|failure| failure.into_media(self.max_object_bytes))?;
        let content_type = match answer.headers.get(CONTENT_TYPE) {
            None => FALLBACK_CONTENT_TYPE,
            Some(value) => value
                .to_str()
                .map_err(|_| unreadable("download", "Content-Type is not ASCII").into_media(0))?,
        };
        let content_type = ContentType::parse(content_type)
            .map_err(|_| unreadable("download", "Content-Type is not a MIME type").into_media(0))?;
        Ok(MediaObject::new(content_type, answer.body))
    }

    async fn delete(&self, key: &MediaKey) -> Result<bool, MediaError> {
        // The batch form answers the objects it removed, so a missing key is an empty list, not
        // an error we would have to tell apart from a missing bucket.
        let request = self
            .client
            .request(
                Method::DELETE,
                format!("{}/object/{}", self.storage, self.bucket),
            )
            .json(&json!({"prefixes": [key.as_str()]}));
        let answer = execute("delete", &self.bucket, request, SMALL_ANSWER_MAX)
            .await
            .map_err(|failure| failure.into_media(self.max_object_bytes))?;
        let deleted: Vec<DeletedWire> = serde_json::from_slice(&answer.body)
            .map_err(|err| unreadable("delete", format!("deleted objects: {err}")).into_media(0))?;
        Ok(deleted
            .iter()
            .any(|entry| entry.name.as_deref() == Some(key.as_str())))
    }

    async fn signed_url(
        &self,
        key: &MediaKey,
        expires_in: Duration,
    ) -> Result<Option<SignedUrl>, MediaError> {
        check_url_lifetime(expires_in).map_err(MediaError::Rejected)?;
        let asked_at = OffsetDateTime::now_utc();
        let request = self
            .client
            .request(Method::POST, self.object_url("sign/", key))
            .json(&json!({"expiresIn": expires_in.as_secs()}));
        let answer = execute("sign", &self.bucket, request, SMALL_ANSWER_MAX)
            .await
            .map_err(|failure| failure.into_media(self.max_object_bytes))?;
        // The answer carries the token: never logged, never put in an error.
        let wire: SignedWire = serde_json::from_slice(&answer.body)
            .map_err(|_| unreadable("sign", "no signedURL in the answer").into_media(0))?;
        let url = if wire.signed_url.starts_with('/') {
            format!("{}{}", self.storage, wire.signed_url)
        } else if wire.signed_url.starts_with("https://") || wire.signed_url.starts_with("http://")
        {
            wire.signed_url
        } else {
            return Err(unreadable("sign", "signedURL is neither a path nor a URL").into_media(0));
        };
        Ok(Some(SignedUrl {
            url,
            expires_at: asked_at + expires_in,
        }))
    }

    fn public_url(&self, key: &MediaKey) -> Option<String> {
        self.public.then(|| self.object_url("public/", key))
    }
}
