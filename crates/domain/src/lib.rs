//! The inbox's business model and ports; adapters depend on this crate, never the reverse.

pub mod access;
pub mod account;
pub mod contact;
pub mod contact_search;
pub mod contact_update;
pub mod conversation;
pub mod conversation_filter;
pub mod cursor;
pub mod error;
pub mod events;
pub mod identity;
pub mod identity_admin;
pub mod identity_local;
pub mod ids;
pub mod inbound;
pub mod media;
pub mod message;
pub mod outbound;
pub mod outbox;
pub mod phone;
pub mod ports;
pub mod templates;
pub mod wamid;

pub use account::{Account, NewAccount};
pub use contact::{Contact, ContactCard};
pub use contact_search::ContactSearch;
pub use contact_update::{ContactName, ContactNotes, ContactTags, ContactUpdate, FieldUpdate};
pub use conversation::{Conversation, ConversationStatus, ConversationSummary};
pub use conversation_filter::{ConversationFilter, StatusFilter};
pub use cursor::{Cursor, Page, PageLimit};
pub use error::{RepoError, ValidationError};
pub use identity::{IdentityId, VerifiedToken};
pub use ids::{AccountId, AppUserId, ContactId, ConversationId, MessageId};
pub use message::{
    ActionRefused, DeleteScope, EditedText, Emoji, MediaKinds, QUOTE_PREVIEW_CHARS, QuotedMessage,
};
pub use message::{
    Direction, MediaRef, Message, MessageKind, MessageStatus, MetaError, NewMessage, Reaction,
};
pub use phone::{DisplayPhoneNumber, PhoneNumberId, WaId, WabaId};
pub use wamid::Wamid;
