-- Templates as the inbox manages them: which ones the auto-template fallback created (the
-- spam-risk limit counts them), what a message waiting for a template is sent with, header
-- files uploaded to Meta once per account, and the multi-statement operations of TemplateRepo.

ALTER TABLE templates ADD COLUMN auto_created boolean NOT NULL DEFAULT false;
-- The list (newest first) and the per-day count of auto-created templates.
CREATE INDEX templates_account_created_idx ON templates (account_id, created_at DESC, id DESC);
-- The periodic status check: templates still pending review, oldest first.
CREATE INDEX templates_pending_review_idx ON templates (created_at, id) WHERE status = 'pending';

-- A waiting message names the template it goes out as (by name and language, as Meta's status
-- updates do) and its body parameters; a refusal records why it failed.
ALTER TABLE pending_template_messages
    ADD COLUMN template_name text CHECK (template_name ~ '^[a-z0-9_]+$' AND char_length(template_name) <= 512),
    ADD COLUMN template_language text CHECK (template_language ~ '^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$'),
    ADD COLUMN parameters jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(parameters) = 'array'),
    ADD COLUMN failure_reason text CHECK (char_length(failure_reason) <= 2000);
ALTER TABLE pending_template_messages DROP CONSTRAINT pending_template_messages_state_check;
ALTER TABLE pending_template_messages ADD CONSTRAINT pending_template_messages_state_check
    CHECK (state IN ('waiting', 'released', 'cancelled', 'expired', 'failed')) NOT VALID;
ALTER TABLE pending_template_messages VALIDATE CONSTRAINT pending_template_messages_state_check;
CREATE INDEX pending_template_messages_template_idx
    ON pending_template_messages (account_id, template_name, template_language, created_at, id)
    WHERE state = 'waiting';

-- A header file uploaded to Meta once per account and reused (by checksum) until it expires.
CREATE TABLE template_header_media (
    account_id     uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    kind           text NOT NULL CHECK (kind IN ('image', 'video', 'document')),
    meta_media_id  text NOT NULL CHECK (meta_media_id ~ '^[A-Za-z0-9_.-]{1,128}$'),
    mime_type      text NOT NULL CHECK (mime_type ~ '^[a-z]+/[a-zA-Z0-9.+-]+$'),
    size_bytes     bigint NOT NULL CHECK (size_bytes >= 0),
    expires_at     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, sha256)
);

-- Makes an account's templates what Meta listed (p_listed: an array of objects with id,
-- meta_template_id, name, language, category, status, components; the id is used only for a
-- new row): upserts each by name and language, then marks deleted every template Meta no longer
-- lists. A Meta id another account holds is not stored twice. One row per template touched,
-- with whether its status changed; no rows and account_found false for an unknown account.
CREATE FUNCTION inbox_templates_sync(p_account uuid, p_listed jsonb)
RETURNS TABLE (account_found boolean, change text, name text, language text, status text,
               rejected_reason text, status_changed boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    -- Locks the account's row against deletion, and serialises syncs of one account.
    PERFORM 1 FROM accounts a WHERE a.id = p_account FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT false, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, false;
        RETURN;
    END IF;
    RETURN QUERY
        WITH listed AS (
            SELECT DISTINCT ON (l->>'name', l->>'language')
                   (l->>'id')::uuid AS id, l->>'meta_template_id' AS meta_id, l->>'name' AS name,
                   l->>'language' AS language, l->>'category' AS category, l->>'status' AS status,
                   COALESCE(l->'components', '[]'::jsonb) AS components
            FROM jsonb_array_elements(p_listed) l
            ORDER BY l->>'name', l->>'language'
        ), before AS (
            SELECT t.name, t.language, t.status FROM templates t WHERE t.account_id = p_account
        ), up AS (
            INSERT INTO templates AS t (id, account_id, meta_template_id, name, language, category,
                                        status, components)
            SELECT l.id, p_account,
                   CASE WHEN EXISTS (SELECT 1 FROM templates o WHERE o.meta_template_id = l.meta_id
                                     AND o.account_id <> p_account) THEN NULL ELSE l.meta_id END,
                   l.name, l.language, l.category, l.status, l.components
            FROM listed l
            ON CONFLICT (account_id, name, language) DO UPDATE SET
                meta_template_id = EXCLUDED.meta_template_id,
                category = EXCLUDED.category,
                status = EXCLUDED.status,
                components = EXCLUDED.components,
                rejected_reason = CASE WHEN EXCLUDED.status = 'rejected' THEN t.rejected_reason END,
                updated_at = now()
            WHERE (t.meta_template_id, t.category, t.status, t.components)
                  IS DISTINCT FROM (EXCLUDED.meta_template_id, EXCLUDED.category, EXCLUDED.status,
                                    EXCLUDED.components)
            RETURNING t.name, t.language, t.status, t.rejected_reason
        )
        SELECT true, 'upserted', u.name, u.language, u.status, u.rejected_reason,
               b.status IS DISTINCT FROM u.status
        FROM up u LEFT JOIN before b ON b.name = u.name AND b.language = u.language;
    RETURN QUERY
        UPDATE templates t SET status = 'deleted', updated_at = now()
        WHERE t.account_id = p_account AND t.status <> 'deleted'
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p_listed) l
                          WHERE l->>'name' = t.name AND l->>'language' = t.language)
        RETURNING true, 'deleted'::text, t.name, t.language, t.status, t.rejected_reason, true;
END
$$;

-- Acts on the stored status of one template for the messages waiting for it, atomically:
-- approved releases them (each once: a racing call finds them no longer waiting); rejected,
-- paused or disabled fails them and their still-pending messages with Meta's code for sending
-- such a template; any other status changes nothing. One row per message, oldest first.
CREATE FUNCTION inbox_templates_resolve_pending(p_account uuid, p_name text, p_language text)
RETURNS TABLE (outcome text, message_id uuid, conversation_id uuid, parameters jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_status text;
    v_reason text;
    v_code bigint;
    v_title text;
BEGIN
    SELECT t.status, t.rejected_reason INTO v_status, v_reason
    FROM templates t
    WHERE t.account_id = p_account AND t.name = p_name AND t.language = p_language;
    IF v_status = 'approved' THEN
        RETURN QUERY
            WITH released AS (
                UPDATE pending_template_messages p SET state = 'released', resolved_at = now()
                WHERE p.account_id = p_account AND p.template_name = p_name
                  AND p.template_language = p_language AND p.state = 'waiting'
                RETURNING p.id, p.message_id, p.conversation_id, p.parameters, p.created_at
            )
            SELECT 'released'::text, r.message_id, r.conversation_id, r.parameters
            FROM released r ORDER BY r.created_at, r.id;
    ELSIF v_status IN ('rejected', 'paused', 'disabled') THEN
        v_code := CASE v_status WHEN 'rejected' THEN 132001 WHEN 'paused' THEN 132015 ELSE 132016 END;
        v_title := CASE v_status WHEN 'rejected' THEN 'Template rejected'
                                 WHEN 'paused' THEN 'Template paused' ELSE 'Template disabled' END;
        RETURN QUERY
            WITH failed AS (
                UPDATE pending_template_messages p SET state = 'failed', resolved_at = now(),
                    failure_reason = left(COALESCE(v_reason, v_title), 2000)
                WHERE p.account_id = p_account AND p.template_name = p_name
                  AND p.template_language = p_language AND p.state = 'waiting'
                RETURNING p.id, p.message_id, p.conversation_id, p.parameters, p.created_at
            ), messages_failed AS (
                UPDATE messages m SET status = 'failed', error_code = v_code, error_title = v_title,
                    error_details = v_reason, status_at = now()
                FROM failed f
                WHERE m.id = f.message_id AND m.status = 'pending'
                RETURNING m.id
            )
            SELECT 'failed'::text, f.message_id, f.conversation_id, f.parameters
            FROM failed f ORDER BY f.created_at, f.id;
    END IF;
END
$$;

-- V7's review update, now also failing the messages waiting for a template its update refuses
-- (rejected, paused, disabled): one message_status_changed event per failed message follows the
-- template_status_changed event. An approval leaves them waiting for the release path.
CREATE OR REPLACE FUNCTION inbox_webhook_template(p_update jsonb) RETURNS SETOF jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_status text := p_update->>'status';
    v_reason text := CASE WHEN p_update->>'status' = 'rejected' THEN p_update->>'reason' END;
    v_at timestamptz := inbox_micros_to_timestamptz((p_update->>'at')::bigint);
    v_by_id boolean;
    v_changed record;
BEGIN
    IF v_status IS NULL THEN
        RETURN;
    END IF;
    v_by_id := EXISTS (SELECT 1 FROM templates t
                       WHERE t.meta_template_id = p_update->>'meta_template_id');
    FOR v_changed IN
        UPDATE templates t SET
            status = v_status,
            rejected_reason = v_reason,
            status_reported_at = COALESCE(v_at, t.status_reported_at),
            updated_at = now()
        WHERE (CASE WHEN v_by_id THEN t.meta_template_id = p_update->>'meta_template_id'
                    ELSE t.meta_template_id IS NULL
                         AND t.name = p_update->>'name' AND t.language = p_update->>'language'
                         AND t.account_id IN (SELECT a.id FROM accounts a
                                              WHERE a.waba_id = p_update->>'waba_id') END)
          AND (v_at IS NULL OR t.status_reported_at IS NULL OR t.status_reported_at <= v_at)
          AND (t.status, t.rejected_reason) IS DISTINCT FROM (v_status, v_reason)
        RETURNING t.account_id, t.name, t.language, t.status
    LOOP
        RETURN NEXT jsonb_build_object('type', 'template_status_changed',
                                       'account_id', v_changed.account_id,
                                       'name', v_changed.name, 'language', v_changed.language,
                                       'status', v_changed.status);
        IF v_changed.status IN ('rejected', 'paused', 'disabled') THEN
            RETURN QUERY
                SELECT jsonb_build_object('type', 'message_status_changed',
                                          'account_id', v_changed.account_id,
                                          'conversation_id', r.conversation_id,
                                          'message_id', r.message_id, 'status', 'failed')
                FROM inbox_templates_resolve_pending(v_changed.account_id, v_changed.name,
                                                     v_changed.language) r;
        END IF;
    END LOOP;
END
$$;
