//! Which media kinds a media gallery shows.

use crate::error::ValidationError;
use crate::outbound::MediaKind;

use super::MessageKind;

/// Every media kind, in the order galleries name them.
const EVERY_KIND: [MediaKind; 5] = [
    MediaKind::Image,
    MediaKind::Video,
    MediaKind::Audio,
    MediaKind::Document,
    MediaKind::Sticker,
];

/// A non-empty set of media kinds, the filter of a media gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MediaKinds(u8);

impl MediaKinds {
    /// Every media kind: image, video, audio, document and sticker.
    pub const ALL: Self = Self(0b1_1111);

    /// The set of `kinds`, repeats ignored; the error names the field `kind` when it is empty.
    pub fn of(kinds: impl IntoIterator<Item = MediaKind>) -> Result<Self, ValidationError> {
        let bits = kinds.into_iter().fold(0, |bits, kind| bits | bit(kind));
        if bits == 0 {
            return Err(ValidationError::new(
                "kind",
                "name at least one media kind: image, video, audio, document or sticker",
            ));
        }
        Ok(Self(bits))
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: MediaKind) -> bool {
        self.0 & bit(kind) != 0
    }

    /// The kinds of the set.
    pub fn iter(self) -> impl Iterator<Item = MediaKind> {
        EVERY_KIND
            .into_iter()
            .filter(move |kind| self.contains(*kind))
    }
}

const fn bit(kind: MediaKind) -> u8 {
    match kind {
        MediaKind::Image => 1,
        MediaKind::Video => 2,
        MediaKind::Audio => 4,
        MediaKind::Document => 8,
        MediaKind::Sticker => 16,
    }
}

impl MessageKind {
    /// The media kind of a message of this kind; `None` for kinds without a media file.
    pub const fn media_kind(self) -> Option<MediaKind> {
        match self {
            Self::Image => Some(MediaKind::Image),
            Self::Audio => Some(MediaKind::Audio),
            Self::Video => Some(MediaKind::Video),
            Self::Document => Some(MediaKind::Document),
            Self::Sticker => Some(MediaKind::Sticker),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_holds_every_kind_and_sets_ignore_repeats() {
        assert_eq!(MediaKinds::ALL.iter().collect::<Vec<_>>(), EVERY_KIND);
        assert_eq!(MediaKinds::of(EVERY_KIND).unwrap(), MediaKinds::ALL);
        let pictures = MediaKinds::of([MediaKind::Image, MediaKind::Video, MediaKind::Image]);
        assert_eq!(
            pictures.unwrap().iter().collect::<Vec<_>>(),
            [MediaKind::Image, MediaKind::Video]
        );
    }

    #[test]
    fn an_empty_set_is_refused_naming_the_field() {
        assert_eq!(MediaKinds::of([]).unwrap_err().field, "kind");
    }

    #[test]
    fn media_kinds_of_message_kinds_match_is_media() {
        for kind in MessageKind::ALL {
            assert_eq!(kind.media_kind().is_some(), kind.is_media(), "{kind:?}");
            if let Some(media) = kind.media_kind() {
                assert_eq!(media.as_str(), kind.as_str());
            }
        }
    }
}
