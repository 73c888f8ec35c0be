//! `inbox_webhook_apply` in memory, past the fence: one apply document, in the SQL's order.

use std::collections::HashMap;

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::document::{ApplyDocument, DocChange, DocMessage};
use inbox_domain::{
    AccountId, ContactId, ConversationId, Direction, MessageStatus, NewMessage, PhoneNumberId,
    RepoError, Wamid,
};

use crate::state::State;

/// What applying a document did (the fields of `ApplyOutcome` but `applied`).
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) events: Vec<InboxEvent>,
    pub(crate) unknown_numbers: Vec<PhoneNumberId>,
    pub(crate) senderless: Vec<Wamid>,
    pub(crate) accounts: Vec<AccountId>,
}

impl State {
    /// Applies every change of a known number and every template update.
    pub(crate) fn apply_document(&mut self, doc: &ApplyDocument) -> Result<Applied, RepoError> {
        let mut applied = Applied::default();
        for change in &doc.changes {
            let Some(account) = self
                .account_by_phone_number_id
                .get(&change.phone_number_id)
                .copied()
            else {
                if !applied.unknown_numbers.contains(&change.phone_number_id) {
                    applied.unknown_numbers.push(change.phone_number_id.clone());
                }
                continue;
            };
            if !applied.accounts.contains(&account) {
                applied.accounts.push(account);
            }
            self.apply_change(account, change, &mut applied)?;
        }
        for update in &doc.templates {
            applied.events.extend(self.apply_template_update(update));
        }
        Ok(applied)
    }

    fn apply_change(
        &mut self,
        account: AccountId,
        change: &DocChange,
        applied: &mut Applied,
    ) -> Result<(), RepoError> {
        let mut contacts: HashMap<ContactId, ContactId> = HashMap::new();
        for doc in &change.contacts {
            let (contact_id, changed) = self.webhook_contact(account, doc)?;
            contacts.insert(doc.id, contact_id);
            if changed {
                applied.events.push(InboxEvent::ContactUpdated {
                    account_id: account,
                    contact_id,
                });
            }
        }
        for message in &change.messages {
            let Some(contact) = message.contact.and_then(|c| contacts.get(&c)).copied() else {
                applied.senderless.push(message.wamid.clone());
                continue;
            };
            if let Some(event) = self.apply_reaction_message(account, message) {
                applied.events.extend(event);
                continue;
            }
            let conversation = self.open_conversation(account, contact)?;
            let outcome = self.append_message(new_message(message, conversation.id))?;
            if outcome.created {
                applied.events.push(InboxEvent::MessageReceived {
                    account_id: account,
                    conversation_id: conversation.id,
                    message_id: outcome.message.id,
                });
            }
        }
        for status in &change.statuses {
            // The status of a send whose wamid we never learnt gives it to our message.
            if let Some(callback) = &status.callback {
                self.reconcile_send(account, &status.wamid, callback);
            }
            let Some(id) = self.message_by_wamid.get(&status.wamid).copied() else {
                self.keep_pending_status(account, status);
                continue;
            };
            let Some(message) = self.messages.get_mut(&id) else {
                continue;
            };
            if message.account_id != account {
                continue;
            }
            if crate::status::move_status(message, status.status, status.error.clone()) {
                applied.events.push(InboxEvent::MessageStatusChanged {
                    account_id: account,
                    conversation_id: message.conversation_id,
                    message_id: id,
                    status: status.status,
                });
            }
        }
        Ok(())
    }

    /// A reaction to a message of this account: applied to it (`Some`, with its event when it
    /// changed something). `None` for other messages and for reactions to unknown messages,
    /// which are stored as messages.
    fn apply_reaction_message(
        &mut self,
        account: AccountId,
        message: &DocMessage,
    ) -> Option<Option<InboxEvent>> {
        let reaction = message.reaction.as_ref()?;
        let target_id = *self.message_by_wamid.get(&reaction.target)?;
        let target = self.messages.get(&target_id)?;
        if target.account_id != account {
            return None;
        }
        let conversation_id = target.conversation_id;
        let changed = self.apply_reaction(
            target_id,
            Direction::Inbound,
            &message.wamid,
            reaction.emoji.as_deref(),
            message.sent_at,
        );
        Some(changed.then_some(InboxEvent::ReactionChanged {
            account_id: account,
            conversation_id,
            message_id: target_id,
        }))
    }
}

fn new_message(message: &DocMessage, conversation: ConversationId) -> NewMessage {
    NewMessage {
        id: message.id,
        conversation_id: conversation,
        direction: Direction::Inbound,
        kind: message.kind,
        body: message.body.clone(),
        media: message.media.clone(),
        payload: match &message.payload {
            serde_json::Value::Null => serde_json::json!({}),
            payload => payload.clone(),
        },
        wamid: Some(message.wamid.clone()),
        status: MessageStatus::Delivered,
        reply_to_wamid: message.reply_to_wamid.clone(),
        sent_at: message.sent_at,
    }
}
