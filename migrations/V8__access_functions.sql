-- Access: global role grants, and the reads and writes both storage backends share.

-- A role may be held on every account (account_id NULL), present and future: the first admin
-- of an installation needs one. NULLS NOT DISTINCT keeps one global grant per user and role.
ALTER TABLE app_user_roles DROP CONSTRAINT app_user_roles_pkey;
ALTER TABLE app_user_roles ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE app_user_roles
    ADD CONSTRAINT app_user_roles_key UNIQUE NULLS NOT DISTINCT (user_id, account_id, role_id);

-- One user's access as one JSON document: the user, every role held (with its permissions)
-- and every override. The agent API reads it once per token (then caches it).
CREATE FUNCTION inbox_access_record(p_user uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'user', jsonb_build_object(
            'id', u.id, 'identity_id', u.identity_id, 'email', u.email,
            'display_name', u.display_name, 'avatar_key', u.avatar_key, 'active', u.active,
            'created_at', u.created_at),
        'roles', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                       'account_id', ur.account_id, 'role', r.key, 'role_name', r.name,
                       'permissions', COALESCE((
                           SELECT jsonb_agg(rp.permission_key ORDER BY rp.permission_key)
                           FROM app_role_permissions rp WHERE rp.role_id = r.id), '[]'::jsonb))
                   ORDER BY ur.account_id NULLS FIRST, r.key)
            FROM app_user_roles ur JOIN app_roles r ON r.id = ur.role_id
            WHERE ur.user_id = u.id), '[]'::jsonb),
        'overrides', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                       'account_id', o.account_id, 'permission', o.permission_key,
                       'effect', o.effect)
                   ORDER BY o.account_id NULLS FIRST, o.permission_key)
            FROM app_user_overrides o WHERE o.user_id = u.id), '[]'::jsonb))
    FROM app_users u
    WHERE u.id = p_user
$$;

-- The access record of the user linked to an identity, NULL when none is.
CREATE FUNCTION inbox_access_by_identity(p_identity uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT inbox_access_record(u.id) FROM app_users u WHERE u.identity_id = p_identity
$$;

-- First sign-in of an identity: an unlinked user with its email takes it, and a pending,
-- unexpired invitation for the email is accepted (creating the user as p_new_user when
-- needed and granting the invitation's roles on accounts that still exist). Returns the
-- access record, NULL when the identity has neither. Concurrent calls for one identity are
-- serialised by the row locks on the user and the invitation.
CREATE FUNCTION inbox_claim_identity(p_identity uuid, p_email text, p_new_user uuid)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_user uuid;
    v_invitation invitations%ROWTYPE;
BEGIN
    SELECT id INTO v_user FROM app_users WHERE identity_id = p_identity;
    IF FOUND THEN
        RETURN inbox_access_record(v_user);
    END IF;

    UPDATE app_users SET identity_id = p_identity, updated_at = now()
    WHERE lower(email) = lower(p_email) AND identity_id IS NULL
    RETURNING id INTO v_user;

    SELECT * INTO v_invitation FROM invitations
    WHERE lower(email) = lower(p_email) AND state = 'pending' AND expires_at > now()
    FOR UPDATE;
    IF FOUND THEN
        IF v_user IS NULL THEN
            INSERT INTO app_users (id, identity_id, email)
            VALUES (p_new_user, p_identity, v_invitation.email)
            ON CONFLICT DO NOTHING
            RETURNING id INTO v_user;
        END IF;
        IF v_user IS NOT NULL THEN
            INSERT INTO app_user_roles (user_id, account_id, role_id)
            SELECT v_user, a.id, r.id
            FROM jsonb_array_elements(v_invitation.grants) g
            JOIN app_roles r ON r.key = g->>'role'
            LEFT JOIN accounts a ON a.id = (g->>'account_id')::uuid
            WHERE g->>'account_id' IS NULL OR a.id IS NOT NULL
            ON CONFLICT DO NOTHING;
            UPDATE invitations
            SET state = 'accepted', accepted_at = now(), identity_id = p_identity
            WHERE id = v_invitation.id;
        END IF;
    END IF;

    -- Whoever won a race to link this identity, the caller gets the linked user.
    SELECT id INTO v_user FROM app_users WHERE identity_id = p_identity;
    RETURN CASE WHEN v_user IS NULL THEN NULL ELSE inbox_access_record(v_user) END;
END
$$;

-- Grants a role (by key) on an account, or on every account when p_account is NULL.
-- Idempotent. An unknown role is a foreign-key violation, like an unknown user or account.
CREATE FUNCTION inbox_assign_role(p_user uuid, p_account uuid, p_role text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_role uuid;
BEGIN
    SELECT id INTO v_role FROM app_roles WHERE key = p_role;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'role does not exist',
            CONSTRAINT = 'app_user_roles_role_id_fkey',
            TABLE = 'app_user_roles';
    END IF;
    INSERT INTO app_user_roles (user_id, account_id, role_id)
    VALUES (p_user, p_account, v_role)
    ON CONFLICT DO NOTHING;
END
$$;

-- Takes a role (by key) on an account, or the global grant when p_account is NULL; returns
-- whether the user held it.
CREATE FUNCTION inbox_remove_role(p_user uuid, p_account uuid, p_role text) RETURNS boolean
LANGUAGE sql AS $$
    WITH removed AS (
        DELETE FROM app_user_roles ur
        USING app_roles r
        WHERE r.id = ur.role_id AND r.key = p_role AND ur.user_id = p_user
          AND ur.account_id IS NOT DISTINCT FROM p_account
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM removed)
$$;
