//! The tables the loader fills with COPY, and the columns each one's rows carry, in order.

/// A table and the columns its COPY writes, in order.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// Table name.
    pub table: &'static str,
    /// Columns, in field order.
    pub columns: &'static [&'static str],
}

impl TableSpec {
    /// `COPY table (cols) FROM STDIN (FORMAT binary, FREEZE)`.
    pub fn copy_statement(&self) -> String {
        format!(
            "COPY {} ({}) FROM STDIN (FORMAT binary, FREEZE)",
            self.table,
            self.columns.join(", ")
        )
    }
}

/// `contacts`.
pub const CONTACTS: TableSpec = TableSpec {
    table: "contacts",
    columns: &[
        "id",
        "account_id",
        "wa_id",
        "bsuid",
        "profile_name",
        "display_name",
        "notes",
        "tags",
        "created_at",
        "updated_at",
    ],
};

/// `conversations`.
pub const CONVERSATIONS: TableSpec = TableSpec {
    table: "conversations",
    columns: &[
        "id",
        "account_id",
        "contact_id",
        "status",
        "unread_count",
        "favorite",
        "bot_mode",
        "last_message_at",
        "last_message_id",
        "last_inbound_at",
        "created_at",
        "updated_at",
    ],
};

/// `messages`.
pub const MESSAGES: TableSpec = TableSpec {
    table: "messages",
    columns: &[
        "id",
        "account_id",
        "conversation_id",
        "direction",
        "kind",
        "body",
        "media",
        "payload",
        "wamid",
        "status",
        "error_code",
        "error_title",
        "error_details",
        "reply_to_id",
        "reply_to_wamid",
        "edited_at",
        "deleted_at",
        "deleted_scope",
        "sent_at",
        "status_at",
        "created_at",
        "ever_reacted",
    ],
};

/// `message_reactions`.
pub const REACTIONS: TableSpec = TableSpec {
    table: "message_reactions",
    columns: &["message_id", "direction", "emoji", "wamid", "reacted_at"],
};
