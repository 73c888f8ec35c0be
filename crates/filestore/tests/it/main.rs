//! Integration tests of the filesystem media store: the port's contract, then what is on disk.

// `cfg(test)` marks the helpers as test code for clippy's allow-expect-in-tests.
#[cfg(test)]
mod contract;
#[cfg(test)]
mod disk;
