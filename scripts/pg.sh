# Sourced by scripts/test.sh: start a throwaway PostgreSQL cluster on loopback for the test suite.
# Sets BRUKERRAD_TEST_PG to its admin URL and stops the cluster on exit. Returns 1 when no server is installed.
start_throwaway_postgres() {
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    return 1
  fi
  PG_TMP=$(mktemp -d /tmp/brukerrad-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: use the unprivileged account the Debian package creates.
    chown postgres "$PG_TMP"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$pgbin/initdb" -D "$PG_TMP/data" -A trust -U postgres --no-sync >/dev/null
  local port
  port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${run[@]}" "$pgbin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
  PG_RUN=("${run[@]}")
  PG_BIN=$pgbin
  export BRUKERRAD_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  trap stop_throwaway_postgres EXIT
}

stop_throwaway_postgres() {
  if [ -n "${PG_TMP:-}" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
