//! Integration tests of inbox-pgcluster against the PostgreSQL server binaries on the machine.

// `cfg(test)` marks the helpers as test code for clippy's allow-expect-in-tests.
#[cfg(test)]
mod crash;
#[cfg(test)]
mod lifecycle;
#[cfg(test)]
mod paths;
#[cfg(test)]
mod support;
