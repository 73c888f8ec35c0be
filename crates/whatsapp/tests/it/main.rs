//! Integration tests of `inbox-whatsapp`: testkit-built deliveries parsed into domain types.

// `cfg(test)` marks the helpers as test code for clippy's allow-unwrap/expect-in-tests.
#[cfg(test)]
mod batches;
#[cfg(test)]
mod gateway_admin;
#[cfg(test)]
mod gateway_errors;
#[cfg(test)]
mod gateway_media;
#[cfg(test)]
mod gateway_shapes;
#[cfg(test)]
mod gateway_support;
#[cfg(test)]
mod helpers;
#[cfg(test)]
mod media;
#[cfg(test)]
mod rejects;
#[cfg(test)]
mod signatures;
#[cfg(test)]
mod statuses;
#[cfg(test)]
mod structured;
#[cfg(test)]
mod system;
#[cfg(test)]
mod templates;
#[cfg(test)]
mod text;
