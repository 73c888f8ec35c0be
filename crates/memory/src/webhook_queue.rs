//! `WebhookQueue` for the in-memory store: each call one step under the store's lock.

use std::time::Duration;

use async_trait::async_trait;

use inbox_domain::RepoError;
use inbox_domain::inbound::WebhookBatch;
use inbox_domain::inbound::document::ApplyDocument;
use inbox_domain::ports::{
    ApplyOutcome, Claim, ClaimedBatch, DeliveryId, DeliveryRecord, DeliveryState, FailAction,
    WebhookQueue,
};

use crate::checks::invalid;
use crate::store::MemoryStore;

/// `webhook_deliveries.body`'s size limit.
const MAX_BODY: usize = 16_777_216;

#[async_trait]
impl WebhookQueue for MemoryStore {
    async fn enqueue(&self, body: Vec<u8>) -> Result<DeliveryId, RepoError> {
        if body.len() > MAX_BODY {
            return Err(invalid(
                "delivery",
                "violates webhook_deliveries_body_check".to_owned(),
            ));
        }
        Ok(self.write()?.enqueue_delivery(body))
    }

    async fn enqueue_many(&self, bodies: &[Vec<u8>]) -> Result<Vec<DeliveryId>, RepoError> {
        if bodies.iter().any(|body| body.len() > MAX_BODY) {
            return Err(invalid(
                "delivery",
                "violates webhook_deliveries_body_check".to_owned(),
            ));
        }
        // One lock for all: nobody sees some of them stored and not the others.
        let mut store = self.write()?;
        Ok(bodies
            .iter()
            .map(|body| store.enqueue_delivery(body.clone()))
            .collect())
    }

    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<Claim>, RepoError> {
        Ok(self.write()?.claim_deliveries(max, lease))
    }

    async fn apply(
        &self,
        id: DeliveryId,
        attempt: i32,
        batch: &WebhookBatch,
    ) -> Result<ApplyOutcome, RepoError> {
        let doc = ApplyDocument::from_batch(batch);
        self.write()?.apply_delivery(id.get(), attempt, &doc)
    }

    async fn apply_many(
        &self,
        items: &[ClaimedBatch],
    ) -> Result<Vec<Result<ApplyOutcome, RepoError>>, RepoError> {
        // Each item on its own, like `apply`, all under one lock.
        let mut store = self.write()?;
        Ok(items
            .iter()
            .map(|item| {
                let doc = ApplyDocument::from_batch(&item.batch);
                store.apply_delivery(item.id.get(), item.attempt, &doc)
            })
            .collect())
    }

    async fn fail(
        &self,
        id: DeliveryId,
        attempt: i32,
        error: &str,
        action: FailAction,
    ) -> Result<bool, RepoError> {
        Ok(self
            .write()?
            .fail_delivery(id.get(), attempt, error, action))
    }

    async fn rescue_expired(&self, max_attempts: i32) -> Result<u64, RepoError> {
        Ok(self.write()?.rescue_deliveries(max_attempts))
    }

    async fn list(
        &self,
        state: DeliveryState,
        before: Option<DeliveryId>,
        limit: u16,
    ) -> Result<Vec<DeliveryRecord>, RepoError> {
        Ok(self.read()?.list_deliveries(state, before, limit))
    }

    async fn requeue(&self, id: DeliveryId) -> Result<DeliveryRecord, RepoError> {
        self.write()?.requeue_delivery(id.get())
    }
}
