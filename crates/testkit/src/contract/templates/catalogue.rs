//! The catalogue part of the `TemplateRepo` contract: list, get, sync, create, delete, the
//! auto-created count, the pending-review list and stored reviews.

use inbox_domain::outbound::{TemplateCategory, TemplateState};
use inbox_domain::templates::{TemplateFilter, TemplateReview};
use inbox_domain::{AccountId, PageLimit};
use time::{Duration, OffsetDateTime};

use super::super::fixtures::{Must, account, assert_invalid, assert_not_found};
use super::super::port_case::port_cases;
use super::{TemplateWorld, create, created, lang, name, new_template, remote};

port_cases![TemplateWorld;
    list_is_newest_first_in_pages_and_leaves_deleted_ones_out,
    list_filters_by_status_and_category,
    get_finds_deleted_templates_and_none_for_unknown_ones,
    sync_upserts_what_meta_lists_and_marks_the_rest_deleted,
    sync_reports_the_status_changes_it_made,
    sync_does_not_store_a_meta_id_another_account_holds,
    sync_of_an_unknown_account_is_not_found,
    record_created_replaces_a_deleted_template_of_the_same_name_and_language,
    record_created_for_an_unknown_account_is_not_found,
    mark_deleted_marks_every_language_and_an_unknown_name_is_not_found,
    count_auto_created_since_counts_only_auto_created_templates_since_then,
    pending_review_lists_pending_templates_created_before_oldest_first,
    apply_review_stores_a_changed_status_once,
    apply_review_of_an_unknown_status_is_invalid,
];

fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "limit")
}

async fn names_listed(
    w: &TemplateWorld,
    account: AccountId,
    filter: TemplateFilter,
) -> Vec<String> {
    w.templates
        .list(account, &filter, None, limit(100))
        .await
        .must("fixture", "list")
        .items
        .iter()
        .map(|t| t.name.to_string())
        .collect()
}

/// "One page of `account`'s templates, newest first (by `created_at`, then id) ...; without a
/// status filter, deleted templates are left out."
async fn list_is_newest_first_in_pages_and_leaves_deleted_ones_out(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let names = [name(), name(), name()];
    for n in &names {
        create(&w, shop.id, n, "en", TemplateState::Pending).await;
    }
    let gone = name();
    create(&w, shop.id, &gone, "en", TemplateState::Pending).await;
    w.templates
        .mark_deleted(shop.id, &gone)
        .await
        .must(case, "delete");

    let first = w
        .templates
        .list(shop.id, &TemplateFilter::default(), None, limit(2))
        .await
        .must(case, "first page");
    let next = first.next.must(case, "a next cursor");
    let second = w
        .templates
        .list(shop.id, &TemplateFilter::default(), Some(next), limit(2))
        .await
        .must(case, "second page");
    assert_eq!(second.next, None, "{case}: the last page");
    let all: Vec<_> = first.items.iter().chain(&second.items).collect();
    assert_eq!(all.len(), 3, "{case}: deleted left out: {all:?}");
    assert!(
        all.windows(2)
            .all(|p| (p[0].created_at, p[0].id) > (p[1].created_at, p[1].id)),
        "{case}: newest first"
    );
}

/// "filtered as `filter` says"
async fn list_filters_by_status_and_category(case: &'static str, w: TemplateWorld) {
    let shop = account(&w.storage).await;
    let (approved, pending) = (name(), name());
    create(&w, shop.id, &approved, "en", TemplateState::Approved).await;
    create(&w, shop.id, &pending, "en", TemplateState::Pending).await;
    let gone = name();
    create(&w, shop.id, &gone, "en", TemplateState::Pending).await;
    w.templates
        .mark_deleted(shop.id, &gone)
        .await
        .must(case, "delete");

    let only = |status| TemplateFilter {
        status: Some(status),
        category: None,
    };
    assert_eq!(
        names_listed(&w, shop.id, only(TemplateState::Approved)).await,
        vec![approved.to_string()],
        "{case}: approved"
    );
    assert_eq!(
        names_listed(&w, shop.id, only(TemplateState::Other("DELETED".into()))).await,
        vec![gone.to_string()],
        "{case}: deleted ones on request"
    );
    let marketing = TemplateFilter {
        status: None,
        category: Some(TemplateCategory::Marketing),
    };
    assert!(
        names_listed(&w, shop.id, marketing).await.is_empty(),
        "{case}: category"
    );
    let utility = TemplateFilter {
        status: None,
        category: Some(TemplateCategory::Utility),
    };
    assert_eq!(
        names_listed(&w, shop.id, utility).await.len(),
        2,
        "{case}: utility"
    );
}

/// "`account`'s template `name` in `language`, deleted ones included, or `None`."
async fn get_finds_deleted_templates_and_none_for_unknown_ones(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let n = name();
    let stored = create(&w, shop.id, &n, "en_US", TemplateState::Pending).await;
    w.templates
        .mark_deleted(shop.id, &n)
        .await
        .must(case, "delete");
    let got = w
        .templates
        .get(shop.id, &n, &lang("en_US"))
        .await
        .must(case, "get")
        .must(case, "the deleted template");
    assert_eq!(got.id, stored.id, "{case}: same row");
    assert_eq!(got.status, TemplateState::Other("DELETED".into()), "{case}");
    let other = w
        .templates
        .get(shop.id, &n, &lang("pt_BR"))
        .await
        .must(case, "get");
    assert_eq!(other, None, "{case}: unknown language");
}

/// "each listed template is inserted or updated ..., and every stored template Meta no longer
/// lists is marked deleted"
async fn sync_upserts_what_meta_lists_and_marks_the_rest_deleted(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let (kept, dropped, fresh) = (name(), name(), name());
    create(&w, shop.id, &kept, "en", TemplateState::Pending).await;
    create(&w, shop.id, &dropped, "en", TemplateState::Approved).await;
    let listed = [
        remote(&kept, "en", TemplateState::Approved),
        remote(&fresh, "es", TemplateState::Pending),
    ];
    let outcome = w.templates.sync(shop.id, &listed).await.must(case, "sync");
    assert_eq!(
        (outcome.upserted, outcome.deleted),
        (2, 1),
        "{case}: {outcome:?}"
    );

    let got = |n: &inbox_domain::outbound::TemplateName, l: &str| {
        let w = w.clone();
        let n = n.clone();
        let l = lang(l);
        async move { w.templates.get(shop.id, &n, &l).await.must(case, "get") }
    };
    let kept_row = got(&kept, "en").await.must(case, "kept");
    assert_eq!(
        kept_row.status,
        TemplateState::Approved,
        "{case}: status updated"
    );
    assert_eq!(
        kept_row.category,
        TemplateCategory::Marketing,
        "{case}: category updated"
    );
    assert_eq!(
        kept_row.meta_template_id.as_deref(),
        Some(listed[0].meta_template_id.as_str()),
        "{case}: Meta id updated"
    );
    let fresh_row = got(&fresh, "es").await.must(case, "fresh");
    assert_eq!(
        fresh_row.components, listed[1].components,
        "{case}: inserted"
    );
    let dropped_row = got(&dropped, "en").await.must(case, "dropped");
    assert_eq!(
        dropped_row.status,
        TemplateState::Other("DELETED".into()),
        "{case}"
    );

    let again = w
        .templates
        .sync(shop.id, &listed)
        .await
        .must(case, "repeat");
    assert_eq!(
        (again.upserted, again.deleted),
        (0, 0),
        "{case}: a repeat changes nothing"
    );
}

/// "The templates whose status the sync changed (new ones included)"
async fn sync_reports_the_status_changes_it_made(case: &'static str, w: TemplateWorld) {
    let shop = account(&w.storage).await;
    let (same, approved, fresh) = (name(), name(), name());
    create(&w, shop.id, &same, "en", TemplateState::Pending).await;
    create(&w, shop.id, &approved, "en", TemplateState::Pending).await;
    let mut unchanged = remote(&same, "en", TemplateState::Pending);
    unchanged.category = TemplateCategory::Utility;
    let listed = [
        unchanged,
        remote(&approved, "en", TemplateState::Approved),
        remote(&fresh, "en", TemplateState::Pending),
    ];
    let outcome = w.templates.sync(shop.id, &listed).await.must(case, "sync");
    let mut changed: Vec<(String, TemplateState)> = outcome
        .status_changed
        .iter()
        .map(|r| (r.name.to_string(), r.status.clone()))
        .collect();
    changed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        (approved.to_string(), TemplateState::Approved),
        (fresh.to_string(), TemplateState::Pending),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(changed, expected, "{case}");
    assert!(
        outcome
            .status_changed
            .iter()
            .all(|r| r.account_id == shop.id),
        "{case}: account"
    );
}

/// "A Meta id already held by another account ... is not stored twice"
async fn sync_does_not_store_a_meta_id_another_account_holds(case: &'static str, w: TemplateWorld) {
    let (one, two) = (account(&w.storage).await, account(&w.storage).await);
    let n = name();
    let listed = [remote(&n, "en", TemplateState::Approved)];
    w.templates
        .sync(one.id, &listed)
        .await
        .must(case, "first account");
    w.templates
        .sync(two.id, &listed)
        .await
        .must(case, "second account");
    let first = w
        .templates
        .get(one.id, &n, &lang("en"))
        .await
        .must(case, "get");
    let second = w
        .templates
        .get(two.id, &n, &lang("en"))
        .await
        .must(case, "get");
    let (first, second) = (first.must(case, "first"), second.must(case, "second"));
    assert_eq!(
        first.meta_template_id.as_deref(),
        Some(listed[0].meta_template_id.as_str()),
        "{case}"
    );
    assert_eq!(
        second.meta_template_id, None,
        "{case}: no second copy of the id"
    );
    assert_eq!(second.status, TemplateState::Approved, "{case}");
}

/// "`NotFound` (entity "account") when `account` does not exist."
async fn sync_of_an_unknown_account_is_not_found(case: &'static str, w: TemplateWorld) {
    let listed = [remote(&name(), "en", TemplateState::Approved)];
    assert_not_found(
        case,
        "account",
        w.templates.sync(AccountId::generate(), &listed).await,
    );
}

/// "a stored template of the same name and language (one deleted earlier) is replaced,
/// `created_at` included."
async fn record_created_replaces_a_deleted_template_of_the_same_name_and_language(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let n = name();
    let first = create(&w, shop.id, &n, "en", TemplateState::Pending).await;
    w.templates
        .mark_deleted(shop.id, &n)
        .await
        .must(case, "delete");
    let again = w
        .templates
        .record_created(
            shop.id,
            &new_template(&n, "en", "Hello again"),
            &created(TemplateState::Approved),
            true,
        )
        .await
        .must(case, "re-create");
    assert_eq!(again.status, TemplateState::Approved, "{case}");
    assert!(again.auto_created, "{case}: auto_created");
    assert!(
        again.created_at >= first.created_at,
        "{case}: created_at replaced"
    );
    assert_eq!(
        inbox_domain::templates::body_text(&again.components),
        Some("Hello again"),
        "{case}: components replaced"
    );
    let listed = names_listed(&w, shop.id, TemplateFilter::default()).await;
    assert_eq!(listed, vec![n.to_string()], "{case}: one row");
}

/// "`NotFound` (entity "account") when `account` does not exist."
async fn record_created_for_an_unknown_account_is_not_found(case: &'static str, w: TemplateWorld) {
    let result = w
        .templates
        .record_created(
            AccountId::generate(),
            &new_template(&name(), "en", "Hi"),
            &created(TemplateState::Pending),
            false,
        )
        .await;
    assert_not_found(case, "account", result);
}

/// "Marks every language of `account`'s template `name` deleted ... `NotFound` (entity
/// "template") when no template of that name is left to delete."
async fn mark_deleted_marks_every_language_and_an_unknown_name_is_not_found(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let n = name();
    create(&w, shop.id, &n, "en", TemplateState::Approved).await;
    create(&w, shop.id, &n, "es", TemplateState::Approved).await;
    let count = w
        .templates
        .mark_deleted(shop.id, &n)
        .await
        .must(case, "delete");
    assert_eq!(count, 2, "{case}: both languages");
    assert_not_found(
        case,
        "template",
        w.templates.mark_deleted(shop.id, &n).await,
    );
    assert_not_found(
        case,
        "template",
        w.templates.mark_deleted(shop.id, &name()).await,
    );
}

/// "How many templates the auto-template fallback created for `account` at or after `since`"
async fn count_auto_created_since_counts_only_auto_created_templates_since_then(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    for auto in [true, true, false] {
        w.templates
            .record_created(
                shop.id,
                &new_template(&name(), "en", "Hi"),
                &created(TemplateState::Pending),
                auto,
            )
            .await
            .must(case, "record");
    }
    let long_ago = OffsetDateTime::now_utc() - Duration::days(365);
    let later = OffsetDateTime::now_utc() + Duration::days(365);
    let count = |since| w.templates.count_auto_created_since(shop.id, since);
    assert_eq!(
        count(long_ago).await.must(case, "count"),
        2,
        "{case}: auto only"
    );
    assert_eq!(
        count(later).await.must(case, "count"),
        0,
        "{case}: since then"
    );
    let other = account(&w.storage).await;
    let none = w
        .templates
        .count_auto_created_since(other.id, long_ago)
        .await;
    assert_eq!(none.must(case, "count"), 0, "{case}: per account");
}

/// "Templates of every account still `PENDING` review that were created before `before`,
/// oldest first, at most `limit`"
async fn pending_review_lists_pending_templates_created_before_oldest_first(
    case: &'static str,
    w: TemplateWorld,
) {
    let shop = account(&w.storage).await;
    let (a, b, approved) = (name(), name(), name());
    create(&w, shop.id, &a, "en", TemplateState::Pending).await;
    create(&w, shop.id, &b, "en", TemplateState::Pending).await;
    create(&w, shop.id, &approved, "en", TemplateState::Approved).await;
    let later = OffsetDateTime::now_utc() + Duration::days(365);
    let found = w
        .templates
        .pending_review(later, 10_000)
        .await
        .must(case, "list");
    let ours: Vec<String> = found
        .iter()
        .filter(|t| t.account_id == shop.id)
        .map(|t| t.name.to_string())
        .collect();
    assert_eq!(
        ours,
        vec![a.to_string(), b.to_string()],
        "{case}: pending, oldest first"
    );
    assert!(
        found
            .windows(2)
            .all(|p| (p[0].created_at, p[0].id) < (p[1].created_at, p[1].id)),
        "{case}: oldest first"
    );
    let one = w
        .templates
        .pending_review(later, 1)
        .await
        .must(case, "limit");
    assert_eq!(one.len(), 1, "{case}: at most limit");
    let long_ago = OffsetDateTime::now_utc() - Duration::days(365);
    let none = w
        .templates
        .pending_review(long_ago, 10)
        .await
        .must(case, "before");
    assert!(
        none.iter().all(|t| t.account_id != shop.id),
        "{case}: created before"
    );
}

/// "Stores the status Meta reported ... and answers whether it changed; an unknown template
/// changes nothing."
async fn apply_review_stores_a_changed_status_once(case: &'static str, w: TemplateWorld) {
    let shop = account(&w.storage).await;
    let n = name();
    create(&w, shop.id, &n, "en", TemplateState::Pending).await;
    let review = TemplateReview {
        account_id: shop.id,
        name: n.clone(),
        language: lang("en"),
        status: TemplateState::Rejected,
        reason: Some("INVALID_FORMAT".to_owned()),
    };
    assert!(
        w.templates.apply_review(&review).await.must(case, "apply"),
        "{case}: changed"
    );
    assert!(
        !w.templates.apply_review(&review).await.must(case, "repeat"),
        "{case}: repeat"
    );
    let got = w
        .templates
        .get(shop.id, &n, &lang("en"))
        .await
        .must(case, "get");
    let got = got.must(case, "the template");
    assert_eq!(got.status, TemplateState::Rejected, "{case}");
    assert_eq!(
        got.rejected_reason.as_deref(),
        Some("INVALID_FORMAT"),
        "{case}"
    );
    let unknown = TemplateReview {
        name: name(),
        ..review
    };
    assert!(
        !w.templates
            .apply_review(&unknown)
            .await
            .must(case, "unknown"),
        "{case}"
    );
}

/// "`Invalid` (entity "template") for a status the store does not know."
async fn apply_review_of_an_unknown_status_is_invalid(case: &'static str, w: TemplateWorld) {
    let shop = account(&w.storage).await;
    let n = name();
    create(&w, shop.id, &n, "en", TemplateState::Pending).await;
    let review = TemplateReview {
        account_id: shop.id,
        name: n,
        language: lang("en"),
        status: TemplateState::Other("SOMETHING_NEW".to_owned()),
        reason: None,
    };
    assert_invalid(case, "template", w.templates.apply_review(&review).await);
}
