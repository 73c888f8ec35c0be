//! Invitations in memory, as the `invitations` table and the invitation functions of
//! `migrations/V11__user_admin.sql` keep them.

use inbox_domain::access::{AccountScope, InvitationRecord, InvitationState, NewInvitation};
use inbox_domain::ids::InvitationId;
use inbox_domain::{PageLimit, RepoError};

use crate::access::AccessTables;
use crate::clock::{now, stored};
use crate::state::State;

/// An invitation as read: a pending one past its expiry is expired.
fn as_read(invitation: &InvitationRecord) -> InvitationRecord {
    let mut read = invitation.clone();
    if read.state == InvitationState::Pending && read.expires_at <= now() {
        read.state = InvitationState::Expired;
    }
    read
}

impl AccessTables {
    /// `inbox_invitation`.
    pub(crate) fn invitation(&self, id: InvitationId) -> Option<InvitationRecord> {
        self.invitations.get(&id).map(as_read)
    }

    /// `inbox_list_invitations`.
    pub(crate) fn list_invitations(
        &self,
        scope: &AccountScope,
        state: Option<InvitationState>,
        before: Option<InvitationId>,
        limit: PageLimit,
    ) -> Vec<InvitationRecord> {
        let upper = before.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
        self.invitations
            .range((std::ops::Bound::Unbounded, upper))
            .rev()
            .map(|(_, invitation)| as_read(invitation))
            .filter(|i| state.is_none_or(|state| i.state == state))
            .filter(|i| match scope {
                AccountScope::All => true,
                AccountScope::Only(accounts) => i
                    .grants
                    .iter()
                    .any(|g| g.account.is_some_and(|a| accounts.contains(&a))),
            })
            .take(usize::from(limit.get()))
            .collect()
    }

    /// `inbox_revoke_invitation`.
    pub(crate) fn revoke_invitation(
        &mut self,
        id: InvitationId,
    ) -> Result<InvitationRecord, RepoError> {
        let invitation = self
            .invitations
            .get_mut(&id)
            .ok_or(RepoError::not_found("invitation"))?;
        match invitation.state {
            InvitationState::Accepted => {
                return Err(RepoError::Conflict {
                    entity: "invitation",
                    constraint: "invitations_already_accepted".to_owned(),
                });
            }
            InvitationState::Pending | InvitationState::Expired => {
                invitation.state = InvitationState::Revoked;
            }
            InvitationState::Revoked => {}
        }
        Ok(as_read(invitation))
    }
}

impl State {
    /// `inbox_create_invitation`.
    pub(crate) fn create_invitation(
        &mut self,
        new: NewInvitation,
    ) -> Result<InvitationRecord, RepoError> {
        let now = now();
        let same_email = |i: &InvitationRecord| i.email.eq_ignore_ascii_case(&new.email);
        for invitation in self.access.invitations.values_mut() {
            if same_email(invitation)
                && invitation.state == InvitationState::Pending
                && invitation.expires_at <= now
            {
                invitation.state = InvitationState::Expired;
            }
        }
        let linked = self
            .access
            .users
            .values()
            .any(|u| u.identity.is_some() && u.email.eq_ignore_ascii_case(&new.email));
        if linked {
            return Err(RepoError::Conflict {
                entity: "user",
                constraint: "app_users_email_key".to_owned(),
            });
        }
        if new
            .grants
            .iter()
            .any(|g| !self.access.roles.contains_key(&g.role))
        {
            return Err(RepoError::MissingReference { entity: "role" });
        }
        if new
            .grants
            .iter()
            .any(|g| g.account.is_some_and(|a| !self.accounts.contains_key(&a)))
        {
            return Err(RepoError::MissingReference { entity: "account" });
        }
        let pending = self
            .access
            .invitations
            .values()
            .any(|i| same_email(i) && i.state == InvitationState::Pending);
        if pending {
            return Err(RepoError::Conflict {
                entity: "invitation",
                constraint: "invitations_pending_email_key".to_owned(),
            });
        }
        if new
            .invited_by
            .is_some_and(|u| !self.access.users.contains_key(&u))
        {
            return Err(RepoError::MissingReference { entity: "user" });
        }
        let record = InvitationRecord {
            id: new.id,
            email: new.email,
            grants: new.grants,
            state: InvitationState::Pending,
            invited_by: new.invited_by,
            expires_at: stored(new.expires_at),
            accepted_at: None,
            identity: None,
            created_at: now,
        };
        self.access.invitations.insert(record.id, record.clone());
        Ok(as_read(&record))
    }
}
