//! Integration tests of the database harness and of the migration runner on real databases.

// `cfg(test)` marks the helpers as test code for clippy's allow-expect-in-tests.
#[cfg(test)]
mod isolation;
#[cfg(test)]
mod migrations;
#[cfg(test)]
mod runner;
