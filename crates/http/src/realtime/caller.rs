//! Who opens a stream: the bearer token of the `Authorization` header, or, for browsers whose
//! `EventSource` and `WebSocket` cannot send headers, of the `access_token` query parameter.

use std::sync::Arc;

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;
use inbox_domain::access::Principal;

use crate::error::ApiError;
use crate::realtime::resume::StreamQuery;
use crate::state::AppState;

/// The principal behind the request's token; the header wins over the query parameter, which
/// is read only when `RealtimeOptions::query_token` allows it.
///
/// # Errors
/// As `Caller`: `Unauthenticated` for a missing or bad token, `NoAccess`, `AuthUnavailable`,
/// `Repo`.
pub(crate) async fn stream_principal(
    req: &HttpRequest,
    state: &AppState,
) -> Result<Arc<Principal>, ApiError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .map(|value| value.as_bytes().to_vec());
    let header = match header {
        Some(header) => Some(header),
        None if state.realtime.query_token => StreamQuery::of(req)
            .access_token
            .map(|token| format!("Bearer {token}").into_bytes()),
        None => None,
    };
    state.auth.principal(header.as_deref()).await
}
