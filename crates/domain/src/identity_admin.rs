//! What an identity provider's admin API knows about a person, and what we ask of it.

use serde_json::{Map, Value};
use std::fmt;
use time::OffsetDateTime;

use crate::access::parse_email;
use crate::error::ValidationError;
use crate::identity::IdentityId;

/// An identity as the provider keeps it (Supabase Auth's `auth.users` row, admin view).
/// The email is personal data: `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct IdentityRecord {
    /// The provider's id (`auth.users.id`, the tokens' `sub`).
    pub id: IdentityId,
    /// The login email, `None` for an identity without one (a phone-only user).
    pub email: Option<String>,
    /// When the identity was created (for an invited one: when first invited).
    pub created_at: OffsetDateTime,
    /// When the latest invitation was sent, for identities that were invited.
    pub invited_at: Option<OffsetDateTime>,
    /// When the person confirmed (accepted the invitation or verified the email).
    pub confirmed_at: Option<OffsetDateTime>,
    /// When the person last signed in, `None` if never.
    pub last_sign_in_at: Option<OffsetDateTime>,
}

impl IdentityRecord {
    /// Invited and not yet accepted: re-inviting is allowed, signing in is not yet possible.
    pub const fn is_pending_invitation(&self) -> bool {
        self.invited_at.is_some() && self.confirmed_at.is_none()
    }
}

impl fmt::Debug for IdentityRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityRecord")
            .field("id", &self.id)
            .field("email", &self.email.as_ref().map(|_| "<redacted>"))
            .field("created_at", &self.created_at)
            .field("invited_at", &self.invited_at)
            .field("confirmed_at", &self.confirmed_at)
            .field("last_sign_in_at", &self.last_sign_in_at)
            .finish()
    }
}

/// Longest redirect URL accepted (browsers and mail clients handle far longer, this is ample).
pub const REDIRECT_URL_MAX: usize = 2048;
/// Largest invitation metadata, serialised as JSON: it rides in every token the person gets.
pub const INVITE_METADATA_MAX_BYTES: usize = 8 * 1024;

/// A request to invite a person by email. Holding one means every part was checked.
#[derive(Clone, PartialEq)]
pub struct Invitation {
    email: String,
    redirect_to: Option<String>,
    metadata: Map<String, Value>,
}

impl Invitation {
    /// An invitation to `email` (trimmed and lower-cased: providers compare emails so).
    ///
    /// # Errors
    /// `email` when it is not an address like `name@example.com` of at most 320 characters.
    pub fn new(email: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            email: parse_email(email)?.to_lowercase(),
            redirect_to: None,
            metadata: Map::new(),
        })
    }

    /// Where the invitation link leads after acceptance. The provider only honours URLs on its
    /// allow list (Supabase: "Redirect URLs") and silently uses its site URL otherwise.
    ///
    /// # Errors
    /// `redirect_to` when it is not an absolute `http(s)` URL of at most 2048 characters
    /// without spaces or control characters.
    pub fn redirect_to(mut self, url: &str) -> Result<Self, ValidationError> {
        let valid = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() > "https://".len()
            && url.len() <= REDIRECT_URL_MAX
            && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if !valid {
            return Err(ValidationError::new(
                "redirect_to",
                "must be an absolute http(s) URL of at most 2048 characters",
            ));
        }
        self.redirect_to = Some(url.to_owned());
        Ok(self)
    }

    /// Data stored on the identity (Supabase's `user_metadata`). The person can edit it later:
    /// it is for display and onboarding, never for authorisation.
    ///
    /// # Errors
    /// `metadata` when its JSON is larger than 8 KiB.
    pub fn metadata(mut self, metadata: Map<String, Value>) -> Result<Self, ValidationError> {
        let size = serde_json::to_vec(&metadata).map_or(usize::MAX, |json| json.len());
        if size > INVITE_METADATA_MAX_BYTES {
            return Err(ValidationError::new(
                "metadata",
                "must be at most 8 KiB of JSON",
            ));
        }
        self.metadata = metadata;
        Ok(self)
    }

    /// The invited address, lower-cased. Personal data: never log it.
    pub fn email(&self) -> &str {
        &self.email
    }

    /// The redirect URL, when one was given.
    pub fn redirect_url(&self) -> Option<&str> {
        self.redirect_to.as_deref()
    }

    /// The metadata to store on the identity (empty when none was given).
    pub const fn user_metadata(&self) -> &Map<String, Value> {
        &self.metadata
    }
}

impl fmt::Debug for Invitation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Invitation")
            .field("email", &"<redacted>")
            .field("redirect_to", &self.redirect_to.as_ref().map(|_| "<set>"))
            .field("metadata_keys", &self.metadata.len())
            .finish()
    }
}

/// Largest page the provider is asked for.
pub const IDENTITY_PAGE_MAX: u32 = 1000;

/// Which page of identities to read: numbered from 1, as Supabase Auth pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityPageRequest {
    page: u32,
    per_page: u32,
}

impl IdentityPageRequest {
    /// Page `page` (from 1) of `per_page` identities (1 to 1000).
    ///
    /// # Errors
    /// `page` when it is 0; `per_page` when it is 0 or above 1000.
    pub fn new(page: u32, per_page: u32) -> Result<Self, ValidationError> {
        if page == 0 {
            return Err(ValidationError::new("page", "must be at least 1"));
        }
        if per_page == 0 || per_page > IDENTITY_PAGE_MAX {
            return Err(ValidationError::new(
                "per_page",
                "must be between 1 and 1000",
            ));
        }
        Ok(Self { page, per_page })
    }

    /// The page number, from 1.
    pub const fn page(self) -> u32 {
        self.page
    }

    /// How many identities a page holds at most.
    pub const fn per_page(self) -> u32 {
        self.per_page
    }
}

impl Default for IdentityPageRequest {
    /// The first page of 50, Supabase Auth's default.
    fn default() -> Self {
        Self {
            page: 1,
            per_page: 50,
        }
    }
}

/// One page of identities, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityPage {
    /// The identities of this page, newest first.
    pub identities: Vec<IdentityRecord>,
    /// How many identities there are in all pages together.
    pub total: u64,
    /// The page that follows, `None` on the last page.
    pub next_page: Option<IdentityPageRequest>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invitation_lower_cases_the_email_and_checks_each_part() {
        let invitation = Invitation::new("  New.Agent@Example.COM ").unwrap();
        assert_eq!(invitation.email(), "new.agent@example.com");
        assert_eq!(Invitation::new("no-at-sign").unwrap_err().field, "email");

        for bad in [
            "",
            "ftp://x.test",
            "https://",
            "https://a b.test",
            "/relative",
        ] {
            let err = invitation.clone().redirect_to(bad).unwrap_err();
            assert_eq!(err.field, "redirect_to", "{bad:?}");
        }
        let long = format!("https://x.test/{}", "a".repeat(REDIRECT_URL_MAX));
        assert!(invitation.clone().redirect_to(&long).is_err());
        let with_url = invitation
            .clone()
            .redirect_to("https://app.test/welcome")
            .unwrap();
        assert_eq!(with_url.redirect_url(), Some("https://app.test/welcome"));

        let mut big = Map::new();
        big.insert(
            "blob".to_owned(),
            json!("x".repeat(INVITE_METADATA_MAX_BYTES)),
        );
        assert_eq!(
            invitation.clone().metadata(big).unwrap_err().field,
            "metadata"
        );
    }

    #[test]
    fn page_requests_are_numbered_from_one_and_bounded() {
        assert_eq!(IdentityPageRequest::new(0, 10).unwrap_err().field, "page");
        assert_eq!(
            IdentityPageRequest::new(1, 0).unwrap_err().field,
            "per_page"
        );
        assert_eq!(
            IdentityPageRequest::new(1, 1001).unwrap_err().field,
            "per_page"
        );
        let page = IdentityPageRequest::new(3, 1000).unwrap();
        assert_eq!((page.page(), page.per_page()), (3, 1000));
        assert_eq!(IdentityPageRequest::default().per_page(), 50);
    }

    #[test]
    fn debug_output_hides_emails_and_urls() {
        let invitation = Invitation::new("agent@example.com")
            .unwrap()
            .redirect_to("https://app.test/?token=secret")
            .unwrap();
        let shown = format!("{invitation:?}");
        assert!(
            !shown.contains("agent@") && !shown.contains("secret"),
            "{shown}"
        );
        let record = IdentityRecord {
            id: IdentityId::from_uuid(uuid::Uuid::nil()),
            email: Some("agent@example.com".to_owned()),
            created_at: OffsetDateTime::UNIX_EPOCH,
            invited_at: None,
            confirmed_at: None,
            last_sign_in_at: None,
        };
        assert!(!format!("{record:?}").contains("agent@"));
    }
}
