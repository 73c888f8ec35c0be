//! Every way Supabase Auth can fail, classified into the port's errors.

use std::time::Duration;

use inbox_domain::IdentityId;
use inbox_domain::identity_admin::{IdentityPageRequest, Invitation};
use inbox_domain::ports::{IdentityError, IdentityProvider};
use inbox_supabase::{ClientSettings, SupabaseAuthAdmin, SupabaseProject};
use inbox_testkit::fake_auth::{Endpoint, Fault};
use secrecy::SecretString;
use uuid::Uuid;

use crate::helpers::{admin, admin_with_key, fake};

fn invitation(email: &str) -> Invitation {
    Invitation::new(email).unwrap()
}

#[tokio::test]
async fn credentials_the_project_refuses_are_unauthorized() {
    let fake = fake().await;
    let cases = [
        ("unknown key", admin_with_key(&fake, "sb_secret_unknown")),
        ("anon key", admin_with_key(&fake, fake.anon_key())),
    ];
    for (name, admin) in cases {
        let result = admin.list(IdentityPageRequest::default()).await;
        assert!(
            matches!(result, Err(IdentityError::Unauthorized)),
            "{name}: {result:?}"
        );
        let invite = admin.invite(&invitation("a@example.test")).await;
        assert!(
            matches!(invite, Err(IdentityError::Unauthorized)),
            "{name}: {invite:?}"
        );
    }
}

#[tokio::test]
async fn server_failures_and_timeouts_are_unavailable_and_retryable() {
    let fake = fake().await;
    let admin = admin(&fake);
    let id = IdentityId::from_uuid(Uuid::new_v4());
    for status in [500, 502, 503, 504] {
        fake.inject(Endpoint::GetUser, Fault::status(status));
        let result = admin.get(id).await;
        assert!(
            matches!(&result, Err(err @ IdentityError::Unavailable(_)) if err.is_retryable()),
            "{status}: {result:?}"
        );
    }
    // The helpers' adapter gives up after 500 ms.
    fake.inject(Endpoint::GetUser, Fault::delay(Duration::from_secs(3)));
    let result = admin.get(id).await;
    assert!(
        matches!(result, Err(IdentityError::Unavailable(_))),
        "timeout: {result:?}"
    );
}

#[tokio::test]
async fn an_unreachable_project_is_unavailable() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let project = SupabaseProject::new(&url, SecretString::from("k".to_owned())).unwrap();
    let admin = SupabaseAuthAdmin::new(&project, &ClientSettings::default()).unwrap();

    let result = admin.get(IdentityId::from_uuid(Uuid::new_v4())).await;
    assert!(
        matches!(result, Err(IdentityError::Unavailable(_))),
        "{result:?}"
    );
    let ping = admin.ping().await;
    assert!(
        matches!(ping, Err(IdentityError::Unavailable(_))),
        "{ping:?}"
    );
}

#[tokio::test]
async fn rate_limits_are_rate_limited_whatever_the_status() {
    let fake = fake().await;
    let admin = admin(&fake);
    for fault in [
        Fault::error(429, "over_email_send_rate_limit"),
        Fault::error(400, "over_request_rate_limit"),
        Fault::status(429),
    ] {
        fake.inject(Endpoint::Invite, fault);
        let result = admin.invite(&invitation("a@example.test")).await;
        assert!(
            matches!(&result, Err(err @ IdentityError::RateLimited { .. }) if err.is_retryable()),
            "{fault:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn addresses_the_provider_refuses_are_rejected_naming_the_email() {
    let fake = fake().await;
    // Ours accepts it; GoTrue wants a dot in the domain.
    let result = admin(&fake).invite(&invitation("agent@localhost")).await;
    match result {
        Err(IdentityError::Rejected(err)) => assert_eq!(err.field, "email"),
        other => panic!("must be Rejected, got {other:?}"),
    }
}

#[tokio::test]
async fn answers_we_do_not_understand_are_internal() {
    let fake = fake().await;
    let admin = admin(&fake);
    fake.inject(Endpoint::ListUsers, Fault::error(400, "validation_failed"));
    let result = admin.list(IdentityPageRequest::default()).await;
    assert!(
        matches!(result, Err(IdentityError::Internal(_))),
        "{result:?}"
    );

    // A wrong project URL reaches the gateway's 404, which is not "user not found".
    let project = SupabaseProject::new(
        &format!("{}/not-a-project", fake.url()),
        SecretString::from(fake.service_key().to_owned()),
    )
    .unwrap();
    let lost = SupabaseAuthAdmin::new(&project, &ClientSettings::default()).unwrap();
    let result = lost.get(IdentityId::from_uuid(Uuid::new_v4())).await;
    assert!(
        matches!(result, Err(IdentityError::Internal(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_unhealthy_auth_fails_the_ping() {
    let fake = fake().await;
    fake.inject(Endpoint::Health, Fault::status(503));
    let result = admin(&fake).ping().await;
    assert!(
        matches!(result, Err(IdentityError::Unavailable(_))),
        "{result:?}"
    );
}
