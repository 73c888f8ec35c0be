//! Private local PostgreSQL cluster managed from the server binaries on the machine.
#![doc = include_str!("../README.md")]

mod binaries;
mod cluster;
mod command;
mod config;
mod error;
mod initdb;
mod liveness;
mod lock;
mod logfile;
mod pidfile;
mod ports;
mod run_as;
mod server_args;
mod socket;
mod start;

pub use cluster::PgCluster;
pub use config::ClusterConfig;
pub use error::ClusterError;
pub use lock::FileLock;
