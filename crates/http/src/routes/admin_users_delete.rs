//! `DELETE /admin/users/{id}`: remove a user from the inbox, then their identity.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::AppUserId;
use inbox_domain::access::may_manage_user;
use inbox_domain::ports::IdentityError;

use crate::auth::{Caller, refused};
use crate::dto::{DeletedUserResponse, ErrorEnvelope, IdentityOutcome, parse_path_id};
use crate::error::{ApiError, CauseChain};
use crate::state::AppState;

/// Deletes the user's roles, overrides and the user in one transaction, then their identity at
/// the identity provider. Needs `users.manage` on every scope the user holds something on; a
/// user none of whose accounts the caller sees is not found; nobody deletes themselves. The
/// identity step never fails the request: its outcome is in the body (`identity`).
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 200, description = "Deleted; `identity` says what became of the identity", body = DeletedUserResponse),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` on a scope of the user (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such user (`user_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "The caller is the user (`self_deletion`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/admin/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user = AppUserId::from_uuid(parse_path_id("id", &id)?);
    if user == caller.principal().user.id {
        return Err(ApiError::SelfDeletion);
    }
    let access = &state.storage.access;
    let target = access.user(user).await?;
    may_manage_user(caller.principal(), &target).map_err(refused("user"))?;
    let deleted = access.delete_user(user).await?;
    state.auth.forget_principals();
    let (identity, identity_error) = match deleted.identity {
        None => (IdentityOutcome::None, None),
        Some(identity) => match state.identity.delete(identity).await {
            Ok(()) => (IdentityOutcome::Deleted, None),
            Err(IdentityError::NotFound) => (IdentityOutcome::AlreadyGone, None),
            Err(e) => {
                tracing::warn!(
                    user.id = %user,
                    identity.id = %identity,
                    error.cause_chain = ?CauseChain(&e),
                    "user deleted, but not their identity"
                );
                (IdentityOutcome::Failed, Some(e.to_string()))
            }
        },
    };
    tracing::info!(user.id = %user, "user deleted");
    Ok(HttpResponse::Ok().json(DeletedUserResponse {
        id: user.as_uuid(),
        identity_id: deleted.identity.map(|i| i.as_uuid()),
        identity,
        identity_error,
    }))
}
