//! The `inboxd` binary as an operator runs it: commands, exit codes, log lines, signals.

// `cfg(test)` marks the helpers as test code for clippy's allow-unwrap/expect-in-tests.
#[cfg(test)]
mod backend_selection;
#[cfg(test)]
mod crash;
#[cfg(test)]
mod invitations;
#[cfg(test)]
mod media_backend;
#[cfg(test)]
mod migrate;
#[cfg(test)]
mod realtime;
#[cfg(test)]
mod serve;
#[cfg(test)]
mod support;
#[cfg(test)]
mod two_instances;
