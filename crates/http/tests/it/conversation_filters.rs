//! The conversation list's filters: unread, favorite, status and search, their errors, and
//! the account lookup that only an empty first page of a global caller costs.

use std::sync::Arc;

use inbox_domain::ports::{MockAccountRepo, MockConversationRepo, Storage};
use inbox_domain::{
    AccountId, ConversationFilter, ConversationId, ConversationStatus, Page, RepoError, WaId,
};
use inbox_testkit::agents::agent;
use serde_json::Value;

use crate::helpers::{
    TestApp, client_with_token, error_of, seed_account, seed_message, spawn_app, spawn_with,
};

/// The conversations of one account, each named for what sets it apart.
struct Inbox {
    app: TestApp,
    account: AccountId,
    /// Read, open, contact "Grace Hopper" on +1 650 555 0001.
    read: ConversationId,
    /// Unread, open, contact "Ada Lovelace".
    unread: ConversationId,
    /// Read, favorite, closed.
    favorite_closed: ConversationId,
    /// Read, archived.
    archived: ConversationId,
}

/// Opens a conversation with a new contact, with one customer message `minutes_ago`.
async fn conversation(
    app: &TestApp,
    account: AccountId,
    wa_id: &str,
    name: &str,
    minutes_ago: i64,
) -> ConversationId {
    let wa_id = WaId::parse(wa_id).unwrap();
    let contact = app
        .storage
        .contacts
        .upsert_by_wa_id(account, &wa_id, Some(name.into()))
        .await
        .unwrap();
    let conversation = app
        .storage
        .conversations
        .open(account, contact.id)
        .await
        .unwrap();
    seed_message(&app.storage, conversation.id, "hello", minutes_ago).await;
    conversation.id
}

async fn inbox() -> Inbox {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await.id;
    let conversations = &app.storage.conversations;
    let read = conversation(&app, account, "16505550001", "Grace Hopper", 4).await;
    conversations.mark_read(read).await.unwrap();
    let unread = conversation(&app, account, "447700900123", "Ada Lovelace", 3).await;
    let favorite_closed = conversation(&app, account, "4915123456789", "Alan Turing", 2).await;
    conversations.mark_read(favorite_closed).await.unwrap();
    conversations
        .set_favorite(favorite_closed, true)
        .await
        .unwrap();
    conversations
        .set_status(favorite_closed, ConversationStatus::Closed)
        .await
        .unwrap();
    let archived = conversation(&app, account, "33612345678", "Marie Curie", 1).await;
    conversations.mark_read(archived).await.unwrap();
    conversations
        .set_status(archived, ConversationStatus::Archived)
        .await
        .unwrap();
    Inbox {
        app,
        account,
        read,
        unread,
        favorite_closed,
        archived,
    }
}

impl Inbox {
    /// The ids listed with `filters` appended to the query, newest activity first.
    async fn ids(&self, filters: &str) -> Vec<ConversationId> {
        let path = format!("/conversations?account_id={}&{filters}", self.account);
        let response = self.app.get(&path).await;
        assert_eq!(response.status().as_u16(), 200, "{filters}");
        let body: Value = response.json().await.unwrap();
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().parse().unwrap())
            .collect()
    }
}

#[tokio::test]
async fn the_default_list_shows_open_and_closed_but_not_archived() {
    let inbox = inbox().await;

    let ids = inbox.ids("").await;

    assert_eq!(ids, [inbox.favorite_closed, inbox.unread, inbox.read]);
}

#[tokio::test]
async fn unread_and_favorite_keep_only_those_conversations() {
    let inbox = inbox().await;

    assert_eq!(inbox.ids("unread=true").await, [inbox.unread]);
    assert_eq!(inbox.ids("favorite=true").await, [inbox.favorite_closed]);
    assert_eq!(
        inbox.ids("unread=false&favorite=false").await,
        inbox.ids("").await
    );
    assert!(
        inbox.ids("unread=true&favorite=true").await.is_empty(),
        "every condition holds"
    );
}

#[tokio::test]
async fn status_selects_one_state_or_all() {
    let inbox = inbox().await;

    assert_eq!(inbox.ids("status=archived").await, [inbox.archived]);
    assert_eq!(inbox.ids("status=closed").await, [inbox.favorite_closed]);
    assert_eq!(inbox.ids("status=open").await, [inbox.unread, inbox.read]);
    assert_eq!(inbox.ids("status=active").await, inbox.ids("").await);
    assert_eq!(
        inbox.ids("status=all").await,
        [
            inbox.archived,
            inbox.favorite_closed,
            inbox.unread,
            inbox.read
        ]
    );
}

#[tokio::test]
async fn q_searches_contact_names_and_numbers_ignoring_case() {
    let inbox = inbox().await;

    assert_eq!(inbox.ids("q=lovelace").await, [inbox.unread]);
    assert_eq!(
        inbox.ids("q=%2B1%20650%20555").await,
        [inbox.read],
        "+1 650 555"
    );
    assert_eq!(inbox.ids("q=curie&status=all").await, [inbox.archived]);
    assert!(
        inbox.ids("q=curie").await.is_empty(),
        "archived stays hidden by default"
    );
    assert!(inbox.ids("q=nobody").await.is_empty());
}

#[tokio::test]
async fn q_finds_the_name_agents_gave_and_the_list_shows_it() {
    let inbox = inbox().await;
    let app = &inbox.app;
    let summary = app.storage.conversations.get(inbox.read).await.unwrap();
    let body = serde_json::json!({"display_name": "Rear Admiral"});
    let response = app
        .client
        .patch(app.url(&format!("/contacts/{}", summary.contact.id)))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    assert_eq!(inbox.ids("q=admiral").await, [inbox.read]);
    let path = format!("/conversations?account_id={}&q=admiral", inbox.account);
    let list: Value = app.get(&path).await.json().await.unwrap();
    assert_eq!(list["items"][0]["contact"]["display_name"], "Rear Admiral");
}

#[tokio::test]
async fn a_filtered_list_pages_through_next_cursor() {
    let inbox = inbox().await;
    let app = &inbox.app;
    let base = format!(
        "/conversations?account_id={}&status=all&limit=1",
        inbox.account
    );
    let mut ids = Vec::new();
    let mut path = format!("{base}&q=e");
    loop {
        let page: Value = app.get(&path).await.json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            ids.push(
                item["id"]
                    .as_str()
                    .unwrap()
                    .parse::<ConversationId>()
                    .unwrap(),
            );
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("{base}&q=e&cursor={cursor}"),
            None => break,
        }
    }

    // Alan Turing has no "e": the filter holds on every page.
    assert_eq!(ids, [inbox.archived, inbox.unread, inbox.read]);
}

#[tokio::test]
async fn bad_filter_values_are_400s_naming_the_parameter() {
    let inbox = inbox().await;
    let cases = [
        ("unread=yes", "unread"),
        ("unread=1", "unread"),
        ("favorite=TRUE", "favorite"),
        ("status=deleted", "status"),
        ("q=", "q"),
        ("q=%20%20", "q"),
        ("q=a%00b", "q"),
    ];
    for (query, field) in cases {
        let path = format!("/conversations?account_id={}&{query}", inbox.account);

        let error = error_of(inbox.app.get(&path).await, 400).await;

        assert_eq!(error["field"], field, "{query}");
        assert_eq!(error["code"], format!("invalid_{field}"), "{query}");
    }
}

#[tokio::test]
async fn an_empty_filtered_page_is_200_and_an_unknown_account_still_404() {
    let inbox = inbox().await;
    let unknown = uuid::Uuid::now_v7();

    assert!(inbox.ids("q=nobody&unread=true").await.is_empty());
    let path = format!("/conversations?account_id={unknown}&unread=true");
    let error = error_of(inbox.app.get(&path).await, 404).await;
    assert_eq!(error["code"], "account_not_found");
}

#[tokio::test]
async fn a_foreign_account_is_404_and_a_role_on_it_lists_it() {
    let inbox = inbox().await;
    let app = &inbox.app;
    let other = seed_account(&app.storage, "106540352242923").await;
    let viewer = agent(&app.storage, &app.tokens, "viewer", Some(inbox.account)).await;
    let viewer = client_with_token(&viewer.token);

    let path = format!("/conversations?account_id={}&unread=true", other.id);
    let foreign = viewer.get(app.url(&path)).send().await.unwrap();
    assert_eq!(error_of(foreign, 404).await["code"], "account_not_found");
    let path = format!("/conversations?account_id={}&unread=true", inbox.account);
    let own: Value = viewer
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["items"][0]["id"], inbox.unread.to_string());
}

/// An app whose conversation list always answers an empty page and whose account lookups
/// `accounts` scripts; users, roles and the account itself live in memory.
async fn app_with_empty_lists(accounts: MockAccountRepo) -> (TestApp, AccountId) {
    let memory = inbox_memory::storage();
    let account = seed_account(&memory, "106540352242922").await.id;
    let mut conversations = MockConversationRepo::new();
    conversations
        .expect_list_filtered()
        .withf(|_, filter: &ConversationFilter, _, _| filter.unread_only)
        .returning(|_, _, _, _| {
            Ok(Page {
                items: Vec::new(),
                next: None,
            })
        });
    let storage = Storage {
        accounts: Arc::new(accounts),
        conversations: Arc::new(conversations),
        ..memory
    };
    (spawn_with(storage, None).await, account)
}

#[tokio::test]
async fn a_caller_with_a_role_on_the_account_costs_no_account_lookup_on_an_empty_page() {
    let mut accounts = MockAccountRepo::new();
    accounts.expect_get().never();
    let (app, account) = app_with_empty_lists(accounts).await;
    let member = agent(&app.storage, &app.tokens, "agent", Some(account)).await;

    let path = format!("/conversations?account_id={account}&unread=true");
    let response = client_with_token(&member.token)
        .get(app.url(&path))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn a_global_admin_gets_the_account_looked_up_on_an_empty_first_page() {
    let mut accounts = MockAccountRepo::new();
    accounts
        .expect_get()
        .times(1)
        .returning(|_| Err(RepoError::not_found("account")));
    let (app, account) = app_with_empty_lists(accounts).await;

    let path = format!("/conversations?account_id={account}&unread=true");
    let response = app.get(&path).await;

    assert_eq!(error_of(response, 404).await["code"], "account_not_found");
}
