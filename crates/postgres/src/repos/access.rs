//! `AccessRepo` over the access tables, through the SQL functions of `migrations/V8`.

use async_trait::async_trait;
use inbox_domain::access::{
    AccessRecord, AccountScope, AppUser, InvitationRecord, InvitationState, NewAppUser,
    NewInvitation, NewRole, Permission, PermissionOverride, PermissionSet, RoleDefinition, RoleKey,
    decode_access_record,
};
use inbox_domain::ids::InvitationId;
use inbox_domain::ports::AccessRepo;
use inbox_domain::{AccountId, AppUserId, IdentityId, PageLimit, RepoError};
use serde_json::Value;
use tokio_postgres::Row;
use tokio_postgres::types::Type;
use uuid::Uuid;

use super::access_admin::UserText;
use crate::db::Pg;
use crate::rows::{RowError, get};

const BY_IDENTITY: &str = "SELECT inbox_access_by_identity($1) AS record";
const CLAIM: &str = "SELECT inbox_claim_identity($1, $2, $3) AS record";
const INSERT_USER: &str = "INSERT INTO app_users (id, identity_id, email, display_name) \
     VALUES ($1, $2, $3, $4) \
     RETURNING id, identity_id, email, display_name, avatar_key, active, created_at";
const USER_BY_EMAIL: &str = "SELECT id, identity_id, email, display_name, avatar_key, active, \
     created_at FROM inbox_user_by_email($1)";
const ASSIGN_ROLE: &str = "SELECT inbox_assign_role($1, $2, $3)";
const REMOVE_ROLE: &str = "SELECT inbox_remove_role($1, $2, $3) AS removed";

/// App users, roles and overrides in PostgreSQL.
pub(crate) struct PgAccess {
    pg: Pg,
}

impl PgAccess {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }

    /// The pool.
    pub(crate) const fn pg(&self) -> &Pg {
        &self.pg
    }
}

/// The `record` column: an access record document, or NULL.
pub(super) fn record(row: &Row) -> Result<Option<AccessRecord>, RepoError> {
    let json: Option<Value> = get(row, "record")?;
    json.map(|json| {
        decode_access_record(json).map_err(|e| {
            RepoError::from(RowError::Value {
                column: "record",
                reason: e.to_string(),
            })
        })
    })
    .transpose()
}

/// An `app_users` row.
pub(super) fn user_row(row: &Row) -> Result<AppUser, RowError> {
    Ok(AppUser {
        id: AppUserId::from_uuid(get(row, "id")?),
        identity: get::<Option<Uuid>>(row, "identity_id")?.map(IdentityId::from_uuid),
        email: get(row, "email")?,
        display_name: get(row, "display_name")?,
        avatar_key: get(row, "avatar_key")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
    })
}

#[async_trait]
impl AccessRepo for PgAccess {
    async fn load(&self, identity: IdentityId) -> Result<Option<AccessRecord>, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_one(BY_IDENTITY, &[(&identity.as_uuid(), Type::UUID)])
            .await?;
        record(&row)
    }

    async fn claim_identity(
        &self,
        identity: IdentityId,
        email: &str,
        new_user: AppUserId,
    ) -> Result<Option<AccessRecord>, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                CLAIM,
                &[
                    (&identity.as_uuid(), Type::UUID),
                    (&email, Type::TEXT),
                    (&new_user.as_uuid(), Type::UUID),
                ],
            )
            .await?;
        record(&row)
    }

    async fn create_user(&self, new: NewAppUser) -> Result<AppUser, RepoError> {
        let db = self.pg.db().await?;
        let identity = new.identity.map(|i| i.as_uuid());
        let row = db
            .query_one(
                INSERT_USER,
                &[
                    (&new.id.as_uuid(), Type::UUID),
                    (&identity, Type::UUID),
                    (&new.email, Type::TEXT),
                    (&new.display_name, Type::TEXT),
                ],
            )
            .await?;
        Ok(user_row(&row)?)
    }

    async fn user_by_email(&self, email: &str) -> Result<AppUser, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(USER_BY_EMAIL, &[(&email.trim(), Type::TEXT)])
            .await?
            .ok_or(RepoError::not_found("user"))?;
        Ok(user_row(&row)?)
    }

    async fn assign_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<(), RepoError> {
        let db = self.pg.db().await?;
        let account = account.map(|a| a.as_uuid());
        db.query(
            ASSIGN_ROLE,
            &[
                (&user.as_uuid(), Type::UUID),
                (&account, Type::UUID),
                (&role.as_str(), Type::TEXT),
            ],
        )
        .await?;
        Ok(())
    }

    async fn remove_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<bool, RepoError> {
        let db = self.pg.db().await?;
        let account = account.map(|a| a.as_uuid());
        let row = db
            .query_one(
                REMOVE_ROLE,
                &[
                    (&user.as_uuid(), Type::UUID),
                    (&account, Type::UUID),
                    (&role.as_str(), Type::TEXT),
                ],
            )
            .await?;
        Ok(get(&row, "removed")?)
    }

    async fn user(&self, id: AppUserId) -> Result<AccessRecord, RepoError> {
        self.user_record(id).await
    }

    async fn list_users(
        &self,
        scope: &AccountScope,
        after: Option<AppUserId>,
        limit: PageLimit,
    ) -> Result<Vec<AccessRecord>, RepoError> {
        self.users(scope, after, limit).await
    }

    async fn role_permissions(&self, role: &RoleKey) -> Result<PermissionSet, RepoError> {
        self.permissions_of(role).await
    }

    async fn list_roles(&self) -> Result<Vec<RoleDefinition>, RepoError> {
        self.roles().await
    }

    async fn create_role(&self, role: NewRole) -> Result<RoleDefinition, RepoError> {
        self.new_role(role).await
    }

    async fn delete_role(&self, role: &RoleKey) -> Result<(), RepoError> {
        self.drop_role(role).await
    }

    async fn set_override(
        &self,
        user: AppUserId,
        grant: &PermissionOverride,
    ) -> Result<(), RepoError> {
        self.upsert_override(user, grant).await
    }

    async fn remove_override(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        permission: Permission,
    ) -> Result<bool, RepoError> {
        self.delete_override(user, account, permission).await
    }

    async fn delete_user(&self, user: AppUserId) -> Result<AppUser, RepoError> {
        self.remove_user(user).await
    }

    async fn create_invitation(
        &self,
        invitation: NewInvitation,
    ) -> Result<InvitationRecord, RepoError> {
        self.insert_invitation(invitation).await
    }

    async fn invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        self.invitation_by_id(id).await
    }

    async fn list_invitations(
        &self,
        scope: &AccountScope,
        state: Option<InvitationState>,
        before: Option<InvitationId>,
        limit: PageLimit,
    ) -> Result<Vec<InvitationRecord>, RepoError> {
        self.invitations(scope, state, before, limit).await
    }

    async fn revoke_invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        self.revoke(id).await
    }

    async fn update_profile(
        &self,
        user: AppUserId,
        display_name: Option<String>,
    ) -> Result<AppUser, RepoError> {
        self.set_user_text(user, UserText::DisplayName, display_name)
            .await
    }

    async fn set_avatar(
        &self,
        user: AppUserId,
        avatar_key: Option<String>,
    ) -> Result<AppUser, RepoError> {
        self.set_user_text(user, UserText::AvatarKey, avatar_key)
            .await
    }
}
