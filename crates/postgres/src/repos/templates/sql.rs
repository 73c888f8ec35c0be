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

/// A template created at Meta, replacing a stored one of the same name and language.
pub(super) const RECORD_CREATED: &str = concat!(
    "INSERT INTO templates AS t (id, account_id, meta_template_id, name, language, category, \
     status, components, auto_created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
     ON CONFLICT (account_id, name, language) DO UPDATE SET \
     meta_template_id = EXCLUDED.meta_template_id, category = EXCLUDED.category, \
     status = EXCLUDED.status, components = EXCLUDED.components, rejected_reason = NULL, \
     auto_created = EXCLUDED.auto_created, status_reported_at = NULL, created_at = now(), \
     updated_at = now() RETURNING ",
    template_columns!()
);

/// Every language of a name, marked deleted.
pub(super) const MARK_DELETED: &str = "UPDATE templates SET status = 'deleted', \
     updated_at = now() WHERE account_id = $1 AND name = $2 AND status <> 'deleted' RETURNING id";

/// Auto-created templates of an account since a time.
pub(super) const COUNT_AUTO_CREATED: &str = "SELECT count(*) AS n FROM templates \
     WHERE account_id = $1 AND auto_created AND created_at >= $2";

/// Templates pending review created before a time, oldest first.
pub(super) const PENDING_REVIEW: &str = concat!(
    "SELECT ",
    template_columns!(),
    " FROM templates WHERE status = 'pending' AND created_at < $1 ORDER BY created_at, id LIMIT $2"
);

/// A reported status, stored when it differs.
pub(super) const APPLY_REVIEW: &str = "UPDATE templates SET status = $4, rejected_reason = $5, \
     updated_at = now() WHERE account_id = $1 AND name = $2 AND language = $3 \
     AND (status, rejected_reason) IS DISTINCT FROM ($4, $5) RETURNING id";

/// A header upload, replacing the account's earlier one of the same file.
pub(super) const RECORD_MEDIA: &str = "INSERT INTO template_header_media (account_id, sha256, \
     kind, meta_media_id, mime_type, size_bytes, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (account_id, sha256) DO UPDATE SET kind = EXCLUDED.kind, \
     meta_media_id = EXCLUDED.meta_media_id, mime_type = EXCLUDED.mime_type, \
     size_bytes = EXCLUDED.size_bytes, expires_at = EXCLUDED.expires_at, created_at = now() \
     RETURNING account_id";

/// A header upload still kept by Meta.
pub(super) const HEADER_MEDIA: &str = concat!(
    "SELECT ",
    media_columns!(),
    " FROM template_header_media WHERE account_id = $1 AND sha256 = $2 AND expires_at > $3"
);

/// A waiting message, only when the message is in that account and conversation.
pub(super) const ENQUEUE: &str = "INSERT INTO pending_template_messages (id, account_id, \
     conversation_id, message_id, template_name, template_language, parameters, expires_at) \
     SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM messages m \
     WHERE m.id = $4 AND m.account_id = $2 AND m.conversation_id = $3 RETURNING id";

/// Release or failure of the messages waiting for a template.
pub(super) const RESOLVE: &str = "SELECT outcome, message_id, conversation_id, parameters \
     FROM inbox_templates_resolve_pending($1, $2, $3)";
