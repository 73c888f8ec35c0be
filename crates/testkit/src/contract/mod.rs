//! Port contract suites: what every storage backend must do, checked the same way on each.
//!
//! There is one suite per repository port, written against [`Storage`] (its `Arc<dyn Port>`s),
//! never against a concrete adapter. Each suite is a list of [`Case`]s; a case checks exactly
//! one sentence of the port's documentation (its guarantees and its `# Errors` section, or the
//! doc of a field it returns), quoted in the case's doc comment, and is named for that
//! behaviour, e.g. `append_with_a_known_wamid_changes_nothing`. Assertion messages start with
//! the case name.
//!
//! # Running the suites on a backend
//!
//! A backend gives a *factory*: an async closure that builds a fresh store. Every case runs on
//! a store of its own, so cases cannot see each other's rows. The factory returns either the
//! [`Storage`] itself or a pair `(Storage, guard)`, where the guard (a test database handle, a
//! temporary directory...) is dropped when the case ends:
//!
//! ```ignore
//! #[tokio::test]
//! async fn messages() {
//!     inbox_testkit::contract::messages_contract(|| async { inbox_memory::storage() }).await;
//! }
//!
//! #[tokio::test]
//! async fn messages_on_postgres() {
//!     inbox_testkit::contract::messages_contract(|| async {
//!         let db = TestDb::create().await;
//!         (inbox_postgres::storage(db.pool()), db)
//!     })
//!     .await;
//! }
//! ```
//!
//! A suite runs its cases one after another, keeps going after a failing case, and then fails
//! with one line per failed case: its name and its panic message. To run cases one by one (one
//! test each, or in parallel), take them from [`accounts::CASES`], [`contacts::CASES`],
//! [`conversations::cases`], [`messages::cases`] or [`webhooks::cases`] and call [`Case::run`]. Cases need a Tokio
//! runtime with timers (one case sleeps a few milliseconds); `#[tokio::test]` has one.
//!
//! # What the cases assume
//!
//! - Only the ports: no SQL, no peeking at a backend's internals.
//! - Identifiers (ids, phone_number_ids, wa_ids, wamids) are random, and no case assumes the
//!   store is empty, so a backend that cannot give a fresh store per case (a hosted Supabase
//!   project) may hand the same store to every case.
//! - Times given to the store have sub-microsecond digits ([`fixtures::BASE`]); they must come
//!   back in UTC at microsecond precision, as PostgreSQL keeps them. Those digits are below
//!   half a microsecond, so truncating and rounding backends agree.
//! - Times a store sets itself (`created_at`...) are only checked for microsecond precision,
//!   never against the test machine's clock.

pub mod access;
pub mod accounts;
pub mod contacts;
pub mod conversations;
pub mod fixtures;
pub mod identity;
pub mod invitations;
pub mod media;
pub mod messages;
pub mod outbox;
pub mod port_case;
pub mod roles;
pub mod templates;
pub mod user_admin;
pub mod webhooks;

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use futures::FutureExt;
use inbox_domain::ports::Storage;
pub use templates::{TemplateWorld, templates_contract};

/// The future of one running case.
pub type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// One behaviour of one port, checked on a store of its own.
#[derive(Clone, Copy)]
pub struct Case {
    /// The behaviour, e.g. `append_with_a_known_wamid_changes_nothing`.
    pub name: &'static str,
    run: fn(Storage) -> CaseFuture,
}

impl Case {
    /// A case named `name` that runs `run`.
    pub const fn new(name: &'static str, run: fn(Storage) -> CaseFuture) -> Self {
        Self { name, run }
    }

    /// Runs the case on `storage`; panics, with a message starting with the case name, when
    /// the backend breaks the contract.
    pub async fn run(&self, storage: Storage) {
        (self.run)(storage).await;
    }
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// What a factory hands to each case: a storage, and whatever must live as long as the case.
pub trait FreshStorage: Send {
    /// The storage the case runs on.
    fn storage(&self) -> Storage;
}

impl FreshStorage for Storage {
    fn storage(&self) -> Storage {
        self.clone()
    }
}

impl<G: Send> FreshStorage for (Storage, G) {
    fn storage(&self) -> Storage {
        self.0.clone()
    }
}

/// Runs every case of `suite` on a fresh store from `factory`, then fails naming the failed ones.
pub async fn run_cases<F, Fut, S>(suite: &str, cases: &[Case], factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    let mut failed = Vec::new();
    for case in cases {
        let fresh = factory().await;
        let outcome = AssertUnwindSafe(case.run(fresh.storage()))
            .catch_unwind()
            .await;
        drop(fresh);
        if let Err(panic) = outcome {
            failed.push(format!(
                "- {}: {}",
                case.name,
                panic_message(panic.as_ref())
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{suite} contract: {} of {} cases failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

/// The text a case panicked with.
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
}

/// The `AccessRepo` contract: users, grants and the role catalogue ([`access::CASES`],
/// [`roles::CASES`]).
pub async fn access_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    let cases = [access::CASES, roles::CASES].concat();
    run_cases("AccessRepo", &cases, factory).await;
}

/// The `AccessRepo` contract for user administration and invitations ([`user_admin::CASES`],
/// [`invitations::CASES`]).
pub async fn user_admin_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    let cases = [user_admin::CASES, invitations::CASES].concat();
    run_cases("AccessRepo (user administration)", &cases, factory).await;
}

/// The `MediaStore` contract ([`media::CASES`]): the factory yields an
/// `Arc<dyn MediaStore>`, or a pair with a guard, per case.
pub async fn media_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: port_case::Fixture<media::Store>,
{
    port_case::run_port_cases("MediaStore", media::CASES, factory).await;
}

/// The `IdentityProvider` contract ([`identity::CASES`]): the factory yields an
/// [`identity::IdentityWorld`], or a pair with a guard, per case.
pub async fn identity_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: port_case::Fixture<identity::IdentityWorld>,
{
    port_case::run_port_cases("IdentityProvider", identity::CASES, factory).await;
}

/// The `Outbox` contract ([`outbox::cases`]): the factory yields an [`outbox::OutboxWorld`]
/// (the storage and the outbox over the same data), or a pair with a guard, per case.
pub async fn outbox_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: port_case::Fixture<outbox::OutboxWorld>,
{
    port_case::run_port_cases("Outbox", &outbox::cases(), factory).await;
}

/// The `AccountRepo` contract ([`accounts::CASES`]).
pub async fn accounts_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    run_cases("AccountRepo", accounts::CASES, factory).await;
}

/// The `ContactRepo` contract ([`contacts::CASES`]).
pub async fn contacts_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    run_cases("ContactRepo", contacts::CASES, factory).await;
}

/// The `ConversationRepo` contract: opening and listing ([`conversations::cases`]).
pub async fn conversations_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    run_cases("ConversationRepo", &conversations::cases(), factory).await;
}

/// The `MessageRepo` contract: appends, pages and statuses ([`messages::cases`]).
pub async fn messages_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    run_cases("MessageRepo", &messages::cases(), factory).await;
}

/// The `WebhookQueue` contract: the queue and the apply of deliveries ([`webhooks::cases`]).
pub async fn webhooks_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    run_cases("WebhookQueue", &webhooks::cases(), factory).await;
}

/// The webhook property ([`webhooks::property`]): `cases` random orders with repeats of one set
/// of deliveries, on one store from `factory`, each ending as Meta's order does. Prints its seed;
/// set `INBOX_PROPTEST_SEED` to replay one. Needs a multi-threaded Tokio runtime.
pub async fn webhooks_property<F, Fut, S>(factory: F, cases: u32)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: FreshStorage,
{
    let fresh = factory().await;
    webhooks::property::run_property(fresh.storage(), cases).await;
    drop(fresh);
}

/// Declares a suite's `CASES` from its case functions, each `async fn(&'static str, Storage)`
/// receiving its own name for its assertion messages.
macro_rules! cases {
    ($($name:ident),+ $(,)?) => {
        /// Every case of this suite, in the order they run.
        pub const CASES: &[$crate::contract::Case] = &[
            $($crate::contract::Case::new(stringify!($name), |storage| {
                Box::pin($name(stringify!($name), storage))
            }),)+
        ];
    };
}
pub(crate) use cases;
