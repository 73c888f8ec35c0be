//! `LISTEN` on one dedicated connection, driven with `poll_message`, re-listened after a loss.
//!
//! The pool cannot listen: deadpool never polls a connection's notifications, and a transaction
//! pooler hands each statement to any backend. So a listener opens its own connection to the
//! direct or session endpoint, keeps it alive with a periodic ping, and reconnects with backoff.
//! Notifications are hints: whoever is woken re-reads the tables.

use std::future::poll_fn;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_postgres::tls::NoTlsStream;
use tokio_postgres::{AsyncMessage, Client, Config, Connection, NoTls, Socket};

use crate::error::PgError;
use crate::pool::PgBackend;

/// Counter of notifications received by listeners of this process.
pub const NOTIFY_RECEIVED: &str = "pg_notify_received_total";
/// Counter of listener connections lost (and retried).
pub const LISTEN_LOST: &str = "pg_listen_connection_lost_total";

/// `application_name` of listener connections that do not set one.
const APPLICATION_NAME: &str = "inboxd-listener";
/// First delay before reconnecting; doubled per failure up to [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(200);
/// Longest delay between reconnection attempts.
const MAX_RETRY: Duration = Duration::from_secs(10);
/// An idle listener checks its connection this often, so a silently dead one is replaced.
const PING_INTERVAL: Duration = Duration::from_secs(30);

/// Why a listener's callback runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wake {
    /// A notification on the channel, with its payload.
    Notification(String),
    /// The connection is listening again after a loss: notifications sent meanwhile were
    /// missed, so look at the tables.
    Resumed,
}

/// A running listener. It stops on [`Listener::shutdown`] or when dropped.
#[derive(Debug)]
pub struct Listener {
    stop: watch::Sender<bool>,
    sessions: watch::Receiver<u64>,
    task: JoinHandle<()>,
}

impl Listener {
    /// How many times `LISTEN` has succeeded (1 once listening, 2 after the first reconnect…).
    pub fn sessions(&self) -> watch::Receiver<u64> {
        self.sessions.clone()
    }

    /// Stops listening, closes the connection and waits for the task to end.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::warn!(error = %error, "the listener task failed");
        }
    }
}

/// What a session needs, shared by every reconnection.
struct Session {
    config: Config,
    listen: String,
    channel: String,
    on_wake: Arc<dyn Fn(Wake) + Send + Sync>,
    sessions: watch::Sender<u64>,
    timeout: Duration,
}

type Lost = Box<dyn std::error::Error + Send + Sync>;

impl PgBackend {
    /// Listens on `channel` over a dedicated connection to `direct_config`, else to `config`
    /// (never through a transaction pooler), and calls `on_wake` for every notification and
    /// after every reconnection. Connecting happens in the background: watch
    /// [`Listener::sessions`] to know when it listens. A lost connection is retried with
    /// backoff (200 ms doubling to 10 s) and `LISTEN` is sent again.
    ///
    /// # Errors
    /// `PgError::Config` in transaction mode without a `direct_config`: the caller falls back
    /// to polling.
    pub fn listen(
        &self,
        channel: &str,
        on_wake: impl Fn(Wake) + Send + Sync + 'static,
    ) -> Result<Listener, PgError> {
        let settings = self.settings();
        let mut config = settings.session_config("LISTEN")?.clone();
        config
            .connect_timeout(settings.connect_timeout)
            .keepalives(true)
            .keepalives_idle(PING_INTERVAL);
        if config.get_application_name().is_none() {
            config.application_name(APPLICATION_NAME);
        }
        let (stop, stopped) = watch::channel(false);
        let (sessions, listening) = watch::channel(0);
        let session = Session {
            config,
            listen: format!("LISTEN \"{}\"", channel.replace('"', "\"\"")),
            channel: channel.to_owned(),
            on_wake: Arc::new(on_wake),
            sessions,
            timeout: settings.connect_timeout,
        };
        let task = tokio::spawn(run(session, stopped));
        Ok(Listener {
            stop,
            sessions: listening,
            task,
        })
    }
}

/// Runs sessions until stopped, waiting between failed ones.
async fn run(session: Session, mut stopped: watch::Receiver<bool>) {
    let mut delay = FIRST_RETRY;
    loop {
        let before = *session.sessions.borrow();
        let lost = tokio::select! {
            lost = session.run() => lost,
            _ = stopped.changed() => return,
        };
        if *session.sessions.borrow() > before {
            delay = FIRST_RETRY;
        }
        metrics::counter!(LISTEN_LOST).increment(1);
        tracing::warn!(
            channel = %session.channel,
            error = %lost,
            retry_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            "the LISTEN connection is down; wake-ups from other instances wait for the poll until it is back"
        );
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            _ = stopped.changed() => return,
        }
        delay = (delay * 2).min(MAX_RETRY);
    }
}

impl Session {
    /// One connection: connect, `LISTEN`, then deliver notifications until it is lost.
    async fn run(&self) -> Lost {
        let connected = tokio::time::timeout(self.timeout, self.config.connect(NoTls)).await;
        let (client, mut connection) = match connected {
            Ok(Ok(pair)) => pair,
            Ok(Err(error)) => return Box::new(error),
            Err(_) => return "connecting timed out".into(),
        };
        let mut messages = pin!(self.deliver(&mut connection));
        if let Err(lost) = self
            .alongside(&mut messages, client.batch_execute(&self.listen))
            .await
        {
            return lost;
        }
        let mut count = 0;
        self.sessions.send_modify(|n| {
            *n += 1;
            count = *n;
        });
        tracing::info!(channel = %self.channel, session = count, "listening for wake-ups");
        if count > 1 {
            (self.on_wake)(Wake::Resumed);
        }
        loop {
            tokio::select! {
                lost = &mut messages => return lost,
                () = tokio::time::sleep(PING_INTERVAL) => {}
            }
            if let Err(lost) = self.alongside(&mut messages, ping(&client)).await {
                return lost;
            }
        }
    }

    /// Runs `request` on the client while the connection keeps being driven, within the timeout.
    async fn alongside(
        &self,
        messages: &mut (impl Future<Output = Lost> + Unpin),
        request: impl Future<Output = Result<(), tokio_postgres::Error>>,
    ) -> Result<(), Lost> {
        tokio::select! {
            lost = messages => Err(lost),
            done = tokio::time::timeout(self.timeout, request) => match done {
                Ok(Ok(())) => Ok(()),
                Ok(Err(error)) => Err(Box::new(error)),
                Err(_) => Err("the server did not answer in time".into()),
            },
        }
    }

    /// Drives the connection, calling back on each notification, until it ends.
    async fn deliver(&self, connection: &mut Connection<Socket, NoTlsStream>) -> Lost {
        loop {
            match poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(notification))) => {
                    metrics::counter!(NOTIFY_RECEIVED).increment(1);
                    (self.on_wake)(Wake::Notification(notification.payload().to_owned()));
                }
                Some(Ok(_notice)) => {}
                Some(Err(error)) => return Box::new(error),
                None => return "the server closed the connection".into(),
            }
        }
    }
}

/// The cheapest round trip, to find out whether an idle connection still works.
async fn ping(client: &Client) -> Result<(), tokio_postgres::Error> {
    client.batch_execute("SELECT 1").await
}
