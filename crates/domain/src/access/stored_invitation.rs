//! The JSON form of an invitation, as the SQL function `inbox_invitation_json` returns it; both
//! storage adapters read it (directly, or through PostgREST's `/rpc/`).

use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::{InvitationGrant, InvitationRecord, InvitationState};
use crate::error::ValidationError;
use crate::identity::IdentityId;
use crate::ids::{AccountId, AppUserId, InvitationId};

#[derive(Deserialize)]
struct StoredInvitation {
    id: Uuid,
    email: String,
    grants: Vec<StoredGrant>,
    state: InvitationState,
    invited_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    accepted_at: Option<OffsetDateTime>,
    identity_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

#[derive(Deserialize)]
struct StoredGrant {
    account_id: Option<Uuid>,
    role: String,
}

/// Reads the JSON of `inbox_invitation_json`.
///
/// # Errors
/// `invitation` when the document does not have that shape; `role` for an invalid role key
/// (a broken schema, never the caller's input).
pub fn decode_invitation(json: serde_json::Value) -> Result<InvitationRecord, ValidationError> {
    let stored: StoredInvitation = serde_json::from_value(json)
        .map_err(|e| ValidationError::new("invitation", e.to_string()))?;
    let grants = stored
        .grants
        .into_iter()
        .map(|g| {
            Ok(InvitationGrant {
                account: g.account_id.map(AccountId::from_uuid),
                role: g.role.parse()?,
            })
        })
        .collect::<Result<Vec<_>, ValidationError>>()?;
    Ok(InvitationRecord {
        id: InvitationId::from_uuid(stored.id),
        email: stored.email,
        grants,
        state: stored.state,
        invited_by: stored.invited_by.map(AppUserId::from_uuid),
        expires_at: stored.expires_at,
        accepted_at: stored.accepted_at,
        identity: stored.identity_id.map(IdentityId::from_uuid),
        created_at: stored.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_shape() {
        let account = Uuid::now_v7();
        let invitation = decode_invitation(json!({
            "id": Uuid::now_v7(), "email": "a@b.c",
            "grants": [{"account_id": account, "role": "agent"}, {"account_id": null, "role": "viewer"}],
            "state": "pending", "invited_by": null,
            "expires_at": "2026-11-26T01:02:03.123456+00:00", "accepted_at": null,
            "identity_id": null, "created_at": "2026-11-20T01:02:03+00:00"
        }))
        .unwrap();
        assert_eq!(invitation.state, InvitationState::Pending);
        assert_eq!(
            invitation.grants[0].account,
            Some(AccountId::from_uuid(account))
        );
        assert_eq!(invitation.grants[1].account, None);
    }
}
