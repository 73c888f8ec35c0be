//! `GET /admin/invitations`: the invitations the caller administers.

use actix_web::{HttpResponse, get, web};
use inbox_domain::access::{AccountScope, Permission, user_list_scope};

use crate::auth::{Caller, refused};
use crate::dto::{ErrorEnvelope, InvitationList, InvitationListQuery, InvitationResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// Invitations newest first. Without `account_id`: those granting a role on an account where
/// the caller has `users.manage` (every invitation for a global `users.manage`); with it: those
/// of that account (needs `users.manage` there). Filter by `state`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(InvitationListQuery),
    responses(
        (status = 200, description = "A page of invitations", body = InvitationList),
        (status = 400, description = "A parameter is invalid (`invalid_<field>`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "The account is not visible to the caller (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/admin/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<InvitationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (account, wanted, before, limit) = query.try_into_domain()?;
    let scope = match account {
        Some(account) => {
            caller.require(account, Permission::UsersManage, "account")?;
            AccountScope::Only(vec![account])
        }
        None => user_list_scope(caller.principal()).map_err(refused("account"))?,
    };
    let invitations = state
        .storage
        .access
        .list_invitations(&scope, wanted, before, limit)
        .await?;
    let full = invitations.len() == usize::from(limit.get());
    let next_before = invitations.last().filter(|_| full).map(|i| i.id.as_uuid());
    Ok(HttpResponse::Ok().json(InvitationList {
        invitations: invitations.iter().map(InvitationResponse::from).collect(),
        next_before,
    }))
}
