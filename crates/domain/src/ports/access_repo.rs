//! Storage of app users, their roles per account and their overrides.

use async_trait::async_trait;

use crate::access::{
    AccessRecord, AccountScope, AppUser, InvitationRecord, InvitationState, NewAppUser,
    NewInvitation, NewRole, Permission, PermissionOverride, PermissionSet, RoleDefinition, RoleKey,
};
use crate::cursor::PageLimit;
use crate::error::RepoError;
use crate::identity::IdentityId;
use crate::ids::{AccountId, AppUserId, InvitationId};

/// App users and what they may do, read as one record per request (then cached by the caller).
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait AccessRepo: Send + Sync {
    /// The user linked to `identity` with every role (and its permissions) and override, in
    /// one read; `None` when no user is linked to it.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn load(&self, identity: IdentityId) -> Result<Option<AccessRecord>, RepoError>;

    /// Links `identity` (first sign-in) and returns its record: an unlinked user whose email
    /// matches (case-insensitively) takes the identity; a pending, unexpired invitation for the
    /// email is accepted (creating the user with id `new_user` when there is none, granting
    /// the invitation's roles on the accounts that still exist). `None` when neither exists.
    /// A user already linked to `identity` is returned as is. Safe under concurrent calls.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn claim_identity(
        &self,
        identity: IdentityId,
        email: &str,
        new_user: AppUserId,
    ) -> Result<Option<AccessRecord>, RepoError>;

    /// Creates a user (active, no roles).
    ///
    /// # Errors
    /// - `Conflict` (entity "user") when the email (case-insensitively) or the identity is
    ///   already taken.
    async fn create_user(&self, user: NewAppUser) -> Result<AppUser, RepoError>;

    /// The user with this email, compared case-insensitively.
    ///
    /// # Errors
    /// - `NotFound` (entity "user") when there is none.
    async fn user_by_email(&self, email: &str) -> Result<AppUser, RepoError>;

    /// Gives `user` the role on `account` (`None`: on every account, present and future).
    /// Idempotent: granting a held role changes nothing.
    ///
    /// # Errors
    /// - `MissingReference` (entity "user", "account" or "role") when one does not exist.
    async fn assign_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<(), RepoError>;

    /// Takes the role on `account` (`None`: the global grant) from `user`; `false` when the
    /// user did not hold it there.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn remove_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<bool, RepoError>;

    /// The record of user `id`: the user, every role (with its permissions) and override.
    ///
    /// # Errors
    /// - `NotFound` (entity "user") when there is no such user.
    async fn user(&self, id: AppUserId) -> Result<AccessRecord, RepoError>;

    /// Users with their roles and overrides, in one read, ordered by id (oldest first), at
    /// most `limit`, after `after` when given. `All`: every user; `Only(accounts)`: the users
    /// holding a role or override on one of `accounts` (their records still list everything
    /// they hold).
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list_users(
        &self,
        scope: &AccountScope,
        after: Option<AppUserId>,
        limit: PageLimit,
    ) -> Result<Vec<AccessRecord>, RepoError>;

    /// Every role, built-in ones first, then custom ones by key.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list_roles(&self) -> Result<Vec<RoleDefinition>, RepoError>;

    /// Creates a custom role with its permissions, atomically.
    ///
    /// # Errors
    /// - `Conflict` (entity "role") when the key is taken.
    async fn create_role(&self, role: NewRole) -> Result<RoleDefinition, RepoError>;

    /// Deletes a custom role nobody holds.
    ///
    /// # Errors
    /// - `NotFound` (entity "role") when there is no such role;
    /// - `Invalid` (entity "role") for a built-in role;
    /// - `Conflict` (entity "role", constraint `role_in_use`) while a user holds it or an
    ///   invitation grants it (take it away first: deleting it would silently change access).
    async fn delete_role(&self, role: &RoleKey) -> Result<(), RepoError>;

    /// The permissions role `role` is made of.
    ///
    /// # Errors
    /// - `NotFound` (entity "role") when there is no such role.
    async fn role_permissions(&self, role: &RoleKey) -> Result<PermissionSet, RepoError>;

    /// Grants or denies one permission to `user` on the override's account (`None`: on every
    /// account). Upsert: an override of the same permission on the same scope is replaced.
    ///
    /// # Errors
    /// - `MissingReference` (entity "user" or "account") when one does not exist.
    async fn set_override(
        &self,
        user: AppUserId,
        grant: &PermissionOverride,
    ) -> Result<(), RepoError>;

    /// Removes `user`'s override of `permission` on `account` (`None`: the global one);
    /// `false` when there was none.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn remove_override(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        permission: Permission,
    ) -> Result<bool, RepoError>;

    /// Deletes `user`: role assignments, overrides and the user, in one transaction; returns
    /// the deleted user (its identity is for the caller to delete at the identity provider).
    /// Invitations the user sent stay, without an inviter.
    ///
    /// # Errors
    /// - `NotFound` (entity "user") when there is no such user.
    async fn delete_user(&self, user: AppUserId) -> Result<AppUser, RepoError>;

    /// Records an invitation, pending until `expires_at`. A pending invitation of the same
    /// email that has expired is marked expired first.
    ///
    /// # Errors
    /// - `Conflict` (entity "invitation") when a pending, unexpired invitation exists for the
    ///   email (case-insensitively);
    /// - `Conflict` (entity "user") when a user with the email is already linked to an identity
    ///   (they would never accept it);
    /// - `MissingReference` (entity "account", "role" or "user") when a granted account or
    ///   role, or the inviter, does not exist.
    async fn create_invitation(
        &self,
        invitation: NewInvitation,
    ) -> Result<InvitationRecord, RepoError>;

    /// The invitation `id`; a pending one past its expiry reads as `Expired`.
    ///
    /// # Errors
    /// - `NotFound` (entity "invitation") when there is none.
    async fn invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError>;

    /// Invitations newest first (by id), at most `limit`, before `before` when given, in
    /// `state` when given (a pending one past its expiry counts as `Expired`). `All`: every
    /// invitation; `Only(accounts)`: those granting a role on one of `accounts`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list_invitations(
        &self,
        scope: &AccountScope,
        state: Option<InvitationState>,
        before: Option<InvitationId>,
        limit: PageLimit,
    ) -> Result<Vec<InvitationRecord>, RepoError>;

    /// Withdraws a pending invitation (expired or not): it can no longer be accepted. Revoking
    /// a revoked invitation returns it unchanged.
    ///
    /// # Errors
    /// - `NotFound` (entity "invitation") when there is none;
    /// - `Conflict` (entity "invitation") when it was already accepted.
    async fn revoke_invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError>;

    /// Sets `user`'s display name (`None` clears it) and returns the updated user.
    ///
    /// # Errors
    /// - `NotFound` (entity "user") when there is no such user.
    async fn update_profile(
        &self,
        user: AppUserId,
        display_name: Option<String>,
    ) -> Result<AppUser, RepoError>;

    /// Sets where `user`'s profile picture is kept in the media store (`None` clears it) and
    /// returns the updated user.
    ///
    /// # Errors
    /// - `NotFound` (entity "user") when there is no such user.
    async fn set_avatar(
        &self,
        user: AppUserId,
        avatar_key: Option<String>,
    ) -> Result<AppUser, RepoError>;
}
