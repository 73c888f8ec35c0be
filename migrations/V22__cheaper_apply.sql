-- A cheaper webhook apply, same behaviour (issue 4; docs/performance.md, W1): V13's
-- inbox_webhook_apply and V7's inbox_webhook_contact, replaced. Measured per statement with
-- pg_stat_statements (track = all), the apply spent its PostgreSQL time on a second UPDATE of the
-- delivery row, on three statements per status (look up, lock, update), on a contact UPDATE that
-- changed nothing and on the conversation's INSERT ... ON CONFLICT for a customer who has one.
--
-- - The delivery row is written once: where it ends (done or parked, its account, its reason)
--   depends only on the document and on which numbers are ours, so it is worked out first and
--   written by the fenced UPDATE itself (zero rows: the lease was lost, nothing is applied).
-- - A status is one UPDATE guarded by the lattice; only when it moves nothing is the message
--   looked up, to keep the status for later (unknown message) or to leave it (another account's
--   message, a step back), exactly as before.
-- - A known customer's conversation is read, not inserted-on-conflict; a contact whose stored
--   values already match is not updated (no new row version, no statement); the apply reads a
--   customer known by wa_id itself and calls inbox_webhook_contact only to create or change one.
-- - The document's arrays are walked by index (a plain expression per element) instead of a
--   query per array.

-- V7's contact upsert; the stored values are read with the id, and the UPDATE runs only when it
-- would change something (its WHERE still decides, on the row as locked).
CREATE OR REPLACE FUNCTION inbox_webhook_contact(p_account_id uuid, p_id uuid, p_wa_id text,
                                                 p_bsuid text, p_profile_name text)
RETURNS TABLE (contact_id uuid, changed boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_id uuid;
    v_bsuid text;
    v_wa_id text;          -- the found contact's stored values
    v_stored_bsuid text;
    v_profile_name text;
BEGIN
    FOR v_try IN 1..3 LOOP
        v_id := NULL;
        IF p_wa_id IS NOT NULL THEN
            SELECT c.id, c.wa_id, c.bsuid, c.profile_name
            INTO v_id, v_wa_id, v_stored_bsuid, v_profile_name
            FROM contacts c WHERE c.account_id = p_account_id AND c.wa_id = p_wa_id;
        END IF;
        IF v_id IS NULL AND p_bsuid IS NOT NULL THEN
            SELECT c.id, c.wa_id, c.bsuid, c.profile_name
            INTO v_id, v_wa_id, v_stored_bsuid, v_profile_name
            FROM contacts c WHERE c.account_id = p_account_id AND c.bsuid = p_bsuid
              AND (p_wa_id IS NULL OR c.wa_id IS NULL);
        END IF;
        -- A business-scoped id another contact holds is not taken over.
        v_bsuid := CASE WHEN p_bsuid IS NOT NULL AND NOT EXISTS (
                             SELECT 1 FROM contacts o
                             WHERE o.account_id = p_account_id AND o.bsuid = p_bsuid
                               AND o.id IS DISTINCT FROM v_id)
                        THEN p_bsuid END;
        IF v_id IS NOT NULL THEN
            IF NOT ((v_wa_id IS NULL AND p_wa_id IS NOT NULL)
                    OR (v_stored_bsuid IS NULL AND v_bsuid IS NOT NULL)
                    OR (p_profile_name IS NOT NULL
                        AND v_profile_name IS DISTINCT FROM p_profile_name)) THEN
                RETURN QUERY SELECT v_id, false;
                RETURN;
            END IF;
            UPDATE contacts c SET
                wa_id = COALESCE(c.wa_id, p_wa_id),
                bsuid = COALESCE(c.bsuid, v_bsuid),
                profile_name = COALESCE(p_profile_name, c.profile_name),
                updated_at = now()
            WHERE c.id = v_id
              AND ((c.wa_id IS NULL AND p_wa_id IS NOT NULL)
                   OR (c.bsuid IS NULL AND v_bsuid IS NOT NULL)
                   OR (p_profile_name IS NOT NULL AND c.profile_name IS DISTINCT FROM p_profile_name));
            RETURN QUERY SELECT v_id, FOUND;
            RETURN;
        END IF;
        CONTINUE WHEN p_wa_id IS NULL AND v_bsuid IS NULL;
        INSERT INTO contacts (id, account_id, wa_id, bsuid, profile_name)
        VALUES (p_id, p_account_id, p_wa_id, v_bsuid, p_profile_name)
        ON CONFLICT DO NOTHING
        RETURNING id INTO v_id;
        IF v_id IS NOT NULL THEN
            RETURN QUERY SELECT v_id, true;
            RETURN;
        END IF;
        -- A concurrent delivery created this customer first: look again.
    END LOOP;
    RAISE EXCEPTION 'contact kept conflicting with concurrent changes'
        USING ERRCODE = 'serialization_failure';
END
$$;

---------------------------------------------------------------------------------------------------
-- THE apply: one delivery's apply document, behind its fencing token, in one transaction.
--
-- First the numbers are routed and the delivery's end worked out from the document: changes of
-- unknown numbers, messages without a sender (no contact entry of their change) and parts the
-- parser could not read park it ('unknown account', else 'message without sender', else
-- 'unreadable parts'), else it is done. Then the fenced UPDATE writes that end (zero rows: the
-- lease was lost, nothing changes and the answer is {"applied": false}). Then every change of a
-- known number: contacts upserted, messages appended by wamid (a duplicate is a no-op: no unread
-- bump, no event), reactions ordered by time, statuses moved along the lattice or kept for a
-- message we do not know yet; then template updates. Answers {"applied": true, "events": [...],
-- "unknown_numbers": [...], "senderless": [...], "accounts": [...], "parked_reason": ...},
-- events carrying ids only.
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
    v_owner uuid;
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

        v_list := COALESCE(v_change->'statuses', '[]');
        FOR v_j IN 0 .. jsonb_array_length(v_list) - 1 LOOP
            v_item := v_list -> v_j;
            -- V13: the status of a send whose wamid we never learnt gives it to our message.
            IF v_item->>'callback' IS NOT NULL THEN
                PERFORM inbox_outbox_reconcile(v_account, v_item->>'wamid', v_item->>'callback');
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
            WHERE m.wamid = v_item->>'wamid' AND m.account_id = v_account
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
                END IF;
                -- A status about another account's message changes nothing.
            END IF;
            IF v_flag THEN
                v_events := array_append(v_events, jsonb_build_object(
                    'type', 'message_status_changed', 'account_id', v_account,
                    'conversation_id', v_conversation_id, 'message_id', v_message_id,
                    'status', v_item->>'status'));
            END IF;
        END LOOP;
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
