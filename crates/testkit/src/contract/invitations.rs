//! The `AccessRepo` contract, invitations: recording, reading, listing, revoking, and their
//! acceptance at first sign-in (`claim_identity`).

use inbox_domain::access::{
    AccountScope, InvitationGrant, InvitationRecord, InvitationState, NewInvitation,
};
use inbox_domain::ids::InvitationId;
use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, AppUserId, PageLimit};
use time::{Duration, OffsetDateTime};

use super::fixtures::{Must, account, assert_conflict, assert_missing_reference, assert_not_found};
use super::user_admin::{email, identity, role, user};

super::cases![
    create_invitation_records_a_pending_invitation,
    create_invitation_while_one_is_pending_for_the_email_in_any_case_is_a_conflict,
    create_invitation_after_an_expired_one_marks_it_expired,
    create_invitation_for_a_linked_user_is_a_user_conflict,
    create_invitation_with_an_unknown_role_account_or_inviter_is_a_missing_reference,
    invitation_past_its_expiry_reads_expired_and_an_unknown_one_is_not_found,
    list_invitations_is_newest_first_by_state_scope_and_before,
    revoke_invitation_withdraws_it_and_repeating_changes_nothing,
    revoke_invitation_of_an_accepted_or_unknown_one_is_refused,
    claim_identity_accepts_an_invitation_creating_the_user_with_its_roles,
    claim_identity_accepts_an_invitation_for_an_unlinked_user,
    claim_identity_ignores_expired_and_revoked_invitations,
];

fn in_hours(hours: i64) -> OffsetDateTime {
    OffsetDateTime::now_utc() + Duration::hours(hours)
}

fn on(account: Option<AccountId>, key: &str) -> InvitationGrant {
    InvitationGrant {
        account,
        role: role(key),
    }
}

fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "page limit")
}

async fn invite(
    s: &Storage,
    to: &str,
    grants: Vec<InvitationGrant>,
    hours: i64,
) -> InvitationRecord {
    let new = NewInvitation::new(to, grants, in_hours(hours), None).must("fixture", "new");
    s.access
        .create_invitation(new)
        .await
        .must("fixture", "create invitation")
}

/// "Records an invitation, pending until `expires_at`."
async fn create_invitation_records_a_pending_invitation(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let inviter = user(&s, None).await;
    let grants = vec![on(Some(owner.id), "agent"), on(None, "viewer")];
    let new = NewInvitation::new(&email(), grants.clone(), in_hours(24), Some(inviter.id))
        .must(case, "new");
    let created = s
        .access
        .create_invitation(new.clone())
        .await
        .must(case, "create");
    assert_eq!(created.id, new.id, "{case}: id");
    assert_eq!(created.state, InvitationState::Pending, "{case}: state");
    assert_eq!(created.grants, grants, "{case}: grants");
    assert_eq!(created.invited_by, Some(inviter.id), "{case}: inviter");
    assert_eq!(created.accepted_at, None, "{case}: not accepted");
    let read = s.access.invitation(new.id).await.must(case, "read");
    assert_eq!(read, created, "{case}: reads back the same");
}

/// "`Conflict` (entity "invitation") when a pending, unexpired invitation exists for the email"
async fn create_invitation_while_one_is_pending_for_the_email_in_any_case_is_a_conflict(
    case: &'static str,
    s: Storage,
) {
    let to = email();
    invite(&s, &to, vec![on(None, "viewer")], 24).await;
    let again = NewInvitation::new(
        &to.to_uppercase(),
        vec![on(None, "agent")],
        in_hours(1),
        None,
    )
    .must(case, "new");
    assert_conflict(case, "invitation", s.access.create_invitation(again).await);
}

/// "A pending invitation of the same email that has expired is marked expired first."
async fn create_invitation_after_an_expired_one_marks_it_expired(case: &'static str, s: Storage) {
    let to = email();
    let old = invite(&s, &to, vec![on(None, "viewer")], -1).await;
    let new = invite(&s, &to, vec![on(None, "agent")], 24).await;
    assert_eq!(new.state, InvitationState::Pending, "{case}: the new one");
    let old = s.access.invitation(old.id).await.must(case, "old");
    assert_eq!(old.state, InvitationState::Expired, "{case}: the old one");
}

/// "`Conflict` (entity "user") when a user with the email is already linked to an identity"
async fn create_invitation_for_a_linked_user_is_a_user_conflict(case: &'static str, s: Storage) {
    let linked = user(&s, Some(identity())).await;
    let new = NewInvitation::new(&linked.email, vec![on(None, "agent")], in_hours(1), None)
        .must(case, "new");
    assert_conflict(case, "user", s.access.create_invitation(new).await);
    let unlinked = user(&s, None).await;
    let new = NewInvitation::new(&unlinked.email, vec![on(None, "agent")], in_hours(1), None)
        .must(case, "new");
    s.access
        .create_invitation(new)
        .await
        .must(case, "an unlinked user may be invited");
}

/// "`MissingReference` (entity "account", "role" or "user") when a granted account or role, or
/// the inviter, does not exist."
async fn create_invitation_with_an_unknown_role_account_or_inviter_is_a_missing_reference(
    case: &'static str,
    s: Storage,
) {
    let attempt = |grants, inviter: Option<AppUserId>| {
        NewInvitation::new(&email(), grants, in_hours(1), inviter).must(case, "new")
    };
    let access = &s.access;
    let unknown_role = attempt(vec![on(None, "no_such_role")], None);
    assert_missing_reference(case, "role", access.create_invitation(unknown_role).await);
    let unknown_account = attempt(vec![on(Some(AccountId::generate()), "agent")], None);
    assert_missing_reference(
        case,
        "account",
        access.create_invitation(unknown_account).await,
    );
    let unknown_inviter = attempt(vec![on(None, "agent")], Some(AppUserId::generate()));
    assert_missing_reference(
        case,
        "user",
        access.create_invitation(unknown_inviter).await,
    );
}

/// "a pending one past its expiry reads as `Expired`." / "`NotFound` (entity "invitation")"
async fn invitation_past_its_expiry_reads_expired_and_an_unknown_one_is_not_found(
    case: &'static str,
    s: Storage,
) {
    let expired = invite(&s, &email(), vec![on(None, "viewer")], -1).await;
    assert_eq!(expired.state, InvitationState::Expired, "{case}: on create");
    let read = s.access.invitation(expired.id).await.must(case, "read");
    assert_eq!(read.state, InvitationState::Expired, "{case}: on read");
    assert_not_found(
        case,
        "invitation",
        s.access.invitation(InvitationId::generate()).await,
    );
}

/// "Invitations newest first (by id), at most `limit`, before `before` when given, in `state`
/// when given ... `Only(accounts)`: those granting a role on one of `accounts`."
async fn list_invitations_is_newest_first_by_state_scope_and_before(
    case: &'static str,
    s: Storage,
) {
    let (a, b) = (account(&s).await, account(&s).await);
    let first = invite(&s, &email(), vec![on(Some(a.id), "agent")], 24).await;
    let second = invite(&s, &email(), vec![on(Some(b.id), "agent")], 24).await;
    let third = invite(&s, &email(), vec![on(Some(a.id), "viewer")], -1).await;
    let list = |scope: AccountScope, state, before, n| {
        let access = s.access.clone();
        async move {
            let got = access
                .list_invitations(&scope, state, before, limit(n))
                .await
                .must(case, "list");
            got.into_iter().map(|i| i.id).collect::<Vec<_>>()
        }
    };
    let only_a = AccountScope::Only(vec![a.id]);
    assert_eq!(
        list(only_a.clone(), None, None, 100).await,
        vec![third.id, first.id],
        "{case}: newest first, on a"
    );
    assert_eq!(
        list(only_a.clone(), Some(InvitationState::Pending), None, 100).await,
        vec![first.id],
        "{case}: the expired one is not pending"
    );
    assert_eq!(
        list(only_a.clone(), Some(InvitationState::Expired), None, 100).await,
        vec![third.id],
        "{case}: the expired one"
    );
    assert_eq!(
        list(only_a, None, Some(third.id), 1).await,
        vec![first.id],
        "{case}: before"
    );
    let all = list(AccountScope::All, None, None, 100).await;
    assert!(
        [first.id, second.id, third.id]
            .iter()
            .all(|id| all.contains(id)),
        "{case}: every invitation"
    );
}

/// "Withdraws a pending invitation (expired or not) ... Revoking a revoked invitation returns it
/// unchanged."
async fn revoke_invitation_withdraws_it_and_repeating_changes_nothing(
    case: &'static str,
    s: Storage,
) {
    for hours in [24, -1] {
        let created = invite(&s, &email(), vec![on(None, "viewer")], hours).await;
        let revoked = s
            .access
            .revoke_invitation(created.id)
            .await
            .must(case, "revoke");
        assert_eq!(revoked.state, InvitationState::Revoked, "{case}: {hours}h");
        let again = s
            .access
            .revoke_invitation(created.id)
            .await
            .must(case, "again");
        assert_eq!(again, revoked, "{case}: unchanged");
    }
}

/// "`NotFound` (entity "invitation") when there is none; `Conflict` ... when it was already
/// accepted."
async fn revoke_invitation_of_an_accepted_or_unknown_one_is_refused(
    case: &'static str,
    s: Storage,
) {
    let to = email();
    let created = invite(&s, &to, vec![on(None, "viewer")], 24).await;
    s.access
        .claim_identity(identity(), &to, AppUserId::generate())
        .await
        .must(case, "accept");
    assert_conflict(
        case,
        "invitation",
        s.access.revoke_invitation(created.id).await,
    );
    assert_not_found(
        case,
        "invitation",
        s.access.revoke_invitation(InvitationId::generate()).await,
    );
}

/// "a pending, unexpired invitation for the email is accepted (creating the user with id
/// `new_user` when there is none, granting the invitation's roles ...)"
async fn claim_identity_accepts_an_invitation_creating_the_user_with_its_roles(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let to = email();
    let created = invite(
        &s,
        &to,
        vec![on(Some(owner.id), "agent"), on(None, "viewer")],
        24,
    )
    .await;
    let (who, new_user) = (identity(), AppUserId::generate());
    let claimed = s
        .access
        .claim_identity(who, &to.to_uppercase(), new_user)
        .await
        .must(case, "claim")
        .must(case, "the invited user");
    assert_eq!(claimed.user.id, new_user, "{case}: the new user's id");
    assert_eq!(claimed.user.identity, Some(who), "{case}: linked");
    let mut grants: Vec<(Option<AccountId>, String)> = claimed
        .roles
        .iter()
        .map(|g| (g.account, g.role.to_string()))
        .collect();
    grants.sort();
    assert_eq!(
        grants,
        vec![
            (None, "viewer".to_owned()),
            (Some(owner.id), "agent".to_owned())
        ],
        "{case}: the invitation's roles"
    );
    let accepted = s.access.invitation(created.id).await.must(case, "read");
    assert_eq!(
        accepted.state,
        InvitationState::Accepted,
        "{case}: accepted"
    );
    assert_eq!(accepted.identity, Some(who), "{case}: by the identity");
    assert!(accepted.accepted_at.is_some(), "{case}: when");
}

/// "an unlinked user whose email matches ... takes the identity; a pending, unexpired
/// invitation for the email is accepted" (granting its roles to that user).
async fn claim_identity_accepts_an_invitation_for_an_unlinked_user(case: &'static str, s: Storage) {
    let existing = user(&s, None).await;
    let owner = account(&s).await;
    invite(&s, &existing.email, vec![on(Some(owner.id), "agent")], 24).await;
    let claimed = s
        .access
        .claim_identity(identity(), &existing.email, AppUserId::generate())
        .await
        .must(case, "claim")
        .must(case, "the user");
    assert_eq!(claimed.user.id, existing.id, "{case}: the existing user");
    assert_eq!(claimed.roles.len(), 1, "{case}: with the invited role");
}

/// "a pending, unexpired invitation" — expired and revoked ones are never accepted.
async fn claim_identity_ignores_expired_and_revoked_invitations(case: &'static str, s: Storage) {
    let expired = email();
    invite(&s, &expired, vec![on(None, "agent")], -1).await;
    let revoked = email();
    let created = invite(&s, &revoked, vec![on(None, "agent")], 24).await;
    s.access
        .revoke_invitation(created.id)
        .await
        .must(case, "revoke");
    for to in [expired, revoked] {
        let claimed = s
            .access
            .claim_identity(identity(), &to, AppUserId::generate())
            .await
            .must(case, "claim");
        assert!(claimed.is_none(), "{case}: {claimed:?}");
    }
}
