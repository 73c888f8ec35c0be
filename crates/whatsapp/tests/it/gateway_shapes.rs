//! Every content kind reaches the fake in Meta's documented shape, and comes back accepted.

use inbox_domain::Wamid;
use inbox_domain::outbound::*;
use inbox_domain::ports::WhatsAppGateway;
use inbox_testkit::fake_meta::FakeRoute;
use serde_json::{Value, json};

use crate::gateway_support::{CUSTOMER, Rig, last_body, message, rig, text};

const QUOTED: &str = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTg0";

async fn sent_object(rig: &Rig, outbound: OutboundMessage) -> Value {
    let receipt = rig
        .gateway
        .send(&rig.from, &outbound)
        .await
        .expect("accepted");
    assert!(receipt.wamid.as_str().starts_with("wamid."));
    assert_eq!(
        receipt.recipient.as_ref().map(|w| w.as_str()),
        Some(CUSTOMER)
    );
    let body = last_body(&rig.fake, FakeRoute::SendMessage);
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["recipient_type"], "individual");
    assert_eq!(body["to"], format!("+{CUSTOMER}"));
    let kind = body["type"].as_str().expect("a type").to_owned();
    body[&kind].clone()
}

fn media_id() -> MediaSource {
    MediaSource::Id(MediaId::parse("1037543291543636").unwrap())
}

#[tokio::test]
async fn text_reply_with_callback_data_has_context_and_opaque_data() {
    let rig = rig().await;
    let outbound = text("Hello")
        .reply_to(Wamid::parse(QUOTED).unwrap())
        .unwrap()
        .callback_data("msg-0190")
        .unwrap();
    let object = sent_object(&rig, outbound).await;
    assert_eq!(object, json!({"body": "Hello", "preview_url": false}));
    let body = last_body(&rig.fake, FakeRoute::SendMessage);
    assert_eq!(body["context"], json!({"message_id": QUOTED}));
    assert_eq!(body["biz_opaque_callback_data"], "msg-0190");
    let accepted = rig.fake.sent_messages();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].callback_data.as_deref(), Some("msg-0190"));
}

#[tokio::test]
async fn each_media_kind_is_sent_by_id_or_link_with_caption_and_filename() {
    let rig = rig().await;
    let cases = [
        (
            MediaKind::Image,
            media_id(),
            Some("look"),
            None,
            json!({"id": "1037543291543636", "caption": "look"}),
        ),
        (
            MediaKind::Video,
            MediaSource::link("link", "https://cdn.example/v.mp4").unwrap(),
            None,
            None,
            json!({"link": "https://cdn.example/v.mp4"}),
        ),
        (
            MediaKind::Audio,
            media_id(),
            None,
            None,
            json!({"id": "1037543291543636"}),
        ),
        (
            MediaKind::Sticker,
            media_id(),
            None,
            None,
            json!({"id": "1037543291543636"}),
        ),
        (
            MediaKind::Document,
            media_id(),
            Some("invoice"),
            Some("inv.pdf"),
            json!({"id": "1037543291543636", "caption": "invoice", "filename": "inv.pdf"}),
        ),
    ];
    for (kind, source, caption, filename, expected) in cases {
        let content = MediaContent::new(kind, source, caption, filename).unwrap();
        let object = sent_object(&rig, message(OutboundContent::Media(content))).await;
        assert_eq!(object, expected, "{kind:?}");
        assert_eq!(
            last_body(&rig.fake, FakeRoute::SendMessage)["type"],
            kind.as_str()
        );
    }
}

#[tokio::test]
async fn reply_buttons_list_and_cta_url_follow_meta_s_interactive_shape() {
    let rig = rig().await;
    let buttons = ReplyButtons::new(
        "Pick one",
        vec![
            ReplyButton::new("yes", "Yes").unwrap(),
            ReplyButton::new("no", "No").unwrap(),
        ],
        Some(InteractiveHeader::text("Question").unwrap()),
        Some("footer"),
    )
    .unwrap();
    let object = sent_object(
        &rig,
        message(OutboundContent::Interactive(Interactive::Buttons(buttons))),
    )
    .await;
    assert_eq!(
        object,
        json!({"type": "button", "header": {"type": "text", "text": "Question"},
        "body": {"text": "Pick one"}, "footer": {"text": "footer"},
        "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                               {"type": "reply", "reply": {"id": "no", "title": "No"}}]}})
    );

    let section = ListSection::new(
        Some("Sizes"),
        vec![
            ListRow::new("s", "Small", Some("up to 1 kg")).unwrap(),
            ListRow::new("l", "Large", None).unwrap(),
        ],
    )
    .unwrap();
    let list = ListMessage::new("Choose", "Open", vec![section], None, None).unwrap();
    let object = sent_object(
        &rig,
        message(OutboundContent::Interactive(Interactive::List(list))),
    )
    .await;
    assert_eq!(
        object,
        json!({"type": "list", "body": {"text": "Choose"}, "action": {"button": "Open",
        "sections": [{"title": "Sizes", "rows": [{"id": "s", "title": "Small", "description": "up to 1 kg"},
                                                  {"id": "l", "title": "Large"}]}]}})
    );

    let cta = CtaUrl::new("Track it", "Open", "https://shop.example/t/1", None, None).unwrap();
    let object = sent_object(
        &rig,
        message(OutboundContent::Interactive(Interactive::CtaUrl(cta))),
    )
    .await;
    assert_eq!(
        object,
        json!({"type": "cta_url", "body": {"text": "Track it"}, "action": {"name": "cta_url",
        "parameters": {"display_text": "Open", "url": "https://shop.example/t/1"}}})
    );
}

#[tokio::test]
async fn template_with_header_body_and_button_parameters() {
    let rig = rig().await;
    rig.fake.add_template(
        "order_update",
        "en_US",
        "APPROVED",
        "Hi {{1}}, order {{2}} is {{3}}",
    );
    let template = TemplateMessage::new(
        TemplateName::parse("order_update").unwrap(),
        LanguageCode::parse("en_US").unwrap(),
        Some(TemplateParameter::media(MediaKind::Image, media_id(), None).unwrap()),
        vec![
            TemplateParameter::text("Ana").unwrap(),
            TemplateParameter::currency("$10.00", "USD", 10_000).unwrap(),
            TemplateParameter::date_time("May 1").unwrap(),
        ],
        vec![TemplateButton::new(0, ButtonParameter::QuickReply("stop".into())).unwrap()],
    )
    .unwrap();
    let object = sent_object(&rig, message(OutboundContent::Template(template))).await;
    assert_eq!(
        object,
        json!({"name": "order_update", "language": {"code": "en_US"}, "components": [
        {"type": "header", "parameters": [{"type": "image", "image": {"id": "1037543291543636"}}]},
        {"type": "body", "parameters": [
            {"type": "text", "text": "Ana"},
            {"type": "currency", "currency": {"fallback_value": "$10.00", "code": "USD", "amount_1000": 10000}},
            {"type": "date_time", "date_time": {"fallback_value": "May 1"}}]},
        {"type": "button", "sub_type": "quick_reply", "index": "0",
         "parameters": [{"type": "payload", "payload": "stop"}]}]})
    );
}

#[tokio::test]
async fn reaction_removal_location_and_contacts() {
    let rig = rig().await;
    let quoted = Wamid::parse(QUOTED).unwrap();
    let object = sent_object(
        &rig,
        message(OutboundContent::Reaction(
            ReactionContent::new(quoted.clone(), Some("👍")).unwrap(),
        )),
    )
    .await;
    assert_eq!(object, json!({"message_id": QUOTED, "emoji": "👍"}));
    let object = sent_object(
        &rig,
        message(OutboundContent::Reaction(
            ReactionContent::new(quoted, None).unwrap(),
        )),
    )
    .await;
    assert_eq!(object, json!({"message_id": QUOTED, "emoji": ""}));

    let place = LocationContent::new(-23.55, -46.63, Some("Office"), Some("Av. Paulista")).unwrap();
    let object = sent_object(&rig, message(OutboundContent::Location(place))).await;
    assert_eq!(
        object,
        json!({"latitude": -23.55, "longitude": -46.63, "name": "Office", "address": "Av. Paulista"})
    );

    let card = ContactCard::new("Ana Lima")
        .unwrap()
        .with_names(Some("Ana"), Some("Lima"))
        .unwrap()
        .with_phone(
            "+1 650 555 1234",
            Some("CELL"),
            Some(crate::gateway_support::customer()),
        )
        .unwrap()
        .with_email("ana@example.com", Some("WORK"))
        .unwrap()
        .with_company("ACME")
        .unwrap()
        .with_url("https://acme.example")
        .unwrap();
    let object = sent_object(
        &rig,
        message(OutboundContent::contacts(vec![card]).unwrap()),
    )
    .await;
    assert_eq!(
        object,
        json!([{"name": {"formatted_name": "Ana Lima", "first_name": "Ana", "last_name": "Lima"},
        "phones": [{"phone": "+1 650 555 1234", "type": "CELL", "wa_id": CUSTOMER}],
        "emails": [{"email": "ana@example.com", "type": "WORK"}], "org": {"company": "ACME"},
        "urls": [{"url": "https://acme.example"}]}])
    );
}

#[tokio::test]
async fn mark_read_sends_status_read_with_the_wamid_and_the_bearer_token() {
    let rig = rig().await;
    rig.gateway
        .mark_read(&rig.from, &Wamid::parse(QUOTED).unwrap())
        .await
        .unwrap();
    let call = rig.fake.last_call(FakeRoute::MarkRead).unwrap();
    assert_eq!(
        call.body,
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": QUOTED})
    );
    assert!(call.authorized);
    assert_eq!(call.version.as_deref(), Some("v23.0"));
    assert_eq!(
        call.path,
        format!("/v23.0/{}/messages", crate::gateway_support::PNID)
    );
}

#[tokio::test]
async fn the_account_s_api_version_overrides_the_default() {
    let rig = rig().await;
    let from = rig
        .from
        .clone()
        .with_api_version(ApiVersion::parse("v25.0").unwrap());
    rig.gateway.send(&from, &text("hi")).await.unwrap();
    assert_eq!(
        rig.fake
            .last_call(FakeRoute::SendMessage)
            .unwrap()
            .version
            .as_deref(),
        Some("v25.0")
    );
}
