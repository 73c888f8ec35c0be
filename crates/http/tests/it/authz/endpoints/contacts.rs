//! The matrix rows of the contact routes.

use inbox_domain::access::Permission;
use serde_json::json;

use super::{Endpoint, Scope, call, get};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
