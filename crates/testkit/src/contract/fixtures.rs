//! Builders shared by the contract cases: unique identifiers, valid rows, fixed times, checks.

use std::fmt::Debug;

use secrecy::SecretString;
use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime, UtcOffset};
use uuid::Uuid;

use inbox_domain::ports::Storage;
use inbox_domain::{
    Account, AccountId, Contact, Conversation, ConversationId, Direction, DisplayPhoneNumber,
    MessageId, MessageKind, MessageStatus, NewAccount, NewMessage, PhoneNumberId, RepoError, WaId,
    WabaId, Wamid,
};

/// The instant cases count from. Its 321 ns beyond the microsecond make a backend that keeps
/// nanoseconds fail, while truncating and rounding to microseconds agree on it.
pub const BASE: OffsetDateTime = datetime!(2025-01-15 10:00:00.123_456_321 UTC);

/// `BASE` moved by `seconds`: the times cases give messages.
pub fn at(seconds: i64) -> OffsetDateTime {
    BASE + Duration::seconds(seconds)
}

/// `t` as every backend must store it: UTC, whole microseconds.
pub fn micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    t - Duration::nanoseconds(i64::from(t.nanosecond() % 1_000))
}

/// Asserts that a stored time has no part finer than a microsecond (PostgreSQL's precision).
pub fn assert_whole_micros(case: &str, what: &str, t: OffsetDateTime) {
    assert_eq!(
        t.nanosecond() % 1_000,
        0,
        "{case}: {what} ({t}) must be stored to the microsecond"
    );
}

/// `n` random decimal digits, never starting with 0 (unique enough for any shared store).
pub fn digits(n: usize) -> String {
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let chunk = Uuid::new_v4().as_u128().to_string();
        out.push_str(chunk.trim_start_matches('0'));
    }
    out.truncate(n);
    out
}

/// A random WhatsApp id of a customer.
pub fn wa_id() -> WaId {
    WaId::parse(&digits(12)).must("fixture", "12 digits are a valid wa_id")
}

/// A random Meta message id.
pub fn wamid() -> Wamid {
    Wamid::parse(&format!("wamid.contract-{}", Uuid::new_v4().simple()))
        .must("fixture", "a generated wamid is valid")
}

/// A valid request to connect a number, with a fresh id and phone_number_id.
pub fn new_account() -> NewAccount {
    NewAccount {
        id: AccountId::generate(),
        name: "Contract sales".to_owned(),
        phone_number_id: PhoneNumberId::parse(&digits(15)).must("fixture", "valid phone_number_id"),
        waba_id: WabaId::parse(&digits(15)).must("fixture", "valid waba_id"),
        display_phone_number: DisplayPhoneNumber::parse(&format!("+1{}", digits(10)))
            .must("fixture", "valid display number"),
        access_token: SecretString::from(format!("EAAG{}", digits(20))),
        app_secret: SecretString::from(digits(32)),
        verify_token: SecretString::from(format!("verify-{}", digits(8))),
    }
}

/// A stored account.
pub async fn account(storage: &Storage) -> Account {
    storage
        .accounts
        .create(new_account())
        .await
        .must("fixture", "create account")
}

/// A stored contact of `account`, with a profile name.
pub async fn contact(storage: &Storage, account: AccountId) -> Contact {
    storage
        .contacts
        .upsert_by_wa_id(account, &wa_id(), Some("Contract customer".to_owned()))
        .await
        .must("fixture", "upsert contact")
}

/// An open conversation of `account` with a new contact.
pub async fn conversation_of(storage: &Storage, account: AccountId) -> Conversation {
    let contact = contact(storage, account).await;
    storage
        .conversations
        .open(account, contact.id)
        .await
        .must("fixture", "open conversation")
}

/// An open conversation of a new account with a new contact.
pub async fn conversation(storage: &Storage) -> Conversation {
    let account = account(storage).await;
    conversation_of(storage, account.id).await
}

/// A customer's text message sent at `at(seconds)`, with a fresh id and wamid.
pub fn inbound(conversation: ConversationId, seconds: i64) -> NewMessage {
    NewMessage {
        id: MessageId::generate(),
        conversation_id: conversation,
        direction: Direction::Inbound,
        kind: MessageKind::Text,
        body: Some("Hello, is my order on its way?".to_owned()),
        media: None,
        payload: json!({}),
        wamid: Some(wamid()),
        status: MessageStatus::Delivered,
        reply_to_wamid: None,
        sent_at: at(seconds),
    }
}

/// An agent's pending text message (no wamid yet) sent at `at(seconds)`, with a fresh id.
pub fn outbound(conversation: ConversationId, seconds: i64) -> NewMessage {
    NewMessage {
        id: MessageId::generate(),
        conversation_id: conversation,
        direction: Direction::Outbound,
        kind: MessageKind::Text,
        body: Some("Yes, it ships today.".to_owned()),
        media: None,
        payload: json!({}),
        wamid: None,
        status: MessageStatus::Pending,
        reply_to_wamid: None,
        sent_at: at(seconds),
    }
}

/// Unwraps what a call answered, or fails the case naming itself and the call.
pub trait Must<T> {
    /// The value; panics with "`case`: `what` failed: ..." when there is none.
    fn must(self, case: &str, what: &str) -> T;
}

impl<T, E: Debug> Must<T> for Result<T, E> {
    fn must(self, case: &str, what: &str) -> T {
        match self {
            Ok(value) => value,
            Err(error) => panic!("{case}: {what} failed: {error:?}"),
        }
    }
}

impl<T> Must<T> for Option<T> {
    fn must(self, case: &str, what: &str) -> T {
        match self {
            Some(value) => value,
            None => panic!("{case}: {what} found nothing"),
        }
    }
}

/// The error of a call that must fail; panics naming `case` when it succeeded.
pub fn expect_err<T: Debug>(case: &str, what: &str, result: Result<T, RepoError>) -> RepoError {
    match result {
        Ok(value) => panic!("{case}: {what} should fail, but answered {value:?}"),
        Err(error) => error,
    }
}

/// Asserts `NotFound` for `entity`.
pub fn assert_not_found<T: Debug>(case: &str, entity: &str, result: Result<T, RepoError>) {
    let error = expect_err(case, "the lookup", result);
    assert!(
        matches!(&error, RepoError::NotFound { entity: e } if *e == entity),
        "{case}: expected NotFound ({entity}), got {error:?}"
    );
}

/// Asserts `MissingReference` for `entity`.
pub fn assert_missing_reference<T: Debug>(case: &str, entity: &str, result: Result<T, RepoError>) {
    let error = expect_err(case, "the call", result);
    assert!(
        matches!(&error, RepoError::MissingReference { entity: e } if *e == entity),
        "{case}: expected MissingReference ({entity}), got {error:?}"
    );
}

/// Asserts `Conflict` for `entity`.
pub fn assert_conflict<T: Debug>(case: &str, entity: &str, result: Result<T, RepoError>) {
    let error = expect_err(case, "the call", result);
    assert!(
        matches!(&error, RepoError::Conflict { entity: e, .. } if *e == entity),
        "{case}: expected Conflict ({entity}), got {error:?}"
    );
}

/// Asserts `Invalid` for `entity`.
pub fn assert_invalid<T: Debug>(case: &str, entity: &str, result: Result<T, RepoError>) {
    let error = expect_err(case, "the call", result);
    assert!(
        matches!(&error, RepoError::Invalid { entity: e, .. } if *e == entity),
        "{case}: expected Invalid ({entity}), got {error:?}"
    );
}
