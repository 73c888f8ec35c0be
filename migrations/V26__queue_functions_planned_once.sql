-- The outbox's claim and dispatch notes in PL/pgSQL, same statements, same answers. A LANGUAGE
-- sql function that writes cannot be inlined, and PostgreSQL 15 plans its statement again on
-- every call: on an empty queue that planning was half of a claim (pgbench, one client: 0.21 ms
-- a call as SQL, 0.10 ms as PL/pgSQL, whose plans are cached per connection). The W4 run before
-- this showed inbox_outbox_claim at 1.0-1.3 ms and inbox_outbox_dispatching_many at 0.55 ms a
-- call. Output columns are PL/pgSQL variables here; every reference in the statements is
-- qualified, and #variable_conflict use_column keeps it so should one not be.
-- The webhook claim stays LANGUAGE sql (V25): as PL/pgSQL its claims cost ten times as much in
-- the W1 benchmark (5.4 ms a call at 1,000 deliveries/s), most likely a cached plan kept while
-- webhook_deliveries grew; planned on each call, it follows the table's size.
--
-- The queue tables also get their own autovacuum thresholds. A claim walks its ready index
-- from the oldest entry, past the entries of jobs and deliveries already done until a vacuum
-- removes them; with the default (20 % of the table dead) a large, long-lived queue table
-- waits for a vacuum longer the larger it gets. A fixed threshold has it vacuumed as often as
-- autovacuum looks (autovacuum_naptime, a minute by default) once a few thousand rows are done.

-- V24's claim (V13's answer).
CREATE OR REPLACE FUNCTION inbox_outbox_claim(p_max integer, p_lease interval)
RETURNS TABLE (id bigint, attempt integer, account_id uuid, conversation_id uuid,
               message_id uuid, action text, request jsonb, to_wa_id text,
               reply_to_wamid text, wamid text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
        ORDER BY c.run_at, c.id;
END
$$;

-- V24's dispatch notes (V21's answer).
CREATE OR REPLACE FUNCTION inbox_outbox_dispatching_many(p_attempts jsonb) RETURNS boolean[]
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_held boolean[];
BEGIN
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
        SELECT COALESCE(array_agg(m.id IS NOT NULL ORDER BY w.n), '{}') INTO v_held
        FROM wanted w
        LEFT JOIN marked m ON m.id = w.id AND m.attempt = w.attempt;
    RETURN v_held;
END
$$;

ALTER TABLE send_jobs SET (autovacuum_vacuum_scale_factor = 0,
                           autovacuum_vacuum_threshold = 5000);
ALTER TABLE webhook_deliveries SET (autovacuum_vacuum_scale_factor = 0,
                                    autovacuum_vacuum_threshold = 5000);
