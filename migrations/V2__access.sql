-- Who may see and do what: app users (linked to an identity), roles made of permissions,
-- role assignments per account, per-user overrides, invitations.

CREATE TABLE app_users (
    id            uuid PRIMARY KEY,
    -- The identity provider's user id (Supabase Auth `sub`), once linked.
    identity_id   uuid UNIQUE,
    email         text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND char_length(email) <= 320),
    display_name  text CHECK (char_length(display_name) BETWEEN 1 AND 200),
    avatar_key    text CHECK (char_length(avatar_key) <= 1024),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_users_email_key ON app_users (lower(email));

CREATE TABLE app_permissions (
    key          text PRIMARY KEY CHECK (key ~ '^[a-z_]+\.[a-z_]+$'),
    description  text NOT NULL
);

INSERT INTO app_permissions (key, description) VALUES
    ('conversations.read',   'See conversations and their messages'),
    ('conversations.manage', 'Mark read, favorite, bot mode, close, archive and reopen conversations'),
    ('messages.send',        'Send messages, reactions and templates'),
    ('messages.manage',      'Edit and delete messages'),
    ('templates.manage',     'Create, update and delete message templates'),
    ('broadcasts.manage',    'Manage broadcast groups and campaigns'),
    ('contacts.manage',      'Edit contacts'),
    ('accounts.manage',      'Connect and configure WhatsApp numbers'),
    ('users.manage',         'Invite users, assign roles and overrides'),
    ('stats.read',           'See statistics and dashboards');

CREATE TABLE app_roles (
    id           uuid PRIMARY KEY,
    key          text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description  text,
    -- Built-in roles ship with the product and cannot be deleted.
    builtin      boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_role_permissions (
    role_id         uuid NOT NULL REFERENCES app_roles (id) ON DELETE CASCADE,
    permission_key  text NOT NULL REFERENCES app_permissions (key) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_key)
);

INSERT INTO app_roles (id, key, name, description, builtin) VALUES
    ('00000000-0000-7000-8000-000000000001', 'admin',      'Admin',      'Everything on the account', true),
    ('00000000-0000-7000-8000-000000000002', 'supervisor', 'Supervisor', 'Runs the team: all but accounts and users', true),
    ('00000000-0000-7000-8000-000000000003', 'agent',      'Agent',      'Reads and answers conversations', true),
    ('00000000-0000-7000-8000-000000000004', 'viewer',     'Viewer',     'Reads only', true);

INSERT INTO app_role_permissions (role_id, permission_key)
SELECT '00000000-0000-7000-8000-000000000001'::uuid, key FROM app_permissions
UNION ALL
SELECT '00000000-0000-7000-8000-000000000002'::uuid, key FROM app_permissions
    WHERE key NOT IN ('accounts.manage', 'users.manage')
UNION ALL
SELECT '00000000-0000-7000-8000-000000000003'::uuid, key FROM app_permissions
    WHERE key IN ('conversations.read', 'conversations.manage', 'messages.send', 'contacts.manage')
UNION ALL
SELECT '00000000-0000-7000-8000-000000000004'::uuid, key FROM app_permissions
    WHERE key IN ('conversations.read', 'stats.read');

CREATE TABLE app_user_roles (
    user_id     uuid NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role_id     uuid NOT NULL REFERENCES app_roles (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, account_id, role_id)
);
CREATE INDEX app_user_roles_account_idx ON app_user_roles (account_id);
CREATE INDEX app_user_roles_role_idx ON app_user_roles (role_id);

-- Grants or denies one permission to one user, on one account or (account_id NULL) on all.
CREATE TABLE app_user_overrides (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
    account_id      uuid REFERENCES accounts (id) ON DELETE CASCADE,
    permission_key  text NOT NULL REFERENCES app_permissions (key) ON DELETE CASCADE,
    effect          text NOT NULL CHECK (effect IN ('grant', 'deny')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_overrides_key ON app_user_overrides
    (user_id, COALESCE(account_id, '00000000-0000-0000-0000-000000000000'::uuid), permission_key);

CREATE TABLE invitations (
    id           uuid PRIMARY KEY,
    email        text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND char_length(email) <= 320),
    invited_by   uuid REFERENCES app_users (id) ON DELETE SET NULL,
    -- [{"account_id": "...", "role": "agent"}, ...] granted when the invitation is accepted.
    grants       jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(grants) = 'array'),
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'revoked', 'expired')),
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    identity_id  uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invitations_accepted_complete CHECK ((state = 'accepted') = (accepted_at IS NOT NULL))
);
CREATE UNIQUE INDEX invitations_pending_email_key ON invitations (lower(email)) WHERE state = 'pending';
