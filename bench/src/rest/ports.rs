//! The port calls both sides run: `ConversationRepo::list` and `MessageRepo::page` for each
//! draw of the mix, as a driver [`Target`], and the cursors the mixes follow.

use std::sync::Arc;
use std::time::Instant;

use inbox_domain::ports::{ConversationRepo, MessageRepo};
use inbox_domain::{AccountId, ConversationId, Cursor, PageLimit};
use tokio::sync::Semaphore;

use crate::driver::open_loop::Target;
use crate::error::{BenchError, Result};
use crate::params::{Continuations, Mix, Param};

/// Items per page, as the HTTP workloads ask for.
const LIMIT: i64 = 50;

/// Which read a workload makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// `ConversationRepo::list` (the W2 read).
    List,
    /// `MessageRepo::page` (the W3 read).
    Page,
}

impl Read {
    /// The cursor's field name, as the API calls it.
    pub const fn field(self) -> &'static str {
        match self {
            Self::List => "cursor",
            Self::Page => "before",
        }
    }

    /// What the workload calls, for the report.
    pub const fn call(self) -> &'static str {
        match self {
            Self::List => "`ConversationRepo::list` (50)",
            Self::Page => "`MessageRepo::page` (50)",
        }
    }
}

/// The two repositories of one side (direct or PostgREST).
#[derive(Clone)]
pub struct Repos {
    /// Conversations.
    pub conversations: Arc<dyn ConversationRepo>,
    /// Messages.
    pub messages: Arc<dyn MessageRepo>,
}

fn limit() -> Result<PageLimit> {
    PageLimit::parse(Some(LIMIT)).map_err(|e| BenchError::other(format!("page limit: {e}")))
}

impl Repos {
    /// Runs the read of `read` for (`owner`, `cursor`); the next page's cursor.
    async fn read(
        &self,
        read: Read,
        owner: uuid::Uuid,
        cursor: Option<Cursor>,
    ) -> Result<Option<Cursor>, String> {
        let limit = limit().map_err(|e| e.to_string())?;
        let next = match read {
            Read::List => {
                self.conversations
                    .list(AccountId::from_uuid(owner), cursor, limit)
                    .await
                    .map_err(|e| e.to_string())?
                    .next
            }
            Read::Page => {
                self.messages
                    .page(ConversationId::from_uuid(owner), cursor, limit)
                    .await
                    .map_err(|e| e.to_string())?
                    .next
            }
        };
        Ok(next)
    }
}

impl Continuations for Repos {
    async fn next_list(&self, p: &Param) -> Result<Option<String>> {
        next_of(self, Read::List, p).await
    }

    async fn next_page(&self, p: &Param) -> Result<Option<String>> {
        next_of(self, Read::Page, p).await
    }
}

async fn next_of(repos: &Repos, read: Read, p: &Param) -> Result<Option<String>> {
    let cursor = decode(read, p)?;
    repos
        .read(read, p.owner, cursor)
        .await
        .map(|next| next.map(|c| c.encode()))
        .map_err(|e| BenchError::other(format!("{:?} of {}: {e}", read, p.owner)))
}

fn decode(read: Read, p: &Param) -> Result<Option<Cursor>> {
    p.cursor
        .as_deref()
        .map(|text| Cursor::decode(read.field(), text))
        .transpose()
        .map_err(|e| BenchError::other(format!("undecodable cursor: {e}")))
}

/// One side's repositories and the decoded draws of one read's mix.
pub struct PortTarget {
    repos: Repos,
    read: Read,
    draws: Vec<(uuid::Uuid, Option<Cursor>)>,
    db_pool: Option<Semaphore>,
}

impl PortTarget {
    /// The draws of `mix` against `repos`; with `db_pool`, at most that many calls at once (the
    /// rest wait), as PostgREST's own connection pool (`db-pool`) queues requests: the fake
    /// opens a connection per concurrent request without a cap, and past `max_connections` its
    /// calls would fail instead of queueing.
    pub fn new(repos: Repos, read: Read, mix: &Mix, db_pool: Option<usize>) -> Result<Self> {
        let draws = mix
            .draws
            .iter()
            .map(|p| Ok((p.owner, decode(read, p)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            repos,
            read,
            draws,
            db_pool: db_pool.map(Semaphore::new),
        })
    }
}

impl Target for PortTarget {
    fn len(&self) -> usize {
        self.draws.len()
    }

    async fn call(&self, index: usize) -> Result<(u16, Instant), String> {
        let _permit = match &self.db_pool {
            Some(pool) => Some(pool.acquire().await.map_err(|e| e.to_string())?),
            None => None,
        };
        let sent = Instant::now();
        let (owner, cursor) = self.draws[index];
        self.repos
            .read(self.read, owner, cursor)
            .await
            .map(|_| (200, sent))
    }
}
