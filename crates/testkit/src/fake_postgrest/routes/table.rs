//! Tables and views: read (`GET`, `HEAD`), insert or upsert (`POST`), update (`PATCH`) and
//! delete, each planned from the query and run in one transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::answer::{read_response, write_response};
use super::keys::check_profile;
use super::{guarded, parse_body};
use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::exec::run;
use crate::fake_postgrest::plan::{self, SCHEMA};
use crate::fake_postgrest::request::Query;
use crate::fake_postgrest::shared::Shared;
use crate::fake_postgrest::state::FaultTarget;

/// A table or view: read, insert/upsert, update, delete.
pub(super) async fn table(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let name = path.into_inner();
    let target = FaultTarget::Relation(name.clone());
    let (req, body, shared) = (&req, &body, &**shared);
    guarded(req, shared, target, |claims| async move {
        table_answer(req, &name, body, shared, &claims).await
    })
    .await
}

async fn table_answer(
    req: &HttpRequest,
    name: &str,
    body: &[u8],
    shared: &Shared,
    claims: &str,
) -> Result<HttpResponse, ApiError> {
    check_profile(req)?;
    let mut catalog = shared.catalog(false).await?;
    if !catalog.relations.contains_key(name) {
        catalog = shared.catalog(true).await?;
    }
    let relation = catalog
        .relations
        .get(name)
        .ok_or_else(|| ApiError::unknown_relation(SCHEMA, name))?;
    let query = Query::parse(req, &[])?;
    let method = req.method().as_str();
    let plan = match method {
        "GET" | "HEAD" => plan::read(relation, &query)?,
        "POST" => plan::insert(relation, &query, &parse_body(body, Value::Null)?)?,
        "PATCH" => plan::update(relation, &query, &parse_body(body, json!({}))?)?,
        _ => plan::delete(relation, &query)?,
    };
    let read_only = method == "GET" || method == "HEAD";
    let outcome = run(shared, &plan, read_only, query.single, claims).await?;
    match method {
        "GET" => read_response(&query, &outcome),
        // HEAD: the headers a GET would have (`Content-Range` with `count=exact`), no body.
        "HEAD" => read_response(&query, &outcome).map(|full| {
            let mut head = HttpResponse::build(full.status());
            for (name, value) in full.headers() {
                head.insert_header((name.clone(), value.clone()));
            }
            head.finish()
        }),
        "POST" => {
            let status =
                if query.prefer.merge_duplicates && outcome.rows > 0 && outcome.inserted == 0 {
                    StatusCode::OK
                } else {
                    StatusCode::CREATED
                };
            write_response(&query, &outcome, status, StatusCode::CREATED)
        }
        _ => write_response(&query, &outcome, StatusCode::OK, StatusCode::NO_CONTENT),
    }
}
