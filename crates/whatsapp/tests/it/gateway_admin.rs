//! Templates and the business profile through the gateway.

use inbox_domain::outbound::*;
use inbox_domain::ports::WhatsAppGateway;
use inbox_testkit::fake_meta::FakeRoute;
use serde_json::json;

use crate::gateway_support::{PNID, rig, waba};

fn new_template(name: &str) -> NewTemplate {
    NewTemplate::new(
        TemplateName::parse(name).unwrap(),
        LanguageCode::parse("en_US").unwrap(),
        TemplateCategory::Utility,
        false,
        vec![json!({"type": "BODY", "text": "Your order {{1}} shipped", "example": {"body_text": [["42"]]}})],
    )
    .unwrap()
}

#[tokio::test]
async fn templates_are_created_pending_listed_in_pages_and_deleted() {
    let rig = rig().await;
    for name in ["a_one", "b_two", "c_three"] {
        let created = rig
            .gateway
            .create_template(&rig.from, &waba(), &new_template(name))
            .await
            .unwrap();
        assert_eq!(created.status, TemplateState::Pending);
        assert_eq!(created.category.as_deref(), Some("UTILITY"));
    }
    let body = rig.fake.last_call(FakeRoute::CreateTemplate).unwrap().body;
    assert_eq!(body["parameter_format"], "positional");
    assert_eq!(body["category"], "UTILITY");
    assert_eq!(body["language"], "en_US");

    let duplicate = rig
        .gateway
        .create_template(&rig.from, &waba(), &new_template("a_one"))
        .await
        .unwrap_err();
    assert_eq!(
        (duplicate.class(), duplicate.code()),
        (ErrorClass::Permanent, Some(100))
    );

    let first = TemplateQuery {
        limit: Some(2),
        ..TemplateQuery::default()
    };
    let page = rig
        .gateway
        .list_templates(&rig.from, &waba(), &first)
        .await
        .unwrap();
    assert_eq!(page.templates.len(), 2);
    let next = TemplateQuery {
        limit: Some(2),
        after: page.after.clone(),
        ..TemplateQuery::default()
    };
    assert!(next.after.is_some(), "more to come");
    let last = rig
        .gateway
        .list_templates(&rig.from, &waba(), &next)
        .await
        .unwrap();
    assert_eq!(last.templates.len(), 1);
    assert_eq!(last.templates[0].name, "c_three");
    assert_eq!(last.after, None);

    let name = TemplateName::parse("b_two").unwrap();
    let only = TemplateQuery {
        name: Some(name.clone()),
        ..TemplateQuery::default()
    };
    let filtered = rig
        .gateway
        .list_templates(&rig.from, &waba(), &only)
        .await
        .unwrap();
    assert_eq!(filtered.templates.len(), 1);
    assert_eq!(filtered.templates[0].components[0]["type"], "BODY");

    rig.gateway
        .delete_template(&rig.from, &waba(), &name)
        .await
        .unwrap();
    assert_eq!(
        rig.fake.last_call(FakeRoute::DeleteTemplate).unwrap().query,
        "name=b_two"
    );
    let again = rig
        .gateway
        .delete_template(&rig.from, &waba(), &name)
        .await
        .unwrap_err();
    assert_eq!(again.class(), ErrorClass::Permanent);
    assert_eq!(rig.fake.templates().len(), 2);
}

#[tokio::test]
async fn approval_in_the_fake_shows_in_the_next_listing() {
    let rig = rig().await;
    rig.gateway
        .create_template(&rig.from, &waba(), &new_template("welcome"))
        .await
        .unwrap();
    assert!(rig.fake.set_template_status("welcome", "APPROVED"));
    let page = rig
        .gateway
        .list_templates(&rig.from, &waba(), &TemplateQuery::default())
        .await
        .unwrap();
    assert_eq!(page.templates[0].status, TemplateState::Approved);
}

#[tokio::test]
async fn the_business_profile_is_read_and_updated() {
    let rig = rig().await;
    let profile = rig.gateway.business_profile(&rig.from).await.unwrap();
    assert_eq!(profile.about.as_deref(), Some("Hello from the fake Meta"));
    let call = rig.fake.last_call(FakeRoute::GetProfile).unwrap();
    assert!(call.query.starts_with("fields=about"), "{}", call.query);

    let update = BusinessProfileUpdate::new()
        .with_about("Open 9 to 5")
        .unwrap()
        .with_websites(&["https://shop.example"])
        .unwrap();
    rig.gateway
        .update_business_profile(&rig.from, &update)
        .await
        .unwrap();
    assert_eq!(
        rig.fake.last_call(FakeRoute::UpdateProfile).unwrap().body,
        json!({"messaging_product": "whatsapp", "about": "Open 9 to 5", "websites": ["https://shop.example"]})
    );
    assert_eq!(rig.fake.profile(PNID)["about"], "Open 9 to 5");
    let profile = rig.gateway.business_profile(&rig.from).await.unwrap();
    assert_eq!(profile.websites, vec!["https://shop.example".to_owned()]);

    let calls = rig.fake.calls().len();
    rig.gateway
        .update_business_profile(&rig.from, &BusinessProfileUpdate::new())
        .await
        .unwrap();
    assert_eq!(rig.fake.calls().len(), calls, "an empty update is not sent");
}
