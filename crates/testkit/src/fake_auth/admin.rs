//! The fake's admin endpoints: invite, create, get, list (paginated) and delete users.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::routes::{Refusal, Shared, authorize_admin, error as error_response, gate};
use super::state::{Endpoint, FakeUser};

/// Parses a JSON body as GoTrue does, answering 400 `bad_json` when it is not.
fn parse_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Refusal> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    let bad_json = |reason: String| {
        Refusal::gotrue(
            400,
            "bad_json",
            &format!("Could not parse request body as JSON: {reason}"),
        )
    };
    let value: Value = serde_json::from_slice(body).map_err(|err| bad_json(err.to_string()))?;
    if !value.is_object() {
        return Err(bad_json("expected a JSON object".to_owned()));
    }
    serde_json::from_value(value).map_err(|err| bad_json(err.to_string()))
}

/// GoTrue's email check: present, one `@`, something on both sides, a dot in the domain.
fn check_email(email: Option<&str>) -> Result<String, Refusal> {
    let email = email.map(str::trim).unwrap_or_default();
    if email.is_empty() {
        return Err(Refusal::gotrue(
            400,
            "validation_failed",
            "An email address is required",
        ));
    }
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.contains('@')
    });
    if valid {
        Ok(email.to_owned())
    } else {
        Err(Refusal::gotrue(
            400,
            "email_address_invalid",
            "Unable to validate email address: invalid format",
        ))
    }
}

fn email_exists() -> HttpResponse {
    error_response(
        422,
        "email_exists",
        "A user with this email address has already been registered",
    )
}

fn user_not_found() -> HttpResponse {
    error_response(404, "user_not_found", "User not found")
}

/// Runs the common prologue: admin credentials, then the scripted fault of `endpoint`.
async fn admit(req: &HttpRequest, shared: &Shared, endpoint: Endpoint) -> Option<HttpResponse> {
    if let Err(refusal) = authorize_admin(req, shared) {
        return Some(refusal.into_response());
    }
    gate(shared, endpoint).await
}

#[derive(Deserialize)]
struct InviteBody {
    email: Option<String>,
    #[serde(default)]
    data: Option<Value>,
}

/// `POST /invite`: creates an invited, unconfirmed user, or re-invites an unconfirmed one.
pub(crate) async fn invite(
    req: HttpRequest,
    shared: web::Data<Shared>,
    body: web::Bytes,
) -> HttpResponse {
    if let Some(answer) = admit(&req, &shared, Endpoint::Invite).await {
        return answer;
    }
    let body: InviteBody = match parse_body(&body) {
        Ok(body) => body,
        Err(refusal) => return refusal.into_response(),
    };
    let email = match check_email(body.email.as_deref()) {
        Ok(email) => email,
        Err(refusal) => return refusal.into_response(),
    };
    let mut state = shared.lock();
    if let Some(existing) = state.user_by_email(&email).cloned() {
        if existing.email_confirmed_at.is_some() {
            return email_exists();
        }
        let mut again = existing;
        again.invited_at = Some(time::OffsetDateTime::now_utc());
        state.users.insert(again.id, again.clone());
        return HttpResponse::Ok().json(again.to_json());
    }
    let metadata = body.data.unwrap_or_else(|| json!({}));
    let user = state.add_user(&email, true, false, metadata, json!({}));
    HttpResponse::Ok().json(user.to_json())
}

#[derive(Deserialize)]
struct CreateBody {
    email: Option<String>,
    password: Option<String>,
    #[serde(default)]
    email_confirm: bool,
    #[serde(default)]
    app_metadata: Option<Value>,
    #[serde(default)]
    user_metadata: Option<Value>,
}

/// `POST /admin/users`: creates a user, confirmed when `email_confirm` is true.
pub(crate) async fn create_user(
    req: HttpRequest,
    shared: web::Data<Shared>,
    body: web::Bytes,
) -> HttpResponse {
    if let Some(answer) = admit(&req, &shared, Endpoint::CreateUser).await {
        return answer;
    }
    let body: CreateBody = match parse_body(&body) {
        Ok(body) => body,
        Err(refusal) => return refusal.into_response(),
    };
    let email = match check_email(body.email.as_deref()) {
        Ok(email) => email,
        Err(refusal) => return refusal.into_response(),
    };
    if body
        .password
        .as_deref()
        .is_some_and(|password| password.len() < 6)
    {
        return error_response(
            422,
            "weak_password",
            "Password should be at least 6 characters.",
        );
    }
    let mut state = shared.lock();
    if state.user_by_email(&email).is_some() {
        return email_exists();
    }
    let user = state.add_user(
        &email,
        false,
        body.email_confirm,
        body.user_metadata.unwrap_or_else(|| json!({})),
        body.app_metadata.unwrap_or_else(|| json!({})),
    );
    HttpResponse::Ok().json(user.to_json())
}

/// The user id of the path, or GoTrue's 404 `validation_failed` when it is not a UUID.
fn user_id(path: &str) -> Result<Uuid, Refusal> {
    Uuid::parse_str(path)
        .map_err(|_| Refusal::gotrue(404, "validation_failed", "user_id must be an UUID"))
}

/// `GET /admin/users/{id}`.
pub(crate) async fn get_user(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
) -> HttpResponse {
    if let Some(answer) = admit(&req, &shared, Endpoint::GetUser).await {
        return answer;
    }
    let id = match user_id(&path) {
        Ok(id) => id,
        Err(refusal) => return refusal.into_response(),
    };
    match shared.lock().users.get(&id) {
        Some(user) => HttpResponse::Ok().json(user.to_json()),
        None => user_not_found(),
    }
}

/// `DELETE /admin/users/{id}`: answers `{}`; `should_soft_delete` is accepted and ignored.
pub(crate) async fn delete_user(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    if let Some(answer) = admit(&req, &shared, Endpoint::DeleteUser).await {
        return answer;
    }
    if let Err(refusal) = parse_body::<Value>(&body) {
        return refusal.into_response();
    }
    let id = match user_id(&path) {
        Ok(id) => id,
        Err(refusal) => return refusal.into_response(),
    };
    match shared.lock().users.remove(&id) {
        Some(_) => HttpResponse::Ok().json(json!({})),
        None => user_not_found(),
    }
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
    filter: Option<String>,
}

/// PostgreSQL's `LIKE`: `%` any run, `_` any one character, `\` escapes the next one.
fn like(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('%', rest)) => (0..=text.len()).any(|skip| like(rest, &text[skip..])),
        Some(('_', rest)) => !text.is_empty() && like(rest, &text[1..]),
        Some(('\\', [literal, rest @ ..])) | Some((literal, rest)) => {
            text.first() == Some(literal) && like(rest, &text[1..])
        }
    }
}

/// GoTrue's `filter`: `email LIKE '%f%' OR user_metadata->>'full_name' ILIKE '%f%'`.
fn matches_filter(user: &FakeUser, filter: &str) -> bool {
    let pattern: Vec<char> = format!("%{filter}%").chars().collect();
    let lower: Vec<char> = pattern.iter().flat_map(|c| c.to_lowercase()).collect();
    let email: Vec<char> = user.email.chars().collect();
    let full_name = user.user_metadata["full_name"].as_str().unwrap_or_default();
    let name: Vec<char> = full_name.to_lowercase().chars().collect();
    like(&pattern, &email) || (!full_name.is_empty() && like(&lower, &name))
}

/// `GET /admin/users?page=&per_page=&filter=`: newest first, `X-Total-Count` and `Link`
/// headers; `filter` keeps users whose email or `full_name` contains it (GoTrue's `LIKE`).
pub(crate) async fn list_users(
    req: HttpRequest,
    shared: web::Data<Shared>,
    query: web::Query<ListQuery>,
) -> HttpResponse {
    if let Some(answer) = admit(&req, &shared, Endpoint::ListUsers).await {
        return answer;
    }
    let number = |value: Option<&String>, default: u64| match value {
        None => Some(default),
        Some(text) => text.parse::<u64>().ok().filter(|n| *n > 0),
    };
    let (Some(page), Some(per_page)) = (
        number(query.page.as_ref(), 1),
        number(query.per_page.as_ref(), 50),
    ) else {
        return error_response(400, "validation_failed", "Bad Pagination Parameters");
    };
    let state = shared.lock();
    let filter = query.filter.as_deref().unwrap_or_default();
    let mut users: Vec<_> = state
        .users
        .values()
        .filter(|user| filter.is_empty() || matches_filter(user, filter))
        .collect();
    users.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)));
    let total = users.len() as u64;
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(usize::MAX);
    let page_users: Vec<Value> = users
        .into_iter()
        .skip(skip)
        .take(take)
        .map(|user| user.to_json())
        .collect();
    let last = total.div_ceil(per_page).max(1);
    let link = |n: u64| format!("</auth/v1/admin/users?page={n}&per_page={per_page}>");
    let mut links = Vec::new();
    if page < last {
        links.push(format!("{}; rel=\"next\"", link(page + 1)));
    }
    links.push(format!("{}; rel=\"last\"", link(last)));
    HttpResponse::Ok()
        .insert_header(("X-Total-Count", total.to_string()))
        .insert_header(("Link", links.join(", ")))
        .json(json!({"aud": "authenticated", "users": page_users}))
}
