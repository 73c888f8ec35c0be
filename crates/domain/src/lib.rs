//! The inbox's business model and ports; adapters depend on this crate, never the reverse.

pub mod account;
pub mod contact;
pub mod conversation;
pub mod cursor;
pub mod error;
pub mod events;
pub mod identity;
pub mod ids;
pub mod inbound;
pub mod message;
pub mod outbound;
pub mod phone;
pub mod ports;
pub mod wamid;

pub use account::{Account, NewAccount};
pub use contact::Contact;
pub use conversation::{Conversation, ConversationStatus, ConversationSummary};
pub use cursor::{Cursor, Page, PageLimit};
pub use error::{RepoError, ValidationError};
pub use identity::{IdentityId, VerifiedToken};
pub use ids::{AccountId, ContactId, ConversationId, MessageId};
pub use message::{
    Direction, MediaRef, Message, MessageKind, MessageStatus, MetaError, NewMessage, Reaction,
};
pub use phone::{DisplayPhoneNumber, PhoneNumberId, WaId, WabaId};
pub use wamid::Wamid;
