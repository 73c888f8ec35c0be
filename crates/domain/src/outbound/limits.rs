//! Meta's published limits on outgoing content, and the checks that apply them.

use crate::error::ValidationError;

/// `text.body`: at most 4,096 characters.
pub const TEXT_BODY_MAX: usize = 4096;
/// `caption` of an image, video or document: at most 1,024 characters.
pub const CAPTION_MAX: usize = 1024;
/// `biz_opaque_callback_data`: at most 512 characters.
pub const CALLBACK_DATA_MAX: usize = 512;
/// Body of reply-button and CTA URL messages: at most 1,024 characters.
pub const BUTTONS_BODY_MAX: usize = 1024;
/// Body of list messages: at most 4,096 characters.
pub const LIST_BODY_MAX: usize = 4096;
/// Footer of interactive messages: at most 60 characters.
pub const FOOTER_MAX: usize = 60;
/// Text header of interactive messages: at most 60 characters.
pub const HEADER_TEXT_MAX: usize = 60;
/// Reply buttons per message: at most 3.
pub const BUTTONS_MAX: usize = 3;
/// Reply button id: at most 256 characters.
pub const BUTTON_ID_MAX: usize = 256;
/// Reply button title: at most 20 characters.
pub const BUTTON_TITLE_MAX: usize = 20;
/// List: the text of the button that opens it, at most 20 characters.
pub const LIST_BUTTON_MAX: usize = 20;
/// List: at most 10 sections.
pub const LIST_SECTIONS_MAX: usize = 10;
/// List: at most 10 rows across all sections.
pub const LIST_ROWS_MAX: usize = 10;
/// List section title: at most 24 characters.
pub const SECTION_TITLE_MAX: usize = 24;
/// List row id: at most 200 characters.
pub const ROW_ID_MAX: usize = 200;
/// List row title: at most 24 characters.
pub const ROW_TITLE_MAX: usize = 24;
/// List row description: at most 72 characters.
pub const ROW_DESCRIPTION_MAX: usize = 72;
/// CTA URL button text: at most 20 characters.
pub const CTA_DISPLAY_TEXT_MAX: usize = 20;
/// Template name: at most 512 characters of `a-z`, `0-9` and `_`.
pub const TEMPLATE_NAME_MAX: usize = 512;
/// Business profile `about`: at most 139 characters.
pub const PROFILE_ABOUT_MAX: usize = 139;
/// Business profile `address` and `description`: at most 256 characters.
pub const PROFILE_TEXT_MAX: usize = 256;
/// Business profile `email`: at most 128 characters.
pub const PROFILE_EMAIL_MAX: usize = 128;
/// Business profile: at most 2 websites (Meta), each at most 256 characters.
pub const PROFILE_WEBSITES_MAX: usize = 2;
/// Longest URL we pass on (our policy; Meta publishes none).
pub const URL_MAX: usize = 2048;
/// Longest free text in location names, addresses and contact cards (our policy).
pub const FREE_TEXT_MAX: usize = 1024;

/// Checks that `value` has 1 to `max` characters and is not only whitespace; returns it as is.
pub(crate) fn required(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<String, ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    at_most(field, value, max)
}

/// Checks that `value` has at most `max` characters (Unicode scalar values, as Meta counts).
pub(crate) fn at_most(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<String, ValidationError> {
    if value.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("must have at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// Like [`required`] for an optional value; `None` stays `None`.
pub(crate) fn optional(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    value.map(|value| required(field, value, max)).transpose()
}

/// Checks an absolute `http` or `https` URL without whitespace, at most [`URL_MAX`] long.
pub(crate) fn url(field: &'static str, value: &str) -> Result<String, ValidationError> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| ValidationError::new(field, "must be an http or https URL"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(ValidationError::new(field, "must be an http or https URL"));
    }
    at_most(field, value, URL_MAX)
}

/// Checks that `count` items lie within `min..=max`.
pub(crate) fn count(
    field: &'static str,
    count: usize,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    if (min..=max).contains(&count) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("must have {min} to {max} items"),
        ))
    }
}
