//! Integration tests of the in-memory backend: the port contract suites, and what only it has.

mod contract;
mod inspection;
mod templates;
