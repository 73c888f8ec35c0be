//! The OpenAPI document: paths collected from the registered handlers, plus the shared parts.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::dto::{ErrorBody, ErrorEnvelope};
use crate::routes;

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api-docs/openapi.json";
/// Where Swagger UI is served (assets are compiled into the binary).
pub const DOCS_PATH: &str = "/docs/";

/// The parts of the document no handler declares: title, tags, the error envelope.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "inbox",
        description = "Team inbox for the WhatsApp Business Cloud API. Every error answers \
            `{\"error\": {\"code\", \"message\", \"field\"?, \"request_id\"?}}`; 5xx answers carry \
            the request id, also sent on every response as `x-request-id`."
    ),
    components(schemas(ErrorEnvelope, ErrorBody)),
    modifiers(&BearerScheme),
    tags(
        (name = "operations", description = "Health and metrics"),
        (name = "auth", description = "Who the caller is and what they may do"),
        (name = "accounts", description = "Connected WhatsApp business numbers"),
        (name = "users", description = "User administration: roles, overrides, invitations"),
        (name = "conversations", description = "Threads and their messages"),
        (name = "contacts", description = "Customers of each account: search, name, notes, tags"),
        (name = "templates", description = "Message templates of each account: list, sync from Meta, create, delete"),
        (name = "webhooks", description = "Meta's webhook and the queue of stored deliveries"),
        (name = "realtime", description = "Live inbox events: server-sent events and WebSocket"),
    )
)]
pub(crate) struct ApiDoc;

/// Declares the `bearer` scheme the agent routes name: a Supabase Auth (or local) JWT.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A Supabase Auth access token, or one from `inboxd token --email ...`",
                    ))
                    .build(),
            ),
        );
    }
}

/// The complete OpenAPI document, as `/api-docs/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts()
        .1
}
