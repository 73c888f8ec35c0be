//! Functions under `/rpc/<fn>`: arguments from the body (`POST`) or the query (`GET`), the
//! overload PostgREST would choose, and the answer by return shape.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::answer::rows_body;
use super::keys::check_profile;
use super::{guarded, parse_body};
use crate::fake_postgrest::catalog::{Catalog, Function};
use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::exec::run;
use crate::fake_postgrest::plan::{self, Plan, SCHEMA, Shape};
use crate::fake_postgrest::request::Query;
use crate::fake_postgrest::shared::Shared;
use crate::fake_postgrest::state::FaultTarget;

/// `POST /rest/v1/rpc/<fn>` with named arguments, or `GET` with arguments in the query.
pub(super) async fn rpc(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let name = path.into_inner();
    let target = FaultTarget::Rpc(name.clone());
    let (req, body, shared) = (&req, &body, &**shared);
    guarded(req, shared, target, |claims| async move {
        rpc_answer(req, &name, body, shared, &claims).await
    })
    .await
}

async fn rpc_answer(
    req: &HttpRequest,
    name: &str,
    body: &[u8],
    shared: &Shared,
    claims: &str,
) -> Result<HttpResponse, ApiError> {
    check_profile(req)?;
    let get = req.method() == actix_web::http::Method::GET;
    let names = |catalog: &Catalog| -> Vec<String> {
        catalog
            .functions
            .get(name)
            .map(|overloads| {
                overloads
                    .iter()
                    .flat_map(|f| f.params.iter().map(|p| p.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut catalog = shared.catalog(false).await?;
    if !catalog.functions.contains_key(name) {
        catalog = shared.catalog(true).await?;
    }
    let query = Query::parse(req, &if get { names(&catalog) } else { Vec::new() })?;
    let args = if get {
        Value::Object(
            query
                .rest
                .iter()
                .map(|(key, value)| (key.clone(), Value::String(value.clone())))
                .collect(),
        )
    } else {
        parse_body(body, json!({}))?
    };
    let function = resolve(&catalog, name, &args)?;
    let plan: Plan = plan::call(function, &query, &args)?;
    let single = query.single && plan.shape == Shape::Rows;
    // As PostgREST: GET, or a function not marked VOLATILE, runs read-only.
    let read_only = get || !function.volatile;
    let outcome = run(shared, &plan, read_only, single, claims).await?;
    match plan.shape {
        Shape::Nothing => Ok(HttpResponse::NoContent().finish()),
        Shape::Scalar => Ok(HttpResponse::Ok()
            .content_type("application/json; charset=utf-8")
            .body(outcome.body.unwrap_or_else(|| "null".to_owned()))),
        Shape::Object => {
            let rows: Value = serde_json::from_str(outcome.body.as_deref().unwrap_or("[]"))
                .map_err(|e| ApiError::body(e.to_string()))?;
            Ok(HttpResponse::Ok().json(rows.get(0).cloned().unwrap_or(Value::Null)))
        }
        Shape::Rows => {
            let (body, content_type) = rows_body(&query, &outcome)?;
            Ok(HttpResponse::Ok().content_type(content_type).body(body))
        }
    }
}

/// The overload whose parameters fit the given arguments, as PostgREST chooses it.
fn resolve<'a>(catalog: &'a Catalog, name: &str, args: &Value) -> Result<&'a Function, ApiError> {
    let keys: Vec<&str> = args
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let overloads = catalog
        .functions
        .get(name)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let fits: Vec<&Function> = overloads
        .iter()
        .filter(|function| {
            function.takes_whole_body()
                || (args.is_object()
                    && keys
                        .iter()
                        .all(|key| function.params.iter().any(|p| p.name == *key))
                    && function
                        .params
                        .iter()
                        .all(|p| p.has_default || keys.contains(&p.name.as_str())))
        })
        .collect();
    match fits.as_slice() {
        [function] => Ok(function),
        [] => {
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            let list = sorted.join(", ");
            Err(ApiError::new(
                404,
                "PGRST202",
                format!("Could not find the function {SCHEMA}.{name}({list}) in the schema cache"),
            )
            .details(format!(
                "Searched for the function {SCHEMA}.{name} with parameters {list} or with a single \
                 unnamed json/jsonb parameter, but no matches were found in the schema cache."
            ))
            .hint("If a new function was created in the database with this name and parameters, try reloading the schema cache."))
        }
        _ => Err(ApiError::new(
            300,
            "PGRST203",
            format!(
                "Could not choose the best candidate function between several {SCHEMA}.{name} overloads"
            ),
        )),
    }
}
