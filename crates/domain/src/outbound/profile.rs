//! The WhatsApp business profile of a number: what customers see about the business.

use super::limits::{
    self, PROFILE_ABOUT_MAX, PROFILE_EMAIL_MAX, PROFILE_TEXT_MAX, PROFILE_WEBSITES_MAX,
};
use crate::error::ValidationError;

/// The profile as Meta returns it; every field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessProfile {
    /// The "About" text.
    pub about: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Description of the business.
    pub description: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// URL of the profile picture.
    pub profile_picture_url: Option<String>,
    /// Up to two websites.
    pub websites: Vec<String>,
    /// Industry, e.g. `RETAIL`, `PROF_SERVICES`.
    pub vertical: Option<String>,
}

/// A change to the profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessProfileUpdate {
    about: Option<String>,
    address: Option<String>,
    description: Option<String>,
    email: Option<String>,
    websites: Option<Vec<String>>,
    vertical: Option<String>,
    profile_picture_handle: Option<String>,
}

impl BusinessProfileUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `about` (1 to 139 characters).
    pub fn with_about(mut self, about: &str) -> Result<Self, ValidationError> {
        self.about = Some(limits::required("about", about, PROFILE_ABOUT_MAX)?);
        Ok(self)
    }

    /// Sets `address` (at most 256 characters; empty clears it).
    pub fn with_address(mut self, address: &str) -> Result<Self, ValidationError> {
        self.address = Some(limits::at_most("address", address, PROFILE_TEXT_MAX)?);
        Ok(self)
    }

    /// Sets `description` (at most 256 characters; empty clears it).
    pub fn with_description(mut self, description: &str) -> Result<Self, ValidationError> {
        self.description = Some(limits::at_most(
            "description",
            description,
            PROFILE_TEXT_MAX,
        )?);
        Ok(self)
    }

    /// Sets `email` (an address of at most 128 characters; empty clears it).
    pub fn with_email(mut self, email: &str) -> Result<Self, ValidationError> {
        let email = limits::at_most("email", email, PROFILE_EMAIL_MAX)?;
        if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
            return Err(ValidationError::new("email", "must be an email address"));
        }
        self.email = Some(email);
        Ok(self)
    }

    /// Sets `websites` (at most two `http(s)` URLs of at most 256 characters).
    pub fn with_websites(mut self, websites: &[&str]) -> Result<Self, ValidationError> {
        limits::count("websites", websites.len(), 0, PROFILE_WEBSITES_MAX)?;
        let checked = websites
            .iter()
            .map(|w| limits::url("websites", w).and_then(|w| limits::at_most("websites", &w, 256)))
            .collect::<Result<_, _>>()?;
        self.websites = Some(checked);
        Ok(self)
    }

    /// Sets `vertical` (Meta's upper-case industry code, e.g. `RETAIL`).
    pub fn with_vertical(mut self, vertical: &str) -> Result<Self, ValidationError> {
        let ok = !vertical.is_empty()
            && vertical.len() <= 64
            && vertical
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'_');
        if !ok {
            return Err(ValidationError::new(
                "vertical",
                "must be an industry code such as RETAIL",
            ));
        }
        self.vertical = Some(vertical.to_owned());
        Ok(self)
    }

    /// Sets `profile_picture_handle` (a handle from Meta's resumable upload API).
    pub fn with_profile_picture_handle(mut self, handle: &str) -> Result<Self, ValidationError> {
        self.profile_picture_handle =
            Some(limits::required("profile_picture_handle", handle, 4096)?);
        Ok(self)
    }

    /// The new `about`.
    pub fn about(&self) -> Option<&str> {
        self.about.as_deref()
    }

    /// The new `address`.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// The new `description`.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The new `email`.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The new `websites`.
    pub fn websites(&self) -> Option<&[String]> {
        self.websites.as_deref()
    }

    /// The new `vertical`.
    pub fn vertical(&self) -> Option<&str> {
        self.vertical.as_deref()
    }

    /// The new `profile_picture_handle`.
    pub fn profile_picture_handle(&self) -> Option<&str> {
        self.profile_picture_handle.as_deref()
    }

    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
