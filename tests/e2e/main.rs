//! End-to-end suites: `inboxd`'s real composition root, over HTTP, on real storage.

mod backends;
mod embedded;
mod helpers;
