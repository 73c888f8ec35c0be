//! Template names, languages, parameters and template definitions.

use super::rejects;
use crate::outbound::*;
use serde_json::json;

fn name() -> TemplateName {
    TemplateName::parse("order_update").unwrap()
}

fn lang() -> LanguageCode {
    LanguageCode::parse("en_US").unwrap()
}

#[test]
fn names_and_languages_parse_like_meta_writes_them() {
    assert!(TemplateName::parse("hello_world_2").is_ok());
    rejects(TemplateName::parse("Hello"), "template.name");
    rejects(TemplateName::parse(&"a".repeat(513)), "template.name");
    for ok in ["en", "en_US", "pt_BR", "es_419", "fil"] {
        assert!(LanguageCode::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["EN", "e", "en-US", "en_", "english"] {
        rejects(LanguageCode::parse(bad), "template.language.code");
    }
}

#[test]
fn text_parameters_refuse_what_meta_refuses() {
    assert!(TemplateParameter::text("Order 42").is_ok());
    rejects(TemplateParameter::text(""), "template.parameters.text");
    rejects(TemplateParameter::text("a\nb"), "template.parameters.text");
    rejects(TemplateParameter::text("a\tb"), "template.parameters.text");
    rejects(
        TemplateParameter::text("a     b"),
        "template.parameters.text",
    );
    rejects(
        TemplateParameter::named_text("Bad Name", "x"),
        "template.parameters.parameter_name",
    );
    rejects(
        TemplateParameter::currency("$1", "usd", 1000),
        "template.parameters.currency.code",
    );
}

#[test]
fn components_are_checked_together() {
    let text = |t: &str| TemplateParameter::text(t).unwrap();
    let named = |n: &str| TemplateParameter::named_text(n, "x").unwrap();
    let media = TemplateParameter::media(
        MediaKind::Image,
        MediaSource::Id(MediaId::parse("1").unwrap()),
        None,
    )
    .unwrap();
    let buttons = vec![
        TemplateButton::new(0, ButtonParameter::QuickReply("yes".into())).unwrap(),
        TemplateButton::new(1, ButtonParameter::Url("abc".into())).unwrap(),
    ];
    let ok = TemplateMessage::new(
        name(),
        lang(),
        Some(media.clone()),
        vec![text("a"), text("b")],
        buttons,
    );
    assert!(ok.is_ok());
    rejects(
        TemplateMessage::new(name(), lang(), None, vec![media], vec![]),
        "template.components.body.parameters",
    );
    rejects(
        TemplateMessage::new(name(), lang(), None, vec![named("a"), text("b")], vec![]),
        "template.components.body.parameters",
    );
    rejects(
        TemplateMessage::new(name(), lang(), None, vec![named("a"), named("a")], vec![]),
        "template.components.body.parameters.parameter_name",
    );
    rejects(
        TemplateMessage::new(name(), lang(), Some(text(&"h".repeat(61))), vec![], vec![]),
        "template.components.header.text",
    );
    let twice = vec![
        TemplateButton::new(0, ButtonParameter::QuickReply("a".into())).unwrap(),
        TemplateButton::new(0, ButtonParameter::QuickReply("b".into())).unwrap(),
    ];
    rejects(
        TemplateMessage::new(name(), lang(), None, vec![], twice),
        "template.components.button.index",
    );
    rejects(
        TemplateButton::new(10, ButtonParameter::Url("x".into())),
        "template.components.button.index",
    );
    rejects(
        TemplateButton::new(0, ButtonParameter::CopyCode("x".repeat(16))),
        "template.components.button.coupon_code",
    );
}

#[test]
fn new_templates_need_a_body_component() {
    let body = json!({"type": "BODY", "text": "Hello {{1}}"});
    assert!(NewTemplate::new(name(), lang(), TemplateCategory::Utility, false, vec![body]).is_ok());
    rejects(
        NewTemplate::new(
            name(),
            lang(),
            TemplateCategory::Utility,
            false,
            vec![json!({"type": "FOOTER"})],
        ),
        "template.components",
    );
    rejects(
        NewTemplate::new(
            name(),
            lang(),
            TemplateCategory::Utility,
            false,
            vec![json!("BODY")],
        ),
        "template.components",
    );
    assert_eq!(
        "marketing".parse::<TemplateCategory>().unwrap(),
        TemplateCategory::Marketing
    );
    assert_eq!(TemplateState::from_meta("IN_APPEAL").as_str(), "IN_APPEAL");
}
