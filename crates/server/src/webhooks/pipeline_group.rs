//! Several readable deliveries applied together: one `apply_many` (one transaction, one commit
//! in PostgreSQL) instead of one commit each, so a worker is not paced by the disk's flushes.
//! A group applies its deliveries in the order of the rows they lock (the customer of a message,
//! the message of a status), so two workers' groups take the rows they share in the same order
//! and do not deadlock. When a group fails as a whole anyway (a lock held too long, a delivery
//! the store refuses), each delivery is applied again on its own, where its failure is handled
//! as usual.

use std::time::Instant;

use inbox_domain::inbound::WebhookBatch;
use inbox_domain::ports::{Claim, ClaimedBatch};

use super::{WebhookPipeline, record};
use crate::error::cause_chain;

impl WebhookPipeline {
    /// Applies `readable` (claimed and parsed) and takes each delivery to its end.
    pub(super) async fn apply_group(&self, mut readable: Vec<(Claim, WebhookBatch)>) {
        let started = Instant::now();
        readable.sort_by_cached_key(|(_, batch)| lock_key(batch));
        if readable.len() == 1 {
            for (claim, batch) in &readable {
                let outcome = self.apply_one(claim, batch).await;
                record(claim, outcome, started);
            }
            return;
        }
        let (claims, items): (Vec<Claim>, Vec<ClaimedBatch>) = readable
            .into_iter()
            .map(|(claim, batch)| {
                let item = ClaimedBatch {
                    id: claim.id,
                    attempt: claim.attempt,
                    batch,
                };
                (claim, item)
            })
            .unzip();
        let results: Vec<Option<Result<_, _>>> = match self.queue.apply_many(&items).await {
            Ok(results) if results.len() == items.len() => results.into_iter().map(Some).collect(),
            Ok(results) => {
                tracing::error!(
                    deliveries = items.len(),
                    results = results.len(),
                    "the queue answered a group apply with the wrong number of results; applying each alone"
                );
                items.iter().map(|_| None).collect()
            }
            Err(error) => {
                tracing::info!(
                    deliveries = items.len(),
                    error.cause_chain = %cause_chain(&error),
                    "applying a group of webhook deliveries failed as a whole; applying each alone"
                );
                items.iter().map(|_| None).collect()
            }
        };
        for ((claim, item), result) in claims.iter().zip(&items).zip(results) {
            let outcome = match result {
                Some(Ok(applied)) => self.finish(claim, &item.batch, applied).await,
                // This delivery's own failure, or the group's: on its own, with the usual
                // retry or parking.
                Some(Err(_)) | None => self.apply_one(claim, &item.batch).await,
            };
            record(claim, outcome, started);
        }
    }
}

/// The first row a delivery locks, as far as its content tells: the customer of a message (their
/// contact and conversation), before the message of a status (by wamid); the smallest of them
/// when the delivery has several.
fn lock_key(batch: &WebhookBatch) -> (u8, String, String) {
    let messages = batch.changes.iter().flat_map(|change| {
        change.messages.iter().map(move |message| {
            let customer = message
                .from
                .as_ref()
                .map(|wa_id| wa_id.as_str().to_owned())
                .or_else(|| message.from_bsuid.clone())
                .unwrap_or_default();
            (0, change.phone_number_id.as_str().to_owned(), customer)
        })
    });
    let statuses = batch.changes.iter().flat_map(|change| {
        change
            .statuses
            .iter()
            .map(|status| (1, status.wamid.as_str().to_owned(), String::new()))
    });
    messages
        .chain(statuses)
        .min()
        .unwrap_or((2, String::new(), String::new()))
}

#[cfg(test)]
#[path = "pipeline_group_tests.rs"]
mod tests;
