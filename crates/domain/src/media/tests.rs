//! Media keys and content types: what is accepted, what is refused and why.

use super::*;
use std::time::Duration;

#[test]
fn media_keys_accept_portable_relative_paths() {
    for good in [
        "a",
        "wa/106540352242922/1234567890",
        "avatars/0190b3c4-7f1e-7000-8000-000000000000.jpg",
        "x_y-z.tar.gz",
    ] {
        assert_eq!(MediaKey::parse(good).unwrap().as_str(), good);
    }
}

#[test]
fn media_keys_refuse_escapes_absolute_paths_and_odd_characters() {
    let long_segment = "a".repeat(MEDIA_KEY_SEGMENT_MAX + 1);
    let long_key = ["a"; 300].join("/");
    let cases = [
        ("empty", ""),
        ("absolute", "/etc/passwd"),
        ("trailing slash", "a/"),
        ("double slash", "a//b"),
        ("dot", "a/./b"),
        ("dot dot", "../secret"),
        ("dot dot inside", "a/../b"),
        ("hidden", "a/.tmp"),
        ("backslash", "a\\b"),
        ("upper case", "Avatars/x"),
        ("space", "a b"),
        ("percent", "a%2e"),
        ("unicode", "caf\u{e9}"),
        ("nul", "a\0b"),
        ("long segment", long_segment.as_str()),
        ("long key", long_key.as_str()),
    ];
    for (name, key) in cases {
        let err = MediaKey::parse(key).expect_err(name);
        assert_eq!(err.field, "key", "{name}");
    }
}

#[test]
fn content_types_are_mime_types_kept_as_given() {
    let kept = ContentType::parse(" text/plain; charset=utf-8 ").unwrap();
    assert_eq!(kept.as_str(), "text/plain; charset=utf-8");
    assert_eq!(
        ContentType::parse("Image/JPEG").unwrap().essence(),
        "image/jpeg"
    );
    assert!(ContentType::parse("application/vnd.api+json").is_ok());
    for bad in [
        "",
        "image",
        "/jpeg",
        "image/",
        "image /jpeg",
        "image/jp\neg",
        "caf\u{e9}/x",
    ] {
        assert_eq!(
            ContentType::parse(bad).unwrap_err().field,
            "content_type",
            "{bad:?}"
        );
    }
    assert!(ContentType::parse(&format!("a/{}", "b".repeat(CONTENT_TYPE_MAX))).is_err());
}

#[test]
fn signed_url_lifetimes_are_whole_seconds_up_to_a_week() {
    assert!(check_url_lifetime(Duration::from_secs(1)).is_ok());
    assert!(check_url_lifetime(SIGNED_URL_MAX_LIFETIME).is_ok());
    for bad in [
        Duration::ZERO,
        Duration::from_millis(1500),
        SIGNED_URL_MAX_LIFETIME + Duration::from_secs(1),
    ] {
        assert_eq!(
            check_url_lifetime(bad).unwrap_err().field,
            "expires_in",
            "{bad:?}"
        );
    }
}

#[test]
fn debug_output_hides_bytes_and_urls() {
    let object = MediaObject::new(ContentType::parse("image/png").unwrap(), vec![7; 3]);
    assert_eq!(
        format!("{object:?}"),
        r#"MediaObject { content_type: ContentType("image/png"), size_bytes: 3 }"#
    );
    let url = SignedUrl {
        url: "https://x.test/o?token=secret".to_owned(),
        expires_at: time::OffsetDateTime::UNIX_EPOCH,
    };
    assert!(!format!("{url:?}").contains("secret"));
}
