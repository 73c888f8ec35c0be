//! The checks of the user administration routes, on top of the domain's rules
//! (`inbox_domain::access::may_give` and friends): refusals as API errors, roles' permissions.

use inbox_domain::access::{Denied, PermissionSet, RoleKey};
use inbox_domain::ports::Storage;
use inbox_domain::{RepoError, ValidationError};

use crate::error::ApiError;

/// A refusal as the API answers it: what the caller may not see is an unknown `entity`.
pub(crate) fn refused(entity: &'static str) -> impl Fn(Denied) -> ApiError {
    move |denied| match denied {
        Denied::Hidden => ApiError::Repo(RepoError::not_found(entity)),
        Denied::Missing(permission) => ApiError::Forbidden(permission),
    }
}

/// The permissions of `role`, read from storage (custom roles included).
///
/// # Errors
/// `Validation` (field `field`) for an unknown role; storage errors as they come.
pub(crate) async fn role_permissions(
    storage: &Storage,
    role: &RoleKey,
    field: &'static str,
) -> Result<PermissionSet, ApiError> {
    storage
        .access
        .role_permissions(role)
        .await
        .map_err(|e| match e {
            RepoError::NotFound { .. } => {
                ApiError::Validation(ValidationError::new(field, format!("no role {role}")))
            }
            other => ApiError::Repo(other),
        })
}

/// A failed change of a user's grants: an unknown user is not found, an unknown account too.
pub(crate) fn grant_failed(e: RepoError) -> ApiError {
    match e {
        RepoError::MissingReference { entity } => ApiError::Repo(RepoError::not_found(entity)),
        other => ApiError::Repo(other),
    }
}
