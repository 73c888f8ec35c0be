//! The catalogue part of the `TemplateRepo` contract: list, get, create, delete and the
//! auto-created count (the sync and the reviews have files of their own).

use inbox_domain::outbound::{TemplateCategory, TemplateState};
use inbox_domain::templates::TemplateFilter;
use inbox_domain::{AccountId, PageLimit};
use time::{Duration, OffsetDateTime};

use super::super::fixtures::{Must, account, assert_not_found};
use super::super::port_case::port_cases;
use super::{TemplateWorld, create, created, lang, name, new_template};

port_cases![TemplateWorld;
    list_is_newest_first_in_pages_and_leaves_deleted_ones_out,
    list_filters_by_status_and_category,
    get_finds_deleted_templates_and_none_for_unknown_ones,
    record_created_replaces_a_deleted_template_of_the_same_name_and_language,
    record_created_for_an_unknown_account_is_not_found,
    mark_deleted_marks_every_language_and_an_unknown_name_is_not_found,
    count_auto_created_since_counts_only_auto_created_templates_since_then,
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
