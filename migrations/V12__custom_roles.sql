-- Custom roles: the catalogue as one view, and creation and deletion as functions both storage
-- backends call.

-- Every role with its permissions, built-in ones first.
CREATE VIEW inbox_roles AS
SELECT r.key, r.name, r.description, r.builtin,
       COALESCE(ARRAY(SELECT rp.permission_key FROM app_role_permissions rp
                      WHERE rp.role_id = r.id ORDER BY rp.permission_key), '{}') AS permissions
FROM app_roles r;

-- Creates a custom role and its permissions in one statement. A taken key is a unique
-- violation of app_roles_key_key; an unknown permission a foreign-key violation.
CREATE FUNCTION inbox_create_role(
    p_id uuid, p_key text, p_name text, p_description text, p_permissions text[]
) RETURNS void LANGUAGE sql AS $$
    WITH role AS (
        INSERT INTO app_roles (id, key, name, description, builtin)
        VALUES (p_id, p_key, p_name, p_description, false)
        RETURNING id)
    INSERT INTO app_role_permissions (role_id, permission_key)
    SELECT role.id, p FROM role, unnest(p_permissions) AS p
$$;

-- Deletes a custom role nobody holds and no pending invitation grants. Returns 'deleted',
-- 'missing', 'builtin' or 'in_use'. The role row is locked first, so an assignment racing
-- with the delete either commits before (in_use) or fails on the missing role after.
CREATE FUNCTION inbox_delete_role(p_key text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_role app_roles%ROWTYPE;
BEGIN
    SELECT * INTO v_role FROM app_roles WHERE key = p_key FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'missing';
    END IF;
    IF v_role.builtin THEN
        RETURN 'builtin';
    END IF;
    IF EXISTS (SELECT 1 FROM app_user_roles WHERE role_id = v_role.id)
       OR EXISTS (SELECT 1 FROM invitations i, jsonb_array_elements(i.grants) g
                  WHERE i.state = 'pending' AND g->>'role' = p_key) THEN
        RETURN 'in_use';
    END IF;
    DELETE FROM app_roles WHERE id = v_role.id;
    RETURN 'deleted';
END
$$;
