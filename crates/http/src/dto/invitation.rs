//! Invitation bodies: the request to invite someone, an invitation, a page of them.

use inbox_domain::access::{InvitationGrant, InvitationRecord, InvitationState};
use inbox_domain::ids::InvitationId;
use inbox_domain::{AccountId, PageLimit, ValidationError};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::admin::parse_scope;
use super::query::parse_limit;

/// Default lifetime of an invitation, in days.
pub const INVITATION_DAYS_DEFAULT: i64 = 7;
/// Longest lifetime of an invitation, in days.
pub const INVITATION_DAYS_MAX: i64 = 30;

/// A role to grant on acceptance.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GrantRequest {
    /// The account; `null` or absent: every account, present and future.
    #[schema(value_type = Option<Uuid>)]
    pub account_id: Option<String>,
    /// The role's key, e.g. `agent`.
    pub role: String,
}

/// Body of `POST /admin/invitations`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InvitationRequest {
    /// The address to invite.
    pub email: String,
    /// The roles granted when the invitation is accepted (1 to 20).
    pub grants: Vec<GrantRequest>,
    /// Days until the invitation expires, 1 to 30 (default 7).
    pub expires_in_days: Option<i64>,
    /// Where the invitation mail's link leads (must be on the provider's allow list).
    pub redirect_to: Option<String>,
}

impl InvitationRequest {
    /// The grants and the expiry, checked.
    pub fn grants_and_expiry(
        &self,
        now: OffsetDateTime,
    ) -> Result<(Vec<InvitationGrant>, OffsetDateTime), ValidationError> {
        let grants = self
            .grants
            .iter()
            .map(|g| {
                Ok(InvitationGrant {
                    account: parse_scope(g.account_id.as_deref())?,
                    role: g.role.parse()?,
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        let days = self.expires_in_days.unwrap_or(INVITATION_DAYS_DEFAULT);
        if !(1..=INVITATION_DAYS_MAX).contains(&days) {
            return Err(ValidationError::new(
                "expires_in_days",
                "must be between 1 and 30",
            ));
        }
        Ok((grants, now + Duration::days(days)))
    }
}

/// A role granted on acceptance.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantOut {
    /// The account, `null` for every account.
    pub account_id: Option<Uuid>,
    /// The role's key.
    pub role: String,
}

/// An invitation.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationResponse {
    /// Its id.
    pub id: Uuid,
    /// The invited address.
    pub email: String,
    /// The roles granted on acceptance.
    pub grants: Vec<GrantOut>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    #[schema(value_type = String)]
    pub state: InvitationState,
    /// Who invited.
    pub invited_by: Option<Uuid>,
    /// When it expires.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// When it was accepted.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub accepted_at: Option<OffsetDateTime>,
    /// When it was recorded.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<&InvitationRecord> for InvitationResponse {
    fn from(i: &InvitationRecord) -> Self {
        Self {
            id: i.id.as_uuid(),
            email: i.email.clone(),
            grants: i
                .grants
                .iter()
                .map(|g| GrantOut {
                    account_id: g.account.map(|a| a.as_uuid()),
                    role: g.role.to_string(),
                })
                .collect(),
            state: i.state,
            invited_by: i.invited_by.map(|u| u.as_uuid()),
            expires_at: i.expires_at,
            accepted_at: i.accepted_at,
            created_at: i.created_at,
        }
    }
}

/// What the identity provider did with a new invitation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InviteDelivery {
    /// The provider invited the address (Supabase sends the mail; the local provider sends
    /// none: mint a token with `inboxd token --email ...`).
    Invited,
    /// The address already has a confirmed identity: no mail; the roles are granted at that
    /// person's next first request.
    IdentityExists,
}

/// Body of `POST /admin/invitations`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedInvitationResponse {
    /// The recorded invitation.
    pub invitation: InvitationResponse,
    /// What the identity provider did.
    pub delivery: InviteDelivery,
    /// The identity provider that handled it, e.g. `supabase-auth` or `local`.
    pub provider: String,
}

/// Query of `GET /admin/invitations`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationListQuery {
    /// Only invitations granting a role on this account (default: every account the caller
    /// manages users on).
    #[param(value_type = Option<Uuid>)]
    pub account_id: Option<String>,
    /// Only invitations in this state: `pending`, `accepted`, `revoked` or `expired`.
    pub state: Option<String>,
    /// `next_before` of the previous page.
    #[param(value_type = Option<Uuid>)]
    pub before: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// What `GET /admin/invitations` asks for: account, state, position and page size.
pub type InvitationFilter = (
    Option<AccountId>,
    Option<InvitationState>,
    Option<InvitationId>,
    PageLimit,
);

impl InvitationListQuery {
    /// The filter, checked.
    pub fn try_into_domain(&self) -> Result<InvitationFilter, ValidationError> {
        let before = self
            .before
            .as_deref()
            .map(|b| {
                b.parse::<Uuid>()
                    .map(InvitationId::from_uuid)
                    .map_err(|_| ValidationError::new("before", "must be a UUID"))
            })
            .transpose()?;
        Ok((
            parse_scope(self.account_id.as_deref())?,
            self.state.as_deref().map(str::parse).transpose()?,
            before,
            parse_limit(self.limit.as_deref())?,
        ))
    }
}

/// One page of `GET /admin/invitations`.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationList {
    /// Invitations, newest first.
    pub invitations: Vec<InvitationResponse>,
    /// Pass as `before` for the next page; `null` on the last page.
    pub next_before: Option<Uuid>,
}
