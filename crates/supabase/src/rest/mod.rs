//! Repositories over Supabase's PostgREST API (`/rest/v1`, service key), calling the same
//! tables, views and SQL functions as the PostgreSQL adapter, one HTTP request per port call
//! where that adapter runs one statement.
//!
//! Every port of the `Storage` bundle: `StorageHealth`, `AccountRepo`, `ContactRepo`,
//! `ConversationRepo`, `MessageRepo`, `WebhookQueue`, `AccessRepo` ([`SupabaseRest::storage`]).
//! Besides the bundle: `Outbox` ([`SupabaseRest::outbox`]) and `TemplateRepo`
//! ([`SupabaseRest::templates`]).

mod access;
mod accounts;
mod bytea;
mod call;
mod contacts;
mod conversations;
mod entities;
mod errors;
mod health;
mod keyset_list;
mod messages;
mod outbox;
mod outbox_batch;
mod search;
mod templates;
mod templates_cleanup;
mod webhooks;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::ports::{
    AccessRepo, AccountRepo, ContactRepo, ConversationRepo, MessageRepo, Outbox, Storage,
    StorageHealth, TemplateRepo, WebhookQueue,
};

use crate::client::ClientSettings;
use crate::project::{SupabaseProject, SupabaseSetupError};

pub use errors::RestError;

/// The PostgREST API of one Supabase project, from which each repository is made; they share
/// one pooled HTTP client.
#[derive(Clone)]
pub struct SupabaseRest {
    rest: call::Rest,
}

impl SupabaseRest {
    /// The client settings the repositories are meant to run with:
    ///
    /// - **whole-call timeout 10 s**: a repository call is one indexed statement that answers
    ///   in milliseconds; past 10 s the API or its database is in trouble and the caller (an
    ///   agent's request, a queue worker) is better told `Unavailable` so it can retry.
    /// - **32 idle connections per host**: repository calls are the hot path (every page, every
    ///   webhook), often concurrent; keeping connections warm avoids a TLS handshake per call.
    /// - connect timeout, idle timeout and redirects as [`ClientSettings::default`].
    pub fn default_settings() -> ClientSettings {
        ClientSettings {
            request_timeout: Duration::from_secs(10),
            pool_max_idle_per_host: 32,
            ..ClientSettings::default()
        }
    }

    /// The API of `project`, through a client built from `settings`.
    ///
    /// # Errors
    /// `Client` when the HTTP client cannot be built.
    pub fn new(
        project: &SupabaseProject,
        settings: &ClientSettings,
    ) -> Result<Self, SupabaseSetupError> {
        Ok(Self {
            rest: call::Rest::new(project, settings)?,
        })
    }

    /// Liveness: one read through PostgREST into the database; named "supabase".
    pub fn health(&self) -> Arc<dyn StorageHealth> {
        Arc::new(health::RestHealth::new(self.rest.clone()))
    }

    /// Accounts, over the `accounts` table.
    pub fn accounts(&self) -> Arc<dyn AccountRepo> {
        Arc::new(accounts::RestAccounts::new(self.rest.clone()))
    }

    /// Contacts, over `contacts` and the contact functions.
    pub fn contacts(&self) -> Arc<dyn ContactRepo> {
        Arc::new(contacts::RestContacts::new(self.rest.clone()))
    }

    /// Conversations, over the conversation functions and the summaries view.
    pub fn conversations(&self) -> Arc<dyn ConversationRepo> {
        Arc::new(conversations::RestConversations::new(self.rest.clone()))
    }

    /// Messages, over `inbox_messages` and the message functions.
    pub fn messages(&self) -> Arc<dyn MessageRepo> {
        Arc::new(messages::RestMessages::new(self.rest.clone()))
    }

    /// The webhook queue, over the `inbox_webhook_*` functions.
    pub fn webhooks(&self) -> Arc<dyn WebhookQueue> {
        Arc::new(webhooks::RestWebhooks::new(self.rest.clone()))
    }

    /// App users, roles, overrides and invitations, over the access functions.
    pub fn access(&self) -> Arc<dyn AccessRepo> {
        Arc::new(access::RestAccess::new(self.rest.clone()))
    }

    /// The durable outbox, over the `inbox_outbox_*` functions (V13, V17) and `send_jobs`.
    pub fn outbox(&self) -> Arc<dyn Outbox> {
        Arc::new(outbox::RestOutbox::new(self.rest.clone()))
    }

    /// Templates, header media and the messages waiting for a template, over `templates`,
    /// `template_header_media` and the `inbox_templates_*` functions (V14, V16, V18).
    pub fn templates(&self) -> Arc<dyn TemplateRepo> {
        Arc::new(templates::RestTemplates::new(self.rest.clone()))
    }

    /// Every repository of this backend, as `PgBackend::storage()` bundles the direct ones.
    pub fn storage(&self) -> Storage {
        Storage {
            access: self.access(),
            accounts: self.accounts(),
            contacts: self.contacts(),
            conversations: self.conversations(),
            messages: self.messages(),
            webhooks: self.webhooks(),
            health: self.health(),
        }
    }
}
