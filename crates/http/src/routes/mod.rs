//! The API routes: one handler per file, registered in one place next to the list of them.

mod account_exists;
mod account_media;
mod accounts_create;
mod accounts_get;
mod accounts_list;
mod accounts_sending;
mod admin_invitations_create;
mod admin_invitations_list;
mod admin_invitations_revoke;
mod admin_roles_create;
mod admin_roles_delete;
mod admin_roles_list;
mod admin_users_delete;
mod admin_users_list;
mod admin_users_overrides_remove;
mod admin_users_overrides_set;
mod admin_users_roles_assign;
mod admin_users_roles_remove;
mod auth_me;
mod contacts_get;
mod contacts_list;
mod contacts_update;
mod conversation_media;
mod conversations_bot_mode;
mod conversations_favorite;
mod conversations_get;
mod conversations_list;
mod conversations_read;
mod conversations_status;
mod conversations_unread;
mod deliveries_list;
mod deliveries_retry;
mod events_stream;
mod health;
mod json_body;
mod me_picture_get;
mod me_picture_upload;
mod me_update;
mod messages_auto_template;
mod messages_delete;
mod messages_edit;
mod messages_get;
mod messages_page;
mod messages_retry;
mod messages_send;
mod metrics;
mod reaction_remove;
mod reaction_set;
mod send_request;
mod templates_create;
mod templates_delete;
mod templates_list;
mod templates_ports;
mod templates_resolve;
mod templates_sync;
mod webhook_receive;
mod webhook_verify;
mod ws_events;

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
    ("GET", "/accounts/{id}/sending"),
    ("POST", "/accounts/{id}/sending/resume"),
    ("GET", "/auth/me"),
    ("PUT", "/me"),
    ("POST", "/me/profile-picture"),
    ("GET", "/me/profile-picture"),
    ("GET", "/admin/users"),
    ("POST", "/admin/users/{id}/roles"),
    ("DELETE", "/admin/users/{id}/roles/{role}"),
    ("PUT", "/admin/users/{id}/overrides"),
    ("DELETE", "/admin/users/{id}/overrides/{permission}"),
    ("DELETE", "/admin/users/{id}"),
    ("POST", "/admin/invitations"),
    ("GET", "/admin/invitations"),
    ("DELETE", "/admin/invitations/{id}"),
    ("GET", "/admin/roles"),
    ("POST", "/admin/roles"),
    ("DELETE", "/admin/roles/{key}"),
    ("GET", "/conversations"),
    ("GET", "/conversations/{id}"),
    ("POST", "/conversations/{id}/read"),
    ("POST", "/conversations/{id}/unread"),
    ("PUT", "/conversations/{id}/favorite"),
    ("PUT", "/conversations/{id}/bot-mode"),
    ("PUT", "/conversations/{id}/status"),
    ("GET", "/conversations/{id}/messages"),
    ("GET", "/conversations/{id}/media"),
    ("GET", "/accounts/{id}/media"),
    ("GET", "/accounts/{id}/templates"),
    ("POST", "/accounts/{id}/templates"),
    ("POST", "/accounts/{id}/templates/sync"),
    ("DELETE", "/accounts/{id}/templates/{name}"),
    ("GET", "/messages/{id}"),
    ("PATCH", "/messages/{id}"),
    ("DELETE", "/messages/{id}"),
    ("PUT", "/messages/{id}/reaction"),
    ("DELETE", "/messages/{id}/reaction"),
    ("POST", "/conversations/{id}/messages"),
    ("POST", "/conversations/{id}/messages/auto-template"),
    ("POST", "/messages/{id}/retry"),
    ("GET", "/contacts"),
    ("GET", "/contacts/{id}"),
    ("PATCH", "/contacts/{id}"),
    ("GET", "/webhook/whatsapp"),
    ("POST", "/webhook/whatsapp"),
    ("GET", "/admin/webhook-deliveries"),
    ("POST", "/admin/webhook-deliveries/{id}/retry"),
    ("GET", "/events"),
    ("GET", "/ws"),
];

/// Registers every handler; utoipa-actix-web collects their OpenAPI paths at the same time.
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(health::health)
        .service(metrics::metrics)
        .service(accounts_list::list_accounts)
        .service(accounts_create::create_account)
        .service(accounts_get::get_account)
        .service(accounts_sending::sending_state)
        .service(accounts_sending::resume_sending)
        .service(auth_me::me)
        .service(me_update::update_me)
        .service(me_picture_upload::upload_picture)
        .service(me_picture_get::get_picture)
        .service(admin_users_list::list_users)
        .service(admin_users_roles_assign::assign_role)
        .service(admin_users_roles_remove::remove_role)
        .service(admin_users_overrides_set::set_override)
        .service(admin_users_overrides_remove::remove_override)
        .service(admin_users_delete::delete_user)
        .service(admin_invitations_create::create_invitation)
        .service(admin_invitations_list::list_invitations)
        .service(admin_invitations_revoke::revoke_invitation)
        .service(admin_roles_list::list_roles)
        .service(admin_roles_create::create_role)
        .service(admin_roles_delete::delete_role)
        .service(conversations_list::list_conversations)
        .service(conversations_get::get_conversation)
        .service(conversations_read::mark_read)
        .service(conversations_unread::mark_unread)
        .service(conversations_favorite::set_favorite)
        .service(conversations_bot_mode::set_bot_mode)
        .service(conversations_status::set_status)
        .service(messages_page::list_messages)
        .service(conversation_media::conversation_media)
        .service(account_media::account_media)
        .service(templates_list::list_templates)
        .service(templates_create::create_template)
        .service(templates_sync::sync_templates)
        .service(templates_delete::delete_template)
        .service(messages_get::get_message)
        .service(messages_edit::edit_message)
        .service(messages_delete::delete_message)
        .service(reaction_set::set_reaction)
        .service(reaction_remove::remove_reaction)
        .service(messages_send::send_message)
        .service(messages_auto_template::send_auto_template)
        .service(messages_retry::retry_message)
        .service(contacts_list::list_contacts)
        .service(contacts_get::get_contact)
        .service(contacts_update::update_contact)
        .service(webhook_verify::verify_webhook)
        .service(webhook_receive::receive_webhook)
        .service(deliveries_list::list_deliveries)
        .service(deliveries_retry::retry_delivery)
        .service(events_stream::stream_events)
        .service(ws_events::websocket_events);
}
