//! Integration tests of the Auth admin adapter against the fake Supabase Auth of the testkit.

// `cfg(test)` marks the helpers as test code for clippy's allow-expect-in-tests.
#[cfg(test)]
mod contract;
#[cfg(test)]
mod failures;
#[cfg(test)]
mod helpers;
#[cfg(test)]
mod media;
#[cfg(test)]
mod requests;
#[cfg(test)]
mod rest_contract;
#[cfg(test)]
mod rest_outbox;
#[cfg(test)]
mod rest_outbox_batch;
#[cfg(test)]
mod rest_templates;
#[cfg(test)]
mod secrets;
