//! `LocalSigner`: tokens for the embedded default, signed with a secret kept in the data directory.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use inbox_domain::IdentityId;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rand::RngCore as _;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::settings::{JwtConfigError, JwtSettings};
use crate::verifier::JwtVerifier;

/// The `iss` of locally minted tokens.
pub const LOCAL_ISSUER: &str = "inboxd-local";
/// The secret's file name inside the data directory.
pub const LOCAL_SECRET_FILE: &str = "local-jwt-secret";
/// Random bytes in a new secret.
const SECRET_BYTES: usize = 32;
/// The audience and role of locally minted tokens, as Supabase's.
const AUTHENTICATED: &str = "authenticated";

/// Why the local secret could not be had, or a token not minted.
#[derive(Debug, Error)]
pub enum LocalKeyError {
    /// Reading, creating or writing the secret file failed.
    #[error("local signing secret {path}: {action}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The file may be read by others than its owner; it is refused rather than trusted.
    #[error("local signing secret {path} is readable by others (mode {mode:o}); chmod 600 it")]
    InsecurePermissions {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file does not hold a secret of at least 32 characters.
    #[error("local signing secret {path} is empty or too short")]
    Corrupt {
        /// The file.
        path: PathBuf,
    },
    /// The token could not be encoded.
    #[error("minting a local token")]
    Mint(#[source] jsonwebtoken::errors::Error),
}

/// Mints and checks HS256 tokens with a secret of this installation, for use without Supabase.
pub struct LocalSigner {
    secret: SecretString,
    encoding: EncodingKey,
}

impl std::fmt::Debug for LocalSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalSigner").finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct LocalClaims<'a> {
    sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    aud: &'static str,
    role: &'static str,
    iss: &'static str,
    iat: i64,
    exp: i64,
    session_id: String,
}

impl LocalSigner {
    /// Where the secret of `data_dir` lives.
    pub fn secret_path(data_dir: &Path) -> PathBuf {
        data_dir.join(LOCAL_SECRET_FILE)
    }

    /// Reads the secret of `data_dir`, creating it (mode `0600`, 32 random bytes) on first use.
    /// Safe against a concurrent first use: the file appears whole or not at all.
    ///
    /// # Errors
    /// `Io` when the directory or file cannot be created or read; `InsecurePermissions` when the
    /// file is group- or world-accessible; `Corrupt` when it holds no usable secret.
    pub fn open_or_create(data_dir: &Path) -> Result<Self, LocalKeyError> {
        let path = Self::secret_path(data_dir);
        fs::create_dir_all(data_dir).map_err(|source| LocalKeyError::Io {
            path: data_dir.to_owned(),
            action: "creating the data directory",
            source,
        })?;
        if !path.exists() {
            create_secret(&path)?;
        }
        Self::from_file(&path)
    }

    /// Reads an existing secret file.
    fn from_file(path: &Path) -> Result<Self, LocalKeyError> {
        let io_err = |action| {
            move |source| LocalKeyError::Io {
                path: path.to_owned(),
                action,
                source,
            }
        };
        let mode = fs::metadata(path)
            .map_err(io_err("reading its permissions"))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(LocalKeyError::InsecurePermissions {
                path: path.to_owned(),
                mode: mode & 0o777,
            });
        }
        let text = fs::read_to_string(path).map_err(io_err("reading it"))?;
        let secret = text.trim();
        if secret.len() < SECRET_BYTES {
            return Err(LocalKeyError::Corrupt {
                path: path.to_owned(),
            });
        }
        Ok(Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            secret: SecretString::from(secret.to_owned()),
        })
    }

    /// A token for `identity`, valid for `lifetime` from now, with `aud` and `role`
    /// `authenticated`, `iss` [`LOCAL_ISSUER`], and a fresh `session_id`.
    ///
    /// # Errors
    /// `Mint` when encoding fails (it does not with a valid secret).
    pub fn mint(
        &self,
        identity: IdentityId,
        email: Option<&str>,
        lifetime: Duration,
    ) -> Result<String, LocalKeyError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let lifetime = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2);
        let claims = LocalClaims {
            sub: identity.to_string(),
            email,
            aud: AUTHENTICATED,
            role: AUTHENTICATED,
            iss: LOCAL_ISSUER,
            iat: now,
            exp: now.saturating_add(lifetime),
            session_id: Uuid::new_v4().to_string(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(LocalKeyError::Mint)
    }

    /// Settings that verify this signer's tokens (and only HS256 ones from this secret).
    pub fn settings(&self) -> JwtSettings {
        JwtSettings {
            hs256_secret: Some(self.secret.clone()),
            issuer: Some(LOCAL_ISSUER.to_owned()),
            ..JwtSettings::default()
        }
    }

    /// A verifier of this signer's tokens.
    ///
    /// # Errors
    /// As [`JwtVerifier::new`]; not expected with these settings.
    pub fn verifier(&self) -> Result<JwtVerifier, JwtConfigError> {
        JwtVerifier::new(self.settings())
    }

    /// Whether `other` uses the same secret (for tests and diagnostics; compares in full).
    pub fn same_secret_as(&self, other: &Self) -> bool {
        self.secret.expose_secret() == other.secret.expose_secret()
    }
}

/// Writes a new random secret to `path`, atomically: a private temporary file, then a hard link
/// that fails if another process created `path` first (whose secret then wins).
fn create_secret(path: &Path) -> Result<(), LocalKeyError> {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let tmp = path.with_extension(format!("tmp-{}", Uuid::new_v4().simple()));
    let written = write_private(&tmp, secret.as_bytes()).and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match written {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(LocalKeyError::Io {
            path: path.to_owned(),
            action: "creating it",
            source,
        }),
    }
}

/// Creates `path` with mode `0600` and writes `contents`, flushed to disk.
fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents)?;
    file.write_all(b"\n")?;
    file.sync_all()
}
