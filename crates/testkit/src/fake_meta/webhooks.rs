//! Status webhooks from the fake to an inbox: built with the `webhook` builders, signed with
//! the app secret, posted to the configured URL.

use std::time::Duration;

use super::FakeMetaError;
use super::server::Shared;
use super::state::SentMessage;
use crate::webhook::{Delivery, Status, TemplateStatus, WaError};

/// Where status webhooks go and the app secret that signs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    /// The inbox's webhook URL, e.g. `http://127.0.0.1:8080/webhook/whatsapp`.
    pub url: String,
    /// The Meta app secret the inbox checks `X-Hub-Signature-256` with.
    pub app_secret: String,
}

/// A status of one accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusUpdate {
    /// `sent`.
    Sent,
    /// `delivered`.
    Delivered,
    /// `read`.
    Read,
    /// `failed` with Meta's error.
    Failed {
        /// Meta's code, e.g. `131026`.
        code: i64,
        /// Meta's title.
        title: String,
        /// `error_data.details`.
        details: Option<String>,
    },
}

impl StatusUpdate {
    /// `failed` with `131026` (undeliverable).
    pub fn undeliverable() -> Self {
        Self::Failed {
            code: 131_026,
            title: "Message undeliverable".to_owned(),
            details: Some("Message Undeliverable.".to_owned()),
        }
    }

    /// Meta's status name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed { .. } => "failed",
        }
    }
}

/// When the fake reports statuses on its own after accepting a message (offsets from acceptance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoStatuses {
    /// When `sent` goes out.
    pub sent: Duration,
    /// When `delivered` goes out.
    pub delivered: Duration,
    /// When `read` goes out.
    pub read: Duration,
}

impl Default for AutoStatuses {
    /// 200 ms, 700 ms and 2 s: enough to watch each step arrive.
    fn default() -> Self {
        Self {
            sent: Duration::from_millis(200),
            delivered: Duration::from_millis(700),
            read: Duration::from_secs(2),
        }
    }
}

/// The delivery carrying `update` for `message`, as Meta would send it.
pub(crate) fn status_delivery(message: &SentMessage, update: &StatusUpdate) -> Delivery {
    let (wamid, to) = (message.wamid.as_str(), message.wa_id.as_str());
    let mut status = match update {
        StatusUpdate::Sent => Status::sent(wamid, to),
        StatusUpdate::Delivered => Status::delivered(wamid, to),
        StatusUpdate::Read => Status::read(wamid, to),
        StatusUpdate::Failed {
            code,
            title,
            details,
        } => {
            let error = WaError::new(*code, title);
            let error = match details {
                Some(details) => error.details(details),
                None => error,
            };
            Status::failed(wamid, to, error)
        }
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    status = status.timestamp(now);
    if let Some(data) = &message.callback_data {
        status = status.callback(data);
    }
    Delivery::new(&message.phone_number_id).status(status)
}

/// Signs and posts `delivery`; returns the receiver's HTTP status.
pub(crate) async fn post(shared: &Shared, delivery: &Delivery) -> Result<u16, FakeMetaError> {
    let target = shared
        .lock()
        .webhook
        .clone()
        .ok_or(FakeMetaError::NoWebhook)?;
    let (body, signature) = delivery.signed(target.app_secret.as_bytes());
    let response = shared
        .client
        .post(&target.url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
        .map_err(|err| FakeMetaError::Webhook(err.without_url().to_string()))?;
    let status = response.status().as_u16();
    tracing::info!(http.status = status, "fake Meta posted a webhook");
    Ok(status)
}

/// Sends `sent`, `delivered` and `read` for `message` at the configured offsets, in the background.
pub(crate) fn schedule(
    shared: actix_web::web::Data<Shared>,
    message: SentMessage,
    auto: AutoStatuses,
) {
    tokio::spawn(async move {
        let mut elapsed = Duration::ZERO;
        for (at, update) in [
            (auto.sent, StatusUpdate::Sent),
            (auto.delivered, StatusUpdate::Delivered),
            (auto.read, StatusUpdate::Read),
        ] {
            tokio::time::sleep(at.saturating_sub(elapsed)).await;
            elapsed = elapsed.max(at);
            if let Err(err) = post(&shared, &status_delivery(&message, &update)).await {
                tracing::warn!(error = %err, status = update.as_str(), "fake Meta could not post a status");
            }
        }
    });
}

/// Approves `template` after `delay` and reports it by webhook when one is configured.
pub(crate) fn approve_later(shared: actix_web::web::Data<Shared>, id: String, delay: Duration) {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let found = {
            let mut state = shared.lock();
            state.templates.iter_mut().find(|t| t.id == id).map(|t| {
                t.status = "APPROVED".to_owned();
                t.clone()
            })
        };
        let Some(template) = found else { return };
        let has_webhook = shared.lock().webhook.is_some();
        if has_webhook {
            let numeric = template.id.parse().unwrap_or_default();
            let update = TemplateStatus::approved(numeric, &template.name, &template.language)
                .category(&template.category);
            let delivery = Delivery::empty().template_status(update);
            if let Err(err) = post(&shared, &delivery).await {
                tracing::warn!(error = %err, "fake Meta could not post a template status");
            }
        }
    });
}
