-- TemplateRepo's writes as SQL functions, so that the Supabase (PostgREST) adapter calls through
-- /rpc/ the same SQL the PostgreSQL adapter runs (no SQL written twice): each one is a single
-- statement PostgREST's table API cannot say (an upsert that resets columns with now(), an
-- update guarded by IS DISTINCT FROM, an insert conditioned on another table, a count). The
-- reads (`templates`, `template_header_media`) stay plain single-table reads; sync, resolution,
-- waiting sends and expiry are V14's and V16's functions.

-- Records a template just created at Meta, replacing a stored one of the same name and language
-- (created_at included; the rejection reason and the last reported status time are cleared).
-- An unknown account fails with templates_account_id_fkey.
CREATE FUNCTION inbox_templates_record_created(
    p_id uuid, p_account uuid, p_meta_template_id text, p_name text, p_language text,
    p_category text, p_status text, p_components jsonb, p_auto_created boolean)
RETURNS SETOF templates
LANGUAGE sql AS $$
    INSERT INTO templates AS t (id, account_id, meta_template_id, name, language, category,
                                status, components, auto_created)
    VALUES (p_id, p_account, p_meta_template_id, p_name, p_language, p_category, p_status,
            p_components, p_auto_created)
    ON CONFLICT (account_id, name, language) DO UPDATE SET
        meta_template_id = EXCLUDED.meta_template_id, category = EXCLUDED.category,
        status = EXCLUDED.status, components = EXCLUDED.components, rejected_reason = NULL,
        auto_created = EXCLUDED.auto_created, status_reported_at = NULL, created_at = now(),
        updated_at = now()
    RETURNING t.*
$$;

-- Marks every language of an account's template deleted; how many were (already deleted ones
-- are not counted).
CREATE FUNCTION inbox_templates_mark_deleted(p_account uuid, p_name text) RETURNS integer
LANGUAGE sql AS $$
    WITH deleted AS (
        UPDATE templates t SET status = 'deleted', updated_at = now()
        WHERE t.account_id = p_account AND t.name = p_name AND t.status <> 'deleted'
        RETURNING 1
    )
    SELECT count(*)::integer FROM deleted
$$;

-- How many templates the auto-template fallback created for an account at or after p_since.
CREATE FUNCTION inbox_templates_count_auto_created(p_account uuid, p_since timestamptz)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM templates t
    WHERE t.account_id = p_account AND t.auto_created AND t.created_at >= p_since
$$;

-- Stores a reported status (and reason) when it differs from the stored one; whether it did.
-- An unknown template changes nothing.
CREATE FUNCTION inbox_templates_apply_review(
    p_account uuid, p_name text, p_language text, p_status text, p_reason text)
RETURNS boolean
LANGUAGE sql AS $$
    WITH changed AS (
        UPDATE templates t SET status = p_status, rejected_reason = p_reason, updated_at = now()
        WHERE t.account_id = p_account AND t.name = p_name AND t.language = p_language
          AND (t.status, t.rejected_reason) IS DISTINCT FROM (p_status, p_reason)
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM changed)
$$;

-- Records a header upload, replacing the account's earlier one of the same file. An unknown
-- account fails with template_header_media_account_id_fkey, another kind with
-- template_header_media_kind_check.
CREATE FUNCTION inbox_templates_record_header_media(
    p_account uuid, p_sha256 text, p_kind text, p_meta_media_id text, p_mime_type text,
    p_size_bytes bigint, p_expires_at timestamptz)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO template_header_media (account_id, sha256, kind, meta_media_id, mime_type,
                                       size_bytes, expires_at)
    VALUES (p_account, p_sha256, p_kind, p_meta_media_id, p_mime_type, p_size_bytes, p_expires_at)
    ON CONFLICT (account_id, sha256) DO UPDATE SET kind = EXCLUDED.kind,
        meta_media_id = EXCLUDED.meta_media_id, mime_type = EXCLUDED.mime_type,
        size_bytes = EXCLUDED.size_bytes, expires_at = EXCLUDED.expires_at, created_at = now()
$$;

-- Queues a message to wait for its template, only when the message is in that account and
-- conversation (false otherwise). A message already queued fails with
-- pending_template_messages_message_id_key.
CREATE FUNCTION inbox_templates_enqueue_pending(
    p_id uuid, p_account uuid, p_conversation uuid, p_message uuid, p_template_name text,
    p_language text, p_parameters jsonb, p_expires_at timestamptz)
RETURNS boolean
LANGUAGE sql AS $$
    WITH queued AS (
        INSERT INTO pending_template_messages (id, account_id, conversation_id, message_id,
            template_name, template_language, parameters, expires_at)
        SELECT p_id, p_account, p_conversation, p_message, p_template_name, p_language,
               p_parameters, p_expires_at
        FROM messages m
        WHERE m.id = p_message AND m.account_id = p_account AND m.conversation_id = p_conversation
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM queued)
$$;
