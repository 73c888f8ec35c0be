//! Integration tests of token verification against the fake Supabase Auth, and of local signing.

// `cfg(test)` marks the helpers as test code for clippy's allow-expect-in-tests.
#[cfg(test)]
mod asymmetric;
#[cfg(test)]
mod attacks;
#[cfg(test)]
mod claims;
#[cfg(test)]
mod helpers;
#[cfg(test)]
mod hs256;
#[cfg(test)]
mod jwks_cache;
#[cfg(test)]
mod jwks_outage;
#[cfg(test)]
mod local;
