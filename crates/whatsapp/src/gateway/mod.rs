//! The `WhatsAppGateway` port over Meta's Graph API, with reqwest.
//!
//! One [`GraphGateway`] serves every account: credentials come with each call. Bodies follow
//! Meta's documentation (`docs/whatsapp-cloud-api.md` §6); failures are classified by
//! `inbox_domain::outbound::classify`; logs carry the operation, Meta's code and trace id and
//! the duration, never a token, a phone number, a body or a URL.

mod admin;
mod body;
mod body_parts;
mod call;
mod config;
mod media;
mod wire;

pub use config::{DEFAULT_BASE_URL, DEFAULT_MEDIA_HOST, GraphConfig};

use async_trait::async_trait;
use inbox_domain::outbound::{
    BusinessProfile, BusinessProfileUpdate, CallKind, CreatedTemplate, GatewayError, MediaId,
    MediaInfo, MediaUpload, NewTemplate, OutboundMessage, SendReceipt, SenderCredentials,
    TemplateName, TemplatePage, TemplateQuery,
};
use inbox_domain::ports::WhatsAppGateway;
use inbox_domain::{WabaId, Wamid};
use reqwest::{Client, Method, RequestBuilder, redirect};
use secrecy::ExposeSecret;
use std::time::Duration;
use thiserror::Error;

use call::{Op, execute};

/// The gateway could not be set up.
#[derive(Debug, Error)]
pub enum GatewaySetupError {
    /// The base URL is not an absolute `http(s)` URL.
    #[error("Graph API base URL must be an absolute http(s) URL")]
    BaseUrl,
    /// The HTTP client could not be built (TLS roots, resolver).
    #[error("building the Graph API HTTP client")]
    Client(#[source] reqwest::Error),
}

/// Meta's Graph API over one pooled reqwest client.
#[derive(Debug, Clone)]
pub struct GraphGateway {
    client: Client,
    config: GraphConfig,
}

impl GraphGateway {
    /// Builds the client with the timeouts and pooling of `config` (see [`GraphConfig`]).
    ///
    /// # Errors
    /// `BaseUrl` for a base URL that is not `http(s)://…`; `Client` when reqwest fails.
    pub fn new(config: GraphConfig) -> Result<Self, GatewaySetupError> {
        let base = &config.base_url;
        if !(base.starts_with("https://") || base.starts_with("http://")) || base.contains('?') {
            return Err(GatewaySetupError::BaseUrl);
        }
        let client = Client::builder()
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(config.pool_idle_timeout)
            .pool_max_idle_per_host(config.pool_max_idle_per_host)
            .tcp_keepalive(Duration::from_secs(30))
            .http1_only()
            .redirect(redirect::Policy::none())
            .user_agent(concat!("inbox/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(GatewaySetupError::Client)?;
        Ok(Self { client, config })
    }

    /// The configuration in use.
    pub fn config(&self) -> &GraphConfig {
        &self.config
    }

    /// `<base>/<version>/<path>`; `path` is built from parsed ids only.
    fn url(&self, from: &SenderCredentials, path: &str) -> String {
        let version = from
            .api_version
            .as_ref()
            .unwrap_or(&self.config.api_version);
        format!("{}/{version}/{path}", self.config.base_url)
    }

    /// A request with the account's bearer token and the JSON-call timeout.
    fn request(&self, method: Method, from: &SenderCredentials, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(from, path))
            .bearer_auth(from.access_token.expose_secret())
            .timeout(self.config.send_timeout)
    }
}

fn op<'a>(name: &'static str, call: CallKind, from: &'a SenderCredentials) -> Op<'a> {
    Op {
        name,
        call,
        phone_number_id: from.phone_number_id.as_str(),
    }
}

#[async_trait]
impl WhatsAppGateway for GraphGateway {
    async fn send(
        &self,
        from: &SenderCredentials,
        message: &OutboundMessage,
    ) -> Result<SendReceipt, GatewayError> {
        let path = format!("{}/messages", from.phone_number_id);
        let request = self
            .request(Method::POST, from, &path)
            .json(&body::send(message));
        let answer = execute(op("send", CallKind::Send, from), request).await?;
        wire::send_receipt(&answer)
    }

    async fn mark_read(&self, from: &SenderCredentials, wamid: &Wamid) -> Result<(), GatewayError> {
        let path = format!("{}/messages", from.phone_number_id);
        let request = self
            .request(Method::POST, from, &path)
            .json(&body::mark_read(wamid));
        let answer = execute(op("mark_read", CallKind::Repeatable, from), request).await?;
        wire::success(&answer)
    }

    async fn upload_media(
        &self,
        from: &SenderCredentials,
        upload: &MediaUpload,
    ) -> Result<MediaId, GatewayError> {
        self.upload(from, upload).await
    }

    async fn media_url(
        &self,
        from: &SenderCredentials,
        media_id: &MediaId,
    ) -> Result<MediaInfo, GatewayError> {
        self.media_info(from, media_id).await
    }

    async fn download_media(
        &self,
        from: &SenderCredentials,
        media: &MediaInfo,
    ) -> Result<Vec<u8>, GatewayError> {
        self.download(from, media).await
    }

    async fn list_templates(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        query: &TemplateQuery,
    ) -> Result<TemplatePage, GatewayError> {
        self.templates(from, waba_id, query).await
    }

    async fn create_template(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        template: &NewTemplate,
    ) -> Result<CreatedTemplate, GatewayError> {
        self.new_template(from, waba_id, template).await
    }

    async fn delete_template(
        &self,
        from: &SenderCredentials,
        waba_id: &WabaId,
        name: &TemplateName,
    ) -> Result<(), GatewayError> {
        self.remove_template(from, waba_id, name).await
    }

    async fn business_profile(
        &self,
        from: &SenderCredentials,
    ) -> Result<BusinessProfile, GatewayError> {
        self.profile(from).await
    }

    async fn update_business_profile(
        &self,
        from: &SenderCredentials,
        update: &BusinessProfileUpdate,
    ) -> Result<(), GatewayError> {
        self.change_profile(from, update).await
    }
}
