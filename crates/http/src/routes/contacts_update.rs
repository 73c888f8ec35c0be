//! `PATCH /contacts/{id}`: change the agents' name, notes or tags of a contact.

use actix_web::{HttpResponse, patch, web};
use inbox_domain::ContactId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ContactDetailResponse, ContactUpdateRequest, ErrorEnvelope, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Changes the fields given: a missing field stays, `null` clears it, `tags` replaces every
/// tag. Repeating an update returns an equal contact (`updated_at` moves only on a real
/// change). Needs `contacts.manage`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "contacts",
    params(("id" = Uuid, Path, description = "The contact's id")),
    request_body = ContactUpdateRequest,
    responses(
        (status = 200, description = "The contact as stored", body = ContactDetailResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `contacts.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, a bad `display_name`, `notes` or `tags` (`invalid_<field>`), or a body that is not JSON or has unknown fields (`malformed_body`)", body = ErrorEnvelope),
        (status = 404, description = "No such contact, or one of an account the caller cannot see (`contact_not_found`)", body = ErrorEnvelope),
        (status = 413, description = "Body larger than 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "Body is not application/json", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[patch("/contacts/{id}")]
pub async fn update_contact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<ContactUpdateRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = ContactId::from_uuid(parse_path_id("id", &id)?);
    let update = body.into_inner().try_into_domain()?;
    let account = state.owners.contact(&state.storage, id).await?;
    caller.require(account, Permission::ContactsManage, "contact")?;
    let contact = state.storage.contacts.update(id, update).await?;
    tracing::info!(contact.id = %id, "contact updated");
    Ok(HttpResponse::Ok().json(ContactDetailResponse::from(&contact)))
}
