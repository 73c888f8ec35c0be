//! V20's `inbox_templates_read_out_auto_created` in memory: the auto-created templates the
//! periodic cleanup may delete.

use std::collections::HashSet;

use inbox_domain::outbound::TemplateState;
use inbox_domain::templates::Template;
use inbox_domain::{Direction, Message, MessageId, MessageStatus};

use crate::state::State;

/// The template a stored request names: its `template.name` and `template.language`.
fn named_template(message: &Message) -> Option<(&str, &str)> {
    let template = message.payload.get("template")?;
    Some((
        template.get("name")?.as_str()?,
        template.get("language")?.as_str()?,
    ))
}

impl State {
    /// Auto-created templates not deleted whose released messages are all `read` (at least
    /// one), none waiting, and that no other outbound message names; oldest first.
    pub(crate) fn read_out_auto_created(&self, limit: u32) -> Vec<Template> {
        let deleted = TemplateState::Other("DELETED".to_owned());
        let mut found: Vec<Template> = self
            .templates
            .iter()
            .map(|stored| &stored.template)
            .filter(|t| t.auto_created && t.status != deleted)
            .filter(|t| self.is_read_out(t))
            .cloned()
            .collect();
        found.sort_by_key(|t| (t.created_at, t.id));
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        found
    }

    fn is_read_out(&self, t: &Template) -> bool {
        let rows: Vec<_> = self
            .pending_templates
            .iter()
            .filter(|row| {
                row.pending.account_id == t.account_id
                    && row.pending.template_name == t.name
                    && row.pending.language == t.language
            })
            .collect();
        let released = rows.iter().filter(|row| row.state == "released").count();
        let unread = rows.iter().any(|row| {
            row.state == "waiting"
                || (row.state == "released"
                    && self
                        .messages
                        .get(&row.pending.message_id)
                        .is_none_or(|m| m.status != MessageStatus::Read))
        });
        let queued: HashSet<MessageId> = self
            .pending_templates
            .iter()
            .map(|row| row.pending.message_id)
            .collect();
        // A message tied to no waiting row was sent by a person (or a template send).
        let used_by_a_person = self.messages.values().any(|m| {
            m.account_id == t.account_id
                && m.direction == Direction::Outbound
                && named_template(m) == Some((t.name.as_str(), t.language.as_str()))
                && !queued.contains(&m.id)
        });
        released > 0 && !unread && !used_by_a_person
    }
}
