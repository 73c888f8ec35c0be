//! The sync part of the `TemplateRepo` contract: what Meta lists is upserted, the rest marked
//! deleted, status changes reported, Meta ids kept to one account.

use inbox_domain::AccountId;
use inbox_domain::outbound::{TemplateCategory, TemplateState};

use super::super::fixtures::{Must, account, assert_not_found};
use super::super::port_case::port_cases;
use super::{TemplateWorld, create, lang, name, remote};

port_cases![TemplateWorld;
    sync_upserts_what_meta_lists_and_marks_the_rest_deleted,
    sync_reports_the_status_changes_it_made,
    sync_does_not_store_a_meta_id_another_account_holds,
    sync_of_an_unknown_account_is_not_found,
];

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
