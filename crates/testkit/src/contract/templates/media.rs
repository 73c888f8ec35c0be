//! The header-media part of the `TemplateRepo` contract: one upload per file and account,
//! reused until Meta drops it.

use inbox_domain::AccountId;
use inbox_domain::outbound::{MediaId, MediaKind};
use inbox_domain::templates::{HeaderMedia, Sha256Hex};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::super::fixtures::{Must, account, assert_invalid, assert_not_found, micros};
use super::super::port_case::port_cases;
use super::TemplateWorld;

port_cases![TemplateWorld;
    header_media_is_reused_until_it_expires,
    record_header_media_replaces_the_earlier_upload_of_the_same_file,
    record_header_media_refuses_unknown_accounts_and_kinds,
];

fn sha() -> Sha256Hex {
    let hex = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    Sha256Hex::parse(&hex).must("fixture", "sha256")
}

fn header(account: AccountId, sha256: &Sha256Hex, media_id: &str, days: i64) -> HeaderMedia {
    HeaderMedia {
        account_id: account,
        sha256: sha256.clone(),
        kind: MediaKind::Image,
        media_id: MediaId::parse(media_id).must("fixture", "media id"),
        mime_type: "image/png".to_owned(),
        size_bytes: 2048,
        expires_at: micros(OffsetDateTime::now_utc() + Duration::days(days)),
    }
}

/// "`account`'s upload of the file with this checksum, if Meta still keeps it at `now`
/// (`expires_at` after `now`), else `None`."
async fn header_media_is_reused_until_it_expires(case: &'static str, w: TemplateWorld) {
    let shop = account(&w.storage).await;
    let file = sha();
    let upload = header(shop.id, &file, "1001", 30);
    w.templates
        .record_header_media(&upload)
        .await
        .must(case, "record");
    let now = OffsetDateTime::now_utc();
    let found = w
        .templates
        .header_media(shop.id, &file, now)
        .await
        .must(case, "find");
    assert_eq!(found.as_ref(), Some(&upload), "{case}: reused");
    let expired = upload.expires_at + Duration::seconds(1);
    let gone = w
        .templates
        .header_media(shop.id, &file, expired)
        .await
        .must(case, "expired");
    assert_eq!(gone, None, "{case}: not after it expires");
    let other = account(&w.storage).await;
    let elsewhere = w
        .templates
        .header_media(other.id, &file, now)
        .await
        .must(case, "other");
    assert_eq!(elsewhere, None, "{case}: per account");
}

/// "Records `header`, replacing the account's earlier upload of the same file."
async fn record_header_media_replaces_the_earlier_upload_of_the_same_file(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let file = sha();
    w.templates
        .record_header_media(&header(shop.id, &file, "1001", -1))
        .await
        .must(case, "first");
    let fresh = header(shop.id, &file, "2002", 30);
    w.templates
        .record_header_media(&fresh)
        .await
        .must(case, "second");
    let found = w
        .templates
        .header_media(shop.id, &file, OffsetDateTime::now_utc())
        .await
        .must(case, "find");
    assert_eq!(found, Some(fresh), "{case}: the new upload");
}

/// "`NotFound` (entity "account") when the account does not exist. `Invalid` (entity
/// "template_media") for a kind other than image, video or document."
async fn record_header_media_refuses_unknown_accounts_and_kinds(
    case: &'static str,
    w: TemplateWorld,
) {
    let unknown = header(AccountId::generate(), &sha(), "1001", 30);
    assert_not_found(
        case,
        "account",
        w.templates.record_header_media(&unknown).await,
    );
    let shop = account(&w.storage).await;
    let mut audio = header(shop.id, &sha(), "1001", 30);
    audio.kind = MediaKind::Audio;
    assert_invalid(
        case,
        "template_media",
        w.templates.record_header_media(&audio).await,
    );
}
