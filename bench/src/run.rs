//! `run`: inboxd against the loaded database; open-loop latency, closed-loop saturation, and the
//! pgbench references, all in one invocation.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use hyper::Uri;
use inbox_pgcluster::PgCluster;
use inbox_postgres::sql::{LIST_CONVERSATIONS, PAGE_MESSAGES};
use tokio_postgres::Client;

use crate::cli::RunArgs;
use crate::cpu::{self, Probe};
use crate::driver::closed_loop::{self, ClosedLoop};
use crate::driver::open_loop::{self, OpenLoop, Target};
use crate::driver::pool::HttpTarget;
use crate::driver::sql::{Keyset, SqlTarget};
use crate::error::{BenchError, Result};
use crate::params::{self, Mix};
use crate::pgbench::{self, Load, Pgbench, Script};
use crate::results::{Mode, Row};
use crate::server::{Server, ServerConfig};
use crate::{env, explain, meta, pg, report, statements};

/// Warm-up of each closed-loop workload.
const CLOSED_WARMUP: Duration = Duration::from_secs(3);
/// A request unanswered after this is a failure.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Everything a measurement needs.
struct Bench<'a> {
    args: &'a RunArgs,
    addr: SocketAddr,
    client: &'a Client,
    probe: Probe,
    pgbench: Pgbench,
}

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

/// The `plan_cache_mode` that reproduces what the server did with the app's statement on `view`
/// during the app's workloads so far (planner runs per execution, from pg_stat_statements).
fn app_plan_mode(rows: &[Row], http_id: &str, view: &str) -> String {
    let worst = rows
        .iter()
        .filter(|r| r.id == http_id)
        .flat_map(|r| r.statements.iter())
        .filter(|s| s.query.contains(view) && s.calls > 0)
        .map(|s| s.plans as f64 / s.calls as f64)
        .fold(None, |acc: Option<f64>, x| {
            Some(acc.map_or(x, |a| a.max(x)))
        });
    match worst {
        Some(r) if r < 0.05 => "force_generic_plan",
        Some(r) if r > 0.5 => "force_custom_plan",
        _ => "auto",
    }
    .to_owned()
}

/// An open-loop workload: a discarded warm-up run, then the measured run with fresh counters.
async fn open<T: Target>(
    b: &Bench<'_>,
    id: &'static str,
    what: &str,
    target: Arc<T>,
    rate: u32,
) -> Result<Row> {
    let mut cfg = OpenLoop {
        rate: f64::from(rate),
        warmup: Duration::ZERO,
        duration: b.args.warmup,
        max_in_flight: b.args.max_in_flight,
        timeout: TIMEOUT,
    };
    open_loop::run(target.clone(), &cfg, b.args.mix_seed ^ 1).await?;
    cfg.duration = b.args.duration;
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = open_loop::run(target, &cfg, b.args.mix_seed).await?;
    let after = b.probe.snapshot();
    let row = Row::open_loop(
        id,
        what.to_owned(),
        f64::from(rate),
        r.achieved(),
        &r,
        b.probe.used(&before, &after),
        statements::read(b.client).await?,
    );
    log_row(&row);
    Ok(row)
}

/// A closed-loop HTTP workload: warm-up run, then the measured run with fresh counters.
async fn closed_http(
    b: &Bench<'_>,
    id: &'static str,
    what: &str,
    targets: Arc<Vec<Uri>>,
    clients: usize,
) -> Result<Row> {
    let mut cfg = ClosedLoop {
        clients,
        warmup: Duration::ZERO,
        duration: CLOSED_WARMUP,
        timeout: TIMEOUT,
    };
    closed_loop::run(b.addr, targets.clone(), &cfg, b.args.mix_seed ^ 1).await?;
    cfg.duration = b.args.sat_duration;
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = closed_loop::run(b.addr, targets, &cfg, b.args.mix_seed).await?;
    let after = b.probe.snapshot();
    let row = Row {
        id,
        what: what.to_owned(),
        mode: Mode::Closed(clients),
        throughput: r.throughput(),
        latency: r.latency,
        requests: r.outcomes.ok,
        covered: r.outcomes.ok + r.outcomes.errors(),
        errors: r.outcomes.errors(),
        error_detail: r.outcomes.detail(),
        lag_p99: None,
        service_p99: None,
        percentiles: true,
        cpu: b.probe.used(&before, &after),
        statements: statements::read(b.client).await?,
    };
    log_row(&row);
    Ok(row)
}

/// pgbench, closed loop; its warm-up is inside the run, so CPU and statements are per
/// processed transaction.
async fn run_pgbench(
    b: &Bench<'_>,
    id: &'static str,
    what: &str,
    script: &Script,
    clients: usize,
    plan_cache_mode: Option<String>,
) -> Result<Row> {
    let load = Load {
        clients,
        threads: clients.min(2),
        warmup: CLOSED_WARMUP,
        duration: b.args.sat_duration,
        rate: None,
        plan_cache_mode,
    };
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = b.pgbench.run(script, &load).await?;
    let after = b.probe.snapshot();
    let mut latency = r.latency;
    // Little's law gives the mean; pgbench's own percentiles are not usable (see `Row`).
    latency.mean = if r.tps > 0.0 {
        1000.0 * clients as f64 / r.tps
    } else {
        0.0
    };
    let row = Row {
        id,
        what: what.to_owned(),
        mode: Mode::Closed(clients),
        throughput: r.tps,
        latency,
        requests: (r.tps * load.duration.as_secs_f64()).round() as u64,
        covered: r.processed,
        errors: r.failed,
        error_detail: None,
        lag_p99: None,
        service_p99: None,
        percentiles: false,
        cpu: b.probe.used(&before, &after),
        statements: statements::read(b.client).await?,
    };
    log_row(&row);
    Ok(row)
}

fn log_row(row: &Row) {
    tracing::info!(
        id = row.id,
        mode = ?row.mode,
        rps = format!("{:.0}", row.throughput),
        p50_ms = row.latency.p50,
        p99_ms = row.latency.p99,
        errors = row.errors,
        others_load = format!("{:.2}", row.cpu.other_load()),
        "{}",
        row.what
    );
}

async fn explain_both(
    client: &Client,
    mixes: &(Mix, Mix),
    rows: &[Row],
) -> Result<Vec<(String, String)>> {
    let explain_mode = |mode: String| {
        if mode == "force_custom_plan" {
            "force_custom_plan"
        } else {
            "force_generic_plan"
        }
    };
    let mut plans = Vec::new();
    if let Some(first) = mixes.0.draws.iter().find(|p| p.cursor.is_none()) {
        let mode = explain_mode(app_plan_mode(rows, "W2", "inbox_conversation_summaries"));
        let text = explain::explain(client, LIST_CONVERSATIONS, first, "cursor", mode).await?;
        plans.push((
            format!("List, first page of the largest account's draw, `{mode}` (as the app ran it)"),
            text,
        ));
    }
    if let Some(first) = mixes.1.draws.first() {
        let mode = explain_mode(app_plan_mode(rows, "W3", "inbox_messages"));
        let text = explain::explain(client, PAGE_MESSAGES, first, "before", mode).await?;
        plans.push((
            format!("Message page, first draw of the mix, `{mode}` (as the app ran it)"),
            text,
        ));
    }
    Ok(plans)
}

/// The directory reports and scratch files go to.
pub fn run_dir(root: &Path) -> PathBuf {
    root.join("target/bench-run")
}
