//! The `Caller` extractor: every authenticated handler takes one and asks it before acting.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use inbox_domain::access::{Denied, Permission, Principal};
use inbox_domain::{AccountId, RepoError};

use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated person making the request.
pub(crate) struct Caller(pub(crate) Arc<Principal>);

impl Caller {
    /// Checks `permission` on `account`, which owns the addressed `entity` ("conversation",
    /// "account"...): an account the caller cannot see answers as if the entity did not exist.
    ///
    /// # Errors
    /// `Repo(NotFound(entity))` when the account is hidden from the caller; `Forbidden` when it
    /// is visible but the permission is not held there.
    pub(crate) fn require(
        &self,
        account: AccountId,
        permission: Permission,
        entity: &'static str,
    ) -> Result<(), ApiError> {
        self.0
            .authorize(account, permission)
            .map_err(|denied| match denied {
                Denied::Hidden => ApiError::Repo(RepoError::not_found(entity)),
                Denied::Missing(permission) => ApiError::Forbidden(permission),
            })
    }

    /// Checks `permission` on every account (a global role or grant).
    ///
    /// # Errors
    /// `Forbidden` when it is not held globally.
    pub(crate) fn require_everywhere(&self, permission: Permission) -> Result<(), ApiError> {
        self.0
            .authorize_everywhere(permission)
            .map_err(|_| ApiError::Forbidden(permission))
    }

    /// The principal.
    pub(crate) fn principal(&self) -> &Principal {
        &self.0
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(AUTHORIZATION)
            .map(|value| value.as_bytes().to_vec());
        Box::pin(async move {
            let state = state.ok_or(ApiError::Repo(RepoError::Internal(
                "the application state is not registered".into(),
            )))?;
            let principal = state.auth.principal(header.as_deref()).await?;
            Ok(Caller(principal))
        })
    }
}
