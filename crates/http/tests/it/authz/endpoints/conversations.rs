//! The matrix rows of the conversation routes: list, one, read state, flags, and the message and
//! media pages.

use inbox_domain::access::Permission;
use serde_json::json;

use super::{Endpoint, Scope, call, get};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
