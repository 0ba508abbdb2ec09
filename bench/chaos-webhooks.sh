#!/usr/bin/env bash
# Crash-safety drill for webhook delivery (issue 4).
#
# Two delivering hub JVMs (webhooks role only) share one PostgreSQL schema while a producer commits
# a stream of events; the nodes are SIGKILLed in turn KILLS times and PostgreSQL is restarted once in
# the middle. Afterwards the run checks that every event has a logged 2xx, every request carried a
# real event's webhook-id with a valid signature, duplicates stay within what was in flight at the
# kills (and the restart), no delivery was completed by two live workers, and (without a restart)
# that a killed worker's leased rows were taken over as soon as their lease ended.
#
# By default the drill runs on a throwaway PostgreSQL cluster it creates on port $PG_PORT (initdb as
# the postgres user, trust auth, removed afterwards), so restarting it disturbs nobody.
# SHARED_PG=true uses the machine's cluster at 127.0.0.1:5432 instead and then restarts it only
# with RESTART_PG=true (every other user of that server fails for a few seconds).
#
#   bench/chaos-webhooks.sh
#   KILLS=20 EVENTS=8000 bench/chaos-webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS="${KILLS:-12}"
EVENTS="${EVENTS:-6000}"
SHARED_PG="${SHARED_PG:-false}"
PG_PORT="${PG_PORT:-55432}"

if [[ "$SHARED_PG" == "true" ]]; then
  RESTART_PG="${RESTART_PG:-false}"
  pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  URL="jdbc:postgresql://127.0.0.1:5432/test"
  RESTART_COMMAND=""
else
  RESTART_PG="${RESTART_PG:-true}"
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PGDIR="$(mktemp -d /tmp/chaos-pg.XXXXXX)"
  chown postgres "$PGDIR"
  as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  cleanup() {
    as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  }
  trap cleanup EXIT
  as_postgres "$PGBIN/initdb" --no-sync -D "$PGDIR/data" -A trust -U postgres >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
  as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres test
  URL="jdbc:postgresql://127.0.0.1:$PG_PORT/test"
  RESTART_COMMAND="runuser -u postgres -- $PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/server.log -w -m fast restart"
  [[ "$(id -u)" == 0 ]] || RESTART_COMMAND="$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/server.log -w -m fast restart"
fi

./mvnw -o -q -B -pl webhooks -am test -Dtest=CrashSafetyIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.kills="$KILLS" -Dchaos.events="$EVENTS" -Dchaos.restart-postgres="$RESTART_PG" \
  -Dchaos.jdbc-url="$URL" "-Dchaos.restart-command=$RESTART_COMMAND"
grep -h '^chaos:' webhooks/target/surefire-reports/io.barberpro.hub.webhooks.chaos.CrashSafetyIntegrationTest-output.txt
