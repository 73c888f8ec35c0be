//! A 200 answer whose JSON body is already written (by the `dto` writers of the hot pages).

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use inbox_domain::RepoError;

use crate::dto::JsonOutError;
use crate::error::ApiError;

/// `200 OK` with `body` as `application/json`, the same answer as `HttpResponse::Ok().json(dto)`;
/// a body that could not be written is an internal error (serde would fail on it too).
pub(super) fn json_ok(body: Result<Vec<u8>, JsonOutError>) -> Result<HttpResponse, ApiError> {
    let body = body.map_err(|e| ApiError::Repo(RepoError::Internal(Box::new(e))))?;
    Ok(HttpResponse::Ok()
        .insert_header(ContentType::json())
        .body(body))
}
