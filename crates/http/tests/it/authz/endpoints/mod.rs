//! One row per route: how to call it on a target account and what it requires. The rows live
//! in one file per group of routes; this one holds their shape and the request builders.

mod accounts;
mod admin;
mod contacts;
mod conversations;
mod me;
mod messages;
mod templates;
mod webhooks;

use inbox_domain::access::Permission;
use serde_json::Value;

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

/// The groups of rows, in the order of `inbox_http::ROUTES`.
const GROUPS: &[&[Endpoint]] = &[
    accounts::ROWS,
    conversations::ROWS,
    templates::ROWS,
    messages::ROWS,
    contacts::ROWS,
    webhooks::ROWS,
    me::ROWS,
    admin::ROWS,
];

/// Every route of the matrix, one row each.
pub fn endpoints() -> impl Iterator<Item = &'static Endpoint> {
    GROUPS.iter().flat_map(|group| group.iter())
}
