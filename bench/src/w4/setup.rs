//! W4's own database: fresh, at the app's migrations, with one business number whose
//! conversations are inside the 24-hour window (each customer wrote an hour ago, recorded through
//! the app's own `inbox_append_message`), and R5's table. Also what the phases ask of it: the
//! outbox's backlog, a bulk of queued sends, the jobs' end states.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use inbox_domain::outbox::SendRequest;
use inbox_pgcluster::PgCluster;
use tokio_postgres::Client;
use uuid::Uuid;

use crate::error::{BenchError, Result};
use crate::pg;

/// W4's database.
pub const DATABASE: &str = "inbox_bench_w4";
/// R5's table (see [`crate::driver::insert`]).
pub const TABLE: &str = "bench_w4_insert";
/// The business number every send goes out from (its rate is the tier).
pub const PHONE_NUMBER_ID: &str = "500000000000001";

/// Creates the database; returns a connection to it.
pub async fn create_database(cluster: &PgCluster) -> Result<Client> {
    pg::recreate(cluster, DATABASE, None).await
}

/// Drops the database.
pub async fn drop_database(cluster: &PgCluster) -> Result<()> {
    pg::drop_database(cluster, DATABASE).await
}

/// Creates the account, `conversations` customers with an open window, and R5's table; returns
/// the conversation ids.
pub async fn prepare(client: &Client, conversations: u32) -> Result<Vec<Uuid>> {
    let sql = format!(
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
         BEGIN;
         INSERT INTO accounts (id, name, phone_number_id, waba_id, display_phone_number,
                               access_token, app_secret, verify_token)
         VALUES (gen_random_uuid(), 'Bench W4 account', '{PHONE_NUMBER_ID}', '600000000000001',
                 '+15553000001', 'bench-w4-access-token', 'bench-w4-secret', 'bench-w4-verify');
         INSERT INTO contacts (id, account_id, wa_id, profile_name)
         SELECT gen_random_uuid(), a.id, '1777' || lpad(i::text, 7, '0'), 'W4 customer ' || i
         FROM accounts a, generate_series(0, {conversations} - 1) i
         WHERE a.phone_number_id = '{PHONE_NUMBER_ID}';
         INSERT INTO conversations (id, account_id, contact_id, last_message_at)
         SELECT gen_random_uuid(), c.account_id, c.id, now() - interval '1 day' FROM contacts c;
         SELECT inbox_append_message(gen_random_uuid(), v.id, 'inbound', 'text', 'w4 hello',
                                     NULL, '{{}}'::jsonb, 'wamid.W4I' || row_number() OVER (),
                                     'delivered', NULL, now() - interval '1 hour')
         FROM conversations v;
         {reference};
         COMMIT;
         ANALYZE accounts, contacts, conversations, messages;",
        reference = crate::driver::insert::create_table(TABLE),
    );
    client
        .batch_execute(&sql)
        .await
        .map_err(BenchError::db("creating the W4 account and conversations"))?;
    let rows = client
        .query(
            "SELECT id FROM conversations WHERE last_inbound_at > now() - interval '2 hours' \
             ORDER BY id",
            &[],
        )
        .await
        .map_err(BenchError::db("reading the W4 conversations"))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Send jobs not yet finished (queued, running or waiting for a retry).
pub async fn backlog(client: &Client) -> Result<i64> {
    let row = client
        .query_one(
            "SELECT count(*) FROM send_jobs WHERE state IN ('queued', 'running', 'retry')",
            &[],
        )
        .await
        .map_err(BenchError::db("counting the send backlog"))?;
    Ok(row.get(0))
}

/// Waits until no send job is left to run; how long that took, or `None` after `timeout`.
pub async fn wait_drained(client: &Client, timeout: Duration) -> Result<Option<Duration>> {
    let start = Instant::now();
    loop {
        if backlog(client).await? == 0 {
            return Ok(Some(start.elapsed()));
        }
        if start.elapsed() >= timeout {
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Queues `count` text messages over the conversations in one transaction, through the app's
/// own `inbox_outbox_record` (the step the send route's `inbox_outbox_record_message` runs to
/// store a send); their message ids.
pub async fn queue_bulk(client: &Client, count: u32, body: &str) -> Result<HashSet<Uuid>> {
    let request: SendRequest = serde_json::from_value(serde_json::json!({
        "type": "text", "text": {"body": body}
    }))
    .map_err(|e| BenchError::other(format!("the bulk send request: {e}")))?;
    let request = serde_json::to_string(&request)
        .map_err(|e| BenchError::other(format!("the bulk send request: {e}")))?;
    let rows = client
        .query(
            "WITH v AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k,
                               count(*) OVER () AS n FROM conversations)
             SELECT r.message_id
             FROM generate_series(0, $1::int - 1) g
             JOIN v ON v.k = g % v.n
             CROSS JOIN LATERAL inbox_outbox_record(gen_random_uuid(), v.id, 'text', $2::text,
                                                    NULL, $3::text::jsonb, NULL, NULL, now()) r",
            &[&i32::try_from(count).unwrap_or(i32::MAX), &body, &request],
        )
        .await
        .map_err(BenchError::db("queueing the bulk of sends"))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Gives the freshly filled outbox the statistics a long-lived one has. Without them the
/// workers' statements ran at about 600 sends/s until autovacuum's first visit (up to a
/// minute later), then at the tier: a fresh table's plans, not the send path.
pub async fn analyze_outbox(client: &Client) -> Result<()> {
    client
        .batch_execute("ANALYZE send_jobs, messages")
        .await
        .map_err(BenchError::db("analyzing the outbox after the bulk"))
}

/// How the send jobs ended: count by state, and the jobs whose last error was `130429`.
pub async fn job_states(client: &Client) -> Result<(BTreeMap<String, i64>, i64)> {
    let rows = client
        .query(
            "SELECT state, count(*),
                    count(*) FILTER (WHERE last_error->>'code' = '130429')
             FROM send_jobs GROUP BY state",
            &[],
        )
        .await
        .map_err(BenchError::db("reading the send jobs' states"))?;
    let mut states = BTreeMap::new();
    let mut throttled = 0;
    for row in rows {
        states.insert(row.get::<_, String>(0), row.get::<_, i64>(1));
        throttled += row.get::<_, i64>(2);
    }
    Ok((states, throttled))
}

/// Forgets the finished jobs and R5's rows between phases, so each counts only its own.
pub async fn clear(client: &Client) -> Result<()> {
    client
        .batch_execute(&format!(
            "DELETE FROM send_jobs WHERE state IN ('done', 'failed', 'cancelled');
             TRUNCATE {TABLE}; CHECKPOINT"
        ))
        .await
        .map_err(BenchError::db("clearing finished send jobs"))
}
