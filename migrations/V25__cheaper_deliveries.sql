-- inbox:no-transaction
-- A cheaper webhook delivery for PostgreSQL, same behaviour (issue 4; docs/performance.md, W1).
-- Measured per delivery with pg_stat_statements (enqueue, claim, apply of a mix of inbound
-- texts and statuses), most of the writes were index entries nobody reads and row versions
-- that could have stayed on their page:
--
-- - webhook_deliveries_state_id_idx (state, id DESC) WHERE state <> 'done' took an entry at
--   the enqueue and another at the claim (a claim is a non-HOT update: state is in every
--   partial index's predicate), only for the operator's list. The list now reads each state
--   from an index that exists anyway (queued: the ready index; running: the lease index, a
--   few rows) or from webhook_deliveries_held_idx, which only retried and parked deliveries
--   enter: the parked list stays indexed.
-- - Every delivery row is written three times (enqueued, claimed, done or parked), and each new
--   version went to another page (fillfactor 100), so the WAL carried the whole body again each
--   time. With half of each page kept free, the new version stays on its page, where the WAL
--   records only the bytes that changed (not the body before them), and pruning reuses the
--   space of the dead versions: the table even gets smaller (500 pages for 2,000 deliveries,
--   750 before). Not with wal_level = logical, where PostgreSQL logs whole rows anyway.
-- - The claim updates the rows it locked by their tuple ids (a TID scan), not by a second
--   descent of the primary key (no one else can move a row we hold locked), and never by a
--   hash join over the whole table, which V6's claim sometimes chose.
-- - messages_last_inbound_idx took an entry for every inbound message; nothing reads it since
--   conversations keep last_inbound_at (the 24-hour window and the template fallback read the
--   conversation), and no statement filters messages on direction = 'inbound'.
-- - A status moves a message with an UPDATE of columns no index holds, yet it wrote a new row
--   version into every index of messages because the page was full (fillfactor 100). Pages
--   written from now on keep 10 % free, so status, edit and reaction-flag updates stay on the
--   page (HOT). Existing pages are not rewritten.
-- - Review follow-up, no change in cost or behaviour: inbox_webhook_apply's status loop is a
--   function of its own, inbox_webhook_apply_statuses.
--
-- Runs outside a transaction so the indexes are built and dropped CONCURRENTLY (messages is the
-- big table, and deliveries are enqueued on every webhook). Each statement commits on its own
-- and is safe to run again; the new index and the list that reads it come before the old
-- index goes.

ALTER TABLE messages SET (fillfactor = 90);
ALTER TABLE webhook_deliveries SET (fillfactor = 50);

DROP INDEX CONCURRENTLY IF EXISTS messages_last_inbound_idx;

-- The operator's lists of retried and parked deliveries, newest first (rare states: the common
-- path of a delivery never enters this index).
DROP INDEX CONCURRENTLY IF EXISTS webhook_deliveries_held_idx;
CREATE INDEX CONCURRENTLY webhook_deliveries_held_idx ON webhook_deliveries (state, id DESC)
    WHERE state IN ('retry', 'parked');

-- V6's list, same rows in the same order, each state read through an index it has: the
-- literal predicates let the planner use the partial indexes in a generic plan too.
CREATE OR REPLACE FUNCTION inbox_webhook_list(p_state text, p_before bigint, p_limit integer)
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
    ELSIF p_state IN ('retry', 'parked') THEN
        -- webhook_deliveries_held_idx, in order.
        RETURN QUERY
            SELECT d.id, d.state, d.attempt, d.received_at, d.run_at,
                   octet_length(d.body)::bigint, d.parked_reason, d.last_error
            FROM webhook_deliveries d
            WHERE d.state = p_state AND d.state IN ('retry', 'parked')
              AND d.id < COALESCE(p_before, 9223372036854775807)
            ORDER BY d.state, d.id DESC LIMIT p_limit;
    ELSIF p_state = 'running' THEN
        -- webhook_deliveries_lease_idx: at most the workers' claims, sorted.
        RETURN QUERY
            SELECT d.id, d.state, d.attempt, d.received_at, d.run_at,
                   octet_length(d.body)::bigint, d.parked_reason, d.last_error
            FROM webhook_deliveries d
            WHERE d.state = 'running' AND d.id < COALESCE(p_before, 9223372036854775807)
            ORDER BY d.id DESC LIMIT p_limit;
    ELSIF p_state = 'queued' THEN
        -- The newest ids backwards when the backlog is long (queued rows are the newest),
        -- else webhook_deliveries_ready_idx, sorted: the planner weighs the state's share.
        RETURN QUERY
            SELECT d.id, d.state, d.attempt, d.received_at, d.run_at,
                   octet_length(d.body)::bigint, d.parked_reason, d.last_error
            FROM webhook_deliveries d
            WHERE d.state = 'queued' AND d.id < COALESCE(p_before, 9223372036854775807)
            ORDER BY d.id DESC LIMIT p_limit;
    END IF;
    -- Any other state has no deliveries.
END
$$;

-- V6's claim; the locked rows are updated through their tuple ids. Not a join: planned once for
-- any p_max (a guess of 200 rows), V6's join chose a hash join over the whole table on a
-- table of a few thousand rows; a list of tuple ids is a TID scan for any size.
CREATE OR REPLACE FUNCTION inbox_webhook_claim(p_max integer, p_lease interval)
RETURNS TABLE (id bigint, attempt integer, body bytea, received_at timestamptz)
LANGUAGE sql AS $$
    WITH ready AS (
        SELECT d.ctid AS row_id FROM webhook_deliveries d
        WHERE d.state IN ('queued', 'retry') AND d.run_at <= now()
        ORDER BY d.run_at, d.id
        LIMIT GREATEST(p_max, 0)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE webhook_deliveries d
        SET state = 'running', attempt = d.attempt + 1, lease_until = now() + p_lease
        WHERE d.ctid = ANY (ARRAY(SELECT ready.row_id FROM ready))
        RETURNING d.id, d.attempt, d.body, d.received_at, d.run_at
    )
    SELECT c.id, c.attempt, c.body, c.received_at FROM claimed c ORDER BY c.run_at, c.id
$$;

-- One change's statuses for account p_account (V22's loop, moved out of inbox_webhook_apply): each
-- moves its message along the lattice in one guarded UPDATE, or is kept for a message we do not
-- know yet; a status about another account's message or a step back changes nothing. Returns the
-- events of the messages it moved, in order.
CREATE OR REPLACE FUNCTION inbox_webhook_apply_statuses(p_account uuid, p_statuses jsonb)
RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE
    v_events jsonb[] := '{}';
    v_item jsonb;
    v_message_id uuid;
    v_conversation_id uuid;
    v_owner uuid;
    v_flag boolean;
BEGIN
    FOR v_j IN 0 .. jsonb_array_length(p_statuses) - 1 LOOP
        v_item := p_statuses -> v_j;
        -- V13: the status of a send whose wamid we never learnt gives it to our message.
        IF v_item->>'callback' IS NOT NULL THEN
            PERFORM inbox_outbox_reconcile(p_account, v_item->>'wamid', v_item->>'callback');
        END IF;
        -- The common case in one statement: this account's message, moving forward
        -- (inbox_apply_message_status's update, its lattice check on the row as locked).
        UPDATE messages m SET
            status = v_item->>'status',
            status_at = now(),
            error_code = CASE WHEN v_item->>'status' = 'failed'
                              THEN (v_item->'error'->>'code')::bigint END,
            error_title = CASE WHEN v_item->>'status' = 'failed'
                               THEN v_item->'error'->>'title' END,
            error_details = CASE WHEN v_item->>'status' = 'failed'
                                 THEN v_item->'error'->>'details' END
        WHERE m.wamid = v_item->>'wamid' AND m.account_id = p_account
          AND inbox_status_can_become(m.status, v_item->>'status')
        RETURNING m.id, m.conversation_id INTO v_message_id, v_conversation_id;
        v_flag := FOUND;
        IF NOT v_flag THEN
            -- Nothing moved: an unknown message (keep the status for it), another account's
            -- message or a step back (nothing), or a race the lattice decides again.
            SELECT m.id, m.account_id, m.conversation_id
            INTO v_message_id, v_owner, v_conversation_id
            FROM messages m WHERE m.wamid = v_item->>'wamid';
            IF NOT FOUND THEN
                INSERT INTO webhook_pending_statuses (wamid, status, account_id, error_code,
                                                      error_title, error_details, reported_at)
                VALUES (v_item->>'wamid', v_item->>'status', p_account,
                        (v_item->'error'->>'code')::bigint, v_item->'error'->>'title',
                        v_item->'error'->>'details',
                        inbox_micros_to_timestamptz((v_item->>'at')::bigint))
                ON CONFLICT (wamid, status) DO NOTHING;
            ELSIF v_owner = p_account THEN
                SELECT s.changed INTO v_flag
                FROM inbox_apply_message_status(v_message_id, v_item->>'status',
                                                (v_item->'error'->>'code')::bigint,
                                                v_item->'error'->>'title',
                                                v_item->'error'->>'details') s;
            END IF;
            -- A status about another account's message changes nothing.
        END IF;
        IF v_flag THEN
            v_events := array_append(v_events, jsonb_build_object(
                'type', 'message_status_changed', 'account_id', p_account,
                'conversation_id', v_conversation_id, 'message_id', v_message_id,
                'status', v_item->>'status'));
        END IF;
    END LOOP;
    RETURN v_events;
END
$$;

-- V22's apply, unchanged but for its status loop, now inbox_webhook_apply_statuses.
CREATE OR REPLACE FUNCTION inbox_webhook_apply(p_id bigint, p_attempt integer, p_batch jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_events jsonb[] := '{}';
    v_unknown text[] := '{}';
    v_senderless text[] := '{}';
    v_accounts uuid[] := '{}';
    v_routes uuid[] := '{}';  -- the account of each change, in order; null for an unknown number
    v_changes jsonb := COALESCE(p_batch->'changes', '[]');
    v_list jsonb;
    v_change jsonb;
    v_item jsonb;
    v_known_id uuid;        -- a contact found by wa_id, and its stored profile name
    v_known_name text;
    v_account uuid;
    v_contacts jsonb;       -- document contact id -> {"id": stored id, "conversation_id": for a new one}
    v_conversations jsonb;  -- stored contact id -> conversation id
    v_contact jsonb;
    v_contact_id uuid;
    v_conversation_id uuid;
    v_message_id uuid;
    v_flag boolean;
    v_at timestamptz;
    v_parked_reason text;
    v_record_account boolean;
BEGIN
    IF jsonb_typeof(p_batch) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'the apply document must be a JSON object';
    END IF;

    -- Arrays are walked by index: a plain expression per element, where a
    -- FOR ... IN SELECT ... jsonb_array_elements(...) runs a query.
    -- Routing and the delivery's end, from the document alone.
    FOR v_i IN 0 .. jsonb_array_length(v_changes) - 1 LOOP
        v_change := v_changes -> v_i;
        SELECT a.id INTO v_account FROM accounts a WHERE a.phone_number_id = v_change->>'phone_number_id';
        v_routes := array_append(v_routes, v_account);
        IF v_account IS NULL THEN
            IF NOT (v_change->>'phone_number_id') = ANY (v_unknown) THEN
                v_unknown := array_append(v_unknown, v_change->>'phone_number_id');
            END IF;
            CONTINUE;
        END IF;
        IF NOT v_account = ANY (v_accounts) THEN
            v_accounts := array_append(v_accounts, v_account);
        END IF;
        -- Every contact entry gets a stored contact (or the apply fails), so a message is
        -- senderless exactly when its change has no entry with its contact id.
        v_list := COALESCE(v_change->'messages', '[]');
        FOR v_j IN 0 .. jsonb_array_length(v_list) - 1 LOOP
            IF NOT COALESCE(v_change->'contacts', '[]')
                   @> jsonb_build_array(jsonb_build_object('id', v_list->v_j->'contact')) THEN
                v_senderless := array_append(v_senderless, v_list->v_j->>'wamid');
            END IF;
        END LOOP;
    END LOOP;
    v_parked_reason := CASE WHEN cardinality(v_unknown) > 0 THEN 'unknown account'
                            WHEN cardinality(v_senderless) > 0 THEN 'message without sender'
                            WHEN p_batch->>'unreadable' IS NOT NULL THEN 'unreadable parts' END;
    -- V7 recorded the account (and the reason) only for a parked delivery or a single account.
    v_record_account := v_parked_reason IS NOT NULL OR cardinality(v_accounts) = 1;

    UPDATE webhook_deliveries d SET
        state = CASE WHEN v_parked_reason IS NULL THEN 'done' ELSE 'parked' END,
        lease_until = NULL,
        done_at = CASE WHEN v_parked_reason IS NULL THEN now() END,
        account_id = CASE WHEN NOT v_record_account THEN d.account_id
                          WHEN cardinality(v_accounts) = 1 THEN v_accounts[1] END,
        parked_reason = CASE WHEN v_record_account THEN v_parked_reason ELSE d.parked_reason END,
        last_error = CASE WHEN v_record_account
                          THEN COALESCE(left(p_batch->>'unreadable', 10000), d.last_error)
                          ELSE d.last_error END
    WHERE d.id = p_id AND d.attempt = p_attempt AND d.state = 'running' AND d.lease_until > now();
    IF NOT FOUND THEN
        RETURN jsonb_build_object('applied', false);
    END IF;

    FOR v_i IN 0 .. jsonb_array_length(v_changes) - 1 LOOP
        v_change := v_changes -> v_i;
        v_account := v_routes[v_i + 1];
        CONTINUE WHEN v_account IS NULL;

        v_contacts := '{}';
        v_conversations := '{}';
        v_list := COALESCE(v_change->'contacts', '[]');
        FOR v_j IN 0 .. jsonb_array_length(v_list) - 1 LOOP
            v_item := v_list -> v_j;
            -- A known customer by wa_id, with nothing to fill in or rename, is what
            -- inbox_webhook_contact answers (id, unchanged) in that case: read it here.
            v_known_id := NULL;
            IF v_item->>'bsuid' IS NULL AND v_item->>'wa_id' IS NOT NULL THEN
                SELECT c.id, c.profile_name INTO v_known_id, v_known_name FROM contacts c
                WHERE c.account_id = v_account AND c.wa_id = v_item->>'wa_id';
            END IF;
            IF v_known_id IS NOT NULL AND (v_item->>'profile_name' IS NULL
                                           OR v_item->>'profile_name' = v_known_name) THEN
                v_contact_id := v_known_id;
                v_flag := false;
            ELSE
                SELECT c.contact_id, c.changed INTO v_contact_id, v_flag
                FROM inbox_webhook_contact(v_account, (v_item->>'id')::uuid, v_item->>'wa_id',
                                           v_item->>'bsuid', v_item->>'profile_name') c;
            END IF;
            v_contacts := v_contacts || jsonb_build_object(v_item->>'id', jsonb_build_object(
                'id', v_contact_id, 'conversation_id', v_item->'conversation_id'));
            IF v_flag THEN
                v_events := array_append(v_events, jsonb_build_object('type', 'contact_updated',
                    'account_id', v_account, 'contact_id', v_contact_id));
            END IF;
        END LOOP;

        v_list := COALESCE(v_change->'messages', '[]');
        FOR v_j IN 0 .. jsonb_array_length(v_list) - 1 LOOP
            v_item := v_list -> v_j;
            v_contact := v_contacts -> (v_item->>'contact');
            IF v_contact IS NULL THEN
                CONTINUE;  -- senderless: counted above
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
                -- A known customer's conversation is read; inbox_open_conversation opens a new one.
                SELECT c.id INTO v_conversation_id FROM conversations c
                WHERE c.account_id = v_account AND c.contact_id = v_contact_id;
                IF NOT FOUND THEN
                    SELECT c.id INTO v_conversation_id
                    FROM inbox_open_conversation((v_contact->>'conversation_id')::uuid, v_account,
                                                 v_contact_id) c;
                END IF;
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

        v_events := v_events
            || inbox_webhook_apply_statuses(v_account, COALESCE(v_change->'statuses', '[]'));
    END LOOP;

    v_list := COALESCE(p_batch->'templates', '[]');
    FOR v_j IN 0 .. jsonb_array_length(v_list) - 1 LOOP
        v_events := v_events || ARRAY(SELECT inbox_webhook_template(v_list -> v_j));
    END LOOP;

    RETURN jsonb_build_object('applied', true, 'events', to_jsonb(v_events),
                              'unknown_numbers', to_jsonb(v_unknown),
                              'senderless', to_jsonb(v_senderless),
                              'accounts', to_jsonb(v_accounts),
                              'parked_reason', v_parked_reason);
END
$$;

DROP INDEX CONCURRENTLY IF EXISTS webhook_deliveries_state_id_idx;
