//! The API routes: one handler per file, registered in one place next to the list of them.

mod accounts_create;
mod accounts_get;
mod accounts_list;
mod conversations_get;
mod conversations_list;
mod deliveries_list;
mod deliveries_retry;
mod health;
mod messages_page;
mod metrics;
mod webhook_receive;
mod webhook_verify;

use utoipa_actix_web::service_config::ServiceConfig;

/// Every API route as (method, pattern). The 404/405 fallback reads it, and a test checks that
/// it matches both what the server answers and the OpenAPI document. Add a route here and in
/// `configure` (same file) together.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/health"),
    ("GET", "/metrics"),
    ("GET", "/accounts"),
    ("POST", "/accounts"),
    ("GET", "/accounts/{id}"),
    ("GET", "/conversations"),
    ("GET", "/conversations/{id}"),
    ("GET", "/conversations/{id}/messages"),
    ("GET", "/webhook/whatsapp"),
    ("POST", "/webhook/whatsapp"),
    ("GET", "/admin/webhook-deliveries"),
    ("POST", "/admin/webhook-deliveries/{id}/retry"),
];

/// Registers every handler; utoipa-actix-web collects their OpenAPI paths at the same time.
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(health::health)
        .service(metrics::metrics)
        .service(accounts_list::list_accounts)
        .service(accounts_create::create_account)
        .service(accounts_get::get_account)
        .service(conversations_list::list_conversations)
        .service(conversations_get::get_conversation)
        .service(messages_page::list_messages)
        .service(webhook_verify::verify_webhook)
        .service(webhook_receive::receive_webhook)
        .service(deliveries_list::list_deliveries)
        .service(deliveries_retry::retry_delivery);
}
