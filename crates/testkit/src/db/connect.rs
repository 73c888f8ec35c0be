//! Opens a connection whose driver task runs on the current tokio runtime.

use tokio_postgres::{Client, Config, NoTls};

use super::error::TestDbError;

/// Connects with `config`; the connection lives as long as the runtime and the client.
pub(crate) async fn connect(config: &Config) -> Result<Client, TestDbError> {
    let (client, connection) = config
        .connect(NoTls)
        .await
        .map_err(TestDbError::db("connecting to the test cluster"))?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::debug!(%error, "test database connection ended");
        }
    });
    Ok(client)
}
