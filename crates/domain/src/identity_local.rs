//! The identity provider of an installation without Supabase: identities are local (minted by
//! `inboxd`), so there is nobody to send mail or keep accounts elsewhere.
//!
//! What it does, honestly:
//! - `invite` sends no mail and creates nothing: it answers a fresh, unconfirmed identity so
//!   the caller's flow goes on. The invitation that matters is the one `AccessRepo` recorded;
//!   it is accepted at the first sign-in of a token for the invited email
//!   (`inboxd token --email ...` mints one).
//! - `get` and `delete` answer `NotFound` (no identity is kept here: deleting the app user
//!   is all there is to do), `find_by_email` answers `None`, `list` an empty page.

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::identity::IdentityId;
use crate::identity_admin::{IdentityPage, IdentityPageRequest, IdentityRecord, Invitation};
use crate::ports::{IdentityError, IdentityProvider};

/// The identity provider without Supabase (see the module documentation).
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalIdentityProvider;

#[async_trait]
impl IdentityProvider for LocalIdentityProvider {
    fn backend(&self) -> &'static str {
        "local"
    }

    async fn ping(&self) -> Result<(), IdentityError> {
        Ok(())
    }

    async fn invite(&self, invitation: &Invitation) -> Result<IdentityRecord, IdentityError> {
        let now = OffsetDateTime::now_utc();
        Ok(IdentityRecord {
            id: IdentityId::from_uuid(Uuid::new_v4()),
            email: Some(invitation.email().to_owned()),
            created_at: now,
            invited_at: Some(now),
            confirmed_at: None,
            last_sign_in_at: None,
        })
    }

    async fn get(&self, _id: IdentityId) -> Result<IdentityRecord, IdentityError> {
        Err(IdentityError::NotFound)
    }

    async fn find_by_email(&self, _email: &str) -> Result<Option<IdentityRecord>, IdentityError> {
        Ok(None)
    }

    async fn list(&self, _page: IdentityPageRequest) -> Result<IdentityPage, IdentityError> {
        Ok(IdentityPage {
            identities: Vec::new(),
            total: 0,
            next_page: None,
        })
    }

    async fn delete(&self, _id: IdentityId) -> Result<(), IdentityError> {
        Err(IdentityError::NotFound)
    }
}
