//! W4, sending: `POST /conversations/{id}/messages` open loop with fake Meta answering at once
//! and slowly (the API's latency must not move with Meta's), R5 on the same schedule in the same
//! run, then the sustained gateway throughput: a bulk of queued messages carried by the send
//! workers to an in-process fake Meta at the number's tier, with its record checked for the
//! rate, `130429` answers and double sends.

mod phases;
mod record;
mod report;
mod report_goals;
mod report_latency;
mod report_statements;
mod report_throughput;
mod send;
mod setup;

use std::path::Path;

use inbox_pgcluster::PgCluster;
use inbox_testkit::fake_meta::{FakeMeta, FakeMetaConfig};

use crate::cli::W4Args;
use crate::error::{BenchError, Result};
use crate::{env, harness};

pub use report::{BEGIN, END};

/// fake Meta's HTTP worker threads (its own, beside inboxd's and this tool's).
const FAKE_META_WORKERS: usize = 2;

/// Runs W4 and writes its section; stops the cluster when this run started it.
pub async fn run(root: &Path, cluster: PgCluster, args: &W4Args) -> Result<()> {
    let outcome = measure_and_report(root, &cluster, args).await;
    harness::stop_owned(cluster, &args.run).await?;
    outcome
}

async fn measure_and_report(root: &Path, cluster: &PgCluster, args: &W4Args) -> Result<()> {
    tracing::info!(database = setup::DATABASE, "creating W4's database");
    let client = setup::create_database(cluster).await?;
    let prepared = harness::prepare(root, cluster, &client, &args.run).await?;
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
    let extra_env = server_env(args, fake.url());
    let server_cfg = harness::server_config(&args.run, &prepared, setup::DATABASE, extra_env);
    let measured = harness::with_server(&server_cfg, cluster, |probe| {
        let bench = phases::Bench {
            args,
            addr: server_cfg.addr,
            cluster,
            client: &client,
            probe,
            fake: &fake,
            conversations: &conversations,
        };
        async move { phases::measure(&bench).await }
    })
    .await;
    drop(fake);
    drop(client);
    if args.w4.w4_keep_database {
        tracing::info!(database = setup::DATABASE, "W4's database is kept");
    } else {
        setup::drop_database(cluster).await?;
    }
    let measured = measured?;
    let mut environment = prepared.environment;
    environment.load_after = env::load_average();
    let text = report::render(&report::Input {
        args,
        environment: &environment,
        conversations: conversations.len(),
        measured: &measured,
    });
    harness::publish(root, &args.run, (BEGIN, END), "W4", &text)
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
