//! `inboxd`'s library half: configuration, backend selection and the composition root.

pub mod admin_ports;
pub mod app;
pub mod auth;
pub mod backend;
pub mod backend_rest;
pub mod cli;
pub mod commands;
pub mod config;
pub mod embedded;
pub mod error;
pub mod health_checks;
pub mod media_backend;
pub mod realtime;
pub mod seed;
pub mod sending;
pub mod telemetry;
pub mod templates;
pub mod users;
pub mod webhooks;
mod worker_pools;
mod worker_set;

pub use app::Application;
pub use config::Settings;
pub use error::StartupError;
