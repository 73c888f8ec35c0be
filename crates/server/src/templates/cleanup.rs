//! Deletes auto-created templates once every message sent with them was read
//! (`[templates] delete_auto_created_after_read`): at Meta first, then in our copy.

use std::collections::HashMap;
use std::sync::Arc;

use inbox_domain::outbound::{GatewayError, SenderCredentials};
use inbox_domain::ports::{AccountRepo, TemplateRepo, WhatsAppGateway};
use inbox_domain::templates::Template;
use inbox_domain::{Account, AccountId, RepoError};

/// Meta's `error_subcode` for a template name it does not have.
const TEMPLATE_NOT_FOUND_SUBCODE: i64 = 2_593_002;

/// What one cleanup round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanupReport {
    /// Templates deleted at Meta (or already gone there) and marked deleted.
    pub deleted: u32,
    /// Templates whose deletion at Meta failed (tried again next round).
    pub errors: u32,
}

/// One cleanup round over the ports it needs.
pub struct AutoTemplateCleanup {
    templates: Arc<dyn TemplateRepo>,
    accounts: Arc<dyn AccountRepo>,
    gateway: Arc<dyn WhatsAppGateway>,
    batch: u32,
}

impl AutoTemplateCleanup {
    /// A cleanup deleting at most `batch` templates a round.
    pub fn new(
        templates: Arc<dyn TemplateRepo>,
        accounts: Arc<dyn AccountRepo>,
        gateway: Arc<dyn WhatsAppGateway>,
        batch: u32,
    ) -> Self {
        Self {
            templates,
            accounts,
            gateway,
            batch,
        }
    }

    /// Deletes each read-out auto-created template (`TemplateRepo::read_out_auto_created`) at
    /// Meta, then marks it deleted. Meta's "not found" counts as deleted; any other failure is
    /// logged and counted, and the template is tried again next round.
    ///
    /// # Errors
    /// What the template store or the account store answers.
    pub async fn run_once(&self) -> Result<CleanupReport, RepoError> {
        let due = self.templates.read_out_auto_created(self.batch).await?;
        let mut accounts: HashMap<AccountId, Account> = HashMap::new();
        let mut report = CleanupReport::default();
        for template in due {
            let account = match accounts.get(&template.account_id) {
                Some(account) => account.clone(),
                None => {
                    let account = self.accounts.get(template.account_id).await?;
                    accounts.insert(account.id, account.clone());
                    account
                }
            };
            if !self.delete_at_meta(&account, &template).await {
                report.errors += 1;
                continue;
            }
            match self
                .templates
                .mark_deleted(account.id, &template.name)
                .await
            {
                // Gone meanwhile (a person deleted it): the same end.
                Ok(_) | Err(RepoError::NotFound { .. }) => report.deleted += 1,
                Err(other) => return Err(other),
            }
            tracing::info!(account.id = %account.id, template.id = %template.id, "read-out auto-created template deleted");
        }
        Ok(report)
    }

    /// Whether Meta no longer has `template` (deleted now, or not found); a failure is logged.
    async fn delete_at_meta(&self, account: &Account, template: &Template) -> bool {
        let credentials = SenderCredentials::of(account);
        match self
            .gateway
            .delete_template(&credentials, &account.waba_id, &template.name)
            .await
        {
            Ok(()) => true,
            Err(error) if is_not_found(&error) => true,
            Err(error) => {
                tracing::warn!(
                    account.id = %account.id,
                    template.id = %template.id,
                    error.class = error.class().label(),
                    error.code = ?error.code(),
                    "deleting a read-out auto-created template at Meta failed"
                );
                false
            }
        }
    }
}

/// Meta's answer for a template name it does not have.
fn is_not_found(error: &GatewayError) -> bool {
    let failure = error.failure();
    failure.subcode == Some(TEMPLATE_NOT_FOUND_SUBCODE) || failure.http_status == Some(404)
}
