-- Webhook ingestion, part 2: inbox_webhook_apply applies one delivery's apply document
-- (inbox_domain::inbound::document) behind the delivery's fencing token, with its pieces:
-- reactions ordered by time, contacts by wa_id or business-scoped id, template updates.

-- Sets (p_emoji) or removes (null) one side's reaction on a message. The newest by (Meta's time,
-- wamid in byte order) wins, removals included. Returns whether the visible reaction changed.
CREATE FUNCTION inbox_apply_reaction(p_message_id uuid, p_direction text, p_wamid text,
                                     p_emoji text, p_at timestamptz)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_at timestamptz;
    v_wamid text;
    v_emoji text;
BEGIN
    PERFORM 1 FROM messages m WHERE m.id = p_message_id FOR UPDATE;
    SELECT r.reacted_at, COALESCE(r.wamid, ''), r.emoji INTO v_at, v_wamid, v_emoji
    FROM message_reactions r WHERE r.message_id = p_message_id AND r.direction = p_direction;
    IF FOUND AND (v_at > p_at OR (v_at = p_at AND v_wamid COLLATE "C" >= p_wamid COLLATE "C")) THEN
        RETURN false;
    END IF;
    SELECT x.removed_at, x.wamid INTO v_at, v_wamid
    FROM message_reaction_removals x WHERE x.message_id = p_message_id AND x.direction = p_direction;
    IF FOUND AND (v_at > p_at OR (v_at = p_at AND v_wamid COLLATE "C" >= p_wamid COLLATE "C")) THEN
        RETURN false;
    END IF;
    IF p_emoji IS NULL THEN
        INSERT INTO message_reaction_removals (message_id, direction, wamid, removed_at)
        VALUES (p_message_id, p_direction, p_wamid, p_at)
        ON CONFLICT (message_id, direction)
        DO UPDATE SET wamid = EXCLUDED.wamid, removed_at = EXCLUDED.removed_at;
        DELETE FROM message_reactions r
        WHERE r.message_id = p_message_id AND r.direction = p_direction;
        RETURN FOUND;
    END IF;
    INSERT INTO message_reactions (message_id, direction, emoji, wamid, reacted_at)
    VALUES (p_message_id, p_direction, p_emoji, p_wamid, p_at)
    ON CONFLICT (message_id, direction)
    DO UPDATE SET emoji = EXCLUDED.emoji, wamid = EXCLUDED.wamid, reacted_at = EXCLUDED.reacted_at;
    RETURN v_emoji IS DISTINCT FROM p_emoji;
END
$$;

-- The contact of a customer of p_account_id, created with p_id if new: found by wa_id, else by
-- business-scoped id (a contact known only by it gains the wa_id). A given profile name replaces
-- the stored one; an identifier we learn is filled in. Returns whether anything changed.
CREATE FUNCTION inbox_webhook_contact(p_account_id uuid, p_id uuid, p_wa_id text, p_bsuid text,
                                      p_profile_name text)
RETURNS TABLE (contact_id uuid, changed boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_id uuid;
    v_bsuid text;
BEGIN
    FOR v_try IN 1..3 LOOP
        v_id := NULL;
        IF p_wa_id IS NOT NULL THEN
            SELECT c.id INTO v_id FROM contacts c
            WHERE c.account_id = p_account_id AND c.wa_id = p_wa_id;
        END IF;
        IF v_id IS NULL AND p_bsuid IS NOT NULL THEN
            SELECT c.id INTO v_id FROM contacts c
            WHERE c.account_id = p_account_id AND c.bsuid = p_bsuid
              AND (p_wa_id IS NULL OR c.wa_id IS NULL);
        END IF;
        -- A business-scoped id another contact holds is not taken over.
        v_bsuid := CASE WHEN p_bsuid IS NOT NULL AND NOT EXISTS (
                             SELECT 1 FROM contacts o
                             WHERE o.account_id = p_account_id AND o.bsuid = p_bsuid
                               AND o.id IS DISTINCT FROM v_id)
                        THEN p_bsuid END;
        IF v_id IS NOT NULL THEN
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

-- Applies one template review update: by Meta's id, else (for templates whose Meta id we do not
-- know) by the WABA's accounts, name and language. Unknown templates change nothing. Returns a
-- template_status_changed event per changed template.
CREATE FUNCTION inbox_webhook_template(p_update jsonb) RETURNS SETOF jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_status text := p_update->>'status';
    v_reason text := CASE WHEN p_update->>'status' = 'rejected' THEN p_update->>'reason' END;
    v_at timestamptz := inbox_micros_to_timestamptz((p_update->>'at')::bigint);
    v_by_id boolean;
BEGIN
    IF v_status IS NULL THEN
        RETURN;
    END IF;
    v_by_id := EXISTS (SELECT 1 FROM templates t
                       WHERE t.meta_template_id = p_update->>'meta_template_id');
    RETURN QUERY
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
        RETURNING jsonb_build_object('type', 'template_status_changed', 'account_id', t.account_id,
                                     'name', t.name, 'language', t.language, 'status', t.status);
END
$$;

---------------------------------------------------------------------------------------------------
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
CREATE FUNCTION inbox_webhook_apply(p_id bigint, p_attempt integer, p_batch jsonb)
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
