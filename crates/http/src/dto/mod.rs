//! Wire formats: request and response bodies and query parameters, converted to and from the domain.

mod account;
mod admin;
mod auto_template;
mod contact;
mod conversation;
mod conversation_action;
mod conversation_json;
mod delivery;
mod error;
mod health;
mod invitation;
mod json_out;
mod me;
mod media_gallery;
mod message;
mod message_action;
mod message_json;
mod profile;
mod query;
mod role;
mod template;

pub use account::{AccountList, AccountResponse, CreateAccountRequest};
pub(crate) use admin::parse_scope;
pub use admin::{
    AdminUserResponse, AssignRoleRequest, DeletedUserResponse, IdentityOutcome, OverrideRequest,
    ScopeQuery, UserList, UserListQuery,
};
pub use auto_template::AutoTemplateRequest;
pub use contact::{ContactDetailResponse, ContactList, ContactListQuery, ContactUpdateRequest};
pub use conversation::{ConversationList, ConversationSummaryResponse};
pub use conversation_action::{
    BotModeRequest, ConversationResponse, FavoriteRequest, StatusRequest,
};
pub use conversation_json::conversation_list_json;
pub use delivery::{DeliveryList, DeliveryListQuery, DeliveryResponse};
pub use error::{ErrorBody, ErrorEnvelope};
pub use health::{DependencyHealthResponse, HealthResponse, StorageHealthResponse};
pub use invitation::{
    CreatedInvitationResponse, InvitationList, InvitationListQuery, InvitationRequest,
    InvitationResponse, InviteDelivery,
};
pub use json_out::JsonOutError;
pub use me::{MeResponse, UserResponse};
pub use media_gallery::{MediaGalleryQuery, MediaPage};
pub use message::{MessagePage, MessageResponse};
pub use message_action::{DeleteMessageQuery, EditMessageRequest, ReactionRequest};
pub use message_json::message_page_json;
pub use profile::{ProfileRequest, ProfileResponse};
pub use query::{ConversationListQuery, MessagePageQuery, parse_path_id};
pub use role::{CreateRoleRequest, RoleList, RoleResponse};
pub use template::{
    CreateTemplateRequest, SyncReport, TemplateList, TemplateListQuery, TemplateResponse,
};
