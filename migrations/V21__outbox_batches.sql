-- The outbox's group steps: a send worker notes many dispatches, or ends many attempts, in one
-- call and so one commit (one WAL flush), where the single functions of V13 cost one each.
-- Both adapters call these (the PostgREST one by /rpc/), with the same JSON documents.
-- Each attempt is fenced by its own attempt number exactly as its single function: one that
-- lost its lease changes nothing for itself, and the others still proceed.

-- Notes that each attempt of p_attempts ([{"id": 1, "attempt": 2}, ...]) is about to call Meta.
-- Answers one boolean per attempt, in order: true for those that held their lease (now noted);
-- the others are left as they were.
CREATE FUNCTION inbox_outbox_dispatching_many(p_attempts jsonb) RETURNS boolean[]
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
    SELECT COALESCE(array_agg(EXISTS (SELECT 1 FROM marked m
                                      WHERE m.id = w.id AND m.attempt = w.attempt)
                              ORDER BY w.n), '{}')
    FROM wanted w
$$;

-- Ends each attempt of p_outcomes, in order, as its single function does:
--   {"id": 1, "attempt": 2, "end": "sent", "wamid": "wamid.X"}            inbox_outbox_sent
--   {"id": 1, "attempt": 2, "end": "failed", "error": {...}}              inbox_outbox_failed
--   {"id": 1, "attempt": 2, "end": "retry", "after_us": 5000000, "error": {...}}
--                                                                          inbox_outbox_retry_later
--   {"id": 1, "attempt": 2, "end": "ambiguous", "after_us": 600000000, "error": {...}}
--                                                                          inbox_outbox_ambiguous
-- Answers one {"applied": bool, "events": [...]} per outcome, in order (no events for retry and
-- ambiguous). An unknown "end" fails the whole call: nothing is recorded.
CREATE FUNCTION inbox_outbox_finish_many(p_outcomes jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_item jsonb;
    v_id bigint;
    v_attempt integer;
    v_after interval;
    v_results jsonb[] := '{}';
    v_result jsonb;
BEGIN
    FOR v_item IN
        SELECT e.item FROM jsonb_array_elements(p_outcomes) WITH ORDINALITY AS e(item, n)
        ORDER BY e.n
    LOOP
        v_id := (v_item->>'id')::bigint;
        v_attempt := (v_item->>'attempt')::integer;
        v_after := COALESCE((v_item->>'after_us')::bigint, 0) * interval '1 microsecond';
        CASE v_item->>'end'
            WHEN 'sent' THEN
                v_result := inbox_outbox_sent(v_id, v_attempt, v_item->>'wamid');
            WHEN 'failed' THEN
                v_result := inbox_outbox_failed(v_id, v_attempt, v_item->'error');
            WHEN 'retry' THEN
                v_result := jsonb_build_object(
                    'applied', inbox_outbox_retry_later(v_id, v_attempt, v_after, v_item->'error'),
                    'events', '[]'::jsonb);
            WHEN 'ambiguous' THEN
                v_result := jsonb_build_object(
                    'applied', inbox_outbox_ambiguous(v_id, v_attempt, v_after, v_item->'error'),
                    'events', '[]'::jsonb);
            ELSE
                RAISE EXCEPTION 'unknown end of an attempt: %', v_item->>'end';
        END CASE;
        v_results := array_append(v_results, v_result);
    END LOOP;
    RETURN to_jsonb(v_results);
END
$$;
