-- Webhook ingestion, part 1, written once for every storage backend (called directly by the
-- PostgreSQL adapter, through /rpc/ by PostgREST): the queue's operations (enqueue, claim, fail,
-- rescue, requeue, list) and the statuses that wait for their message. Part 2 (V7) applies a
-- delivery.

-- Statuses reported for a wamid we do not know yet; applied when a message with that wamid is
-- stored (inserted, or given its wamid when sent). Duplicates collapse on (wamid, status).
CREATE TABLE webhook_pending_statuses (
    wamid          text NOT NULL CHECK (char_length(wamid) BETWEEN 1 AND 256),
    status         text NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
    account_id     uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    error_code     bigint,
    error_title    text,
    error_details  text,
    reported_at    timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_pending_statuses_pkey PRIMARY KEY (wamid, status),
    CONSTRAINT webhook_pending_statuses_error_complete CHECK ((error_code IS NULL) = (error_title IS NULL))
);
CREATE INDEX webhook_pending_statuses_received_idx ON webhook_pending_statuses (received_at);
CREATE INDEX webhook_pending_statuses_account_idx ON webhook_pending_statuses (account_id);

-- The newest removal of a reaction per message and side: with message_reactions it orders
-- reactions by (Meta's time, wamid), so replays and reordered deliveries end the same way.
CREATE TABLE message_reaction_removals (
    message_id  uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    direction   text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    wamid       text NOT NULL CHECK (char_length(wamid) BETWEEN 1 AND 256),
    removed_at  timestamptz NOT NULL,
    PRIMARY KEY (message_id, direction)
);

-- Meta's time of the template status last applied: an older update never overwrites a newer one.
ALTER TABLE templates ADD COLUMN status_reported_at timestamptz;
-- V3's name check used a repetition count over PostgreSQL's limit of 255 ({1,512}), so every
-- insert failed with "invalid regular expression"; the same rule, written so it compiles.
ALTER TABLE templates DROP CONSTRAINT templates_name_check,
    ADD CONSTRAINT templates_name_check CHECK (name ~ '^[a-z0-9_]+$' AND char_length(name) <= 512);

-- Templates whose Meta id we do not know are found by their account's WABA.
CREATE INDEX accounts_waba_id_idx ON accounts (waba_id);
-- The operator's list by state, newest first ('done' rows are read from the primary key).
CREATE INDEX webhook_deliveries_state_id_idx ON webhook_deliveries (state, id DESC)
    WHERE state <> 'done';

-- Microseconds since the Unix epoch (the apply document's times) as a timestamptz. Exact: the
-- interval has no day or month part, so the time zone plays no role.
CREATE FUNCTION inbox_micros_to_timestamptz(p_micros bigint) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT timestamptz '1970-01-01 00:00:00+00' + p_micros * interval '1 microsecond'
$$;

---------------------------------------------------------------------------------------------------
-- The queue. A claim is a lease fenced by the attempt number: only the current attempt, still
-- running and within its lease, may finish a delivery.

-- Stores a raw delivery; one insert, nothing else on the acknowledgement path.
CREATE FUNCTION inbox_webhook_enqueue(p_body bytea) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO webhook_deliveries (body) VALUES (p_body) RETURNING id
$$;

-- Claims up to p_max ready deliveries, oldest first, skipping rows other workers hold.
CREATE FUNCTION inbox_webhook_claim(p_max integer, p_lease interval)
RETURNS TABLE (id bigint, attempt integer, body bytea, received_at timestamptz)
LANGUAGE sql AS $$
    WITH ready AS (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.state IN ('queued', 'retry') AND d.run_at <= now()
        ORDER BY d.run_at, d.id
        LIMIT GREATEST(p_max, 0)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE webhook_deliveries d
        SET state = 'running', attempt = d.attempt + 1, lease_until = now() + p_lease
        FROM ready WHERE d.id = ready.id
        RETURNING d.id, d.attempt, d.body, d.received_at, d.run_at
    )
    SELECT c.id, c.attempt, c.body, c.received_at FROM claimed c ORDER BY c.run_at, c.id
$$;

-- Records a failed attempt: retry after p_retry_after, or park (p_retry_after null) with
-- p_park_reason. False when the attempt no longer holds the lease.
CREATE FUNCTION inbox_webhook_fail(p_id bigint, p_attempt integer, p_error text,
                                   p_retry_after interval, p_park_reason text)
RETURNS boolean
LANGUAGE sql AS $$
    WITH failed AS (
        UPDATE webhook_deliveries d SET
            state = CASE WHEN p_retry_after IS NULL THEN 'parked' ELSE 'retry' END,
            run_at = CASE WHEN p_retry_after IS NULL THEN d.run_at ELSE now() + p_retry_after END,
            lease_until = NULL,
            last_error = left(p_error, 10000),
            parked_reason = CASE WHEN p_retry_after IS NULL
                                 THEN left(COALESCE(NULLIF(p_park_reason, ''), 'failed'), 1000) END
        WHERE d.id = p_id AND d.attempt = p_attempt AND d.state = 'running' AND d.lease_until > now()
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM failed)
$$;

-- Deliveries in p_state, newest first, with ids below p_before when given.
CREATE FUNCTION inbox_webhook_list(p_state text, p_before bigint, p_limit integer)
RETURNS TABLE (id bigint, state text, attempt integer, received_at timestamptz,
               run_at timestamptz, size_bytes bigint, parked_reason text, last_error text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    IF p_state = 'done' THEN
        RETURN QUERY
            SELECT d.id, d.state, d.attempt, d.received_at, d.run_at,
                   octet_length(d.body)::bigint, d.parked_reason, d.last_error
            FROM webhook_deliveries d
            WHERE d.state = 'done' AND d.id < COALESCE(p_before, 9223372036854775807)
            ORDER BY d.id DESC LIMIT p_limit;
    ELSE
        RETURN QUERY
            SELECT d.id, d.state, d.attempt, d.received_at, d.run_at,
                   octet_length(d.body)::bigint, d.parked_reason, d.last_error
            FROM webhook_deliveries d
            WHERE d.state = p_state AND d.state <> 'done'
              AND d.id < COALESCE(p_before, 9223372036854775807)
            ORDER BY d.state, d.id DESC LIMIT p_limit;
    END IF;
END
$$;

-- Puts a parked delivery back in the queue, runnable now, attempts kept. No row: no such
-- delivery; requeued = false: it is not parked (the row shows it unchanged).
CREATE FUNCTION inbox_webhook_requeue(p_id bigint)
RETURNS TABLE (requeued boolean, id bigint, state text, attempt integer, received_at timestamptz,
               run_at timestamptz, size_bytes bigint, parked_reason text, last_error text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        UPDATE webhook_deliveries d SET state = 'queued', run_at = now(), parked_reason = NULL
        WHERE d.id = p_id AND d.state = 'parked'
        RETURNING true, d.id, d.state, d.attempt, d.received_at, d.run_at,
                  octet_length(d.body)::bigint, d.parked_reason, d.last_error;
    IF FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT false, d.id, d.state, d.attempt, d.received_at, d.run_at,
               octet_length(d.body)::bigint, d.parked_reason, d.last_error
        FROM webhook_deliveries d WHERE d.id = p_id;
END
$$;

-- Running deliveries whose lease expired go back to retry (runnable now), or are parked once
-- they reached p_max_attempts; then kept statuses whose message arrived meanwhile are applied.
-- Returns how many deliveries were rescued.
CREATE FUNCTION inbox_webhook_rescue(p_max_attempts integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_rescued bigint;
BEGIN
    WITH expired AS (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.state = 'running' AND d.lease_until <= now()
        FOR UPDATE SKIP LOCKED
    ), moved AS (
        UPDATE webhook_deliveries d SET
            state = CASE WHEN d.attempt >= p_max_attempts THEN 'parked' ELSE 'retry' END,
            run_at = now(),
            lease_until = NULL,
            last_error = 'lease expired',
            parked_reason = CASE WHEN d.attempt >= p_max_attempts
                                 THEN 'lease expired too often' END
        FROM expired WHERE d.id = expired.id
        RETURNING 1
    )
    SELECT count(*) INTO v_rescued FROM moved;
    PERFORM inbox_apply_late_pending_statuses();
    RETURN v_rescued;
END
$$;

---------------------------------------------------------------------------------------------------
-- Statuses that came before their message.

-- Applies the statuses kept for p_wamid to the message that now has it (lowest rank first; the
-- lattice makes the order irrelevant) and forgets them. Returns the message with its new status
-- when that changed, no row otherwise. Called by the triggers below; callable by any path.
CREATE FUNCTION inbox_apply_pending_statuses(p_wamid text)
RETURNS TABLE (message_id uuid, account_id uuid, conversation_id uuid, status text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_id uuid;
    v_account_id uuid;
    v_pending record;
    v_changed boolean := false;
    v_step boolean;
BEGIN
    SELECT m.id, m.account_id INTO v_id, v_account_id
    FROM messages m WHERE m.wamid = p_wamid FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    FOR v_pending IN
        SELECT p.status, p.error_code, p.error_title, p.error_details
        FROM webhook_pending_statuses p
        WHERE p.wamid = p_wamid AND p.account_id = v_account_id
        ORDER BY inbox_status_rank(p.status), p.status
    LOOP
        -- A statement of its own: inside `... OR v_changed` the planner would skip the call.
        SELECT s.changed INTO v_step
        FROM inbox_apply_message_status(v_id, v_pending.status, v_pending.error_code,
                                        v_pending.error_title, v_pending.error_details) s;
        v_changed := v_changed OR v_step;
    END LOOP;
    DELETE FROM webhook_pending_statuses p WHERE p.wamid = p_wamid;
    IF v_changed THEN
        RETURN QUERY SELECT m.id, m.account_id, m.conversation_id, m.status
                     FROM messages m WHERE m.id = v_id;
    END IF;
END
$$;

-- Kept statuses of the last hour whose message exists: a status and its message applied at
-- the same moment by two transactions can miss each other. Run by inbox_webhook_rescue.
CREATE FUNCTION inbox_apply_late_pending_statuses() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_wamid text;
    v_count bigint := 0;
BEGIN
    FOR v_wamid IN
        SELECT DISTINCT p.wamid FROM webhook_pending_statuses p
        WHERE p.received_at > now() - interval '1 hour'
          AND EXISTS (SELECT 1 FROM messages m WHERE m.wamid = p.wamid)
    LOOP
        PERFORM inbox_apply_pending_statuses(v_wamid);
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;

CREATE FUNCTION inbox_messages_inserted_take_pending() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_wamid text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_pending_statuses) THEN
        RETURN NULL;
    END IF;
    FOR v_wamid IN
        SELECT DISTINCT n.wamid FROM inbox_inserted_messages n
        WHERE n.wamid IS NOT NULL
          AND EXISTS (SELECT 1 FROM webhook_pending_statuses p WHERE p.wamid = n.wamid)
    LOOP
        PERFORM inbox_apply_pending_statuses(v_wamid);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE FUNCTION inbox_messages_wamid_set_take_pending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM inbox_apply_pending_statuses(NEW.wamid);
    RETURN NULL;
END
$$;

-- Once per statement (bulk loads stay cheap), and when a sent message gets its wamid.
CREATE TRIGGER messages_inserted_take_pending AFTER INSERT ON messages
    REFERENCING NEW TABLE AS inbox_inserted_messages
    FOR EACH STATEMENT EXECUTE FUNCTION inbox_messages_inserted_take_pending();
CREATE TRIGGER messages_wamid_set_take_pending AFTER UPDATE OF wamid ON messages
    FOR EACH ROW WHEN (NEW.wamid IS NOT NULL AND OLD.wamid IS DISTINCT FROM NEW.wamid)
    EXECUTE FUNCTION inbox_messages_wamid_set_take_pending();
