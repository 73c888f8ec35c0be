#!/usr/bin/env bash
# Installs the system packages inbox needs when they are missing (Debian/Ubuntu, as root or via sudo):
# PostgreSQL server binaries (embedded default and test clusters) and pgbouncer (pooler tests).
set -euo pipefail

missing=()
pg_bindir=$(pg_config --bindir 2>/dev/null || true)
if ! command -v initdb >/dev/null 2>&1 && [ ! -x "${pg_bindir}/initdb" ] \
    && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  missing+=(pgbouncer)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a pgbouncer service on install; the tests run their own instances.
if [[ " ${missing[*]} " == *" pgbouncer "* ]]; then
  $sudo service pgbouncer stop >/dev/null 2>&1 || true
fi
