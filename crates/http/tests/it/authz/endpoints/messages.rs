//! The matrix rows of the message routes: read, edit, delete, react, send, auto-template, retry.

use inbox_domain::access::Permission;
use serde_json::json;

use super::{Endpoint, Scope, call, get, post};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
