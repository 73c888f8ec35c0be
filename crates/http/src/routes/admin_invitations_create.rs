//! `POST /admin/invitations`: record an invitation and invite the address at the identity
//! provider.

use actix_web::{HttpResponse, post, web};
use inbox_domain::access::{NewInvitation, may_give};
use inbox_domain::identity_admin::Invitation;
use inbox_domain::ports::IdentityError;
use time::OffsetDateTime;

use crate::auth::{Caller, grant_failed, refused, role_permissions};
use crate::dto::{
    CreatedInvitationResponse, ErrorEnvelope, InvitationRequest, InvitationResponse, InviteDelivery,
};
use crate::error::ApiError;
use crate::state::AppState;

/// Records the invitation (pending for `expires_in_days`), then asks the identity provider to
/// invite the address. Each grant needs `users.manage` on its account (globally for a global
/// grant) and every permission of its role there. At the invited person's first request the
/// invitation is accepted and the roles granted. When the provider fails, the invitation is
/// revoked again and the provider's error answered.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "Invited", body = CreatedInvitationResponse),
        (status = 400, description = "A field is invalid (`invalid_<field>`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` or a permission of a role on its account (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "An account is not visible to the caller (`account_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "A pending invitation exists for the email (`invitation_conflict`), or its user already signed in (`user_conflict`)", body = ErrorEnvelope),
        (status = 502, description = "The identity provider refused our credentials (`identity_provider_failed`)", body = ErrorEnvelope),
        (status = 503, description = "Storage or identity provider unavailable", body = ErrorEnvelope),
    )
)]
#[post("/admin/invitations")]
pub async fn create_invitation(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let principal = caller.principal();
    let (grants, expires_at) = body.grants_and_expiry(OffsetDateTime::now_utc())?;
    let new = NewInvitation::new(&body.email, grants, expires_at, Some(principal.user.id))?;
    let mut request = Invitation::new(&body.email)?;
    if let Some(url) = body.redirect_to.as_deref() {
        request = request.redirect_to(url)?;
    }
    for grant in &new.grants {
        let permissions = role_permissions(&state.storage, &grant.role, "grants").await?;
        may_give(principal, grant.account, permissions).map_err(refused("account"))?;
    }
    let access = &state.storage.access;
    let invitation = access.create_invitation(new).await.map_err(grant_failed)?;
    let delivery = match state.identity.invite(&request).await {
        Ok(_) => InviteDelivery::Invited,
        Err(IdentityError::AlreadyExists) => InviteDelivery::IdentityExists,
        Err(e) => {
            // Nobody was invited: withdraw the record so the invitation can be sent again.
            if let Err(revoke) = access.revoke_invitation(invitation.id).await {
                tracing::warn!(invitation.id = %invitation.id, error = %revoke,
                    "could not withdraw an invitation the provider did not send");
            }
            return Err(e.into());
        }
    };
    tracing::info!(invitation.id = %invitation.id, provider = state.identity.backend(), "invitation sent");
    Ok(HttpResponse::Created().json(CreatedInvitationResponse {
        invitation: InvitationResponse::from(&invitation),
        delivery,
        provider: state.identity.backend().to_owned(),
    }))
}
