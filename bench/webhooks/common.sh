# Shared by bench/webhooks.sh and bench/chaos-webhooks.sh (sourced). Expects ROOT and WORK set.

ADMIN_TOKEN="bench-admin-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PIDS=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The hub jar: HUB_JAR if given, else this checkout's, built when missing.
hub_jar() {
  local jar="${HUB_JAR:-$ROOT/hub-app/target/hub.jar}"
  if [[ ! -f "$jar" ]]; then
    log "building $jar"
    (cd "$ROOT" && ./mvnw -o -q -B -DskipTests package) >&2
  fi
  echo "$jar"
}

# PostgreSQL's JDBC driver, taken from the hub jar so the producer uses the hub's own version.
jdbc_driver() {
  local jar="$1" lib
  lib="$(unzip -Z1 "$jar" | grep -E '^BOOT-INF/lib/postgresql-[0-9.]+\.jar$' | head -1)"
  unzip -p "$jar" "$lib" > "$WORK/pgjdbc.jar"
  echo "$WORK/pgjdbc.jar"
}

# start_hub NAME JDBC_URL ADMIN_PORT WORKER_ID [extra args...]: a delivery node (webhooks + registry roles:
# the registry brings the admin API and its token filter). The nodes of one run share the master key
# that seals the registry's PKI material in the database. HUB_JAVA_OPTS: JVM flags. Prints the pid.
start_hub() {
  local name="$1" url="$2" port="$3" worker="$4"
  shift 4
  mkdir -p "$WORK/$name"
  # The gateway's route table in application.yml names filters only the gateway role defines, so a
  # node without that role must switch Spring Cloud Gateway off or it fails to start.
  (cd "$WORK/$name" && exec java $HUB_JAVA_OPTS -jar "$HUB" \
      --spring.datasource.url="$url" --spring.datasource.username=postgres \
      --hub.roles=webhooks,registry --spring.cloud.gateway.server.webflux.enabled=false \
      --hub.demo.enabled=false --hub.sandbox.enabled=false \
      --server.port="$port" --hub.listeners.edge.https-port=-1 --hub.listeners.edge.http-port=-1 \
      --hub.admin.token="$ADMIN_TOKEN" --hub.data-directory="$WORK/$name/data" \
      --hub.pki.master-key-file="$WORK/master.key" \
      --hub.webhooks.allow-http=true --hub.webhooks.allowed-networks=127.0.0.0/8 \
      --hub.webhooks.delivery.worker-id="$worker" \
      --logging.level.root=WARN --logging.level.io.barberpro=INFO \
      "$@" >>"$WORK/$name.log" 2>&1) &
  echo $!
}

wait_http() { # URL SECONDS
  local deadline=$((SECONDS + $2))
  until curl -sf -m 2 "$1" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# create_endpoint ADMIN_PORT PARTNER URL: prints "endpoint_id secret"
create_endpoint() {
  local answer
  answer="$(curl -sf -m 30 -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"url\":\"$3\",\"description\":\"bench receiver\"}" "http://127.0.0.1:$1/admin/v1/partners/$2/webhooks/endpoints")"
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["endpoint"]["id"], d["secret"])' "$answer"
}

# The JDK server otherwise closes idle keep-alive connections beyond 200, which races with the hub's
# pool reusing them (failed attempts that are a receiver artefact).
start_receiver() { # PORT SECRET [verifyEvery delayMs jitterMs threads]
  (cd "$ROOT/bench/webhooks" && exec java -Xms256m -Xmx768m -XX:+UseSerialGC \
      -Dsun.net.httpserver.maxIdleConnections=2000 -Dsun.net.httpserver.idleInterval=600 Receiver.java "$@" >>"$WORK/receiver.log" 2>&1) &
  echo $!
}

receiver() { curl -sf -m 60 "http://127.0.0.1:$RECEIVER_PORT$1"; }

# CPU ticks (user+system, all threads) of one process
cpu_of_pid() { # PID -> clock ticks of the process and its threads
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# ticks of the PostgreSQL backends serving database $1 (their titles name the database)
cpu_of_db_backends() {
  local total=0 pid t
  for pid in $(pgrep -f "postgres: .* $1 " || true); do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

machine_ticks() { # busy and total ticks of all cores
  awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6}' /proc/stat
}
