-- The auto-template fallback's glue: a message waiting for a template's review is recorded
-- (message 'pending' + waiting row) in one step, an approval releases it AND queues its send job
-- in the same transaction (whichever path saw the approval: status webhook, periodic check,
-- sync), and a message that waited past its expires_at fails.

-- What a waiting message is sent with once released (the SendRequest JSON, see V13's header),
-- and the send route's idempotency key, handed to the send job on release so that a repeat
-- after the approval still finds the first message.
ALTER TABLE pending_template_messages
    ADD COLUMN request jsonb CHECK (jsonb_typeof(request) = 'object'),
    ADD COLUMN idempotency_key text CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
    ADD COLUMN request_hash text,
    ADD CONSTRAINT pending_template_messages_key_has_hash
        CHECK ((idempotency_key IS NULL) = (request_hash IS NULL));
CREATE UNIQUE INDEX pending_template_messages_idempotency_key
    ON pending_template_messages (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The expiry sweep: waiting messages, soonest expiry first.
CREATE INDEX pending_template_messages_expiry_idx
    ON pending_template_messages (expires_at, id) WHERE state = 'waiting';

-- Records an outbound message as 'pending' (no send job yet) and its waiting row, in one step.
-- The idempotency key is the send route's: a repeat (same conversation and request) answers the
-- first message, whether it still waits or was already released or sent directly. Answers one
-- row whose outcome is 'created', 'repeated', 'conflict' or 'no_conversation'.
CREATE FUNCTION inbox_templates_record_waiting(
    p_message_id uuid, p_conversation_id uuid, p_body text, p_request jsonb,
    p_template_name text, p_language text, p_parameters jsonb, p_expires_at timestamptz,
    p_key text, p_sent_at timestamptz)
RETURNS TABLE (outcome text, message_id uuid, account_id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_account uuid;
    -- The hash inbox_outbox_record computes, so a job created on release compares equal.
    v_hash text := md5(p_conversation_id::text || ':' || p_request::text);
    v_found record;
BEGIN
    SELECT c.account_id INTO v_account FROM conversations c WHERE c.id = p_conversation_id;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'no_conversation'::text, NULL::uuid, NULL::uuid;
        RETURN;
    END IF;
    IF p_key IS NOT NULL THEN
        -- The lock inbox_outbox_record takes: a waiting send and a direct one with one key
        -- wait for each other.
        PERFORM pg_advisory_xact_lock(hashtextextended(v_account::text || ':' || p_key, 13));
        SELECT q.message_id, q.request_hash INTO v_found FROM (
            SELECT p.message_id, p.request_hash FROM pending_template_messages p
            WHERE p.account_id = v_account AND p.idempotency_key = p_key
            UNION ALL
            SELECT j.message_id, j.request_hash FROM send_jobs j
            WHERE j.account_id = v_account AND j.idempotency_key = p_key
        ) q LIMIT 1;
        IF FOUND THEN
            RETURN QUERY SELECT CASE WHEN v_found.request_hash = v_hash THEN 'repeated'
                                     ELSE 'conflict' END, v_found.message_id, v_account;
            RETURN;
        END IF;
    END IF;
    PERFORM inbox_append_message(p_message_id, p_conversation_id, 'outbound', 'text', p_body,
                                 NULL, p_request, NULL, 'pending', NULL, p_sent_at);
    INSERT INTO pending_template_messages (id, account_id, conversation_id, message_id,
        template_name, template_language, parameters, expires_at, request, idempotency_key,
        request_hash)
    VALUES (gen_random_uuid(), v_account, p_conversation_id, p_message_id, p_template_name,
            p_language, p_parameters, p_expires_at, p_request, p_key,
            CASE WHEN p_key IS NOT NULL THEN v_hash END);
    RETURN QUERY SELECT 'created'::text, p_message_id, v_account;
END
$$;

-- V14's resolution, now queueing the send of every message an approval releases in the same
-- transaction: a 'message' job whose request is the stored one (or, for a row queued without
-- one, the template with its body parameters), carrying the row's idempotency key unless a job
-- already holds it. A message no longer 'pending' (deleted, failed meanwhile) is released
-- without a job. Rejection, pause and disablement are as in V14.
CREATE OR REPLACE FUNCTION inbox_templates_resolve_pending(p_account uuid, p_name text,
                                                           p_language text)
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
                RETURNING p.id, p.message_id, p.conversation_id, p.parameters, p.created_at,
                          p.request, p.idempotency_key, p.request_hash
            ), queued AS (
                INSERT INTO send_jobs (account_id, message_id, action, request, idempotency_key,
                                       request_hash)
                SELECT p_account, r.message_id, 'message',
                       COALESCE(r.request, jsonb_build_object('type', 'template', 'template',
                           jsonb_build_object('name', p_name, 'language', p_language,
                               'body', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                                   'type', 'text', 'text', v.value) ORDER BY v.n),
                                                   '[]'::jsonb)
                                        FROM jsonb_array_elements_text(r.parameters)
                                             WITH ORDINALITY v(value, n))))),
                       k.key, CASE WHEN k.key IS NOT NULL THEN r.request_hash END
                FROM released r
                JOIN messages m ON m.id = r.message_id AND m.status = 'pending'
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN r.idempotency_key IS NOT NULL AND NOT EXISTS (
                                    SELECT 1 FROM send_jobs j WHERE j.account_id = p_account
                                      AND j.idempotency_key = r.idempotency_key)
                                THEN r.idempotency_key END AS key) k
                RETURNING 1
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

-- V14's review update, now also releasing (and queueing the sends of) the messages waiting for
-- a template it approves, in the webhook's transaction. A release changes no message status
-- (they stay 'pending' until a worker sends them), so it adds no event.
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
        IF v_changed.status = 'approved' THEN
            PERFORM 1 FROM inbox_templates_resolve_pending(v_changed.account_id, v_changed.name,
                                                           v_changed.language);
        ELSIF v_changed.status IN ('rejected', 'paused', 'disabled') THEN
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

-- Fails up to p_limit messages still waiting at p_now past their expires_at (oldest expiry
-- first; rows other sweeps hold are skipped): the row becomes 'expired' with the reason, a
-- still-'pending' message 'failed' (code 0: Meta gave none). One row per expired message.
CREATE FUNCTION inbox_templates_expire_waiting(p_now timestamptz, p_limit integer)
RETURNS TABLE (account_id uuid, conversation_id uuid, message_id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_reason constant text := 'The template was not approved before the message expired';
BEGIN
    RETURN QUERY
        WITH due AS (
            SELECT p.id FROM pending_template_messages p
            WHERE p.state = 'waiting' AND p.expires_at <= p_now
            ORDER BY p.expires_at, p.id LIMIT p_limit FOR UPDATE SKIP LOCKED
        ), expired AS (
            UPDATE pending_template_messages p SET state = 'expired', resolved_at = now(),
                failure_reason = v_reason
            FROM due d WHERE p.id = d.id
            RETURNING p.account_id, p.conversation_id, p.message_id
        ), messages_failed AS (
            UPDATE messages m SET status = 'failed', error_code = 0,
                error_title = 'Template not approved in time', error_details = v_reason,
                status_at = now()
            FROM expired e
            WHERE m.id = e.message_id AND m.status = 'pending'
            RETURNING m.id
        )
        SELECT e.account_id, e.conversation_id, e.message_id FROM expired e;
END
$$;
