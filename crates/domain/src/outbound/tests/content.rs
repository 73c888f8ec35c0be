//! Text, media, reactions, locations, contacts and the message envelope.

use super::rejects;
use crate::outbound::*;
use crate::{WaId, Wamid};

fn wamid() -> Wamid {
    Wamid::parse("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQz").unwrap()
}

#[test]
fn text_body_is_limited_to_4096_characters_counted_as_characters() {
    assert!(TextContent::new(&"é".repeat(4096), true).is_ok());
    rejects(TextContent::new(&"a".repeat(4097), false), "text.body");
    rejects(TextContent::new("  \n ", false), "text.body");
}

#[test]
fn captions_are_limited_and_only_allowed_where_meta_allows_them() {
    let id = || MediaSource::Id(MediaId::parse("1037543291543636").unwrap());
    for kind in [MediaKind::Image, MediaKind::Video, MediaKind::Document] {
        assert!(
            MediaContent::new(kind, id(), Some(&"c".repeat(1024)), None).is_ok(),
            "{kind:?}"
        );
        rejects(
            MediaContent::new(kind, id(), Some(&"c".repeat(1025)), None),
            "caption",
        );
    }
    for kind in [MediaKind::Audio, MediaKind::Sticker] {
        rejects(MediaContent::new(kind, id(), Some("hi"), None), "caption");
    }
    rejects(
        MediaContent::new(MediaKind::Image, id(), None, Some("a.pdf")),
        "filename",
    );
    rejects(
        MediaContent::new(MediaKind::Document, id(), None, Some("../a.pdf")),
        "filename",
    );
    let doc = MediaContent::new(MediaKind::Document, id(), None, Some("invoice.pdf")).unwrap();
    assert_eq!(doc.filename(), Some("invoice.pdf"));
}

#[test]
fn media_links_must_be_http_urls_and_ids_plain_tokens() {
    assert!(MediaSource::link("link", "https://example.com/a.jpg").is_ok());
    rejects(MediaSource::link("link", "ftp://example.com/a.jpg"), "link");
    rejects(MediaSource::link("link", "https:///a.jpg"), "link");
    rejects(MediaSource::link("link", "https://exa mple.com"), "link");
    rejects(MediaId::parse(""), "media_id");
    rejects(MediaId::parse("12/34"), "media_id");
}

#[test]
fn media_kind_follows_the_mime_type_and_knows_meta_caps() {
    assert_eq!(MediaKind::of_mime("image/webp"), MediaKind::Sticker);
    assert_eq!(MediaKind::of_mime("image/JPEG"), MediaKind::Image);
    assert_eq!(
        MediaKind::of_mime("audio/ogg; codecs=opus"),
        MediaKind::Audio
    );
    assert_eq!(MediaKind::of_mime("application/pdf"), MediaKind::Document);
    assert_eq!(MediaKind::Image.max_bytes(), 5 * 1024 * 1024);
    assert_eq!(MediaKind::Sticker.max_bytes(), 500 * 1024);
}

#[test]
fn media_url_never_shows_its_query_string() {
    let url = MediaUrl::new(
        "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&hash=s3cr3t".into(),
    );
    assert_eq!(url.origin(), "https://lookaside.fbsbx.com");
    assert!(!format!("{url:?} {url}").contains("s3cr3t"));
}

#[test]
fn reactions_take_one_emoji_or_none_and_cannot_be_replies() {
    assert!(ReactionContent::new(wamid(), Some("👍")).is_ok());
    assert!(ReactionContent::new(wamid(), Some("👨‍👩‍👧")).is_ok());
    assert!(ReactionContent::new(wamid(), None).is_ok());
    rejects(ReactionContent::new(wamid(), Some("ok")), "reaction.emoji");
    rejects(ReactionContent::new(wamid(), Some("")), "reaction.emoji");
    let reaction = OutboundContent::Reaction(ReactionContent::new(wamid(), Some("👍")).unwrap());
    let message = OutboundMessage::new(WaId::parse("16505551234").unwrap(), reaction);
    rejects(message.reply_to(wamid()), "context.message_id");
}

#[test]
fn locations_need_real_coordinates() {
    assert!(LocationContent::new(-33.9, 151.2, Some("Opera"), None).is_ok());
    rejects(
        LocationContent::new(91.0, 0.0, None, None),
        "location.latitude",
    );
    rejects(
        LocationContent::new(0.0, f64::NAN, None, None),
        "location.longitude",
    );
    rejects(
        LocationContent::new(0.0, 0.0, Some(""), None),
        "location.name",
    );
}

#[test]
fn contact_cards_check_names_phones_and_emails() {
    let card = ContactCard::new("Ana Lima")
        .unwrap()
        .with_phone("+1 650-555-1234", Some("CELL"), None)
        .unwrap()
        .with_email("ana@example.com", None)
        .unwrap();
    assert_eq!(card.phones().len(), 1);
    rejects(ContactCard::new(" "), "contacts.name.formatted_name");
    rejects(
        ContactCard::new("A")
            .unwrap()
            .with_phone("call me", None, None),
        "contacts.phones.phone",
    );
    rejects(
        ContactCard::new("A").unwrap().with_email("nope", None),
        "contacts.emails.email",
    );
    rejects(OutboundContent::contacts(Vec::new()), "contacts");
}

#[test]
fn callback_data_is_limited_to_512_characters() {
    let text = || OutboundContent::Text(TextContent::new("hi", false).unwrap());
    let to = || WaId::parse("16505551234").unwrap();
    let ok = OutboundMessage::new(to(), text())
        .callback_data(&"x".repeat(512))
        .unwrap();
    assert_eq!(ok.biz_opaque_callback_data().map(str::len), Some(512));
    rejects(
        OutboundMessage::new(to(), text()).callback_data(&"x".repeat(513)),
        "biz_opaque_callback_data",
    );
    let reply = OutboundMessage::new(to(), text())
        .reply_to(wamid())
        .unwrap();
    assert_eq!(reply.replying_to(), Some(&wamid()));
}

#[test]
fn api_versions_look_like_meta_s() {
    assert!(ApiVersion::parse("v23.0").is_ok());
    assert!(ApiVersion::parse("v25.0").is_ok());
    for bad in ["23.0", "v23", "v.0", "vx.y", "v23.0/"] {
        rejects(ApiVersion::parse(bad), "api_version");
    }
}

#[test]
fn profile_updates_follow_meta_limits() {
    let update = BusinessProfileUpdate::new()
        .with_about(&"a".repeat(139))
        .unwrap()
        .with_websites(&["https://a.example", "https://b.example"])
        .unwrap();
    assert!(!update.is_empty());
    rejects(
        BusinessProfileUpdate::new().with_about(&"a".repeat(140)),
        "about",
    );
    rejects(
        BusinessProfileUpdate::new().with_address(&"a".repeat(257)),
        "address",
    );
    rejects(BusinessProfileUpdate::new().with_email("x"), "email");
    rejects(
        BusinessProfileUpdate::new().with_websites(&["https://a", "https://b", "https://c"]),
        "websites",
    );
    rejects(
        BusinessProfileUpdate::new().with_vertical("retail"),
        "vertical",
    );
    assert!(BusinessProfileUpdate::new().is_empty());
}
