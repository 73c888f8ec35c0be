//! The PostgREST client of the repositories: reads of views, inserts, `/rpc/` calls; one HTTP
//! request each, a bounded answer, a classified failure, one log line.

use reqwest::header::HeaderValue;
use reqwest::{Client, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

use inbox_domain::RepoError;

use super::errors::{classify, transport, unreadable};
use crate::client::{ClientSettings, service_client};
use crate::project::{SupabaseProject, SupabaseSetupError};
use crate::round_trip::{Capped, Sent, read_capped, send_timed};

/// Largest answer read: a page of 200 messages with their payloads stays far below it.
const BODY_MAX: u64 = 32 * 1024 * 1024;

/// The `/rest/v1` API of one project, called with the service key.
#[derive(Clone)]
pub(crate) struct Rest {
    client: Client,
    base: String,
}

impl Rest {
    /// The API of `project`, through a client built from `settings`.
    pub(crate) fn new(
        project: &SupabaseProject,
        settings: &ClientSettings,
    ) -> Result<Self, SupabaseSetupError> {
        Ok(Self {
            client: service_client(project, settings)?,
            base: format!("{}/rest/v1", project.url()),
        })
    }

    /// `GET /rest/v1/<relation>?<query>`: the rows, as PostgREST's JSON array.
    pub(crate) async fn select<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        relation: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, RepoError> {
        let request = self
            .client
            .get(format!("{}/{relation}", self.base))
            .query(query);
        decode(operation, &execute(operation, request).await?)
    }

    /// `POST /rest/v1/<table>?select=<columns>` of one row with `Prefer: return=representation`:
    /// the row as stored.
    pub(crate) async fn insert<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        table: &str,
        select: &str,
        row: &Value,
    ) -> Result<T, RepoError> {
        let request = self
            .client
            .post(format!("{}/{table}", self.base))
            .query(&[("select", select)])
            .header("Prefer", HeaderValue::from_static("return=representation"))
            .json(row);
        let rows: Vec<T> = decode(operation, &execute(operation, request).await?)?;
        rows.into_iter()
            .next()
            .ok_or_else(|| unreadable(operation, "an insert returned no row"))
    }

    /// `POST /rest/v1/<table>?select=<columns>` of a uniform array of rows in one statement,
    /// with `Prefer: return=representation`: the rows as stored.
    pub(crate) async fn insert_many<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        table: &str,
        select: &str,
        rows: &[Value],
    ) -> Result<Vec<T>, RepoError> {
        let request = self
            .client
            .post(format!("{}/{table}", self.base))
            .query(&[("select", select)])
            .header("Prefer", HeaderValue::from_static("return=representation"))
            .json(rows);
        decode(operation, &execute(operation, request).await?)
    }

    /// `POST /rest/v1/rpc/<function>` of a `void` function (PostgREST answers 204, no body).
    pub(crate) async fn rpc_void(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<(), RepoError> {
        let request = self
            .client
            .post(format!("{}/rpc/{function}", self.base))
            .json(args);
        execute(operation, request).await.map(|_| ())
    }

    /// `POST /rest/v1/rpc/<function>?<query>` with named JSON arguments; `query` (`select`,
    /// `order`) applies to a set-returning function's rows.
    pub(crate) async fn rpc<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        function: &str,
        query: &[(&str, &str)],
        args: &Value,
    ) -> Result<T, RepoError> {
        let request = self
            .client
            .post(format!("{}/rpc/{function}", self.base))
            .query(query)
            .json(args);
        decode(operation, &execute(operation, request).await?)
    }
}

/// Sends `request` for `operation` and returns the body of a 2xx answer, or the classified
/// failure. Logs the outcome once, never the URL (its filters hold ids and phone numbers), a
/// body or a header.
async fn execute(operation: &'static str, request: RequestBuilder) -> Result<Vec<u8>, RepoError> {
    let Sent {
        status,
        result,
        duration_ms,
    } = send_timed(
        request,
        |response| read(operation, response),
        |err| transport(operation, err),
    )
    .await;
    match &result {
        Ok(_) => tracing::trace!(
            supabase.operation = operation,
            http.status = status,
            duration_ms,
            "Supabase REST call succeeded"
        ),
        Err(RepoError::Unavailable(err) | RepoError::Internal(err)) => tracing::warn!(
            supabase.operation = operation,
            http.status = status,
            duration_ms,
            error.cause_chain = ?err,
            "Supabase REST call failed"
        ),
        // The caller's expected outcomes (a conflict, a missing reference), not incidents.
        Err(err) => tracing::debug!(
            supabase.operation = operation,
            http.status = status,
            duration_ms,
            error = %err,
            "Supabase REST call refused"
        ),
    }
    result
}

async fn read(operation: &'static str, response: Response) -> Result<Vec<u8>, RepoError> {
    let status = response.status();
    let body = read_capped(response, BODY_MAX)
        .await
        .map_err(|capped| match capped {
            Capped::Transport(err) => transport(operation, err),
            Capped::TooLarge => unreadable(operation, "answer larger than 32 MiB"),
        })?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(classify(operation, status, &body))
    }
}

/// Reads a JSON answer; a shape other than the expected one is a broken schema or a bug.
fn decode<T: DeserializeOwned>(operation: &'static str, body: &[u8]) -> Result<T, RepoError> {
    // Only where and what kind: serde's message may quote a stored value.
    serde_json::from_slice(body).map_err(|err| {
        let reason = format!(
            "{:?} at line {} column {}",
            err.classify(),
            err.line(),
            err.column()
        );
        unreadable(operation, reason)
    })
}
