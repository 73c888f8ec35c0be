//! Media: multipart upload, metadata lookup, and the guarded download (allowed hosts, cap, sha256).

use inbox_domain::outbound::{
    CallKind, GatewayError, GraphFailure, MediaId, MediaInfo, MediaKind, MediaUpload,
    SenderCredentials, classify,
};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use std::time::Instant;

use super::call::{self, Capped, execute, meta_failure, read_capped, transport};
use super::{GraphGateway, op, wire};

/// Error answers of the media host are read up to this size (they are small JSON or HTML).
const ERROR_BODY_MAX: u64 = 64 * 1024;

fn refused(title: String) -> GatewayError {
    GatewayError::permanent(GraphFailure::transport(title))
}

impl GraphGateway {
    /// `POST /<PNID>/media`, multipart: `messaging_product`, `type` (MIME) and `file`.
    pub(super) async fn upload(
        &self,
        from: &SenderCredentials,
        upload: &MediaUpload,
    ) -> Result<MediaId, GatewayError> {
        let kind = MediaKind::of_mime(&upload.mime_type);
        if upload.bytes.len() as u64 > kind.max_bytes() {
            return Err(refused(format!(
                "file larger than Meta's cap for {}",
                kind.as_str()
            )));
        }
        let part = Part::bytes(upload.bytes.clone())
            .file_name(upload.filename.clone())
            .mime_str(&upload.mime_type)
            .map_err(|_| refused("invalid MIME type".to_owned()))?;
        let form = Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", upload.mime_type.clone())
            .part("file", part);
        let path = format!("{}/media", from.phone_number_id);
        let request = self
            .request(Method::POST, from, &path)
            .timeout(self.config.media_timeout)
            .multipart(form);
        let answer = execute(op("upload_media", CallKind::Repeatable, from), request).await?;
        wire::media_id(&answer)
    }

    /// `GET /<MEDIA_ID>?phone_number_id=<PNID>` (the parameter makes Meta check ownership).
    pub(super) async fn media_info(
        &self,
        from: &SenderCredentials,
        media_id: &MediaId,
    ) -> Result<MediaInfo, GatewayError> {
        let request = self
            .request(Method::GET, from, media_id.as_str())
            .query(&[("phone_number_id", from.phone_number_id.as_str())]);
        let answer = execute(op("media_url", CallKind::Repeatable, from), request).await?;
        wire::media_info(&answer, media_id)
    }

    /// Downloads a media file with the account's token, after checking the URL's host.
    pub(super) async fn download(
        &self,
        from: &SenderCredentials,
        media: &MediaInfo,
    ) -> Result<Vec<u8>, GatewayError> {
        let started = Instant::now();
        let result = self.fetch(from, media).await;
        let operation = op("download_media", CallKind::Repeatable, from);
        call::log(operation, result.as_ref().map(|_| ()), started.elapsed());
        result
    }

    async fn fetch(
        &self,
        from: &SenderCredentials,
        media: &MediaInfo,
    ) -> Result<Vec<u8>, GatewayError> {
        let url = self.allowed_url(media.url.expose())?;
        let kind = MediaKind::of_mime(&media.mime_type);
        let cap = kind.max_bytes();
        if media.file_size > cap {
            return Err(refused(format!(
                "media larger than the cap for {}",
                kind.as_str()
            )));
        }
        // The token is attached only now, after the host check.
        let response = self
            .client
            .get(url)
            .bearer_auth(from.access_token.expose_secret())
            .timeout(self.config.media_timeout)
            .send()
            .await
            .map_err(|err| transport(CallKind::Repeatable, err))?;
        let status = response.status();
        if !status.is_success() {
            let body = read_capped(response, ERROR_BODY_MAX)
                .await
                .unwrap_or_default();
            let failure = meta_failure(status.as_u16(), &body);
            return Err(classify(CallKind::Repeatable, failure, None));
        }
        let bytes = read_capped(response, cap)
            .await
            .map_err(|failure| match failure {
                Capped::Transport(err) => transport(CallKind::Repeatable, err),
                Capped::TooLarge => refused(format!("media exceeds the cap for {}", kind.as_str())),
            })?;
        let digest = hex::encode(Sha256::digest(&bytes));
        if !digest.eq_ignore_ascii_case(media.sha256.trim()) {
            return Err(refused("media sha256 does not match".to_owned()));
        }
        Ok(bytes)
    }

    /// Only `https` on port 443 to a configured media host (any scheme and port on a host of
    /// the list when `allow_insecure_media` is set, for local fakes); no credentials in the URL.
    fn allowed_url(&self, url: &str) -> Result<reqwest::Url, GatewayError> {
        let not_allowed = || refused("media URL not on an allowed media host".to_owned());
        let parsed = reqwest::Url::parse(url).map_err(|_| not_allowed())?;
        let secure = parsed.scheme() == "https" && parsed.port_or_known_default() == Some(443);
        let insecure_ok = self.config.allow_insecure_media && parsed.scheme() == "http";
        let host_ok = parsed.host_str().is_some_and(|host| {
            self.config
                .media_hosts
                .iter()
                .any(|allowed| allowed == host)
        });
        let no_userinfo = parsed.username().is_empty() && parsed.password().is_none();
        if (secure || insecure_ok) && host_ok && no_userinfo {
            Ok(parsed)
        } else {
            Err(not_allowed())
        }
    }
}
