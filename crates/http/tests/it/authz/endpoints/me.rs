//! The matrix rows of the caller's own routes: the event streams and their profile.

use serde_json::json;

use super::{Endpoint, Scope, call, get, post};

/// The rows, in the order of `inbox_http::ROUTES`.
pub const ROWS: &[Endpoint] = &[
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
];
