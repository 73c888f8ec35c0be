//! Webhook delivery bodies for operators: the record (never the raw body) and the list query.

use inbox_domain::ValidationError;
use inbox_domain::ports::{DeliveryId, DeliveryRecord, DeliveryState};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// Largest page of deliveries, and the default.
const MAX_LIMIT: u16 = 100;
const DEFAULT_LIMIT: u16 = 50;

/// A stored webhook delivery without its body (which may hold personal data).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryResponse {
    /// The delivery's number.
    pub id: i64,
    /// `queued`, `running`, `retry`, `done` or `parked`.
    #[schema(example = "parked")]
    pub state: &'static str,
    /// Attempts so far.
    pub attempt: i32,
    /// When it was received (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    /// When it may next be attempted (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub run_at: OffsetDateTime,
    /// Size of the raw body in bytes.
    pub size_bytes: i64,
    /// Why it was parked (`unknown account`, `invalid payload: ...`).
    pub parked_reason: Option<String>,
    /// The last error of a retried or parked delivery.
    pub last_error: Option<String>,
}

impl From<&DeliveryRecord> for DeliveryResponse {
    fn from(d: &DeliveryRecord) -> Self {
        Self {
            id: d.id.get(),
            state: d.state.as_str(),
            attempt: d.attempt,
            received_at: d.received_at,
            run_at: d.run_at,
            size_bytes: d.size_bytes,
            parked_reason: d.parked_reason.clone(),
            last_error: d.last_error.clone(),
        }
    }
}

/// Body of `GET /admin/webhook-deliveries`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryList {
    /// Newest first.
    pub items: Vec<DeliveryResponse>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

impl DeliveryList {
    /// A page of `limit` asked for: a full page may have a next one.
    pub fn new(records: &[DeliveryRecord], limit: u16) -> Self {
        let full = records.len() >= usize::from(limit);
        Self {
            items: records.iter().map(DeliveryResponse::from).collect(),
            next_before: records.last().filter(|_| full).map(|last| last.id.get()),
        }
    }
}

/// Query of `GET /admin/webhook-deliveries`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryListQuery {
    /// `queued`, `running`, `retry`, `done` or `parked` (default `parked`).
    #[param(value_type = Option<String>, example = "parked")]
    pub state: Option<String>,
    /// `next_before` of the previous page: only deliveries with a smaller id.
    #[param(value_type = Option<i64>)]
    pub before: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

impl DeliveryListQuery {
    /// The state, the id to continue below, and the page size.
    pub fn try_into_domain(
        &self,
    ) -> Result<(DeliveryState, Option<DeliveryId>, u16), ValidationError> {
        let state = self
            .state
            .as_deref()
            .map_or(Ok(DeliveryState::Parked), str::parse)?;
        let before = self
            .before
            .as_deref()
            .map(|text| {
                text.parse::<DeliveryId>().map_err(|_| {
                    ValidationError::new("before", "must be a positive delivery number")
                })
            })
            .transpose()?;
        let limit = match self.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|limit| (1..=MAX_LIMIT).contains(limit))
                .ok_or_else(|| {
                    ValidationError::new("limit", "must be an integer between 1 and 100")
                })?,
        };
        Ok((state, before, limit))
    }
}
