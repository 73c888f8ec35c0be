//! The repository contract suites on the PostgREST adapters, against the testkit's fake
//! PostgREST over a fresh test database per case (migrated: cloned from the migrated template,
//! as the PostgreSQL adapter's tests get theirs).

use futures::future::BoxFuture;
use inbox_domain::ports::Storage;
use inbox_domain::{ConversationFilter, PageLimit, RepoError};
use inbox_supabase::{SupabaseProject, SupabaseRest};
use inbox_testkit::contract::{self, fixtures};
use inbox_testkit::db::TestDatabase;
use inbox_testkit::fake_postgrest::{FakePostgrest, Fault, FaultTarget};
use secrecy::SecretString;

/// What a case keeps alive: the fake, then the database.
type Guard = (FakePostgrest, TestDatabase);

/// A fresh database, a fake PostgREST on it and the adapter's storage over it.
async fn fresh() -> (Storage, Guard) {
    let db = TestDatabase::new().await.expect("a test database");
    let fake = FakePostgrest::start(&db).await.expect("the fake starts");
    let key = SecretString::from(fake.service_key().to_owned());
    let project = SupabaseProject::new(fake.url(), key).expect("valid project");
    let rest = SupabaseRest::new(&project, &SupabaseRest::default_settings()).expect("adapter");
    (rest.storage(), (fake, db))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access() {
    contract::access_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_admin() {
    contract::user_admin_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts() {
    contract::accounts_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts() {
    contract::contacts_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations() {
    contract::conversations_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages() {
    contract::messages_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks() {
    contract::webhooks_contract(fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_property() {
    contract::webhooks_property(fresh, 32).await;
}

/// A fresh database, a fake PostgREST on it, and the adapter's storage and outbox over it.
pub(crate) async fn fresh_outbox() -> (contract::outbox::OutboxWorld, Guard) {
    let db = TestDatabase::new().await.expect("a test database");
    let fake = FakePostgrest::start(&db).await.expect("the fake starts");
    let key = SecretString::from(fake.service_key().to_owned());
    let project = SupabaseProject::new(fake.url(), key).expect("valid project");
    let rest = SupabaseRest::new(&project, &SupabaseRest::default_settings()).expect("adapter");
    let world = contract::outbox::OutboxWorld {
        storage: rest.storage(),
        outbox: rest.outbox(),
    };
    (world, (fake, db))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox() {
    contract::outbox_contract(fresh_outbox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_names_the_backend_and_pings_through_the_api() {
    let (storage, guard) = fresh().await;
    assert_eq!(storage.health.backend(), "supabase");
    storage.health.ping().await.expect("ping");
    assert_eq!(guard.0.requests().len(), 1, "one request per ping");
}

/// Each port call is one request to the expected path (the suites above check the answers).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_call_is_one_request_to_the_shared_sql() {
    let (storage, guard) = fresh().await;
    let fake = &guard.0;
    let conversation = fixtures::conversation(&storage).await;
    let limit = PageLimit::default();
    let calls: [(&str, BoxFuture<'_, ()>); 5] = [
        (
            "/rest/v1/rpc/inbox_append_message_returning",
            Box::pin(async {
                let message = fixtures::inbound(conversation.id, 1);
                storage.messages.append(message).await.expect("append");
            }),
        ),
        (
            "/rest/v1/inbox_messages",
            Box::pin(async {
                let page = storage.messages.page(conversation.id, None, limit).await;
                assert_eq!(page.expect("page").items.len(), 1);
            }),
        ),
        (
            "/rest/v1/inbox_conversation_summaries",
            Box::pin(async {
                let filter = ConversationFilter::default();
                let page = storage.conversations.list_filtered(
                    conversation.account_id,
                    filter,
                    None,
                    limit,
                );
                assert_eq!(page.await.expect("list").items.len(), 1);
            }),
        ),
        (
            "/rest/v1/rpc/inbox_list_contacts",
            Box::pin(async {
                let page = storage
                    .contacts
                    .list(conversation.account_id, None, None, limit);
                assert_eq!(page.await.expect("contacts").items.len(), 1);
            }),
        ),
        (
            "/rest/v1/rpc/inbox_change_conversation",
            Box::pin(async {
                storage
                    .conversations
                    .mark_read(conversation.id)
                    .await
                    .expect("read");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outages_and_serialization_failures_are_unavailable() {
    let (storage, guard) = fresh().await;
    let fake = &guard.0;
    for fault in [
        Fault::status(503),
        Fault::sqlstate("40001"),
        Fault::sqlstate("57014"),
    ] {
        fake.inject(FaultTarget::Any, fault.clone().times(1));
        let got = storage.accounts.list().await;
        assert!(
            matches!(got, Err(RepoError::Unavailable(_))),
            "{fault:?}: {got:?}"
        );
    }
    storage.accounts.list().await.expect("behaves again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_unavailable() {
    let project = SupabaseProject::new("http://127.0.0.1:1", SecretString::from("k".to_owned()))
        .expect("valid project");
    let rest = SupabaseRest::new(&project, &SupabaseRest::default_settings()).expect("adapter");
    let got = rest.health().ping().await;
    assert!(matches!(got, Err(RepoError::Unavailable(_))), "{got:?}");
}
