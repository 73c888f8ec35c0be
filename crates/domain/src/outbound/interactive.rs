//! Interactive messages: up to three reply buttons, a list of up to ten rows, a CTA URL button.

use std::collections::HashSet;

use super::limits::{
    self, BUTTON_ID_MAX, BUTTON_TITLE_MAX, BUTTONS_BODY_MAX, BUTTONS_MAX, CTA_DISPLAY_TEXT_MAX,
    FOOTER_MAX, HEADER_TEXT_MAX,
};
use super::media::{MediaKind, MediaSource};
use crate::error::ValidationError;

/// An `interactive` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interactive {
    /// `type: button`: one to three quick-reply buttons.
    Buttons(ReplyButtons),
    /// `type: list`: a menu of rows in sections.
    List(super::list::ListMessage),
    /// `type: cta_url`: one button that opens a URL.
    CtaUrl(CtaUrl),
}

/// The part of an interactive message shown above, around and below the action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// `body.text`.
    pub body: String,
    /// `header`, if any.
    pub header: Option<InteractiveHeader>,
    /// `footer.text`, if any.
    pub footer: Option<String>,
}

impl Frame {
    pub(crate) fn new(
        body: &str,
        body_max: usize,
        header: Option<InteractiveHeader>,
        footer: Option<&str>,
    ) -> Result<Self, ValidationError> {
        Ok(Self {
            body: limits::required("interactive.body.text", body, body_max)?,
            header,
            footer: limits::optional("interactive.footer.text", footer, FOOTER_MAX)?,
        })
    }
}

/// The header of a button or CTA message: text (≤ 60) or an image, video or document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteractiveHeader {
    /// `type: text`.
    Text(String),
    /// `type: image | video | document`.
    Media(MediaKind, MediaSource),
}

impl InteractiveHeader {
    /// A text header of 1 to 60 characters.
    pub fn text(text: &str) -> Result<Self, ValidationError> {
        limits::required("interactive.header.text", text, HEADER_TEXT_MAX).map(Self::Text)
    }

    /// A media header; only image, video and document are allowed.
    pub fn media(kind: MediaKind, source: MediaSource) -> Result<Self, ValidationError> {
        match kind {
            MediaKind::Image | MediaKind::Video | MediaKind::Document => {
                Ok(Self::Media(kind, source))
            }
            MediaKind::Audio | MediaKind::Sticker => Err(ValidationError::new(
                "interactive.header.type",
                "must be text, image, video or document",
            )),
        }
    }
}

/// One quick-reply button: `reply{id, title}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyButton {
    /// What comes back in the customer's `button_reply.id` (1 to 256 characters).
    pub id: String,
    /// The label (1 to 20 characters).
    pub title: String,
}

impl ReplyButton {
    /// Checks the id (≤ 256) and the title (≤ 20).
    pub fn new(id: &str, title: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            id: limits::required("interactive.action.buttons.reply.id", id, BUTTON_ID_MAX)?,
            title: limits::required(
                "interactive.action.buttons.reply.title",
                title,
                BUTTON_TITLE_MAX,
            )?,
        })
    }
}

/// Reply buttons: a body of at most 1,024 characters and one to three unique buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyButtons {
    /// Body, header and footer.
    frame: Frame,
    buttons: Vec<ReplyButton>,
}

impl ReplyButtons {
    /// Checks the body, footer (≤ 60) and buttons (1 to 3, ids and titles unique).
    pub fn new(
        body: &str,
        buttons: Vec<ReplyButton>,
        header: Option<InteractiveHeader>,
        footer: Option<&str>,
    ) -> Result<Self, ValidationError> {
        let frame = Frame::new(body, BUTTONS_BODY_MAX, header, footer)?;
        limits::count("interactive.action.buttons", buttons.len(), 1, BUTTONS_MAX)?;
        unique(
            "interactive.action.buttons.reply.id",
            buttons.iter().map(|b| &b.id),
        )?;
        unique(
            "interactive.action.buttons.reply.title",
            buttons.iter().map(|b| &b.title),
        )?;
        Ok(Self { frame, buttons })
    }

    /// Body, header and footer.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// The buttons, in order.
    pub fn buttons(&self) -> &[ReplyButton] {
        &self.buttons
    }
}

/// A call-to-action button that opens a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtaUrl {
    frame: Frame,
    display_text: String,
    url: String,
}

impl CtaUrl {
    /// Checks body (≤ 1,024), button text (≤ 20) and URL (`http(s)`).
    pub fn new(
        body: &str,
        display_text: &str,
        url: &str,
        header: Option<InteractiveHeader>,
        footer: Option<&str>,
    ) -> Result<Self, ValidationError> {
        Ok(Self {
            frame: Frame::new(body, BUTTONS_BODY_MAX, header, footer)?,
            display_text: limits::required(
                "interactive.action.parameters.display_text",
                display_text,
                CTA_DISPLAY_TEXT_MAX,
            )?,
            url: limits::url("interactive.action.parameters.url", url)?,
        })
    }

    /// Body, header and footer.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// The button's text.
    pub fn display_text(&self) -> &str {
        &self.display_text
    }

    /// The URL the button opens.
    pub fn url(&self) -> &str {
        &self.url
    }
}

pub(crate) fn unique<'a>(
    field: &'static str,
    values: impl Iterator<Item = &'a String>,
) -> Result<(), ValidationError> {
    let mut seen = HashSet::new();
    for value in values {
        if !seen.insert(value.as_str()) {
            return Err(ValidationError::new(field, "must be unique"));
        }
    }
    Ok(())
}
