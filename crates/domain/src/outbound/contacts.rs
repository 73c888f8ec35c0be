//! Contact cards sent in a `contacts` message (Meta's inbound shape, a common subset).

use super::limits::{self, FREE_TEXT_MAX};
use crate::error::ValidationError;
use crate::phone::WaId;

/// A phone number on a card; `wa_id` makes WhatsApp show a "Message" button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPhone {
    /// The number as written, e.g. `+1 650 555 1234`.
    pub phone: String,
    /// Meta's `type`, e.g. `CELL`, `MAIN`, `HOME`, `WORK`.
    pub label: Option<String>,
    /// The number's WhatsApp id, when known.
    pub wa_id: Option<WaId>,
}

/// An email address on a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactEmail {
    /// The address.
    pub email: String,
    /// Meta's `type`, e.g. `HOME` or `WORK`.
    pub label: Option<String>,
}

/// One contact card. Build it with [`ContactCard::new`] and the `with_*` methods, which check
/// each value (names and labels 1 to 1,024 characters, our policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCard {
    formatted_name: String,
    first_name: Option<String>,
    last_name: Option<String>,
    company: Option<String>,
    phones: Vec<ContactPhone>,
    emails: Vec<ContactEmail>,
    urls: Vec<String>,
}

impl ContactCard {
    /// A card with its required `name.formatted_name`.
    pub fn new(formatted_name: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            formatted_name: limits::required(
                "contacts.name.formatted_name",
                formatted_name,
                FREE_TEXT_MAX,
            )?,
            first_name: None,
            last_name: None,
            company: None,
            phones: Vec::new(),
            emails: Vec::new(),
            urls: Vec::new(),
        })
    }

    /// Sets `name.first_name` and `name.last_name`.
    pub fn with_names(
        mut self,
        first: Option<&str>,
        last: Option<&str>,
    ) -> Result<Self, ValidationError> {
        self.first_name = limits::optional("contacts.name.first_name", first, FREE_TEXT_MAX)?;
        self.last_name = limits::optional("contacts.name.last_name", last, FREE_TEXT_MAX)?;
        Ok(self)
    }

    /// Sets `org.company`.
    pub fn with_company(mut self, company: &str) -> Result<Self, ValidationError> {
        self.company = Some(limits::required(
            "contacts.org.company",
            company,
            FREE_TEXT_MAX,
        )?);
        Ok(self)
    }

    /// Adds a phone number (1 to 32 characters of digits, spaces, `+`, `-`, `(`, `)`).
    pub fn with_phone(
        mut self,
        phone: &str,
        label: Option<&str>,
        wa_id: Option<WaId>,
    ) -> Result<Self, ValidationError> {
        let phone = limits::required("contacts.phones.phone", phone, 32)?;
        let plausible = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'));
        if !plausible {
            return Err(ValidationError::new(
                "contacts.phones.phone",
                "must be a phone number",
            ));
        }
        let label = limits::optional("contacts.phones.type", label, 32)?;
        self.phones.push(ContactPhone {
            phone,
            label,
            wa_id,
        });
        Ok(self)
    }

    /// Adds an email address (must contain `@`, at most 320 characters).
    pub fn with_email(mut self, email: &str, label: Option<&str>) -> Result<Self, ValidationError> {
        let email = limits::required("contacts.emails.email", email, 320)?;
        if !email.contains('@') || email.chars().any(char::is_whitespace) {
            return Err(ValidationError::new(
                "contacts.emails.email",
                "must be an email address",
            ));
        }
        let label = limits::optional("contacts.emails.type", label, 32)?;
        self.emails.push(ContactEmail { email, label });
        Ok(self)
    }

    /// Adds a website (`http(s)` URL).
    pub fn with_url(mut self, url: &str) -> Result<Self, ValidationError> {
        self.urls.push(limits::url("contacts.urls.url", url)?);
        Ok(self)
    }

    /// `name.formatted_name`.
    pub fn formatted_name(&self) -> &str {
        &self.formatted_name
    }

    /// `name.first_name`.
    pub fn first_name(&self) -> Option<&str> {
        self.first_name.as_deref()
    }

    /// `name.last_name`.
    pub fn last_name(&self) -> Option<&str> {
        self.last_name.as_deref()
    }

    /// `org.company`.
    pub fn company(&self) -> Option<&str> {
        self.company.as_deref()
    }

    /// `phones[]`.
    pub fn phones(&self) -> &[ContactPhone] {
        &self.phones
    }

    /// `emails[]`.
    pub fn emails(&self) -> &[ContactEmail] {
        &self.emails
    }

    /// `urls[].url`.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }
}
