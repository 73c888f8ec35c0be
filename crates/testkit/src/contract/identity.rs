//! The `IdentityProvider` contract: invitations, look-ups, pages and deletion.
//!
//! Run it with [`super::identity_contract`], a factory yielding an [`IdentityWorld`]: the
//! provider under test and a [`IdentityBackdoor`] that plays the invited person (accepting an
//! invitation happens in a browser, outside the port). Emails are random, and no case assumes
//! the provider holds no one else.

use std::sync::Arc;

use uuid::Uuid;

use inbox_domain::IdentityId;
use inbox_domain::identity_admin::{IdentityPageRequest, IdentityRecord, Invitation};
use inbox_domain::ports::{IdentityError, IdentityProvider};

use super::fixtures::Must;
use super::port_case::{Fixture, port_cases};
use crate::fake_auth::FakeSupabaseAuth;

/// What the person on the other side of an invitation does, for the cases to set up states the
/// port cannot reach.
pub trait IdentityBackdoor: Send + Sync {
    /// Marks the identity as having accepted its invitation; false when unknown.
    fn accept_invitation(&self, id: IdentityId) -> bool;
}

impl IdentityBackdoor for FakeSupabaseAuth {
    fn accept_invitation(&self, id: IdentityId) -> bool {
        self.accept_invite(id.as_uuid())
    }
}

/// The fixture of an identity case.
#[derive(Clone)]
pub struct IdentityWorld {
    /// The adapter under test.
    pub provider: Arc<dyn IdentityProvider>,
    /// The provider's other side.
    pub backdoor: Arc<dyn IdentityBackdoor>,
}

impl Fixture<IdentityWorld> for IdentityWorld {
    fn fixture(&self) -> IdentityWorld {
        self.clone()
    }
}

impl<G: Send> Fixture<IdentityWorld> for (IdentityWorld, G) {
    fn fixture(&self) -> IdentityWorld {
        self.0.clone()
    }
}

port_cases![IdentityWorld;
    ping_succeeds_on_a_working_provider,
    invite_returns_a_pending_identity,
    invite_again_while_pending_returns_the_same_identity,
    invite_of_a_confirmed_email_already_exists,
    get_returns_the_identity_as_invited,
    get_of_an_unknown_id_is_not_found,
    find_by_email_ignores_case,
    find_by_email_matches_the_whole_address_only,
    find_by_email_of_an_unknown_address_is_none,
    find_by_email_of_an_invalid_address_is_rejected,
    list_pages_newest_first_with_the_total,
    delete_removes_the_identity,
    delete_of_an_unknown_id_is_not_found,
];

/// A random address that no other case uses.
fn email(prefix: &str) -> String {
    format!("{prefix}-{}@contract.example.test", Uuid::new_v4().simple())
}

fn invitation(email: &str) -> Invitation {
    Invitation::new(email).must("fixture", "a generated email is valid")
}

fn assert_not_found<T: std::fmt::Debug>(case: &str, what: &str, result: Result<T, IdentityError>) {
    match result {
        Err(IdentityError::NotFound) => {}
        other => panic!("{case}: {what} must be NotFound, got {other:?}"),
    }
}

/// Asserts that two reads of one identity agree on every field.
fn assert_same(case: &str, what: &str, got: &IdentityRecord, want: &IdentityRecord) {
    assert_eq!(got.id, want.id, "{case}: {what}: id");
    assert_eq!(got.email, want.email, "{case}: {what}: email");
    assert_eq!(
        got.created_at, want.created_at,
        "{case}: {what}: created_at"
    );
    assert_eq!(
        got.invited_at, want.invited_at,
        "{case}: {what}: invited_at"
    );
    assert_eq!(
        got.confirmed_at, want.confirmed_at,
        "{case}: {what}: confirmed_at"
    );
}

/// "One cheap round trip to the provider."
async fn ping_succeeds_on_a_working_provider(case: &'static str, w: IdentityWorld) {
    w.provider.ping().await.must(case, "ping");
    assert!(
        !w.provider.backend().is_empty(),
        "{case}: backend names the provider"
    );
}

/// "returns the identity with `invited_at` set and `confirmed_at` unset."
async fn invite_returns_a_pending_identity(case: &'static str, w: IdentityWorld) {
    let address = email("Invited").to_uppercase();
    let invited = w
        .provider
        .invite(&invitation(&address))
        .await
        .must(case, "invite");
    assert_eq!(
        invited.email.as_deref(),
        Some(address.to_lowercase().as_str()),
        "{case}: the email, lower-cased"
    );
    assert!(invited.invited_at.is_some(), "{case}: invited_at is set");
    assert!(
        invited.confirmed_at.is_none(),
        "{case}: confirmed_at is unset"
    );
    assert!(invited.last_sign_in_at.is_none(), "{case}: never signed in");
    assert!(invited.is_pending_invitation(), "{case}: pending");
}

/// "Inviting an email whose invitation is still pending sends it again and returns the same
/// identity (same id)."
async fn invite_again_while_pending_returns_the_same_identity(
    case: &'static str,
    w: IdentityWorld,
) {
    let request = invitation(&email("again"));
    let first = w.provider.invite(&request).await.must(case, "first invite");
    let second = w
        .provider
        .invite(&request)
        .await
        .must(case, "second invite");
    assert_eq!(second.id, first.id, "{case}: same identity");
    assert!(second.is_pending_invitation(), "{case}: still pending");
}

/// "`AlreadyExists` when an identity with this email has confirmed (accepted or signed up)."
async fn invite_of_a_confirmed_email_already_exists(case: &'static str, w: IdentityWorld) {
    let request = invitation(&email("accepted"));
    let invited = w.provider.invite(&request).await.must(case, "invite");
    assert!(w.backdoor.accept_invitation(invited.id), "{case}: accept");
    match w.provider.invite(&request).await {
        Err(IdentityError::AlreadyExists) => {}
        other => panic!("{case}: a second invite must be AlreadyExists, got {other:?}"),
    }
    let read = w.provider.get(invited.id).await.must(case, "get");
    assert!(
        read.confirmed_at.is_some(),
        "{case}: confirmed_at is set once accepted"
    );
    assert!(!read.is_pending_invitation(), "{case}: no longer pending");
}

/// "The identity with this id."
async fn get_returns_the_identity_as_invited(case: &'static str, w: IdentityWorld) {
    let invited = w
        .provider
        .invite(&invitation(&email("get")))
        .await
        .must(case, "invite");
    let read = w.provider.get(invited.id).await.must(case, "get");
    assert_same(case, "get", &read, &invited);
}

/// "`NotFound` when there is none."
async fn get_of_an_unknown_id_is_not_found(case: &'static str, w: IdentityWorld) {
    let unknown = IdentityId::from_uuid(Uuid::new_v4());
    assert_not_found(case, "get", w.provider.get(unknown).await);
}

/// "compared case-insensitively"
async fn find_by_email_ignores_case(case: &'static str, w: IdentityWorld) {
    let address = email("case");
    let invited = w
        .provider
        .invite(&invitation(&address))
        .await
        .must(case, "invite");
    let found = w
        .provider
        .find_by_email(&address.to_uppercase())
        .await
        .must(case, "find_by_email")
        .must(case, "find_by_email in upper case");
    assert_same(case, "find_by_email", &found, &invited);
}

/// "The identity whose email is exactly `email`": not one that merely contains it.
async fn find_by_email_matches_the_whole_address_only(case: &'static str, w: IdentityWorld) {
    let address = email("whole");
    let longer = format!("x{address}");
    // GoTrue's `filter` is a LIKE pattern: `_` matches the `-`, so this finds both on the wire.
    let lookalike = address.replacen('-', "_", 1);
    let longer = w
        .provider
        .invite(&invitation(&longer))
        .await
        .must(case, "invite longer");
    let exact = w
        .provider
        .invite(&invitation(&address))
        .await
        .must(case, "invite exact");
    let found = w
        .provider
        .find_by_email(&address)
        .await
        .must(case, "find_by_email")
        .must(case, "find_by_email of the exact address");
    assert_eq!(
        found.id, exact.id,
        "{case}: the exact match, not {}",
        longer.id
    );
    let none = w
        .provider
        .find_by_email(&lookalike)
        .await
        .must(case, "find_by_email of a lookalike");
    assert!(none.is_none(), "{case}: '_' and '-' are not wildcards");
}

/// "or `None`."
async fn find_by_email_of_an_unknown_address_is_none(case: &'static str, w: IdentityWorld) {
    let found = w
        .provider
        .find_by_email(&email("nobody"))
        .await
        .must(case, "find_by_email");
    assert!(found.is_none(), "{case}: nobody has this address");
}

/// "`Rejected` (field `email`) when `email` is not an address like `name@example.com`."
async fn find_by_email_of_an_invalid_address_is_rejected(case: &'static str, w: IdentityWorld) {
    for bad in ["", "no-at-sign", "two words@example.test"] {
        match w.provider.find_by_email(bad).await {
            Err(IdentityError::Rejected(err)) => {
                assert_eq!(err.field, "email", "{case}: {bad:?} names the field");
            }
            other => panic!("{case}: {bad:?} must be Rejected, got {other:?}"),
        }
    }
}

/// "One page of every identity, newest first, with the total count."
async fn list_pages_newest_first_with_the_total(case: &'static str, w: IdentityWorld) {
    let mut invited = Vec::new();
    for n in 0..3 {
        let record = w
            .provider
            .invite(&invitation(&email(&format!("page{n}"))))
            .await
            .must(case, "invite");
        invited.push(record.id);
    }
    let mut request = Some(IdentityPageRequest::new(1, 2).must(case, "first page"));
    let mut seen = Vec::new();
    let mut total = None;
    while let Some(page_request) = request {
        let page = w.provider.list(page_request).await.must(case, "list");
        assert!(
            page.identities.len() <= 2,
            "{case}: at most per_page identities"
        );
        assert!(
            page.next_page
                .is_none_or(|next| next.page() == page_request.page() + 1 && next.per_page() == 2),
            "{case}: the next page follows this one"
        );
        total = Some(page.total);
        seen.extend(page.identities.iter().map(|identity| identity.id));
        request = page.next_page;
        assert!(seen.len() <= 10_000, "{case}: paging ends");
    }
    let total = total.must(case, "at least one page");
    assert!(
        total >= 3 && total == seen.len() as u64,
        "{case}: total {total} counts every page"
    );
    let ours: Vec<IdentityId> = seen.into_iter().filter(|id| invited.contains(id)).collect();
    let newest_first: Vec<IdentityId> = invited.iter().rev().copied().collect();
    assert_eq!(ours, newest_first, "{case}: each once, newest first");
}

/// "Deletes the identity for good."
async fn delete_removes_the_identity(case: &'static str, w: IdentityWorld) {
    let address = email("deleted");
    let invited = w
        .provider
        .invite(&invitation(&address))
        .await
        .must(case, "invite");
    w.provider.delete(invited.id).await.must(case, "delete");
    assert_not_found(case, "get after delete", w.provider.get(invited.id).await);
    let found = w
        .provider
        .find_by_email(&address)
        .await
        .must(case, "find_by_email after delete");
    assert!(found.is_none(), "{case}: the email is free again");
    assert_not_found(case, "a second delete", w.provider.delete(invited.id).await);
}

/// "`NotFound` when there is no such identity."
async fn delete_of_an_unknown_id_is_not_found(case: &'static str, w: IdentityWorld) {
    let unknown = IdentityId::from_uuid(Uuid::new_v4());
    assert_not_found(case, "delete", w.provider.delete(unknown).await);
}
