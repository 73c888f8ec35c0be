//! The matrix rows of the template routes, which answer 503 past authorisation (the matrix app
//! has no template store).

use inbox_domain::access::Permission;

use super::{Endpoint, Scope, call, get, post};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
