//! Removes what earlier runs left: test databases over an hour old, templates of old migration sets.

use std::collections::HashSet;

use tokio_postgres::Client;

use super::names::{TEMPLATE_PREFIX, parse_test_db, quote_ident, template_tag, unix_now};

/// Age past which a test database is a leftover of a crashed run, and an old template is unused.
const MAX_AGE_SECS: u64 = 3600;

/// Harness databases with the creation time of their files (NULL while being created or dropped).
const LIST: &str = "SELECT datname::text, \
    extract(epoch FROM (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification)::int8 \
    FROM pg_database WHERE datname LIKE 't\\_%' OR datname LIKE 'inbox\\_template\\_%'";

/// Sweeps leftovers; failures are logged, never fatal (the next run tries again).
pub(crate) async fn sweep(admin: &Client, current_template: &str) {
    if let Err(error) = try_sweep(admin, current_template).await {
        tracing::warn!(%error, "could not sweep leftover test databases");
    }
}

async fn try_sweep(admin: &Client, current_template: &str) -> Result<(), tokio_postgres::Error> {
    let now = unix_now();
    let mut recent_tags = HashSet::new();
    let mut old_templates = Vec::new();
    for row in admin.query_typed(LIST, &[]).await? {
        let name: String = row.try_get(0)?;
        let created: Option<i64> = row.try_get(1)?;
        if let Some((created_secs, tag)) = parse_test_db(&name) {
            if now.saturating_sub(created_secs) > MAX_AGE_SECS {
                tracing::info!(database = %name, "dropping a test database left by an earlier run");
                admin
                    .batch_execute(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        quote_ident(&name)
                    ))
                    .await?;
            } else {
                recent_tags.insert(tag.to_owned());
            }
        } else if name.starts_with(TEMPLATE_PREFIX) && name != current_template {
            old_templates.push((name, created));
        }
    }
    for (name, created) in old_templates {
        let fresh = created
            .is_none_or(|c| now.saturating_sub(u64::try_from(c).unwrap_or(0)) < MAX_AGE_SECS);
        if fresh || recent_tags.contains(template_tag(&name)) {
            continue; // another checkout may be using it right now
        }
        tracing::info!(database = %name, "dropping the template of an old migration set");
        let quoted = quote_ident(&name);
        admin
            .batch_execute(&format!("ALTER DATABASE {quoted} IS_TEMPLATE false"))
            .await?;
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {quoted}"))
            .await?;
    }
    Ok(())
}
