//! Settings of agents' event streams (`GET /events`, `GET /ws`) and the journal behind them.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::ports::EventFeed;
use inbox_events::JournalSettings;
use inbox_http::RealtimeOptions;
use serde::Deserialize;

/// `[realtime]`: how much history reconnecting clients can replay and how streams are paced.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RealtimeSettings {
    /// Events kept for clients reconnecting with `Last-Event-ID`; an older id gets a `resync`
    /// (`INBOX_REALTIME__HISTORY`, default 10000).
    pub history: usize,
    /// Events one stream may have waiting before it catches up from the history, or gets a
    /// `resync` when the history no longer holds them (`INBOX_REALTIME__SUBSCRIBER_BUFFER`,
    /// default 1024).
    pub subscriber_buffer: usize,
    /// Seconds between heartbeats of an idle stream, at least 1
    /// (`INBOX_REALTIME__HEARTBEAT_SECS`, default 15).
    pub heartbeat_secs: u64,
    /// Seconds a stream lasts before the server ends it and the client reconnects, which
    /// re-checks its token and access (`INBOX_REALTIME__MAX_STREAM_SECS`, default 3600).
    pub max_stream_secs: u64,
    /// Whether browsers may pass their token as the `access_token` query parameter
    /// (`INBOX_REALTIME__QUERY_TOKEN`, default true).
    pub query_token: bool,
}

impl Default for RealtimeSettings {
    fn default() -> Self {
        let journal = JournalSettings::default();
        Self {
            history: journal.history,
            subscriber_buffer: journal.subscriber_buffer,
            heartbeat_secs: 15,
            max_stream_secs: 3600,
            query_token: true,
        }
    }
}

impl RealtimeSettings {
    /// The journal's size.
    pub fn journal(&self) -> JournalSettings {
        JournalSettings {
            history: self.history,
            subscriber_buffer: self.subscriber_buffer,
        }
    }

    /// The HTTP options of the stream routes, reading `feed`.
    pub fn options(&self, feed: Arc<dyn EventFeed>) -> RealtimeOptions {
        RealtimeOptions {
            feed,
            heartbeat: Duration::from_secs(self.heartbeat_secs.max(1)),
            max_stream: Duration::from_secs(self.max_stream_secs.max(1)),
            query_token: self.query_token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn the_shipped_defaults_are_the_documented_ones() {
        let shipped = Settings::defaults().unwrap().realtime;
        let documented = RealtimeSettings::default();
        assert_eq!(shipped.history, documented.history);
        assert_eq!(shipped.subscriber_buffer, documented.subscriber_buffer);
        assert_eq!(shipped.heartbeat_secs, documented.heartbeat_secs);
        assert_eq!(shipped.max_stream_secs, documented.max_stream_secs);
        assert_eq!(shipped.query_token, documented.query_token);
    }

    #[test]
    fn environment_variables_override_each_setting() {
        let env = [
            ("INBOX_REALTIME__HISTORY", "50"),
            ("INBOX_REALTIME__SUBSCRIBER_BUFFER", "8"),
            ("INBOX_REALTIME__HEARTBEAT_SECS", "5"),
            ("INBOX_REALTIME__MAX_STREAM_SECS", "60"),
            ("INBOX_REALTIME__QUERY_TOKEN", "false"),
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()));
        let realtime = Settings::load_from(None, env).unwrap().realtime;
        assert_eq!(
            realtime.journal(),
            JournalSettings {
                history: 50,
                subscriber_buffer: 8
            }
        );
        let options = realtime.options(std::sync::Arc::new(inbox_events::EventJournal::new(
            realtime.journal(),
        )));
        assert_eq!(options.heartbeat, Duration::from_secs(5));
        assert_eq!(options.max_stream, Duration::from_secs(60));
        assert!(!options.query_token);
    }

    #[test]
    fn a_zero_heartbeat_is_raised_to_one_second() {
        let settings = RealtimeSettings {
            heartbeat_secs: 0,
            ..RealtimeSettings::default()
        };
        let feed = std::sync::Arc::new(inbox_events::EventJournal::new(settings.journal()));
        assert_eq!(settings.options(feed).heartbeat, Duration::from_secs(1));
    }
}
