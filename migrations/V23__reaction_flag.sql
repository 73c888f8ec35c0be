-- Most messages never get a reaction, yet every read of a message (the message page, each
-- conversation's newest message in the list) looked its reactions up: a third of the list
-- statement's buffers. messages.ever_reacted turns true when a message first gets a reaction,
-- under the message's row lock the reaction functions already take, and never turns back (a
-- removed reaction only costs the lookup again). The views look reactions up only then.
ALTER TABLE messages ADD COLUMN ever_reacted boolean NOT NULL DEFAULT false;

UPDATE messages m SET ever_reacted = true
FROM (SELECT DISTINCT r.message_id FROM message_reactions r) reacted
WHERE m.id = reacted.message_id;

-- As in V10, the reactions looked up only for a message that ever had one.
CREATE OR REPLACE VIEW inbox_messages AS
SELECT m.id, m.account_id, m.conversation_id, m.direction, m.kind,
       CASE WHEN m.deleted_at IS NULL THEN m.body END AS body,
       CASE WHEN m.deleted_at IS NULL THEN m.media END AS media,
       CASE WHEN m.deleted_at IS NULL THEN m.payload ELSE '{}'::jsonb END AS payload,
       m.wamid, m.status, m.error_code, m.error_title, m.error_details, m.reply_to_id,
       m.reply_to_wamid, m.edited_at, m.deleted_at, m.sent_at, m.created_at,
       CASE WHEN m.ever_reacted THEN
           COALESCE((SELECT jsonb_agg(jsonb_build_object(
                                'direction', r.direction, 'emoji', r.emoji,
                                'reacted_at', r.reacted_at)
                            ORDER BY r.reacted_at, r.direction)
                     FROM message_reactions r WHERE r.message_id = m.id), '[]'::jsonb)
       ELSE '[]'::jsonb END AS reactions,
       m.deleted_scope,
       (SELECT jsonb_build_object(
                   'id', q.id, 'wamid', q.wamid, 'direction', q.direction, 'kind', q.kind,
                   'preview', CASE WHEN q.deleted_at IS NULL THEN left(q.body, 100) END,
                   'deleted', q.deleted_at IS NOT NULL)
        FROM messages q WHERE q.id = m.reply_to_id) AS quoted
FROM messages m;

-- As in V7; a set reaction also marks the message (already locked here) as ever reacted.
CREATE OR REPLACE FUNCTION inbox_apply_reaction(p_message_id uuid, p_direction text,
                                                p_wamid text, p_emoji text, p_at timestamptz)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_at timestamptz;
    v_wamid text;
    v_emoji text;
BEGIN
    PERFORM 1 FROM messages m WHERE m.id = p_message_id FOR UPDATE;
    SELECT r.reacted_at, COALESCE(r.wamid, ''), r.emoji INTO v_at, v_wamid, v_emoji
    FROM message_reactions r WHERE r.message_id = p_message_id AND r.direction = p_direction;
    IF FOUND AND (v_at > p_at OR (v_at = p_at AND v_wamid COLLATE "C" >= p_wamid COLLATE "C")) THEN
        RETURN false;
    END IF;
    SELECT x.removed_at, x.wamid INTO v_at, v_wamid
    FROM message_reaction_removals x WHERE x.message_id = p_message_id AND x.direction = p_direction;
    IF FOUND AND (v_at > p_at OR (v_at = p_at AND v_wamid COLLATE "C" >= p_wamid COLLATE "C")) THEN
        RETURN false;
    END IF;
    IF p_emoji IS NULL THEN
        INSERT INTO message_reaction_removals (message_id, direction, wamid, removed_at)
        VALUES (p_message_id, p_direction, p_wamid, p_at)
        ON CONFLICT (message_id, direction)
        DO UPDATE SET wamid = EXCLUDED.wamid, removed_at = EXCLUDED.removed_at;
        DELETE FROM message_reactions r
        WHERE r.message_id = p_message_id AND r.direction = p_direction;
        RETURN FOUND;
    END IF;
    INSERT INTO message_reactions (message_id, direction, emoji, wamid, reacted_at)
    VALUES (p_message_id, p_direction, p_emoji, p_wamid, p_at)
    ON CONFLICT (message_id, direction)
    DO UPDATE SET emoji = EXCLUDED.emoji, wamid = EXCLUDED.wamid, reacted_at = EXCLUDED.reacted_at;
    UPDATE messages m SET ever_reacted = true WHERE m.id = p_message_id AND NOT m.ever_reacted;
    RETURN v_emoji IS DISTINCT FROM p_emoji;
END
$$;

-- As in V10; a set reaction also marks the message (already locked here) as ever reacted.
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
        UPDATE messages m SET ever_reacted = true WHERE m.id = p_id AND NOT m.ever_reacted;
    END IF;
    RETURN QUERY SELECT v_rows > 0, v_refused, v FROM inbox_messages v WHERE v.id = p_id;
END
$$;
