#!/usr/bin/env bash
# PostgreSQL's cost per send of the outbox, before and after a migration, in one run.
#
# Usage: scripts/outbox-cost.sh BEFORE_VERSION [N] [GROUP]
#   e.g. scripts/outbox-cost.sh 23        (migrations up to V23 against all of migrations/)
#
# Starts a private PostgreSQL cluster (port $OUTBOX_COST_PORT, default 55424; data in
# $TMPDIR/outbox-cost; run as the `postgres` user when we are root) with pg_stat_statements,
# migrates two fresh databases (`before`: migrations up to BEFORE_VERSION; `after`: all of
# them), and in each one queues N sends through inbox_outbox_record (after 30,000 finished
# ones, as a long-lived outbox keeps), then drives claim -> dispatching_many -> finish_many
# (every attempt 'sent') by groups of GROUP, the way a send worker does. Prints, per send, each
# phase's top-level statements: calls, PostgreSQL time (ms), shared buffers, WAL records and
# WAL bytes. Times move with the machine's load (compare them within one run); buffers and WAL
# are stable. Stop the cluster with
#   pg_ctl -D "$TMPDIR/outbox-cost/pg" stop     (as the user that runs it)
set -euo pipefail

BEFORE=${1:?usage: $0 BEFORE_VERSION [N] [GROUP]}
N=${2:-2000}
GROUP=${3:-64}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TMPDIR:-/tmp}/outbox-cost
PORT=${OUTBOX_COST_PORT:-55424}
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
ACCOUNT=00000000-0000-0000-0000-00000000000a

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_cluster() {
    mkdir -p "$WORK"
    [ "$(id -u)" = 0 ] && chown postgres "$WORK"
    if [ ! -d "$WORK/pg" ]; then
        as_pg initdb -D "$WORK/pg" -U postgres -A trust >/dev/null
        as_pg tee -a "$WORK/pg/postgresql.conf" >/dev/null <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
autovacuum = off
CONF
    fi
    as_pg pg_ctl -D "$WORK/pg" status >/dev/null 2>&1 \
        || as_pg pg_ctl -D "$WORK/pg" -l "$WORK/pg.log" -w start >/dev/null
}

# migrate DB FILE...: DB afresh, each file in one transaction unless it opts out, as inboxd does.
migrate() {
    local db=$1 f
    shift
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
    "${PSQL[@]}" -d "$db" -c "CREATE EXTENSION pg_stat_statements"
    for f in "$@"; do
        if head -1 "$f" | grep -q '^-- inbox:no-transaction'; then
            "${PSQL[@]}" -d "$db" -f "$f" 2>/dev/null
        else
            "${PSQL[@]}" -d "$db" -1 -f "$f" 2>/dev/null
        fi
    done
}

write_workload() {
    cat >"$WORK/setup.sql" <<SQL
INSERT INTO accounts (id, name, phone_number_id, waba_id, display_phone_number, access_token,
                      app_secret, verify_token)
VALUES ('$ACCOUNT', 'bench', '1000', '2000', '+15550000000', 't', 's', 'v');
INSERT INTO contacts (id, account_id, wa_id)
SELECT ('00000000-0000-0000-0001-' || lpad(g::text, 12, '0'))::uuid, '$ACCOUNT',
       (15550100000 + g)::text
FROM generate_series(1, 100) g;
INSERT INTO conversations (id, account_id, contact_id)
SELECT ('00000000-0000-0000-0002-' || lpad(g::text, 12, '0'))::uuid, '$ACCOUNT',
       ('00000000-0000-0000-0001-' || lpad(g::text, 12, '0'))::uuid
FROM generate_series(1, 100) g;
INSERT INTO messages (id, account_id, conversation_id, direction, kind, body, status, wamid, sent_at)
SELECT ('00000000-0000-0000-0009-' || lpad(g::text, 12, '0'))::uuid, '$ACCOUNT',
       ('00000000-0000-0000-0002-' || lpad((g % 100 + 1)::text, 12, '0'))::uuid, 'outbound',
       'text', 'old', 'sent', 'wamid.old' || g, now() - interval '1 day'
FROM generate_series(1, 30000) g;
INSERT INTO send_jobs (account_id, message_id, action, request, state, attempt)
SELECT '$ACCOUNT', ('00000000-0000-0000-0009-' || lpad(g::text, 12, '0'))::uuid, 'message',
       '{"type": "text", "text": {"body": "old"}}', 'done', 1
FROM generate_series(1, 30000) g;
SQL
    local i
    for i in $(seq 1 "$N"); do
        printf "SELECT outcome FROM inbox_outbox_record(gen_random_uuid(), '00000000-0000-0000-0002-%012d', 'text', 'hi', NULL, '{\"type\": \"text\", \"text\": {\"body\": \"hi\", \"preview_url\": false}}', NULL, NULL, now());\n" $((i % 100 + 1))
    done >"$WORK/record.sql"
    for i in $(seq 1 $(((N + GROUP - 1) / GROUP))); do
        cat <<SQL
SELECT COALESCE(jsonb_agg(jsonb_build_object('id', c.id, 'attempt', c.attempt)), '[]') AS a,
       COALESCE(jsonb_agg(jsonb_build_object('id', c.id, 'attempt', c.attempt, 'end', 'sent',
                                             'wamid', 'wamid.' || c.id)), '[]') AS f
FROM inbox_outbox_claim($GROUP, interval '5 minutes') c \gset
SELECT inbox_outbox_dispatching_many(:'a') IS NOT NULL AS ok;
SELECT jsonb_array_length(inbox_outbox_finish_many(:'f')) AS n;
SQL
    done >"$WORK/cycle.sql"
}

# report DB PHASE: the top-level statements since the last reset, per send.
report() {
    "${PSQL[@]}" -d "$1" -At -F $'\t' -c "
        SELECT '$1 $2: ' || regexp_replace(left(query, 50), '\s+', ' ', 'g'), calls,
               round((total_exec_time / $N)::numeric, 4) AS ms,
               round((shared_blks_hit + shared_blks_read)::numeric / $N, 1) AS buffers,
               round(wal_records::numeric / $N, 1) AS wal_records,
               round(wal_bytes / $N, 0) AS wal_bytes
        FROM pg_stat_statements
        WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = '$1')
          AND query NOT LIKE '%pg_stat_statements%'
        ORDER BY total_exec_time DESC"
}

run() {
    local db=$1
    "${PSQL[@]}" -d "$db" -f "$WORK/setup.sql" -c "SELECT pg_stat_statements_reset()" >/dev/null
    "${PSQL[@]}" -d "$db" -f "$WORK/record.sql" >/dev/null
    report "$db" record
    "${PSQL[@]}" -d "$db" -c "ANALYZE" -c "CHECKPOINT" -c "SELECT pg_stat_statements_reset()" >/dev/null
    "${PSQL[@]}" -d "$db" -f "$WORK/cycle.sql" >/dev/null
    report "$db" cycle
}

start_cluster
mapfile -t ALL < <(ls "$ROOT"/migrations/V*__*.sql | sort -t V -k2 -n)
EARLIER=()
for f in "${ALL[@]}"; do
    v=$(basename "$f" | sed -E 's/^V([0-9]+)__.*/\1/')
    [ "$v" -le "$BEFORE" ] && EARLIER+=("$f")
done
write_workload
migrate before "${EARLIER[@]}"
migrate after "${ALL[@]}"
echo -e "statement (per send)\tcalls\tms\tbuffers\twal_records\twal_bytes"
run before
run after
