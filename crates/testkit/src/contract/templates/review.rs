//! The review part of the `TemplateRepo` contract: templates still pending review, and the
//! status Meta reported stored once.

use inbox_domain::outbound::TemplateState;
use inbox_domain::templates::TemplateReview;
use time::{Duration, OffsetDateTime};

use super::super::fixtures::{Must, account, assert_invalid};
use super::super::port_case::port_cases;
use super::{TemplateWorld, create, lang, name};

port_cases![TemplateWorld;
    pending_review_lists_pending_templates_created_before_oldest_first,
    apply_review_stores_a_changed_status_once,
    apply_review_of_an_unknown_status_is_invalid,
];

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
