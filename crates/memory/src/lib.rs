//! In-memory storage backend: every repository port over one shared state, behaving like PostgreSQL.
#![doc = include_str!("../README.md")]

mod access;
mod access_admin;
mod accounts;
mod checks;
mod clock;
mod contacts;
mod conversations;
mod error;
mod health;
mod invitations;
mod media;
mod message_actions;
mod messages;
mod outbox;
mod pending;
mod quoted;
mod reactions;
mod roles;
mod state;
mod status;
mod store;
mod template_cleanup;
mod template_fallback;
mod template_repo;
mod templates;
mod webhook_apply;
mod webhook_contacts;
mod webhook_queue;
mod webhooks;

pub use store::{Counts, MemoryStore};

use inbox_domain::ports::Storage;
use std::sync::Arc;

/// A fresh, empty in-memory storage backend with every repository port.
pub fn storage() -> Storage {
    Arc::new(MemoryStore::new()).storage()
}
