//! The matrix rows of Meta's webhook and of the parked-delivery administration.

use inbox_domain::access::Permission;
use serde_json::json;

use super::{Endpoint, Scope, get, post};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
