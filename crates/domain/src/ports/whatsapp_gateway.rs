//! Meta's Graph API as the inbox needs it: send, mark read, media, templates, business profile.

use async_trait::async_trait;

use crate::outbound::{
    BusinessProfile, BusinessProfileUpdate, CreatedTemplate, GatewayError, MediaId, MediaInfo,
    MediaUpload, NewTemplate, OutboundMessage, SendReceipt, SenderCredentials, TemplateName,
    TemplatePage, TemplateQuery,
};
use crate::phone::WabaId;
use crate::wamid::Wamid;

/// The WhatsApp Cloud API. Each call carries the credentials of the number it acts for, so one
/// gateway serves every account. Implementations never log tokens, phone numbers, bodies or
/// URLs with query strings.
///
/// # Errors (every method)
/// Every failure is a [`GatewayError`], classified by `outbound::classify` on Meta's code:
/// - `Retryable` when Meta proves it did not act (`130429`, `131056`, `4`, `80007`, `131057`,
///   HTTP 429, a connection that failed before the request was sent) or, for every method but
///   `send`, a transient failure (timeout, HTTP 5xx, `1`, `2`, `131000`, `131016`);
/// - `Ambiguous` only from `send`: the request may have reached Meta (timeout after it left,
///   HTTP 5xx, `1`, `2`, `131000`, `131016`, an unreadable 200);
/// - `WindowClosed` for `131047`;
/// - `Credentials` for invalid or expired tokens, missing permissions, unusable numbers;
/// - `Permanent` for everything else, including answers that cannot be read.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait WhatsAppGateway: Send + Sync {
    /// Sends `message` from the number in `from`. Success means Meta **accepted** it; delivery
    /// comes later by status webhook, carrying `message`'s `biz_opaque_callback_data`. Not
    /// idempotent: Meta has no idempotency key, so never repeat a call that ended `Ambiguous`
    /// before the reconciliation window has passed.
    async fn send(
        &self,
        from: &SenderCredentials,
        message: &OutboundMessage,
    ) -> Result<SendReceipt, GatewayError>;

    /// Marks the customer's message `wamid` (and every earlier one) as read. Idempotent.
    async fn mark_read(&self, from: &SenderCredentials, wamid: &Wamid) -> Result<(), GatewayError>;

    /// Uploads a file for later sends from this number; Meta keeps it 30 days. Repeating it
    /// only leaves an unused copy.
    async fn upload_media(
        &self,
        from: &SenderCredentials,
        upload: &MediaUpload,
    ) -> Result<MediaId, GatewayError>;

    /// Where and what `media_id` is. The URL expires after about 5 minutes; on a later 404,
    /// ask again once. `Permanent` (Meta's `100`) when the id is unknown or not this number's.
    async fn media_url(
        &self,
        from: &SenderCredentials,
        media_id: &MediaId,
    ) -> Result<MediaInfo, GatewayError>;

    /// Downloads `media` with the number's token: only from an allowed media host, no redirect
    /// followed, at most the cap of its kind, checked against its `sha256`.
    /// `Permanent` for a host not allowed, an oversized file or a checksum mismatch; a 404
    /// (expired URL) is `Permanent` with `http_status` 404.
    async fn download_media(
        &self,
        from: &SenderCredentials,
        media: &MediaInfo,
    ) -> Result<Vec<u8>, GatewayError>;

    /// One page of the account's templates, filtered as `query` says.
    async fn list_templates(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        query: &TemplateQuery,
    ) -> Result<TemplatePage, GatewayError>;

    /// Submits a template for review. `Permanent` when the name and language already exist.
    async fn create_template(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        template: &NewTemplate,
    ) -> Result<CreatedTemplate, GatewayError>;

    /// Deletes every language of the template `name`. `Permanent` when there is none.
    async fn delete_template(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        name: &TemplateName,
    ) -> Result<(), GatewayError>;

    /// The number's business profile (Meta's nested and flat shapes both accepted).
    async fn business_profile(
        &self,
        from: &SenderCredentials,
    ) -> Result<BusinessProfile, GatewayError>;

    /// Changes the fields `update` sets; the others stay. An empty update is not sent.
    async fn update_business_profile(
        &self,
        from: &SenderCredentials,
        update: &BusinessProfileUpdate,
    ) -> Result<(), GatewayError>;
}
