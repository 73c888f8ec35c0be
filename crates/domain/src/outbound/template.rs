//! Template messages: an approved template's name and language, and the values of its parameters.

use std::collections::HashSet;

use super::limits::{self, FREE_TEXT_MAX, HEADER_TEXT_MAX};
use super::media::{MediaKind, MediaSource};
use super::template_name::{LanguageCode, TemplateName};
use crate::error::ValidationError;

/// One value for a template placeholder; `name` is set for templates with named parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateParameter {
    /// `type: text`.
    Text {
        /// The value (no newlines, tabs or more than four consecutive spaces).
        text: String,
        /// `parameter_name` for named templates.
        name: Option<String>,
    },
    /// `type: currency`.
    Currency {
        /// What old clients show.
        fallback_value: String,
        /// ISO 4217 code, e.g. `USD`.
        code: String,
        /// The amount times 1,000.
        amount_1000: i64,
        /// `parameter_name` for named templates.
        name: Option<String>,
    },
    /// `type: date_time`, shown as its fallback value.
    DateTime {
        /// The formatted date.
        fallback_value: String,
        /// `parameter_name` for named templates.
        name: Option<String>,
    },
    /// `type: image | video | document`, for media headers.
    Media {
        /// Image, video or document.
        kind: MediaKind,
        /// The file.
        source: MediaSource,
        /// Document file name.
        filename: Option<String>,
    },
}

impl TemplateParameter {
    /// A positional text value, checked.
    pub fn text(text: &str) -> Result<Self, ValidationError> {
        Ok(Self::Text {
            text: parameter_text(text)?,
            name: None,
        })
    }

    /// A named text value, checked (`name`: lowercase letters, digits and `_`).
    pub fn named_text(name: &str, text: &str) -> Result<Self, ValidationError> {
        Ok(Self::Text {
            text: parameter_text(text)?,
            name: Some(parameter_name(name)?),
        })
    }

    /// A currency value (`code`: three upper-case letters).
    pub fn currency(
        fallback_value: &str,
        code: &str,
        amount_1000: i64,
    ) -> Result<Self, ValidationError> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(ValidationError::new(
                "template.parameters.currency.code",
                "must be an ISO 4217 code",
            ));
        }
        Ok(Self::Currency {
            fallback_value: parameter_text(fallback_value)?,
            code: code.to_owned(),
            amount_1000,
            name: None,
        })
    }

    /// A date shown as `fallback_value`.
    pub fn date_time(fallback_value: &str) -> Result<Self, ValidationError> {
        Ok(Self::DateTime {
            fallback_value: parameter_text(fallback_value)?,
            name: None,
        })
    }

    /// A media header value: image, video or document (with an optional file name).
    pub fn media(
        kind: MediaKind,
        source: MediaSource,
        filename: Option<&str>,
    ) -> Result<Self, ValidationError> {
        if !matches!(
            kind,
            MediaKind::Image | MediaKind::Video | MediaKind::Document
        ) {
            return Err(ValidationError::new(
                "template.components.header.parameters.type",
                "must be image, video or document",
            ));
        }
        let filename = limits::optional("template.parameters.document.filename", filename, 240)?;
        Ok(Self::Media {
            kind,
            source,
            filename,
        })
    }

    fn name(&self) -> Option<&str> {
        match self {
            Self::Text { name, .. } | Self::Currency { name, .. } | Self::DateTime { name, .. } => {
                name.as_deref()
            }
            Self::Media { .. } => None,
        }
    }
}

/// The value a template button needs; its variant decides the button's `sub_type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonParameter {
    /// `sub_type: quick_reply`, `payload` echoed back when tapped (≤ 128, our policy).
    QuickReply(String),
    /// `sub_type: url`, the dynamic suffix of the button's URL.
    Url(String),
    /// `sub_type: copy_code`, a coupon code of at most 15 characters.
    CopyCode(String),
}

/// A button component: which button (`index` 0 to 9) and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateButton {
    /// The button's position in the template.
    pub index: u8,
    /// Its value.
    pub parameter: ButtonParameter,
}

impl TemplateButton {
    /// Checks the index (0 to 9) and the value's length.
    pub fn new(index: u8, parameter: ButtonParameter) -> Result<Self, ValidationError> {
        if index > 9 {
            return Err(ValidationError::new(
                "template.components.button.index",
                "must be 0 to 9",
            ));
        }
        let (field, value, max) = match &parameter {
            ButtonParameter::QuickReply(p) => ("template.components.button.payload", p, 128),
            ButtonParameter::Url(p) => ("template.components.button.text", p, 2000),
            ButtonParameter::CopyCode(p) => ("template.components.button.coupon_code", p, 15),
        };
        limits::required(field, value, max)?;
        Ok(Self { index, parameter })
    }
}

/// A template message. Only `APPROVED` templates can be sent; Meta checks that, and the
/// parameter counts against the template (`132000`), at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMessage {
    name: TemplateName,
    language: LanguageCode,
    header: Option<TemplateParameter>,
    body: Vec<TemplateParameter>,
    buttons: Vec<TemplateButton>,
}

impl TemplateMessage {
    /// Checks the components: a header takes one value (text ≤ 60 or media), the body takes
    /// text, currency and date values (no media, at most 100), all named or all positional,
    /// names unique; button indexes are unique.
    pub fn new(
        name: TemplateName,
        language: LanguageCode,
        header: Option<TemplateParameter>,
        body: Vec<TemplateParameter>,
        buttons: Vec<TemplateButton>,
    ) -> Result<Self, ValidationError> {
        if let Some(TemplateParameter::Text { text, .. }) = &header {
            limits::at_most("template.components.header.text", text, HEADER_TEXT_MAX)?;
        }
        limits::count("template.components.body.parameters", body.len(), 0, 100)?;
        if body
            .iter()
            .any(|p| matches!(p, TemplateParameter::Media { .. }))
        {
            return Err(ValidationError::new(
                "template.components.body.parameters",
                "must not contain media",
            ));
        }
        let named = body.iter().filter(|p| p.name().is_some()).count();
        if named != 0 && named != body.len() {
            return Err(ValidationError::new(
                "template.components.body.parameters",
                "must be all named or all positional",
            ));
        }
        let mut names = HashSet::new();
        if !body
            .iter()
            .filter_map(TemplateParameter::name)
            .all(|n| names.insert(n))
        {
            return Err(ValidationError::new(
                "template.components.body.parameters.parameter_name",
                "must be unique",
            ));
        }
        let mut indexes = HashSet::new();
        if !buttons.iter().all(|b| indexes.insert(b.index)) {
            return Err(ValidationError::new(
                "template.components.button.index",
                "must be unique",
            ));
        }
        Ok(Self {
            name,
            language,
            header,
            body,
            buttons,
        })
    }

    /// The template's name.
    pub fn name(&self) -> &TemplateName {
        &self.name
    }

    /// The language (`language.code`).
    pub fn language(&self) -> &LanguageCode {
        &self.language
    }

    /// The header value, if the header has a placeholder.
    pub fn header(&self) -> Option<&TemplateParameter> {
        self.header.as_ref()
    }

    /// The body values, in order.
    pub fn body(&self) -> &[TemplateParameter] {
        &self.body
    }

    /// The button values.
    pub fn buttons(&self) -> &[TemplateButton] {
        &self.buttons
    }
}

/// Checks a text value: 1 to 1,024 characters (our policy), no newline or tab, at most four
/// consecutive spaces (rejections reported by providers, **unverified** from Meta).
fn parameter_text(text: &str) -> Result<String, ValidationError> {
    const FIELD: &str = "template.parameters.text";
    let text = limits::required(FIELD, text, FREE_TEXT_MAX)?;
    if text.contains(['\n', '\r', '\t']) {
        return Err(ValidationError::new(
            FIELD,
            "must not contain newlines or tabs",
        ));
    }
    if text.contains("     ") {
        return Err(ValidationError::new(
            FIELD,
            "must not contain more than four consecutive spaces",
        ));
    }
    Ok(text)
}

fn parameter_name(name: &str) -> Result<String, ValidationError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(name.to_owned())
    } else {
        Err(ValidationError::new(
            "template.parameters.parameter_name",
            "must have 1 to 64 lowercase letters, digits or '_'",
        ))
    }
}
