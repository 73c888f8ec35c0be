//! `POST /me/profile-picture`: the caller uploads their profile picture.

use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, post, web};
use inbox_domain::media::{ContentType, MediaObject};

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, ProfileResponse};
use crate::error::ApiError;
use crate::media::{ImageFormat, PROFILE_PICTURE_LIMIT, avatar_key};
use crate::state::AppState;

/// Stores the body as the caller's profile picture, replacing any previous one. The body is
/// the image itself (not a form), at most 5 MiB, JPEG, PNG or WebP: the bytes must be one of
/// those and agree with `Content-Type`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "auth",
    request_body(content = Vec<u8>, content_type = "image/png", description = "A JPEG, PNG or WebP image (`image/jpeg`, `image/png` or `image/webp`), at most 5 MiB"),
    responses(
        (status = 200, description = "The updated profile", body = ProfileResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 413, description = "Larger than 5 MiB (`payload_too_large`)", body = ErrorEnvelope),
        (status = 415, description = "Not a JPEG, PNG or WebP image, or not the declared one (`unsupported_image`)", body = ErrorEnvelope),
        (status = 503, description = "Storage or media store unavailable", body = ErrorEnvelope),
    )
)]
#[post("/me/profile-picture")]
pub async fn upload_picture(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > PROFILE_PICTURE_LIMIT) {
        return Err(ApiError::PayloadTooLarge(PROFILE_PICTURE_LIMIT));
    }
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| ContentType::parse(v).ok())
        .map(|c| c.essence());
    let bytes = payload
        .to_bytes_limited(PROFILE_PICTURE_LIMIT)
        .await
        .map_err(|_| ApiError::PayloadTooLarge(PROFILE_PICTURE_LIMIT))?
        .map_err(|e| ApiError::MalformedBody(format!("the body could not be read: {e}")))?;
    let format = ImageFormat::sniff(&bytes)
        .filter(|f| content_type.as_deref() == Some(f.content_type()))
        .ok_or(ApiError::UnsupportedImage)?;
    let user = caller.principal().user.id;
    let key = avatar_key(user)?;
    let object = MediaObject::new(ContentType::parse(format.content_type())?, bytes.to_vec());
    state.media.put(&key, object).await?;
    let updated = state
        .storage
        .access
        .set_avatar(user, Some(key.as_str().to_owned()))
        .await?;
    tracing::info!(user.id = %user, "profile picture stored");
    Ok(HttpResponse::Ok().json(ProfileResponse::from(&updated)))
}
