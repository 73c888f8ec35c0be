-- The inbox's multi-table operations and heavy reads, written once and called by every storage
-- backend (directly by the PostgreSQL adapter, through /rpc/ and views by the PostgREST adapter).

-- Position of a status on the way to the customer; mirrors MessageStatus::rank in inbox-domain.
CREATE FUNCTION inbox_status_rank(p_status text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE p_status
        WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 1
        WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 END
$$;

-- Whether a message in status p_from may take p_to; mirrors MessageStatus::can_become.
-- Statuses only move forward; delivery evidence wins over a failure, never the reverse.
CREATE FUNCTION inbox_status_can_become(p_from text, p_to text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN p_to = 'failed' THEN p_from IN ('pending', 'sent')
        WHEN p_from = 'failed' THEN p_to IN ('delivered', 'read')
        ELSE inbox_status_rank(p_to) > inbox_status_rank(p_from)
    END
$$;

-- A message with its reactions (oldest first) as one JSON array.
CREATE VIEW inbox_messages AS
SELECT m.id, m.account_id, m.conversation_id, m.direction, m.kind, m.body, m.media, m.payload,
       m.wamid, m.status, m.error_code, m.error_title, m.error_details, m.reply_to_id,
       m.reply_to_wamid, m.edited_at, m.deleted_at, m.sent_at, m.created_at,
       COALESCE((SELECT jsonb_agg(jsonb_build_object(
                            'direction', r.direction, 'emoji', r.emoji, 'reacted_at', r.reacted_at)
                        ORDER BY r.reacted_at, r.direction)
                 FROM message_reactions r WHERE r.message_id = m.id), '[]'::jsonb) AS reactions
FROM messages m;

-- A conversation as the inbox list shows it: with its contact and newest message (lm_*).
-- The list reads it ordered by (last_message_at DESC, id DESC), an index scan.
CREATE VIEW inbox_conversation_summaries AS
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
       m.created_at AS lm_created_at
FROM conversations c
JOIN contacts ct ON ct.id = c.contact_id
LEFT JOIN inbox_messages m ON m.id = c.last_message_id;

-- The conversation between an account and a contact, created if missing. Safe under concurrency:
-- a loser of the insert race reads the winner's row with a fresh snapshot.
CREATE FUNCTION inbox_open_conversation(p_id uuid, p_account_id uuid, p_contact_id uuid)
RETURNS SETOF conversations
LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        RETURN QUERY
            INSERT INTO conversations (id, account_id, contact_id)
            VALUES (p_id, p_account_id, p_contact_id)
            ON CONFLICT (account_id, contact_id) DO NOTHING
            RETURNING *;
        IF FOUND THEN RETURN; END IF;
        RETURN QUERY SELECT * FROM conversations
            WHERE account_id = p_account_id AND contact_id = p_contact_id;
        IF FOUND THEN RETURN; END IF;
    END LOOP;
END
$$;

-- Appends a message and moves its conversation in one step. Idempotent on wamid: a known wamid
-- changes nothing and returns the stored message's id with created = false.
CREATE FUNCTION inbox_append_message(
    p_id uuid, p_conversation_id uuid, p_direction text, p_kind text, p_body text,
    p_media jsonb, p_payload jsonb, p_wamid text, p_status text, p_reply_to_wamid text,
    p_sent_at timestamptz)
RETURNS TABLE (message_id uuid, created boolean)
LANGUAGE plpgsql AS $$
DECLARE
    v_account_id uuid;
    v_inserted uuid;
BEGIN
    SELECT c.account_id INTO v_account_id FROM conversations c WHERE c.id = p_conversation_id;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'conversation does not exist',
            CONSTRAINT = 'messages_conversation_fkey';
    END IF;

    INSERT INTO messages (id, account_id, conversation_id, direction, kind, body, media, payload,
                          wamid, status, reply_to_id, reply_to_wamid, sent_at)
    VALUES (p_id, v_account_id, p_conversation_id, p_direction, p_kind, p_body, p_media,
            COALESCE(p_payload, '{}'::jsonb), p_wamid, p_status,
            (SELECT q.id FROM messages q WHERE q.wamid = p_reply_to_wamid),
            p_reply_to_wamid, p_sent_at)
    ON CONFLICT DO NOTHING
    RETURNING id INTO v_inserted;

    IF v_inserted IS NULL THEN
        -- A known wamid is a duplicate delivery; otherwise the id itself was taken.
        RETURN QUERY SELECT m.id, false FROM messages m WHERE m.wamid = p_wamid;
        IF NOT FOUND THEN
            RAISE unique_violation USING
                MESSAGE = 'message id already exists',
                CONSTRAINT = 'messages_pkey', TABLE = 'messages';
        END IF;
        RETURN;
    END IF;

    -- Earlier messages that quoted this one before we knew it now point at it.
    IF p_wamid IS NOT NULL THEN
        UPDATE messages SET reply_to_id = v_inserted
        WHERE reply_to_wamid = p_wamid AND reply_to_id IS NULL AND id <> v_inserted;
    END IF;

    UPDATE conversations c SET
        last_message_id = CASE WHEN c.last_message_id IS NULL
                                 OR (p_sent_at, p_id) > (c.last_message_at, c.last_message_id)
                               THEN p_id ELSE c.last_message_id END,
        last_message_at = CASE WHEN c.last_message_id IS NULL
                                 OR (p_sent_at, p_id) > (c.last_message_at, c.last_message_id)
                               THEN p_sent_at ELSE c.last_message_at END,
        last_inbound_at = CASE WHEN p_direction = 'inbound'
                               THEN GREATEST(c.last_inbound_at, p_sent_at)
                               ELSE c.last_inbound_at END,
        unread_count = c.unread_count + CASE WHEN p_direction = 'inbound' THEN 1 ELSE 0 END,
        status = CASE WHEN p_direction = 'inbound' THEN 'open' ELSE c.status END,
        updated_at = now()
    WHERE c.id = p_conversation_id;

    RETURN QUERY SELECT v_inserted, true;
END
$$;

-- Moves a message to a reported status when the lattice allows it; keeps Meta's error on failure.
-- Returns no row for an unknown message, else whether anything changed.
CREATE FUNCTION inbox_apply_message_status(
    p_id uuid, p_status text, p_error_code bigint, p_error_title text, p_error_details text)
RETURNS TABLE (changed boolean)
LANGUAGE plpgsql AS $$
DECLARE
    v_current text;
BEGIN
    SELECT m.status INTO v_current FROM messages m WHERE m.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF NOT inbox_status_can_become(v_current, p_status) THEN
        RETURN QUERY SELECT false;
        RETURN;
    END IF;
    UPDATE messages SET
        status = p_status,
        status_at = now(),
        error_code = CASE WHEN p_status = 'failed' THEN p_error_code ELSE NULL END,
        error_title = CASE WHEN p_status = 'failed' THEN p_error_title ELSE NULL END,
        error_details = CASE WHEN p_status = 'failed' THEN p_error_details ELSE NULL END
    WHERE id = p_id;
    RETURN QUERY SELECT true;
END
$$;
