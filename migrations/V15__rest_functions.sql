-- Functions for operations the PostgreSQL adapter ran as inline statements, so that the
-- Supabase (PostgREST) adapter calls the same SQL through /rpc/ (no SQL written twice).

-- The contact of an account with this wa_id, created if new. A given profile name replaces
-- the stored one, NULL keeps it; updated_at moves only when the name really changes, so a
-- repeat returns an equal contact. An unknown account fails with contacts_account_id_fkey.
CREATE FUNCTION inbox_upsert_contact(
    p_id uuid, p_account_id uuid, p_wa_id text, p_profile_name text)
RETURNS SETOF contacts
LANGUAGE sql AS $$
    INSERT INTO contacts AS c (id, account_id, wa_id, profile_name)
    VALUES (p_id, p_account_id, p_wa_id, p_profile_name)
    ON CONFLICT (account_id, wa_id) DO UPDATE SET
        profile_name = COALESCE(EXCLUDED.profile_name, c.profile_name),
        updated_at = CASE WHEN EXCLUDED.profile_name IS NOT NULL
                           AND EXCLUDED.profile_name IS DISTINCT FROM c.profile_name
                          THEN now() ELSE c.updated_at END
    RETURNING c.*
$$;

-- Appends a message (inbox_append_message) and returns it as stored with whether it was new:
-- the PostgreSQL adapter pipelines the append and the read, a PostgREST call is one request.
CREATE FUNCTION inbox_append_message_returning(
    p_id uuid, p_conversation_id uuid, p_direction text, p_kind text, p_body text,
    p_media jsonb, p_payload jsonb, p_wamid text, p_status text, p_reply_to_wamid text,
    p_sent_at timestamptz)
RETURNS TABLE (created boolean, message inbox_messages)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_id uuid;
    v_created boolean;
BEGIN
    SELECT a.message_id, a.created INTO v_id, v_created
    FROM inbox_append_message(p_id, p_conversation_id, p_direction, p_kind, p_body, p_media,
                              p_payload, p_wamid, p_status, p_reply_to_wamid, p_sent_at) a;
    RETURN QUERY SELECT v_created, m FROM inbox_messages m WHERE m.id = v_id;
END
$$;

-- Applies a delivery status (inbox_apply_message_status) and returns whether it changed the
-- message, with the message as stored; no row for an unknown message.
CREATE FUNCTION inbox_apply_message_status_returning(
    p_id uuid, p_status text, p_error_code bigint, p_error_title text, p_error_details text)
RETURNS TABLE (changed boolean, message inbox_messages)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_changed boolean;
BEGIN
    SELECT s.changed INTO v_changed
    FROM inbox_apply_message_status(p_id, p_status, p_error_code, p_error_title,
                                    p_error_details) s;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT v_changed, m FROM inbox_messages m WHERE m.id = p_id;
END
$$;

-- Applies a group of claimed deliveries (inbox_webhook_apply each, in the given order) in one
-- transaction: an error in any rolls the whole group back. It waits at most 250 ms for a row
-- another transaction holds, so two groups that lock shared rows in opposite orders give up at
-- once (the caller then applies one by one). One outcome per delivery, in order.
CREATE FUNCTION inbox_webhook_apply_many(p_ids bigint[], p_attempts integer[], p_batches jsonb[])
RETURNS TABLE (n bigint, outcome jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    PERFORM set_config('lock_timeout', '250ms', true);
    RETURN QUERY
    SELECT t.n, inbox_webhook_apply(t.id, t.attempt, t.doc)
    FROM unnest(p_ids, p_attempts, p_batches) WITH ORDINALITY AS t(id, attempt, doc, n)
    ORDER BY t.n;
END
$$;

-- The app user with this email, compared case-insensitively (the unique index's lower(email)).
CREATE FUNCTION inbox_user_by_email(p_email text)
RETURNS SETOF app_users
LANGUAGE sql STABLE AS $$
    SELECT u.* FROM app_users u WHERE lower(u.email) = lower(p_email)
$$;

-- Sets an app user's display name; no row for an unknown user.
CREATE FUNCTION inbox_update_profile(p_user uuid, p_display_name text)
RETURNS SETOF app_users
LANGUAGE sql AS $$
    UPDATE app_users SET display_name = p_display_name, updated_at = now()
    WHERE id = p_user
    RETURNING *
$$;

-- Sets (or clears) an app user's avatar key; no row for an unknown user.
CREATE FUNCTION inbox_set_avatar(p_user uuid, p_avatar_key text)
RETURNS SETOF app_users
LANGUAGE sql AS $$
    UPDATE app_users SET avatar_key = p_avatar_key, updated_at = now()
    WHERE id = p_user
    RETURNING *
$$;

-- Creates a custom role (inbox_create_role) and returns it as inbox_roles shows it.
CREATE FUNCTION inbox_create_role_returning(
    p_id uuid, p_key text, p_name text, p_description text, p_permissions text[])
RETURNS SETOF inbox_roles
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM inbox_create_role(p_id, p_key, p_name, p_description, p_permissions);
    RETURN QUERY SELECT r.* FROM inbox_roles r WHERE r.key = p_key;
END
$$;
