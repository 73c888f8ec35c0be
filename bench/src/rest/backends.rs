//! The two sides on the same database: the app's PostgreSQL adapter (`PgBackend`, pool of the
//! app's size, session mode as inboxd runs it) and `SupabaseRest` against the testkit's
//! PostgREST-protocol server (`FakePostgrest`) started in this process on that database.

use std::str::FromStr;

use inbox_pgcluster::PgCluster;
use inbox_postgres::{PgBackend, PgSettings};
use inbox_supabase::{SupabaseProject, SupabaseRest};
use inbox_testkit::fake_postgrest::{FakePostgrest, FakePostgrestConfig};
use secrecy::SecretString;
use uuid::Uuid;

use super::ports::Repos;
use crate::error::{BenchError, Result};
use crate::pg;

/// The connection settings of the benchmark database over the cluster's unix socket.
fn pg_config(cluster: &PgCluster) -> Result<tokio_postgres::Config> {
    tokio_postgres::Config::from_str(&cluster.socket_connection_string_for(pg::DATABASE))
        .map_err(|e| BenchError::other(format!("benchmark connection string: {e}")))
}

/// The direct side: the app's adapter with `pool` connections (min = max, as `run` gives inboxd).
pub async fn direct(cluster: &PgCluster, pool: usize) -> Result<(PgBackend, Repos)> {
    let settings = PgSettings::new(pg_config(cluster)?).with_pool_size(pool, pool);
    let backend = inbox_postgres::connect(settings)
        .await
        .map_err(|e| BenchError::other(format!("connecting the PostgreSQL adapter: {e}")))?;
    let storage = backend.storage();
    let repos = Repos {
        conversations: storage.conversations,
        messages: storage.messages,
    };
    Ok((backend, repos))
}

/// The PostgREST side: a fake PostgREST serving the benchmark database and the REST adapter
/// with its default settings pointed at it. The fake stops when dropped.
pub async fn rest(cluster: &PgCluster) -> Result<(FakePostgrest, Repos)> {
    let service_key = format!("sb_secret_{}", Uuid::new_v4().simple());
    let fake = FakePostgrest::start_with(FakePostgrestConfig {
        pg: pg_config(cluster)?,
        service_key: service_key.clone(),
        anon_key: format!("sb_publishable_{}", Uuid::new_v4().simple()),
    })
    .await
    .map_err(|e| BenchError::other(format!("starting the fake PostgREST: {e}")))?;
    let project = SupabaseProject::new(fake.url(), SecretString::from(service_key))
        .map_err(|e| BenchError::other(format!("Supabase project: {e}")))?;
    let rest = SupabaseRest::new(&project, &SupabaseRest::default_settings())
        .map_err(|e| BenchError::other(format!("building the REST adapter: {e}")))?;
    let repos = Repos {
        conversations: rest.conversations(),
        messages: rest.messages(),
    };
    Ok((fake, repos))
}
