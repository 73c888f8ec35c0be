//! The matrix tests.

use std::collections::BTreeSet;

use inbox_http::ROUTES;

use super::endpoints::{Call, Endpoint, Scope, endpoints};
use super::world::{Caller, Target, World};

async fn send(world: &World, call: Call, bearer: Option<&str>) -> reqwest::Response {
    let client = &world.app.anonymous;
    let url = world.app.url(&call.path);
    let mut request = match call.method {
        "GET" => client.get(url),
        "POST" => client.post(url),
        "PUT" => client.put(url),
        "PATCH" => client.patch(url),
        "DELETE" => client.delete(url),
        other => panic!("unsupported method {other}"),
    };
    if let Some(body) = call.body {
        request = request.json(&body);
    }
    if let Some(bearer) = bearer {
        request = request.header("authorization", bearer);
    }
    request.send().await.expect("request failed")
}

/// The status `caller` must get on `endpoint` addressed at the own or the foreign account.
fn expected(endpoint: &Endpoint, caller: &Caller, own_target: bool) -> u16 {
    match endpoint.scope {
        Scope::Public | Scope::AnyUser => endpoint.allowed,
        Scope::Global(permission) if caller.global.contains(permission) => endpoint.allowed,
        Scope::Global(_) => 403,
        Scope::Account(permission) => {
            let held = if own_target {
                caller.own.union(caller.global)
            } else {
                caller.global
            };
            if held.contains(permission) {
                endpoint.allowed
            } else if held.is_empty() {
                404
            } else {
                403
            }
        }
    }
}

#[tokio::test]
async fn every_route_is_in_the_matrix() {
    let routes: BTreeSet<(&str, &str)> = ROUTES.iter().copied().collect();
    let rows: BTreeSet<(&str, &str)> = endpoints().map(|e| (e.method, e.pattern)).collect();
    let missing: Vec<_> = routes.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&routes).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "add these routes to the matrix: {missing:?}; remove these rows: {stale:?}"
    );
    assert_eq!(
        rows.len(),
        endpoints().count(),
        "a route appears twice in the matrix"
    );
}

#[tokio::test]
async fn every_role_gets_what_its_permissions_allow_on_its_account_and_nothing_elsewhere() {
    let world = World::new().await;
    let mut wrong = Vec::new();
    let mut cells = 0;
    for endpoint in endpoints() {
        for caller in &world.callers {
            for (own_target, target) in [(true, &world.own), (false, &world.foreign)] {
                let want = expected(endpoint, caller, own_target);
                let bearer = format!("Bearer {}", caller.agent.token);
                let got = send(&world, (endpoint.call)(&world, target), Some(&bearer))
                    .await
                    .status()
                    .as_u16();
                cells += 1;
                if got != want {
                    wrong.push(format!(
                        "{} {} as {} on {} account: got {got}, want {want}",
                        endpoint.method,
                        endpoint.pattern,
                        caller.name,
                        if own_target { "own" } else { "foreign" },
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn authenticated_routes_refuse_missing_expired_forged_and_malformed_tokens() {
    let world = World::new().await;
    let admin = &world.app.admin;
    let expired = format!(
        "Bearer {}",
        world
            .app
            .tokens
            .mint_expired(admin.identity, &admin.user.email)
    );
    let forged = format!(
        "Bearer {}",
        world
            .app
            .tokens
            .mint_forged(admin.identity, &admin.user.email)
    );
    let bad: [(&str, Option<&str>, &str); 4] = [
        ("no token", None, "unauthenticated"),
        ("expired", Some(&expired), "invalid_token"),
        ("forged", Some(&forged), "invalid_token"),
        (
            "malformed",
            Some("Basic YWxhZGRpbjpvcGVuc2VzYW1l"),
            "malformed_authorization",
        ),
    ];
    let mut wrong = Vec::new();
    for endpoint in endpoints() {
        if matches!(endpoint.scope, Scope::Public) {
            continue;
        }
        for (name, bearer, code) in bad {
            let target: &Target = &world.own;
            let response = send(&world, (endpoint.call)(&world, target), bearer).await;
            let status = response.status().as_u16();
            let challenge = response.headers().get("www-authenticate").is_some();
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            if status != 401 || !challenge || body["error"]["code"] != code {
                wrong.push(format!(
                    "{} {} with {name}: {status}, challenge {challenge}, body {body}",
                    endpoint.method, endpoint.pattern
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
