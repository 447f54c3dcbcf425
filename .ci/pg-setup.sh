#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tracker's contract tests (idempotent; run as root).
#   .ci/pg-setup.sh            -> installs postgresql if missing, starts the cluster, prints the JDBC URL
#   .ci/pg-setup.sh stop       -> stops the cluster
# Then: export HF_TEST_PG_URL="$(.ci/pg-setup.sh | tail -n1)"
# Environment: HF_PG_PORT (default 55432), HF_PG_DIR (default /tmp/hf-pg-cluster).
set -euo pipefail
PORT="${HF_PG_PORT:-55432}"
DIR="${HF_PG_DIR:-/tmp/hf-pg-cluster}"
DATA="$DIR/data"
LOG="$DIR/postgres.log"

if [ "$(id -u)" -ne 0 ]; then
  echo "pg-setup.sh: run as root (it installs packages and switches to the postgres user)" >&2
  exit 2
fi

pgbin() {
  local v
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
  done
  return 1
}

if ! BIN="$(pgbin)"; then
  echo "pg-setup.sh: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
  BIN="$(pgbin)"
fi

as_pg() { runuser -u postgres -- "$@"; }

if [ "${1:-start}" = "stop" ]; then
  if [ -f "$DATA/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2; fi
  exit 0
fi

mkdir -p "$DIR"
chown postgres:postgres "$DIR"
chmod 700 "$DIR"
if [ ! -f "$DATA/PG_VERSION" ]; then
  as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale >&2
fi
if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c max_connections=200 -c fsync=off" start >&2
fi
PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
if [ "$(as_pg "${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname='hf'")" != "1" ]; then
  as_pg "${PSQL[@]}" -d postgres -c "CREATE ROLE hf LOGIN PASSWORD 'hf'" >&2
fi
if [ "$(as_pg "${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname='hyperforge_test'")" != "1" ]; then
  as_pg "${PSQL[@]}" -d postgres -c "CREATE DATABASE hyperforge_test OWNER hf" >&2
fi
echo "jdbc:postgresql://127.0.0.1:$PORT/hyperforge_test?user=hf&password=hf"
