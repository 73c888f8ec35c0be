//! The HTTP surface under `/rest/v1`: keys, tables and views, functions, and answer shapes.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use serde_json::{Value, json};

use super::catalog::{Catalog, Function};
use super::error::ApiError;
use super::exec::{Outcome, run};
use super::plan::{self, Plan, SCHEMA, Shape};
use super::request::{Query, header};
use super::shared::Shared;
use super::state::{FaultTarget, RecordedRequest};

const OBJECT: &str = "application/vnd.pgrst.object+json; charset=utf-8";

/// Registers every route under `/rest/v1`.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/rest/v1")
            .route("/", web::get().to(root))
            .route("/rpc/{name}", web::post().to(rpc))
            .route("/rpc/{name}", web::get().to(rpc))
            .route("/{table}", web::get().to(table))
            .route("/{table}", web::head().to(table))
            .route("/{table}", web::post().to(table))
            .route("/{table}", web::patch().to(table))
            .route("/{table}", web::delete().to(table)),
    );
}

/// Appends every request under `/rest/v1`, with the status answered, to the log.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let shared = req.app_data::<web::Data<Shared>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let query = req.query_string().to_owned();
    let prefer = req
        .headers()
        .get("prefer")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let response = next.call(req).await?;
    if let Some(shared) = shared.filter(|_| path.starts_with("/rest/v1")) {
        shared.lock().requests.push(RecordedRequest {
            method,
            path,
            query,
            prefer,
            status: response.status().as_u16(),
        });
    }
    Ok(response)
}

/// The gateway's refusal body for a missing or unknown `apikey`.
fn gateway(message: &str, hint: &str) -> HttpResponse {
    HttpResponse::Unauthorized().json(json!({"message": message, "hint": hint}))
}

/// Checks the keys: a known `apikey`, then the service key as bearer (or as the `apikey` with no
/// bearer). Returns the claims PostgREST would put in `request.jwt.claims`.
fn authorize(req: &HttpRequest, shared: &Shared) -> Result<String, Box<HttpResponse>> {
    let apikey = header(req, "apikey");
    match apikey.as_deref() {
        None => {
            return Err(Box::new(gateway(
                "No API key found in request",
                "No `apikey` request header or url param was found.",
            )));
        }
        Some(key) if key != shared.service_key && key != shared.anon_key => {
            return Err(Box::new(gateway(
                "Invalid API key",
                "Double check your Supabase `anon` or `service_role` API key.",
            )));
        }
        Some(_) => {}
    }
    let bearer = header(req, "authorization").and_then(|value| {
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    let token = bearer.or(apikey).unwrap_or_default();
    if token == shared.service_key {
        return Ok(claims(&token));
    }
    if token == shared.anon_key {
        return Err(Box::new(
            ApiError::new(401, "42501", "permission denied for schema public").into_response(),
        ));
    }
    Err(Box::new(
        ApiError::new(401, "PGRST301", "JWSError JWSInvalidSignature").into_response(),
    ))
}

/// The JWT's payload, or `{"role": "service_role"}` for a key that is not a JWT.
fn claims(token: &str) -> String {
    token
        .split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .unwrap_or_else(|| json!({"role": "service_role"}))
        .to_string()
}

/// `Accept-Profile` / `Content-Profile` naming another schema: 406 `PGRST106`.
fn check_profile(req: &HttpRequest) -> Result<(), ApiError> {
    for name in ["accept-profile", "content-profile"] {
        if let Some(profile) = header(req, name)
            && profile != SCHEMA
        {
            return Err(
                ApiError::new(406, "PGRST106", "Invalid schema: ".to_owned() + &profile)
                    .hint(format!("Only the following schemas are exposed: {SCHEMA}")),
            );
        }
    }
    Ok(())
}

fn parse_body(body: &[u8], empty: Value) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(empty);
    }
    serde_json::from_slice(body).map_err(|e| ApiError::body(e.to_string()))
}

/// `GET /rest/v1/`: a minimal OpenAPI root (health checks read `info.version`).
async fn root(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Err(refusal) = authorize(&req, &shared) {
        return *refusal;
    }
    HttpResponse::Ok()
        .insert_header(("Server", "postgrest/12.2.0"))
        .json(
            json!({"swagger": "2.0", "info": {"title": "fake PostgREST", "version": "12.2.0"},
                     "paths": {}}),
        )
}

/// A table or view: read, insert/upsert, update, delete.
async fn table(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let name = path.into_inner();
    let claims = match authorize(&req, &shared) {
        Ok(claims) => claims,
        Err(refusal) => return *refusal,
    };
    if let Some(error) = shared.gate(&FaultTarget::Relation(name.clone())).await {
        return error.into_response();
    }
    match table_answer(&req, &name, &body, &shared, &claims).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
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

/// The body of a rows answer: the array, or its one object with single-object `Accept`.
fn rows_body(query: &Query, outcome: &Outcome) -> Result<(String, &'static str), ApiError> {
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

fn read_response(query: &Query, outcome: &Outcome) -> Result<HttpResponse, ApiError> {
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

fn write_response(
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

/// `POST /rest/v1/rpc/<fn>` with named arguments, or `GET` with arguments in the query.
async fn rpc(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let name = path.into_inner();
    let claims = match authorize(&req, &shared) {
        Ok(claims) => claims,
        Err(refusal) => return *refusal,
    };
    if let Some(error) = shared.gate(&FaultTarget::Rpc(name.clone())).await {
        return error.into_response();
    }
    match rpc_answer(&req, &name, &body, &shared, &claims).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
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

/// Anything else: PostgREST's 404 without a body of its own.
pub(crate) async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(json!({"message": "no Route matched with those values"}))
}
