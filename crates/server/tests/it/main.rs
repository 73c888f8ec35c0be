//! The `inboxd` binary as an operator runs it: commands, exit codes, log lines, signals.

mod migrate;
mod serve;
mod support;
