//! Access rows: `app_users` rows, `inbox_roles` rows, and the JSON documents the access
//! functions return (decoded by the domain, as the PostgreSQL adapter decodes them).

use serde_json::Value;
use uuid::Uuid;

use inbox_domain::access::{
    AccessRecord, AppUser, InvitationRecord, Permission, PermissionSet, RoleDefinition,
    decode_access_record, decode_invitation,
};
use inbox_domain::{AppUserId, IdentityId, ValidationError};

use super::{JsonRow, WireError};

/// The columns `user` reads.
pub(crate) const USER_COLUMNS: &str =
    "id,identity_id,email,display_name,avatar_key,active,created_at";

/// The columns `role` reads.
pub(crate) const ROLE_COLUMNS: &str = "key,name,description,builtin,permissions";

/// An `app_users` row.
pub(crate) fn user(row: &JsonRow) -> Result<AppUser, WireError> {
    Ok(AppUser {
        id: AppUserId::from_uuid(row.get("id")?),
        identity: row
            .get::<Option<Uuid>>("identity_id")?
            .map(IdentityId::from_uuid),
        email: row.get("email")?,
        display_name: row.get("display_name")?,
        avatar_key: row.get("avatar_key")?,
        active: row.get("active")?,
        created_at: row.time("created_at")?,
    })
}

fn invalid(column: &'static str) -> impl Fn(ValidationError) -> WireError {
    move |e| WireError {
        column,
        reason: e.reason,
    }
}

/// An `inbox_roles` row.
pub(crate) fn role(row: &JsonRow) -> Result<RoleDefinition, WireError> {
    let keys: Vec<String> = row.get("permissions")?;
    let permissions = keys
        .iter()
        .map(|k| k.parse::<Permission>())
        .collect::<Result<PermissionSet, _>>()
        .map_err(invalid("permissions"))?;
    let key: String = row.get("key")?;
    Ok(RoleDefinition {
        key: key.parse().map_err(invalid("key"))?,
        name: row.get("name")?,
        description: row.get("description")?,
        builtin: row.get("builtin")?,
        permissions,
    })
}

/// An access record document (`inbox_access_record`), or `None` for JSON null.
pub(crate) fn access_record(value: Value) -> Result<Option<AccessRecord>, WireError> {
    if value.is_null() {
        return Ok(None);
    }
    decode_access_record(value)
        .map(Some)
        .map_err(|e| WireError {
            column: "record",
            reason: e.to_string(),
        })
}

/// An invitation document (`inbox_invitation_json`), or `None` for JSON null.
pub(crate) fn invitation(value: Value) -> Result<Option<InvitationRecord>, WireError> {
    if value.is_null() {
        return Ok(None);
    }
    decode_invitation(value).map(Some).map_err(|e| WireError {
        column: "invitation",
        reason: e.to_string(),
    })
}
