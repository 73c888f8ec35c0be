-- Approved message templates, messages waiting for a template reply, and broadcast campaigns.

CREATE TABLE templates (
    id                uuid PRIMARY KEY,
    account_id        uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    meta_template_id  text CHECK (meta_template_id ~ '^[0-9]{1,32}$'),
    name              text NOT NULL CHECK (name ~ '^[a-z0-9_]{1,512}$'),
    language          text NOT NULL CHECK (language ~ '^[a-z]{2,3}(_[A-Za-z]{2,4})?$'),
    category          text NOT NULL CHECK (category IN ('marketing', 'utility', 'authentication')),
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN (
                          'pending', 'approved', 'rejected', 'paused', 'disabled', 'in_appeal',
                          'pending_deletion', 'deleted', 'limit_exceeded', 'archived', 'reinstated',
                          'flagged')),
    components        jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(components) = 'array'),
    rejected_reason   text,
    quality_score     text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT templates_account_name_language_key UNIQUE (account_id, name, language),
    CONSTRAINT templates_account_id_id_key UNIQUE (account_id, id)
);
CREATE UNIQUE INDEX templates_meta_id_key ON templates (meta_template_id) WHERE meta_template_id IS NOT NULL;

-- Media used in template headers (Meta wants an upload handle when the template is created).
CREATE TABLE template_media (
    id                 uuid PRIMARY KEY,
    template_id        uuid NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    kind               text NOT NULL CHECK (kind IN ('image', 'video', 'document')),
    meta_media_handle  text,
    storage_key        text CHECK (char_length(storage_key) <= 1024),
    mime_type          text NOT NULL CHECK (mime_type ~ '^[a-z]+/[a-zA-Z0-9.+-]+$'),
    size_bytes         bigint NOT NULL CHECK (size_bytes >= 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT template_media_location_present CHECK (meta_media_handle IS NOT NULL OR storage_key IS NOT NULL)
);
CREATE INDEX template_media_template_idx ON template_media (template_id);

-- A free-form message an agent wrote outside the 24-hour window: a template was sent to reopen
-- the window, and this message goes out when the customer answers.
CREATE TABLE pending_template_messages (
    id                   uuid PRIMARY KEY,
    account_id           uuid NOT NULL,
    conversation_id      uuid NOT NULL,
    message_id           uuid NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    template_message_id  uuid REFERENCES messages (id) ON DELETE SET NULL,
    state                text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'released', 'cancelled', 'expired')),
    expires_at           timestamptz NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    resolved_at          timestamptz,
    CONSTRAINT pending_template_messages_conversation_fkey FOREIGN KEY (account_id, conversation_id)
        REFERENCES conversations (account_id, id) ON DELETE CASCADE,
    CONSTRAINT pending_template_messages_resolved CHECK ((state = 'waiting') = (resolved_at IS NULL))
);
CREATE INDEX pending_template_messages_waiting_idx ON pending_template_messages (conversation_id, created_at)
    WHERE state = 'waiting';

CREATE TABLE broadcast_groups (
    id           uuid PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description  text CHECK (char_length(description) <= 2000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT broadcast_groups_account_name_key UNIQUE (account_id, name),
    CONSTRAINT broadcast_groups_account_id_id_key UNIQUE (account_id, id)
);

CREATE TABLE broadcast_recipients (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL,
    group_id    uuid NOT NULL,
    contact_id  uuid,
    wa_id       text NOT NULL CHECK (wa_id ~ '^[0-9]{5,20}$'),
    name        text CHECK (char_length(name) <= 256),
    -- Per-recipient template parameters, e.g. {"1": "Ana"}.
    variables   jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(variables) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT broadcast_recipients_group_fkey FOREIGN KEY (account_id, group_id)
        REFERENCES broadcast_groups (account_id, id) ON DELETE CASCADE,
    CONSTRAINT broadcast_recipients_contact_fkey FOREIGN KEY (account_id, contact_id)
        REFERENCES contacts (account_id, id) ON DELETE SET NULL (contact_id),
    CONSTRAINT broadcast_recipients_group_wa_id_key UNIQUE (group_id, wa_id)
);
CREATE INDEX broadcast_recipients_contact_idx ON broadcast_recipients (contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE broadcast_campaigns (
    id            uuid PRIMARY KEY,
    account_id    uuid NOT NULL,
    group_id      uuid NOT NULL,
    template_id   uuid NOT NULL,
    name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    -- Template parameters shared by every recipient; per-recipient variables fill the rest.
    parameters    jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(parameters) = 'object'),
    state         text NOT NULL DEFAULT 'draft' CHECK (state IN (
                      'draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'failed')),
    scheduled_at  timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    created_by    uuid REFERENCES app_users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT broadcast_campaigns_group_fkey FOREIGN KEY (account_id, group_id)
        REFERENCES broadcast_groups (account_id, id) ON DELETE RESTRICT,
    CONSTRAINT broadcast_campaigns_template_fkey FOREIGN KEY (account_id, template_id)
        REFERENCES templates (account_id, id) ON DELETE RESTRICT,
    CONSTRAINT broadcast_campaigns_account_id_id_key UNIQUE (account_id, id),
    CONSTRAINT broadcast_campaigns_scheduled CHECK (state <> 'scheduled' OR scheduled_at IS NOT NULL)
);
CREATE INDEX broadcast_campaigns_account_idx ON broadcast_campaigns (account_id, created_at DESC);
CREATE INDEX broadcast_campaigns_group_idx ON broadcast_campaigns (group_id);
CREATE INDEX broadcast_campaigns_template_idx ON broadcast_campaigns (template_id);

CREATE TABLE broadcast_recipient_stats (
    campaign_id   uuid NOT NULL REFERENCES broadcast_campaigns (id) ON DELETE CASCADE,
    recipient_id  uuid NOT NULL REFERENCES broadcast_recipients (id) ON DELETE CASCADE,
    message_id    uuid REFERENCES messages (id) ON DELETE SET NULL,
    wa_id         text NOT NULL CHECK (wa_id ~ '^[0-9]{5,20}$'),
    state         text NOT NULL DEFAULT 'queued' CHECK (state IN (
                      'queued', 'sent', 'delivered', 'read', 'failed', 'skipped')),
    error_code    bigint,
    error_title   text,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, recipient_id),
    CONSTRAINT broadcast_recipient_stats_error_complete CHECK ((error_code IS NULL) = (error_title IS NULL))
);
CREATE INDEX broadcast_recipient_stats_recipient_idx ON broadcast_recipient_stats (recipient_id);
CREATE UNIQUE INDEX broadcast_recipient_stats_message_key ON broadcast_recipient_stats (message_id)
    WHERE message_id IS NOT NULL;
