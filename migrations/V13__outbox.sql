-- The outbox: outgoing messages recorded with their send jobs, claimed by send workers, and
-- reconciled by the status webhooks that carry our message id (biz_opaque_callback_data).
--
-- send_jobs.request is the send request as inbox-domain's `SendRequest` serialises it: one JSON
-- object whose `type` names the kind and whose kind-named field holds the content, e.g.
--   {"type": "text", "text": {"body": "Hi", "preview_url": false}, "reply_to": "<message uuid>"}
--   {"type": "template", "template": {"name": "order_update", "language": "en_US",
--                                     "body": [{"type": "text", "text": "42"}]}}
--   {"type": "reaction", "reaction": {"message_id": "<message uuid>", "emoji": "👍"}}
-- so a SQL function may queue a send (a template fallback, say) by inserting the message and a
-- job with such a request (`inbox_outbox_record` does both).
-- A job's fencing token is its attempt number; every finishing function checks it and the lease.

-- Set when an attempt is about to call Meta: a lease that expires after it may mean Meta has
-- the message, so the job becomes 'unknown' instead of being sent again.
ALTER TABLE send_jobs ADD COLUMN dispatched_at timestamptz;

-- At most one live job per message send; reactions may queue a newer job behind a running one,
-- and a message whose job ended (done or failed) may be retried.
DROP INDEX send_jobs_message_action_key;
CREATE UNIQUE INDEX send_jobs_message_live_key ON send_jobs (message_id)
    WHERE action = 'message' AND state IN ('queued', 'running', 'retry', 'unknown', 'parked');
CREATE INDEX send_jobs_dispatched_idx ON send_jobs (message_id) WHERE state IN ('running', 'unknown');

-- Accounts whose sending is paused (their credentials failed): their jobs wait, none fails.
CREATE TABLE send_pauses (
    account_id  uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
    paused_at   timestamptz NOT NULL DEFAULT now()
);

-- Records an outbound message as 'pending' with its 'message' job, in one step. Answers one row
-- whose outcome is 'created', 'repeated' (the idempotency key was used with the same
-- conversation and request: the first message and job), 'conflict' (the key was used with
-- another request), 'no_conversation' or 'no_reply_target' (p_reply_to is not a message of the
-- conversation).
CREATE FUNCTION inbox_outbox_record(
    p_message_id uuid, p_conversation_id uuid, p_kind text, p_body text, p_media jsonb,
    p_request jsonb, p_reply_to uuid, p_key text, p_sent_at timestamptz)
RETURNS TABLE (outcome text, message_id uuid, job_id bigint, account_id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_account uuid;
    v_hash text := md5(p_conversation_id::text || ':' || p_request::text);
    v_found record;
    v_reply_wamid text;
    v_job bigint;
BEGIN
    SELECT c.account_id INTO v_account FROM conversations c WHERE c.id = p_conversation_id;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'no_conversation'::text, NULL::uuid, NULL::bigint, NULL::uuid;
        RETURN;
    END IF;
    IF p_key IS NOT NULL THEN
        -- Two requests with one key wait for each other here; a transaction lock, so it works
        -- behind a transaction-mode pooler.
        PERFORM pg_advisory_xact_lock(hashtextextended(v_account::text || ':' || p_key, 13));
        SELECT j.message_id, j.id, j.request_hash INTO v_found
        FROM send_jobs j WHERE j.account_id = v_account AND j.idempotency_key = p_key;
        IF FOUND THEN
            RETURN QUERY SELECT CASE WHEN v_found.request_hash = v_hash THEN 'repeated'
                                     ELSE 'conflict' END,
                                v_found.message_id, v_found.id, v_account;
            RETURN;
        END IF;
    END IF;
    IF p_reply_to IS NOT NULL THEN
        SELECT q.wamid INTO v_reply_wamid FROM messages q
        WHERE q.id = p_reply_to AND q.conversation_id = p_conversation_id;
        IF NOT FOUND THEN
            RETURN QUERY SELECT 'no_reply_target'::text, NULL::uuid, NULL::bigint, v_account;
            RETURN;
        END IF;
    END IF;
    PERFORM inbox_append_message(p_message_id, p_conversation_id, 'outbound', p_kind, p_body,
                                 p_media, p_request, NULL, 'pending', v_reply_wamid, p_sent_at);
    IF p_reply_to IS NOT NULL AND v_reply_wamid IS NULL THEN
        -- Quoting one of our messages still on its way: its wamid is read when this one is sent.
        UPDATE messages m SET reply_to_id = p_reply_to WHERE m.id = p_message_id;
    END IF;
    INSERT INTO send_jobs (account_id, message_id, action, request, idempotency_key, request_hash)
    VALUES (v_account, p_message_id, 'message', p_request, p_key,
            CASE WHEN p_key IS NOT NULL THEN v_hash END)
    RETURNING id INTO v_job;
    RETURN QUERY SELECT 'created'::text, p_message_id, v_job, v_account;
END
$$;

-- Queues our reaction (no emoji: its removal) on p_message; earlier reaction jobs of the message
-- that have not run are cancelled. Null when the message does not exist.
CREATE FUNCTION inbox_outbox_queue_reaction(p_message uuid, p_emoji text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_account uuid;
    v_job bigint;
BEGIN
    SELECT m.account_id INTO v_account FROM messages m WHERE m.id = p_message;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    UPDATE send_jobs j SET state = 'cancelled', updated_at = now()
    WHERE j.message_id = p_message AND j.action = 'reaction' AND j.state IN ('queued', 'retry');
    INSERT INTO send_jobs (account_id, message_id, action, request)
    VALUES (v_account, p_message, 'reaction', jsonb_build_object('type', 'reaction', 'reaction',
            jsonb_build_object('message_id', p_message, 'emoji', p_emoji)))
    RETURNING id INTO v_job;
    RETURN v_job;
END
$$;

-- Claims up to p_max ready jobs of accounts not paused, oldest first, skipping rows other
-- workers hold; answers what a worker needs to call Meta.
CREATE FUNCTION inbox_outbox_claim(p_max integer, p_lease interval)
RETURNS TABLE (id bigint, attempt integer, account_id uuid, conversation_id uuid,
               message_id uuid, action text, request jsonb, to_wa_id text,
               reply_to_wamid text, wamid text)
LANGUAGE sql AS $$
    WITH ready AS (
        SELECT j.id FROM send_jobs j
        WHERE j.state IN ('queued', 'retry') AND j.run_at <= now()
          AND NOT EXISTS (SELECT 1 FROM send_pauses p WHERE p.account_id = j.account_id)
        ORDER BY j.run_at, j.id
        LIMIT GREATEST(p_max, 0)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE send_jobs j
        SET state = 'running', attempt = j.attempt + 1, lease_until = now() + p_lease,
            dispatched_at = NULL, updated_at = now()
        FROM ready WHERE j.id = ready.id
        RETURNING j.id, j.attempt, j.account_id, j.message_id, j.action, j.request, j.run_at
    )
    SELECT c.id, c.attempt, c.account_id, m.conversation_id, c.message_id, c.action, c.request,
           ct.wa_id,
           CASE WHEN c.action = 'message' THEN COALESCE(m.reply_to_wamid, q.wamid) END,
           m.wamid
    FROM claimed c
    JOIN messages m ON m.id = c.message_id
    JOIN conversations cv ON cv.id = m.conversation_id
    JOIN contacts ct ON ct.id = cv.contact_id
    LEFT JOIN messages q ON q.id = m.reply_to_id
    ORDER BY c.run_at, c.id
$$;

-- Notes that the attempt is about to call Meta. False without the lease.
CREATE FUNCTION inbox_outbox_dispatching(p_id bigint, p_attempt integer) RETURNS boolean
LANGUAGE sql AS $$
    WITH marked AS (
        UPDATE send_jobs j SET dispatched_at = now(), updated_at = now()
        WHERE j.id = p_id AND j.attempt = p_attempt AND j.state = 'running'
          AND j.lease_until > now()
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM marked)
$$;

-- The message's status event when it differs from p_before, else nothing.
CREATE FUNCTION inbox_outbox_status_events(p_message uuid, p_before text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'type', 'message_status_changed', 'account_id', m.account_id,
               'conversation_id', m.conversation_id, 'message_id', m.id, 'status', m.status)),
           '[]'::jsonb)
    FROM messages m WHERE m.id = p_message AND m.status IS DISTINCT FROM p_before
$$;

-- Meta accepted the attempt: the job is done; a message takes the wamid (its kept statuses
-- follow, by trigger) and moves to 'sent'. Answers {"applied": bool, "events": [...]}.
CREATE FUNCTION inbox_outbox_sent(p_id bigint, p_attempt integer, p_wamid text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_message uuid;
    v_action text;
    v_before text;
BEGIN
    UPDATE send_jobs j SET state = 'done', lease_until = NULL, updated_at = now()
    WHERE j.id = p_id AND j.attempt = p_attempt AND j.state = 'running' AND j.lease_until > now()
    RETURNING j.message_id, j.action INTO v_message, v_action;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('applied', false, 'events', '[]'::jsonb);
    END IF;
    IF v_action <> 'message' THEN
        RETURN jsonb_build_object('applied', true, 'events', '[]'::jsonb);
    END IF;
    SELECT m.status INTO v_before FROM messages m WHERE m.id = v_message FOR UPDATE;
    UPDATE messages m SET wamid = p_wamid WHERE m.id = v_message AND m.wamid IS NULL;
    PERFORM inbox_apply_message_status(v_message, 'sent', NULL, NULL, NULL);
    RETURN jsonb_build_object('applied', true,
                              'events', inbox_outbox_status_events(v_message, v_before));
END
$$;

-- Meta refused the attempt for good: the job fails keeping p_error ({"class", "code", "title",
-- "details"}); a message fails with Meta's error (code 0 when Meta gave none).
CREATE FUNCTION inbox_outbox_failed(p_id bigint, p_attempt integer, p_error jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_message uuid;
    v_action text;
    v_before text;
BEGIN
    UPDATE send_jobs j SET state = 'failed', lease_until = NULL, last_error = p_error,
                           updated_at = now()
    WHERE j.id = p_id AND j.attempt = p_attempt AND j.state = 'running' AND j.lease_until > now()
    RETURNING j.message_id, j.action INTO v_message, v_action;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('applied', false, 'events', '[]'::jsonb);
    END IF;
    IF v_action <> 'message' THEN
        RETURN jsonb_build_object('applied', true, 'events', '[]'::jsonb);
    END IF;
    SELECT m.status INTO v_before FROM messages m WHERE m.id = v_message FOR UPDATE;
    PERFORM inbox_apply_message_status(v_message, 'failed',
                                       COALESCE((p_error->>'code')::bigint, 0),
                                       left(COALESCE(p_error->>'title', 'failed'), 1000),
                                       left(p_error->>'details', 10000));
    RETURN jsonb_build_object('applied', true,
                              'events', inbox_outbox_status_events(v_message, v_before));
END
$$;

-- Meta did not act: retry after p_delay. False without the lease.
CREATE FUNCTION inbox_outbox_retry_later(p_id bigint, p_attempt integer, p_delay interval,
                                         p_error jsonb) RETURNS boolean
LANGUAGE sql AS $$
    WITH moved AS (
        UPDATE send_jobs j SET state = 'retry', lease_until = NULL, run_at = now() + p_delay,
                               last_error = p_error, updated_at = now()
        WHERE j.id = p_id AND j.attempt = p_attempt AND j.state = 'running'
          AND j.lease_until > now()
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM moved)
$$;

-- Meta may have accepted the attempt: wait for its status webhook until now() + p_window.
CREATE FUNCTION inbox_outbox_ambiguous(p_id bigint, p_attempt integer, p_window interval,
                                       p_error jsonb) RETURNS boolean
LANGUAGE sql AS $$
    WITH moved AS (
        UPDATE send_jobs j SET state = 'unknown', lease_until = NULL,
                               reconcile_until = now() + p_window, last_error = p_error,
                               updated_at = now()
        WHERE j.id = p_id AND j.attempt = p_attempt AND j.state = 'running'
          AND j.lease_until > now()
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM moved)
$$;

-- Ends the reconciliation windows that passed: retry now, or park for a person.
CREATE FUNCTION inbox_outbox_expire_reconciliation(p_park boolean) RETURNS bigint
LANGUAGE sql AS $$
    WITH moved AS (
        UPDATE send_jobs j SET
            state = CASE WHEN p_park THEN 'parked' ELSE 'retry' END,
            run_at = now(), reconcile_until = NULL, updated_at = now()
        WHERE j.state = 'unknown' AND j.reconcile_until <= now()
        RETURNING 1
    )
    SELECT count(*) FROM moved
$$;

-- Running jobs whose lease expired: never dispatched -> retry now; dispatched -> unknown.
CREATE FUNCTION inbox_outbox_rescue(p_window interval) RETURNS bigint
LANGUAGE sql AS $$
    WITH moved AS (
        UPDATE send_jobs j SET
            state = CASE WHEN j.dispatched_at IS NULL THEN 'retry' ELSE 'unknown' END,
            run_at = now(), lease_until = NULL,
            reconcile_until = CASE WHEN j.dispatched_at IS NOT NULL THEN now() + p_window END,
            updated_at = now()
        WHERE j.state = 'running' AND j.lease_until <= now()
        RETURNING 1
    )
    SELECT count(*) FROM moved
$$;

-- Sends a failed outbound message again with the request of its last job. Answers one row
-- whose outcome is 'created', 'not_found' or 'not_failed'.
CREATE FUNCTION inbox_outbox_retry_message(p_message uuid)
RETURNS TABLE (outcome text, job_id bigint, account_id uuid, conversation_id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_message record;
    v_request jsonb;
    v_job bigint;
BEGIN
    SELECT m.status, m.account_id, m.conversation_id INTO v_message
    FROM messages m WHERE m.id = p_message AND m.direction = 'outbound' FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::bigint, NULL::uuid, NULL::uuid;
        RETURN;
    END IF;
    SELECT j.request INTO v_request FROM send_jobs j
    WHERE j.message_id = p_message AND j.action = 'message' ORDER BY j.id DESC LIMIT 1;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::bigint, NULL::uuid, NULL::uuid;
        RETURN;
    END IF;
    IF v_message.status <> 'failed' OR EXISTS (
        SELECT 1 FROM send_jobs j WHERE j.message_id = p_message AND j.action = 'message'
          AND j.state IN ('queued', 'running', 'retry', 'unknown')) THEN
        RETURN QUERY SELECT 'not_failed'::text, NULL::bigint, v_message.account_id,
                            v_message.conversation_id;
        RETURN;
    END IF;
    -- A parked job gives way to the person's decision.
    UPDATE send_jobs j SET state = 'cancelled', updated_at = now()
    WHERE j.message_id = p_message AND j.action = 'message' AND j.state = 'parked';
    -- A new send gets a new wamid; the failed one's is let go.
    UPDATE messages m SET status = 'pending', status_at = now(), wamid = NULL,
                          error_code = NULL, error_title = NULL, error_details = NULL
    WHERE m.id = p_message;
    INSERT INTO send_jobs (account_id, message_id, action, request)
    VALUES (v_message.account_id, p_message, 'message', v_request)
    RETURNING id INTO v_job;
    RETURN QUERY SELECT 'created'::text, v_job, v_message.account_id, v_message.conversation_id;
END
$$;

-- Reconciliation: a status webhook carrying our message id (p_callback) for a message of
-- p_account we have no wamid for yet gives it the wamid and finishes its live job. Called by
-- inbox_webhook_apply before it applies the status. Locks the job, then the message (the
-- order inbox_outbox_sent takes them in). Anything else (not a UUID, another account's
-- message, a message with another wamid) changes nothing.
CREATE FUNCTION inbox_outbox_reconcile(p_account uuid, p_wamid text, p_callback text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid;
BEGIN
    IF p_callback !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN;
    END IF;
    v_id := p_callback::uuid;
    IF NOT EXISTS (SELECT 1 FROM messages m
                   WHERE m.id = v_id AND m.account_id = p_account AND m.direction = 'outbound'
                     AND (m.wamid IS NULL OR m.wamid = p_wamid)) THEN
        RETURN;
    END IF;
    UPDATE send_jobs j SET state = 'done', lease_until = NULL, reconcile_until = NULL,
                           updated_at = now()
    WHERE j.message_id = v_id AND j.action = 'message'
      AND j.state IN ('queued', 'running', 'retry', 'unknown', 'parked');
    UPDATE messages m SET wamid = p_wamid
    WHERE m.id = v_id AND m.wamid IS NULL
      AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.wamid = p_wamid);
END
$$;

-- V7's apply, unchanged but for the statuses loop (the reconciliation call).
-- THE apply: one delivery's apply document, behind its fencing token, in one transaction.
--
-- First the fenced UPDATE to 'done' (zero rows: the lease was lost, nothing changes and the
-- answer is {"applied": false}). Then every change of a known number: contacts upserted, messages
-- appended by wamid (a duplicate is a no-op: no unread bump, no event), reactions ordered by
-- time, statuses moved along the lattice or kept for a message we do not know yet; then template
-- updates. Changes of unknown numbers, messages without a sender and parts the parser could not
-- read park the delivery ('unknown account', else 'message without sender', else 'unreadable
-- parts'); the rest is applied anyway. Answers {"applied": true, "events": [...],
-- "unknown_numbers": [...], "senderless": [...], "accounts": [...], "parked_reason": ...},
-- events carrying ids only.
CREATE OR REPLACE FUNCTION inbox_webhook_apply(p_id bigint, p_attempt integer, p_batch jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_events jsonb[] := '{}';
    v_unknown text[] := '{}';
    v_senderless text[] := '{}';
    v_accounts uuid[] := '{}';
    v_change jsonb;
    v_item jsonb;
    v_account uuid;
    v_contacts jsonb;       -- document contact id -> {"id": stored id, "conversation_id": for a new one}
    v_conversations jsonb;  -- stored contact id -> conversation id
    v_contact jsonb;
    v_contact_id uuid;
    v_conversation_id uuid;
    v_message_id uuid;
    v_owner uuid;
    v_flag boolean;
    v_at timestamptz;
    v_parked_reason text;
BEGIN
    IF jsonb_typeof(p_batch) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'the apply document must be a JSON object';
    END IF;
    UPDATE webhook_deliveries d SET state = 'done', lease_until = NULL, done_at = now()
    WHERE d.id = p_id AND d.attempt = p_attempt AND d.state = 'running' AND d.lease_until > now();
    IF NOT FOUND THEN
        RETURN jsonb_build_object('applied', false);
    END IF;

    FOR v_change IN SELECT value FROM jsonb_array_elements(COALESCE(p_batch->'changes', '[]')) LOOP
        SELECT a.id INTO v_account FROM accounts a WHERE a.phone_number_id = v_change->>'phone_number_id';
        IF NOT FOUND THEN
            IF NOT (v_change->>'phone_number_id') = ANY (v_unknown) THEN
                v_unknown := array_append(v_unknown, v_change->>'phone_number_id');
            END IF;
            CONTINUE;
        END IF;
        IF NOT v_account = ANY (v_accounts) THEN
            v_accounts := array_append(v_accounts, v_account);
        END IF;

        v_contacts := '{}';
        v_conversations := '{}';
        FOR v_item IN SELECT value FROM jsonb_array_elements(COALESCE(v_change->'contacts', '[]')) LOOP
            SELECT c.contact_id, c.changed INTO v_contact_id, v_flag
            FROM inbox_webhook_contact(v_account, (v_item->>'id')::uuid, v_item->>'wa_id',
                                       v_item->>'bsuid', v_item->>'profile_name') c;
            v_contacts := v_contacts || jsonb_build_object(v_item->>'id', jsonb_build_object(
                'id', v_contact_id, 'conversation_id', v_item->'conversation_id'));
            IF v_flag THEN
                v_events := array_append(v_events, jsonb_build_object('type', 'contact_updated',
                    'account_id', v_account, 'contact_id', v_contact_id));
            END IF;
        END LOOP;

        FOR v_item IN SELECT value FROM jsonb_array_elements(COALESCE(v_change->'messages', '[]')) LOOP
            v_contact := v_contacts -> (v_item->>'contact');
            IF v_contact IS NULL THEN
                v_senderless := array_append(v_senderless, v_item->>'wamid');
                CONTINUE;
            END IF;
            v_at := inbox_micros_to_timestamptz((v_item->>'sent_at')::bigint);
            IF jsonb_typeof(v_item->'reaction') = 'object' THEN
                SELECT m.id, m.conversation_id INTO v_message_id, v_conversation_id
                FROM messages m
                WHERE m.wamid = v_item->'reaction'->>'target' AND m.account_id = v_account;
                IF FOUND THEN
                    IF inbox_apply_reaction(v_message_id, 'inbound', v_item->>'wamid',
                                            v_item->'reaction'->>'emoji', v_at) THEN
                        v_events := array_append(v_events, jsonb_build_object(
                            'type', 'reaction_changed', 'account_id', v_account,
                            'conversation_id', v_conversation_id, 'message_id', v_message_id));
                    END IF;
                    CONTINUE;
                END IF;
                -- A reaction to a message we do not know is kept as a message.
            END IF;
            v_contact_id := (v_contact->>'id')::uuid;
            v_conversation_id := (v_conversations->>(v_contact_id::text))::uuid;
            IF v_conversation_id IS NULL THEN
                SELECT c.id INTO v_conversation_id
                FROM inbox_open_conversation((v_contact->>'conversation_id')::uuid, v_account,
                                             v_contact_id) c;
                v_conversations := v_conversations
                    || jsonb_build_object(v_contact_id::text, v_conversation_id);
            END IF;
            SELECT a.message_id, a.created INTO v_message_id, v_flag
            FROM inbox_append_message((v_item->>'id')::uuid, v_conversation_id, 'inbound',
                                      v_item->>'kind', v_item->>'body',
                                      NULLIF(v_item->'media', 'null'::jsonb),
                                      COALESCE(NULLIF(v_item->'payload', 'null'::jsonb), '{}'),
                                      v_item->>'wamid', 'delivered', v_item->>'reply_to_wamid',
                                      v_at) a;
            IF v_flag THEN
                v_events := array_append(v_events, jsonb_build_object(
                    'type', 'message_received', 'account_id', v_account,
                    'conversation_id', v_conversation_id, 'message_id', v_message_id));
            END IF;
        END LOOP;

        FOR v_item IN SELECT value FROM jsonb_array_elements(COALESCE(v_change->'statuses', '[]')) LOOP
            -- V13: the status of a send whose wamid we never learnt gives it to our message.
            IF v_item->>'callback' IS NOT NULL THEN
                PERFORM inbox_outbox_reconcile(v_account, v_item->>'wamid', v_item->>'callback');
            END IF;
            SELECT m.id, m.account_id, m.conversation_id INTO v_message_id, v_owner, v_conversation_id
            FROM messages m WHERE m.wamid = v_item->>'wamid';
            IF NOT FOUND THEN
                INSERT INTO webhook_pending_statuses (wamid, status, account_id, error_code,
                                                      error_title, error_details, reported_at)
                VALUES (v_item->>'wamid', v_item->>'status', v_account,
                        (v_item->'error'->>'code')::bigint, v_item->'error'->>'title',
                        v_item->'error'->>'details',
                        inbox_micros_to_timestamptz((v_item->>'at')::bigint))
                ON CONFLICT (wamid, status) DO NOTHING;
            ELSIF v_owner = v_account THEN
                SELECT s.changed INTO v_flag
                FROM inbox_apply_message_status(v_message_id, v_item->>'status',
                                                (v_item->'error'->>'code')::bigint,
                                                v_item->'error'->>'title',
                                                v_item->'error'->>'details') s;
                IF v_flag THEN
                    v_events := array_append(v_events, jsonb_build_object(
                        'type', 'message_status_changed', 'account_id', v_account,
                        'conversation_id', v_conversation_id, 'message_id', v_message_id,
                        'status', v_item->>'status'));
                END IF;
            END IF;
            -- A status about another account's message changes nothing.
        END LOOP;
    END LOOP;

    FOR v_item IN SELECT value FROM jsonb_array_elements(COALESCE(p_batch->'templates', '[]')) LOOP
        v_events := v_events || ARRAY(SELECT inbox_webhook_template(v_item));
    END LOOP;

    v_parked_reason := CASE WHEN cardinality(v_unknown) > 0 THEN 'unknown account'
                            WHEN cardinality(v_senderless) > 0 THEN 'message without sender'
                            WHEN p_batch->>'unreadable' IS NOT NULL THEN 'unreadable parts' END;
    IF v_parked_reason IS NOT NULL OR cardinality(v_accounts) = 1 THEN
        UPDATE webhook_deliveries d SET
            account_id = CASE WHEN cardinality(v_accounts) = 1 THEN v_accounts[1] END,
            state = CASE WHEN v_parked_reason IS NULL THEN 'done' ELSE 'parked' END,
            done_at = CASE WHEN v_parked_reason IS NULL THEN d.done_at END,
            parked_reason = v_parked_reason,
            last_error = COALESCE(left(p_batch->>'unreadable', 10000), d.last_error)
        WHERE d.id = p_id;
    END IF;

    RETURN jsonb_build_object('applied', true, 'events', to_jsonb(v_events),
                              'unknown_numbers', to_jsonb(v_unknown),
                              'senderless', to_jsonb(v_senderless),
                              'accounts', to_jsonb(v_accounts),
                              'parked_reason', v_parked_reason);
END
$$;
