//! `GET /me/profile-picture`: the caller's profile picture.

use std::time::Duration;

use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::{HttpResponse, get, web};
use inbox_domain::RepoError;
use inbox_domain::media::MediaKey;
use inbox_domain::ports::MediaError;

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::error::ApiError;
use crate::state::AppState;

/// How long a signed link to the picture works.
const LINK_LIFETIME: Duration = Duration::from_secs(300);

/// The picture's bytes with its content type, or a redirect to a short-lived signed link when
/// the media store gives one.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "auth",
    responses(
        (status = 200, description = "The image", content_type = "image/png", body = Vec<u8>),
        (status = 302, description = "A signed link to the image, in `Location`"),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 404, description = "No profile picture (`profile_picture_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage or media store unavailable", body = ErrorEnvelope),
    )
)]
#[get("/me/profile-picture")]
pub async fn get_picture(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let missing = || ApiError::Repo(RepoError::not_found("profile_picture"));
    // Read fresh, not from the cached principal: the picture may have just changed.
    let record = state
        .storage
        .access
        .user(caller.principal().user.id)
        .await?;
    let key = record.user.avatar_key.ok_or_else(missing)?;
    let key = MediaKey::parse(&key).map_err(|_| missing())?;
    let not_found = |e: MediaError| match e {
        MediaError::NotFound => missing(),
        other => ApiError::from(other),
    };
    if let Some(link) = state
        .media
        .signed_url(&key, LINK_LIFETIME)
        .await
        .map_err(not_found)?
    {
        return Ok(HttpResponse::Found()
            .insert_header((LOCATION, link.url))
            .finish());
    }
    let object = state.media.get(&key).await.map_err(not_found)?;
    Ok(HttpResponse::Ok()
        .content_type(object.content_type.as_str())
        .insert_header((CACHE_CONTROL, "private, max-age=60"))
        .body(object.bytes))
}
