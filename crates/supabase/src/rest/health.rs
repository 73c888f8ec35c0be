//! `StorageHealth` over PostgREST: one cheap read through the API and its database.

use async_trait::async_trait;
use inbox_domain::RepoError;
use inbox_domain::ports::StorageHealth;

use super::call::Rest;

/// The backend's name on `/health`.
pub(crate) const BACKEND: &str = "supabase";

/// Health of the PostgREST backend.
pub(crate) struct RestHealth {
    rest: Rest,
}

impl RestHealth {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }
}

#[async_trait]
impl StorageHealth for RestHealth {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    async fn ping(&self) -> Result<(), RepoError> {
        // A read that reaches PostgreSQL (the API root would only prove PostgREST is up), and
        // returns at most one id through the primary key index.
        let query = [("select", "id".to_owned()), ("limit", "1".to_owned())];
        self.rest
            .select::<serde_json::Value>("health.ping", "accounts", &query)
            .await
            .map(|_| ())
    }
}
