//! `WebhookBatch` → `ApplyDocument`: senders matched to profiles, texts fitted, ids generated.

use crate::ids::{ContactId, ConversationId, MessageId};
use crate::inbound::rules;
use crate::inbound::{
    Change, InboundContact, InboundMessage, StatusReport, TemplateStatusUpdate, WebhookBatch,
};
use crate::message::{MessageStatus, MetaError};
use crate::phone::WaId;

use super::{
    ApplyDocument, DocChange, DocContact, DocMessage, DocReaction, DocStatus, DocTemplate,
};

impl ApplyDocument {
    /// The document for `batch`, with fresh ids for the rows it may create.
    pub fn from_batch(batch: &WebhookBatch) -> Self {
        Self {
            changes: batch.changes.iter().map(change).collect(),
            templates: batch.template_updates.iter().map(template).collect(),
            unreadable: (!batch.rejects.is_empty()).then(|| {
                let lines: Vec<String> = batch
                    .rejects
                    .iter()
                    .map(|r| format!("{}: {}", r.location, r.reason))
                    .collect();
                rules::clip(&lines.join("; "), rules::MAX_UNREADABLE)
            }),
        }
    }
}

fn change(change: &Change) -> DocChange {
    let mut contacts: Vec<DocContact> = Vec::new();
    for profile in &change.contacts {
        add_profile(&mut contacts, profile);
    }
    let messages = change
        .messages
        .iter()
        .map(|m| message(m, &mut contacts))
        .collect();
    DocChange {
        phone_number_id: change.phone_number_id.clone(),
        contacts,
        messages,
        statuses: change.statuses.iter().filter_map(status).collect(),
    }
}

/// Whether a contact entry and an identity name the same person: the same wa_id when both
/// have one, else the same business-scoped id.
fn same_person(entry: &DocContact, wa_id: Option<&WaId>, bsuid: Option<&str>) -> bool {
    match (entry.wa_id.as_ref(), wa_id) {
        (Some(a), Some(b)) => a == b,
        _ => entry.bsuid.is_some() && entry.bsuid.as_deref() == bsuid,
    }
}

/// A fresh entry for an identity.
fn entry(wa_id: Option<WaId>, bsuid: Option<String>, profile_name: Option<String>) -> DocContact {
    DocContact {
        id: ContactId::generate(),
        conversation_id: ConversationId::generate(),
        wa_id,
        bsuid,
        profile_name,
    }
}

/// Adds a `contacts[]` profile, merged into an earlier entry for the same person.
fn add_profile(contacts: &mut Vec<DocContact>, profile: &InboundContact) {
    let bsuid = rules::bsuid(profile.bsuid.as_deref());
    if profile.wa_id.is_none() && bsuid.is_none() {
        return;
    }
    let name = rules::profile_name(profile.profile_name.as_deref());
    match contacts
        .iter_mut()
        .find(|e| same_person(e, profile.wa_id.as_ref(), bsuid.as_deref()))
    {
        Some(known) => {
            known.wa_id = known.wa_id.take().or_else(|| profile.wa_id.clone());
            known.bsuid = known.bsuid.take().or(bsuid);
            known.profile_name = name.or(known.profile_name.take());
        }
        None => contacts.push(entry(profile.wa_id.clone(), bsuid, name)),
    }
}

/// The entry of a message's sender, added (without a name) when no profile named them.
fn sender(message: &InboundMessage, contacts: &mut Vec<DocContact>) -> Option<ContactId> {
    let bsuid = rules::bsuid(message.from_bsuid.as_deref());
    if message.from.is_none() && bsuid.is_none() {
        return None;
    }
    if let Some(known) = contacts
        .iter_mut()
        .find(|e| same_person(e, message.from.as_ref(), bsuid.as_deref()))
    {
        known.wa_id = known.wa_id.take().or_else(|| message.from.clone());
        known.bsuid = known.bsuid.take().or(bsuid);
        return Some(known.id);
    }
    let new = entry(message.from.clone(), bsuid, None);
    let id = new.id;
    contacts.push(new);
    Some(id)
}

fn message(message: &InboundMessage, contacts: &mut Vec<DocContact>) -> DocMessage {
    let media = message.media.as_ref().map(rules::media);
    DocMessage {
        id: MessageId::generate(),
        wamid: message.wamid.clone(),
        contact: sender(message, contacts),
        kind: rules::stored_kind(message.kind, media.as_ref()),
        body: message
            .body
            .as_deref()
            .map(|b| rules::clip(b, rules::MAX_BODY)),
        media,
        payload: rules::json(&message.payload),
        reply_to_wamid: message.reply_to_wamid.clone(),
        sent_at: message.sent_at,
        reaction: message.reaction.as_ref().map(|r| DocReaction {
            target: r.target.clone(),
            emoji: rules::emoji(r.emoji.as_deref()),
        }),
    }
}

fn status(report: &StatusReport) -> Option<DocStatus> {
    let status = rules::lattice_status(&report.status)?;
    let error = (status == MessageStatus::Failed)
        .then(|| report.errors.first().map(meta_error))
        .flatten();
    Some(DocStatus {
        wamid: report.wamid.clone(),
        status,
        error,
        at: report.at,
        callback: report.biz_opaque_callback_data.clone(),
    })
}

fn meta_error(error: &MetaError) -> MetaError {
    MetaError {
        code: error.code,
        title: rules::clip(&error.title, rules::MAX_ERROR_TEXT),
        details: error
            .details
            .as_deref()
            .map(|d| rules::clip(d, rules::MAX_ERROR_TEXT)),
    }
}

fn template(update: &TemplateStatusUpdate) -> DocTemplate {
    DocTemplate {
        waba_id: update.waba_id.clone(),
        meta_template_id: (update.template_id > 0).then(|| update.template_id.to_string()),
        name: rules::clip(&update.name, 512),
        language: rules::clip(&update.language, 16),
        status: rules::template_status(&update.event).map(str::to_owned),
        reason: rules::template_reason(update.reason.as_deref()),
        at: update.at,
    }
}
