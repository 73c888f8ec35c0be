//! Takes the indexes and constraints of the bulk-loaded tables away before COPY and puts them
//! back afterwards, exactly as the migrations made them (definitions read from the catalog).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio_postgres::Client;

use crate::error::{BenchError, Result};

/// One index or constraint and the statements that drop and recreate it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// Table it belongs to.
    pub table: String,
    /// Its name.
    pub name: String,
    /// Its definition as the catalog prints it.
    pub definition: String,
    /// Primary key / unique constraint, plain index, or foreign key.
    pub kind: ItemKind,
}

/// What an [`Item`] is; also the order of recreation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    /// A primary key or unique constraint (with its index).
    Key,
    /// An index no constraint owns.
    Index,
    /// A foreign key.
    ForeignKey,
}

impl Item {
    /// The statement that removes it.
    pub fn drop_statement(&self) -> String {
        match self.kind {
            ItemKind::Index => format!("DROP INDEX {}", self.name),
            ItemKind::Key | ItemKind::ForeignKey => {
                format!("ALTER TABLE {} DROP CONSTRAINT {}", self.table, self.name)
            }
        }
    }

    /// The statement that recreates it.
    pub fn create_statement(&self) -> String {
        match self.kind {
            ItemKind::Index => self.definition.clone(),
            ItemKind::Key | ItemKind::ForeignKey => format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                self.table, self.name, self.definition
            ),
        }
    }
}

/// Keys and indexes on `tables`, and every foreign key from or to them (names quoted).
const CAPTURE: &str = "
WITH t AS (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1))
SELECT quote_ident(r.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid),
       CASE WHEN c.contype = 'f' THEN 'f' ELSE 'k' END
FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
WHERE (c.contype IN ('p', 'u', 'x') AND c.conrelid IN (SELECT oid FROM t))
   OR (c.contype = 'f' AND (c.conrelid IN (SELECT oid FROM t) OR c.confrelid IN (SELECT oid FROM t)))
UNION ALL
SELECT quote_ident(r.relname), quote_ident(ic.relname), pg_get_indexdef(i.indexrelid), 'i'
FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid IN (SELECT oid FROM t)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                    AND c.contype IN ('p', 'u', 'x'))";

/// Reads what [`drop_all`] will remove, sorted.
pub async fn capture(client: &Client, tables: &[&str]) -> Result<Vec<Item>> {
    let tables: Vec<String> = tables.iter().map(|t| (*t).to_owned()).collect();
    let rows = client
        .query(CAPTURE, &[&tables])
        .await
        .map_err(BenchError::db("reading indexes and constraints"))?;
    let mut items = rows
        .iter()
        .map(|row| {
            let kind = match row.get::<_, &str>(3) {
                "f" => ItemKind::ForeignKey,
                "k" => ItemKind::Key,
                _ => ItemKind::Index,
            };
            Item {
                table: row.get(0),
                name: row.get(1),
                definition: row.get(2),
                kind,
            }
        })
        .collect::<Vec<_>>();
    items.sort_by(|a, b| (a.kind, &a.table, &a.name).cmp(&(b.kind, &b.table, &b.name)));
    Ok(items)
}

/// Drops foreign keys, then keys, then indexes.
pub async fn drop_all(client: &Client, items: &[Item]) -> Result<()> {
    let mut ordered: Vec<&Item> = items.iter().collect();
    ordered.sort_by_key(|i| std::cmp::Reverse(i.kind));
    let script: String = ordered
        .iter()
        .map(|i| format!("{};\n", i.drop_statement()))
        .collect();
    client
        .batch_execute(&format!("BEGIN;\n{script}COMMIT;"))
        .await
        .map_err(BenchError::db("dropping indexes and constraints"))
}

/// How long recreating one item took.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Its name.
    pub name: String,
    /// Wall time.
    pub took: Duration,
}

/// Recreates keys and indexes on two connections at once (largest tables first), then the
/// foreign keys one by one (two at once could deadlock on the tables they both lock).
pub async fn restore(clients: [&Client; 2], items: &[Item]) -> Result<Vec<Rebuilt>> {
    for client in clients {
        client
            .batch_execute(
                "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0",
            )
            .await
            .map_err(BenchError::db("setting maintenance_work_mem"))?;
    }
    let mut builds: Vec<&Item> = items
        .iter()
        .filter(|i| i.kind != ItemKind::ForeignKey)
        .collect();
    builds.sort_by_key(|i| (table_rank(&i.table), i.kind, i.name.clone()));
    let queue = Mutex::new(builds.into_iter());
    let (a, b) = tokio::join!(drain(clients[0], &queue), drain(clients[1], &queue));
    let mut rebuilt = a?;
    rebuilt.extend(b?);
    for item in items.iter().filter(|i| i.kind == ItemKind::ForeignKey) {
        rebuilt.push(rebuild(clients[0], item).await?);
    }
    Ok(rebuilt)
}

/// Rebuilds items from the shared queue until it is empty.
async fn drain(client: &Client, queue: &Mutex<std::vec::IntoIter<&Item>>) -> Result<Vec<Rebuilt>> {
    let mut done = Vec::new();
    loop {
        let next = queue
            .lock()
            .map_err(|_| BenchError::other("index rebuild queue poisoned"))?
            .next();
        let Some(item) = next else {
            return Ok(done);
        };
        done.push(rebuild(client, item).await?);
    }
}

async fn rebuild(client: &Client, item: &Item) -> Result<Rebuilt> {
    let started = Instant::now();
    client
        .batch_execute(&item.create_statement())
        .await
        .map_err(BenchError::db(format!("recreating {}", item.name)))?;
    let took = started.elapsed();
    tracing::debug!(name = %item.name, ms = took.as_millis(), "recreated");
    Ok(Rebuilt {
        name: item.name.clone(),
        took,
    })
}

/// Biggest tables first, so the two connections finish together.
fn table_rank(table: &str) -> u8 {
    match table {
        "messages" => 0,
        "message_reactions" => 1,
        "conversations" => 2,
        "contacts" => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: ItemKind) -> Item {
        Item {
            table: "messages".into(),
            name: "messages_wamid_key".into(),
            definition: "UNIQUE (wamid)".into(),
            kind,
        }
    }

    #[test]
    fn statements_round_trip_each_kind() {
        assert_eq!(
            item(ItemKind::Key).create_statement(),
            "ALTER TABLE messages ADD CONSTRAINT messages_wamid_key UNIQUE (wamid)"
        );
        assert_eq!(
            item(ItemKind::Key).drop_statement(),
            "ALTER TABLE messages DROP CONSTRAINT messages_wamid_key"
        );
        assert_eq!(
            item(ItemKind::Index).drop_statement(),
            "DROP INDEX messages_wamid_key"
        );
        assert!(ItemKind::Key < ItemKind::Index && ItemKind::Index < ItemKind::ForeignKey);
    }
}
