//! A fake Supabase Auth server: JWKS, admin user endpoints, token minting, request log, faults.
//!
//! It listens on `127.0.0.1:<random port>` and speaks the shapes of `docs/supabase.md` §2: keys
//! at `/auth/v1/.well-known/jwks.json`, admin calls authenticated with `apikey` and
//! `Authorization: Bearer <service key>`, GoTrue error bodies `{"code", "error_code", "msg"}`.

mod admin;
mod keys;
mod mint;
mod routes;
mod state;
#[cfg(test)]
mod tests;

use actix_web::dev::ServerHandle;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::sync::Mutex;
use thiserror::Error;
use uuid::Uuid;

pub use keys::KeyKind;
pub use mint::{mint_hs256, mint_hs256_with_header, mint_unsigned, sign_hs256_parts};
pub use state::{Endpoint, FakeUser, Fault, RecordedRequest};

use routes::Shared;
use state::State;

/// What can go wrong driving the fake.
#[derive(Debug, Error)]
pub enum FakeAuthError {
    /// The listener could not be bound or served.
    #[error("fake Supabase Auth server")]
    Io(#[from] std::io::Error),
    /// Key generation or signing failed.
    #[error("fake Supabase Auth crypto: {0}")]
    Crypto(&'static str),
    /// The fake never had a key with this `kid`.
    #[error("fake Supabase Auth has no key {0}")]
    UnknownKey(String),
}

/// A running fake Supabase Auth; stops when dropped.
pub struct FakeSupabaseAuth {
    base_url: String,
    shared: web::Data<Shared>,
    handle: ServerHandle,
}

impl FakeSupabaseAuth {
    /// Starts a fake with one ES256 and one RS256 published key, a random JWT secret and
    /// service/anon keys signed with it. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// `Io` when no local port can be bound; `Crypto` when key generation fails.
    pub async fn start() -> Result<Self, FakeAuthError> {
        let jwt_secret = format!("fake-jwt-secret-{}", Uuid::new_v4().simple());
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let legacy = |role: &str| {
            mint_hs256(
                jwt_secret.as_bytes(),
                &json!({"iss": "supabase", "ref": "fake", "role": role, "iat": now,
                        "exp": now + 10 * 365 * 24 * 3600}),
            )
        };
        let shared = web::Data::new(Shared {
            state: Mutex::new(State::new()?),
            service_key: legacy("service_role"),
            anon_key: legacy("anon"),
            jwt_secret,
        });
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let data = shared.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .configure(routes::configure)
                .default_service(web::to(routes::not_found))
                .wrap(from_fn(routes::record))
        })
        .workers(1)
        .disable_signals()
        .shutdown_timeout(0)
        .listen(listener)?
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok(Self {
            base_url: format!("http://127.0.0.1:{port}"),
            shared,
            handle,
        })
    }

    /// `http://127.0.0.1:<port>`, the project URL.
    pub fn url(&self) -> &str {
        &self.base_url
    }

    /// The Auth base URL, `<url>/auth/v1`; also the `iss` of the tokens it mints.
    pub fn issuer(&self) -> String {
        format!("{}/auth/v1", self.base_url)
    }

    /// The JWKS URL.
    pub fn jwks_url(&self) -> String {
        format!("{}/auth/v1/.well-known/jwks.json", self.base_url)
    }

    /// The project's legacy HS256 JWT secret.
    pub fn jwt_secret(&self) -> &str {
        &self.shared.jwt_secret
    }

    /// The service-role key (a legacy `service_role` JWT): `apikey` and `Bearer` for admin calls.
    pub fn service_key(&self) -> &str {
        &self.shared.service_key
    }

    /// The anon key (a legacy `anon` JWT): a valid `apikey`, refused as admin (`not_admin`).
    pub fn anon_key(&self) -> &str {
        &self.shared.anon_key
    }

    /// The `kid` that `mint_es256` / `mint_rs256` sign with.
    pub fn current_kid(&self, kind: KeyKind) -> String {
        let state = self.shared.lock();
        match kind {
            KeyKind::Es256 => state.current_es256.clone(),
            KeyKind::Rs256 => state.current_rs256.clone(),
        }
    }

    /// Publishes a new key of `kind` and makes it the one minting uses; older keys stay
    /// published until `unpublish`. Returns the new `kid`.
    ///
    /// # Errors
    /// `Crypto` when key generation fails.
    pub fn rotate(&self, kind: KeyKind) -> Result<String, FakeAuthError> {
        let key = keys::SigningKey::generate(kind)?;
        let kid = key.kid.clone();
        let mut state = self.shared.lock();
        state.keys.push(key);
        match kind {
            KeyKind::Es256 => state.current_es256.clone_from(&kid),
            KeyKind::Rs256 => state.current_rs256.clone_from(&kid),
        }
        Ok(kid)
    }

    /// Stops serving the key `kid` in the JWKS (it can still sign, for tests). False if unknown.
    pub fn unpublish(&self, kid: &str) -> bool {
        let mut state = self.shared.lock();
        state
            .keys
            .iter_mut()
            .find(|key| key.kid == kid)
            .map(|key| key.published = false)
            .is_some()
    }

    /// The JWKS document as currently served.
    pub fn jwks(&self) -> Value {
        self.shared.lock().jwks()
    }

    /// The public JWK of `kid`.
    pub fn jwk(&self, kid: &str) -> Option<Value> {
        self.shared.lock().key(kid).map(|key| key.jwk.clone())
    }

    /// The SubjectPublicKeyInfo DER of `kid`'s public key (what a PEM file would hold).
    pub fn public_key_der(&self, kid: &str) -> Option<Vec<u8>> {
        self.shared.lock().key(kid).map(|key| key.spki_der.clone())
    }

    /// The raw public key of `kid`: the uncompressed EC point, or PKCS#1 `RSAPublicKey` DER.
    pub fn public_key_raw(&self, kid: &str) -> Option<Vec<u8>> {
        self.shared
            .lock()
            .key(kid)
            .map(|key| key.raw_public.clone())
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// How many requests hit `path` (e.g. `/auth/v1/.well-known/jwks.json`) with `method`.
    pub fn request_count(&self, method: &str, path: &str) -> usize {
        let state = self.shared.lock();
        state
            .requests
            .iter()
            .filter(|request| request.method == method && request.path == path)
            .count()
    }

    /// How many times the JWKS was requested.
    pub fn jwks_requests(&self) -> usize {
        self.request_count("GET", "/auth/v1/.well-known/jwks.json")
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// Makes `endpoint` misbehave as `fault` says until cleared.
    pub fn inject(&self, endpoint: Endpoint, fault: Fault) {
        self.shared.lock().faults.insert(endpoint, fault);
    }

    /// Makes `endpoint` behave again.
    pub fn clear_fault(&self, endpoint: Endpoint) {
        self.shared.lock().faults.remove(&endpoint);
    }

    /// Makes every endpoint behave again.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every user, in no particular order.
    pub fn users(&self) -> Vec<FakeUser> {
        self.shared.lock().users.values().cloned().collect()
    }

    /// The user `id`.
    pub fn user(&self, id: Uuid) -> Option<FakeUser> {
        self.shared.lock().users.get(&id).cloned()
    }

    /// Adds a confirmed user directly (no request logged) and returns it.
    pub fn add_user(&self, email: &str) -> FakeUser {
        self.shared
            .lock()
            .add_user(email, false, true, json!({}), json!({}))
    }

    /// Marks an invited user as having accepted (confirmed). False if unknown.
    pub fn accept_invite(&self, id: Uuid) -> bool {
        let mut state = self.shared.lock();
        state
            .users
            .get_mut(&id)
            .map(|user| user.email_confirmed_at = Some(time::OffsetDateTime::now_utc()))
            .is_some()
    }
}

impl Drop for FakeSupabaseAuth {
    fn drop(&mut self) {
        // The stop command is sent at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
    }
}
