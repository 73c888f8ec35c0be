//! End-to-end suites: `inboxd`'s real composition root, over HTTP, on real storage.

// `cfg(test)` marks the helpers as test code for clippy's allow-unwrap/expect-in-tests.
#[cfg(test)]
mod auto_template;
#[cfg(test)]
mod backends;
#[cfg(test)]
mod embedded;
#[cfg(test)]
mod helpers;
#[cfg(test)]
mod sending;
#[cfg(test)]
mod sending_failures;
#[cfg(test)]
mod sending_groups;
#[cfg(test)]
mod sending_reconcile;
#[cfg(test)]
mod sending_support;
#[cfg(test)]
mod sending_workers;
#[cfg(test)]
mod webhook;
#[cfg(test)]
mod webhook_kinds;
#[cfg(test)]
mod webhook_support;
