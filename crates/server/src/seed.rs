//! `inboxd seed-demo`: a demo account with believable conversations, so a newcomer sees something.

use inbox_domain::account::{parse_account_name, parse_secret};
use inbox_domain::ports::Storage;
use inbox_domain::{
    Account, Direction, DisplayPhoneNumber, MessageId, MessageKind, MessageStatus, NewAccount,
    NewMessage, PhoneNumberId, RepoError, WaId, WabaId, Wamid,
};
use time::{Duration, OffsetDateTime};

/// Meta's id of the demo number; fixed so a second run finds the same account.
const DEMO_PHONE_NUMBER_ID: &str = "100000000000001";

/// Who writes to the demo shop, and what they say (customer lines start with `>`).
const SCRIPTS: &[(&str, &str, &[&str])] = &[
    (
        "5511987650001",
        "Ana Souza",
        &[
            ">Hi! Is the blue backpack still in stock?",
            "Hi Ana! Yes, we have 4 left.",
            ">Great, can you hold one until Friday?",
            "Done, it's reserved under your name.",
        ],
    ),
    (
        "447700900123",
        "Oliver Smith",
        &[
            ">My order #4821 hasn't arrived yet",
            "Sorry about that, Oliver. Let me check with the courier.",
            "It's out for delivery today before 6 pm.",
            ">Thanks!",
        ],
    ),
    (
        "4915112345678",
        "Lena Müller",
        &[
            ">Do you ship to Germany?",
            "We do: 3-5 business days, free over 50 EUR.",
        ],
    ),
    (
        "33612345678",
        "Camille Martin",
        &[
            ">Bonjour, can I change the size of my order?",
            "Of course. Which size would you like?",
            ">M instead of S please",
        ],
    ),
    (
        "919812345678",
        "Priya Sharma",
        &[
            ">What are your opening hours on Sunday?",
            "We're open 10:00-16:00 on Sundays.",
            ">Perfect, see you then",
        ],
    ),
    (
        "61412345678",
        "Jack Wilson",
        &[
            ">Is there a discount for students?",
            "Yes: 10% with a valid student card at checkout.",
        ],
    ),
    (
        "5215512345678",
        "Sofía Hernández",
        &[
            ">Hola! Do you have gift wrapping?",
            "We do, for 2 USD per item.",
            ">Add it to order #4870 please",
            "Added. Anything else?",
            ">No, thank you!",
        ],
    ),
    (
        "819012345678",
        "Haruto Sato",
        &[
            ">The zipper on my jacket broke after a week",
            "I'm sorry! Could you send a photo?",
            ">Sent by email just now",
            "Got it: a replacement ships tomorrow.",
        ],
    ),
    (
        "2348012345678",
        "Chinedu Okafor",
        &[
            ">How do I track my parcel?",
            "Use the link in your confirmation email, or send me the order number.",
        ],
    ),
    (
        "14155550123",
        "Emily Johnson",
        &[
            ">Can I return an item bought on sale?",
            "Sale items can be exchanged within 14 days.",
            ">OK, I'll come by the store",
        ],
    ),
    (
        "390612345678",
        "Giulia Rossi",
        &[
            ">Do you have this in red?",
            "Red is back in stock next week.",
            ">Please let me know when it arrives",
        ],
    ),
    (
        "5491112345678",
        "Mateo García",
        &[">Thanks for the fast delivery!"],
    ),
];

/// What seeding did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Whether the demo account was created now (false: it already existed).
    pub account_created: bool,
    /// Conversations in the demo account after seeding.
    pub conversations: usize,
    /// Messages added by this run (0 on a second run).
    pub messages_added: usize,
}

/// Creates the demo account and its conversations; a second run adds nothing.
pub async fn seed_demo(storage: &Storage) -> Result<SeedReport, RepoError> {
    let (account, account_created) = demo_account(storage).await?;
    let mut report = SeedReport {
        account_created,
        ..SeedReport::default()
    };
    let now = OffsetDateTime::now_utc();
    for (index, (wa_id, name, lines)) in SCRIPTS.iter().enumerate() {
        let wa_id = WaId::parse(wa_id).map_err(invalid)?;
        let contact = storage
            .contacts
            .upsert_by_wa_id(account.id, &wa_id, Some((*name).to_owned()))
            .await?;
        let conversation = storage.conversations.open(account.id, contact.id).await?;
        report.conversations += 1;
        // Conversations end at different times, newest first in the list.
        let end = now - Duration::minutes(37 * index as i64 + 3);
        let count = lines.len() as i64;
        for (position, line) in lines.iter().enumerate() {
            let (direction, text) = match line.strip_prefix('>') {
                Some(text) => (Direction::Inbound, text),
                None => (Direction::Outbound, *line),
            };
            let sent_at = end - Duration::minutes(2 * (count - 1 - position as i64));
            // Fixed wamids make a second run a no-op.
            let wamid = Wamid::parse(&format!("wamid.demo.{}.{position}", wa_id.as_str()))
                .map_err(invalid)?;
            let outcome = storage
                .messages
                .append(NewMessage {
                    id: MessageId::generate(),
                    conversation_id: conversation.id,
                    direction,
                    kind: MessageKind::Text,
                    body: Some(text.to_owned()),
                    media: None,
                    payload: serde_json::json!({}),
                    wamid: Some(wamid),
                    status: match direction {
                        Direction::Inbound => MessageStatus::Delivered,
                        Direction::Outbound => MessageStatus::Read,
                    },
                    reply_to_wamid: None,
                    sent_at,
                })
                .await?;
            if outcome.created {
                report.messages_added += 1;
            }
        }
    }
    Ok(report)
}

async fn demo_account(storage: &Storage) -> Result<(Account, bool), RepoError> {
    let phone_number_id = PhoneNumberId::parse(DEMO_PHONE_NUMBER_ID).map_err(invalid)?;
    if let Some(account) = storage
        .accounts
        .find_by_phone_number_id(&phone_number_id)
        .await?
    {
        return Ok((account, false));
    }
    let new = NewAccount {
        id: inbox_domain::AccountId::generate(),
        name: parse_account_name("Demo Shop").map_err(invalid)?,
        phone_number_id,
        waba_id: WabaId::parse("200000000000001").map_err(invalid)?,
        display_phone_number: DisplayPhoneNumber::parse("+1 555 010 0001").map_err(invalid)?,
        access_token: parse_secret("access_token", "demo-access-token".into()).map_err(invalid)?,
        app_secret: parse_secret("app_secret", "demo-app-secret".into()).map_err(invalid)?,
        verify_token: parse_secret("verify_token", "demo-verify-token".into()).map_err(invalid)?,
    };
    match storage.accounts.create(new).await {
        Ok(account) => Ok((account, true)),
        // Another seeder won the race: use its account.
        Err(RepoError::Conflict { .. }) => {
            let phone_number_id = PhoneNumberId::parse(DEMO_PHONE_NUMBER_ID).map_err(invalid)?;
            let account = storage
                .accounts
                .find_by_phone_number_id(&phone_number_id)
                .await?
                .ok_or(RepoError::not_found("account"))?;
            Ok((account, false))
        }
        Err(other) => Err(other),
    }
}

fn invalid(error: inbox_domain::ValidationError) -> RepoError {
    RepoError::Invalid {
        entity: "demo data",
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use inbox_domain::PageLimit;

    #[tokio::test]
    async fn seeding_twice_adds_nothing_the_second_time() {
        let storage = inbox_memory::storage();
        let first = seed_demo(&storage).await.unwrap();
        assert!(first.account_created);
        assert_eq!(first.conversations, SCRIPTS.len());
        let total: usize = SCRIPTS.iter().map(|(_, _, lines)| lines.len()).sum();
        assert_eq!(first.messages_added, total);

        let second = seed_demo(&storage).await.unwrap();
        assert!(!second.account_created);
        assert_eq!(second.messages_added, 0);

        let account = storage.accounts.list().await.unwrap().remove(0);
        let page = storage
            .conversations
            .list(account.id, None, PageLimit::default())
            .await
            .unwrap();
        assert_eq!(page.items.len(), SCRIPTS.len());
        let newest = &page.items[0];
        assert_eq!(newest.contact.profile_name.as_deref(), Some("Ana Souza"));
        assert_eq!(newest.conversation.unread_count, 2);
    }
}
