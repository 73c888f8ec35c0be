//! The invitation flow through the real wiring, against the fake Supabase Auth: invite, the
//! person accepts, their first request links the identity and grants the invited roles; then
//! deleting the user deletes the identity there too.

use inbox_domain::access::NewAppUser;
use inbox_server::app::Application;
use inbox_server::config::{Settings, StorageMode};
use inbox_testkit::contract::fixtures::new_account;
use inbox_testkit::fake_auth::{FakeSupabaseAuth, mint_hs256};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::support::client_with_token;

/// A token the fake would issue to `sub` with `email`, signed with its JWT secret.
fn token(fake: &FakeSupabaseAuth, sub: Uuid, email: &str) -> String {
    let mut claims = fake.claims_for(sub);
    claims["email"] = json!(email);
    mint_hs256(fake.jwt_secret().as_bytes(), &claims)
}

#[tokio::test]
async fn an_invitation_sent_through_supabase_auth_grants_its_roles_at_the_first_request() {
    let fake = FakeSupabaseAuth::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::defaults().unwrap();
    settings.storage.mode = StorageMode::Memory;
    settings.storage.data_dir = dir.path().to_owned();
    settings.server.bind = "127.0.0.1:0".parse().unwrap();
    settings.server.workers = 1;
    settings.webhooks.workers = 0;
    settings.auth.jwt_secret = Some(fake.jwt_secret().to_owned().into());
    settings.auth.issuer = Some(fake.issuer());
    settings.supabase.url = Some(fake.url().to_owned());
    settings.supabase.service_key = Some(fake.service_key().to_owned().into());
    let app = Application::build(&settings).await.unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let storage = app.storage().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));

    let account = storage.accounts.create(new_account()).await.unwrap();
    let admin_identity = Uuid::new_v4();
    let admin_email = "admin@example.test";
    let admin = NewAppUser::new(
        admin_email,
        None,
        Some(inbox_domain::IdentityId::from_uuid(admin_identity)),
    )
    .unwrap();
    let admin = storage.access.create_user(admin).await.unwrap();
    storage
        .access
        .assign_role(admin.id, None, &"admin".parse().unwrap())
        .await
        .unwrap();
    let admin_client = client_with_token(&token(&fake, admin_identity, admin_email));

    let invitee = format!("new-{}@example.test", Uuid::new_v4().simple());
    let body = json!({"email": invitee, "grants": [{"account_id": account.id, "role": "agent"}]});
    let response = admin_client
        .post(format!("{base}/admin/invitations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["delivery"], "invited");
    assert_eq!(created["provider"], "supabase-auth");

    let invited = fake
        .users()
        .into_iter()
        .find(|u| u.email == invitee)
        .expect("the fake has the invited identity");
    assert!(fake.accept_invite(invited.id));
    let invitee_client = client_with_token(&token(&fake, invited.id, &invitee));
    let me = invitee_client
        .get(format!("{base}/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["user"]["identity_id"], invited.id.to_string());
    assert_eq!(me["accounts"][0]["account_id"], account.id.to_string());
    assert_eq!(me["accounts"][0]["roles"][0]["key"], "agent");

    let user_id = me["user"]["id"].as_str().unwrap();
    let deleted = admin_client
        .delete(format!("{base}/admin/users/{user_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    let deleted: Value = deleted.json().await.unwrap();
    assert_eq!(deleted["identity"], "deleted");
    assert!(fake.user(invited.id).is_none(), "gone at Supabase Auth too");

    stop.send(()).unwrap();
    task.await.unwrap().unwrap();
}
