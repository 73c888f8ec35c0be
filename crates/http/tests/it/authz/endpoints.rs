//! One row per route: how to call it on a target account and what it requires.

use inbox_domain::access::Permission;
use serde_json::{Value, json};

use super::world::{Target, World};

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// No bearer token involved (health, metrics, Meta's webhook).
    Public,
    /// Any user of the inbox (e.g. `/auth/me`, the account list, which it filters).
    AnyUser,
    /// A permission on the account owning the addressed resource: hidden account → 404.
    Account(Permission),
    /// A permission on every account (a global role or grant).
    Global(Permission),
}

/// A request to make.
pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub body: Option<Value>,
}

/// A route of the matrix.
pub struct Endpoint {
    pub method: &'static str,
    pub pattern: &'static str,
    pub scope: Scope,
    /// The status a caller with the permission gets.
    pub allowed: u16,
    /// The request on a target account's resources.
    pub call: fn(&World, &Target) -> Call,
}

fn get(path: String) -> Call {
    Call {
        method: "GET",
        path,
        body: None,
    }
}

fn post(path: String, body: Value) -> Call {
    Call {
        method: "POST",
        path,
        body: Some(body),
    }
}

/// A call with any method (the user administration rows).
fn call(method: &'static str, path: String, body: Option<Value>) -> Call {
    Call { method, path, body }
}

/// A fresh address for an invitation.
fn invitee() -> String {
    format!("invitee-{}@example.com", uuid::Uuid::new_v4().simple())
}

/// Every route. Keep in the order of `inbox_http::ROUTES`.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        pattern: "/health",
        scope: Scope::Public,
        allowed: 200,
        call: |_, _| get("/health".into()),
    },
    Endpoint {
        method: "GET",
        pattern: "/metrics",
        scope: Scope::Public,
        allowed: 200,
        call: |_, _| get("/metrics".into()),
    },
    Endpoint {
        method: "GET",
        pattern: "/accounts",
        scope: Scope::AnyUser,
        allowed: 200,
        call: |_, _| get("/accounts".into()),
    },
    Endpoint {
        method: "POST",
        pattern: "/accounts",
        scope: Scope::Global(Permission::AccountsManage),
        allowed: 201,
        call: |_, _| post("/accounts".into(), World::new_account_body()),
    },
    Endpoint {
        method: "GET",
        pattern: "/accounts/{id}",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/accounts/{}", t.account)),
    },
    Endpoint {
        method: "GET",
        pattern: "/accounts/{id}/sending",
        scope: Scope::Account(Permission::ConversationsRead),
        // The matrix app has no outbox: authorised callers reach `sending_unconfigured`; the
        // 200s are covered by the sending end-to-end tests.
        allowed: 503,
        call: |_, t| get(format!("/accounts/{}/sending", t.account)),
    },
    Endpoint {
        method: "POST",
        pattern: "/accounts/{id}/sending/resume",
        scope: Scope::Account(Permission::AccountsManage),
        allowed: 503,
        call: |_, t| {
            call(
                "POST",
                format!("/accounts/{}/sending/resume", t.account),
                None,
            )
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/auth/me",
        scope: Scope::AnyUser,
        allowed: 200,
        call: |_, _| get("/auth/me".into()),
    },
    Endpoint {
        method: "GET",
        pattern: "/conversations",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/conversations?account_id={}", t.account)),
    },
    Endpoint {
        method: "GET",
        pattern: "/conversations/{id}",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/conversations/{}", t.conversation)),
    },
    Endpoint {
        method: "POST",
        pattern: "/conversations/{id}/read",
        scope: Scope::Account(Permission::ConversationsManage),
        allowed: 200,
        call: |_, t| {
            call(
                "POST",
                format!("/conversations/{}/read", t.conversation),
                None,
            )
        },
    },
    Endpoint {
        method: "POST",
        pattern: "/conversations/{id}/unread",
        scope: Scope::Account(Permission::ConversationsManage),
        allowed: 200,
        call: |_, t| {
            call(
                "POST",
                format!("/conversations/{}/unread", t.conversation),
                None,
            )
        },
    },
    Endpoint {
        method: "PUT",
        pattern: "/conversations/{id}/favorite",
        scope: Scope::Account(Permission::ConversationsManage),
        allowed: 200,
        call: |_, t| {
            let path = format!("/conversations/{}/favorite", t.conversation);
            call("PUT", path, Some(json!({"favorite": true})))
        },
    },
    Endpoint {
        method: "PUT",
        pattern: "/conversations/{id}/bot-mode",
        scope: Scope::Account(Permission::ConversationsManage),
        allowed: 200,
        call: |_, t| {
            let path = format!("/conversations/{}/bot-mode", t.conversation);
            call("PUT", path, Some(json!({"enabled": false})))
        },
    },
    Endpoint {
        method: "PUT",
        pattern: "/conversations/{id}/status",
        scope: Scope::Account(Permission::ConversationsManage),
        // Reopening keeps the conversation in every other row's default list.
        allowed: 200,
        call: |_, t| {
            let path = format!("/conversations/{}/status", t.conversation);
            call("PUT", path, Some(json!({"status": "open"})))
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/conversations/{id}/messages",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/conversations/{}/messages", t.conversation)),
    },
    Endpoint {
        method: "GET",
        pattern: "/conversations/{id}/media",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| {
            let path = format!("/conversations/{}/media?kind=image", t.conversation);
            get(path)
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/accounts/{id}/media",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/accounts/{}/media", t.account)),
    },
    // The matrix app has no template store or Graph API gateway: a caller who passes the
    // authorisation check meets their absence (503 `templates_unconfigured`). What the routes
    // do is tested against the fake Meta in `templates.rs`.
    Endpoint {
        method: "GET",
        pattern: "/accounts/{id}/templates",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 503,
        call: |_, t| get(format!("/accounts/{}/templates?status=approved", t.account)),
    },
    Endpoint {
        method: "POST",
        pattern: "/accounts/{id}/templates",
        scope: Scope::Account(Permission::TemplatesManage),
        allowed: 503,
        call: |_, t| {
            let body = serde_json::json!({
                "name": "matrix_welcome",
                "language": "en_US",
                "category": "utility",
                "components": [{"type": "BODY", "text": "Welcome"}],
            });
            post(format!("/accounts/{}/templates", t.account), body)
        },
    },
    Endpoint {
        method: "POST",
        pattern: "/accounts/{id}/templates/sync",
        scope: Scope::Account(Permission::TemplatesManage),
        allowed: 503,
        call: |_, t| {
            call(
                "POST",
                format!("/accounts/{}/templates/sync", t.account),
                None,
            )
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/accounts/{id}/templates/{name}",
        scope: Scope::Account(Permission::TemplatesManage),
        allowed: 503,
        call: |_, t| {
            call(
                "DELETE",
                format!("/accounts/{}/templates/matrix_welcome", t.account),
                None,
            )
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/messages/{id}",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/messages/{}", t.message)),
    },
    Endpoint {
        method: "PATCH",
        pattern: "/messages/{id}",
        scope: Scope::Account(Permission::MessagesManage),
        // The same text every time: each allowed call answers 200 (unchanged after the first).
        allowed: 200,
        call: |_, t| {
            let body = json!({"text": "edited by the matrix"});
            call("PATCH", format!("/messages/{}", t.message), Some(body))
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/messages/{id}",
        scope: Scope::Account(Permission::MessagesManage),
        // Deleting again is idempotent; a message of its own keeps the edit and reaction rows
        // away from a deleted message.
        allowed: 200,
        call: |_, t| {
            let path = format!("/messages/{}?scope=everyone", t.deletable_message);
            call("DELETE", path, None)
        },
    },
    Endpoint {
        method: "PUT",
        pattern: "/messages/{id}/reaction",
        scope: Scope::Account(Permission::MessagesSend),
        allowed: 200,
        call: |_, t| {
            let body = json!({"emoji": "👍"});
            let path = format!("/messages/{}/reaction", t.message);
            call("PUT", path, Some(body))
        },
    },
    Endpoint {
        method: "DELETE",
        pattern: "/messages/{id}/reaction",
        scope: Scope::Account(Permission::MessagesSend),
        allowed: 200,
        call: |_, t| call("DELETE", format!("/messages/{}/reaction", t.message), None),
    },
    Endpoint {
        method: "POST",
        pattern: "/conversations/{id}/messages",
        scope: Scope::Account(Permission::MessagesSend),
        // The matrix app has no outbox: past authorisation the route answers 503
        // (`sending_unconfigured`); sending itself is tested end to end (tests/e2e/sending.rs).
        allowed: 503,
        call: |_, t| {
            let body = json!({"type": "text", "text": {"body": "sent by the matrix"}});
            call(
                "POST",
                format!("/conversations/{}/messages", t.conversation),
                Some(body),
            )
        },
    },
    Endpoint {
        method: "POST",
        pattern: "/conversations/{id}/messages/auto-template",
        scope: Scope::Account(Permission::MessagesSend),
        // As above: authorised callers reach the missing outbox (the fallback itself is tested
        // end to end in tests/e2e/auto_template.rs).
        allowed: 503,
        call: |_, t| {
            let path = format!("/conversations/{}/messages/auto-template", t.conversation);
            post(path, json!({"text": "sent by the matrix"}))
        },
    },
    Endpoint {
        method: "POST",
        pattern: "/messages/{id}/retry",
        scope: Scope::Account(Permission::MessagesSend),
        // As above: authorised callers reach the missing outbox.
        allowed: 503,
        call: |_, t| call("POST", format!("/messages/{}/retry", t.message), None),
    },
    Endpoint {
        method: "GET",
        pattern: "/contacts",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/contacts?account_id={}", t.account)),
    },
    Endpoint {
        method: "GET",
        pattern: "/contacts/{id}",
        scope: Scope::Account(Permission::ConversationsRead),
        allowed: 200,
        call: |_, t| get(format!("/contacts/{}", t.contact)),
    },
    Endpoint {
        method: "PATCH",
        pattern: "/contacts/{id}",
        scope: Scope::Account(Permission::ContactsManage),
        // The same notes every time: each allowed call answers 200.
        allowed: 200,
        call: |_, t| {
            let body = json!({"notes": "noted by the matrix"});
            call("PATCH", format!("/contacts/{}", t.contact), Some(body))
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/webhook/whatsapp",
        scope: Scope::Public,
        allowed: 403,
        call: |_, _| {
            get("/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1".into())
        },
    },
    Endpoint {
        method: "POST",
        pattern: "/webhook/whatsapp",
        scope: Scope::Public,
        allowed: 401,
        call: |_, _| {
            post(
                "/webhook/whatsapp".into(),
                json!({"object": "whatsapp_business_account"}),
            )
        },
    },
    Endpoint {
        method: "GET",
        pattern: "/admin/webhook-deliveries",
        scope: Scope::Global(Permission::AccountsManage),
        allowed: 200,
        call: |_, _| get("/admin/webhook-deliveries".into()),
    },
    Endpoint {
        method: "POST",
        pattern: "/admin/webhook-deliveries/{id}/retry",
        scope: Scope::Global(Permission::AccountsManage),
        // Past authorisation the handler looks the delivery up: none is parked here.
        allowed: 404,
        call: |_, _| post("/admin/webhook-deliveries/1/retry".into(), json!({})),
    },
    Endpoint {
        method: "GET",
        pattern: "/events",
        // Every user may open the stream; it carries only the accounts they may read.
        scope: Scope::AnyUser,
        allowed: 200,
        call: |_, _| get("/events".into()),
    },
    Endpoint {
        method: "GET",
        pattern: "/ws",
        scope: Scope::AnyUser,
        // Past authentication a plain GET is refused: it is not a WebSocket upgrade.
        allowed: 400,
        call: |_, _| get("/ws".into()),
    },
    Endpoint {
        method: "PUT",
        pattern: "/me",
        scope: Scope::AnyUser,
        allowed: 200,
        call: |_, _| call("PUT", "/me".into(), Some(json!({"display_name": "Matrix"}))),
    },
    Endpoint {
        method: "POST",
        pattern: "/me/profile-picture",
        scope: Scope::AnyUser,
        // The matrix sends JSON, which is no image: past authentication every user gets 415.
        allowed: 415,
        call: |_, _| post("/me/profile-picture".into(), json!({})),
    },
    Endpoint {
        method: "GET",
        pattern: "/me/profile-picture",
        scope: Scope::AnyUser,
        // Nobody in the matrix has a picture.
        allowed: 404,
        call: |_, _| get("/me/profile-picture".into()),
    },
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
