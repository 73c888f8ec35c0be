//! The subcommands: wiring of cluster, loader, server and measurements.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{AllArgs, Cli, Command, LoadArgs, RestArgs, RunArgs, W1Args, W4Args};
use crate::error::{BenchError, Result};
use crate::{load, meta, pg, rest, run, w1, w4};

/// The workspace this tool was built in (bench/..).
fn default_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or(manifest.clone(), |p| p.to_path_buf())
}

/// Runtime threads: the loader uses both cores; the load generator keeps to one.
pub fn worker_threads(cli: &Cli) -> usize {
    match cli.command {
        Some(Command::Load(_)) | Some(Command::Stop) => 2,
        _ => 1,
    }
}

/// Writes report text to stdout.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(BenchError::io("writing to stdout"))
}

/// Runs the chosen subcommand.
pub async fn dispatch(cli: Cli) -> Result<()> {
    let root = cli.root.clone().unwrap_or_else(default_root);
    let data_dir = pg::data_dir(&root, &cli.pg_dir);
    match cli.command {
        Some(Command::Load(args)) => run_load(data_dir, &args).await,
        Some(Command::Run(args)) => run_run(root, data_dir, &args).await,
        Some(Command::W1(args)) => run_w1(root, data_dir, &args).await,
        Some(Command::W4(args)) => run_w4(root, data_dir, &args).await,
        Some(Command::Rest(args)) => run_rest(root, data_dir, &args).await,
        Some(Command::All(args)) => run_all(root, data_dir, &args).await,
        Some(Command::Stop) => {
            let stopped = tokio::task::spawn_blocking(move || pg::stop(&data_dir))
                .await
                .map_err(|e| BenchError::other(format!("stop task failed: {e}")))??;
            emit(if stopped {
                "stopped\n"
            } else {
                "not running\n"
            })
        }
        None => run_all(root, data_dir, &default_all()?).await,
    }
}

fn default_all() -> Result<AllArgs> {
    #[derive(clap::Parser)]
    struct Defaults {
        #[command(flatten)]
        all: AllArgs,
    }
    <Defaults as clap::Parser>::try_parse_from(["inbox-bench"])
        .map(|d| d.all)
        .map_err(|e| BenchError::other(e.to_string()))
}

async fn run_load(data_dir: PathBuf, args: &LoadArgs) -> Result<()> {
    let cluster = pg::start(data_dir).await?;
    let meta = load::load(&cluster, args.profile, args.seed).await?;
    emit(&meta.report)?;
    tracing::info!("the cluster keeps running for `inbox-bench run`; `inbox-bench stop` stops it");
    Ok(())
}

async fn run_run(root: PathBuf, data_dir: PathBuf, args: &RunArgs) -> Result<()> {
    let cluster = pg::start(data_dir).await?;
    run::run(&root, cluster, args).await
}

async fn run_w1(root: PathBuf, data_dir: PathBuf, args: &W1Args) -> Result<()> {
    let cluster = pg::start(data_dir).await?;
    w1::run(&root, cluster, args).await
}

async fn run_w4(root: PathBuf, data_dir: PathBuf, args: &W4Args) -> Result<()> {
    let cluster = pg::start(data_dir).await?;
    w4::run(&root, cluster, args).await
}

async fn run_rest(root: PathBuf, data_dir: PathBuf, args: &RestArgs) -> Result<()> {
    let cluster = pg::start(data_dir).await?;
    rest::run(&root, cluster, args).await
}

async fn run_all(root: PathBuf, data_dir: PathBuf, args: &AllArgs) -> Result<()> {
    let cluster = pg::start(data_dir.clone()).await?;
    let wanted = meta::fingerprint(args.load.profile, args.load.seed);
    // This connection ends before a load drops the database.
    let current = match pg::connect(&cluster, pg::DATABASE).await {
        Ok(client) => meta::read(&client).await?,
        Err(_) => None,
    };
    match current {
        Some(m) if m.fingerprint == wanted && !args.reload => {
            tracing::info!(fingerprint = %wanted, "the database already holds this data set");
        }
        _ => {
            let meta = load::load(&cluster, args.load.profile, args.load.seed).await?;
            emit(&meta.report)?;
        }
    }
    // Each part keeps the cluster for the next; the last one stops it when this run started it.
    let owned = cluster.is_owned();
    let mut kept = args.run.clone();
    kept.keep_cluster = true;
    run::run(&root, cluster, &kept).await?;
    let mut outcome = Ok(());
    if !args.skip_w1 {
        let w1_args = W1Args {
            w1: args.w1.clone(),
            run: kept.clone(),
        };
        outcome = w1::run(&root, pg::start(data_dir.clone()).await?, &w1_args).await;
    }
    if !args.skip_w4 && outcome.is_ok() {
        let w4_args = W4Args {
            w4: args.w4.clone(),
            run: kept,
        };
        outcome = w4::run(&root, pg::start(data_dir.clone()).await?, &w4_args).await;
    }
    if owned && !args.run.keep_cluster {
        tokio::task::spawn_blocking(move || pg::stop(&data_dir))
            .await
            .map_err(|e| BenchError::other(format!("stop task failed: {e}")))??;
    }
    outcome
}
