//! Integration tests of inbox-http: real servers on loopback ports, called over HTTP.

// `cfg(test)` marks the helpers as test code for clippy's allow-unwrap/expect-in-tests.
#[cfg(test)]
mod accounts;
#[cfg(test)]
mod auth;
#[cfg(test)]
mod authz;
#[cfg(test)]
mod contacts;
#[cfg(test)]
mod conversation_actions;
#[cfg(test)]
mod conversation_filters;
#[cfg(test)]
mod conversations;
#[cfg(test)]
mod deliveries;
#[cfg(test)]
mod errors;
#[cfg(test)]
mod health;
#[cfg(test)]
mod helpers;
#[cfg(test)]
mod invitations;
#[cfg(test)]
mod logs;
#[cfg(test)]
mod media_galleries;
#[cfg(test)]
mod message_actions;
#[cfg(test)]
mod messages;
#[cfg(test)]
mod observability;
#[cfg(test)]
mod openapi;
#[cfg(test)]
mod profile;
#[cfg(test)]
mod realtime;
#[cfg(test)]
mod roles;
#[cfg(test)]
mod templates;
#[cfg(test)]
mod user_admin;
#[cfg(test)]
mod webhook_batching;
#[cfg(test)]
mod webhook_limits;
#[cfg(test)]
mod webhook_receive;
#[cfg(test)]
mod webhook_verify;
