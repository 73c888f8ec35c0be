//! Meta's WhatsApp Cloud API at our edge: webhook signatures, the verify token, payload parsing.
#![doc = include_str!("../README.md")]

pub mod gateway;
pub mod signature;
pub mod verifier;
pub mod verify_token;
pub mod webhook;

pub use gateway::{GraphConfig, GraphGateway};
pub use verifier::MetaWebhookVerifier;
