//! The statements of `TemplateRepo` on PostgreSQL.

use super::row::{media_columns, template_columns};

/// A page of an account's templates, newest first, after a (created_at, id) position.
pub(super) const LIST: &str = concat!(
    "SELECT ",
    template_columns!(),
    " FROM templates WHERE account_id = $1 \
     AND (CASE WHEN $2::text IS NULL THEN status <> 'deleted' ELSE status = $2 END) \
     AND ($3::text IS NULL OR category = $3) \
     AND (created_at, id) < ($4, $5) \
     ORDER BY created_at DESC, id DESC LIMIT $6"
);

/// One template by account, name and language.
pub(super) const GET: &str = concat!(
    "SELECT ",
    template_columns!(),
    " FROM templates WHERE account_id = $1 AND name = $2 AND language = $3"
);

/// The whole sync, in one function call.
pub(super) const SYNC: &str = "SELECT account_found, change, name, language, status, \
     rejected_reason, status_changed FROM inbox_templates_sync($1, $2)";

/// A template created at Meta, replacing a stored one of the same name and language (V18).
pub(super) const RECORD_CREATED: &str = concat!(
    "SELECT ",
    template_columns!(),
    " FROM inbox_templates_record_created($1, $2, $3, $4, $5, $6, $7, $8, $9)"
);

/// Every language of a name, marked deleted: how many were (V18).
pub(super) const MARK_DELETED: &str = "SELECT inbox_templates_mark_deleted($1, $2) AS n";

/// Auto-created templates of an account since a time (V18).
pub(super) const COUNT_AUTO_CREATED: &str =
    "SELECT inbox_templates_count_auto_created($1, $2) AS n";

/// Templates pending review created before a time, oldest first.
pub(super) const PENDING_REVIEW: &str = concat!(
    "SELECT ",
    template_columns!(),
    " FROM templates WHERE status = 'pending' AND created_at < $1 ORDER BY created_at, id LIMIT $2"
);

/// A reported status, stored when it differs: whether it did (V18).
pub(super) const APPLY_REVIEW: &str =
    "SELECT inbox_templates_apply_review($1, $2, $3, $4, $5) AS changed";

/// A header upload, replacing the account's earlier one of the same file (V18).
pub(super) const RECORD_MEDIA: &str =
    "SELECT inbox_templates_record_header_media($1, $2, $3, $4, $5, $6, $7)";

/// A header upload still kept by Meta.
pub(super) const HEADER_MEDIA: &str = concat!(
    "SELECT ",
    media_columns!(),
    " FROM template_header_media WHERE account_id = $1 AND sha256 = $2 AND expires_at > $3"
);

/// A waiting message, only when the message is in that account and conversation: whether it
/// was queued (V18).
pub(super) const ENQUEUE: &str =
    "SELECT inbox_templates_enqueue_pending($1, $2, $3, $4, $5, $6, $7, $8) AS queued";

/// Release or failure of the messages waiting for a template.
pub(super) const RESOLVE: &str = "SELECT outcome, message_id, conversation_id, parameters \
     FROM inbox_templates_resolve_pending($1, $2, $3)";
