//! The kinds of WhatsApp message the inbox stores.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::ValidationError;

macro_rules! kinds {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// What a message is; the names are Meta's `type` values.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum MessageKind {
            $(
                #[doc = concat!("Meta's `", $name, "` type.")]
                $variant,
            )+
        }

        impl MessageKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [MessageKind] = &[$(Self::$variant),+];

            /// The stored and wire name (Meta's `type`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
        }

        impl FromStr for MessageKind {
            type Err = ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(Self::$variant),)+
                    _ => Err(ValidationError::new("kind", format!("unknown message kind `{s}`"))),
                }
            }
        }
    };
}

kinds! {
    Text => "text",
    Image => "image",
    Audio => "audio",
    Video => "video",
    Document => "document",
    Sticker => "sticker",
    Location => "location",
    Contacts => "contacts",
    Interactive => "interactive",
    Button => "button",
    Reaction => "reaction",
    Order => "order",
    System => "system",
    Referral => "referral",
    Template => "template",
    Unsupported => "unsupported",
}

impl MessageKind {
    /// Kinds that carry a media file.
    pub const fn is_media(self) -> bool {
        matches!(
            self,
            Self::Image | Self::Audio | Self::Video | Self::Document | Self::Sticker
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in MessageKind::ALL {
            assert_eq!(kind.as_str().parse::<MessageKind>().unwrap(), *kind);
        }
    }

    #[test]
    fn unknown_kind_is_rejected_with_its_name() {
        let err = "hologram".parse::<MessageKind>().unwrap_err();
        assert!(err.reason.contains("hologram"));
    }
}
