//! `inbox-bench`: loads a generated data set and measures the inbox read paths against their references.

mod cli;
mod commands;
mod cpu;
mod dataset;
mod docs_section;
mod driver;
mod env;
mod error;
mod explain;
mod harness;
mod http;
mod load;
mod meta;
mod params;
mod pg;
mod pgbench;
mod profile;
mod report;
mod rest;
mod results;
mod rng;
mod run;
mod schema;
mod section;
mod server;
mod statements;
mod stats;
mod w1;
mod w4;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::Cli;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            // fake Meta (W4, in this process) logs each call at info: keep it to warnings.
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,inbox_testkit=warn,actix_server=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(commands::worker_threads(&cli))
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "could not start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::dispatch(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}
