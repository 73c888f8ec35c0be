-- The outbox's record and retry answer the message itself, as inbox_messages shows it right
-- after the change, read inside the same function call: the route that queued a send answers it
-- without reading it back (one round trip less, and no race with a send worker that already
-- moved it past 'pending').

-- inbox_outbox_record (V13), with the message: for 'created' the message just stored
-- ('pending'); for 'repeated' (and 'conflict') the first message as it is now; NULL for
-- 'no_conversation' and 'no_reply_target'.
CREATE FUNCTION inbox_outbox_record_message(
    p_message_id uuid, p_conversation_id uuid, p_kind text, p_body text, p_media jsonb,
    p_request jsonb, p_reply_to uuid, p_key text, p_sent_at timestamptz)
RETURNS TABLE (outcome text, job_id bigint, message inbox_messages)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_outcome text;
    v_message uuid;
    v_job bigint;
BEGIN
    SELECT r.outcome, r.message_id, r.job_id INTO v_outcome, v_message, v_job
    FROM inbox_outbox_record(p_message_id, p_conversation_id, p_kind, p_body, p_media,
                             p_request, p_reply_to, p_key, p_sent_at) r;
    IF v_message IS NULL THEN
        RETURN QUERY SELECT v_outcome, v_job, NULL::inbox_messages;
        RETURN;
    END IF;
    -- A later statement of the function: it sees the insert above.
    RETURN QUERY SELECT v_outcome, v_job, v FROM inbox_messages v WHERE v.id = v_message;
END
$$;

-- inbox_outbox_retry_message (V13), with the message: for 'created' the message pending
-- again; NULL otherwise.
CREATE FUNCTION inbox_outbox_retry_message_returning(p_message uuid)
RETURNS TABLE (outcome text, job_id bigint, message inbox_messages)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_outcome text;
    v_job bigint;
BEGIN
    SELECT r.outcome, r.job_id INTO v_outcome, v_job FROM inbox_outbox_retry_message(p_message) r;
    IF v_outcome <> 'created' THEN
        RETURN QUERY SELECT v_outcome, v_job, NULL::inbox_messages;
        RETURN;
    END IF;
    RETURN QUERY SELECT v_outcome, v_job, v FROM inbox_messages v WHERE v.id = p_message;
END
$$;
