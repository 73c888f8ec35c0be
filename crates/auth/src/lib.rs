//! Bearer-token verification (Supabase Auth JWTs: HS256, ES256, RS256) and local token signing.
#![doc = include_str!("../README.md")]

mod claims;
mod header;
mod jwks;
mod key_cache;
mod local;
mod settings;
mod verifier;

pub use local::{LOCAL_ISSUER, LOCAL_SECRET_FILE, LocalKeyError, LocalSigner};
pub use settings::{JwtConfigError, JwtSettings};
pub use verifier::JwtVerifier;
