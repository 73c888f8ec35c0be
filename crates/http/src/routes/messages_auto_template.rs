//! `POST /conversations/{id}/messages/auto-template`: a free-form text that goes out even
//! outside the 24-hour window, as a template (reused, or created and waited for).

use actix_web::{HttpRequest, HttpResponse, post, web};
use inbox_domain::outbound::{LanguageCode, NewTemplate, SenderCredentials, TemplateState};
use inbox_domain::outbox::{IdempotencyKey, NewSend, SendRequest, TextRequest};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{
    NewPendingMessage, NewWaitingSend, Template, TemplateChoice, TemplateFilter,
    auto_template_name, select_template, template_send,
};
use inbox_domain::{
    AccountId, ConversationId, Cursor, Message, MessageId, MessageStatus, PageLimit,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::send_request::{idempotency_key, invalid, send_target};
use super::templates_ports::{gateway, templates};
use crate::auth::Caller;
use crate::dto::{AutoTemplateRequest, ErrorEnvelope, MessageResponse};
use crate::error::ApiError;
use crate::sending::Sending;
use crate::state::AppState;

/// Template pages read at most when looking for a match (100 templates a page).
const MAX_TEMPLATE_PAGES: usize = 20;

/// Sends `text` to the customer and answers 202 with the message at once. Inside the 24-hour
/// window it is a plain text send. Outside it, the account's templates in the language asked
/// for (default `en_US`, configurable) are searched for one whose body reads `text` (exactly,
/// or with one `{{1}}` parameter): an APPROVED one is sent now; a PENDING one makes the
/// message wait (status `pending`) for its review; with none, a template whose body is the
/// text is created at Meta (category from the request, default `utility`) and the message
/// waits for it. An approval sends the waiting messages; a rejection, pause or disablement
/// fails them with the reason; a message still waiting after 24 hours (configurable) fails.
/// At most `[templates] auto_create_daily_limit` templates (default 10) are created per
/// account and UTC day. A repeat with the same `Idempotency-Key` answers the first message.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(
        ("id" = Uuid, Path, description = "The conversation's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters; a repeat with the same key and body answers the first message"),
    ),
    request_body = AutoTemplateRequest,
    responses(
        (status = 202, description = "The message, `pending`: queued to send, or waiting for its template's review", body = MessageResponse),
        (status = 400, description = "`id` is not a UUID, or the body is not JSON (`malformed_body`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.send` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such conversation, or one the caller cannot see (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "The `Idempotency-Key` was used with another request (`send_conflict`)", body = ErrorEnvelope),
        (status = 422, description = "A field is invalid (`invalid_text`, `invalid_language`, `invalid_category`), or Meta refused the new template (`meta_rejected`)", body = ErrorEnvelope),
        (status = 429, description = "The account reached its daily limit of automatically created templates (`auto_template_limit`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 502, description = "Meta refused the account's token (`meta_credentials_refused`) or failed (`meta_failed`)", body = ErrorEnvelope),
        (status = 503, description = "Storage or Meta unavailable, or sending, templates or the gateway not configured (`<what>_unconfigured`)", body = ErrorEnvelope),
    )
)]
#[post("/conversations/{id}/messages/auto-template")]
pub async fn send_auto_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    http: HttpRequest,
    body: web::Json<AutoTemplateRequest>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, account, sending) = send_target(&state, &caller, &id).await?;
    let body = body.into_inner();
    let (category, language) = body.choices().map_err(invalid)?;
    let key = idempotency_key(&http)?;
    let now = OffsetDateTime::now_utc();
    let ask = Ask {
        account,
        conversation,
        text: body.text,
        key,
        now,
    };
    if sending
        .window
        .is_open(&state.storage, conversation, now)
        .await?
    {
        let text = SendRequest {
            content: inbox_domain::outbox::SendContent::Text {
                text: TextRequest {
                    body: ask.text.clone(),
                    preview_url: false,
                },
            },
            reply_to: None,
        };
        text.validate().map_err(invalid)?;
        return send_now(&state, &sending, &ask, text).await;
    }
    let repo = templates(&state)?;
    let options = &state.auto_template;
    let language = language.unwrap_or_else(|| options.default_language.clone());
    let candidates = candidates(repo.as_ref(), account, &language).await?;
    let new_name = auto_template_name(now, Uuid::new_v4());
    match select_template(&ask.text, &candidates, new_name).map_err(invalid)? {
        TemplateChoice::Approved {
            template,
            parameters,
        } => {
            let request = template_send(&template.name, &template.language, &parameters);
            send_now(&state, &sending, &ask, request).await
        }
        TemplateChoice::Pending {
            template,
            parameters,
        } => wait_for(&state, &sending, repo.as_ref(), &ask, &template, parameters).await,
        TemplateChoice::Create { name } => {
            let since = now.replace_time(time::Time::MIDNIGHT);
            let created_today = repo.count_auto_created_since(account, since).await?;
            if created_today >= options.daily_limit {
                tracing::warn!(account.id = %account, created_today, "auto-template limit reached");
                return Err(ApiError::AutoTemplateLimit(options.daily_limit));
            }
            let category = category.unwrap_or(options.default_category);
            let component = serde_json::json!({"type": "BODY", "text": ask.text});
            let new = NewTemplate::new(name, language, category, false, vec![component])
                .map_err(invalid)?;
            let gateway = gateway(&state)?;
            let stored_account = state.storage.accounts.get(account).await?;
            let created = gateway
                .create_template(
                    &SenderCredentials::of(&stored_account),
                    &stored_account.waba_id,
                    &new,
                )
                .await?;
            let template = repo.record_created(account, &new, &created, true).await?;
            tracing::info!(account.id = %account, template.id = %template.id, "template created for an auto-template send");
            if created.status == TemplateState::Approved {
                let request = template_send(&template.name, &template.language, &[]);
                return send_now(&state, &sending, &ask, request).await;
            }
            wait_for(&state, &sending, repo.as_ref(), &ask, &template, Vec::new()).await
        }
    }
}

/// What the agent asked for.
struct Ask {
    account: AccountId,
    conversation: ConversationId,
    text: String,
    key: Option<IdempotencyKey>,
    now: OffsetDateTime,
}

/// The account's templates in `language` that are approved or pending review.
async fn candidates(
    repo: &dyn TemplateRepo,
    account: AccountId,
    language: &LanguageCode,
) -> Result<Vec<Template>, ApiError> {
    let limit = PageLimit::parse(Some(i64::from(PageLimit::MAX))).map_err(invalid)?;
    let mut found = Vec::new();
    let mut cursor: Option<Cursor> = None;
    for _ in 0..MAX_TEMPLATE_PAGES {
        let page = repo
            .list(account, &TemplateFilter::default(), cursor, limit)
            .await?;
        found.extend(page.items.into_iter().filter(|t| {
            &t.language == language
                && matches!(t.status, TemplateState::Approved | TemplateState::Pending)
        }));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(found)
}

/// Records `request` with its send job now (a worker sends it) and answers 202.
async fn send_now(
    state: &AppState,
    sending: &Sending,
    ask: &Ask,
    request: SendRequest,
) -> Result<HttpResponse, ApiError> {
    let send = NewSend {
        message_id: MessageId::generate(),
        conversation_id: ask.conversation,
        request,
        idempotency_key: ask.key.clone(),
        sent_at: ask.now,
    };
    let recorded = sending.options.outbox.record(&send).await?;
    sending.queued(recorded.events).await;
    answer(state, ask, &recorded.message, recorded.repeated).await
}

/// Records the message waiting for `template`, then resolves the template at once in case its
/// review arrived meanwhile (an approval seen before the row existed would release nothing),
/// and answers 202.
async fn wait_for(
    state: &AppState,
    sending: &Sending,
    repo: &dyn TemplateRepo,
    ask: &Ask,
    template: &Template,
    parameters: Vec<String>,
) -> Result<HttpResponse, ApiError> {
    let message_id = MessageId::generate();
    let send = NewWaitingSend {
        request: template_send(&template.name, &template.language, &parameters),
        pending: NewPendingMessage {
            account_id: ask.account,
            conversation_id: ask.conversation,
            message_id,
            template_name: template.name.clone(),
            language: template.language.clone(),
            parameters,
            expires_at: ask.now + state.auto_template.wait,
        },
        body: ask.text.clone(),
        idempotency_key: ask.key.clone(),
        sent_at: ask.now,
    };
    let recorded = repo.record_waiting(&send).await?;
    let mut events = recorded.events;
    if !recorded.repeated {
        let resolution = repo
            .resolve_pending(ask.account, &template.name, &template.language)
            .await?;
        events.extend(resolution.failed.iter().map(|f| {
            inbox_domain::events::InboxEvent::MessageStatusChanged {
                account_id: ask.account,
                conversation_id: f.conversation_id,
                message_id: f.message_id,
                status: MessageStatus::Failed,
            }
        }));
    }
    sending.queued(events).await;
    tracing::info!(message.id = %recorded.message_id, template.name = %template.name, "message waits for its template's review");
    // Read after the resolution above, which may have released or failed the message.
    let message = state.storage.messages.get(recorded.message_id).await?;
    answer(state, ask, &message, recorded.repeated).await
}

/// The 202 with the stored message.
async fn answer(
    state: &AppState,
    ask: &Ask,
    message: &Message,
    repeated: bool,
) -> Result<HttpResponse, ApiError> {
    state.owners.remember_message(message.id, ask.account).await;
    tracing::info!(message.id = %message.id, conversation.id = %ask.conversation, repeated, "auto-template message accepted");
    Ok(HttpResponse::Accepted().json(MessageResponse::from(message)))
}
