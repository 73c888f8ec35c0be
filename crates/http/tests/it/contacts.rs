//! Contacts over HTTP: list with search and cursor, get, update; validation and access.

use inbox_domain::{AccountId, Contact, WaId};
use inbox_testkit::agents::agent;
use serde_json::{Value, json};

use crate::helpers::{TestApp, client_with_token, error_of, seed_account, spawn_app};

/// Stores a contact of `account` directly through the port.
async fn contact(app: &TestApp, account: AccountId, wa_id: &str, name: &str) -> Contact {
    app.storage
        .contacts
        .upsert_by_wa_id(account, &WaId::parse(wa_id).unwrap(), Some(name.into()))
        .await
        .unwrap()
}

/// An app with one account and three contacts, oldest first.
async fn app_with_contacts() -> (TestApp, AccountId, Vec<Contact>) {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await.id;
    let mut contacts = Vec::new();
    for (wa_id, name) in [
        ("16505550001", "Grace Hopper"),
        ("447700900123", "Ada Lovelace"),
        ("4915123456789", "Alan Turing"),
    ] {
        contacts.push(contact(&app, account, wa_id, name).await);
    }
    (app, account, contacts)
}

async fn ok_json(response: reqwest::Response) -> Value {
    assert_eq!(response.status().as_u16(), 200, "unexpected status");
    response.json().await.unwrap()
}

/// The ids of one page of `GET /contacts` with `query`.
async fn listed(app: &TestApp, account: AccountId, query: &str) -> Vec<String> {
    let page = ok_json(
        app.get(&format!("/contacts?account_id={account}&{query}"))
            .await,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn patch(
    client: &reqwest::Client,
    app: &TestApp,
    id: &str,
    body: Value,
) -> reqwest::Response {
    client
        .patch(app.url(&format!("/contacts/{id}")))
        .json(&body)
        .send()
        .await
        .expect("request failed")
}

#[tokio::test]
async fn contacts_are_paged_newest_first_through_next_cursor() {
    let (app, account, contacts) = app_with_contacts().await;

    let first = ok_json(
        app.get(&format!("/contacts?account_id={account}&limit=2"))
            .await,
    )
    .await;
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a cursor after a full page");
    let second = ok_json(
        app.get(&format!(
            "/contacts?account_id={account}&limit=2&cursor={cursor}"
        ))
        .await,
    )
    .await;

    let ids: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let newest_first: Vec<String> = contacts.iter().rev().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, newest_first);
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn q_searches_names_and_numbers_ignoring_case() {
    let (app, account, contacts) = app_with_contacts().await;
    let id = |i: usize| contacts[i].id.to_string();

    assert_eq!(listed(&app, account, "q=LOVELACE").await, [id(1)]);
    assert_eq!(
        listed(&app, account, "q=%2B49%20151").await,
        [id(2)],
        "+49 151"
    );
    assert_eq!(listed(&app, account, "q=a").await, [id(2), id(1), id(0)]);
    assert!(listed(&app, account, "q=nobody").await.is_empty());
    patch(
        &app.client,
        &app,
        &id(0),
        json!({"display_name": "Amazing Grace"}),
    )
    .await;
    assert_eq!(listed(&app, account, "q=amazing").await, [id(0)]);
}

#[tokio::test]
async fn a_contact_is_returned_with_every_field() {
    let (app, account, contacts) = app_with_contacts().await;

    let body = ok_json(app.get(&format!("/contacts/{}", contacts[0].id)).await).await;

    assert_eq!(body["id"], contacts[0].id.to_string());
    assert_eq!(body["account_id"], account.to_string());
    assert_eq!(body["wa_id"], "16505550001");
    assert_eq!(body["profile_name"], "Grace Hopper");
    assert_eq!(body["display_name"], Value::Null);
    assert_eq!(body["notes"], Value::Null);
    assert_eq!(body["tags"], json!([]));
    assert!(body["created_at"].is_string() && body["updated_at"].is_string());
}

#[tokio::test]
async fn an_update_sets_keeps_and_clears_fields() {
    let (app, _, contacts) = app_with_contacts().await;
    let id = contacts[0].id.to_string();

    let set = json!({"display_name": " Grace ", "notes": "Prefers mornings\nCall first", "tags": ["vip", "navy", "vip"]});
    let body = ok_json(patch(&app.client, &app, &id, set).await).await;
    assert_eq!(body["display_name"], "Grace");
    assert_eq!(body["notes"], "Prefers mornings\nCall first");
    assert_eq!(body["tags"], json!(["vip", "navy"]));

    let kept = ok_json(patch(&app.client, &app, &id, json!({"notes": null})).await).await;
    assert_eq!(kept["display_name"], "Grace", "a missing field stays");
    assert_eq!(kept["tags"], json!(["vip", "navy"]));
    assert_eq!(kept["notes"], Value::Null, "null clears");

    let cleared = ok_json(
        patch(
            &app.client,
            &app,
            &id,
            json!({"display_name": null, "tags": []}),
        )
        .await,
    )
    .await;
    assert_eq!(cleared["display_name"], Value::Null);
    assert_eq!(cleared["tags"], json!([]));
    let stored = ok_json(app.get(&format!("/contacts/{id}")).await).await;
    assert_eq!(stored, cleared);
}

#[tokio::test]
async fn bad_update_bodies_are_400s_naming_the_field() {
    let (app, _, contacts) = app_with_contacts().await;
    let id = contacts[0].id.to_string();
    let cases = [
        (json!({"display_name": ""}), "display_name"),
        (json!({"display_name": "x".repeat(257)}), "display_name"),
        (json!({"display_name": 7}), "display_name"),
        (json!({"notes": "a\u{0}b"}), "notes"),
        (json!({"notes": "x".repeat(10_001)}), "notes"),
        (json!({"tags": "vip"}), "tags"),
        (json!({"tags": [""]}), "tags"),
        (json!({"tags": [1]}), "tags"),
        (
            json!({"tags": (0..51).map(|i| format!("t{i}")).collect::<Vec<_>>()}),
            "tags",
        ),
    ];
    for (body, field) in cases {
        let error = error_of(patch(&app.client, &app, &id, body.clone()).await, 400).await;

        assert_eq!(error["field"], field, "{body}");
        assert_eq!(error["code"], format!("invalid_{field}"), "{body}");
    }
    let unknown_field = patch(&app.client, &app, &id, json!({"name": "Grace"})).await;
    assert_eq!(error_of(unknown_field, 400).await["code"], "malformed_body");
}

#[tokio::test]
async fn bad_list_parameters_are_400s_naming_the_parameter() {
    let (app, account, _) = app_with_contacts().await;
    for path in [
        "/contacts".to_owned(),
        "/contacts?account_id=nope".to_owned(),
    ] {
        let error = error_of(app.get(&path).await, 400).await;
        assert_eq!(error["field"], "account_id", "{path}");
    }
    for (query, field) in [
        ("q=", "q"),
        ("q=a%01", "q"),
        ("limit=0", "limit"),
        ("cursor=garbage", "cursor"),
    ] {
        let path = format!("/contacts?account_id={account}&{query}");

        let error = error_of(app.get(&path).await, 400).await;

        assert_eq!(error["field"], field, "{query}");
    }
}

#[tokio::test]
async fn unknown_ids_and_accounts_are_404s_and_bad_ids_400s() {
    let app = spawn_app().await;
    let unknown = uuid::Uuid::now_v7();

    let missing = app.get(&format!("/contacts/{unknown}")).await;
    assert_eq!(error_of(missing, 404).await["code"], "contact_not_found");
    let missing = patch(
        &app.client,
        &app,
        &unknown.to_string(),
        json!({"notes": "x"}),
    )
    .await;
    assert_eq!(error_of(missing, 404).await["code"], "contact_not_found");
    let missing = app.get(&format!("/contacts?account_id={unknown}")).await;
    assert_eq!(error_of(missing, 404).await["code"], "account_not_found");
    let bad = error_of(app.get("/contacts/123").await, 400).await;
    assert_eq!(bad["field"], "id");
}

#[tokio::test]
async fn a_foreign_accounts_contact_is_404_and_a_viewer_may_read_but_not_update() {
    let (app, account, contacts) = app_with_contacts().await;
    let other = seed_account(&app.storage, "106540352242923").await.id;
    let foreign = contact(&app, other, "16505550009", "Someone Else").await;
    let viewer = agent(&app.storage, &app.tokens, "viewer", Some(account)).await;
    let member = agent(&app.storage, &app.tokens, "agent", Some(account)).await;
    let viewer = client_with_token(&viewer.token);
    let member = client_with_token(&member.token);
    let own = contacts[0].id.to_string();

    for client in [&viewer, &member] {
        let get = client
            .get(app.url(&format!("/contacts/{}", foreign.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(error_of(get, 404).await["code"], "contact_not_found");
        let update = patch(client, &app, &foreign.id.to_string(), json!({"notes": "x"})).await;
        assert_eq!(error_of(update, 404).await["code"], "contact_not_found");
        let list = client
            .get(app.url(&format!("/contacts?account_id={other}")))
            .send()
            .await
            .unwrap();
        assert_eq!(error_of(list, 404).await["code"], "account_not_found");
        let get = client
            .get(app.url(&format!("/contacts/{own}")))
            .send()
            .await
            .unwrap();
        assert_eq!(get.status().as_u16(), 200);
    }
    let refused = patch(&viewer, &app, &own, json!({"notes": "x"})).await;
    assert_eq!(error_of(refused, 403).await["code"], "forbidden");
    let allowed = ok_json(patch(&member, &app, &own, json!({"notes": "x"})).await).await;
    assert_eq!(allowed["notes"], "x");
    assert_eq!(
        app.storage.contacts.get(foreign.id).await.unwrap().notes,
        None
    );
}
