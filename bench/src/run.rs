//! `run`: inboxd against the loaded database; open-loop latency, closed-loop saturation, and the
//! pgbench references, all in one invocation.

mod plans;
mod workloads;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hyper::Uri;
use inbox_pgcluster::PgCluster;
use inbox_postgres::sql::{LIST_CONVERSATIONS, PAGE_MESSAGES};

use crate::cli::RunArgs;
use crate::cpu::{self, Probe};
use crate::driver::pool::HttpTarget;
use crate::driver::sql::{Keyset, SqlTarget};
use crate::error::{BenchError, Result};
use crate::params::{self, Mix};
use crate::pgbench::{self, Pgbench};
use crate::results::Row;
use crate::server::{Server, ServerConfig};
use crate::{env, meta, pg, report};

use plans::{app_plan_mode, explain_both};
use workloads::{Bench, closed_http, open, run_pgbench};

/// Runs the measurements and writes the report; stops the cluster when this run started it.
pub async fn run(root: &Path, cluster: PgCluster, args: &RunArgs) -> Result<()> {
    let outcome = measure_and_report(root, &cluster, args).await;
    if cluster.is_owned() && !args.keep_cluster {
        tokio::task::spawn_blocking(move || cluster.stop())
            .await
            .map_err(|e| BenchError::other(format!("cluster stop task failed: {e}")))??;
    }
    outcome
}

async fn measure_and_report(root: &Path, cluster: &PgCluster, args: &RunArgs) -> Result<()> {
    let client = pg::connect(cluster, pg::DATABASE).await.map_err(|e| {
        BenchError::other(format!(
            "no benchmark database ({e}); run `inbox-bench load` first"
        ))
    })?;
    let Some(loaded) = meta::read(&client).await? else {
        return Err(BenchError::other(
            "the benchmark database holds no finished load; run `inbox-bench load` first",
        ));
    };
    if !loaded.fingerprint.ends_with(&meta::fingerprint_suffix()) {
        tracing::warn!(
            loaded = %loaded.fingerprint,
            "the migrations or the generator changed since this data set was loaded; `load` again"
        );
    }
    let run_dir = run_dir(root);
    std::fs::create_dir_all(&run_dir).map_err(BenchError::io("creating target/bench-run"))?;
    let inboxd = root.join(&args.inboxd);
    let mut environment = env::capture(root, &client, &inboxd).await?;
    environment.fsync_per_second = env::fsync_rate(cluster.bin_dir(), &run_dir).await;
    let server_cfg = ServerConfig {
        binary: inboxd,
        addr: SocketAddr::from(([127, 0, 0, 1], args.port)),
        pool: args.pool,
        workers: args.workers,
        run_dir: run_dir.clone(),
        pg_options: args.server_pg_options.clone(),
        extra_env: Vec::new(),
        database: pg::DATABASE.to_owned(),
    };
    let server = Server::start(&server_cfg, cluster).await?;
    let bench = Bench {
        args,
        addr: server_cfg.addr,
        client: &client,
        probe: Probe {
            server: Some(server.pid()),
            postmaster: cluster.postmaster_pid(),
            hz: cpu::ticks_per_second(),
        },
        pgbench: Pgbench::new(cluster, pg::DATABASE, run_dir.join("pgbench")),
    };
    let measured = measure(&bench, cluster).await;
    server.stop().await?;
    let (rows, mixes, plan_modes) = measured?;
    environment.load_after = env::load_average();
    let plans = explain_both(&client, &mixes, &rows).await?;
    let text = report::render(&report::Input {
        args,
        environment: &environment,
        loaded: &loaded,
        rows: &rows,
        plans: &plans,
        pgbench_plan_mode: &plan_modes,
        list_distinct: mixes.0.distinct().len(),
        page_distinct: mixes.1.distinct().len(),
    });
    crate::commands::emit(&text)?;
    if args.docs != "-" {
        report::write_docs(&root.join(&args.docs), &text)?;
        tracing::info!(file = %args.docs, "report written");
    }
    Ok(())
}

type Measured = (Vec<Row>, (Mix, Mix), String);

/// One HTTP workload: id, description, request mix.
type HttpWorkload = (&'static str, &'static str, Arc<Vec<Uri>>);

async fn measure(b: &Bench<'_>, cluster: &PgCluster) -> Result<Measured> {
    let seed = b.args.mix_seed;
    let list = params::list_mix(b.client, b.addr, seed).await?;
    let page = params::page_mix(b.client, b.addr, seed).await?;
    tracing::info!(
        list_distinct = list.distinct().len(),
        page_distinct = page.distinct().len(),
        "request mix drawn"
    );
    let http: [HttpWorkload; 4] = [
        (
            "R9",
            "GET /health (SELECT 1 through the app's pool)",
            Arc::new(vec![Uri::from_static("/health")]),
        ),
        (
            "A1",
            "GET /auth/me (token checked, principal from the warm cache)",
            Arc::new(vec![Uri::from_static("/auth/me")]),
        ),
        (
            "W2",
            "GET /conversations (list, 50)",
            Arc::new(list.uris(params::list_uri)?),
        ),
        (
            "W3",
            "GET /conversations/{id}/messages (page, 50)",
            Arc::new(page.uris(params::page_uri)?),
        ),
    ];
    let list_params = list
        .draws
        .iter()
        .map(|p| p.keyset_values("cursor"))
        .collect::<Result<Vec<_>>>()?;
    let page_params = page
        .draws
        .iter()
        .map(|p| p.keyset_values("before"))
        .collect::<Result<Vec<_>>>()?;
    let sql: [(&'static str, &'static str, &str, Vec<Keyset>); 3] = [
        (
            "R0",
            "SQL: SELECT 1 (tokio-postgres, pool of the app's size)",
            "SELECT 1",
            Vec::new(),
        ),
        (
            "R2",
            "SQL: the list statement (tokio-postgres, same mix)",
            LIST_CONVERSATIONS,
            list_params,
        ),
        (
            "R3",
            "SQL: the page statement (tokio-postgres, same mix)",
            PAGE_MESSAGES,
            page_params,
        ),
    ];
    let mut rows = Vec::new();
    for &rate in &b.args.rate {
        for (id, what, targets) in http.iter().filter(|w| b.args.runs(w.0)) {
            let target = HttpTarget::open(b.addr, b.args.connections, targets.clone())
                .await
                .map_err(|e| BenchError::Http(format!("opening connections: {e}")))?;
            rows.push(open(b, id, what, Arc::new(target), rate).await?);
        }
        for (id, what, statement, params) in sql.iter().filter(|w| b.args.runs(w.0)) {
            let mode = match *id {
                "R2" => Some(app_plan_mode(&rows, "W2", "inbox_conversation_summaries")),
                "R3" => Some(app_plan_mode(&rows, "W3", "inbox_messages")),
                _ => None,
            };
            let target = SqlTarget::open(
                cluster,
                b.args.pool,
                statement,
                params.clone(),
                mode.as_deref(),
            )
            .await?;
            rows.push(open(b, id, what, Arc::new(target), rate).await?);
        }
    }
    let first_clients = b
        .args
        .clients
        .iter()
        .copied()
        .find(|&c| c == 8)
        .or(b.args.clients.first().copied())
        .unwrap_or(8);
    for (id, what, targets) in http.iter().filter(|w| b.args.runs(w.0)) {
        let counts: &[usize] = if matches!(*id, "R9" | "A1") {
            std::slice::from_ref(&first_clients)
        } else {
            &b.args.clients
        };
        for &clients in counts {
            rows.push(closed_http(b, id, what, targets.clone(), clients).await?);
        }
    }
    let list_mode = app_plan_mode(&rows, "W2", "inbox_conversation_summaries");
    let page_mode = app_plan_mode(&rows, "W3", "inbox_messages");
    let list_script = pgbench::keyset_script("R2 list", LIST_CONVERSATIONS, &list, "cursor")?;
    let page_script = pgbench::keyset_script("R3 page", PAGE_MESSAGES, &page, "before")?;
    let select_one = pgbench::select_one();
    let scripts = [
        ("R0", "pgbench: SELECT 1", &select_one, None),
        (
            "R2",
            "pgbench: the list statement",
            &list_script,
            Some(list_mode.clone()),
        ),
        (
            "R3",
            "pgbench: the page statement",
            &page_script,
            Some(page_mode.clone()),
        ),
    ];
    for &clients in &b.args.clients {
        for (id, what, script, mode) in scripts.iter().filter(|w| b.args.runs(w.0)) {
            rows.push(run_pgbench(b, id, what, script, clients, mode.clone()).await?);
        }
    }
    if list_mode != "force_generic_plan" && b.args.runs("R2") {
        // What the list would cost PostgreSQL if the app's statement used a generic plan.
        rows.push(
            run_pgbench(
                b,
                "R2g",
                "pgbench: the list statement, generic plan (not what the app runs)",
                &list_script,
                first_clients,
                Some("force_generic_plan".to_owned()),
            )
            .await?,
        );
    }
    let modes = format!("list `{list_mode}`, page `{page_mode}`");
    Ok((rows, (list, page), modes))
}

/// The directory reports and scratch files go to.
pub fn run_dir(root: &Path) -> PathBuf {
    root.join("target/bench-run")
}
