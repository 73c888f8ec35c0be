//! `load`: a fresh `inbox_bench` database with the app's schema, filled by binary COPY.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::SinkExt;
use inbox_pgcluster::PgCluster;
use tokio_postgres::Client;

use crate::dataset::encode::{self, TableSpec};
use crate::dataset::plan::Plan;
use crate::error::{BenchError, Result};
use crate::meta::{self, Meta};
use crate::pg::{self, DATABASE};
use crate::profile::Profile;
use crate::schema;

/// The tables filled by COPY (their indexes and constraints are rebuilt afterwards).
const BULK_TABLES: [&str; 4] = ["contacts", "conversations", "messages", "message_reactions"];

/// Encodes one table from the plan, handing chunks to a callback.
type Encoder = fn(&Plan, &mut dyn FnMut(Vec<u8>) -> bool) -> u64;

/// Rows and time of one COPY.
#[derive(Debug, Clone)]
struct Copied {
    table: &'static str,
    rows: u64,
    took: Duration,
}

/// Loads `profile` under `seed` into a fresh database; returns what it recorded.
pub async fn load(cluster: &PgCluster, profile: Profile, seed: u64) -> Result<Meta> {
    let started = Instant::now();
    let mut phases: Vec<(String, Duration)> = Vec::new();
    let mut phase_start = Instant::now();
    let mut phase = |name: &str, phases: &mut Vec<(String, Duration)>| {
        phases.push((name.to_owned(), phase_start.elapsed()));
        tracing::info!(
            phase = name,
            seconds = phase_start.elapsed().as_secs_f64(),
            "load phase done"
        );
        phase_start = Instant::now();
    };

    let plan_task = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        (Plan::generate(profile, seed), started.elapsed())
    });
    let mut client = fresh_database(cluster).await?;
    let migrations = inbox_postgres::migrate::apply_pending(&mut client).await?;
    tracing::info!(applied = migrations.applied.len(), "migrations applied");
    client
        .batch_execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .await
        .map_err(BenchError::db("creating pg_stat_statements"))?;
    meta::create(&client).await?;
    let other = pg::connect(cluster, DATABASE).await?;
    phase("create database, migrate", &mut phases);

    let (plan, planned) = plan_task
        .await
        .map_err(|e| BenchError::other(format!("generator task failed: {e}")))?;
    let plan = Arc::new(plan);
    phase("wait for the plan of ids and times", &mut phases);
    tracing::info!(
        seconds = planned.as_secs_f64(),
        "planned (alongside the step above)"
    );

    let saved = schema::capture(&client, &BULK_TABLES).await?;
    schema::drop_all(&client, &saved).await?;
    insert_accounts(&client, &plan).await?;
    let (big, small) = tokio::join!(
        copy_table(&client, encode::MESSAGES, plan.clone(), encode::messages),
        async {
            let mut done = Vec::new();
            for (spec, encoder) in [
                (encode::CONTACTS, encode::contacts as Encoder),
                (encode::CONVERSATIONS, encode::conversations),
                (encode::REACTIONS, encode::reactions),
            ] {
                done.push(copy_table(&other, spec, plan.clone(), encoder).await?);
            }
            Ok::<_, BenchError>(done)
        }
    );
    let mut copied = small?;
    copied.push(big?);
    phase("COPY (messages in parallel with the rest)", &mut phases);

    let rebuilt = schema::restore([&client, &other], &saved).await?;
    let after = schema::capture(&client, &BULK_TABLES).await?;
    if after != saved {
        return Err(BenchError::other(
            "the rebuilt indexes and constraints differ from the migrated schema",
        ));
    }
    phase(
        "rebuild indexes and constraints (2 connections)",
        &mut phases,
    );

    client
        .batch_execute("VACUUM (ANALYZE)")
        .await
        .map_err(BenchError::db("VACUUM (ANALYZE)"))?;
    phase("VACUUM (ANALYZE)", &mut phases);
    client
        .batch_execute("CHECKPOINT")
        .await
        .map_err(BenchError::db("CHECKPOINT"))?;
    phase("CHECKPOINT", &mut phases);

    let total = started.elapsed();
    let size: i64 = client
        .query_one("SELECT pg_database_size(current_database())", &[])
        .await
        .map_err(BenchError::db("reading the database size"))?
        .get(0);
    phases.insert(
        1,
        (
            format!(
                "(plan ids and times: {:.1} s, alongside)",
                planned.as_secs_f64()
            ),
            Duration::ZERO,
        ),
    );
    let report = render(profile, seed, &copied, &rebuilt, &phases, total, size);
    let meta = Meta {
        profile: profile.name().to_owned(),
        seed: seed as i64,
        fingerprint: meta::fingerprint(profile, seed),
        load_seconds: total.as_secs_f64(),
        report,
    };
    meta::write(&client, &meta).await?;
    Ok(meta)
}

/// Drops and creates the database, returns a connection to it.
async fn fresh_database(cluster: &PgCluster) -> Result<Client> {
    let admin = pg::connect(cluster, "postgres").await?;
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        .await
        .map_err(BenchError::db("dropping the old benchmark database"))?;
    admin
        .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
        .await
        .map_err(BenchError::db("creating the benchmark database"))?;
    pg::connect(cluster, DATABASE).await
}

async fn insert_accounts(client: &Client, plan: &Plan) -> Result<()> {
    for (i, id) in plan.accounts.iter().enumerate() {
        let n = i + 1;
        client
            .execute(
                "INSERT INTO accounts (id, name, phone_number_id, waba_id, display_phone_number, \
                 access_token, app_secret, verify_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    id,
                    &format!("Bench account {n}"),
                    &format!("10000000000000{n}"),
                    &format!("20000000000000{n}"),
                    &format!("+1555000000{n}"),
                    &"bench-access-token",
                    &"bench-app-secret",
                    &format!("bench-verify-{n}"),
                ],
            )
            .await
            .map_err(BenchError::db("inserting accounts"))?;
    }
    Ok(())
}

/// TRUNCATE and COPY ... FREEZE in one transaction (frozen, all-visible pages: no rewrite by the
/// first VACUUM); rows are generated on a blocking thread while the previous chunk is sent.
async fn copy_table(
    client: &Client,
    spec: TableSpec,
    plan: Arc<Plan>,
    encoder: Encoder,
) -> Result<Copied> {
    let started = Instant::now();
    let context = format!("COPY {}", spec.table);
    client
        .batch_execute(&format!("BEGIN; TRUNCATE {}", spec.table))
        .await
        .map_err(BenchError::db(&context))?;
    let sink = client
        .copy_in::<_, std::io::Cursor<Vec<u8>>>(&spec.copy_statement())
        .await
        .map_err(BenchError::db(&context))?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let generator = tokio::task::spawn_blocking(move || {
        encoder(&plan, &mut |chunk| tx.blocking_send(chunk).is_ok())
    });
    futures::pin_mut!(sink);
    while let Some(chunk) = rx.recv().await {
        sink.send(std::io::Cursor::new(chunk))
            .await
            .map_err(BenchError::db(&context))?;
    }
    let rows = sink.finish().await.map_err(BenchError::db(&context))?;
    let generated = generator
        .await
        .map_err(|e| BenchError::other(format!("{context}: generator failed: {e}")))?;
    client
        .batch_execute("COMMIT")
        .await
        .map_err(BenchError::db(&context))?;
    if rows != generated {
        return Err(BenchError::other(format!(
            "{context}: generated {generated} rows, the server took {rows}"
        )));
    }
    let took = started.elapsed();
    tracing::info!(
        table = spec.table,
        rows,
        seconds = took.as_secs_f64(),
        "copied"
    );
    Ok(Copied {
        table: spec.table,
        rows,
        took,
    })
}

fn render(
    profile: Profile,
    seed: u64,
    copied: &[Copied],
    rebuilt: &[schema::Rebuilt],
    phases: &[(String, Duration)],
    total: Duration,
    size: i64,
) -> String {
    let mut s = String::new();
    let sizes = profile.sizes();
    let _ = writeln!(
        s,
        "Data set `{}` (seed {seed}): {} accounts (60/30/10 % of the contacts), {} contacts, {} conversations \
         (one per contact), {} messages (Zipf-tailed per conversation), about 5 % with a reaction. \
         Loaded with binary `COPY … FREEZE` into tables stripped of their indexes and constraints, which were then \
         rebuilt exactly as migrated, `VACUUM (ANALYZE)`, `CHECKPOINT`: **{:.1} s** in all; database size {:.0} MB.\n",
        profile.name(),
        sizes.accounts,
        sizes.contacts,
        sizes.contacts,
        sizes.messages,
        total.as_secs_f64(),
        size as f64 / 1_048_576.0
    );
    let _ = writeln!(
        s,
        "| table | rows | COPY time | rows/s |\n|---|---:|---:|---:|"
    );
    for c in copied {
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} s | {:.0} |",
            c.table,
            c.rows,
            c.took.as_secs_f64(),
            c.rows as f64 / c.took.as_secs_f64()
        );
    }
    let _ = writeln!(s, "\n| phase | wall time |\n|---|---:|");
    for (name, took) in phases {
        if name.starts_with('(') {
            let _ = writeln!(s, "| {name} | |");
        } else {
            let _ = writeln!(s, "| {name} | {:.1} s |", took.as_secs_f64());
        }
    }
    let mut slow: Vec<&schema::Rebuilt> = rebuilt.iter().collect();
    slow.sort_by_key(|r| std::cmp::Reverse(r.took));
    let _ = writeln!(
        s,
        "\nSlowest rebuilds (of {}): {}.",
        rebuilt.len(),
        slow.iter()
            .take(5)
            .map(|r| format!("`{}` {:.1} s", r.name, r.took.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    s
}
