//! What only SQL can set up: an invitation whose account was deleted before it was accepted.

use inbox_domain::access::{InvitationGrant, InvitationState, NewInvitation};
use inbox_domain::{AppUserId, IdentityId};
use inbox_postgres::PoolMode;
use inbox_testkit::contract::fixtures::new_account;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::support::Harness;

#[tokio::test]
async fn accepting_an_invitation_skips_accounts_deleted_since() {
    let h = Harness::new(PoolMode::Session).await;
    let kept = h.storage.accounts.create(new_account()).await.unwrap();
    let gone = h.storage.accounts.create(new_account()).await.unwrap();
    let email = format!("late-{}@example.com", Uuid::new_v4().simple());
    let grant = |account, role: &str| InvitationGrant {
        account: Some(account),
        role: role.parse().unwrap(),
    };
    let grants = vec![grant(kept.id, "agent"), grant(gone.id, "admin")];
    let expires = OffsetDateTime::now_utc() + Duration::hours(1);
    let new = NewInvitation::new(&email, grants, expires, None).unwrap();
    let invitation = h.storage.access.create_invitation(new).await.unwrap();
    h.direct()
        .await
        .execute("DELETE FROM accounts WHERE id = $1", &[&gone.id.as_uuid()])
        .await
        .unwrap();

    let record = h
        .storage
        .access
        .claim_identity(
            IdentityId::from_uuid(Uuid::new_v4()),
            &email,
            AppUserId::generate(),
        )
        .await
        .unwrap()
        .expect("the invitation is accepted");
    let accounts: Vec<_> = record.roles.iter().map(|g| g.account).collect();
    assert_eq!(
        accounts,
        vec![Some(kept.id)],
        "only the account that still exists"
    );
    let accepted = h.storage.access.invitation(invitation.id).await.unwrap();
    assert_eq!(accepted.state, InvitationState::Accepted);
}
