//! The matrix rows of the service and account routes: health, metrics, accounts, their sending
//! state, and `/auth/me`.

use inbox_domain::access::Permission;

use super::{Endpoint, Scope, World, call, get, post};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
