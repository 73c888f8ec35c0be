//! W1, webhook ingestion: signed deliveries posted open loop at sustained rates and as a burst;
//! acknowledgement latency, acknowledgement → visible in the conversation list, the queue's
//! backlog, and R5 (a bare durable single-row INSERT) on the same schedule in the same run.

mod backlog;
mod counters;
mod fsync;
mod mix;
mod phases;
mod post;
mod probe;
mod report;
mod report_acknowledgements;
mod report_backlog;
mod report_goals;
mod report_statements;
mod report_validity;
mod report_visibility;
mod setup;

use std::path::Path;

use inbox_pgcluster::PgCluster;

use crate::cli::W1Args;
use crate::error::{BenchError, Result};
use crate::{env, harness, meta, pg};

pub use report::{BEGIN, END};

/// Runs W1 and writes its section; stops the cluster when this run started it.
pub async fn run(root: &Path, cluster: PgCluster, args: &W1Args) -> Result<()> {
    let outcome = measure_and_report(root, &cluster, args).await;
    harness::stop_owned(cluster, &args.run).await?;
    outcome
}

async fn measure_and_report(root: &Path, cluster: &PgCluster, args: &W1Args) -> Result<()> {
    let loaded = {
        let source = pg::connect(cluster, pg::DATABASE).await.map_err(|e| {
            BenchError::other(format!(
                "no benchmark database ({e}); run `inbox-bench load` first"
            ))
        })?;
        meta::read(&source).await?.ok_or_else(|| {
            BenchError::other(
                "the benchmark database holds no finished load; run `inbox-bench load` first",
            )
        })?
    };
    tracing::info!(
        database = setup::DATABASE,
        "copying the loaded database for W1"
    );
    let client = setup::copy_database(cluster).await?;
    let prepared = harness::prepare(root, cluster, &client, &args.run).await?;
    let run_dir = &prepared.run_dir;
    let flush_before = fsync::latency(run_dir).await?;
    let shape = phases::shape(args);
    let tag = run_tag();
    tracing::info!(
        tag,
        customers = shape.customers,
        outgoing = shape.outgoing,
        "creating the W1 accounts"
    );
    let probe_account = setup::prepare(&client, shape).await?;
    let server_cfg =
        harness::server_config(&args.run, &prepared, setup::DATABASE, server_env(args));
    let measured = harness::with_server(&server_cfg, cluster, |probe| {
        let bench = phases::Bench {
            args,
            addr: server_cfg.addr,
            cluster,
            client: &client,
            probe,
            probe_account,
            shape,
            tag: &tag,
        };
        async move { phases::measure(&bench).await }
    })
    .await;
    drop(client);
    if args.w1.w1_keep_database {
        tracing::info!(
            database = setup::DATABASE,
            "W1's copy of the database is kept"
        );
    } else {
        setup::drop_database(cluster).await?;
    }
    let rows = measured?;
    let flush_after = fsync::latency(run_dir).await?;
    let mut environment = prepared.environment;
    environment.load_after = env::load_average();
    let text = report::render(&report::Input {
        args,
        environment: &environment,
        loaded: &loaded,
        rows: &rows,
        flushes: [flush_before, flush_after],
    });
    harness::publish(root, &args.run, (BEGIN, END), "W1", &text)
}

/// inboxd's environment for W1: its webhook workers and any `--w1-env` settings.
fn server_env(args: &W1Args) -> Vec<(String, String)> {
    let mut env = Vec::new();
    if let Some(workers) = args.w1.w1_webhook_workers {
        env.push(("INBOX_WEBHOOKS__WORKERS".to_owned(), workers.to_string()));
    }
    env.extend(args.w1.w1_env.iter().cloned());
    env
}

/// A short tag unique to this run (base 36 of the Unix time), carried by every wamid.
fn run_tag() -> String {
    let mut n = time::OffsetDateTime::now_utc()
        .unix_timestamp()
        .unsigned_abs();
    let mut out = Vec::new();
    while n > 0 {
        out.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
