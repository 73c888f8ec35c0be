-- Durable queues: raw webhook deliveries (inbound) and send jobs (the outbox); user feedback.
-- Both queues are claimed with FOR UPDATE SKIP LOCKED; a claim is a lease (lease_until) fenced by
-- the attempt number, so a worker that outlived its lease cannot commit.

CREATE TABLE webhook_deliveries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The body exactly as Meta sent and signed it; parsing happens in the workers.
    body          bytea NOT NULL CHECK (octet_length(body) <= 16777216),
    received_at   timestamptz NOT NULL DEFAULT now(),
    state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'retry', 'done', 'parked')),
    attempt       integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    run_at        timestamptz NOT NULL DEFAULT now(),
    lease_until   timestamptz,
    account_id    uuid REFERENCES accounts (id) ON DELETE SET NULL,
    last_error    text CHECK (char_length(last_error) <= 10000),
    parked_reason text CHECK (char_length(parked_reason) <= 1000),
    done_at       timestamptz,
    CONSTRAINT webhook_deliveries_running_has_lease CHECK ((state = 'running') = (lease_until IS NOT NULL)),
    CONSTRAINT webhook_deliveries_parked_has_reason CHECK (state <> 'parked' OR parked_reason IS NOT NULL)
);
CREATE INDEX webhook_deliveries_ready_idx ON webhook_deliveries (run_at, id) WHERE state IN ('queued', 'retry');
CREATE INDEX webhook_deliveries_lease_idx ON webhook_deliveries (lease_until) WHERE state = 'running';
CREATE INDEX webhook_deliveries_parked_idx ON webhook_deliveries (received_at DESC, id DESC) WHERE state = 'parked';

CREATE TABLE send_jobs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message_id       uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    -- What to ask Meta for: a message, a reaction, a read receipt.
    action           text NOT NULL CHECK (action IN ('message', 'reaction', 'mark_read')),
    request          jsonb NOT NULL CHECK (jsonb_typeof(request) = 'object'),
    -- The client's Idempotency-Key and a hash of its request body: a repeat returns the first
    -- result, the same key with another body is a conflict.
    idempotency_key  text CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
    request_hash     text,
    -- unknown: Meta may have accepted it (timeout, 5xx); waits for the status webhook.
    state            text NOT NULL DEFAULT 'queued' CHECK (state IN (
                         'queued', 'running', 'retry', 'unknown', 'done', 'failed', 'parked', 'cancelled')),
    attempt          integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    run_at           timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,
    reconcile_until  timestamptz,
    last_error       jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT send_jobs_running_has_lease CHECK ((state = 'running') = (lease_until IS NOT NULL)),
    CONSTRAINT send_jobs_unknown_has_deadline CHECK (state <> 'unknown' OR reconcile_until IS NOT NULL),
    CONSTRAINT send_jobs_key_has_hash CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
);
CREATE UNIQUE INDEX send_jobs_message_action_key ON send_jobs (message_id, action)
    WHERE state NOT IN ('failed', 'cancelled');
CREATE UNIQUE INDEX send_jobs_idempotency_key ON send_jobs (account_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX send_jobs_ready_idx ON send_jobs (run_at, id) WHERE state IN ('queued', 'retry');
CREATE INDEX send_jobs_lease_idx ON send_jobs (lease_until) WHERE state = 'running';
CREATE INDEX send_jobs_reconcile_idx ON send_jobs (reconcile_until) WHERE state = 'unknown';
CREATE INDEX send_jobs_message_idx ON send_jobs (message_id);

CREATE TABLE feedback (
    id          uuid PRIMARY KEY,
    user_id     uuid REFERENCES app_users (id) ON DELETE SET NULL,
    account_id  uuid REFERENCES accounts (id) ON DELETE SET NULL,
    kind        text NOT NULL CHECK (kind IN ('bug', 'idea', 'praise', 'other')),
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    context     jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(context) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_created_idx ON feedback (created_at DESC);
