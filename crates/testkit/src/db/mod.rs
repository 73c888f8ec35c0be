//! Throwaway PostgreSQL databases: one shared cluster, a migrated template, a clone per test.
//!
//! The cluster lives in `$TMPDIR/inbox-testkit-<uid>/pg` (durability off), is started under a file
//! lock so parallel test processes share it, and is left running for the next run. Test databases
//! are named `t_<unix secs>_<template tag>_<random>`; those older than an hour are swept at start.

mod cluster;
mod connect;
mod error;
mod names;
mod sweep;
mod template;
mod test_database;

pub use cluster::TestCluster;
pub use error::TestDbError;
pub use test_database::TestDatabase;
