//! The JSON form of an access record, as the SQL function `inbox_access_record` returns it;
//! both storage adapters read it (directly, or through PostgREST's `/rpc/`).

use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::{
    AccessRecord, AppUser, OverrideEffect, Permission, PermissionOverride, PermissionSet, RoleGrant,
};
use crate::error::ValidationError;
use crate::identity::IdentityId;
use crate::ids::{AccountId, AppUserId};

#[derive(Deserialize)]
struct StoredRecord {
    user: StoredUser,
    roles: Vec<StoredRole>,
    overrides: Vec<StoredOverride>,
}

#[derive(Deserialize)]
struct StoredUser {
    id: Uuid,
    identity_id: Option<Uuid>,
    email: String,
    display_name: Option<String>,
    avatar_key: Option<String>,
    active: bool,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

#[derive(Deserialize)]
struct StoredRole {
    account_id: Option<Uuid>,
    role: String,
    role_name: String,
    permissions: Vec<String>,
}

#[derive(Deserialize)]
struct StoredOverride {
    account_id: Option<Uuid>,
    permission: String,
    effect: OverrideEffect,
}

/// Reads the JSON of `inbox_access_record`.
///
/// # Errors
/// `access_record` when the document does not have that shape, or names an unknown
/// permission or an invalid role key (a broken schema, never the caller's input).
pub fn decode_access_record(json: serde_json::Value) -> Result<AccessRecord, ValidationError> {
    let bad = |e: &dyn std::fmt::Display| ValidationError::new("access_record", e.to_string());
    let stored: StoredRecord = serde_json::from_value(json).map_err(|e| bad(&e))?;
    let user = stored.user;
    let roles = stored
        .roles
        .into_iter()
        .map(|role| {
            let permissions = role
                .permissions
                .iter()
                .map(|key| key.parse::<Permission>())
                .collect::<Result<PermissionSet, _>>()?;
            Ok(RoleGrant {
                account: role.account_id.map(AccountId::from_uuid),
                role: role.role.parse()?,
                role_name: role.role_name,
                permissions,
            })
        })
        .collect::<Result<Vec<_>, ValidationError>>()?;
    let overrides = stored
        .overrides
        .into_iter()
        .map(|o| {
            Ok(PermissionOverride {
                account: o.account_id.map(AccountId::from_uuid),
                permission: o.permission.parse()?,
                effect: o.effect,
            })
        })
        .collect::<Result<Vec<_>, ValidationError>>()?;
    Ok(AccessRecord {
        user: AppUser {
            id: AppUserId::from_uuid(user.id),
            identity: user.identity_id.map(IdentityId::from_uuid),
            email: user.email,
            display_name: user.display_name,
            avatar_key: user.avatar_key,
            active: user.active,
            created_at: user.created_at,
        },
        roles,
        overrides,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_shape() {
        let account = Uuid::now_v7();
        let record = decode_access_record(json!({
            "user": {"id": Uuid::now_v7(), "identity_id": null, "email": "a@b.c",
                     "display_name": null, "avatar_key": null, "active": true,
                     "created_at": "2026-11-26T01:02:03.123456+00:00"},
            "roles": [{"account_id": account, "role": "agent", "role_name": "Agent",
                       "permissions": ["conversations.read", "messages.send"]}],
            "overrides": [{"account_id": null, "permission": "stats.read", "effect": "deny"}]
        }))
        .unwrap();
        assert_eq!(record.roles[0].account, Some(AccountId::from_uuid(account)));
        assert!(
            record.roles[0]
                .permissions
                .contains(Permission::MessagesSend)
        );
        assert_eq!(record.overrides[0].effect, OverrideEffect::Deny);
    }

    #[test]
    fn an_unknown_permission_is_refused() {
        let err = decode_access_record(json!({
            "user": {"id": Uuid::now_v7(), "identity_id": null, "email": "a@b.c",
                     "display_name": null, "avatar_key": null, "active": true,
                     "created_at": "2026-11-26T01:02:03Z"},
            "roles": [{"account_id": null, "role": "x", "role_name": "X",
                       "permissions": ["nope.nope"]}],
            "overrides": []
        }))
        .unwrap_err();
        assert_eq!(err.field, "permission");
    }
}
