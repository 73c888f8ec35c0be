//! Media messages: image, video, audio and voice notes, documents, stickers.

use inbox_domain::{MediaRef, MessageKind};
use inbox_testkit::webhook::{Msg, wamid};
use serde_json::json;

use crate::helpers::{FROM, assert_common, one_message};

fn media_ref(id: &str, mime_type: &str, filename: Option<&str>) -> MediaRef {
    MediaRef {
        meta_media_id: Some(id.to_owned()),
        storage_key: None,
        mime_type: Some(mime_type.to_owned()),
        sha256: None,
        filename: filename.map(str::to_owned),
    }
}

/// Compares everything but `sha256`, which is checked to be carried through separately.
fn assert_media(actual: Option<MediaRef>, expected: MediaRef, case: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{case}: media expected"));
    assert!(
        actual.sha256.as_deref().is_some_and(|s| !s.is_empty()),
        "{case}: sha256"
    );
    assert_eq!(
        MediaRef {
            sha256: None,
            ..actual
        },
        expected,
        "{case}"
    );
}

#[test]
fn image_and_video_carry_media_and_caption_as_body() {
    for (kind, msg, mime) in [
        (
            MessageKind::Image,
            Msg::image(FROM, &wamid("m1"), "1001"),
            "image/jpeg",
        ),
        (
            MessageKind::Video,
            Msg::video(FROM, &wamid("m1"), "1001"),
            "video/mp4",
        ),
    ] {
        let m = one_message(
            msg.caption("The parcel label")
                .media_url("https://lookaside.fbsbx.com/x"),
        );
        assert_common(&m, "m1");
        assert_eq!(m.kind, kind);
        assert_eq!(m.body.as_deref(), Some("The parcel label"), "{kind:?}");
        assert_media(m.media, media_ref("1001", mime, None), kind.as_str());
        let object = &m.payload[kind.as_str()];
        assert_eq!(object["caption"], "The parcel label", "{kind:?}");
        assert_eq!(object["url"], "https://lookaside.fbsbx.com/x", "{kind:?}");
    }
}

#[test]
fn an_image_without_caption_has_no_body() {
    let m = one_message(Msg::image(FROM, &wamid("m2"), "1002"));
    assert_eq!(m.body, None);
    assert!(m.media.is_some());
}

#[test]
fn audio_keeps_the_voice_flag_in_the_payload() {
    for (msg, voice) in [
        (Msg::audio(FROM, &wamid("m3"), "1003"), false),
        (Msg::voice(FROM, &wamid("m3"), "1003"), true),
    ] {
        let m = one_message(msg);
        assert_common(&m, "m3");
        assert_eq!(m.kind, MessageKind::Audio);
        assert_eq!(m.body, None);
        assert_media(
            m.media,
            media_ref("1003", "audio/ogg; codecs=opus", None),
            "audio",
        );
        assert_eq!(m.payload["audio"]["voice"], json!(voice));
    }
}

#[test]
fn a_document_keeps_its_filename_and_caption() {
    let msg = Msg::document(FROM, &wamid("m4"), "1004", "invoice-0042.pdf").caption("Invoice");
    let m = one_message(msg);
    assert_common(&m, "m4");
    assert_eq!(m.kind, MessageKind::Document);
    assert_eq!(m.body.as_deref(), Some("Invoice"));
    assert_media(
        m.media,
        media_ref("1004", "application/pdf", Some("invoice-0042.pdf")),
        "document",
    );
    assert_eq!(m.payload["document"]["filename"], "invoice-0042.pdf");
}

#[test]
fn a_sticker_keeps_the_animated_flag() {
    for (msg, animated) in [
        (Msg::sticker(FROM, &wamid("m5"), "1005"), false),
        (Msg::sticker(FROM, &wamid("m5"), "1005").animated(), true),
    ] {
        let m = one_message(msg);
        assert_common(&m, "m5");
        assert_eq!(m.kind, MessageKind::Sticker);
        assert_eq!(m.body, None);
        assert_media(m.media, media_ref("1005", "image/webp", None), "sticker");
        assert_eq!(m.payload["sticker"]["animated"], json!(animated));
    }
}

#[test]
fn media_too_large_arrives_as_an_error_and_is_kept_as_unsupported() {
    use inbox_testkit::webhook::WaError;
    let error = WaError::new(131_052, "Media download error").details("File too large");
    let m = one_message(Msg::without_content(FROM, &wamid("m6"), "video", error));
    assert_eq!(m.kind, MessageKind::Unsupported);
    assert_eq!(m.meta_type, "video");
    assert_eq!(m.media, None);
    assert_eq!(m.errors.len(), 1);
    assert_eq!(m.errors[0].code, 131_052);
    assert_eq!(m.errors[0].details.as_deref(), Some("File too large"));
    assert_eq!(
        m.decode_error.as_deref(),
        Some("the `video` object is missing")
    );
}
