//! The sending side of the composition root: the gateway, the pipeline and what the routes get.

use std::sync::Arc;

use inbox_domain::ports::{EventBus, WhatsAppGateway};
use inbox_http::SendingOptions;
use inbox_whatsapp::GraphGateway;
use tokio::sync::Notify;

use crate::backend::Backend;
use crate::config::Settings;
use crate::error::StartupError;
use crate::sending::pipeline::SendPipeline;

/// What the application keeps of sending: the pipeline its workers run and their wake-up.
pub struct SendingParts {
    /// The pipeline the send workers run.
    pub pipeline: Arc<SendPipeline>,
    /// Notified when a job is queued in this process.
    pub wakeup: Arc<Notify>,
    /// The Graph API gateway (shared with the routes that call Meta).
    pub gateway: Arc<dyn WhatsAppGateway>,
}

impl SendingParts {
    /// Builds the gateway against the configured Graph API and the pipeline over the
    /// backend's outbox, publishing to `events`.
    ///
    /// # Errors
    /// `StartupError::Invalid` for settings out of range or a gateway that cannot be built.
    pub fn build(
        settings: &Settings,
        backend: &Backend,
        events: Arc<dyn EventBus>,
    ) -> Result<Self, StartupError> {
        let config = settings.sending.send_config()?;
        let graph = settings.sending.graph_config()?;
        tracing::info!(
            graph_api.version = %graph.api_version,
            rate_per_second = config.rate_per_second,
            "sending through the Graph API"
        );
        let gateway: Arc<dyn WhatsAppGateway> = Arc::new(
            GraphGateway::new(graph)
                .map_err(|e| StartupError::Invalid(format!("the Graph API client: {e}")))?,
        );
        let pipeline = Arc::new(SendPipeline::new(
            backend.outbox.clone(),
            backend.storage.accounts.clone(),
            gateway.clone(),
            events,
            config,
        ));
        Ok(Self {
            pipeline,
            wakeup: Arc::new(Notify::new()),
            gateway,
        })
    }

    /// What the send routes need.
    pub fn options(&self, events: Arc<dyn EventBus>) -> SendingOptions {
        SendingOptions {
            outbox: self.pipeline.outbox().clone(),
            events,
            wakeup: self.wakeup.clone(),
        }
    }
}
