//! Roles: named bundles of permissions, the built-in ones and custom ones.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::access::{Permission, PermissionSet};
use crate::error::ValidationError;

/// A role's stable key, e.g. `agent`: a lowercase letter, then up to 62 lowercase letters,
/// digits or underscores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleKey(String);

impl RoleKey {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for RoleKey {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chars = s.chars();
        let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !starts_well || !rest_ok || s.len() > 63 {
            return Err(ValidationError::new(
                "role",
                "must be a lowercase letter followed by up to 62 lowercase letters, digits or underscores",
            ));
        }
        Ok(Self(s.to_owned()))
    }
}

impl fmt::Display for RoleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RoleKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A role that ships with the product (seeded by the access migration; cannot be deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinRole {
    /// The role's key.
    pub key: &'static str,
    /// Its display name.
    pub name: &'static str,
    /// What it is for.
    pub description: &'static str,
}

/// The built-in roles, most powerful first. Their permissions are [`builtin_permissions`].
pub const BUILTIN_ROLES: [BuiltinRole; 4] = [
    BuiltinRole {
        key: "admin",
        name: "Admin",
        description: "Everything on the account",
    },
    BuiltinRole {
        key: "supervisor",
        name: "Supervisor",
        description: "Runs the team: all but accounts and users",
    },
    BuiltinRole {
        key: "agent",
        name: "Agent",
        description: "Reads and answers conversations",
    },
    BuiltinRole {
        key: "viewer",
        name: "Viewer",
        description: "Reads only",
    },
];

/// The permissions of a built-in role (the same as the migration seeds; a test checks both
/// agree), `None` for any other key.
pub fn builtin_permissions(key: &str) -> Option<PermissionSet> {
    use Permission::*;
    let set = match key {
        "admin" => PermissionSet::all(),
        "supervisor" => PermissionSet::all()
            .iter()
            .filter(|p| !matches!(p, AccountsManage | UsersManage))
            .collect(),
        "agent" => [
            ConversationsRead,
            ConversationsManage,
            MessagesSend,
            ContactsManage,
        ]
        .into_iter()
        .collect(),
        "viewer" => [ConversationsRead, StatsRead].into_iter().collect(),
        _ => return None,
    };
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_keys_are_checked() {
        assert!("agent".parse::<RoleKey>().is_ok());
        assert!("night_shift_2".parse::<RoleKey>().is_ok());
        for bad in ["", "Agent", "2nd", "a-b", &"a".repeat(64)] {
            assert_eq!(bad.parse::<RoleKey>().unwrap_err().field, "role", "{bad:?}");
        }
    }

    #[test]
    fn every_builtin_role_has_permissions_and_admin_has_all() {
        for role in BUILTIN_ROLES {
            assert!(!builtin_permissions(role.key).unwrap().is_empty());
        }
        assert_eq!(builtin_permissions("admin"), Some(PermissionSet::all()));
        assert!(builtin_permissions("custom").is_none());
    }
}
