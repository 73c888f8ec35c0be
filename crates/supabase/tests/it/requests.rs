//! What goes on the wire: the documented endpoints, query parameters and bodies.

use serde_json::{Map, json};

use inbox_domain::identity_admin::{IdentityPageRequest, Invitation};
use inbox_domain::ports::IdentityProvider;

use crate::helpers::{admin, fake};

#[tokio::test]
async fn invite_posts_the_email_and_metadata_with_redirect_to_in_the_query() {
    let fake = fake().await;
    let admin = admin(&fake);
    let mut metadata = Map::new();
    metadata.insert("invited_by".to_owned(), json!("admin-1"));
    let invitation = Invitation::new("New@Example.test")
        .unwrap()
        .redirect_to("https://app.example.test/welcome?step=1")
        .unwrap()
        .metadata(metadata)
        .unwrap();

    let invited = admin.invite(&invitation).await.unwrap();

    let stored = fake.user(invited.id.as_uuid()).unwrap();
    assert_eq!(stored.email, "new@example.test");
    assert_eq!(stored.user_metadata, json!({"invited_by": "admin-1"}));
    let request = &fake.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/auth/v1/invite")
    );
    assert_eq!(
        request.query,
        "redirect_to=https%3A%2F%2Fapp.example.test%2Fwelcome%3Fstep%3D1"
    );
}

#[tokio::test]
async fn list_sends_page_and_per_page_and_reads_the_total() {
    let fake = fake().await;
    for n in 0..5 {
        fake.add_user(&format!("u{n}@example.test"));
    }
    let admin = admin(&fake);

    let page = admin
        .list(IdentityPageRequest::new(2, 2).unwrap())
        .await
        .unwrap();
    let last = admin
        .list(IdentityPageRequest::new(3, 2).unwrap())
        .await
        .unwrap();
    let beyond = admin
        .list(IdentityPageRequest::new(9, 2).unwrap())
        .await
        .unwrap();

    assert_eq!(fake.requests()[0].query, "page=2&per_page=2");
    assert_eq!((page.identities.len(), page.total), (2, 5));
    assert_eq!(
        page.next_page,
        Some(IdentityPageRequest::new(3, 2).unwrap())
    );
    assert_eq!((last.identities.len(), last.next_page), (1, None));
    assert!(beyond.identities.is_empty() && beyond.next_page.is_none());
}

#[tokio::test]
async fn find_by_email_filters_on_the_server_and_matches_exactly_here() {
    let fake = fake().await;
    fake.add_user("xb@example.test");
    let wanted = fake.add_user("b@example.test");
    let admin = admin(&fake);

    let found = admin
        .find_by_email("B@Example.test")
        .await
        .unwrap()
        .unwrap();

    assert_eq!(found.id.as_uuid(), wanted.id);
    let request = &fake.requests()[0];
    assert_eq!(request.path, "/auth/v1/admin/users");
    assert_eq!(request.query, "page=1&per_page=100&filter=b%40example.test");
}

#[tokio::test]
async fn get_and_delete_address_the_user_by_id() {
    let fake = fake().await;
    let user = fake.add_user("gone@example.test");
    let admin = admin(&fake);
    let id = inbox_domain::IdentityId::from_uuid(user.id);

    admin.get(id).await.unwrap();
    admin.delete(id).await.unwrap();

    let paths: Vec<(String, String)> = fake
        .requests()
        .into_iter()
        .map(|request| (request.method, request.path))
        .collect();
    let path = format!("/auth/v1/admin/users/{}", user.id);
    assert_eq!(
        paths,
        [
            ("GET".to_owned(), path.clone()),
            ("DELETE".to_owned(), path)
        ]
    );
    assert!(fake.user(user.id).is_none());
}

#[tokio::test]
async fn ping_reads_the_health_endpoint() {
    let fake = fake().await;
    admin(&fake).ping().await.unwrap();
    assert_eq!(fake.request_count("GET", "/auth/v1/health"), 1);
}
