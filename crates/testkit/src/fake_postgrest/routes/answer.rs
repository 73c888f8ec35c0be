//! The shapes of an answer with rows: the array or its single object, `Content-Range` and the
//! range statuses for reads, `Preference-Applied` and minimal or full bodies for writes.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::Value;

use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::exec::Outcome;
use crate::fake_postgrest::request::Query;

const OBJECT: &str = "application/vnd.pgrst.object+json; charset=utf-8";

/// The body of a rows answer: the array, or its one object with single-object `Accept`.
pub(super) fn rows_body(
    query: &Query,
    outcome: &Outcome,
) -> Result<(String, &'static str), ApiError> {
    let text = outcome.body.clone().unwrap_or_else(|| "[]".to_owned());
    if !query.single {
        return Ok((text, "application/json; charset=utf-8"));
    }
    let rows: Value = serde_json::from_str(&text).map_err(|e| ApiError::body(e.to_string()))?;
    let object = rows
        .get(0)
        .cloned()
        .ok_or_else(|| ApiError::not_single(0))?;
    Ok((object.to_string(), OBJECT))
}

pub(super) fn read_response(query: &Query, outcome: &Outcome) -> Result<HttpResponse, ApiError> {
    let lower = query.offset;
    let upper = lower + outcome.rows - 1;
    let (status, total) = match outcome.total {
        None => (StatusCode::OK, "*".to_owned()),
        Some(total) if lower > total => {
            return Err(
                ApiError::new(416, "PGRST103", "Requested range not satisfiable").details(format!(
                    "An offset of {lower} was requested, but there are only {total} rows."
                )),
            );
        }
        Some(total) if 1 + upper - lower < total => {
            (StatusCode::PARTIAL_CONTENT, total.to_string())
        }
        Some(total) => (StatusCode::OK, total.to_string()),
    };
    let range = if outcome.rows == 0 {
        format!("*/{total}")
    } else {
        format!("{lower}-{upper}/{total}")
    };
    let (body, content_type) = rows_body(query, outcome)?;
    Ok(HttpResponse::build(status)
        .insert_header(("Content-Range", range))
        .content_type(content_type)
        .body(body))
}

pub(super) fn write_response(
    query: &Query,
    outcome: &Outcome,
    with_body: StatusCode,
    minimal: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let mut applied = Vec::new();
    if query.prefer.merge_duplicates {
        applied.push("resolution=merge-duplicates");
    } else if query.prefer.ignore_duplicates {
        applied.push("resolution=ignore-duplicates");
    }
    let range = format!("*/{}", outcome.rows);
    if !query.prefer.representation {
        // A POST keeps its 200/201; PATCH and DELETE say 204.
        let status = if minimal == StatusCode::CREATED {
            with_body
        } else {
            minimal
        };
        let mut response = HttpResponse::build(status);
        response.insert_header(("Content-Range", range));
        if !applied.is_empty() {
            response.insert_header(("Preference-Applied", applied.join(", ")));
        }
        return Ok(response.finish());
    }
    applied.push("return=representation");
    let (body, content_type) = rows_body(query, outcome)?;
    Ok(HttpResponse::build(with_body)
        .insert_header(("Content-Range", range))
        .insert_header(("Preference-Applied", applied.join(", ")))
        .content_type(content_type)
        .body(body))
}
