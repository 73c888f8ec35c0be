//! Arguments of the SQL functions in `migrations/` that both storage adapters call, in the form
//! the functions take them, and their results as the ports name them: one encoding, whether the
//! call goes over the wire protocol or PostgREST's `/rpc/`.

mod conversation_change;
mod field_update;
mod pending;
mod unknown_account;

pub use conversation_change::ConversationChange;
pub use field_update::set_or_keep;
pub use pending::{add_resolved, enqueued_pending};
pub use unknown_account::account_not_found;
