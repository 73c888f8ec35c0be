//! An app whose streams read a real event journal, with agents on two accounts.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{EventBus, EventPosition};
use inbox_domain::{AccountId, ContactId};
use inbox_events::{EventJournal, InProcessEventBus, JournalSettings};
use inbox_http::{
    AppState, AuthOptions, RealtimeOptions, ServeOptions, install_metrics_recorder, serve,
};
use inbox_testkit::agents::{TestAgent, TestTokens, agent};

use crate::helpers::seed_account;

/// How the streams of a test app are paced.
pub struct Pacing {
    pub history: usize,
    pub heartbeat: Duration,
    pub max_stream: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Self {
            history: 100,
            // Long enough that no heartbeat interleaves with a test that does not look for one.
            heartbeat: Duration::from_secs(3600),
            max_stream: Duration::from_secs(3600),
        }
    }
}

/// A running app, the bus its events go through, and an agent on each of two accounts.
pub struct RealtimeApp {
    pub address: String,
    pub bus: InProcessEventBus,
    pub journal: EventJournal,
    pub account_a: AccountId,
    pub account_b: AccountId,
    /// Reads conversations of account A only.
    pub agent_a: TestAgent,
    handle: ServerHandle,
}

impl Drop for RealtimeApp {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

impl RealtimeApp {
    pub async fn spawn(pacing: Pacing) -> Self {
        let storage = inbox_memory::storage();
        let tokens = TestTokens::new();
        let account_a = seed_account(&storage, "106540352242922").await.id;
        let account_b = seed_account(&storage, "106540352242923").await.id;
        let agent_a = agent(&storage, &tokens, "agent", Some(account_a)).await;
        let journal = EventJournal::new(JournalSettings {
            history: pacing.history,
            subscriber_buffer: 64,
        });
        let bus = InProcessEventBus::new(64).with_journal(journal.clone());
        let state = AppState::new(storage, install_metrics_recorder())
            .with_auth(AuthOptions {
                verifier: tokens.verifier(),
                ..AuthOptions::default()
            })
            .with_realtime(RealtimeOptions {
                feed: std::sync::Arc::new(journal.clone()),
                heartbeat: pacing.heartbeat,
                max_stream: pacing.max_stream,
                query_token: true,
            });
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let port = listener.local_addr().expect("local address").port();
        let options = ServeOptions {
            workers: 1,
            shutdown_timeout: Duration::from_secs(1),
            worker_storage: None,
        };
        let server = serve(listener, state, options).expect("start the server");
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            address: format!("127.0.0.1:{port}"),
            bus,
            journal,
            account_a,
            account_b,
            agent_a,
            handle,
        }
    }

    /// Publishes one `contact_updated` event per account given, in order; returns the events.
    pub async fn publish(&self, accounts: &[AccountId]) -> Vec<InboxEvent> {
        let events: Vec<_> = accounts
            .iter()
            .map(|account| InboxEvent::ContactUpdated {
                account_id: *account,
                contact_id: ContactId::generate(),
            })
            .collect();
        self.bus.publish(events.clone()).await;
        events
    }

    /// The id of the `seq`-th event of this app's journal.
    pub fn id_of(&self, seq: u64) -> String {
        EventPosition {
            epoch: self.journal.newest().epoch,
            seq,
        }
        .to_string()
    }
}

/// The contact id of a `contact_updated` event, as its JSON shows it.
pub fn contact_of(event: &InboxEvent) -> String {
    match event {
        InboxEvent::ContactUpdated { contact_id, .. } => contact_id.to_string(),
        other => panic!("not a contact event: {other:?}"),
    }
}
