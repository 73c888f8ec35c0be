//! `ContactRepo::update`: the agents' display name, notes and tags.

use inbox_domain::ports::Storage;
use inbox_domain::{ContactId, ContactName, ContactNotes, ContactTags, ContactUpdate, FieldUpdate};

use crate::contract::fixtures::{Must, account, assert_not_found, assert_whole_micros, contact};

/// A full update: name, notes and tags.
fn everything(case: &str) -> ContactUpdate {
    ContactUpdate {
        display_name: FieldUpdate::Set(ContactName::parse("Ada (VIP)").must(case, "name")),
        notes: FieldUpdate::Set(
            ContactNotes::parse("Prefers mornings.\nSpeaks German.").must(case, "notes"),
        ),
        tags: Some(ContactTags::parse(&["vip", "lead"]).must(case, "tags")),
    }
}

/// "Changes the agents' fields of the contact (display name, notes, tags) ... and returns the
/// contact as stored."
pub(super) async fn update_sets_the_display_name_notes_and_tags(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let stored = contact(&s, owner.id).await;
    let updated = s
        .contacts
        .update(stored.id, everything(case))
        .await
        .must(case, "update");
    assert_eq!(
        updated.display_name.as_deref(),
        Some("Ada (VIP)"),
        "{case}: display_name"
    );
    assert_eq!(
        updated.notes.as_deref(),
        Some("Prefers mornings.\nSpeaks German."),
        "{case}: notes"
    );
    assert_eq!(updated.tags, ["vip", "lead"], "{case}: tags, in order");
    assert_eq!(
        (
            updated.id,
            &updated.wa_id,
            &updated.profile_name,
            updated.created_at
        ),
        (
            stored.id,
            &stored.wa_id,
            &stored.profile_name,
            stored.created_at
        ),
        "{case}: the rest is untouched"
    );
    assert!(
        updated.updated_at >= stored.updated_at,
        "{case}: updated_at moves forward"
    );
    assert_whole_micros(case, "updated_at", updated.updated_at);
    let read = s.contacts.get(stored.id).await.must(case, "get");
    assert_eq!(read, updated, "{case}: get shows the stored contact");
}

/// "... as `update` says": what it keeps stays, what it clears goes, tags are replaced.
pub(super) async fn update_keeps_clears_and_replaces_as_asked(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let stored = contact(&s, owner.id).await;
    let full = s
        .contacts
        .update(stored.id, everything(case))
        .await
        .must(case, "first update");
    let kept = s
        .contacts
        .update(stored.id, ContactUpdate::default())
        .await
        .must(case, "an update that keeps everything");
    assert_eq!(kept, full, "{case}: Keep changes nothing");
    let cleared = s
        .contacts
        .update(
            stored.id,
            ContactUpdate {
                display_name: FieldUpdate::Clear,
                notes: FieldUpdate::Keep,
                tags: Some(ContactTags::parse(&["customer"]).must(case, "tags")),
            },
        )
        .await
        .must(case, "second update");
    assert_eq!(cleared.display_name, None, "{case}: the name is cleared");
    assert_eq!(cleared.notes, full.notes, "{case}: the notes are kept");
    assert_eq!(cleared.tags, ["customer"], "{case}: the tags are replaced");
    let emptied = s
        .contacts
        .update(
            stored.id,
            ContactUpdate {
                notes: FieldUpdate::Clear,
                tags: Some(ContactTags::default()),
                ..ContactUpdate::default()
            },
        )
        .await
        .must(case, "third update");
    assert_eq!(
        (emptied.display_name, emptied.notes, emptied.tags),
        (None, None, Vec::<String>::new()),
        "{case}: everything removed"
    );
}

/// "`updated_at` moves only when a value really changes, so repeating an update returns an
/// equal contact."
pub(super) async fn update_twice_yields_the_same_contact(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let stored = contact(&s, owner.id).await;
    let first = s
        .contacts
        .update(stored.id, everything(case))
        .await
        .must(case, "first update");
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    let second = s
        .contacts
        .update(stored.id, everything(case))
        .await
        .must(case, "second update");
    assert_eq!(second, first, "{case}: the repeat changes nothing");
}

/// "`NotFound` (entity "contact") when there is none."
pub(super) async fn update_of_an_unknown_contact_is_not_found(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    contact(&s, owner.id).await;
    let result = s
        .contacts
        .update(ContactId::generate(), everything(case))
        .await;
    assert_not_found(case, "contact", result);
}
