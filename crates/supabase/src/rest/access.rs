//! `AccessRepo` through PostgREST: the access functions (`inbox_access_record`,
//! `inbox_claim_identity`, roles, overrides, invitations), `app_users` and `inbox_roles`, and
//! the V15 functions for what the PostgreSQL adapter ran inline — the same SQL on both.

use async_trait::async_trait;
use inbox_domain::access::{
    AccessRecord, AccountScope, AppUser, InvitationRecord, InvitationState, NewAppUser,
    NewInvitation, NewRole, OverrideEffect, Permission, PermissionOverride, PermissionSet,
    RoleDefinition, RoleDeletion, RoleKey,
};
use inbox_domain::ids::InvitationId;
use inbox_domain::ports::AccessRepo;
use inbox_domain::{AccountId, AppUserId, IdentityId, PageLimit, RepoError};
use serde_json::{Value, json};
use uuid::Uuid;

use super::call::Rest;
use super::errors::unreadable;
use super::wire::{
    JsonRow, ROLE_COLUMNS, USER_COLUMNS, WireError, access_record, all, invitation, role,
    timestamp, user,
};

/// App users, roles and overrides in Supabase.
pub(crate) struct RestAccess {
    rest: Rest,
}

/// The scope as the list functions take it: (every account, these accounts).
fn scope_args(scope: &AccountScope) -> (bool, Vec<Uuid>) {
    match scope {
        AccountScope::All => (true, Vec::new()),
        AccountScope::Only(accounts) => (false, accounts.iter().map(|a| a.as_uuid()).collect()),
    }
}

impl RestAccess {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }

    /// A function returning one JSON document (or null).
    async fn document(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<Value, RepoError> {
        self.rest.rpc(operation, function, &[], args).await
    }

    /// A function returning `app_users` rows; none is an unknown user.
    async fn user_of(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<AppUser, RepoError> {
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(operation, function, &[("select", USER_COLUMNS)], args)
            .await?;
        let row = rows.first().ok_or(RepoError::not_found("user"))?;
        Ok(user(row)?)
    }
}

#[async_trait]
impl AccessRepo for RestAccess {
    async fn load(&self, identity: IdentityId) -> Result<Option<AccessRecord>, RepoError> {
        let args = json!({"p_identity": identity.as_uuid()});
        let value = self
            .document("access.load", "inbox_access_by_identity", &args)
            .await?;
        Ok(access_record(value)?)
    }

    async fn claim_identity(
        &self,
        identity: IdentityId,
        email: &str,
        new_user: AppUserId,
    ) -> Result<Option<AccessRecord>, RepoError> {
        let args = json!({
            "p_identity": identity.as_uuid(),
            "p_email": email,
            "p_new_user": new_user.as_uuid(),
        });
        let value = self
            .document("access.claim_identity", "inbox_claim_identity", &args)
            .await?;
        Ok(access_record(value)?)
    }

    async fn create_user(&self, new: NewAppUser) -> Result<AppUser, RepoError> {
        let row = json!({
            "id": new.id.as_uuid(),
            "identity_id": new.identity.map(|i| i.as_uuid()),
            "email": new.email,
            "display_name": new.display_name,
        });
        let stored: JsonRow = self
            .rest
            .insert("access.create_user", "app_users", USER_COLUMNS, &row)
            .await?;
        Ok(user(&stored)?)
    }

    async fn user_by_email(&self, email: &str) -> Result<AppUser, RepoError> {
        let args = json!({"p_email": email.trim()});
        self.user_of("access.user_by_email", "inbox_user_by_email", &args)
            .await
    }

    async fn assign_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<(), RepoError> {
        let args = json!({
            "p_user": user.as_uuid(),
            "p_account": account.map(|a| a.as_uuid()),
            "p_role": role.as_str(),
        });
        self.rest
            .rpc_void("access.assign_role", "inbox_assign_role", &args)
            .await
    }

    async fn remove_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<bool, RepoError> {
        let args = json!({
            "p_user": user.as_uuid(),
            "p_account": account.map(|a| a.as_uuid()),
            "p_role": role.as_str(),
        });
        self.rest
            .rpc("access.remove_role", "inbox_remove_role", &[], &args)
            .await
    }

    async fn user(&self, id: AppUserId) -> Result<AccessRecord, RepoError> {
        let args = json!({"p_user": id.as_uuid()});
        let value = self
            .document("access.user", "inbox_access_record", &args)
            .await?;
        access_record(value)?.ok_or(RepoError::not_found("user"))
    }

    async fn list_users(
        &self,
        scope: &AccountScope,
        after: Option<AppUserId>,
        limit: PageLimit,
    ) -> Result<Vec<AccessRecord>, RepoError> {
        let (all_accounts, accounts) = scope_args(scope);
        let args = json!({
            "p_all": all_accounts,
            "p_accounts": accounts,
            "p_after": after.map(|a| a.as_uuid()),
            "p_limit": i32::from(limit.get()),
        });
        let values: Vec<Value> = self
            .rest
            .rpc("access.list_users", "inbox_list_users", &[], &args)
            .await?;
        all(values, |value| {
            access_record(value)?.ok_or_else(|| WireError {
                column: "record",
                reason: "is null".to_owned(),
            })
        })
    }

    async fn list_roles(&self) -> Result<Vec<RoleDefinition>, RepoError> {
        let query = [
            ("select", ROLE_COLUMNS.to_owned()),
            ("order", "builtin.desc,key.asc".to_owned()),
        ];
        let rows = self
            .rest
            .select("access.list_roles", "inbox_roles", &query)
            .await?;
        all(rows, |row: JsonRow| role(&row))
    }

    async fn create_role(&self, new: NewRole) -> Result<RoleDefinition, RepoError> {
        let permissions: Vec<&str> = new.permissions.iter().map(Permission::key).collect();
        let args = json!({
            "p_id": Uuid::now_v7(),
            "p_key": new.key.as_str(),
            "p_name": new.name,
            "p_description": new.description,
            "p_permissions": permissions,
        });
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(
                "access.create_role",
                "inbox_create_role_returning",
                &[("select", ROLE_COLUMNS)],
                &args,
            )
            .await?;
        let row = rows
            .first()
            .ok_or_else(|| unreadable("access.create_role", "the role was not returned"))?;
        Ok(role(row)?)
    }

    async fn delete_role(&self, key: &RoleKey) -> Result<(), RepoError> {
        let args = json!({"p_key": key.as_str()});
        let outcome: String = self
            .rest
            .rpc("access.delete_role", "inbox_delete_role", &[], &args)
            .await?;
        let deletion = match outcome.as_str() {
            "deleted" => RoleDeletion::Deleted,
            "missing" => RoleDeletion::Missing,
            "builtin" => RoleDeletion::Builtin,
            "in_use" => RoleDeletion::InUse,
            _ => {
                return Err(unreadable("access.delete_role", "an unknown outcome"));
            }
        };
        deletion.into_result()
    }

    async fn role_permissions(&self, role: &RoleKey) -> Result<PermissionSet, RepoError> {
        let args = json!({"p_role": role.as_str()});
        let keys: Option<Vec<String>> = self
            .rest
            .rpc(
                "access.role_permissions",
                "inbox_role_permissions",
                &[],
                &args,
            )
            .await?;
        let keys = keys.ok_or(RepoError::not_found("role"))?;
        keys.iter()
            .map(|key| {
                key.parse::<Permission>().map_err(|e| {
                    RepoError::from(WireError {
                        column: "permissions",
                        reason: e.to_string(),
                    })
                })
            })
            .collect()
    }

    async fn set_override(
        &self,
        user: AppUserId,
        grant: &PermissionOverride,
    ) -> Result<(), RepoError> {
        let effect = match grant.effect {
            OverrideEffect::Grant => "grant",
            OverrideEffect::Deny => "deny",
        };
        let args = json!({
            "p_user": user.as_uuid(),
            "p_account": grant.account.map(|a| a.as_uuid()),
            "p_permission": grant.permission.key(),
            "p_effect": effect,
        });
        self.rest
            .rpc_void("access.set_override", "inbox_set_override", &args)
            .await
    }

    async fn remove_override(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        permission: Permission,
    ) -> Result<bool, RepoError> {
        let args = json!({
            "p_user": user.as_uuid(),
            "p_account": account.map(|a| a.as_uuid()),
            "p_permission": permission.key(),
        });
        self.rest
            .rpc(
                "access.remove_override",
                "inbox_remove_override",
                &[],
                &args,
            )
            .await
    }

    async fn delete_user(&self, user: AppUserId) -> Result<AppUser, RepoError> {
        let args = json!({"p_user": user.as_uuid()});
        let value = self
            .document("access.delete_user", "inbox_delete_user", &args)
            .await?;
        let deleted = access_record(value)?.ok_or(RepoError::not_found("user"))?;
        Ok(deleted.user)
    }

    async fn create_invitation(&self, new: NewInvitation) -> Result<InvitationRecord, RepoError> {
        let grants: Vec<Value> = new
            .grants
            .iter()
            .map(|g| json!({"account_id": g.account.map(|a| a.as_uuid()), "role": g.role.as_str()}))
            .collect();
        let args = json!({
            "p_id": new.id.as_uuid(),
            "p_email": new.email,
            "p_grants": grants,
            "p_expires_at": timestamp(new.expires_at)?,
            "p_invited_by": new.invited_by.map(|u| u.as_uuid()),
        });
        let value = self
            .document("access.create_invitation", "inbox_create_invitation", &args)
            .await?;
        invitation(value)?
            .ok_or_else(|| unreadable("access.create_invitation", "no invitation returned"))
    }

    async fn invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        let args = json!({"p_id": id.as_uuid()});
        let value = self
            .document("access.invitation", "inbox_invitation", &args)
            .await?;
        invitation(value)?.ok_or(RepoError::not_found("invitation"))
    }

    async fn list_invitations(
        &self,
        scope: &AccountScope,
        state: Option<InvitationState>,
        before: Option<InvitationId>,
        limit: PageLimit,
    ) -> Result<Vec<InvitationRecord>, RepoError> {
        let (all_accounts, accounts) = scope_args(scope);
        let args = json!({
            "p_all": all_accounts,
            "p_accounts": accounts,
            "p_state": state.map(InvitationState::key),
            "p_before": before.map(|b| b.as_uuid()),
            "p_limit": i32::from(limit.get()),
        });
        let values: Vec<Value> = self
            .rest
            .rpc(
                "access.list_invitations",
                "inbox_list_invitations",
                &[],
                &args,
            )
            .await?;
        all(values, |value| {
            invitation(value)?.ok_or_else(|| WireError {
                column: "invitation",
                reason: "is null".to_owned(),
            })
        })
    }

    async fn revoke_invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        let args = json!({"p_id": id.as_uuid()});
        let value = self
            .document("access.revoke_invitation", "inbox_revoke_invitation", &args)
            .await?;
        invitation(value)?.ok_or(RepoError::not_found("invitation"))
    }

    async fn update_profile(
        &self,
        user: AppUserId,
        display_name: Option<String>,
    ) -> Result<AppUser, RepoError> {
        let args = json!({"p_user": user.as_uuid(), "p_display_name": display_name});
        self.user_of("access.update_profile", "inbox_update_profile", &args)
            .await
    }

    async fn set_avatar(
        &self,
        user: AppUserId,
        avatar_key: Option<String>,
    ) -> Result<AppUser, RepoError> {
        let args = json!({"p_user": user.as_uuid(), "p_avatar_key": avatar_key});
        self.user_of("access.set_avatar", "inbox_set_avatar", &args)
            .await
    }
}
