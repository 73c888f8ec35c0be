//! Data set profiles: how many accounts, contacts, conversations and messages to generate.

use clap::ValueEnum;

/// A named data set size (docs/BENCHMARKS.md, "Data set profiles").
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// CI smoke: 10k contacts and conversations, 500k messages.
    Ci,
    /// Headline: 100k contacts and conversations, 2M messages (the size; the
    /// BENCHMARKS.md `std` table asks for 5M).
    Std,
}

/// Row counts of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Business numbers.
    pub accounts: usize,
    /// Customers, and one conversation each.
    pub contacts: usize,
    /// Messages over all conversations.
    pub messages: usize,
}

/// Share of contacts per account, in percent (skewed like a real tenant mix).
pub const ACCOUNT_SHARES: [u32; 3] = [60, 30, 10];

impl Profile {
    /// The counts.
    pub const fn sizes(self) -> Sizes {
        match self {
            Self::Ci => Sizes {
                accounts: 3,
                contacts: 10_000,
                messages: 500_000,
            },
            Self::Std => Sizes {
                accounts: 3,
                contacts: 100_000,
                messages: 2_000_000,
            },
        }
    }

    /// Name as stored in the database and shown in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ci => "ci",
            Self::Std => "std-2M",
        }
    }
}
