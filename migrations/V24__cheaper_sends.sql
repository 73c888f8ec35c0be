-- A cheaper send, same behaviour (issue 6; docs/performance.md, W4). Measured per send with
-- pg_stat_statements (claim, dispatching_many, finish_many by groups of 64, all sent), most of
-- PostgreSQL's time went to V21's inbox_outbox_finish_many: a loop over the single functions of
-- V13, each with its own lookups, and two new versions of each message (its wamid, then its
-- status), each one entered in every index of messages.
--
-- - inbox_outbox_finish_many ends the whole group with one fenced UPDATE of send_jobs, then one
--   UPDATE of messages per outcome kind ('sent': the wamid and the status in one new row version;
--   'failed': the status and Meta's error), and builds every answer in one statement. A message
--   those cannot move (a status already past 'sent', a message that cannot fail any more) takes
--   V13's path, one at a time, unchanged.
-- - inbox_outbox_claim updates the rows it locked by their ids, an index scan whatever the
--   size of send_jobs; inbox_outbox_dispatching_many joins its answers instead of probing per
--   attempt.
-- - The wamid trigger skips inbox_apply_pending_statuses (a locking read of the message by its
--   wamid) when no status is kept for the wamid.
-- - send_jobs_dispatched_idx is dropped: no query or function reads send_jobs by message_id for
--   'running' or 'unknown' jobs only (the reconciliation reads the live job through
--   send_jobs_message_live_key; the other reads by message, and the ON DELETE CASCADE of
--   send_jobs_message_id_fkey, use send_jobs_message_idx, which stays), and every claim entered
--   each job in it once more.

DROP INDEX IF EXISTS send_jobs_dispatched_idx;

-- Room on each page for a job's next row version: the dispatch note changes no indexed column,
-- so with space on the page it is a HOT update that enters no index (measured: the dispatch's
-- buffers 13.7 -> 6.0 and WAL 539 -> 210 bytes per send). Applies to pages written from now on.
ALTER TABLE send_jobs SET (fillfactor = 70);

-- V13's claim, the same answer. The claimed rows are updated by their ids (an index scan of the
-- primary key), where the planner could join the locked rows to a scan of all of send_jobs.
CREATE OR REPLACE FUNCTION inbox_outbox_claim(p_max integer, p_lease interval)
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
        WHERE j.id = ANY (ARRAY(SELECT ready.id FROM ready))
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

-- V6's trigger function for a message that gets its wamid: without a status kept for that
-- wamid (the common case), inbox_apply_pending_statuses would only lock the message again (this
-- transaction already holds it: it set the wamid) and find nothing; it is called only when one
-- is kept.
CREATE OR REPLACE FUNCTION inbox_messages_wamid_set_take_pending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM webhook_pending_statuses p WHERE p.wamid = NEW.wamid) THEN
        PERFORM inbox_apply_pending_statuses(NEW.wamid);
    END IF;
    RETURN NULL;
END
$$;

-- V21's dispatching_many, the same answers: one per attempt, in order, true for those that held
-- their lease (now noted).
CREATE OR REPLACE FUNCTION inbox_outbox_dispatching_many(p_attempts jsonb) RETURNS boolean[]
LANGUAGE sql AS $$
    WITH wanted AS (
        SELECT (e.item->>'id')::bigint AS id, (e.item->>'attempt')::integer AS attempt, e.n
        FROM jsonb_array_elements(p_attempts) WITH ORDINALITY AS e(item, n)
    ), marked AS (
        UPDATE send_jobs j SET dispatched_at = now(), updated_at = now()
        FROM wanted w
        WHERE j.id = w.id AND j.attempt = w.attempt AND j.state = 'running'
          AND j.lease_until > now()
        RETURNING j.id, j.attempt
    )
    SELECT COALESCE(array_agg(m.id IS NOT NULL ORDER BY w.n), '{}')
    FROM wanted w
    LEFT JOIN marked m ON m.id = w.id AND m.attempt = w.attempt
$$;

-- The message side of V13's inbox_outbox_sent (p_end 'sent') and inbox_outbox_failed ('failed')
-- for a job already ended: locks the message, moves it as they do, answers their events. For the
-- messages inbox_outbox_finish_many's set-based updates did not move.
CREATE OR REPLACE FUNCTION inbox_outbox_message_end(p_message uuid, p_end text, p_wamid text,
                                                    p_error jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_before text;
BEGIN
    SELECT m.status INTO v_before FROM messages m WHERE m.id = p_message FOR UPDATE;
    IF p_end = 'sent' THEN
        UPDATE messages m SET wamid = p_wamid WHERE m.id = p_message AND m.wamid IS NULL;
        PERFORM inbox_apply_message_status(p_message, 'sent', NULL, NULL, NULL);
    ELSE
        PERFORM inbox_apply_message_status(p_message, 'failed',
                                           COALESCE((p_error->>'code')::bigint, 0),
                                           left(COALESCE(p_error->>'title', 'failed'), 1000),
                                           left(p_error->>'details', 10000));
    END IF;
    RETURN inbox_outbox_status_events(p_message, v_before);
END
$$;

-- V21's finish_many, the same document and answers, set-based. Ends each attempt of p_outcomes
-- as its single function does:
--   {"id": 1, "attempt": 2, "end": "sent", "wamid": "wamid.X"}            inbox_outbox_sent
--   {"id": 1, "attempt": 2, "end": "failed", "error": {...}}              inbox_outbox_failed
--   {"id": 1, "attempt": 2, "end": "retry", "after_us": 5000000, "error": {...}}
--                                                                          inbox_outbox_retry_later
--   {"id": 1, "attempt": 2, "end": "ambiguous", "after_us": 600000000, "error": {...}}
--                                                                          inbox_outbox_ambiguous
-- Answers one {"applied": bool, "events": [...]} per outcome, in order (no events for retry and
-- ambiguous). An unknown "end" fails the whole call: nothing is recorded. Of two outcomes for one
-- attempt only the first can apply, as when they ran one after the other.
CREATE OR REPLACE FUNCTION inbox_outbox_finish_many(p_outcomes jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_unknown text;
    v_applied bigint[];   -- positions (1-based) of the outcomes that held their lease
    v_moved bigint[];     -- positions whose message the set-based updates moved
    v_moved_ids uuid[];   -- and those messages
    v_rest jsonb;         -- applied 'message' outcomes whose message was not moved
    v_item jsonb;
    v_rest_at bigint[] := '{}';
    v_rest_events jsonb[] := '{}';
    v_answer jsonb;
BEGIN
    SELECT e.item->>'end' INTO v_unknown
    FROM jsonb_array_elements(p_outcomes) WITH ORDINALITY AS e(item, n)
    WHERE (e.item->>'end') IS DISTINCT FROM 'sent' AND (e.item->>'end') IS DISTINCT FROM 'failed'
      AND (e.item->>'end') IS DISTINCT FROM 'retry'
      AND (e.item->>'end') IS DISTINCT FROM 'ambiguous'
    ORDER BY e.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unknown end of an attempt: %', v_unknown;
    END IF;

    -- The jobs first, then their messages: the order the single functions and
    -- inbox_outbox_reconcile take the locks in. At most one live 'message' job per message
    -- (send_jobs_message_live_key), so no message is named twice below.
    WITH wanted AS (
        SELECT e.n, (e.item->>'id')::bigint AS id, (e.item->>'attempt')::integer AS attempt,
               e.item->>'end' AS ending, e.item->>'wamid' AS wamid, e.item->'error' AS error,
               COALESCE((e.item->>'after_us')::bigint, 0) * interval '1 microsecond' AS after
        FROM jsonb_array_elements(p_outcomes) WITH ORDINALITY AS e(item, n)
    ), once AS (
        SELECT DISTINCT ON (w.id, w.attempt) w.* FROM wanted w ORDER BY w.id, w.attempt, w.n
    ), ended AS (
        UPDATE send_jobs j SET
            state = CASE f.ending WHEN 'sent' THEN 'done' WHEN 'failed' THEN 'failed'
                                  WHEN 'retry' THEN 'retry' ELSE 'unknown' END,
            lease_until = NULL,
            run_at = CASE WHEN f.ending = 'retry' THEN now() + f.after ELSE j.run_at END,
            reconcile_until = CASE WHEN f.ending = 'ambiguous' THEN now() + f.after
                                   ELSE j.reconcile_until END,
            last_error = CASE WHEN f.ending = 'sent' THEN j.last_error ELSE f.error END,
            updated_at = now()
        FROM once f
        WHERE j.id = f.id AND j.attempt = f.attempt AND j.state = 'running'
          AND j.lease_until > now()
        RETURNING f.n, f.ending, f.wamid, f.error, j.message_id, j.action
    ), sent AS (
        -- One new row version for the wamid and the status; the wamid trigger then applies the
        -- statuses kept for it, ending where V13's order (wamid, then 'sent') ends.
        UPDATE messages m SET wamid = COALESCE(m.wamid, e.wamid), status = 'sent',
                              status_at = now(), error_code = NULL, error_title = NULL,
                              error_details = NULL
        FROM ended e
        WHERE e.ending = 'sent' AND e.action = 'message' AND m.id = e.message_id
          AND inbox_status_can_become(m.status, 'sent')
        RETURNING e.n, m.id
    ), failed AS (
        UPDATE messages m SET status = 'failed', status_at = now(),
                              error_code = COALESCE((e.error->>'code')::bigint, 0),
                              error_title = left(COALESCE(e.error->>'title', 'failed'), 1000),
                              error_details = left(e.error->>'details', 10000)
        FROM ended e
        WHERE e.ending = 'failed' AND e.action = 'message' AND m.id = e.message_id
          AND inbox_status_can_become(m.status, 'failed')
        RETURNING e.n, m.id
    ), moved AS (
        SELECT s.n, s.id FROM sent s UNION ALL SELECT f.n, f.id FROM failed f
    )
    SELECT (SELECT array_agg(e.n) FROM ended e),
           (SELECT array_agg(m.n) FROM moved m), (SELECT array_agg(m.id) FROM moved m),
           (SELECT jsonb_agg(jsonb_build_object('n', e.n, 'message_id', e.message_id,
                                                'end', e.ending, 'wamid', e.wamid,
                                                'error', e.error) ORDER BY e.n)
            FROM ended e
            WHERE e.action = 'message' AND e.ending IN ('sent', 'failed')
              AND NOT EXISTS (SELECT 1 FROM moved m WHERE m.n = e.n))
    INTO v_applied, v_moved, v_moved_ids, v_rest;

    -- Messages the updates above did not move: V13's path, which also covers a message changed
    -- by another transaction meanwhile.
    FOR v_item IN SELECT value FROM jsonb_array_elements(COALESCE(v_rest, '[]')) LOOP
        v_rest_at := array_append(v_rest_at, (v_item->>'n')::bigint);
        v_rest_events := array_append(v_rest_events,
            inbox_outbox_message_end((v_item->>'message_id')::uuid, v_item->>'end',
                                     v_item->>'wamid', v_item->'error'));
    END LOOP;

    -- A moved message always changed status ('pending' to 'sent'; 'pending' or 'sent' to
    -- 'failed'), whatever the wamid trigger did after: its event shows where it ended.
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'applied', COALESCE(w.n = ANY (v_applied), false),
               'events', COALESCE(mv.events, r.events, '[]'::jsonb)) ORDER BY w.n), '[]'::jsonb)
    INTO v_answer
    FROM generate_series(1, jsonb_array_length(p_outcomes)) AS w(n)
    LEFT JOIN (
        SELECT t.n, jsonb_build_array(jsonb_build_object(
                   'type', 'message_status_changed', 'account_id', m.account_id,
                   'conversation_id', m.conversation_id, 'message_id', m.id,
                   'status', m.status)) AS events
        FROM unnest(v_moved, v_moved_ids) AS t(n, id)
        JOIN messages m ON m.id = t.id
    ) mv ON mv.n = w.n
    LEFT JOIN unnest(v_rest_at, v_rest_events) AS r(n, events) ON r.n = w.n;
    RETURN v_answer;
END
$$;
