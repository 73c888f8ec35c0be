//! Meta's WhatsApp Cloud API at our edge: webhook signatures, the verify token, payload parsing.
#![doc = include_str!("../README.md")]

pub mod signature;
pub mod verify_token;
pub mod webhook;
