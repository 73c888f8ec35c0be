//! Test support for the inbox: throwaway PostgreSQL databases, then contract suites and fakes.
#![doc = include_str!("../README.md")]

/// Agents for tests: users with roles and the bearer tokens that speak for them.
pub mod agents;
/// Throwaway PostgreSQL databases cloned from a migrated template.
pub mod db;

pub mod contract;

pub mod fake_auth;

pub mod fake_meta;

pub mod fake_postgrest;

pub mod fake_storage;

/// A private pgbouncer in transaction mode in front of the test cluster.
pub mod pgbouncer;

/// Meta-shaped webhook deliveries: builders for every payload kind, encoding and signing.
pub mod webhook;
