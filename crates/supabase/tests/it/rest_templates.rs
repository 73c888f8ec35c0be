//! `TemplateRepo` over PostgREST: its contract suite, and one request per call to the shared
//! SQL (the functions the PostgreSQL adapter calls too).

use futures::future::BoxFuture;
use inbox_domain::outbound::{CreatedTemplate, NewTemplate, TemplateCategory, TemplateName};
use inbox_domain::outbound::{LanguageCode, TemplateState};
use inbox_domain::templates::{TemplateFilter, TemplateReview};
use inbox_domain::{PageLimit, RepoError};
use inbox_supabase::{SupabaseProject, SupabaseRest};
use inbox_testkit::contract::{self, fixtures};
use inbox_testkit::db::TestDatabase;
use inbox_testkit::fake_postgrest::FakePostgrest;
use secrecy::SecretString;
use serde_json::json;
use time::OffsetDateTime;

/// What a case keeps alive: the fake, then the database.
type Guard = (FakePostgrest, TestDatabase);

/// A fresh database, a fake PostgREST on it, and the adapter's storage, outbox and templates.
async fn fresh_templates() -> (contract::TemplateWorld, Guard) {
    let db = TestDatabase::new().await.expect("a test database");
    let fake = FakePostgrest::start(&db).await.expect("the fake starts");
    let key = SecretString::from(fake.service_key().to_owned());
    let project = SupabaseProject::new(fake.url(), key).expect("valid project");
    let rest = SupabaseRest::new(&project, &SupabaseRest::default_settings()).expect("adapter");
    let world = contract::TemplateWorld {
        storage: rest.storage(),
        outbox: rest.outbox(),
        templates: rest.templates(),
    };
    (world, (fake, db))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates() {
    contract::templates_contract(fresh_templates).await;
}

/// Each template call is one request to the expected path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_template_call_is_one_request_to_the_shared_sql() {
    let (world, guard) = fresh_templates().await;
    let fake = &guard.0;
    let templates = &world.templates;
    let account = fixtures::account(&world.storage).await.id;
    let name = TemplateName::parse("rest_contract_hello").expect("name");
    let en = LanguageCode::parse("en").expect("language");
    let new = NewTemplate::new(
        name.clone(),
        en.clone(),
        TemplateCategory::Utility,
        false,
        vec![json!({"type": "BODY", "text": "Hello"})],
    )
    .expect("template");
    let created = CreatedTemplate {
        id: "1700000000000001".to_owned(),
        status: TemplateState::Pending,
        category: Some("UTILITY".to_owned()),
    };
    let review = TemplateReview {
        account_id: account,
        name: name.clone(),
        language: en.clone(),
        status: TemplateState::Approved,
        reason: None,
    };
    let calls: [(&str, BoxFuture<'_, ()>); 8] = [
        (
            "/rest/v1/rpc/inbox_templates_record_created",
            Box::pin(async {
                let stored = templates.record_created(account, &new, &created, true);
                assert_eq!(stored.await.expect("record").name, name);
            }),
        ),
        (
            "/rest/v1/templates",
            Box::pin(async {
                let filter = TemplateFilter::default();
                let page = templates.list(account, &filter, None, PageLimit::default());
                assert_eq!(page.await.expect("list").items.len(), 1);
            }),
        ),
        (
            "/rest/v1/rpc/inbox_templates_count_auto_created",
            Box::pin(async {
                let since = OffsetDateTime::now_utc() - time::Duration::days(1);
                let count = templates.count_auto_created_since(account, since);
                assert_eq!(count.await.expect("count"), 1);
            }),
        ),
        (
            "/rest/v1/rpc/inbox_templates_apply_review",
            Box::pin(async {
                assert!(templates.apply_review(&review).await.expect("review"));
            }),
        ),
        (
            "/rest/v1/rpc/inbox_templates_resolve_pending",
            Box::pin(async {
                let resolution = templates.resolve_pending(account, &name, &en);
                assert!(resolution.await.expect("resolve").released.is_empty());
            }),
        ),
        (
            "/rest/v1/rpc/inbox_templates_sync",
            Box::pin(async {
                let outcome = templates.sync(account, &[]).await.expect("sync");
                assert_eq!(outcome.deleted, 1);
            }),
        ),
        (
            "/rest/v1/rpc/inbox_templates_mark_deleted",
            Box::pin(async {
                let gone = templates.mark_deleted(account, &name).await;
                let already = matches!(gone, Err(RepoError::NotFound { entity: "template" }));
                assert!(already, "the sync deleted it already: {gone:?}");
            }),
        ),
        (
            "/rest/v1/rpc/inbox_templates_expire_waiting",
            Box::pin(async {
                let expired = templates.expire_waiting(OffsetDateTime::now_utc(), 10);
                expired.await.expect("expire");
            }),
        ),
    ];
    for (path, call) in calls {
        fake.clear_requests();
        call.await;
        let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, [path]);
    }
}
