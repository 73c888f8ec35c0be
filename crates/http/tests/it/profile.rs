//! The caller's own profile: the display name and the profile picture.

use serde_json::{Value, json};

use crate::helpers::{error_of, spawn_app};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR";

#[tokio::test]
async fn put_me_sets_and_clears_the_display_name_and_auth_me_shows_it() {
    let app = spawn_app().await;
    let before: Value = app.get("/auth/me").await.json().await.unwrap();
    assert_eq!(before["user"]["display_name"], "Test Agent");
    let response = app
        .client
        .put(app.url("/me"))
        .json(&json!({"display_name": "  Ann  "}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let profile: Value = response.json().await.unwrap();
    assert_eq!(profile["display_name"], "Ann");
    let me: Value = app.get("/auth/me").await.json().await.unwrap();
    assert_eq!(
        me["user"]["display_name"], "Ann",
        "the cached principal was dropped"
    );
    let blank = app
        .client
        .put(app.url("/me"))
        .json(&json!({"display_name": " "}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(blank, 400).await["field"], "display_name");
    let cleared: Value = app
        .client
        .put(app.url("/me"))
        .json(&json!({"display_name": null}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["display_name"], Value::Null);
}

#[tokio::test]
async fn a_profile_picture_is_stored_and_read_back() {
    let app = spawn_app().await;
    let none = app.get("/me/profile-picture").await;
    assert_eq!(
        error_of(none, 404).await["code"],
        "profile_picture_not_found"
    );
    let response = app
        .client
        .post(app.url("/me/profile-picture"))
        .header("content-type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let profile: Value = response.json().await.unwrap();
    assert_eq!(profile["profile_picture_url"], "/me/profile-picture");
    let picture = app.get("/me/profile-picture").await;
    assert_eq!(picture.status(), 200);
    assert_eq!(picture.headers()["content-type"], "image/png");
    assert_eq!(picture.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test]
async fn only_jpeg_png_and_webp_up_to_5_mib_are_accepted() {
    let app = spawn_app().await;
    let upload = |content_type: &'static str, body: Vec<u8>| {
        app.client
            .post(app.url("/me/profile-picture"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases: [(&str, &str, Vec<u8>, u16); 5] = [
        ("svg as png", "image/png", b"<svg xmlns=...>".to_vec(), 415),
        ("png declared as jpeg", "image/jpeg", PNG.to_vec(), 415),
        ("gif", "image/gif", b"GIF89a....".to_vec(), 415),
        (
            "too large",
            "image/png",
            [PNG, &vec![0; 5 * 1024 * 1024]].concat(),
            413,
        ),
        (
            "jpeg",
            "image/jpeg",
            vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0],
            200,
        ),
    ];
    for (name, content_type, body, status) in cases {
        let response = upload(content_type, body).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{name}");
    }
    let webp = b"RIFF\x10\x00\x00\x00WEBPVP8 ".to_vec();
    assert_eq!(upload("image/webp", webp).await.unwrap().status(), 200);
}
