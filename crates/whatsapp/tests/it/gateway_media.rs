//! Media through the gateway: multipart upload, metadata, guarded download.

use inbox_domain::outbound::*;
use inbox_domain::ports::WhatsAppGateway;
use inbox_testkit::fake_meta::{FakeMetaConfig, FakeRoute};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::Duration;

use crate::gateway_support::{PNID, rig, rig_with};

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..2048_u32).map(|i| (i % 251) as u8));
    bytes
}

fn upload(bytes: Vec<u8>, mime: &str) -> MediaUpload {
    MediaUpload {
        bytes,
        mime_type: mime.to_owned(),
        filename: "file.bin".to_owned(),
    }
}

#[tokio::test]
async fn upload_then_url_then_download_round_trips_the_bytes() {
    let rig = rig().await;
    let id = rig
        .gateway
        .upload_media(&rig.from, &upload(png(), "image/png"))
        .await
        .unwrap();
    let call = rig.fake.last_call(FakeRoute::UploadMedia).unwrap();
    assert_eq!(
        call.body,
        json!({"messaging_product": "whatsapp", "type": "image/png",
        "file": {"filename": "file.bin", "content_type": "image/png", "size_bytes": png().len()}})
    );
    assert_eq!(rig.fake.media(id.as_str()).unwrap().bytes, png());

    let info = rig.gateway.media_url(&rig.from, &id).await.unwrap();
    assert_eq!(info.id, id);
    assert_eq!(info.mime_type, "image/png");
    assert_eq!(info.file_size, png().len() as u64);
    assert_eq!(info.sha256, hex::encode(Sha256::digest(png())));
    assert!(info.url.expose().starts_with(rig.fake.url()));
    assert_eq!(
        rig.fake.last_call(FakeRoute::MediaInfo).unwrap().query,
        format!("phone_number_id={PNID}")
    );

    let bytes = rig.gateway.download_media(&rig.from, &info).await.unwrap();
    assert_eq!(bytes, png());
    assert!(
        rig.fake
            .last_call(FakeRoute::DownloadMedia)
            .unwrap()
            .authorized
    );
}

#[tokio::test]
async fn media_of_another_number_is_not_found() {
    let rig = rig().await;
    let id = rig.fake.add_media("999999999", png(), "image/png");
    let err = rig
        .gateway
        .media_url(&rig.from, &MediaId::parse(&id).unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        (err.class(), err.code()),
        (ErrorClass::Permanent, Some(100)),
        "{err:?}"
    );
    assert_eq!(err.failure().subcode, Some(33));
}

#[tokio::test]
async fn an_expired_download_url_is_a_404_and_a_fresh_one_works() {
    let rig = rig().await;
    rig.fake.set_media_url_ttl(Duration::from_millis(50));
    let id = MediaId::parse(&rig.fake.add_media(PNID, png(), "image/png")).unwrap();
    let stale = rig.gateway.media_url(&rig.from, &id).await.unwrap();
    tokio::time::sleep(Duration::from_millis(120)).await;
    let err = rig
        .gateway
        .download_media(&rig.from, &stale)
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Permanent);
    assert_eq!(err.failure().http_status, Some(404));
    rig.fake.set_media_url_ttl(Duration::from_secs(300));
    let fresh = rig.gateway.media_url(&rig.from, &id).await.unwrap();
    assert_eq!(
        rig.gateway.download_media(&rig.from, &fresh).await.unwrap(),
        png()
    );
}

#[tokio::test]
async fn a_corrupted_download_fails_its_checksum() {
    let rig = rig().await;
    let id = rig.fake.add_media(PNID, png(), "image/png");
    let info = rig
        .gateway
        .media_url(&rig.from, &MediaId::parse(&id).unwrap())
        .await
        .unwrap();
    assert!(rig.fake.tamper_media(&id));
    let err = rig
        .gateway
        .download_media(&rig.from, &info)
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Permanent);
    assert!(
        err.failure().title.contains("sha256"),
        "{}",
        err.failure().title
    );
}

#[tokio::test]
async fn the_token_never_goes_to_a_host_off_the_allowlist() {
    let rig = rig_with(FakeMetaConfig::default(), |c| {
        c.media_hosts = vec!["lookaside.fbsbx.com".to_owned()];
        c.allow_insecure_media = false;
    })
    .await;
    let id = MediaId::parse(&rig.fake.add_media(PNID, png(), "image/png")).unwrap();
    let info = rig.gateway.media_url(&rig.from, &id).await.unwrap();
    let err = rig
        .gateway
        .download_media(&rig.from, &info)
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Permanent);
    assert!(
        rig.fake.calls_to(FakeRoute::DownloadMedia).is_empty(),
        "no request was made"
    );
}

#[tokio::test]
async fn oversized_and_unsupported_uploads_are_refused() {
    let rig = rig().await;
    let big_sticker = upload(vec![0; 600 * 1024], "image/webp");
    let err = rig
        .gateway
        .upload_media(&rig.from, &big_sticker)
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Permanent);
    assert!(
        rig.fake.calls_to(FakeRoute::UploadMedia).is_empty(),
        "refused before sending"
    );
    let exe = upload(b"MZ".to_vec(), "application/x-msdownload");
    let err = rig.gateway.upload_media(&rig.from, &exe).await.unwrap_err();
    assert_eq!(
        (err.class(), err.code()),
        (ErrorClass::Permanent, Some(100)),
        "{err:?}"
    );
}
