# Sourced by test.sh: a throwaway PostgreSQL cluster on 127.0.0.1, owned by the 'postgres' user
# (the server refuses to run as root), removed on exit. Exports KILN_TEST_POSTGRES_URL.
start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "test.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/kiln-pg.XXXXXX)
  chown postgres "$PG_TEST_DIR"
  local port=${KILN_TEST_POSTGRES_PORT:-55432}
  runuser -u postgres -- "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U kiln >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c max_connections=200 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" -U kiln kiln_test
  export KILN_TEST_POSTGRES_URL="postgresql://kiln@127.0.0.1:$port/kiln_test"
  export PG_TEST_BIN="$bin"
  echo "test.sh: PostgreSQL for the tests at $KILN_TEST_POSTGRES_URL"
}

stop_test_postgres() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  runuser -u postgres -- "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
