//! The `TemplateRepo` contract: the catalogue (list, get, sync, create, delete, reviews), header
//! media, and the messages waiting for a template.
//!
//! Run it with [`templates_contract`], a factory yielding a [`TemplateWorld`] (the storage the
//! accounts, conversations and messages live in, and the template repository over the same
//! data), or a pair with a guard. Names are random per case, and no case assumes the store is
//! empty.

mod catalogue;
mod cleanup;
mod fallback;
mod media;
mod pending;
mod review;
mod sync;

use std::future::Future;
use std::sync::Arc;

use inbox_domain::AccountId;
use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::ports::{Outbox, Storage, TemplateRepo};
use inbox_domain::templates::{RemoteTemplate, Template};
use serde_json::json;
use uuid::Uuid;

use super::fixtures::Must;
use super::port_case::{Fixture, PortCase, run_port_cases};

/// What a template case runs on: one store seen through its `Storage` and its `TemplateRepo`.
#[derive(Clone)]
pub struct TemplateWorld {
    /// Accounts, conversations and messages.
    pub storage: Storage,
    /// The repository under test, over the same data.
    pub templates: Arc<dyn TemplateRepo>,
    /// The outbox over the same data (where released messages' send jobs show).
    pub outbox: Arc<dyn Outbox>,
}

impl Fixture<TemplateWorld> for TemplateWorld {
    fn fixture(&self) -> TemplateWorld {
        self.clone()
    }
}

impl<G: Send> Fixture<TemplateWorld> for (TemplateWorld, G) {
    fn fixture(&self) -> TemplateWorld {
        self.0.clone()
    }
}

/// Every case of the suite.
pub fn cases() -> Vec<PortCase<TemplateWorld>> {
    [
        catalogue::CASES,
        sync::CASES,
        review::CASES,
        pending::CASES,
        media::CASES,
        fallback::CASES,
        cleanup::CASES,
    ]
    .concat()
}

/// The `TemplateRepo` contract ([`cases`]).
pub async fn templates_contract<F, Fut, S>(factory: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    S: Fixture<TemplateWorld>,
{
    run_port_cases("TemplateRepo", &cases(), factory).await;
}

/// A random valid template name.
fn name() -> TemplateName {
    TemplateName::parse(&format!("contract_{}", Uuid::new_v4().simple()))
        .must("fixture", "template name")
}

/// A language code.
fn lang(code: &str) -> LanguageCode {
    LanguageCode::parse(code).must("fixture", "language")
}

/// A template to create, with body `body`.
fn new_template(name: &TemplateName, language: &str, body: &str) -> NewTemplate {
    NewTemplate::new(
        name.clone(),
        lang(language),
        TemplateCategory::Utility,
        false,
        vec![json!({"type": "BODY", "text": body})],
    )
    .must("fixture", "new template")
}

/// A random Meta template id.
fn meta_id() -> String {
    format!("17{}", super::fixtures::digits(14))
}

/// Meta's answer to a creation.
fn created(status: TemplateState) -> CreatedTemplate {
    CreatedTemplate {
        id: meta_id(),
        status,
        category: Some("UTILITY".to_owned()),
    }
}

/// Records a created template of `account`.
async fn create(
    w: &TemplateWorld,
    account: AccountId,
    name: &TemplateName,
    language: &str,
    status: TemplateState,
) -> Template {
    w.templates
        .record_created(
            account,
            &new_template(name, language, "Hello"),
            &created(status),
            false,
        )
        .await
        .must("fixture", "record created")
}

/// A template as Meta lists it.
fn remote(name: &TemplateName, language: &str, status: TemplateState) -> RemoteTemplate {
    RemoteTemplate {
        meta_template_id: meta_id(),
        name: name.clone(),
        language: lang(language),
        category: TemplateCategory::Marketing,
        status,
        components: json!([{"type": "BODY", "text": "Listed"}]),
    }
}
