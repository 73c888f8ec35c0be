//! Wire formats: request and response bodies and query parameters, converted to and from the domain.

mod account;
mod conversation;
mod delivery;
mod error;
mod health;
mod message;
mod query;

pub use account::{AccountList, AccountResponse, CreateAccountRequest};
pub use conversation::{ConversationList, ConversationSummaryResponse};
pub use delivery::{DeliveryList, DeliveryListQuery, DeliveryResponse};
pub use error::{ErrorBody, ErrorEnvelope};
pub use health::{HealthResponse, StorageHealthResponse};
pub use message::MessagePage;
pub use query::{ConversationListQuery, MessagePageQuery, parse_path_id};
