-- inbox:no-transaction
-- Message actions of the agent API (MessageRepo): quoted messages in every read, edits,
-- deletes that hide content without removing rows, the business's reactions, media galleries.
--
-- Runs outside a transaction so the gallery indexes build CONCURRENTLY (messages is the big
-- table; a plain CREATE INDEX would block every append while it builds). Each statement
-- commits on its own and is safe to run again (CREATE OR REPLACE; each index is dropped
-- before it is built, so an invalid one left by a failed build goes too): a run cut short is
-- finished by the next one.

-- A message as every read shows it. Deleted (either scope: "me" is the business number the
-- whole team shares) hides the content: body, media and payload. `quoted` is the compact form
-- of the quoted message (inbox_domain::QuotedMessage), its preview cut at
-- QUOTE_PREVIEW_CHARS characters. New columns go last: dependent views and running
-- instances keep theirs.
CREATE OR REPLACE VIEW inbox_messages AS
SELECT m.id, m.account_id, m.conversation_id, m.direction, m.kind,
       CASE WHEN m.deleted_at IS NULL THEN m.body END AS body,
       CASE WHEN m.deleted_at IS NULL THEN m.media END AS media,
       CASE WHEN m.deleted_at IS NULL THEN m.payload ELSE '{}'::jsonb END AS payload,
       m.wamid, m.status, m.error_code, m.error_title, m.error_details, m.reply_to_id,
       m.reply_to_wamid, m.edited_at, m.deleted_at, m.sent_at, m.created_at,
       COALESCE((SELECT jsonb_agg(jsonb_build_object(
                            'direction', r.direction, 'emoji', r.emoji, 'reacted_at', r.reacted_at)
                        ORDER BY r.reacted_at, r.direction)
                 FROM message_reactions r WHERE r.message_id = m.id), '[]'::jsonb) AS reactions,
       m.deleted_scope,
       (SELECT jsonb_build_object(
                   'id', q.id, 'wamid', q.wamid, 'direction', q.direction, 'kind', q.kind,
                   'preview', CASE WHEN q.deleted_at IS NULL THEN left(q.body, 100) END,
                   'deleted', q.deleted_at IS NOT NULL)
        FROM messages q WHERE q.id = m.reply_to_id) AS quoted
FROM messages m;

-- The conversation list's newest message now says who it was deleted for (lm_deleted_scope,
-- appended after V9's contact columns); its content is hidden through inbox_messages above.
-- Otherwise as in V9.
CREATE OR REPLACE VIEW inbox_conversation_summaries AS
SELECT c.id, c.account_id, c.contact_id, c.status, c.unread_count, c.favorite, c.bot_mode,
       c.last_message_at, c.last_message_id, c.last_inbound_at, c.created_at,
       ct.wa_id AS contact_wa_id, ct.bsuid AS contact_bsuid,
       ct.profile_name AS contact_profile_name, ct.created_at AS contact_created_at,
       ct.updated_at AS contact_updated_at,
       m.direction AS lm_direction, m.kind AS lm_kind, m.body AS lm_body, m.media AS lm_media,
       m.payload AS lm_payload, m.wamid AS lm_wamid, m.status AS lm_status,
       m.error_code AS lm_error_code, m.error_title AS lm_error_title,
       m.error_details AS lm_error_details, m.reply_to_id AS lm_reply_to_id,
       m.reply_to_wamid AS lm_reply_to_wamid, m.reactions AS lm_reactions,
       m.edited_at AS lm_edited_at, m.deleted_at AS lm_deleted_at, m.sent_at AS lm_sent_at,
       m.created_at AS lm_created_at,
       ct.display_name AS contact_display_name, ct.notes AS contact_notes,
       ct.tags AS contact_tags,
       m.deleted_scope AS lm_deleted_scope
FROM conversations c
JOIN contacts ct ON ct.id = c.contact_id
LEFT JOIN inbox_messages m ON m.id = c.last_message_id;

-- The actions below answer no row for an unknown message, else one row: whether anything
-- changed; the inbox_domain::ActionRefused code when the message's state forbids the action
-- (then nothing changed); and the message as inbox_messages shows it afterwards, read inside
-- the function so it is exactly the state the action left. Each locks the message row first,
-- as inbox_apply_reaction does, so actions, deletes and webhook reactions on one message
-- apply one after the other.

-- Replaces the text of one of the business's own text messages; the same text is no change.
CREATE OR REPLACE FUNCTION inbox_edit_message_text(p_id uuid, p_body text, p_at timestamptz)
RETURNS TABLE (changed boolean, refused text, message inbox_messages)
LANGUAGE plpgsql AS $$
DECLARE
    v_direction text;
    v_kind text;
    v_body text;
    v_deleted_at timestamptz;
    v_changed boolean := false;
    v_refused text;
BEGIN
    SELECT m.direction, m.kind, m.body, m.deleted_at
    INTO v_direction, v_kind, v_body, v_deleted_at
    FROM messages m WHERE m.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF v_direction <> 'outbound' THEN
        v_refused := 'not_outbound';
    ELSIF v_kind <> 'text' THEN
        v_refused := 'not_text';
    ELSIF v_deleted_at IS NOT NULL THEN
        v_refused := 'deleted';
    ELSIF v_body IS DISTINCT FROM p_body THEN
        UPDATE messages m SET body = p_body, edited_at = p_at WHERE m.id = p_id;
        v_changed := true;
    END IF;
    RETURN QUERY SELECT v_changed, v_refused, v FROM inbox_messages v WHERE v.id = p_id;
END
$$;

-- Deletes a message for p_scope ('me' or 'everyone'; only outbound messages for everyone).
-- Deleting again for the same or a narrower scope keeps the first deletion; 'everyone' after
-- 'me' widens it.
CREATE OR REPLACE FUNCTION inbox_delete_message(p_id uuid, p_scope text, p_at timestamptz)
RETURNS TABLE (changed boolean, refused text, message inbox_messages)
LANGUAGE plpgsql AS $$
DECLARE
    v_direction text;
    v_scope text;
    v_changed boolean := false;
    v_refused text;
BEGIN
    IF p_scope IS NULL OR p_scope NOT IN ('me', 'everyone') THEN
        RAISE check_violation USING
            MESSAGE = 'a deletion scope is me or everyone',
            CONSTRAINT = 'messages_deleted_scope_check', TABLE = 'messages';
    END IF;
    SELECT m.direction, m.deleted_scope INTO v_direction, v_scope
    FROM messages m WHERE m.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF p_scope = 'everyone' AND v_direction <> 'outbound' THEN
        v_refused := 'not_outbound';
    ELSIF v_scope IS NULL OR (v_scope = 'me' AND p_scope = 'everyone') THEN
        UPDATE messages m SET deleted_scope = p_scope, deleted_at = p_at WHERE m.id = p_id;
        v_changed := true;
    END IF;
    RETURN QUERY SELECT v_changed, v_refused, v FROM inbox_messages v WHERE v.id = p_id;
END
$$;

-- Sets the business's (outbound side's) reaction; the same emoji is no change. Its wamid is
-- unknown until the reaction is sent, so a new emoji clears the old one's.
CREATE OR REPLACE FUNCTION inbox_set_business_reaction(p_id uuid, p_emoji text, p_at timestamptz)
RETURNS TABLE (changed boolean, refused text, message inbox_messages)
LANGUAGE plpgsql AS $$
DECLARE
    v_deleted_at timestamptz;
    v_rows bigint := 0;
    v_refused text;
BEGIN
    SELECT m.deleted_at INTO v_deleted_at FROM messages m WHERE m.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF v_deleted_at IS NOT NULL THEN
        v_refused := 'deleted';
    ELSE
        INSERT INTO message_reactions AS r (message_id, direction, emoji, wamid, reacted_at)
        VALUES (p_id, 'outbound', p_emoji, NULL, p_at)
        ON CONFLICT (message_id, direction) DO UPDATE
            SET emoji = EXCLUDED.emoji, wamid = NULL, reacted_at = EXCLUDED.reacted_at
            WHERE r.emoji IS DISTINCT FROM EXCLUDED.emoji;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
    END IF;
    RETURN QUERY SELECT v_rows > 0, v_refused, v FROM inbox_messages v WHERE v.id = p_id;
END
$$;

-- Removes the business's reaction; none is no change.
CREATE OR REPLACE FUNCTION inbox_remove_business_reaction(p_id uuid)
RETURNS TABLE (changed boolean, refused text, message inbox_messages)
LANGUAGE plpgsql AS $$
DECLARE
    v_rows bigint;
BEGIN
    PERFORM 1 FROM messages m WHERE m.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    DELETE FROM message_reactions r WHERE r.message_id = p_id AND r.direction = 'outbound';
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN QUERY SELECT v_rows > 0, NULL::text, v FROM inbox_messages v WHERE v.id = p_id;
END
$$;

-- Media galleries: a page of the media messages of p_kinds ('image', 'video', 'audio',
-- 'document', 'sticker'), newest first by (sent_at, id) before the cursor, deleted ones left
-- out. One index range per kind (the indexes below) read newest first and merged, so a rare
-- kind costs no more than a common one; without a cursor pass 'infinity' and the max UUID.
-- Plain SQL, so the planner inlines it into the caller's statement.
CREATE OR REPLACE FUNCTION inbox_conversation_media(
    p_conversation_id uuid, p_kinds text[], p_before_at timestamptz, p_before_id uuid,
    p_limit bigint)
RETURNS SETOF inbox_messages
LANGUAGE sql STABLE AS $$
    SELECT v.*
    FROM (SELECT k.id, k.sent_at
          FROM (SELECT DISTINCT unnest(p_kinds) AS kind) wanted
          CROSS JOIN LATERAL (
              SELECT x.id, x.sent_at FROM messages x
              WHERE x.conversation_id = p_conversation_id AND x.kind = wanted.kind
                AND x.kind IN ('image', 'video', 'audio', 'document', 'sticker')
                AND x.deleted_at IS NULL
                AND (x.sent_at, x.id) < (p_before_at, p_before_id)
              ORDER BY x.sent_at DESC, x.id DESC
              LIMIT p_limit) k
          ORDER BY k.sent_at DESC, k.id DESC
          LIMIT p_limit) page
    JOIN inbox_messages v ON v.id = page.id
    ORDER BY v.sent_at DESC, v.id DESC
$$;

-- The same over every conversation of an account.
CREATE OR REPLACE FUNCTION inbox_account_media(
    p_account_id uuid, p_kinds text[], p_before_at timestamptz, p_before_id uuid,
    p_limit bigint)
RETURNS SETOF inbox_messages
LANGUAGE sql STABLE AS $$
    SELECT v.*
    FROM (SELECT k.id, k.sent_at
          FROM (SELECT DISTINCT unnest(p_kinds) AS kind) wanted
          CROSS JOIN LATERAL (
              SELECT x.id, x.sent_at FROM messages x
              WHERE x.account_id = p_account_id AND x.kind = wanted.kind
                AND x.kind IN ('image', 'video', 'audio', 'document', 'sticker')
                AND x.deleted_at IS NULL
                AND (x.sent_at, x.id) < (p_before_at, p_before_id)
              ORDER BY x.sent_at DESC, x.id DESC
              LIMIT p_limit) k
          ORDER BY k.sent_at DESC, k.id DESC
          LIMIT p_limit) page
    JOIN inbox_messages v ON v.id = page.id
    ORDER BY v.sent_at DESC, v.id DESC
$$;

-- The galleries' indexes: only media messages not deleted, by owner and kind, newest first.
DROP INDEX CONCURRENTLY IF EXISTS messages_conversation_media_idx;
CREATE INDEX CONCURRENTLY messages_conversation_media_idx
    ON messages (conversation_id, kind, sent_at DESC, id DESC)
    WHERE kind IN ('image', 'video', 'audio', 'document', 'sticker') AND deleted_at IS NULL;

DROP INDEX CONCURRENTLY IF EXISTS messages_account_media_idx;
CREATE INDEX CONCURRENTLY messages_account_media_idx
    ON messages (account_id, kind, sent_at DESC, id DESC)
    WHERE kind IN ('image', 'video', 'audio', 'document', 'sticker') AND deleted_at IS NULL;
