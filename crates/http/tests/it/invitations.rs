//! Invitations: recorded, invited at the provider, listed, revoked, accepted at first request.

use inbox_testkit::agents::agent;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{client_with_token, error_of, seed_account, spawn_app};

fn address() -> String {
    format!("new-{}@example.com", Uuid::new_v4().simple())
}

#[tokio::test]
async fn an_invitation_is_recorded_and_its_roles_granted_at_the_first_request() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let email = address();
    let body = json!({"email": email, "grants": [{"account_id": account.id, "role": "agent"}],
                      "expires_in_days": 3});
    let response = app.post_json("/admin/invitations", &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["invitation"]["state"], "pending");
    assert_eq!(created["delivery"], "invited");
    assert_eq!(created["provider"], "local");
    let again = app.post_json("/admin/invitations", &body).await;
    assert_eq!(error_of(again, 409).await["code"], "invitation_conflict");

    let identity = inbox_domain::IdentityId::from_uuid(Uuid::new_v4());
    let token = app.tokens.mint(identity, &email.to_uppercase());
    let me: Value = client_with_token(&token)
        .get(app.url("/auth/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["accounts"][0]["account_id"], account.id.to_string());
    assert_eq!(me["accounts"][0]["roles"][0]["key"], "agent");

    let list: Value = app
        .get("/admin/invitations?state=accepted")
        .await
        .json()
        .await
        .unwrap();
    let id = created["invitation"]["id"].clone();
    assert!(
        list["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id)
    );
    let path = format!("/admin/invitations/{}", id.as_str().unwrap());
    let revoke = app.client.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(error_of(revoke, 409).await["code"], "invitation_conflict");
}

#[tokio::test]
async fn invitations_are_checked_scoped_and_revocable() {
    let app = spawn_app().await;
    let (a, b) = (
        seed_account(&app.storage, "106540352242922").await,
        seed_account(&app.storage, "106540352242923").await,
    );
    let manager = agent(&app.storage, &app.tokens, "admin", Some(a.id)).await;
    let client = client_with_token(&manager.token);
    let invite = |grants: Value, extra: Value| {
        let mut body = json!({"email": address(), "grants": grants});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        client
            .post(app.url("/admin/invitations"))
            .json(&body)
            .send()
    };
    let on_a = invite(json!([{"account_id": a.id, "role": "agent"}]), json!({}))
        .await
        .unwrap();
    assert_eq!(on_a.status(), 201);
    let on_a: Value = on_a.json().await.unwrap();
    let cases = [
        (
            json!([{"account_id": b.id, "role": "agent"}]),
            json!({}),
            404,
            "account_not_found",
        ),
        (json!([{"role": "agent"}]), json!({}), 403, "forbidden"),
        (json!([]), json!({}), 400, "invalid_grants"),
        (
            json!([{"account_id": a.id, "role": "nope"}]),
            json!({}),
            400,
            "invalid_grants",
        ),
        (
            json!([{"account_id": a.id, "role": "agent"}]),
            json!({"expires_in_days": 31}),
            400,
            "invalid_expires_in_days",
        ),
        (
            json!([{"account_id": a.id, "role": "agent"}]),
            json!({"email": "nope"}),
            400,
            "invalid_email",
        ),
        (
            json!([{"account_id": a.id, "role": "agent"}]),
            json!({"redirect_to": "ftp://x"}),
            400,
            "invalid_redirect_to",
        ),
    ];
    for (grants, extra, status, code) in cases {
        let what = format!("{grants} {extra}");
        let response = invite(grants, extra).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{what}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{what}");
    }

    let on_b = json!({"email": address(), "grants": [{"account_id": b.id, "role": "agent"}]});
    let on_b: Value = app
        .post_json("/admin/invitations", &on_b)
        .await
        .json()
        .await
        .unwrap();
    let listed: Value = client
        .get(app.url("/admin/invitations"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&Value> = listed["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert!(ids.contains(&&on_a["invitation"]["id"]));
    assert!(
        !ids.contains(&&on_b["invitation"]["id"]),
        "not another account's"
    );

    let path = |v: &Value| {
        format!(
            "/admin/invitations/{}",
            v["invitation"]["id"].as_str().unwrap()
        )
    };
    let hidden = client.delete(app.url(&path(&on_b))).send().await.unwrap();
    assert_eq!(error_of(hidden, 404).await["code"], "invitation_not_found");
    let revoked = client.delete(app.url(&path(&on_a))).send().await.unwrap();
    assert_eq!(revoked.status(), 200);
    let revoked: Value = revoked.json().await.unwrap();
    assert_eq!(revoked["state"], "revoked");
    let bad = app.get("/admin/invitations?state=lost").await;
    assert_eq!(error_of(bad, 400).await["field"], "state");
}
