-- The outbox's pause switches as SQL functions, so that both adapters make each one call (a
-- PostgREST insert or delete cannot say "already paused" the way ON CONFLICT DO NOTHING
-- RETURNING does). The reads (`send_pauses`, `send_jobs`) stay plain single-table reads.

-- Pauses p_account's sending with p_reason (cut to the column's 1000 characters). False when
-- it was already paused: the first reason is kept.
CREATE FUNCTION inbox_outbox_pause(p_account uuid, p_reason text) RETURNS boolean
LANGUAGE sql AS $$
    WITH paused AS (
        INSERT INTO send_pauses (account_id, reason) VALUES (p_account, left(p_reason, 1000))
        ON CONFLICT (account_id) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM paused)
$$;

-- Lets p_account's jobs be claimed again. False when it was not paused.
CREATE FUNCTION inbox_outbox_resume(p_account uuid) RETURNS boolean
LANGUAGE sql AS $$
    WITH resumed AS (
        DELETE FROM send_pauses p WHERE p.account_id = p_account
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM resumed)
$$;
