//! Reply buttons, lists and CTA URL buttons against Meta's counts and lengths.

use super::rejects;
use crate::outbound::*;

fn button(id: &str, title: &str) -> ReplyButton {
    ReplyButton::new(id, title).unwrap()
}

fn row(id: &str) -> ListRow {
    ListRow::new(id, "Row", None).unwrap()
}

#[test]
fn reply_buttons_take_one_to_three_unique_buttons() {
    let three = vec![button("a", "Yes"), button("b", "No"), button("c", "Maybe")];
    assert!(ReplyButtons::new("Pick one", three.clone(), None, Some("footer")).is_ok());
    let mut four = three;
    four.push(button("d", "Later"));
    rejects(
        ReplyButtons::new("Pick", four, None, None),
        "interactive.action.buttons",
    );
    rejects(
        ReplyButtons::new("Pick", vec![], None, None),
        "interactive.action.buttons",
    );
    let same_title = vec![button("a", "Yes"), button("b", "Yes")];
    rejects(
        ReplyButtons::new("Pick", same_title, None, None),
        "interactive.action.buttons.reply.title",
    );
    let same_id = vec![button("a", "Yes"), button("a", "No")];
    rejects(
        ReplyButtons::new("Pick", same_id, None, None),
        "interactive.action.buttons.reply.id",
    );
}

#[test]
fn button_titles_ids_bodies_and_footers_are_limited() {
    rejects(
        ReplyButton::new("a", &"t".repeat(21)),
        "interactive.action.buttons.reply.title",
    );
    rejects(
        ReplyButton::new(&"i".repeat(257), "ok"),
        "interactive.action.buttons.reply.id",
    );
    let one = || vec![button("a", "Yes")];
    rejects(
        ReplyButtons::new(&"b".repeat(1025), one(), None, None),
        "interactive.body.text",
    );
    rejects(
        ReplyButtons::new("b", one(), None, Some(&"f".repeat(61))),
        "interactive.footer.text",
    );
    rejects(
        InteractiveHeader::text(&"h".repeat(61)),
        "interactive.header.text",
    );
    let sticker = MediaSource::Id(MediaId::parse("1").unwrap());
    rejects(
        InteractiveHeader::media(MediaKind::Sticker, sticker),
        "interactive.header.type",
    );
}

#[test]
fn lists_take_at_most_ten_rows_in_at_most_ten_sections() {
    let rows = |n: usize, prefix: &str| {
        (0..n)
            .map(|i| row(&format!("{prefix}{i}")))
            .collect::<Vec<_>>()
    };
    let ten = vec![
        ListSection::new(Some("A"), rows(5, "a")).unwrap(),
        ListSection::new(Some("B"), rows(5, "b")).unwrap(),
    ];
    assert!(ListMessage::new("Menu", "Open", ten, Some("Header"), None).is_ok());
    let eleven = vec![
        ListSection::new(Some("A"), rows(5, "a")).unwrap(),
        ListSection::new(Some("B"), rows(6, "b")).unwrap(),
    ];
    rejects(
        ListMessage::new("Menu", "Open", eleven, None, None),
        "interactive.action.sections.rows",
    );
    let untitled = vec![
        ListSection::new(None, rows(1, "a")).unwrap(),
        ListSection::new(Some("B"), rows(1, "b")).unwrap(),
    ];
    rejects(
        ListMessage::new("Menu", "Open", untitled, None, None),
        "interactive.action.sections.title",
    );
    let duplicate = vec![ListSection::new(None, vec![row("x"), row("x")]).unwrap()];
    rejects(
        ListMessage::new("Menu", "Open", duplicate, None, None),
        "interactive.action.sections.rows.id",
    );
    let one = || vec![ListSection::new(None, rows(1, "a")).unwrap()];
    rejects(
        ListMessage::new("Menu", &"b".repeat(21), one(), None, None),
        "interactive.action.button",
    );
    rejects(
        ListMessage::new("Menu", "Open", vec![], None, None),
        "interactive.action.sections",
    );
    rejects(
        ListSection::new(Some(&"s".repeat(25)), rows(1, "a")),
        "interactive.action.sections.title",
    );
    rejects(
        ListSection::new(None, vec![]),
        "interactive.action.sections.rows",
    );
}

#[test]
fn list_rows_are_limited() {
    rejects(
        ListRow::new(&"i".repeat(201), "t", None),
        "interactive.action.sections.rows.id",
    );
    rejects(
        ListRow::new("i", &"t".repeat(25), None),
        "interactive.action.sections.rows.title",
    );
    rejects(
        ListRow::new("i", "t", Some(&"d".repeat(73))),
        "interactive.action.sections.rows.description",
    );
}

#[test]
fn cta_url_needs_a_short_label_and_a_web_url() {
    assert!(CtaUrl::new("See", "Open", "https://example.com/x", None, None).is_ok());
    rejects(
        CtaUrl::new("See", &"o".repeat(21), "https://example.com", None, None),
        "interactive.action.parameters.display_text",
    );
    rejects(
        CtaUrl::new("See", "Open", "javascript:alert(1)", None, None),
        "interactive.action.parameters.url",
    );
}
