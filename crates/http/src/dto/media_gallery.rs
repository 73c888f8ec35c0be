//! Media galleries: the query (kinds, cursor, size) and a page of media messages.

use inbox_domain::outbound::MediaKind;
use inbox_domain::{Cursor, MediaKinds, Message, Page, PageLimit, ValidationError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::message::MessageResponse;
use super::query::{parse_cursor, parse_limit};

/// Query of `GET /conversations/{id}/media` and `GET /accounts/{id}/media`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaGalleryQuery {
    /// Comma-separated media kinds: image, video, audio, document, sticker (default: all).
    #[param(value_type = Option<String>, example = "image,video")]
    pub kind: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

impl MediaGalleryQuery {
    /// The kinds, the position after which to continue, and the page size.
    pub fn try_into_domain(
        &self,
    ) -> Result<(MediaKinds, Option<Cursor>, PageLimit), ValidationError> {
        let kinds = match self.kind.as_deref() {
            None => MediaKinds::ALL,
            Some(list) => MediaKinds::of(
                list.split(',')
                    .map(|name| media_kind(name.trim()))
                    .collect::<Result<Vec<_>, _>>()?,
            )?,
        };
        let cursor = parse_cursor("cursor", self.cursor.as_deref())?;
        Ok((kinds, cursor, parse_limit(self.limit.as_deref())?))
    }
}

fn media_kind(name: &str) -> Result<MediaKind, ValidationError> {
    [
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Audio,
        MediaKind::Document,
        MediaKind::Sticker,
    ]
    .into_iter()
    .find(|kind| kind.as_str() == name)
    .ok_or_else(|| {
        ValidationError::new(
            "kind",
            "must list media kinds among image, video, audio, document and sticker",
        )
    })
}

/// Body of the media galleries: one page of media messages, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaPage {
    /// The media messages of this page, newest first (deleted ones are left out).
    pub items: Vec<MessageResponse>,
    /// Pass as `cursor` to get older media; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl From<&Page<Message>> for MediaPage {
    fn from(page: &Page<Message>) -> Self {
        Self {
            items: page.items.iter().map(Into::into).collect(),
            next_cursor: page.next.map(|c| c.encode()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(kind: Option<&str>) -> MediaGalleryQuery {
        MediaGalleryQuery {
            kind: kind.map(str::to_owned),
            cursor: None,
            limit: None,
        }
    }

    #[test]
    fn kinds_default_to_every_media_kind_and_read_a_comma_list() {
        assert_eq!(query(None).try_into_domain().unwrap().0, MediaKinds::ALL);
        let (kinds, _, _) = query(Some("image, video")).try_into_domain().unwrap();
        assert_eq!(
            kinds.iter().collect::<Vec<_>>(),
            [MediaKind::Image, MediaKind::Video]
        );
    }

    #[test]
    fn unknown_or_empty_kinds_name_the_field() {
        for bad in ["", "text", "image,", "IMAGE"] {
            let error = query(Some(bad)).try_into_domain().unwrap_err();
            assert_eq!(error.field, "kind", "{bad:?}");
        }
    }
}
