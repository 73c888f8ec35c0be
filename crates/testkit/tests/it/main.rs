//! Integration tests of the database harness and of the migration runner on real databases.

// `cfg(test)` marks the helpers as test code for clippy's allow-expect-in-tests.
#[cfg(test)]
mod isolation;
#[cfg(test)]
mod migrations;
#[cfg(test)]
mod postgrest_errors;
#[cfg(test)]
mod postgrest_reads;
#[cfg(test)]
mod postgrest_rpc;
#[cfg(test)]
mod postgrest_support;
#[cfg(test)]
mod postgrest_writes;
#[cfg(test)]
mod runner;
#[cfg(test)]
mod storage;
