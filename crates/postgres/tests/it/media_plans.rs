//! The media gallery statements read their partial indexes, one range per kind, with the
//! cursor as an index condition.

use inbox_postgres::PoolMode;
use inbox_postgres::sql::{ACCOUNT_MEDIA, CONVERSATION_MEDIA, MEDIA_PARAM_TYPES};
use time::OffsetDateTime;
use tokio_postgres::types::{Timestamp, ToSql};
use uuid::Uuid;

use crate::support::Harness;

/// The plan of a gallery statement for two kinds, first page, sequential scans discouraged.
async fn plan(h: &Harness, sql: &str) -> String {
    let client = h.direct().await;
    client
        .batch_execute("SET enable_seqscan = off")
        .await
        .unwrap();
    let owner = Uuid::now_v7();
    let kinds = vec!["image", "video"];
    let at = Timestamp::<OffsetDateTime>::PosInfinity;
    let params: [&(dyn ToSql + Sync); 5] = [&owner, &kinds, &at, &Uuid::max(), &51_i64];
    let typed: Vec<_> = params.iter().copied().zip(MEDIA_PARAM_TYPES).collect();
    let rows = client
        .query_typed(&format!("EXPLAIN {sql}"), &typed)
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether an index condition of `plan` contains each of `conditions`.
fn index_condition(plan: &str, conditions: &[&str]) -> bool {
    plan.lines()
        .any(|line| line.contains("Index Cond") && conditions.iter().all(|c| line.contains(c)))
}

#[tokio::test]
async fn the_gallery_statements_read_one_index_range_per_kind() {
    let h = Harness::new(PoolMode::Session).await;
    for (sql, index, owner) in [
        (
            CONVERSATION_MEDIA,
            "messages_conversation_media_idx",
            "conversation_id = ",
        ),
        (ACCOUNT_MEDIA, "messages_account_media_idx", "account_id = "),
    ] {
        let plan = plan(&h, sql).await;
        assert!(plan.contains(index), "{index}:\n{plan}");
        assert!(
            index_condition(&plan, &[owner, "kind = ", "ROW(sent_at, id) < ROW("]),
            "{index}: owner, kind and cursor in the index condition:\n{plan}"
        );
    }
}
