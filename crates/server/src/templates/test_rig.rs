//! What the status-check and cleanup tests start from: the fake Meta, an in-memory store with
//! one account, and an auto-created template `shipping` pending here with one message waiting.

use std::sync::Arc;

use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::ports::{Storage, TemplateRepo};
use inbox_domain::templates::NewPendingMessage;
use inbox_domain::{AccountId, DisplayPhoneNumber, MessageId, NewAccount, PhoneNumberId, WabaId};
use inbox_memory::MemoryStore;
use inbox_testkit::contract::fixtures::{conversation_of, outbound};
use inbox_testkit::fake_meta::FakeMeta;
use serde_json::json;
use time::OffsetDateTime;

/// The started parts.
pub(super) struct Waiting {
    pub fake: FakeMeta,
    pub storage: Storage,
    pub templates: Arc<dyn TemplateRepo>,
    pub account: AccountId,
    pub message: MessageId,
}

/// The template's name and language.
pub(super) fn shipping() -> (TemplateName, LanguageCode) {
    (
        TemplateName::parse("shipping").unwrap(),
        LanguageCode::parse("en_US").unwrap(),
    )
}

/// `shipping` (body `body`) auto-created and pending here, `meta_status` at Meta, and one
/// message waiting for it with `parameters`.
pub(super) async fn waiting(meta_status: &str, body: &str, parameters: Vec<String>) -> Waiting {
    let fake = FakeMeta::start().await.unwrap();
    let store = Arc::new(MemoryStore::new());
    let storage = store.clone().storage();
    let templates: Arc<dyn TemplateRepo> = store;
    let account = storage
        .accounts
        .create(NewAccount {
            id: AccountId::generate(),
            name: "Support".into(),
            phone_number_id: PhoneNumberId::parse("106540352242922").unwrap(),
            waba_id: WabaId::parse("102290129340398").unwrap(),
            display_phone_number: DisplayPhoneNumber::parse("+15550783881").unwrap(),
            access_token: fake.access_token().unwrap_or("token").to_owned().into(),
            app_secret: "secret".to_owned().into(),
            verify_token: "verify".to_owned().into(),
        })
        .await
        .unwrap();
    let meta_id = fake.add_template("shipping", "en_US", meta_status, body);
    let (name, language) = shipping();
    let new = NewTemplate::new(
        name.clone(),
        language.clone(),
        TemplateCategory::Utility,
        false,
        vec![json!({"type": "BODY", "text": body})],
    )
    .unwrap();
    let created = CreatedTemplate {
        id: meta_id,
        status: TemplateState::Pending,
        category: None,
    };
    templates
        .record_created(account.id, &new, &created, true)
        .await
        .unwrap();
    let conversation = conversation_of(&storage, account.id).await;
    let message = outbound(conversation.id, 0);
    let message_id = message.id;
    storage.messages.append(message).await.unwrap();
    templates
        .enqueue_pending(&NewPendingMessage {
            account_id: account.id,
            conversation_id: conversation.id,
            message_id,
            template_name: name,
            language,
            parameters,
            expires_at: OffsetDateTime::now_utc() + time::Duration::days(1),
        })
        .await
        .unwrap();
    Waiting {
        fake,
        storage,
        templates,
        account: account.id,
        message: message_id,
    }
}
