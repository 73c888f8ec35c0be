//! Prometheus metrics: the process-wide recorder, per-request recording, and the `/metrics` text.

use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::Duration;

use actix_web::http::{Method, StatusCode};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::state::PoolUsage;

/// Counter of answered requests, by method, route pattern and status.
pub const REQUESTS_TOTAL: &str = "http_requests_total";
/// Histogram of request durations in seconds, by method, route pattern and status.
pub const REQUEST_DURATION: &str = "http_request_duration_seconds";
/// Route label of requests no route matched (keeps raw paths out of the labels).
pub const UNMATCHED_ROUTE: &str = "unmatched";

const DURATION_BUCKETS: &[f64] = &[
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the global `metrics` recorder once per process and returns its handle; later calls
/// return the same handle (tests start many apps in one process). Also starts a thread that
/// drains histograms every 5 s, so memory stays bounded between scrapes.
pub fn install_metrics_recorder() -> PrometheusHandle {
    HANDLE.get_or_init(install).clone()
}

fn install() -> PrometheusHandle {
    let builder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_DURATION.to_owned()), DURATION_BUCKETS)
        .unwrap_or_else(|_| PrometheusBuilder::new());
    let handle = match builder.install_recorder() {
        Ok(handle) => handle,
        Err(error) => {
            tracing::warn!(%error, "another metrics recorder is installed; /metrics will be empty");
            PrometheusBuilder::new().build_recorder().handle()
        }
    };
    let upkeep = handle.clone();
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_EVERY);
                upkeep.run_upkeep();
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "could not start the metrics upkeep thread");
    }
    handle
}

/// Records one answered request. `route` is the matched pattern (`/conversations/{id}`).
pub(crate) fn record_request(method: &Method, route: &str, status: StatusCode, elapsed: Duration) {
    let labels = [
        ("method", method_label(method).to_owned()),
        ("route", route.to_owned()),
        ("status", status.as_str().to_owned()),
    ];
    metrics::counter!(REQUESTS_TOTAL, &labels).increment(1);
    metrics::histogram!(REQUEST_DURATION, &labels).record(elapsed.as_secs_f64());
}

/// Standard methods by name; anything else as `other`, so clients cannot mint label values.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The Prometheus text: the recorder's metrics plus this app's pool gauges, when it has a probe.
pub(crate) fn render(handle: &PrometheusHandle, pool: Option<PoolUsage>) -> String {
    let mut text = handle.render();
    if let Some(pool) = pool {
        for (name, help, value) in [
            (
                "db_pool_size",
                "Connections currently open in the database pool.",
                pool.size,
            ),
            (
                "db_pool_available",
                "Open pool connections not in use.",
                pool.available,
            ),
            (
                "db_pool_max",
                "Largest number of connections the pool may open.",
                pool.max,
            ),
        ] {
            // Writing to a String cannot fail.
            let _ = write!(
                text,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"
            );
        }
    }
    text
}
