//! The fake's protocol: admin credentials, user endpoints, pagination, JWKS, faults, request log.

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

use super::{Endpoint, FakeSupabaseAuth, Fault, KeyKind};

async fn call(
    fake: &FakeSupabaseAuth,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    call_as(
        fake,
        method,
        path,
        body,
        Some(fake.service_key()),
        Some(fake.service_key()),
    )
    .await
}

async fn call_as(
    fake: &FakeSupabaseAuth,
    method: Method,
    path: &str,
    body: Option<Value>,
    apikey: Option<&str>,
    bearer: Option<&str>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = Client::new().request(method, format!("{}/auth/v1{path}", fake.url()));
    if let Some(key) = apikey {
        request = request.header("apikey", key);
    }
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, headers, body)
}

#[tokio::test]
async fn admin_calls_need_a_known_apikey_and_the_service_key_as_bearer() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let service = Some(fake.service_key());
    let anon = Some(fake.anon_key());
    let cases = [
        ("no apikey", None, service, 401, None),
        ("unknown apikey", Some("sb_secret_nope"), service, 401, None),
        ("no bearer", service, None, 401, Some("no_authorization")),
        ("anon bearer", anon, anon, 403, Some("not_admin")),
        (
            "garbage bearer",
            service,
            Some("garbage"),
            401,
            Some("bad_jwt"),
        ),
        ("service key", service, service, 200, None),
    ];
    for (name, apikey, bearer, status, code) in cases {
        let (got, _, body) =
            call_as(&fake, Method::GET, "/admin/users", None, apikey, bearer).await;
        assert_eq!(got.as_u16(), status, "{name}");
        if let Some(code) = code {
            assert_eq!(body["error_code"], code, "{name}");
            assert_eq!(body["code"], status, "{name}");
        }
    }
}

#[tokio::test]
async fn invite_creates_an_unconfirmed_user_and_refuses_a_confirmed_one() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let invite = json!({"email": "New.Agent@Example.test", "data": {"invited_by": "x"}});

    let (status, _, user) = call(&fake, Method::POST, "/invite", Some(invite.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(user["email"], "new.agent@example.test");
    assert!(user["invited_at"].is_string());
    assert!(user["email_confirmed_at"].is_null());
    assert_eq!(user["user_metadata"]["invited_by"], "x");

    let (again, _, same) = call(&fake, Method::POST, "/invite", Some(invite.clone())).await;
    assert_eq!(
        (again, &same["id"]),
        (StatusCode::OK, &user["id"]),
        "re-invite"
    );

    let id = user["id"].as_str().unwrap().parse().unwrap();
    assert!(fake.accept_invite(id));
    let (status, _, body) = call(&fake, Method::POST, "/invite", Some(invite)).await;
    assert_eq!(
        (status.as_u16(), &body["error_code"]),
        (422, &json!("email_exists"))
    );
}

#[tokio::test]
async fn bad_bodies_get_gotrue_error_codes() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let cases = [
        ("/invite", json!({}), 400, "validation_failed"),
        (
            "/invite",
            json!({"email": "not-an-email"}),
            400,
            "email_address_invalid",
        ),
        ("/invite", json!(["array"]), 400, "bad_json"),
        (
            "/admin/users",
            json!({"email": "a@b.test", "password": "123"}),
            422,
            "weak_password",
        ),
    ];
    for (path, body, status, code) in cases {
        let (got, _, answer) = call(&fake, Method::POST, path, Some(body.clone())).await;
        assert_eq!(
            (got.as_u16(), &answer["error_code"]),
            (status, &json!(code)),
            "{path} {body}"
        );
    }
}

#[tokio::test]
async fn users_can_be_created_fetched_and_deleted() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let body = json!({"email": "a@example.test", "password": "secret-123", "email_confirm": true});

    let (status, _, user) = call(&fake, Method::POST, "/admin/users", Some(body.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(user["email_confirmed_at"].is_string());
    let (dup, _, answer) = call(&fake, Method::POST, "/admin/users", Some(body)).await;
    assert_eq!(
        (dup.as_u16(), &answer["error_code"]),
        (422, &json!("email_exists"))
    );

    let path = format!("/admin/users/{}", user["id"].as_str().unwrap());
    let (status, _, fetched) = call(&fake, Method::GET, &path, None).await;
    assert_eq!((status, &fetched["id"]), (StatusCode::OK, &user["id"]));
    let (status, _, deleted) = call(&fake, Method::DELETE, &path, None).await;
    assert_eq!((status, deleted), (StatusCode::OK, json!({})));
    let (status, _, gone) = call(&fake, Method::GET, &path, None).await;
    assert_eq!(
        (status.as_u16(), &gone["error_code"]),
        (404, &json!("user_not_found"))
    );
    let (status, _, again) = call(&fake, Method::DELETE, &path, None).await;
    assert_eq!(
        (status.as_u16(), &again["error_code"]),
        (404, &json!("user_not_found"))
    );
    let (status, _, bad) = call(&fake, Method::GET, "/admin/users/not-a-uuid", None).await;
    assert_eq!(
        (status.as_u16(), &bad["error_code"]),
        (404, &json!("validation_failed"))
    );
}

#[tokio::test]
async fn users_are_listed_newest_first_in_pages_with_count_and_links() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let ids: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|name| fake.add_user(&format!("{name}@example.test")).id)
        .collect();

    let (status, headers, first) =
        call(&fake, Method::GET, "/admin/users?page=1&per_page=2", None).await;
    let (_, last_headers, second) =
        call(&fake, Method::GET, "/admin/users?page=2&per_page=2", None).await;
    let (bad, _, answer) = call(&fake, Method::GET, "/admin/users?page=0", None).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-total-count"], "3");
    let link = headers["link"].to_str().unwrap();
    assert!(link.contains("page=2&per_page=2>; rel=\"next\""), "{link}");
    assert!(link.contains("page=2&per_page=2>; rel=\"last\""), "{link}");
    let listed: Vec<String> = first["users"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["users"].as_array().unwrap())
        .map(|user| user["id"].as_str().unwrap().to_owned())
        .collect();
    let newest_first: Vec<String> = ids.iter().rev().map(ToString::to_string).collect();
    assert_eq!(listed, newest_first);
    assert!(!last_headers["link"].to_str().unwrap().contains("next"));
    assert_eq!(
        (bad.as_u16(), &answer["error_code"]),
        (400, &json!("validation_failed"))
    );
}

#[tokio::test]
async fn jwks_serves_published_keys_and_follows_rotation() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let es = fake.current_kid(KeyKind::Es256);

    let (status, headers, jwks) = call_as(
        &fake,
        Method::GET,
        "/.well-known/jwks.json",
        None,
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=600")
    );
    let kinds: Vec<(&str, &str)> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|key| (key["kty"].as_str().unwrap(), key["alg"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("EC", "ES256"), ("RSA", "RS256")]);
    assert_eq!(
        jwks["keys"][0]["x"].as_str().unwrap().len(),
        43,
        "32-byte coordinate"
    );

    let new = fake.rotate(KeyKind::Es256).unwrap();
    assert!(fake.unpublish(&es));
    let kids: Vec<Value> = fake.jwks()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].clone())
        .collect();
    assert!(kids.contains(&json!(new)) && !kids.contains(&json!(es)));
    assert!(
        fake.mint_with_key(&es, &json!({})).is_ok(),
        "an unpublished key still signs"
    );
}

#[tokio::test]
async fn faults_delay_and_fail_endpoints_and_every_request_is_logged() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    fake.inject(Endpoint::ListUsers, Fault::status(503));
    fake.inject(Endpoint::Jwks, Fault::delay(Duration::from_millis(200)));

    let (failed, _, body) = call(&fake, Method::GET, "/admin/users?per_page=5", None).await;
    let started = Instant::now();
    let (slow, _, _) = call(&fake, Method::GET, "/.well-known/jwks.json", None).await;
    let waited = started.elapsed();
    fake.clear_faults();
    let (healed, _, _) = call(&fake, Method::GET, "/admin/users", None).await;

    assert_eq!((failed.as_u16(), &body["code"]), (503, &json!(503)));
    assert_eq!(slow, StatusCode::OK);
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    assert_eq!(healed, StatusCode::OK);
    let log = fake.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        (log[0].method.as_str(), log[0].query.as_str(), log[0].status),
        ("GET", "per_page=5", 503)
    );
    assert_eq!(fake.jwks_requests(), 1);
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn list_filter_matches_email_substrings_and_full_names_like_gotrue() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let exact = fake.add_user("b@example.test");
    let longer = fake.add_user("ab@example.test");
    let wildcard = fake.add_user("bxexample@test.test");
    fake.add_user("other@example.test");
    let (_, _, named) = call(
        &fake,
        Method::POST,
        "/invite",
        Some(json!({"email": "z@elsewhere.test", "data": {"full_name": "Bob B@Example.test"}})),
    )
    .await;
    let ids = |body: &Value| {
        let mut ids: Vec<String> = body["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|user| user["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };

    let (status, headers, found) = call(
        &fake,
        Method::GET,
        "/admin/users?filter=b%40example.test",
        None,
    )
    .await;
    let (_, _, escaped) = call(
        &fake,
        Method::GET,
        "/admin/users?filter=b%40example%5C_test",
        None,
    )
    .await;
    let (_, _, underscore) = call(&fake, Method::GET, "/admin/users?filter=b_example", None).await;

    let mut want = vec![
        exact.id.to_string(),
        longer.id.to_string(),
        named["id"].as_str().unwrap().to_owned(),
    ];
    want.sort();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&found), want, "substring of the email or the full name");
    assert_eq!(
        headers["x-total-count"], "3",
        "the count is of the filtered users"
    );
    assert!(ids(&escaped).is_empty(), "an escaped _ is literal");
    assert!(
        ids(&underscore).contains(&wildcard.id.to_string()),
        "_ matches one character"
    );
}

#[tokio::test]
async fn health_answers_with_a_known_apikey_and_can_fail() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let key = Some(fake.service_key());
    let (ok, _, body) = call_as(&fake, Method::GET, "/health", None, key, None).await;
    let (refused, _, _) = call_as(&fake, Method::GET, "/health", None, None, None).await;
    fake.inject(Endpoint::Health, Fault::error(503, "unexpected_failure"));
    let (down, _, _) = call_as(&fake, Method::GET, "/health", None, key, None).await;

    assert_eq!((ok, &body["name"]), (StatusCode::OK, &json!("GoTrue")));
    assert_eq!(refused, StatusCode::UNAUTHORIZED);
    assert_eq!(down.as_u16(), 503);
}

#[tokio::test]
async fn injected_errors_carry_the_chosen_error_code() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    fake.inject(
        Endpoint::Invite,
        Fault::error(429, "over_email_send_rate_limit"),
    );
    let (status, _, body) = call(
        &fake,
        Method::POST,
        "/invite",
        Some(json!({"email": "a@b.test"})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["error_code"], &body["code"]),
        (429, &json!("over_email_send_rate_limit"), &json!(429))
    );
}
