//! W1 runs on a copy of the loaded database, so the read-path data set is left exactly as it was
//! (deleting W1's rows again would cascade through 2M messages with unindexed back references):
//! the copy is brought to the app's current migrations and given W1's three accounts with
//! customers, conversations and outgoing messages (which the statuses update), a probe account,
//! and the INSERT reference's table. It is dropped at the end.

use inbox_pgcluster::PgCluster;
use tokio_postgres::Client;
use uuid::Uuid;

use super::mix::{ACCOUNTS, SECRET, Shape};
use crate::error::{BenchError, Result};
use crate::pg;

/// W1's copy of the benchmark database.
pub const DATABASE: &str = "inbox_bench_w1";

/// R5's table (see [`crate::driver::insert`]).
pub const TABLE: &str = "bench_w1_insert";

/// `phone_number_id LIKE` this matches every W1 account.
const NUMBERS: &str = "30000000000000_";

/// Copies the loaded database (files, not WAL) and applies the app's pending migrations to the
/// copy; returns a connection to it.
pub async fn copy_database(cluster: &PgCluster) -> Result<Client> {
    pg::recreate(cluster, DATABASE, Some(pg::DATABASE)).await
}

/// Drops W1's copy.
pub async fn drop_database(cluster: &PgCluster) -> Result<()> {
    pg::drop_database(cluster, DATABASE).await
}

/// Creates the accounts; returns the probe account.
pub async fn prepare(client: &Client, shape: Shape) -> Result<Uuid> {
    let sql = format!(
        "BEGIN;
         INSERT INTO accounts (id, name, phone_number_id, waba_id, display_phone_number,
                               access_token, app_secret, verify_token)
         SELECT gen_random_uuid(), 'Bench W1 account ' || n, '30000000000000' || n,
                '40000000000000' || n, '+1555200000' || n, 'bench-access-token', '{SECRET}',
                'bench-w1-verify-' || n
         FROM generate_series(1, {probe}) n;
         INSERT INTO contacts (id, account_id, wa_id, profile_name)
         SELECT gen_random_uuid(), a.id, '1666' || a.n || lpad(i::text, 7, '0'),
                'W1 customer ' || a.n || '-' || i
         FROM (SELECT id, right(phone_number_id, 1)::int AS n FROM accounts
               WHERE phone_number_id LIKE '{NUMBERS}') a,
              generate_series(0, {customers} - 1) i
         WHERE a.n <= {accounts};
         INSERT INTO conversations (id, account_id, contact_id, last_message_at)
         SELECT gen_random_uuid(), c.account_id, c.id, now() - interval '1 day'
         FROM contacts c JOIN accounts a ON a.id = c.account_id
         WHERE a.phone_number_id LIKE '{NUMBERS}';
         INSERT INTO messages (id, account_id, conversation_id, direction, kind, body, wamid,
                               status, sent_at)
         SELECT gen_random_uuid(), v.account_id, v.id, 'outbound', 'text', 'w1 outgoing ' || j,
                'wamid.W1O' || a.n || '_' || j, 'sent', now() - interval '1 hour'
         FROM (SELECT id, right(phone_number_id, 1)::int AS n FROM accounts
               WHERE phone_number_id LIKE '{NUMBERS}') a
         CROSS JOIN generate_series(0, {outgoing} - 1) j
         JOIN contacts c ON c.account_id = a.id
                        AND c.wa_id = '1666' || a.n || lpad((j % {customers})::text, 7, '0')
         JOIN conversations v ON v.account_id = a.id AND v.contact_id = c.id
         WHERE a.n <= {accounts};
         {reference};
         COMMIT;
         ANALYZE accounts, contacts, conversations;",
        probe = ACCOUNTS + 1,
        reference = crate::driver::insert::create_table(TABLE),
        accounts = ACCOUNTS,
        customers = shape.customers,
        outgoing = shape.outgoing,
    );
    client
        .batch_execute(&sql)
        .await
        .map_err(BenchError::db("creating the W1 accounts"))?;
    let row = client
        .query_one(
            "SELECT id FROM accounts WHERE phone_number_id = $1",
            &[&super::mix::phone_number_id(ACCOUNTS + 1)],
        )
        .await
        .map_err(BenchError::db("reading the probe account"))?;
    Ok(row.get(0))
}

/// Empties the webhook queue and the INSERT reference (between phases).
pub async fn empty_queue(client: &Client) -> Result<()> {
    client
        .batch_execute(&format!(
            "TRUNCATE webhook_deliveries; TRUNCATE {TABLE}; CHECKPOINT"
        ))
        .await
        .map_err(BenchError::db("emptying the webhook queue"))
}
