//! W4, sending: `POST /conversations/{id}/messages` open loop with fake Meta answering at once
//! and slowly (the API's latency must not move with Meta's), R5 on the same schedule in the same
//! run, then the sustained gateway throughput: a bulk of queued messages carried by the send
//! workers to an in-process fake Meta at the number's tier, with its record checked for the
//! rate, `130429` answers and double sends.

mod phases;
mod record;
mod report;
mod send;
mod setup;

use std::net::SocketAddr;
use std::path::Path;

use inbox_pgcluster::PgCluster;
use inbox_testkit::fake_meta::{FakeMeta, FakeMetaConfig};

use crate::cli::W4Args;
use crate::cpu::{self, Probe};
use crate::env;
use crate::error::{BenchError, Result};
use crate::server::{Server, ServerConfig};

pub use report::{BEGIN, END};

/// fake Meta's HTTP worker threads (its own, beside inboxd's and this tool's).
const FAKE_META_WORKERS: usize = 2;

/// Runs W4 and writes its section; stops the cluster when this run started it.
pub async fn run(root: &Path, cluster: PgCluster, args: &W4Args) -> Result<()> {
    let outcome = measure_and_report(root, &cluster, args).await;
    if cluster.is_owned() && !args.run.keep_cluster {
        tokio::task::spawn_blocking(move || cluster.stop())
            .await
            .map_err(|e| BenchError::other(format!("cluster stop task failed: {e}")))??;
    }
    outcome
}

async fn measure_and_report(root: &Path, cluster: &PgCluster, args: &W4Args) -> Result<()> {
    tracing::info!(database = setup::DATABASE, "creating W4's database");
    let client = setup::create_database(cluster).await?;
    let run_dir = root.join("target/bench-run");
    std::fs::create_dir_all(&run_dir).map_err(BenchError::io("creating target/bench-run"))?;
    let inboxd = root.join(&args.run.inboxd);
    let mut environment = env::capture(root, &client, &inboxd).await?;
    environment.fsync_per_second = env::fsync_rate(cluster.bin_dir(), &run_dir).await;
    let conversations = setup::prepare(&client, args.w4.w4_conversations).await?;
    let fake = FakeMeta::start_with(FakeMetaConfig {
        // inboxd sends the account's token; any non-empty one is accepted.
        access_token: None,
        throughput_per_second: Some(args.w4.w4_tier),
        workers: FAKE_META_WORKERS,
        ..FakeMetaConfig::default()
    })
    .await
    .map_err(|e| BenchError::other(format!("starting fake Meta: {e}")))?;
    tracing::info!(
        url = fake.url(),
        conversations = conversations.len(),
        "fake Meta is up"
    );
    let server_cfg = ServerConfig {
        binary: inboxd,
        addr: SocketAddr::from(([127, 0, 0, 1], args.run.port)),
        pool: args.run.pool,
        workers: args.run.workers,
        run_dir: run_dir.clone(),
        pg_options: args.run.server_pg_options.clone(),
        extra_env: server_env(args, fake.url()),
        database: setup::DATABASE.to_owned(),
    };
    let measured = match Server::start(&server_cfg, cluster).await {
        Ok(server) => {
            let bench = phases::Bench {
                args,
                addr: server_cfg.addr,
                cluster,
                client: &client,
                probe: Probe {
                    server: Some(server.pid()),
                    postmaster: cluster.postmaster_pid(),
                    hz: cpu::ticks_per_second(),
                },
                fake: &fake,
                conversations: &conversations,
            };
            let measured = phases::measure(&bench).await;
            server.stop().await?;
            measured
        }
        Err(e) => Err(e),
    };
    drop(fake);
    drop(client);
    if args.w4.w4_keep_database {
        tracing::info!(database = setup::DATABASE, "W4's database is kept");
    } else {
        setup::drop_database(cluster).await?;
    }
    let measured = measured?;
    environment.load_after = env::load_average();
    let text = report::render(&report::Input {
        args,
        environment: &environment,
        conversations: conversations.len(),
        measured: &measured,
    });
    crate::commands::emit(&text)?;
    if args.run.docs != "-" {
        crate::docs_section::write_section(&root.join(&args.run.docs), BEGIN, END, &text)?;
        tracing::info!(file = %args.run.docs, "W4 report written");
    }
    Ok(())
}

/// inboxd's environment for W4: fake Meta as the Graph API, the tier as the number's rate, the
/// send workers, and any `--w4-env` settings.
fn server_env(args: &W4Args, graph_api_url: &str) -> Vec<(String, String)> {
    let w = &args.w4;
    let mut env = vec![
        ("INBOX_GRAPH_API_URL".to_owned(), graph_api_url.to_owned()),
        (
            "INBOX_SENDING__RATE_PER_SECOND".to_owned(),
            w.w4_tier.to_string(),
        ),
        (
            "INBOX_SENDING__WORKERS".to_owned(),
            w.w4_send_workers.to_string(),
        ),
        (
            "INBOX_SENDING__BATCH_SIZE".to_owned(),
            w.w4_batch_size.to_string(),
        ),
    ];
    env.extend(w.w4_env.iter().cloned());
    env
}
