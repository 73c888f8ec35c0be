//! The metrics of agents' streams: how many are open, how many resyncs they were sent.

/// Gauge of open event streams, by `transport` (`sse`, `ws`).
pub const REALTIME_STREAMS_OPEN: &str = "realtime_streams_open";
/// Counter of `resync` frames sent to streams, by `reason` (`too_old`, `unknown_id`, `lagged`).
pub const REALTIME_RESYNCS: &str = "realtime_resyncs_total";

/// Counts one open stream for as long as it lives.
pub(crate) struct OpenStream {
    transport: &'static str,
}

impl OpenStream {
    /// Counts a stream of `transport` as open until this guard drops.
    pub(crate) fn count(transport: &'static str) -> Self {
        metrics::gauge!(REALTIME_STREAMS_OPEN, "transport" => transport).increment(1);
        Self { transport }
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        metrics::gauge!(REALTIME_STREAMS_OPEN, "transport" => self.transport).decrement(1);
    }
}
