//! User administration over the access tables: the user list, overrides, deleting a user,
//! invitations and profiles, through the SQL functions of `migrations/V11__user_admin.sql`.

use inbox_domain::access::{
    AccessRecord, AccountScope, AppUser, InvitationRecord, InvitationState, NewInvitation,
    Permission, PermissionOverride, PermissionSet, RoleKey, decode_invitation,
};
use inbox_domain::ids::InvitationId;
use inbox_domain::{AccountId, AppUserId, PageLimit, RepoError};
use serde_json::{Value, json};
use tokio_postgres::Row;
use tokio_postgres::types::Type;
use uuid::Uuid;

use super::access::{PgAccess, record, user_row};
use crate::rows::{RowError, get};

const USER: &str = "SELECT inbox_access_record($1) AS record";
const LIST_USERS: &str = "SELECT record FROM inbox_list_users($1, $2, $3, $4) AS t(record)";
const ROLE_PERMISSIONS: &str = "SELECT inbox_role_permissions($1) AS permissions";
const SET_OVERRIDE: &str = "SELECT inbox_set_override($1, $2, $3, $4)";
const REMOVE_OVERRIDE: &str = "SELECT inbox_remove_override($1, $2, $3) AS removed";
const DELETE_USER: &str = "SELECT inbox_delete_user($1) AS record";
const CREATE_INVITATION: &str = "SELECT inbox_create_invitation($1, $2, $3, $4, $5) AS invitation";
const INVITATION: &str = "SELECT inbox_invitation($1) AS invitation";
const LIST_INVITATIONS: &str =
    "SELECT invitation FROM inbox_list_invitations($1, $2, $3, $4, $5) AS t(invitation)";
const REVOKE_INVITATION: &str = "SELECT inbox_revoke_invitation($1) AS invitation";
const UPDATE_PROFILE: &str = "SELECT id, identity_id, email, display_name, avatar_key, active, \
     created_at FROM inbox_update_profile($1, $2)";
const SET_AVATAR: &str = "SELECT id, identity_id, email, display_name, avatar_key, active, \
     created_at FROM inbox_set_avatar($1, $2)";

/// The scope as the list functions take it: (every account, these accounts).
fn scope_params(scope: &AccountScope) -> (bool, Vec<Uuid>) {
    match scope {
        AccountScope::All => (true, Vec::new()),
        AccountScope::Only(accounts) => (false, accounts.iter().map(|a| a.as_uuid()).collect()),
    }
}

/// The `invitation` column: an invitation document, or NULL.
fn invitation(row: &Row) -> Result<Option<InvitationRecord>, RepoError> {
    let json: Option<Value> = get(row, "invitation")?;
    json.map(|json| {
        decode_invitation(json).map_err(|e| {
            RepoError::from(RowError::Value {
                column: "invitation",
                reason: e.to_string(),
            })
        })
    })
    .transpose()
}

impl PgAccess {
    /// `AccessRepo::user`.
    pub(crate) async fn user_record(&self, id: AppUserId) -> Result<AccessRecord, RepoError> {
        let db = self.pg().db().await?;
        let row = db.query_one(USER, &[(&id.as_uuid(), Type::UUID)]).await?;
        record(&row)?.ok_or(RepoError::not_found("user"))
    }

    /// `AccessRepo::list_users`.
    pub(crate) async fn users(
        &self,
        scope: &AccountScope,
        after: Option<AppUserId>,
        limit: PageLimit,
    ) -> Result<Vec<AccessRecord>, RepoError> {
        let (all, accounts) = scope_params(scope);
        let after = after.map(|a| a.as_uuid());
        let limit = i32::from(limit.get());
        let db = self.pg().db().await?;
        let rows = db
            .query(
                LIST_USERS,
                &[
                    (&all, Type::BOOL),
                    (&accounts, Type::UUID_ARRAY),
                    (&after, Type::UUID),
                    (&limit, Type::INT4),
                ],
            )
            .await?;
        rows.iter()
            .map(|row| record(row)?.ok_or_else(|| RepoError::Internal("a null user".into())))
            .collect()
    }

    /// `AccessRepo::role_permissions`.
    pub(crate) async fn permissions_of(&self, role: &RoleKey) -> Result<PermissionSet, RepoError> {
        let db = self.pg().db().await?;
        let row = db
            .query_one(ROLE_PERMISSIONS, &[(&role.as_str(), Type::TEXT)])
            .await?;
        let keys: Option<Vec<String>> = get(&row, "permissions")?;
        let keys = keys.ok_or(RepoError::not_found("role"))?;
        keys.iter()
            .map(|key| {
                key.parse::<Permission>().map_err(|e| {
                    RepoError::from(RowError::Value {
                        column: "permissions",
                        reason: e.to_string(),
                    })
                })
            })
            .collect()
    }

    /// `AccessRepo::set_override`.
    pub(crate) async fn upsert_override(
        &self,
        user: AppUserId,
        grant: &PermissionOverride,
    ) -> Result<(), RepoError> {
        let account = grant.account.map(|a| a.as_uuid());
        let effect = match grant.effect {
            inbox_domain::access::OverrideEffect::Grant => "grant",
            inbox_domain::access::OverrideEffect::Deny => "deny",
        };
        let db = self.pg().db().await?;
        db.query(
            SET_OVERRIDE,
            &[
                (&user.as_uuid(), Type::UUID),
                (&account, Type::UUID),
                (&grant.permission.key(), Type::TEXT),
                (&effect, Type::TEXT),
            ],
        )
        .await?;
        Ok(())
    }

    /// `AccessRepo::remove_override`.
    pub(crate) async fn delete_override(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        permission: Permission,
    ) -> Result<bool, RepoError> {
        let account = account.map(|a| a.as_uuid());
        let db = self.pg().db().await?;
        let row = db
            .query_one(
                REMOVE_OVERRIDE,
                &[
                    (&user.as_uuid(), Type::UUID),
                    (&account, Type::UUID),
                    (&permission.key(), Type::TEXT),
                ],
            )
            .await?;
        Ok(get(&row, "removed")?)
    }

    /// `AccessRepo::delete_user`.
    pub(crate) async fn remove_user(&self, user: AppUserId) -> Result<AppUser, RepoError> {
        let db = self.pg().db().await?;
        let row = db
            .query_one(DELETE_USER, &[(&user.as_uuid(), Type::UUID)])
            .await?;
        let deleted = record(&row)?.ok_or(RepoError::not_found("user"))?;
        Ok(deleted.user)
    }

    /// `AccessRepo::create_invitation`.
    pub(crate) async fn insert_invitation(
        &self,
        new: NewInvitation,
    ) -> Result<InvitationRecord, RepoError> {
        let grants: Value = new
            .grants
            .iter()
            .map(|g| json!({"account_id": g.account.map(|a| a.as_uuid()), "role": g.role.as_str()}))
            .collect();
        let invited_by = new.invited_by.map(|u| u.as_uuid());
        let db = self.pg().db().await?;
        let row = db
            .query_one(
                CREATE_INVITATION,
                &[
                    (&new.id.as_uuid(), Type::UUID),
                    (&new.email, Type::TEXT),
                    (&grants, Type::JSONB),
                    (&new.expires_at, Type::TIMESTAMPTZ),
                    (&invited_by, Type::UUID),
                ],
            )
            .await?;
        invitation(&row)?.ok_or_else(|| RepoError::Internal("no invitation returned".into()))
    }

    /// `AccessRepo::invitation`.
    pub(crate) async fn invitation_by_id(
        &self,
        id: InvitationId,
    ) -> Result<InvitationRecord, RepoError> {
        let db = self.pg().db().await?;
        let row = db
            .query_one(INVITATION, &[(&id.as_uuid(), Type::UUID)])
            .await?;
        invitation(&row)?.ok_or(RepoError::not_found("invitation"))
    }

    /// `AccessRepo::list_invitations`.
    pub(crate) async fn invitations(
        &self,
        scope: &AccountScope,
        state: Option<InvitationState>,
        before: Option<InvitationId>,
        limit: PageLimit,
    ) -> Result<Vec<InvitationRecord>, RepoError> {
        let (all, accounts) = scope_params(scope);
        let state = state.map(InvitationState::key);
        let before = before.map(|b| b.as_uuid());
        let limit = i32::from(limit.get());
        let db = self.pg().db().await?;
        let rows = db
            .query(
                LIST_INVITATIONS,
                &[
                    (&all, Type::BOOL),
                    (&accounts, Type::UUID_ARRAY),
                    (&state, Type::TEXT),
                    (&before, Type::UUID),
                    (&limit, Type::INT4),
                ],
            )
            .await?;
        rows.iter()
            .map(|row| {
                invitation(row)?.ok_or_else(|| RepoError::Internal("a null invitation".into()))
            })
            .collect()
    }

    /// `AccessRepo::revoke_invitation`.
    pub(crate) async fn revoke(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        let db = self.pg().db().await?;
        let row = db
            .query_one(REVOKE_INVITATION, &[(&id.as_uuid(), Type::UUID)])
            .await?;
        invitation(&row)?.ok_or(RepoError::not_found("invitation"))
    }

    /// `AccessRepo::update_profile` and `AccessRepo::set_avatar`: one column of the user.
    pub(crate) async fn set_user_text(
        &self,
        user: AppUserId,
        column: UserText,
        value: Option<String>,
    ) -> Result<AppUser, RepoError> {
        let statement = match column {
            UserText::DisplayName => UPDATE_PROFILE,
            UserText::AvatarKey => SET_AVATAR,
        };
        let db = self.pg().db().await?;
        let row = db
            .query_opt(
                statement,
                &[(&user.as_uuid(), Type::UUID), (&value, Type::TEXT)],
            )
            .await?
            .ok_or(RepoError::not_found("user"))?;
        Ok(user_row(&row)?)
    }
}

/// The user's text columns a person may change.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UserText {
    /// `display_name`.
    DisplayName,
    /// `avatar_key`.
    AvatarKey,
}
