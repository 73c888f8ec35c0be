//! What an outgoing message says: the content kinds and the simple ones (text, reaction, place).

use super::contacts::ContactCard;
use super::interactive::Interactive;
use super::limits::{self, FREE_TEXT_MAX, TEXT_BODY_MAX};
use super::media::MediaContent;
use super::template::TemplateMessage;
use crate::error::ValidationError;
use crate::wamid::Wamid;

/// The content of an outgoing message, one variant per Meta `type`. Every value was checked
/// against Meta's limits when built.
#[derive(Debug, Clone, PartialEq)]
pub enum OutboundContent {
    /// `text`.
    Text(TextContent),
    /// `image`, `audio`, `video`, `document` or `sticker`.
    Media(MediaContent),
    /// `interactive`: reply buttons, a list or a CTA URL button.
    Interactive(Interactive),
    /// `template`: an approved template with its parameters.
    Template(TemplateMessage),
    /// `reaction` to one of the customer's messages, or the removal of ours.
    Reaction(ReactionContent),
    /// `location`.
    Location(LocationContent),
    /// `contacts`: one or more contact cards.
    Contacts(Vec<ContactCard>),
}

impl OutboundContent {
    /// Meta's `type` value for this content.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Media(media) => media.kind().as_str(),
            Self::Interactive(_) => "interactive",
            Self::Template(_) => "template",
            Self::Reaction(_) => "reaction",
            Self::Location(_) => "location",
            Self::Contacts(_) => "contacts",
        }
    }

    /// Contact cards, checked: 1 to 20 cards (our policy).
    pub fn contacts(cards: Vec<ContactCard>) -> Result<Self, ValidationError> {
        limits::count("contacts", cards.len(), 1, 20)?;
        Ok(Self::Contacts(cards))
    }
}

/// A text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextContent {
    body: String,
    preview_url: bool,
}

impl TextContent {
    /// Checks the body: 1 to 4,096 characters, not only whitespace. `preview_url` asks
    /// WhatsApp to render a preview of the first URL in the body.
    pub fn new(body: &str, preview_url: bool) -> Result<Self, ValidationError> {
        Ok(Self {
            body: limits::required("text.body", body, TEXT_BODY_MAX)?,
            preview_url,
        })
    }

    /// The body.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Whether a link preview is requested.
    pub fn preview_url(&self) -> bool {
        self.preview_url
    }
}

/// A reaction to a message, or (with no emoji) the removal of our earlier reaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionContent {
    message_id: Wamid,
    emoji: Option<String>,
}

impl ReactionContent {
    /// Reacts to `message_id` with `emoji` (1 to 10 characters, no letters, digits or
    /// whitespace), or removes our reaction when `emoji` is `None` (sent as `""`).
    pub fn new(message_id: Wamid, emoji: Option<&str>) -> Result<Self, ValidationError> {
        if let Some(emoji) = emoji {
            let chars = emoji.chars().count();
            let plausible = (1..=10).contains(&chars)
                && !emoji
                    .chars()
                    .any(|c| c.is_ascii_alphanumeric() || c.is_whitespace());
            if !plausible {
                return Err(ValidationError::new(
                    "reaction.emoji",
                    "must be a single emoji",
                ));
            }
        }
        Ok(Self {
            message_id,
            emoji: emoji.map(str::to_owned),
        })
    }

    /// The message reacted to.
    pub fn message_id(&self) -> &Wamid {
        &self.message_id
    }

    /// The emoji, `None` for a removal.
    pub fn emoji(&self) -> Option<&str> {
        self.emoji.as_deref()
    }
}

/// A location pin.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationContent {
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
}

impl LocationContent {
    /// Checks the coordinates (finite, latitude within ±90, longitude within ±180) and the
    /// optional name and address (1 to 1,024 characters, our policy).
    pub fn new(
        latitude: f64,
        longitude: f64,
        name: Option<&str>,
        address: Option<&str>,
    ) -> Result<Self, ValidationError> {
        if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
            return Err(ValidationError::new(
                "location.latitude",
                "must be between -90 and 90",
            ));
        }
        if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
            return Err(ValidationError::new(
                "location.longitude",
                "must be between -180 and 180",
            ));
        }
        Ok(Self {
            latitude,
            longitude,
            name: limits::optional("location.name", name, FREE_TEXT_MAX)?,
            address: limits::optional("location.address", address, FREE_TEXT_MAX)?,
        })
    }

    /// Latitude in degrees.
    pub fn latitude(&self) -> f64 {
        self.latitude
    }

    /// Longitude in degrees.
    pub fn longitude(&self) -> f64 {
        self.longitude
    }

    /// The place's name, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The place's address, if any.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }
}
