//! `GET /contacts/{id}`: one contact with the agents' name, notes and tags.

use actix_web::{HttpResponse, get, web};
use inbox_domain::ContactId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ContactDetailResponse, ErrorEnvelope, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One contact. Needs `conversations.read` on its account.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "contacts",
    params(("id" = Uuid, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "The contact", body = ContactDetailResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such contact, or one of an account the caller cannot see (`contact_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ContactId::from_uuid(parse_path_id("id", &id)?);
    let contact = state.storage.contacts.get(id).await?;
    caller.require(contact.account_id, Permission::ConversationsRead, "contact")?;
    state.owners.remember_contact(id, contact.account_id).await;
    Ok(HttpResponse::Ok().json(ContactDetailResponse::from(&contact)))
}
