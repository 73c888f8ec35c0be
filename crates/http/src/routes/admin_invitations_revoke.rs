//! `DELETE /admin/invitations/{id}`: withdraw an invitation.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::RepoError;
use inbox_domain::access::{Permission, may_administer};
use inbox_domain::ids::InvitationId;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, InvitationResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Revokes a pending invitation (idempotent). Needs `users.manage` on every account it grants a
/// role on (globally for a global grant); one none of whose accounts the caller sees is not
/// found.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(("id" = Uuid, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "Revoked", body = InvitationResponse),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` on an account of the invitation (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such invitation (`invitation_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "Already accepted (`invitation_conflict`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/admin/invitations/{id}")]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = InvitationId::from_uuid(parse_path_id("id", &id)?);
    let access = &state.storage.access;
    let invitation = access.invitation(id).await?;
    let principal = caller.principal();
    let global = principal
        .authorize_everywhere(Permission::UsersManage)
        .is_ok();
    let visible = global
        || invitation
            .grants
            .iter()
            .filter_map(|g| g.account)
            .any(|account| principal.can_see(account));
    if !visible {
        return Err(RepoError::not_found("invitation").into());
    }
    for grant in &invitation.grants {
        may_administer(principal, grant.account)
            .map_err(|_| ApiError::Forbidden(Permission::UsersManage))?;
    }
    let revoked = access.revoke_invitation(id).await?;
    tracing::info!(invitation.id = %id, "invitation revoked");
    Ok(HttpResponse::Ok().json(InvitationResponse::from(&revoked)))
}
