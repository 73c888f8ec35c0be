//! One inbound message: identity, time, sender and context; the content is read by `content`.

use inbox_domain::inbound::InboundMessage;
use inbox_domain::{WaId, Wamid};
use serde_json::Value;

use super::common::{Rejects, errors};
use super::content;
use super::value::{Object, flag, loose_str, opt_str, req_str, unix_time};

/// Fields kept in typed form and left out of `payload`.
const LIFTED: [&str; 4] = ["id", "from", "from_user_id", "timestamp"];

/// Reads one message; `None` (with a reject) without a usable `id` or `timestamp`.
pub(crate) fn read(raw: Value, location: &str, rejects: &mut Rejects) -> Option<InboundMessage> {
    let Value::Object(mut object) = raw else {
        rejects.push(location, "message is not an object");
        return None;
    };
    let identity = req_str(&object, "id")
        .and_then(|id| Wamid::parse(id).map_err(|e| e.to_string()))
        .and_then(|wamid| Ok((wamid, unix_time(object.get("timestamp"), "timestamp")?)));
    let (wamid, sent_at) = match identity {
        Ok(identity) => identity,
        Err(reason) => {
            rejects.push(location, reason);
            return None;
        }
    };
    let mut notes = Notes::default();
    let from = sender(&object, &mut notes);
    let from_bsuid = loose_str(&object, "from_user_id");
    if from.is_none() && from_bsuid.is_none() && notes.0.is_empty() {
        notes.add("no sender: neither `from` nor `from_user_id`");
    }
    let meta_type = loose_str(&object, "type").unwrap_or_default();
    let context = object.get("context").and_then(Value::as_object);
    let reply_to_wamid = context.and_then(|context| reply_to(context, &mut notes));
    let forwarded = context.is_some_and(|context| flag(context, "forwarded"));
    let frequently_forwarded = context.is_some_and(|context| flag(context, "frequently_forwarded"));
    let errors = errors(object.get("errors"), &format!("{location}.errors"), rejects);
    let content = match content::read(&meta_type, object.get(meta_type.as_str())) {
        Ok(content) => content,
        Err(reason) => {
            notes.add(&reason);
            content::Content::unsupported()
        }
    };
    for key in LIFTED {
        object.remove(key);
    }
    Some(InboundMessage {
        wamid,
        from,
        from_bsuid,
        sent_at,
        kind: content.kind,
        meta_type,
        body: content.body,
        media: content.media,
        payload: Value::Object(object),
        reply_to_wamid,
        forwarded,
        frequently_forwarded,
        reaction: content.reaction,
        errors,
        decode_error: notes.into_option(),
    })
}

/// Reasons why part of a message could not be read, joined into `decode_error`.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, note: &str) {
        self.0.push(note.to_owned());
    }

    fn into_option(self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.join("; "))
    }
}

fn sender(object: &Object, notes: &mut Notes) -> Option<WaId> {
    match opt_str(object, "from") {
        Ok(Some(from)) => WaId::parse(from)
            .map_err(|e| notes.add(&format!("`from`: {}", e.reason)))
            .ok(),
        Ok(None) => None,
        Err(reason) => {
            notes.add(&reason);
            None
        }
    }
}

fn reply_to(context: &Object, notes: &mut Notes) -> Option<Wamid> {
    match opt_str(context, "id") {
        Ok(Some(id)) => Wamid::parse(id)
            .map_err(|e| notes.add(&format!("`context.id`: {}", e.reason)))
            .ok(),
        Ok(None) => None,
        Err(reason) => {
            notes.add(&format!("`context`: {reason}"));
            None
        }
    }
}
