//! `webhook_deliveries` in memory: the `inbox_webhook_*` functions, with leases on the real clock
//! and the attempt number as fencing token.

use std::time::Duration;

use time::OffsetDateTime;

use inbox_domain::RepoError;
use inbox_domain::inbound::document::ApplyDocument;
use inbox_domain::inbound::rules::clip;
use inbox_domain::ports::{
    ApplyOutcome, Claim, DeliveryId, DeliveryRecord, DeliveryState, FailAction,
    LEASE_EXPIRED_TOO_OFTEN, MESSAGE_WITHOUT_SENDER, UNKNOWN_ACCOUNT, UNREADABLE_PARTS,
};

use crate::clock::{now, stored};
use crate::state::State;

const ENTITY: &str = "delivery";

/// One row of `webhook_deliveries`.
#[derive(Debug, Clone)]
pub(crate) struct Delivery {
    body: Vec<u8>,
    received_at: OffsetDateTime,
    state: DeliveryState,
    attempt: i32,
    run_at: OffsetDateTime,
    lease_until: Option<OffsetDateTime>,
    last_error: Option<String>,
    parked_reason: Option<String>,
}

impl Delivery {
    fn record(&self, id: i64) -> DeliveryRecord {
        DeliveryRecord {
            id: DeliveryId::new(id),
            state: self.state,
            attempt: self.attempt,
            received_at: self.received_at,
            run_at: self.run_at,
            size_bytes: i64::try_from(self.body.len()).unwrap_or(i64::MAX),
            parked_reason: self.parked_reason.clone(),
            last_error: self.last_error.clone(),
        }
    }

    /// Holds the lease as `attempt` at `at`: the fence of apply and fail.
    fn leased_to(&self, attempt: i32, at: OffsetDateTime) -> bool {
        self.attempt == attempt
            && self.state == DeliveryState::Running
            && self.lease_until.is_some_and(|until| until > at)
    }
}

/// `t + d` as stored, saturating far in the future.
fn later(t: OffsetDateTime, d: Duration) -> OffsetDateTime {
    time::Duration::try_from(d)
        .ok()
        .and_then(|d| t.checked_add(d))
        .map_or(
            OffsetDateTime::new_utc(time::Date::MAX, time::Time::MIDNIGHT),
            stored,
        )
}

impl State {
    /// Moves delivery `id` to `state`, keeping the ready index in step.
    fn set_delivery_state(&mut self, id: i64, state: DeliveryState, run_at: OffsetDateTime) {
        let Some(delivery) = self.deliveries.get_mut(&id) else {
            return;
        };
        self.ready_deliveries.remove(&(delivery.run_at, id));
        delivery.state = state;
        delivery.run_at = run_at;
        if matches!(state, DeliveryState::Queued | DeliveryState::Retry) {
            self.ready_deliveries.insert((run_at, id));
        }
        if state != DeliveryState::Running {
            delivery.lease_until = None;
        }
    }

    /// `inbox_webhook_enqueue`: a new `queued` delivery, runnable now.
    pub(crate) fn enqueue_delivery(&mut self, body: Vec<u8>) -> DeliveryId {
        let at = now();
        self.last_delivery_id += 1;
        let id = self.last_delivery_id;
        self.deliveries.insert(
            id,
            Delivery {
                body,
                received_at: at,
                state: DeliveryState::Queued,
                attempt: 0,
                run_at: at,
                lease_until: None,
                last_error: None,
                parked_reason: None,
            },
        );
        self.ready_deliveries.insert((at, id));
        DeliveryId::new(id)
    }

    pub(crate) fn claim_deliveries(&mut self, max: u32, lease: Duration) -> Vec<Claim> {
        let at = now();
        let ready: Vec<(OffsetDateTime, i64)> = self
            .ready_deliveries
            .iter()
            .take_while(|(run_at, _)| *run_at <= at)
            .take(usize::try_from(max).unwrap_or(usize::MAX))
            .copied()
            .collect();
        let mut claims = Vec::with_capacity(ready.len());
        for (run_at, id) in ready {
            self.set_delivery_state(id, DeliveryState::Running, run_at);
            if let Some(delivery) = self.deliveries.get_mut(&id) {
                delivery.attempt = delivery.attempt.saturating_add(1);
                delivery.lease_until = Some(later(at, lease));
                claims.push(Claim {
                    id: DeliveryId::new(id),
                    attempt: delivery.attempt,
                    body: delivery.body.clone(),
                    received_at: delivery.received_at,
                });
            }
        }
        claims
    }

    pub(crate) fn apply_delivery(
        &mut self,
        id: i64,
        attempt: i32,
        doc: &ApplyDocument,
    ) -> Result<ApplyOutcome, RepoError> {
        let at = now();
        if !self
            .deliveries
            .get(&id)
            .is_some_and(|d| d.leased_to(attempt, at))
        {
            return Ok(ApplyOutcome::default());
        }
        let applied = self.apply_document(doc)?;
        let parked_reason = if !applied.unknown_numbers.is_empty() {
            Some(UNKNOWN_ACCOUNT)
        } else if !applied.senderless.is_empty() {
            Some(MESSAGE_WITHOUT_SENDER)
        } else if doc.unreadable.is_some() {
            Some(UNREADABLE_PARTS)
        } else {
            None
        };
        let state = match parked_reason {
            Some(_) => DeliveryState::Parked,
            None => DeliveryState::Done,
        };
        let run_at = self.deliveries.get(&id).map_or(at, |d| d.run_at);
        self.set_delivery_state(id, state, run_at);
        if let Some(delivery) = self.deliveries.get_mut(&id) {
            delivery.parked_reason = parked_reason.map(str::to_owned);
            if let Some(unreadable) = &doc.unreadable {
                delivery.last_error = Some(clip(unreadable, 10_000));
            }
        }
        Ok(ApplyOutcome {
            applied: true,
            events: applied.events,
            unknown_numbers: applied.unknown_numbers,
            senderless: applied.senderless,
            accounts: applied.accounts,
            parked_reason: parked_reason.map(str::to_owned),
        })
    }

    pub(crate) fn fail_delivery(
        &mut self,
        id: i64,
        attempt: i32,
        error: &str,
        action: FailAction,
    ) -> bool {
        let at = now();
        let Some(delivery) = self.deliveries.get_mut(&id) else {
            return false;
        };
        if !delivery.leased_to(attempt, at) {
            return false;
        }
        delivery.last_error = Some(clip(error, 10_000));
        let (state, run_at) = match action {
            FailAction::RetryAfter(delay) => {
                delivery.parked_reason = None;
                (DeliveryState::Retry, later(at, delay))
            }
            FailAction::Park(reason) => {
                let reason = clip(&reason, 1_000);
                delivery.parked_reason = Some(if reason.is_empty() {
                    "failed".to_owned()
                } else {
                    reason
                });
                (DeliveryState::Parked, delivery.run_at)
            }
        };
        self.set_delivery_state(id, state, run_at);
        true
    }

    pub(crate) fn rescue_deliveries(&mut self, max_attempts: i32) -> u64 {
        let at = now();
        let expired: Vec<(i64, bool)> = self
            .deliveries
            .iter()
            .filter(|(_, d)| d.state == DeliveryState::Running)
            .filter(|(_, d)| d.lease_until.is_some_and(|until| until <= at))
            .map(|(id, d)| (*id, d.attempt >= max_attempts))
            .collect();
        for (id, park) in &expired {
            let state = if *park {
                DeliveryState::Parked
            } else {
                DeliveryState::Retry
            };
            self.set_delivery_state(*id, state, at);
            if let Some(delivery) = self.deliveries.get_mut(id) {
                delivery.last_error = Some("lease expired".to_owned());
                delivery.parked_reason = park.then(|| LEASE_EXPIRED_TOO_OFTEN.to_owned());
            }
        }
        u64::try_from(expired.len()).unwrap_or(u64::MAX)
    }

    pub(crate) fn requeue_delivery(&mut self, id: i64) -> Result<DeliveryRecord, RepoError> {
        let delivery = self
            .deliveries
            .get_mut(&id)
            .ok_or(RepoError::not_found(ENTITY))?;
        if delivery.state != DeliveryState::Parked {
            return Err(RepoError::Conflict {
                entity: ENTITY,
                constraint: "only a parked delivery can be requeued".to_owned(),
            });
        }
        delivery.parked_reason = None;
        self.set_delivery_state(id, DeliveryState::Queued, now());
        self.deliveries
            .get(&id)
            .map(|d| d.record(id))
            .ok_or(RepoError::not_found(ENTITY))
    }

    /// `inbox_webhook_list`: deliveries in `state` below `before`, newest first.
    pub(crate) fn list_deliveries(
        &self,
        state: DeliveryState,
        before: Option<DeliveryId>,
        limit: u16,
    ) -> Vec<DeliveryRecord> {
        let before = before.map_or(i64::MAX, DeliveryId::get);
        self.deliveries
            .range(..before)
            .rev()
            .filter(|(_, d)| d.state == state)
            .take(usize::from(limit))
            .map(|(id, d)| d.record(*id))
            .collect()
    }
}
