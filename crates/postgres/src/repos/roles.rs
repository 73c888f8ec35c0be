//! The role catalogue: the view `inbox_roles` and the functions of `migrations/V12`.

use inbox_domain::RepoError;
use inbox_domain::access::{
    NewRole, Permission, PermissionSet, RoleDefinition, RoleDeletion, RoleKey,
};
use tokio_postgres::Row;
use tokio_postgres::types::Type;
use uuid::Uuid;

use super::access::PgAccess;
use crate::rows::{RowError, get};

const LIST: &str = "SELECT key, name, description, builtin, permissions FROM inbox_roles \
     ORDER BY builtin DESC, key";
/// Creates the role and returns it as `inbox_roles` shows it, in one statement
/// (`inbox_create_role_returning`, shared with the PostgREST adapter).
const CREATE: &str = "SELECT key, name, description, builtin, permissions \
     FROM inbox_create_role_returning($1, $2, $3, $4, $5)";
const DELETE: &str = "SELECT inbox_delete_role($1) AS outcome";

/// An `inbox_roles` row.
fn role(row: &Row) -> Result<RoleDefinition, RowError> {
    let bad = |column, reason: String| RowError::Value { column, reason };
    let key: String = get(row, "key")?;
    let keys: Vec<String> = get(row, "permissions")?;
    let permissions = keys
        .iter()
        .map(|k| k.parse::<Permission>())
        .collect::<Result<PermissionSet, _>>()
        .map_err(|e| bad("permissions", e.reason))?;
    Ok(RoleDefinition {
        key: key
            .parse()
            .map_err(|e: inbox_domain::ValidationError| bad("key", e.reason))?,
        name: get(row, "name")?,
        description: get(row, "description")?,
        builtin: get(row, "builtin")?,
        permissions,
    })
}

impl PgAccess {
    /// `AccessRepo::list_roles`.
    pub(crate) async fn roles(&self) -> Result<Vec<RoleDefinition>, RepoError> {
        let db = self.pg().db().await?;
        let rows = db.query(LIST, &[]).await?;
        Ok(rows.iter().map(role).collect::<Result<_, _>>()?)
    }

    /// `AccessRepo::create_role`.
    pub(crate) async fn new_role(&self, new: NewRole) -> Result<RoleDefinition, RepoError> {
        let db = self.pg().db().await?;
        let permissions: Vec<&str> = new.permissions.iter().map(Permission::key).collect();
        let row = db
            .query_one(
                CREATE,
                &[
                    (&Uuid::now_v7(), Type::UUID),
                    (&new.key.as_str(), Type::TEXT),
                    (&new.name, Type::TEXT),
                    (&new.description, Type::TEXT),
                    (&permissions, Type::TEXT_ARRAY),
                ],
            )
            .await?;
        Ok(role(&row)?)
    }

    /// `AccessRepo::delete_role`.
    pub(crate) async fn drop_role(&self, key: &RoleKey) -> Result<(), RepoError> {
        let db = self.pg().db().await?;
        let row = db.query_one(DELETE, &[(&key.as_str(), Type::TEXT)]).await?;
        let outcome: String = get(&row, "outcome")?;
        let deletion = match outcome.as_str() {
            "deleted" => RoleDeletion::Deleted,
            "missing" => RoleDeletion::Missing,
            "builtin" => RoleDeletion::Builtin,
            "in_use" => RoleDeletion::InUse,
            other => {
                let reason = format!("unknown outcome {other:?}");
                return Err(RowError::Value {
                    column: "outcome",
                    reason,
                }
                .into());
            }
        };
        deletion.into_result()
    }
}
