//! What a status change a route learned of (a sync) does to the messages waiting for the
//! template: an approval releases them with their sends queued, a refusal fails them.

use inbox_domain::MessageStatus;
use inbox_domain::events::InboxEvent;
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::TemplateReview;

use crate::error::ApiError;
use crate::state::AppState;

/// Resolves the waiting messages of each changed template and publishes the template's new
/// status and every failed message (when sending is configured: its bus), then wakes a send
/// worker for the released ones.
pub(super) async fn resolve_changed(
    state: &AppState,
    repo: &dyn TemplateRepo,
    changed: &[TemplateReview],
) -> Result<(), ApiError> {
    let mut events = Vec::new();
    let mut released = 0_usize;
    for review in changed {
        events.push(InboxEvent::TemplateStatusChanged {
            account_id: review.account_id,
            name: review.name.to_string(),
            language: review.language.to_string(),
            status: review.status.as_str().to_ascii_lowercase(),
        });
        let resolution = repo
            .resolve_pending(review.account_id, &review.name, &review.language)
            .await?;
        released += resolution.released.len();
        events.extend(
            resolution
                .failed
                .iter()
                .map(|f| InboxEvent::MessageStatusChanged {
                    account_id: review.account_id,
                    conversation_id: f.conversation_id,
                    message_id: f.message_id,
                    status: MessageStatus::Failed,
                }),
        );
    }
    if let Some(sending) = &state.sending {
        sending.queued(events).await;
    }
    if released > 0 {
        tracing::info!(
            released,
            "messages waiting for a template released by a sync"
        );
    }
    Ok(())
}
