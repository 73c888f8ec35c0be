//! The matrix rows of user administration: users, their roles and overrides, invitations, roles.

use inbox_domain::access::Permission;
use serde_json::json;

use super::{Endpoint, Scope, call, get, post};

/// A fresh address for an invitation.
fn invitee() -> String {
    format!("invitee-{}@example.com", uuid::Uuid::new_v4().simple())
}

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        pattern: "/admin/users",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 200,
        call: |_, t| get(format!("/admin/users?account_id={}", t.account)),
    },
    Endpoint {
        method: "POST",
        pattern: "/admin/users/{id}/roles",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 200,
        call: |_, t| {
            let body = json!({"account_id": t.account, "role": "viewer"});
            post(format!("/admin/users/{}/roles", t.user), body)
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/admin/users/{id}/roles/{role}",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 204,
        call: |_, t| {
            let path = format!(
                "/admin/users/{}/roles/viewer?account_id={}",
                t.user, t.account
            );
            call("DELETE", path, None)
        },
    },
    Endpoint {
        method: "PUT",
        pattern: "/admin/users/{id}/overrides",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 200,
        call: |_, t| {
            let body =
                json!({"account_id": t.account, "permission": "stats.read", "effect": "deny"});
            call(
                "PUT",
                format!("/admin/users/{}/overrides", t.user),
                Some(body),
            )
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/admin/users/{id}/overrides/{permission}",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 204,
        call: |_, t| {
            let path = format!(
                "/admin/users/{}/overrides/conversations.manage?account_id={}",
                t.user, t.account
            );
            call("DELETE", path, None)
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/admin/users/{id}",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 200,
        call: |_, t| call("DELETE", format!("/admin/users/{}", t.spare_user()), None),
    },
    Endpoint {
        method: "POST",
        pattern: "/admin/invitations",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 201,
        call: |_, t| {
            let grants = json!([{"account_id": t.account, "role": "viewer"}]);
            post(
                "/admin/invitations".into(),
                json!({"email": invitee(), "grants": grants}),
            )
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/admin/invitations",
        scope: Scope::Account(Permission::UsersManage),
        allowed: 200,
        call: |_, t| get(format!("/admin/invitations?account_id={}", t.account)),
    },
    Endpoint {
        method: "DELETE",
        pattern: "/admin/invitations/{id}",
        scope: Scope::Account(Permission::UsersManage),
        // Revoking is idempotent, so every allowed caller gets 200.
        allowed: 200,
        call: |_, t| {
            call(
                "DELETE",
                format!("/admin/invitations/{}", t.invitation),
                None,
            )
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/admin/roles",
        scope: Scope::AnyUser,
        allowed: 200,
        call: |_, _| get("/admin/roles".into()),
    },
    Endpoint {
        method: "POST",
        pattern: "/admin/roles",
        scope: Scope::Global(Permission::UsersManage),
        allowed: 201,
        call: |_, _| {
            let key = format!(
                "matrix_{}",
                &uuid::Uuid::new_v4().simple().to_string()[..12]
            );
            let body = json!({"key": key, "name": "Matrix", "permissions": ["stats.read"]});
            post("/admin/roles".into(), body)
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/admin/roles/{key}",
        scope: Scope::Global(Permission::UsersManage),
        // Past authorisation the handler refuses a built-in role.
        allowed: 422,
        call: |_, _| call("DELETE", "/admin/roles/viewer".into(), None),
    },
];
