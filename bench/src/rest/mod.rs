//! `rest`: the conversation list and the message page through the PostgREST adapter next to
//! the direct PostgreSQL adapter, on the loaded data set, same mix, same run (issue 7,
//! performance): the port calls themselves, open loop at modest rates and closed loop, and the
//! ratios PostgREST ÷ direct.

mod backends;
mod closed;
mod ports;
mod report;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use inbox_pgcluster::PgCluster;

use crate::cli::RestArgs;
use crate::driver::closed_loop::ClosedLoop;
use crate::driver::open_loop::{self, OpenLoop};
use crate::error::{BenchError, Result};
use crate::params::{self, Mix};
use crate::{env, harness, meta, pg};

use ports::{PortTarget, Read, Repos};
use report::{Load, Measurement, Side};

/// A call unanswered after this is a failure (the REST adapter's own timeout is 10 s too).
const TIMEOUT: Duration = Duration::from_secs(10);
/// Longest warm-up of a closed-loop workload.
const CLOSED_WARMUP: Duration = Duration::from_secs(3);

/// Runs the comparison and writes its section; stops the cluster when this run started it.
pub async fn run(root: &Path, cluster: PgCluster, args: &RestArgs) -> Result<()> {
    let outcome = measure_and_report(root, &cluster, args).await;
    harness::stop_owned(cluster, &args.run).await?;
    outcome
}

/// Both sides' repositories.
struct Sides {
    direct: Repos,
    rest: Repos,
}

impl Sides {
    fn of(&self, side: Side) -> &Repos {
        match side {
            Side::Direct => &self.direct,
            Side::Rest => &self.rest,
        }
    }
}

async fn measure_and_report(root: &Path, cluster: &PgCluster, args: &RestArgs) -> Result<()> {
    let client = pg::connect(cluster, pg::DATABASE).await.map_err(|e| {
        BenchError::other(format!(
            "no benchmark database ({e}); run `inbox-bench load` first"
        ))
    })?;
    if meta::read(&client).await?.is_none() {
        return Err(BenchError::other(
            "the benchmark database holds no finished load; run `inbox-bench load` first",
        ));
    }
    let mut environment = env::capture(root, &client, &root.join(&args.run.inboxd)).await?;
    let (backend, direct) = backends::direct(cluster, args.run.pool).await?;
    let (fake, rest) = backends::rest(cluster).await?;
    let sides = Sides { direct, rest };
    // The mix's cursors come from the direct side; both sides give the same ones.
    let list = params::list_mix_with(&client, &sides.direct, args.run.mix_seed).await?;
    let page = params::page_mix_with(&client, &sides.direct, args.run.mix_seed).await?;
    tracing::info!(
        list_distinct = list.distinct().len(),
        page_distinct = page.distinct().len(),
        "request mix drawn"
    );
    let measured = measure(args, &sides, &fake, &list, &page).await;
    drop(fake);
    backend.close();
    let measured = measured?;
    environment.load_after = env::load_average();
    let text = report::render(&report::Input {
        args,
        environment: &environment,
        measured: &measured,
        list_distinct: list.distinct().len(),
        page_distinct: page.distinct().len(),
    });
    harness::publish(root, &args.run, (report::BEGIN, report::END), "rest", &text)
}

const READS: [Read; 2] = [Read::List, Read::Page];
const SIDES: [Side; 2] = [Side::Direct, Side::Rest];

/// Every workload, the two sides of each back to back so they see the same machine state.
async fn measure(
    args: &RestArgs,
    sides: &Sides,
    fake: &inbox_testkit::fake_postgrest::FakePostgrest,
    list: &Mix,
    page: &Mix,
) -> Result<Vec<Measurement>> {
    let mut measured = Vec::new();
    let loads = args
        .rest
        .rest_rates
        .iter()
        .map(|&r| Load::Open(r))
        .chain(args.rest.rest_clients.iter().map(|&c| Load::Closed(c)));
    for load in loads {
        for read in READS {
            let mix = match read {
                Read::List => list,
                Read::Page => page,
            };
            for side in SIDES {
                // The direct side queues in its own pool; the REST side in PostgREST's stand-in.
                let db_pool = (side == Side::Rest).then_some(args.run.pool);
                let target = Arc::new(PortTarget::new(sides.of(side).clone(), read, mix, db_pool)?);
                let m = one(args, target, read, load, side).await?;
                // The fake logs every request; forget them so a long run does not grow.
                fake.clear_requests();
                tracing::info!(
                    read = ?m.read,
                    load = ?m.load,
                    side = ?m.side,
                    calls_per_second = format!("{:.0}", m.throughput),
                    p50_ms = m.p50,
                    p99_ms = m.p99,
                    errors = m.errors,
                    "measured"
                );
                measured.push(m);
            }
        }
    }
    Ok(measured)
}

/// One workload on one side: open loop (a discarded warm-up run, then the measured run) or
/// closed loop (warm-up inside the run).
async fn one(
    args: &RestArgs,
    target: Arc<PortTarget>,
    read: Read,
    load: Load,
    side: Side,
) -> Result<Measurement> {
    let seed = args.run.mix_seed;
    let (throughput, latency, outcomes) = match load {
        Load::Open(rate) => {
            let mut cfg = OpenLoop {
                rate: f64::from(rate),
                warmup: Duration::ZERO,
                duration: args.run.warmup,
                max_in_flight: args.run.max_in_flight,
                timeout: TIMEOUT,
            };
            open_loop::run(target.clone(), &cfg, seed ^ 1).await?;
            cfg.duration = args.run.duration;
            let r = open_loop::run(target, &cfg, seed).await?;
            (r.achieved(), r.latency, r.outcomes)
        }
        Load::Closed(clients) => {
            let cfg = ClosedLoop {
                clients,
                warmup: args.run.warmup.min(CLOSED_WARMUP),
                duration: args.run.sat_duration,
                timeout: TIMEOUT,
            };
            let r = closed::run(target, &cfg, seed).await?;
            (r.throughput(), r.latency, r.outcomes)
        }
    };
    Ok(Measurement {
        read,
        load,
        side,
        throughput,
        p50: latency.p50,
        p99: latency.p99,
        errors: outcomes.errors(),
        error_detail: outcomes.detail(),
    })
}
