//! The OpenAPI document: paths collected from the registered handlers, plus the shared parts.

use actix_web::App;
use utoipa::OpenApi;
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
    tags(
        (name = "operations", description = "Health and metrics"),
        (name = "accounts", description = "Connected WhatsApp business numbers"),
        (name = "conversations", description = "Threads and their messages"),
        (name = "webhooks", description = "Meta's webhook and the queue of stored deliveries"),
    )
)]
pub(crate) struct ApiDoc;

/// The complete OpenAPI document, as `/api-docs/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts()
        .1
}
