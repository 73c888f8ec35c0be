//! The filtered and searched list statements use the indexes they were written for, both as
//! session mode runs them (a cached statement with its generic plan) and as transaction mode
//! does (an unnamed statement planned for its values).

use inbox_postgres::PoolMode;
use inbox_postgres::sql::{
    LIST_CONTACTS, LIST_CONVERSATIONS_FILTERED, SEARCH_CONTACTS, SEARCH_CONVERSATIONS,
};
use tokio_postgres::{Client, SimpleQueryMessage};

use crate::support::Harness;

/// The account the generated rows belong to.
const ACCOUNT: &str = "00000000-0000-7000-8000-00000000000a";
/// Parameters of a first page of 51 rows of `ACCOUNT`.
const FIRST_PAGE: &str = "'00000000-0000-7000-8000-00000000000a', 'infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51";
const LIST_TYPES: &str = "uuid, timestamptz, uuid, bigint";

/// Two accounts with 40,000 named contacts and their conversations (a tenth closed, a tenth of
/// the rest archived, 15 % favorites, half unread), analysed: the planner sees a real inbox.
async fn populated() -> (Harness, Client) {
    let h = Harness::new(PoolMode::Session).await;
    let client = h.direct().await;
    let script = format!(
        "INSERT INTO accounts (id, name, phone_number_id, waba_id, display_phone_number, \
           access_token, app_secret, verify_token) \
         SELECT ('00000000-0000-7000-8000-00000000000' || x)::uuid, 'Plans', '1' || n, '2' || n, \
           '+1555000000' || n, 't', 's', 'v' FROM (VALUES ('a', 1), ('b', 2)) v (x, n); \
         INSERT INTO contacts (id, account_id, wa_id, profile_name, created_at) \
         SELECT gen_random_uuid(), CASE WHEN i % 4 = 0 THEN '00000000-0000-7000-8000-00000000000b' \
           ELSE '{ACCOUNT}' END::uuid, (4915100000000 + i)::text, \
           (ARRAY['Ada', 'Grace', 'Alan', 'Linus', 'Barbara'])[1 + i % 5] || ' ' || md5(i::text), \
           now() - i * interval '1 second' \
         FROM generate_series(1, 40000) i; \
         INSERT INTO conversations (id, account_id, contact_id, last_message_at, unread_count, \
           favorite, status) \
         SELECT gen_random_uuid(), account_id, id, created_at, (random() * 2)::int, \
           random() < 0.15, CASE WHEN random() < 0.1 THEN 'closed' \
                                 WHEN random() < 0.1 THEN 'archived' ELSE 'open' END \
         FROM contacts; \
         ANALYZE; SET enable_seqscan = off"
    );
    client.batch_execute(&script).await.unwrap();
    (h, client)
}

/// The plan of `sql` (with parameters of `types`) for `values`: the generic plan of a prepared
/// statement when `generic`, else the plan for these values.
async fn plan(client: &Client, sql: &str, types: &str, values: &str, generic: bool) -> String {
    let mode = if generic {
        "force_generic_plan"
    } else {
        "force_custom_plan"
    };
    client
        .batch_execute(&format!(
            "SET plan_cache_mode = {mode}; DEALLOCATE ALL; PREPARE probe ({types}) AS {sql}"
        ))
        .await
        .unwrap();
    let messages = client
        .simple_query(&format!("EXPLAIN EXECUTE probe({values})"))
        .await
        .unwrap();
    messages
        .iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether an `Index Cond` line of `plan` contains `condition`.
fn index_condition(plan: &str, condition: &str) -> bool {
    plan.lines()
        .any(|line| line.contains("Index Cond") && line.contains(condition))
}

#[tokio::test]
async fn a_filtered_conversation_list_walks_the_activity_index_without_sorting() {
    let (_h, client) = populated().await;
    let types = format!("{LIST_TYPES}, text[], boolean, boolean, text");
    for (filters, what) in [
        ("'{open,closed}', true, false, NULL", "unread only"),
        ("'{closed}', false, false, NULL", "closed"),
        ("'{open,closed,archived}', false, true, NULL", "favorites"),
        ("'{open,closed}', false, false, 'ad'", "a short search"),
    ] {
        let values = format!("{FIRST_PAGE}, {filters}");
        for generic in [true, false] {
            let plan = plan(
                &client,
                LIST_CONVERSATIONS_FILTERED,
                &types,
                &values,
                generic,
            )
            .await;
            let context = format!("{what}, generic plan: {generic}\n{plan}");
            assert!(
                plan.contains("conversations_account_activity_idx"),
                "{context}"
            );
            assert!(
                index_condition(&plan, "ROW(last_message_at, id) < ROW("),
                "{context}"
            );
            assert!(!plan.contains("Sort"), "{context}");
        }
    }
}

#[tokio::test]
async fn a_searched_conversation_list_starts_from_the_trigram_index() {
    let (_h, client) = populated().await;
    let types = format!("{LIST_TYPES}, text[], boolean, boolean, text");
    let values = format!("{FIRST_PAGE}, '{{open,closed}}', false, false, 'race 1'");
    for generic in [true, false] {
        let plan = plan(&client, SEARCH_CONVERSATIONS, &types, &values, generic).await;
        let context = format!("generic plan: {generic}\n{plan}");
        assert!(plan.contains("contacts_search_idx"), "{context}");
        assert!(
            plan.contains("conversations_account_contact_key"),
            "{context}"
        );
        assert!(!plan.contains("activity_idx"), "{context}");
    }
}

#[tokio::test]
async fn the_contact_list_walks_the_creation_index_and_a_search_uses_the_trigram_index() {
    let (_h, client) = populated().await;
    let types = format!("{LIST_TYPES}, text");
    for search in ["NULL", "'ad'"] {
        let values = format!("{FIRST_PAGE}, {search}");
        for generic in [true, false] {
            let plan = plan(&client, LIST_CONTACTS, &types, &values, generic).await;
            let context = format!("search {search}, generic plan: {generic}\n{plan}");
            assert!(plan.contains("contacts_account_created_idx"), "{context}");
            assert!(
                index_condition(&plan, "ROW(created_at, id) < ROW("),
                "{context}"
            );
            assert!(!plan.contains("Sort"), "{context}");
        }
    }
    let values = format!("{FIRST_PAGE}, '4915100000012'");
    for generic in [true, false] {
        let plan = plan(&client, SEARCH_CONTACTS, &types, &values, generic).await;
        assert!(
            plan.contains("contacts_search_idx"),
            "generic plan: {generic}\n{plan}"
        );
    }
}
