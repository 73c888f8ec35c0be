//! The auto-template choice: which stored template can carry a free-form text, or which new
//! one to create.
//!
//! A template *matches* a text when its `BODY` component's text either
//! - equals the text exactly (sent with no parameters), or
//! - has exactly one placeholder, `{{1}}`, and the text is that body with the placeholder
//!   replaced by a non-empty value that Meta accepts as a parameter (no newline or tab, not
//!   more than four spaces in a row): sent with that value as its one parameter.
//!
//! An exact match beats a parameter match; an APPROVED template beats a PENDING one (whose
//! message then waits for the review); among equals the oldest template wins, so the choice is
//! stable. With no match the fallback creates a template whose body is the text itself.

use time::OffsetDateTime;
use uuid::Uuid;

use super::stored::Template;
use crate::error::ValidationError;
use crate::outbound::{TemplateName, TemplateState};

/// Meta's limit on a template body, in characters.
pub const BODY_MAX_CHARS: usize = 1024;

/// What the auto-template fallback does with a text.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateChoice {
    /// Send now as this approved template with these body parameters.
    Approved {
        /// The template.
        template: Template,
        /// Its body parameters (empty or one).
        parameters: Vec<String>,
    },
    /// Wait for this template's review, then send it with these body parameters.
    Pending {
        /// The template.
        template: Template,
        /// Its body parameters (empty or one).
        parameters: Vec<String>,
    },
    /// No template matches: create one named `name` whose body is the text.
    Create {
        /// A fresh, valid name.
        name: TemplateName,
    },
}

/// Picks the template for `text` among `candidates` (the account's templates in the wanted
/// language; other statuses are ignored). `new_name` names the template to create when none
/// matches.
///
/// # Errors
/// A `ValidationError` on `text` when nothing matches and the text cannot be a template body
/// (empty or blank, or longer than [`BODY_MAX_CHARS`]).
pub fn select_template(
    text: &str,
    candidates: &[Template],
    new_name: TemplateName,
) -> Result<TemplateChoice, ValidationError> {
    let mut best: Option<(u8, &Template, Vec<String>)> = None;
    for template in candidates {
        let status_rank = match template.status {
            TemplateState::Approved => 0,
            TemplateState::Pending => 2,
            _ => continue,
        };
        let Some(parameters) = body_text(&template.components).and_then(|b| fit(b, text)) else {
            continue;
        };
        let rank = status_rank + u8::from(!parameters.is_empty());
        let better = best.as_ref().is_none_or(|(r, t, _)| {
            (rank, template.created_at, template.id) < (*r, t.created_at, t.id)
        });
        if better {
            best = Some((rank, template, parameters));
        }
    }
    match best {
        Some((rank, template, parameters)) if rank < 2 => Ok(TemplateChoice::Approved {
            template: template.clone(),
            parameters,
        }),
        Some((_, template, parameters)) => Ok(TemplateChoice::Pending {
            template: template.clone(),
            parameters,
        }),
        None if text.trim().is_empty() => Err(ValidationError::new("text", "must not be blank")),
        None if text.chars().count() > BODY_MAX_CHARS => Err(ValidationError::new(
            "text",
            "is longer than a template body may be (1024 characters)",
        )),
        None => Ok(TemplateChoice::Create { name: new_name }),
    }
}

/// A generated template name, `auto_<yyyymmdd>_<12 hex digits of id>`: valid, and unique
/// for a random `id` (Meta refuses re-using a deleted template's name for weeks).
pub fn auto_template_name(now: OffsetDateTime, id: Uuid) -> TemplateName {
    let hex = id.simple().to_string();
    let tail = &hex[hex.len() - 12..];
    let name = format!(
        "auto_{:04}{:02}{:02}_{tail}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    // Only ASCII digits, lower-case hex and '_' under 512 bytes: always a valid name.
    TemplateName::parse(&name).unwrap_or_else(|_| unreachable!("generated names are valid"))
}

/// The text of the `BODY` component of Meta's component array, if any.
pub fn body_text(components: &serde_json::Value) -> Option<&str> {
    components.as_array()?.iter().find_map(|c| {
        let kind = c.get("type")?.as_str()?;
        if kind.eq_ignore_ascii_case("BODY") {
            c.get("text")?.as_str()
        } else {
            None
        }
    })
}

/// The body parameters that make `body` read `text`, or `None` when it cannot.
fn fit(body: &str, text: &str) -> Option<Vec<String>> {
    if body == text {
        return Some(Vec::new());
    }
    let (prefix, suffix) = body.split_once("{{1}}")?;
    if suffix.contains("{{") || prefix.contains("{{") {
        return None;
    }
    let value = text.strip_prefix(prefix)?.strip_suffix(suffix)?;
    let acceptable =
        !value.trim().is_empty() && !value.contains(['\n', '\t']) && !value.contains("     ");
    acceptable.then(|| vec![value.to_owned()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AccountId, TemplateId};
    use crate::outbound::{LanguageCode, TemplateCategory};
    use time::macros::datetime;

    fn template(name: &str, body: &str, status: TemplateState, age: i64) -> Template {
        Template {
            id: TemplateId::generate(),
            account_id: AccountId::generate(),
            meta_template_id: None,
            name: TemplateName::parse(name).unwrap(),
            language: LanguageCode::parse("en").unwrap(),
            category: TemplateCategory::Utility,
            status,
            components: serde_json::json!([{"type": "BODY", "text": body}]),
            rejected_reason: None,
            auto_created: false,
            created_at: datetime!(2026-01-01 0:00 UTC) - time::Duration::days(age),
            updated_at: datetime!(2026-01-01 0:00 UTC),
        }
    }

    fn new_name() -> TemplateName {
        TemplateName::parse("fresh").unwrap()
    }

    fn chosen(choice: &TemplateChoice) -> (&str, &str, Vec<String>) {
        match choice {
            TemplateChoice::Approved {
                template,
                parameters,
            } => ("approved", template.name.as_str(), parameters.clone()),
            TemplateChoice::Pending {
                template,
                parameters,
            } => ("pending", template.name.as_str(), parameters.clone()),
            TemplateChoice::Create { name } => ("create", name.as_str(), Vec::new()),
        }
    }

    #[test]
    fn an_approved_exact_body_wins_over_a_parameter_and_a_pending_one() {
        let candidates = [
            template("pending_exact", "Hi there", TemplateState::Pending, 9),
            template("approved_param", "Hi {{1}}", TemplateState::Approved, 8),
            template("approved_exact", "Hi there", TemplateState::Approved, 1),
        ];
        let choice = select_template("Hi there", &candidates, new_name()).unwrap();
        assert_eq!(chosen(&choice), ("approved", "approved_exact", vec![]));
    }

    #[test]
    fn a_single_placeholder_takes_the_rest_of_the_text_as_its_parameter() {
        let candidates = [template(
            "greeting",
            "Hello, {{1}}!",
            TemplateState::Approved,
            1,
        )];
        let choice = select_template("Hello, Ana and Bo!", &candidates, new_name()).unwrap();
        assert_eq!(
            chosen(&choice),
            ("approved", "greeting", vec!["Ana and Bo".to_owned()])
        );
    }

    #[test]
    fn a_parameter_meta_would_refuse_does_not_match() {
        let candidates = [template("whole", "{{1}}", TemplateState::Approved, 1)];
        let choice = select_template("two\nlines", &candidates, new_name()).unwrap();
        assert_eq!(chosen(&choice).0, "create");
    }

    #[test]
    fn a_pending_match_is_used_when_no_approved_one_matches() {
        let candidates = [
            template("rejected", "Hi there", TemplateState::Rejected, 3),
            template("pending", "Hi there", TemplateState::Pending, 2),
        ];
        let choice = select_template("Hi there", &candidates, new_name()).unwrap();
        assert_eq!(chosen(&choice), ("pending", "pending", vec![]));
    }

    #[test]
    fn without_a_match_a_template_is_created_unless_the_text_cannot_be_a_body() {
        let choice = select_template("Anything", &[], new_name()).unwrap();
        assert_eq!(chosen(&choice), ("create", "fresh", vec![]));
        assert_eq!(
            select_template("  ", &[], new_name()).unwrap_err().field,
            "text"
        );
        let long = "x".repeat(BODY_MAX_CHARS + 1);
        assert_eq!(
            select_template(&long, &[], new_name()).unwrap_err().field,
            "text"
        );
    }

    #[test]
    fn generated_names_are_valid_dated_and_distinct() {
        let now = datetime!(2026-03-07 10:00 UTC);
        let a = auto_template_name(now, Uuid::new_v4());
        let b = auto_template_name(now, Uuid::new_v4());
        assert!(a.as_str().starts_with("auto_20260307_"), "{a}");
        assert_ne!(a, b);
    }
}
