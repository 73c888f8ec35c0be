//! What storage keeps about a person's access: the app user, role grants and overrides.

use std::fmt;

use time::OffsetDateTime;

use crate::access::{Permission, PermissionSet, RoleKey};
use crate::error::ValidationError;
use crate::identity::IdentityId;
use crate::ids::{AccountId, AppUserId};

/// A person who uses the inbox. Email and name are personal data: `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct AppUser {
    /// Our id.
    pub id: AppUserId,
    /// The identity provider's id, once linked (an invited user has none until accepting).
    pub identity: Option<IdentityId>,
    /// Login email, unique case-insensitively.
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: Option<String>,
    /// Where the profile picture is kept in the media store.
    pub avatar_key: Option<String>,
    /// A deactivated user keeps their records but may do nothing.
    pub active: bool,
    /// When the user was created.
    pub created_at: OffsetDateTime,
}

impl fmt::Debug for AppUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppUser")
            .field("id", &self.id)
            .field("identity", &self.identity)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// A user to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAppUser {
    /// The new user's id.
    pub id: AppUserId,
    /// The identity to link now, if known.
    pub identity: Option<IdentityId>,
    /// Login email (checked by [`NewAppUser::new`]).
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: Option<String>,
}

impl fmt::Debug for NewAppUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewAppUser")
            .field("id", &self.id)
            .field("identity", &self.identity)
            .finish_non_exhaustive()
    }
}

impl NewAppUser {
    /// A user with a fresh id, after checking the email and name.
    ///
    /// # Errors
    /// `email` when it is not `local@domain` or longer than 320 characters; `display_name`
    /// when empty or longer than 200 characters.
    pub fn new(
        email: &str,
        display_name: Option<&str>,
        identity: Option<IdentityId>,
    ) -> Result<Self, ValidationError> {
        Ok(Self {
            id: AppUserId::generate(),
            identity,
            email: parse_email(email)?,
            display_name: display_name.map(parse_display_name).transpose()?,
        })
    }
}

/// Checks an email address the way the schema does: one `@`, no spaces, at most 320 chars.
///
/// # Errors
/// `email` when it does not look like `local@domain`.
pub fn parse_email(email: &str) -> Result<String, ValidationError> {
    let email = email.trim();
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    }) && !email.chars().any(char::is_whitespace)
        && email.chars().count() <= 320;
    if valid {
        Ok(email.to_owned())
    } else {
        Err(ValidationError::new(
            "email",
            "must be an address like name@example.com (at most 320 characters)",
        ))
    }
}

/// Checks a display name: 1 to 200 characters after trimming.
///
/// # Errors
/// `display_name` when empty or too long.
pub fn parse_display_name(name: &str) -> Result<String, ValidationError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ValidationError::new(
            "display_name",
            "must have 1 to 200 characters",
        ));
    }
    Ok(name.to_owned())
}

/// One role held by a user, on one account or (account `None`) on every account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    /// The account, or `None` for every account, present and future.
    pub account: Option<AccountId>,
    /// The role.
    pub role: RoleKey,
    /// The role's display name.
    pub role_name: String,
    /// What the role allows.
    pub permissions: PermissionSet,
}

/// Whether an override adds or takes away its permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OverrideEffect {
    /// Adds the permission even if no role gives it.
    Grant,
    /// Takes the permission away even if a role gives it.
    Deny,
}

/// One permission granted or denied to one user, on one account or (`None`) on all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionOverride {
    /// The account, or `None` for every account.
    pub account: Option<AccountId>,
    /// The permission.
    pub permission: Permission,
    /// Grant or deny.
    pub effect: OverrideEffect,
}

/// Everything about one user's access, as one read of storage returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord {
    /// The user.
    pub user: AppUser,
    /// The roles the user holds.
    pub roles: Vec<RoleGrant>,
    /// The user's overrides.
    pub overrides: Vec<PermissionOverride>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_names_are_checked() {
        assert_eq!(parse_email(" a@b.c ").unwrap(), "a@b.c");
        for bad in ["", "a", "@b", "a@", "a b@c", "a@b@c"] {
            assert_eq!(parse_email(bad).unwrap_err().field, "email", "{bad:?}");
        }
        assert_eq!(parse_display_name(" Ann ").unwrap(), "Ann");
        assert_eq!(parse_display_name("  ").unwrap_err().field, "display_name");
        assert!(NewAppUser::new("a@b.c", Some(""), None).is_err());
    }

    #[test]
    fn debug_output_hides_personal_data() {
        let user = NewAppUser::new("ann@example.com", Some("Ann"), None).unwrap();
        let shown = format!("{user:?}");
        assert!(!shown.contains("ann@") && !shown.contains("Ann"), "{shown}");
    }
}
