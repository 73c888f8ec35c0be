-- User administration: the user list, overrides, deleting a user, invitations. Both storage
-- backends call these (directly, or through PostgREST's /rpc/).

-- The user list: one access record per user, ordered by id, after p_after, at most p_limit.
-- p_all: every user; else the users holding a role or override on one of p_accounts.
CREATE FUNCTION inbox_list_users(p_all boolean, p_accounts uuid[], p_after uuid, p_limit integer)
RETURNS SETOF jsonb LANGUAGE sql STABLE AS $$
    SELECT inbox_access_record(u.id)
    FROM app_users u
    WHERE (p_after IS NULL OR u.id > p_after)
      AND (p_all
           OR EXISTS (SELECT 1 FROM app_user_roles ur
                      WHERE ur.user_id = u.id AND ur.account_id = ANY (p_accounts))
           OR EXISTS (SELECT 1 FROM app_user_overrides o
                      WHERE o.user_id = u.id AND o.account_id = ANY (p_accounts)))
    ORDER BY u.id
    LIMIT p_limit
$$;

-- The permissions of a role, NULL when there is no such role.
CREATE FUNCTION inbox_role_permissions(p_role text) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(array_agg(rp.permission_key ORDER BY rp.permission_key)
                        FILTER (WHERE rp.permission_key IS NOT NULL), '{}')
    FROM app_roles r LEFT JOIN app_role_permissions rp ON rp.role_id = r.id
    WHERE r.key = p_role
    GROUP BY r.id
$$;

-- Grants or denies one permission on an account (or on every account when p_account is
-- NULL); replaces the override of the same permission on the same scope.
CREATE FUNCTION inbox_set_override(p_user uuid, p_account uuid, p_permission text, p_effect text)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO app_user_overrides (id, user_id, account_id, permission_key, effect)
    VALUES (gen_random_uuid(), p_user, p_account, p_permission, p_effect)
    ON CONFLICT (user_id, COALESCE(account_id, '00000000-0000-0000-0000-000000000000'::uuid),
                 permission_key)
    DO UPDATE SET effect = EXCLUDED.effect
$$;

-- Removes one override; returns whether there was one.
CREATE FUNCTION inbox_remove_override(p_user uuid, p_account uuid, p_permission text)
RETURNS boolean LANGUAGE sql AS $$
    WITH removed AS (
        DELETE FROM app_user_overrides
        WHERE user_id = p_user AND account_id IS NOT DISTINCT FROM p_account
          AND permission_key = p_permission
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM removed)
$$;

-- Deletes a user with their role assignments and overrides, in one transaction (the function
-- call's). Returns the user as inbox_access_record shows it (before deletion), NULL when none.
CREATE FUNCTION inbox_delete_user(p_user uuid) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_record jsonb;
BEGIN
    PERFORM 1 FROM app_users WHERE id = p_user FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    v_record := inbox_access_record(p_user);
    DELETE FROM app_user_roles WHERE user_id = p_user;
    DELETE FROM app_user_overrides WHERE user_id = p_user;
    DELETE FROM app_users WHERE id = p_user;
    RETURN v_record;
END
$$;

-- One invitation as JSON; a pending one past its expiry reads as expired.
CREATE FUNCTION inbox_invitation_json(i invitations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', i.id, 'email', i.email, 'grants', i.grants,
        'state', CASE WHEN i.state = 'pending' AND i.expires_at <= now() THEN 'expired'
                      ELSE i.state END,
        'invited_by', i.invited_by, 'expires_at', i.expires_at,
        'accepted_at', i.accepted_at, 'identity_id', i.identity_id,
        'created_at', i.created_at)
$$;

-- Records an invitation. p_grants: [{"account_id": uuid|null, "role": "agent"}, ...].
-- Marks an expired pending invitation of the email expired first, refuses an email whose user
-- is already linked (unique violation on app_users_email_key), and an unknown role or account
-- (foreign-key violations naming them). A second pending invitation of the email is a unique
-- violation of invitations_pending_email_key.
CREATE FUNCTION inbox_create_invitation(
    p_id uuid, p_email text, p_grants jsonb, p_expires_at timestamptz, p_invited_by uuid)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_invitation invitations%ROWTYPE;
BEGIN
    UPDATE invitations SET state = 'expired'
    WHERE lower(email) = lower(p_email) AND state = 'pending' AND expires_at <= now();

    PERFORM 1 FROM app_users WHERE lower(email) = lower(p_email) AND identity_id IS NOT NULL;
    IF FOUND THEN
        RAISE unique_violation USING
            MESSAGE = 'a user with this email already signed in',
            CONSTRAINT = 'app_users_email_key', TABLE = 'app_users';
    END IF;
    PERFORM 1 FROM jsonb_array_elements(p_grants) g
    WHERE NOT EXISTS (SELECT 1 FROM app_roles r WHERE r.key = g->>'role');
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'role does not exist', CONSTRAINT = 'invitations_role_fkey',
            TABLE = 'invitations';
    END IF;
    PERFORM 1 FROM jsonb_array_elements(p_grants) g
    WHERE g->>'account_id' IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = (g->>'account_id')::uuid);
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'account does not exist', CONSTRAINT = 'invitations_account_id_fkey',
            TABLE = 'invitations';
    END IF;

    INSERT INTO invitations (id, email, invited_by, grants, expires_at)
    VALUES (p_id, p_email, p_invited_by, p_grants, p_expires_at)
    RETURNING * INTO v_invitation;
    RETURN inbox_invitation_json(v_invitation);
END
$$;

-- One invitation as JSON, NULL when there is none.
CREATE FUNCTION inbox_invitation(p_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT inbox_invitation_json(i) FROM invitations i WHERE i.id = p_id
$$;

-- Invitations newest first, before p_before, at most p_limit, in p_state (as read: a pending
-- one past its expiry is expired) when given. p_all: every invitation; else those granting a
-- role on one of p_accounts.
CREATE FUNCTION inbox_list_invitations(
    p_all boolean, p_accounts uuid[], p_state text, p_before uuid, p_limit integer)
RETURNS SETOF jsonb LANGUAGE sql STABLE AS $$
    SELECT inbox_invitation_json(i)
    FROM invitations i
    WHERE (p_before IS NULL OR i.id < p_before)
      AND (p_state IS NULL
           OR p_state = CASE WHEN i.state = 'pending' AND i.expires_at <= now() THEN 'expired'
                             ELSE i.state END)
      AND (p_all OR EXISTS (
               SELECT 1 FROM jsonb_array_elements(i.grants) g
               WHERE (g->>'account_id')::uuid = ANY (p_accounts)))
    ORDER BY i.id DESC
    LIMIT p_limit
$$;

-- Revokes a pending invitation (expired or not); a revoked one is returned unchanged, an
-- accepted one is a unique violation (invitations_already_accepted). NULL when there is none.
CREATE FUNCTION inbox_revoke_invitation(p_id uuid) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_invitation invitations%ROWTYPE;
BEGIN
    SELECT * INTO v_invitation FROM invitations WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_invitation.state = 'accepted' THEN
        RAISE unique_violation USING
            MESSAGE = 'invitation already accepted',
            CONSTRAINT = 'invitations_already_accepted', TABLE = 'invitations';
    END IF;
    UPDATE invitations SET state = 'revoked'
    WHERE id = p_id AND state IN ('pending', 'expired')
    RETURNING * INTO v_invitation;
    IF NOT FOUND THEN
        SELECT * INTO v_invitation FROM invitations WHERE id = p_id;
    END IF;
    RETURN inbox_invitation_json(v_invitation);
END
$$;
