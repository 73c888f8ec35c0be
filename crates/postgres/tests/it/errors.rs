//! How database errors reach callers: SQLSTATE and constraint → the domain's `RepoError`.

use inbox_domain::ports::{StatusChange, Storage};
use inbox_domain::{AccountId, ContactId, ConversationId, MessageId, MessageStatus, RepoError};
use inbox_postgres::PoolMode;
use inbox_testkit::contract::fixtures::{
    account, contact, conversation, inbound, new_account, outbound, wa_id,
};

use crate::both_modes;
use crate::support::Harness;

/// What a case expects: the variant, its entity, and the constraint for conflicts.
#[derive(Debug)]
enum Expect {
    Conflict(&'static str, &'static str),
    Missing(&'static str),
    Invalid(&'static str),
    NotFound(&'static str),
}

fn check<T: std::fmt::Debug>(case: &str, expect: Expect, result: Result<T, RepoError>) {
    let error = match result {
        Ok(value) => panic!("{case}: expected {expect:?}, got Ok({value:?})"),
        Err(error) => error,
    };
    let ok = match (&expect, &error) {
        (Expect::Conflict(e, c), RepoError::Conflict { entity, constraint }) => {
            e == entity && c == constraint
        }
        (Expect::Missing(e), RepoError::MissingReference { entity })
        | (Expect::Invalid(e), RepoError::Invalid { entity, .. })
        | (Expect::NotFound(e), RepoError::NotFound { entity }) => e == entity,
        _ => false,
    };
    assert!(ok, "{case}: expected {expect:?}, got {error:?}");
}

both_modes!(
    #[tokio::test]
    constraint_violations_map_to_conflict_missing_reference_and_invalid,
    #[tokio::test]
    unknown_ids_are_not_found,
);

async fn constraint_violations_map_to_conflict_missing_reference_and_invalid(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let s: &Storage = &h.storage;
    let owner = account(s).await;
    let thread = conversation(s).await;

    let mut same_number = new_account();
    same_number.phone_number_id = owner.phone_number_id.clone();
    let taken_number = s.accounts.create(same_number).await;
    check(
        "taken phone_number_id",
        Expect::Conflict("account", "accounts_phone_number_id_key"),
        taken_number,
    );

    let mut same_id = new_account();
    same_id.id = owner.id;
    let taken_id = s.accounts.create(same_id).await;
    check(
        "taken account id",
        Expect::Conflict("account", "accounts_pkey"),
        taken_id,
    );

    let orphan = s
        .contacts
        .upsert_by_wa_id(AccountId::generate(), &wa_id(), None)
        .await;
    check(
        "contact of an unknown account",
        Expect::Missing("account"),
        orphan,
    );

    let long_name = "N".repeat(257);
    let too_long = s
        .contacts
        .upsert_by_wa_id(owner.id, &wa_id(), Some(long_name.clone()))
        .await;
    match &too_long {
        Err(RepoError::Invalid { reason, .. }) => {
            assert!(
                !reason.contains(&long_name),
                "the reason must not quote the value: {reason}"
            )
        }
        other => panic!("overlong profile name: expected Invalid, got {other:?}"),
    }
    check(
        "overlong profile name",
        Expect::Invalid("contact"),
        too_long,
    );

    let customer = contact(s, owner.id).await;
    let unknown_account = s
        .conversations
        .open(AccountId::generate(), customer.id)
        .await;
    check(
        "open for an unknown account",
        Expect::Missing("account"),
        unknown_account,
    );
    let unknown_contact = s.conversations.open(owner.id, ContactId::generate()).await;
    check(
        "open with an unknown contact",
        Expect::Missing("contact"),
        unknown_contact,
    );
    let strangers = s.conversations.open(thread.account_id, customer.id).await;
    check(
        "open with another account's contact",
        Expect::Missing("contact"),
        strangers,
    );

    let nowhere = s
        .messages
        .append(inbound(ConversationId::generate(), 0))
        .await;
    check(
        "append to an unknown conversation",
        Expect::Missing("conversation"),
        nowhere,
    );

    let first = s
        .messages
        .append(outbound(thread.id, 0))
        .await
        .unwrap()
        .message;
    let mut same_message_id = inbound(thread.id, 1);
    same_message_id.id = first.id;
    let taken = s.messages.append(same_message_id).await;
    check(
        "append with a taken id",
        Expect::Conflict("message", "messages_pkey"),
        taken,
    );

    let mut long_body = outbound(thread.id, 2);
    long_body.body = Some("b".repeat(65_537));
    check(
        "append of an overlong body",
        Expect::Invalid("message"),
        s.messages.append(long_body).await,
    );

    let mut no_wamid = inbound(thread.id, 3);
    no_wamid.wamid = None;
    check(
        "append failing validation",
        Expect::Invalid("message"),
        s.messages.append(no_wamid).await,
    );
}

async fn unknown_ids_are_not_found(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let s = &h.storage;
    check(
        "account",
        Expect::NotFound("account"),
        s.accounts.get(AccountId::generate()).await,
    );
    check(
        "contact",
        Expect::NotFound("contact"),
        s.contacts.get(ContactId::generate()).await,
    );
    let conversation = s.conversations.get(ConversationId::generate()).await;
    check(
        "conversation",
        Expect::NotFound("conversation"),
        conversation,
    );
    check(
        "message",
        Expect::NotFound("message"),
        s.messages.get(MessageId::generate()).await,
    );
    let change = StatusChange {
        status: MessageStatus::Read,
        error: None,
    };
    let status = s.messages.apply_status(MessageId::generate(), change).await;
    check(
        "status of an unknown message",
        Expect::NotFound("message"),
        status,
    );
}

#[tokio::test]
async fn an_invalid_message_is_refused_before_the_database_is_asked() {
    let h = Harness::new(PoolMode::Session).await;
    let thread = conversation(&h.storage).await;
    h.backend.close();

    let mut no_wamid = inbound(thread.id, 0);
    no_wamid.wamid = None;
    let result = h.storage.messages.append(no_wamid).await;

    check(
        "validation with a closed pool",
        Expect::Invalid("message"),
        result,
    );
}
