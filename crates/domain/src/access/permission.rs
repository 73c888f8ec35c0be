//! What a person may do on an account: a fixed list of permissions, and sets of them.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::error::ValidationError;

/// One thing a person may do on an account. The list is fixed (roles combine them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// See conversations and their messages.
    ConversationsRead,
    /// Mark read, favorite, bot mode, close, archive and reopen conversations.
    ConversationsManage,
    /// Send messages, reactions and templates.
    MessagesSend,
    /// Edit and delete messages.
    MessagesManage,
    /// Create, update and delete message templates.
    TemplatesManage,
    /// Manage broadcast groups and campaigns.
    BroadcastsManage,
    /// Edit contacts.
    ContactsManage,
    /// Connect and configure WhatsApp numbers.
    AccountsManage,
    /// Invite users, assign roles and overrides.
    UsersManage,
    /// See statistics and dashboards.
    StatsRead,
}

impl Permission {
    /// Every permission, in a stable order.
    pub const ALL: [Self; 10] = [
        Self::ConversationsRead,
        Self::ConversationsManage,
        Self::MessagesSend,
        Self::MessagesManage,
        Self::TemplatesManage,
        Self::BroadcastsManage,
        Self::ContactsManage,
        Self::AccountsManage,
        Self::UsersManage,
        Self::StatsRead,
    ];

    /// The key as stored and shown, e.g. `conversations.read`.
    pub const fn key(self) -> &'static str {
        match self {
            Self::ConversationsRead => "conversations.read",
            Self::ConversationsManage => "conversations.manage",
            Self::MessagesSend => "messages.send",
            Self::MessagesManage => "messages.manage",
            Self::TemplatesManage => "templates.manage",
            Self::BroadcastsManage => "broadcasts.manage",
            Self::ContactsManage => "contacts.manage",
            Self::AccountsManage => "accounts.manage",
            Self::UsersManage => "users.manage",
            Self::StatsRead => "stats.read",
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Permission {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.key() == s)
            .ok_or_else(|| ValidationError::new("permission", format!("unknown permission {s:?}")))
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// A set of permissions; cheap to copy and to combine.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PermissionSet(u16);

impl PermissionSet {
    /// No permission at all.
    pub const EMPTY: Self = Self(0);

    /// Every permission.
    pub fn all() -> Self {
        Permission::ALL.into_iter().collect()
    }

    /// Whether `permission` is in the set.
    pub const fn contains(self, permission: Permission) -> bool {
        self.0 & permission.bit() != 0
    }

    /// Whether the set holds nothing.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Adds `permission`.
    pub const fn insert(&mut self, permission: Permission) {
        self.0 |= permission.bit();
    }

    /// Removes `permission`.
    pub const fn remove(&mut self, permission: Permission) {
        self.0 &= !permission.bit();
    }

    /// Every permission of both sets.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// The permissions in the set, in [`Permission::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut set = Self::EMPTY;
        for permission in iter {
            set.insert(permission);
        }
        set
    }
}

impl fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Permission::key))
            .finish()
    }
}

/// Serialised as the sorted list of keys.
impl Serialize for PermissionSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_ones_name_the_field() {
        for p in Permission::ALL {
            assert_eq!(p.key().parse::<Permission>().unwrap(), p);
        }
        assert_eq!(
            "nope.read".parse::<Permission>().unwrap_err().field,
            "permission"
        );
    }

    #[test]
    fn a_set_holds_what_was_inserted_and_nothing_else() {
        let mut set = PermissionSet::EMPTY;
        set.insert(Permission::MessagesSend);
        set.insert(Permission::StatsRead);
        assert!(set.contains(Permission::MessagesSend));
        assert!(!set.contains(Permission::UsersManage));
        set.remove(Permission::MessagesSend);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Permission::StatsRead]);
        assert_eq!(PermissionSet::all().iter().count(), 10);
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["stats.read"]"#);
    }
}
