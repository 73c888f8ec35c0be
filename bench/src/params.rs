//! The request mix: which accounts, conversations and cursors the workloads ask for, drawn once
//! before the run and shared by the HTTP workloads and their pgbench references.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;

use hyper::Uri;
use inbox_domain::Cursor;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio_postgres::Client;
use tokio_postgres::types::Timestamp;
use uuid::Uuid;

use crate::driver::sql::Keyset;
use crate::error::{BenchError, Result};
use crate::http;
use crate::rng::{Rng, Weighted};

/// Draws of the list mix.
pub const LIST_DRAWS: usize = 400;
/// Draws of the page mix.
pub const PAGE_DRAWS: usize = 1000;
/// Share of list requests for the second page.
const SECOND_PAGE_SHARE: f64 = 0.2;
/// Share of message-page requests for older pages.
const OLDER_PAGE_SHARE: f64 = 0.3;
/// Deepest older page asked for.
const MAX_DEPTH: usize = 5;
/// Zipf exponent of conversation popularity (rank = recency).
const ZIPF: f64 = 1.0;

/// One request of a keyset-paginated list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param {
    /// Account (list) or conversation (page).
    pub owner: Uuid,
    /// The cursor as the API returned it, or none for the first page.
    pub cursor: Option<String>,
}

impl Param {
    /// The SQL parameters the adapter binds for it: (time, id); the first page uses
    /// ('infinity', max UUID) like the adapter.
    pub fn keyset(&self, field: &'static str) -> Result<(String, Uuid)> {
        match &self.cursor {
            None => Ok(("infinity".to_owned(), Uuid::max())),
            Some(text) => {
                let cursor = Cursor::decode(field, text)
                    .map_err(|e| BenchError::other(format!("undecodable {field} {text:?}: {e}")))?;
                Ok((timestamp(cursor.at), cursor.id))
            }
        }
    }
}

impl Param {
    /// The same parameters as typed values, for a tokio-postgres client.
    pub fn keyset_values(&self, field: &'static str) -> Result<Keyset> {
        match &self.cursor {
            None => Ok((self.owner, Timestamp::PosInfinity, Uuid::max())),
            Some(text) => {
                let cursor = Cursor::decode(field, text)
                    .map_err(|e| BenchError::other(format!("undecodable {field} {text:?}: {e}")))?;
                Ok((self.owner, Timestamp::Value(cursor.at), cursor.id))
            }
        }
    }
}

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339)
        .unwrap_or_else(|_| "infinity".to_owned())
}

/// The drawn requests of one workload, with repeats (so that picking uniformly follows the mix).
#[derive(Debug, Clone)]
pub struct Mix {
    /// Every draw.
    pub draws: Vec<Param>,
}

impl Mix {
    /// Distinct requests with how often each was drawn, in first-drawn order.
    pub fn distinct(&self) -> Vec<(Param, u32)> {
        let mut seen: HashMap<&Param, usize> = HashMap::new();
        let mut out: Vec<(Param, u32)> = Vec::new();
        for p in &self.draws {
            match seen.get(p) {
                Some(&i) => out[i].1 += 1,
                None => {
                    seen.insert(p, out.len());
                    out.push((p.clone(), 1));
                }
            }
        }
        out
    }

    /// The draws as request URIs, built by `uri`.
    pub fn uris(&self, uri: impl Fn(&Param) -> String) -> Result<Vec<Uri>> {
        self.draws
            .iter()
            .map(|p| {
                uri(p)
                    .parse::<Uri>()
                    .map_err(|e| BenchError::other(format!("bad URI: {e}")))
            })
            .collect()
    }
}

/// `GET /conversations` for a draw.
pub fn list_uri(p: &Param) -> String {
    match &p.cursor {
        None => format!("/conversations?account_id={}&limit=50", p.owner),
        Some(c) => format!("/conversations?account_id={}&limit=50&cursor={c}", p.owner),
    }
}

/// `GET /conversations/{id}/messages` for a draw.
pub fn page_uri(p: &Param) -> String {
    match &p.cursor {
        None => format!("/conversations/{}/messages?limit=50", p.owner),
        Some(c) => format!("/conversations/{}/messages?limit=50&before={c}", p.owner),
    }
}

/// Fetches a page over HTTP and returns its continuation (`next_cursor` / `next_before`).
async fn next_of(addr: SocketAddr, uri: &str, field: &str) -> Result<Option<String>> {
    let reply = http::get_once(addr, uri)
        .await
        .map_err(|e| BenchError::Http(format!("GET {uri}: {e}")))?;
    if !reply.is_success() {
        return Err(BenchError::Http(format!(
            "GET {uri} answered {}: {}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        )));
    }
    let json: serde_json::Value = serde_json::from_slice(&reply.body)
        .map_err(|e| BenchError::Http(format!("GET {uri}: not JSON: {e}")))?;
    if !json.get("items").is_some_and(serde_json::Value::is_array) {
        return Err(BenchError::Http(format!("GET {uri}: no `items` array")));
    }
    Ok(json.get(field).and_then(|v| v.as_str()).map(str::to_owned))
}

/// Where the mixes learn the cursor of a following page: the API over HTTP (`run`), or the
/// storage ports directly (`rest`); both give the cursor text the API would.
pub trait Continuations {
    /// The `next_cursor` of the list page `p` asks for; `None` on the last page.
    fn next_list(&self, p: &Param) -> impl Future<Output = Result<Option<String>>>;
    /// The `next_before` of the message page `p` asks for; `None` on the last page.
    fn next_page(&self, p: &Param) -> impl Future<Output = Result<Option<String>>>;
}

impl Continuations for SocketAddr {
    async fn next_list(&self, p: &Param) -> Result<Option<String>> {
        next_of(*self, &list_uri(p), "next_cursor").await
    }

    async fn next_page(&self, p: &Param) -> Result<Option<String>> {
        next_of(*self, &page_uri(p), "next_before").await
    }
}

/// [`list_mix_with`] with the cursors from the API at `addr`.
pub async fn list_mix(client: &Client, addr: SocketAddr, seed: u64) -> Result<Mix> {
    list_mix_with(client, &addr, seed).await
}

/// [`page_mix_with`] with the cursors from the API at `addr`.
pub async fn page_mix(client: &Client, addr: SocketAddr, seed: u64) -> Result<Mix> {
    page_mix_with(client, &addr, seed).await
}

/// List draws: an account weighted by its conversations (60/30/10), 20% asking for page two
/// with the `next_cursor` `next` gives for page one.
pub async fn list_mix_with(client: &Client, next: &impl Continuations, seed: u64) -> Result<Mix> {
    let rows = client
        .query(
            "SELECT account_id, count(*) FROM conversations GROUP BY 1 ORDER BY 2 DESC, 1",
            &[],
        )
        .await
        .map_err(BenchError::db("reading accounts"))?;
    let accounts: Vec<Uuid> = rows.iter().map(|r| r.get(0)).collect();
    let weights = Weighted::new(rows.iter().map(|r| r.get::<_, i64>(1) as f64));
    let mut second = HashMap::new();
    for a in &accounts {
        let first = Param {
            owner: *a,
            cursor: None,
        };
        second.insert(*a, next.next_list(&first).await?);
    }
    let mut rng = Rng::new(seed);
    let draws = (0..LIST_DRAWS)
        .map(|_| {
            let owner = accounts[weights.sample(&mut rng)];
            let cursor = if rng.chance(SECOND_PAGE_SHARE) {
                second.get(&owner).cloned().flatten()
            } else {
                None
            };
            Param { owner, cursor }
        })
        .collect();
    Ok(Mix { draws })
}

/// Page draws: a conversation by Zipf over recency rank; 30% ask for an older page (1 to 5
/// pages back, following `next_before`), redrawn among conversations that have one.
pub async fn page_mix_with(client: &Client, next: &impl Continuations, seed: u64) -> Result<Mix> {
    let rows = client
        .query(
            "SELECT id FROM conversations ORDER BY last_message_at DESC, id DESC",
            &[],
        )
        .await
        .map_err(BenchError::db("reading conversations"))?;
    let ranked: Vec<Uuid> = rows.iter().map(|r| r.get(0)).collect();
    if ranked.is_empty() {
        return Err(BenchError::other("no conversations: load a data set first"));
    }
    let zipf = Weighted::zipf(ranked.len(), ZIPF);
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut chains: HashMap<Uuid, Vec<String>> = HashMap::new();
    let mut draws = Vec::with_capacity(PAGE_DRAWS);
    for _ in 0..PAGE_DRAWS {
        let owner = ranked[zipf.sample(&mut rng)];
        if !rng.chance(OLDER_PAGE_SHARE) {
            draws.push(Param {
                owner,
                cursor: None,
            });
            continue;
        }
        let depth = 1 + rng.below(MAX_DEPTH as u64) as usize;
        let mut found = None;
        for attempt in 0..200 {
            let candidate = if attempt == 0 {
                owner
            } else {
                ranked[zipf.sample(&mut rng)]
            };
            let chain = chain(&mut chains, next, candidate, depth).await?;
            if let Some(cursor) = chain.get(depth.min(chain.len()).wrapping_sub(1)) {
                found = Some(Param {
                    owner: candidate,
                    cursor: Some(cursor.clone()),
                });
                break;
            }
        }
        draws.push(found.unwrap_or(Param {
            owner,
            cursor: None,
        }));
    }
    Ok(Mix { draws })
}

/// The `next_before` cursors of a conversation's first `depth` pages (fewer when it is short).
async fn chain<'a>(
    chains: &'a mut HashMap<Uuid, Vec<String>>,
    next: &impl Continuations,
    conversation: Uuid,
    depth: usize,
) -> Result<&'a Vec<String>> {
    let known = chains.entry(conversation).or_default();
    let mut exhausted = false;
    while known.len() < depth && !exhausted {
        let param = Param {
            owner: conversation,
            cursor: known.last().cloned(),
        };
        match next.next_page(&param).await? {
            Some(next) => known.push(next),
            None => exhausted = true,
        }
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_pages_bind_infinity_and_the_max_uuid() {
        let p = Param {
            owner: Uuid::nil(),
            cursor: None,
        };
        assert_eq!(
            p.keyset("cursor").unwrap(),
            ("infinity".to_owned(), Uuid::max())
        );
        assert_eq!(
            list_uri(&p),
            format!("/conversations?account_id={}&limit=50", Uuid::nil())
        );
    }

    #[test]
    fn cursors_decode_to_the_adapter_parameters() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_000).unwrap();
        let id = Uuid::now_v7();
        let text = Cursor { at, id }.encode();
        let p = Param {
            owner: Uuid::nil(),
            cursor: Some(text.clone()),
        };
        assert_eq!(
            p.keyset("before").unwrap(),
            ("2023-11-14T22:13:20.123456Z".to_owned(), id)
        );
        assert_eq!(
            p.keyset_values("before").unwrap(),
            (Uuid::nil(), Timestamp::Value(at), id)
        );
        assert!(page_uri(&p).ends_with(&format!("&before={text}")));
    }

    #[test]
    fn distinct_counts_repeats() {
        let a = Param {
            owner: Uuid::nil(),
            cursor: None,
        };
        let b = Param {
            owner: Uuid::max(),
            cursor: None,
        };
        let mix = Mix {
            draws: vec![a.clone(), b.clone(), a.clone()],
        };
        assert_eq!(mix.distinct(), vec![(a, 2), (b, 1)]);
    }
}
