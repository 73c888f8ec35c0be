//! Authentication of agents (bearer tokens) and authorisation of what they ask for.

mod admin;
mod authenticator;
mod cache;
mod caller;
mod owners;

pub(crate) use admin::{grant_failed, refused, role_permissions};
pub(crate) use authenticator::Authenticator;
pub use authenticator::{AuthOptions, MAX_PRINCIPAL_TTL, TOKENS_REJECTED};
pub(crate) use caller::Caller;
pub(crate) use owners::Owners;
