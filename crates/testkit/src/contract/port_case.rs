//! Cases for ports that are not part of [`Storage`](inbox_domain::ports::Storage): the same
//! shape as [`Case`](super::Case), over a fixture of the suite's own type.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

use super::{CaseFuture, panic_message};

/// One behaviour of a port, checked on a fixture (`T`) of its own.
pub struct PortCase<T> {
    /// The behaviour, e.g. `put_on_a_used_key_replaces_the_object`.
    pub name: &'static str,
    run: fn(T) -> CaseFuture,
}

impl<T> PortCase<T> {
    /// A case named `name` that runs `run`.
    pub const fn new(name: &'static str, run: fn(T) -> CaseFuture) -> Self {
        Self { name, run }
    }

    /// Runs the case on `fixture`; panics, with a message starting with the case name, when
    /// the adapter breaks the contract.
    pub async fn run(&self, fixture: T) {
        (self.run)(fixture).await;
    }
}

impl<T> Clone for PortCase<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for PortCase<T> {}

impl<T> std::fmt::Debug for PortCase<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// What a factory hands to each case: the fixture, and whatever must live as long as the case
/// (a temporary directory, a fake server).
pub trait Fixture<T>: Send {
    /// The fixture the case runs on.
    fn fixture(&self) -> T;
}

/// Runs every case of `suite` on a fresh fixture from `factory`, then fails naming the failed ones.
pub async fn run_port_cases<T, F, Fut, S>(suite: &str, cases: &[PortCase<T>], factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: Fixture<T>,
{
    let mut failed = Vec::new();
    for case in cases {
        let fresh = factory().await;
        let outcome = AssertUnwindSafe(case.run(fresh.fixture()))
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

/// Declares a suite's `CASES` (of `PortCase<$fixture>`) from its case functions, each
/// `async fn(&'static str, $fixture)` receiving its own name for its assertion messages.
macro_rules! port_cases {
    ($fixture:ty; $($name:ident),+ $(,)?) => {
        /// Every case of this suite, in the order they run.
        pub const CASES: &[$crate::contract::port_case::PortCase<$fixture>] = &[
            $($crate::contract::port_case::PortCase::new(stringify!($name), |fixture| {
                Box::pin($name(stringify!($name), fixture))
            }),)+
        ];
    };
}
pub(crate) use port_cases;
