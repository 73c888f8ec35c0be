//! `MessageRepo::conversation_media` and `account_media`: media by kind, newest first, by
//! keyset cursor, deleted messages left out.

use inbox_domain::outbound::MediaKind;
use inbox_domain::ports::Storage;
use inbox_domain::{ConversationId, DeleteScope, MediaKinds, MessageId};

use super::action_fixtures::{delete, kinds, limit, media, read_gallery, store};
use crate::contract::fixtures::{Must, account, conversation, conversation_of, inbound};

crate::contract::cases![
    conversation_media_lists_the_kinds_asked_newest_first,
    media_pages_continue_from_before_without_gaps_or_duplicates,
    media_galleries_leave_out_deleted_messages,
    account_media_spans_the_accounts_conversations_only,
];

/// Stores one media message per (`seconds`, `kind`); their ids in the same order.
async fn store_media(
    case: &str,
    s: &Storage,
    conversation: ConversationId,
    items: &[(i64, MediaKind)],
) -> Vec<MessageId> {
    let mut ids = Vec::new();
    for (seconds, kind) in items {
        ids.push(
            store(case, s, media(conversation, *seconds, *kind))
                .await
                .id,
        );
    }
    ids
}

/// The gallery of `conversation` for `kinds`, read with pages of `size`.
async fn conversation_gallery(
    case: &str,
    s: &Storage,
    conversation: ConversationId,
    kinds: MediaKinds,
    size: i64,
) -> (Vec<MessageId>, Vec<usize>) {
    read_gallery(size, |before, limit| async move {
        s.messages
            .conversation_media(conversation, kinds, before, limit)
            .await
            .must(case, "conversation media")
    })
    .await
}

/// "A page of a conversation's media messages of `kinds`, newest first (ties by id,
/// descending)": other kinds and messages without media are not in it.
async fn conversation_media_lists_the_kinds_asked_newest_first(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    store(case, &s, inbound(thread.id, 5)).await;
    let ids = store_media(
        case,
        &s,
        thread.id,
        &[
            (10, MediaKind::Image),
            (20, MediaKind::Video),
            (20, MediaKind::Image),
            (30, MediaKind::Document),
            (40, MediaKind::Image),
            (50, MediaKind::Sticker),
            (60, MediaKind::Audio),
        ],
    )
    .await;
    let newest_first = |picked: &[usize]| {
        let mut chosen: Vec<(i64, MessageId)> = picked
            .iter()
            .map(|&i| ([10, 20, 20, 30, 40, 50, 60][i], ids[i]))
            .collect();
        chosen.sort_by(|a, b| b.cmp(a));
        chosen.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    let pictures = kinds(&[MediaKind::Image, MediaKind::Video]);
    let (listed, _) = conversation_gallery(case, &s, thread.id, pictures, 50).await;
    assert_eq!(
        listed,
        newest_first(&[0, 1, 2, 4]),
        "{case}: images and videos"
    );
    let (listed, _) =
        conversation_gallery(case, &s, thread.id, kinds(&[MediaKind::Sticker]), 50).await;
    assert_eq!(listed, newest_first(&[5]), "{case}: stickers");
    let (listed, _) = conversation_gallery(case, &s, thread.id, MediaKinds::ALL, 50).await;
    assert_eq!(
        listed,
        newest_first(&[0, 1, 2, 3, 4, 5, 6]),
        "{case}: every media kind"
    );
    let page = s
        .messages
        .conversation_media(thread.id, MediaKinds::ALL, None, limit(50))
        .await
        .must(case, "gallery");
    for message in &page.items {
        let read = s.messages.get(message.id).await.must(case, "get");
        assert_eq!(&read, message, "{case}: a gallery shows what get shows");
    }
}

/// "`before` continues from a previous page's `next`", across kinds and equal times.
async fn media_pages_continue_from_before_without_gaps_or_duplicates(
    case: &'static str,
    s: Storage,
) {
    let thread = conversation(&s).await;
    let items: Vec<(i64, MediaKind)> = [10, 20, 20, 20, 30, 40, 40]
        .into_iter()
        .zip([
            MediaKind::Image,
            MediaKind::Video,
            MediaKind::Image,
            MediaKind::Image,
            MediaKind::Document,
            MediaKind::Video,
            MediaKind::Image,
        ])
        .collect();
    store_media(case, &s, thread.id, &items).await;
    let (all, sizes) = conversation_gallery(case, &s, thread.id, MediaKinds::ALL, 100).await;
    assert_eq!(
        (all.len(), sizes),
        (7, vec![7]),
        "{case}: one page holds all seven"
    );
    let (paged, sizes) = conversation_gallery(case, &s, thread.id, MediaKinds::ALL, 3).await;
    assert_eq!(sizes, vec![3, 3, 1], "{case}: pages of 3, 3 and 1");
    assert_eq!(paged, all, "{case}: no gap, no duplicate");
    let (_, sizes) = conversation_gallery(case, &s, thread.id, MediaKinds::ALL, 7).await;
    assert_eq!(sizes, vec![7], "{case}: a full last page has no next");
    let images = kinds(&[MediaKind::Image]);
    let (paged, sizes) = conversation_gallery(case, &s, thread.id, images, 2).await;
    assert_eq!(
        (paged.len(), sizes),
        (4, vec![2, 2]),
        "{case}: images by two"
    );
}

/// "Deleted messages are left out", for either scope, in both galleries.
async fn media_galleries_leave_out_deleted_messages(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let thread = conversation_of(&s, shop.id).await;
    let ids = store_media(
        case,
        &s,
        thread.id,
        &[
            (10, MediaKind::Image),
            (20, MediaKind::Image),
            (30, MediaKind::Image),
        ],
    )
    .await;
    delete(case, &s, ids[0], DeleteScope::Me, 40).await;
    let (listed, _) = conversation_gallery(case, &s, thread.id, MediaKinds::ALL, 50).await;
    assert_eq!(listed, vec![ids[2], ids[1]], "{case}: the conversation's");
    let page = s
        .messages
        .account_media(shop.id, MediaKinds::ALL, None, limit(50))
        .await
        .must(case, "account media");
    let listed: Vec<MessageId> = page.items.iter().map(|m| m.id).collect();
    assert_eq!(listed, vec![ids[2], ids[1]], "{case}: the account's");
}

/// "Like `conversation_media`, over every conversation of an account": no other account's.
async fn account_media_spans_the_accounts_conversations_only(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let first = conversation_of(&s, shop.id).await;
    let second = conversation_of(&s, shop.id).await;
    let elsewhere = conversation(&s).await;
    let a = store_media(
        case,
        &s,
        first.id,
        &[(10, MediaKind::Image), (30, MediaKind::Audio)],
    )
    .await;
    let b = store_media(case, &s, second.id, &[(20, MediaKind::Image)]).await;
    store_media(case, &s, elsewhere.id, &[(25, MediaKind::Image)]).await;
    let read = |kinds: MediaKinds, size: i64| {
        let s = &s;
        read_gallery(size, move |before, limit| async move {
            s.messages
                .account_media(shop.id, kinds, before, limit)
                .await
                .must(case, "account media")
        })
    };
    let (listed, sizes) = read(MediaKinds::ALL, 2).await;
    assert_eq!(
        listed,
        vec![a[1], b[0], a[0]],
        "{case}: newest first across conversations"
    );
    assert_eq!(sizes, vec![2, 1], "{case}: paged");
    let (listed, _) = read(kinds(&[MediaKind::Image]), 50).await;
    assert_eq!(listed, vec![b[0], a[0]], "{case}: images only");
}
