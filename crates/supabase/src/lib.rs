//! Supabase adapters: Auth admin now; PostgREST repositories and Storage next to it later.
#![doc = include_str!("../README.md")]

pub mod auth_admin;
mod client;
mod project;
pub mod rest;
mod round_trip;
pub mod storage;

pub use auth_admin::SupabaseAuthAdmin;
pub use client::ClientSettings;
pub use project::{SupabaseProject, SupabaseSetupError};
pub use rest::SupabaseRest;
pub use storage::{StorageConfig, StorageSetupError, SupabaseMediaStore};
