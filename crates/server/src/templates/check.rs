//! The periodic template status check: templates pending review for too long are looked up at
//! Meta, and a changed status is applied as the status webhook's would be.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbound::{SenderCredentials, TemplateQuery, TemplateState};
use inbox_domain::ports::{AccountRepo, EventBus, TemplateRepo, WhatsAppGateway};
use inbox_domain::templates::{Template, TemplateReview};
use inbox_domain::{Account, AccountId, MessageStatus, RepoError};
use time::OffsetDateTime;
use tokio::sync::watch;

use super::cleanup::AutoTemplateCleanup;

/// What one check did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Templates looked up at Meta.
    pub checked: u32,
    /// Templates whose status changed.
    pub changed: u32,
    /// Waiting messages failed by a refusal.
    pub failed_messages: u32,
    /// Waiting messages released by an approval (their sends queued).
    pub released_messages: u32,
    /// Waiting messages failed because they waited past their expiry.
    pub expired_messages: u32,
    /// Templates whose lookup failed (tried again next time).
    pub errors: u32,
    /// Read-out auto-created templates deleted (with the cleanup on).
    pub deleted_templates: u32,
    /// Read-out auto-created templates whose deletion at Meta failed (tried again next time).
    pub delete_errors: u32,
}

/// One check over the ports it needs.
pub struct TemplateStatusCheck {
    templates: Arc<dyn TemplateRepo>,
    accounts: Arc<dyn AccountRepo>,
    gateway: Arc<dyn WhatsAppGateway>,
    events: Arc<dyn EventBus>,
    pending_after: Duration,
    batch: u32,
    cleanup: Option<AutoTemplateCleanup>,
}

impl TemplateStatusCheck {
    /// A check asking about at most `batch` templates pending longer than `pending_after`.
    pub fn new(
        templates: Arc<dyn TemplateRepo>,
        accounts: Arc<dyn AccountRepo>,
        gateway: Arc<dyn WhatsAppGateway>,
        events: Arc<dyn EventBus>,
        pending_after: Duration,
        batch: u32,
    ) -> Self {
        Self {
            templates,
            accounts,
            gateway,
            events,
            pending_after,
            batch,
            cleanup: None,
        }
    }

    /// Also deletes read-out auto-created templates each run (after the status lookups).
    #[must_use]
    pub fn with_cleanup(mut self, cleanup: AutoTemplateCleanup) -> Self {
        self.cleanup = Some(cleanup);
        self
    }

    /// Looks up each template pending since before `now - pending_after` at Meta (by name,
    /// then its language in the answer). A changed status is stored, published as
    /// `TemplateStatusChanged`, and a refusal (rejected, paused, disabled) fails the messages
    /// waiting for it (each published as `MessageStatusChanged`); an approval releases them,
    /// their sends queued in the same step. Then messages waiting past their expiry are
    /// failed (published too). A failed lookup is logged and counted; the template is asked
    /// about again next time. With the cleanup on, read-out auto-created templates are then
    /// deleted ([`AutoTemplateCleanup::run_once`]).
    ///
    /// # Errors
    /// What the template store answers when listing or updating.
    pub async fn run_once(&self, now: OffsetDateTime) -> Result<CheckReport, RepoError> {
        let before = now - self.pending_after;
        let due = self.templates.pending_review(before, self.batch).await?;
        let mut accounts: HashMap<AccountId, Account> = HashMap::new();
        let mut report = CheckReport::default();
        for template in due {
            report.checked += 1;
            let account = match accounts.get(&template.account_id) {
                Some(account) => account.clone(),
                None => {
                    let account = self.accounts.get(template.account_id).await?;
                    accounts.insert(account.id, account.clone());
                    account
                }
            };
            let Some(status) = self.status_at_meta(&account, &template).await else {
                report.errors += 1;
                continue;
            };
            self.apply(&template, status, &mut report).await?;
        }
        self.expire(now, &mut report).await?;
        if let Some(cleanup) = &self.cleanup {
            let cleaned = cleanup.run_once().await?;
            report.deleted_templates = cleaned.deleted;
            report.delete_errors = cleaned.errors;
        }
        if report.checked > 0
            || report.expired_messages > 0
            || report.deleted_templates > 0
            || report.delete_errors > 0
        {
            tracing::info!(
                checked = report.checked,
                changed = report.changed,
                failed_messages = report.failed_messages,
                released_messages = report.released_messages,
                expired_messages = report.expired_messages,
                errors = report.errors,
                deleted_templates = report.deleted_templates,
                delete_errors = report.delete_errors,
                "template status check done"
            );
        }
        Ok(report)
    }

    /// Meta's status of `template`, or `None` when the lookup failed (logged). A template Meta
    /// no longer lists reads as deleted.
    async fn status_at_meta(
        &self,
        account: &Account,
        template: &Template,
    ) -> Option<TemplateState> {
        let query = TemplateQuery {
            name: Some(template.name.clone()),
            limit: Some(100),
            after: None,
        };
        let credentials = SenderCredentials::of(account);
        match self
            .gateway
            .list_templates(&credentials, &account.waba_id, &query)
            .await
        {
            Ok(page) => Some(
                page.templates
                    .into_iter()
                    .find(|t| {
                        t.name == template.name.as_str() && t.language == template.language.as_str()
                    })
                    .map_or_else(|| TemplateState::Other("DELETED".to_owned()), |t| t.status),
            ),
            Err(error) => {
                tracing::warn!(
                    account.id = %account.id,
                    template.id = %template.id,
                    error.class = error.class().label(),
                    error.code = ?error.code(),
                    "template status lookup failed"
                );
                None
            }
        }
    }

    /// Stores `status` when it changed, publishes it, and fails the waiting messages of a
    /// refused template.
    async fn apply(
        &self,
        template: &Template,
        status: TemplateState,
        report: &mut CheckReport,
    ) -> Result<(), RepoError> {
        let review = TemplateReview {
            account_id: template.account_id,
            name: template.name.clone(),
            language: template.language.clone(),
            status: status.clone(),
            reason: None,
        };
        match self.templates.apply_review(&review).await {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            // A status our table does not know (Meta added one): leave the row as it is.
            Err(RepoError::Invalid { .. }) => return Ok(()),
            Err(other) => return Err(other),
        }
        report.changed += 1;
        let mut events = vec![InboxEvent::TemplateStatusChanged {
            account_id: template.account_id,
            name: template.name.to_string(),
            language: template.language.to_string(),
            status: status.as_str().to_ascii_lowercase(),
        }];
        if inbox_domain::templates::failure_for(&status).is_some()
            || status == TemplateState::Approved
        {
            let resolution = self
                .templates
                .resolve_pending(template.account_id, &template.name, &template.language)
                .await?;
            report.failed_messages += u32::try_from(resolution.failed.len()).unwrap_or(u32::MAX);
            report.released_messages +=
                u32::try_from(resolution.released.len()).unwrap_or(u32::MAX);
            events.extend(
                resolution
                    .failed
                    .iter()
                    .map(|f| InboxEvent::MessageStatusChanged {
                        account_id: template.account_id,
                        conversation_id: f.conversation_id,
                        message_id: f.message_id,
                        status: MessageStatus::Failed,
                    }),
            );
        }
        self.events.publish(events).await;
        Ok(())
    }

    /// Fails the messages that waited for their template past their expiry, a batch at a time
    /// (at most ten batches a run, so one run stays short), and publishes each.
    async fn expire(&self, now: OffsetDateTime, report: &mut CheckReport) -> Result<(), RepoError> {
        for _ in 0..10 {
            let expired = self
                .templates
                .expire_waiting(now, self.batch.max(1))
                .await?;
            let count = expired.len();
            report.expired_messages += u32::try_from(count).unwrap_or(u32::MAX);
            let events = expired
                .iter()
                .map(|e| InboxEvent::MessageStatusChanged {
                    account_id: e.account_id,
                    conversation_id: e.conversation_id,
                    message_id: e.message_id,
                    status: MessageStatus::Failed,
                })
                .collect::<Vec<_>>();
            if !events.is_empty() {
                self.events.publish(events).await;
            }
            if count < usize::try_from(self.batch.max(1)).unwrap_or(usize::MAX) {
                break;
            }
        }
        Ok(())
    }
}

/// The check run every interval until shut down.
pub struct TemplateStatusChecker {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl TemplateStatusChecker {
    /// Runs `check` every `interval` (the first run one interval after start).
    pub fn start(check: TemplateStatusCheck, interval: Duration) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    () = tokio::time::sleep(interval) => {}
                }
                if let Err(error) = check.run_once(OffsetDateTime::now_utc()).await {
                    tracing::warn!(error = %error, "template status check failed");
                }
            }
        });
        Self { stop, task }
    }

    /// Stops the loop, letting a running check finish.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::warn!(error = %error, "template status check task ended abnormally");
        }
    }
}
