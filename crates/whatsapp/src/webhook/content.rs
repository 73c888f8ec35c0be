//! The kind-specific object of a message: which kind it is and what the inbox list shows of it.
//!
//! Only what becomes a typed field is read here (body, media, reaction); every other field
//! (voice, animated, coordinates, product items, `response_json`, ...) stays in the payload.

use inbox_domain::inbound::ReactionChange;
use inbox_domain::{MediaRef, MessageKind, Wamid};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::value::decode;

/// What a message's content says, in typed form.
pub(crate) struct Content {
    pub(crate) kind: MessageKind,
    pub(crate) body: Option<String>,
    pub(crate) media: Option<MediaRef>,
    pub(crate) reaction: Option<ReactionChange>,
}

impl Content {
    fn of(kind: MessageKind, body: Option<String>) -> Self {
        Self {
            kind,
            body: body.filter(|body| !body.is_empty()),
            media: None,
            reaction: None,
        }
    }

    /// Content of an unknown type, or that could not be read; the raw object stays in `payload`.
    pub(crate) fn unsupported() -> Self {
        Self::of(MessageKind::Unsupported, None)
    }
}

/// Reads the object named by the message's `type`.
///
/// Unknown types (`unknown`, `edit`, `revoke`, `poll_creation`, ...) are `Unsupported` without
/// error. A known type whose object is missing or malformed is an error naming the problem.
pub(crate) fn read(meta_type: &str, object: Option<&Value>) -> Result<Content, String> {
    if meta_type.is_empty() {
        return Err("`type` is missing".to_owned());
    }
    let Ok(kind) = meta_type.parse::<MessageKind>() else {
        return Ok(Content::unsupported());
    };
    if matches!(kind, MessageKind::Unsupported | MessageKind::Template) {
        return Ok(Content::of(kind, None));
    }
    let object = object
        .filter(|object| !object.is_null())
        .ok_or_else(|| format!("the `{meta_type}` object is missing"))?;
    read_kind(kind, object).map_err(|reason| format!("`{meta_type}`: {reason}"))
}

fn read_kind(kind: MessageKind, object: &Value) -> Result<Content, String> {
    use MessageKind as K;
    Ok(match kind {
        K::Text => Content::of(kind, Some(typed::<Text>(object)?.body)),
        K::Image | K::Video | K::Audio | K::Document | K::Sticker => media(kind, object)?,
        K::Location => {
            let place: Location = typed(object)?;
            let parts: Vec<String> = [place.name, place.address].into_iter().flatten().collect();
            Content::of(kind, Some(parts.join(", ")))
        }
        K::Contacts => {
            let cards: Vec<Card> = typed(object)?;
            let names: Vec<String> = cards
                .into_iter()
                .filter_map(|card| card.name.and_then(|name| name.formatted_name))
                .collect();
            Content::of(kind, Some(names.join(", ")))
        }
        K::Interactive => {
            let reply: Interactive = typed(object)?;
            let body = (reply
                .button_reply
                .or(reply.list_reply)
                .and_then(|r| r.title))
            .or_else(|| reply.nfm_reply.and_then(|flow| flow.body));
            Content::of(kind, body)
        }
        K::Button => Content::of(kind, typed::<Button>(object)?.text),
        K::Reaction => reaction(object)?,
        K::Order => Content::of(kind, typed::<Order>(object)?.text),
        K::System => Content::of(kind, typed::<Plain>(object)?.body),
        K::Referral => {
            let ad: Referral = typed(object)?;
            Content::of(kind, ad.headline.or(ad.body))
        }
        K::Template | K::Unsupported => Content::of(kind, None),
    })
}

fn typed<T: DeserializeOwned>(object: &Value) -> Result<T, String> {
    decode(object)
}

fn media(kind: MessageKind, object: &Value) -> Result<Content, String> {
    let media: Media = typed(object)?;
    let mut content = Content::of(kind, media.caption);
    content.media = Some(MediaRef {
        meta_media_id: Some(media.id),
        storage_key: None,
        mime_type: media.mime_type,
        sha256: media.sha256,
        filename: media.filename,
    });
    Ok(content)
}

fn reaction(object: &Value) -> Result<Content, String> {
    let reaction: Reaction = typed(object)?;
    let target =
        Wamid::parse(&reaction.message_id).map_err(|e| format!("`message_id`: {}", e.reason))?;
    let emoji = reaction.emoji.filter(|emoji| !emoji.is_empty());
    let mut content = Content::of(MessageKind::Reaction, emoji.clone());
    content.reaction = Some(ReactionChange { target, emoji });
    Ok(content)
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

#[derive(Deserialize)]
struct Media {
    id: String,
    mime_type: Option<String>,
    sha256: Option<String>,
    caption: Option<String>,
    filename: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    name: Option<String>,
    address: Option<String>,
}

#[derive(Deserialize)]
struct Card {
    name: Option<CardName>,
}

#[derive(Deserialize)]
struct CardName {
    formatted_name: Option<String>,
}

#[derive(Deserialize)]
struct Interactive {
    button_reply: Option<Reply>,
    list_reply: Option<Reply>,
    nfm_reply: Option<Plain>,
}

#[derive(Deserialize)]
struct Reply {
    title: Option<String>,
}

#[derive(Deserialize)]
struct Button {
    text: Option<String>,
}

#[derive(Deserialize)]
struct Reaction {
    message_id: String,
    emoji: Option<String>,
}

#[derive(Deserialize)]
struct Order {
    text: Option<String>,
}

/// Any object whose readable part is `body` (`system`, `nfm_reply`).
#[derive(Deserialize)]
struct Plain {
    body: Option<String>,
}

#[derive(Deserialize)]
struct Referral {
    headline: Option<String>,
    body: Option<String>,
}
