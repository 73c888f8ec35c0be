//! `GET /admin/users`: the users the caller administers, with their roles and overrides.

use actix_web::{HttpResponse, get, web};
use inbox_domain::access::{AccountScope, Permission, user_list_scope};

use crate::auth::{Caller, refused};
use crate::dto::{AdminUserResponse, ErrorEnvelope, UserList, UserListQuery};
use crate::error::ApiError;
use crate::state::AppState;

/// Users with every role and override, in one read, ordered by id. Without `account_id`: the
/// users holding something on an account where the caller has `users.manage` (every user for
/// a global `users.manage`); with it: those of that account (needs `users.manage` there).
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(UserListQuery),
    responses(
        (status = 200, description = "A page of users", body = UserList),
        (status = 400, description = "A parameter is invalid (`invalid_<field>`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `users.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "The account is not visible to the caller (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UserListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (account, after, limit) = query.try_into_domain()?;
    let scope = match account {
        Some(account) => {
            caller.require(account, Permission::UsersManage, "account")?;
            AccountScope::Only(vec![account])
        }
        None => user_list_scope(caller.principal()).map_err(refused("account"))?,
    };
    let users = state
        .storage
        .access
        .list_users(&scope, after, limit)
        .await?;
    let full = users.len() == usize::from(limit.get());
    let next_after = users.last().filter(|_| full).map(|r| r.user.id.as_uuid());
    Ok(HttpResponse::Ok().json(UserList {
        users: users.iter().map(AdminUserResponse::from).collect(),
        next_after,
    }))
}
