#!/usr/bin/env bash
# Gateway overhead bench (issue 3): the hub's edge against nginx and a vanilla Spring Cloud Gateway,
# printed as ratios measured in one run, plus CPU time per request of the proxy process.
#
#   bench/gateway.sh                         # full run: PINNED=both ROUNDS=5 WARMUP=90 DURATION=10 CONNECTIONS="8 64"
#   QUICK=1 bench/gateway.sh                 # development: ROUNDS=2 WARMUP=20 DURATION=5 (any of them still settable)
#   PINNED=yes CONNECTIONS=64 bench/gateway.sh
#   HUB_JAR=/path/to/hub.jar bench/gateway.sh   # bench another build of the hub
#
# Targets (all on 127.0.0.1, all proxying GET /api/v1/bookings/bench to one upstream):
#   upstream    nginx `return 200` with a small JSON body (own nginx, 1 worker) - the floor
#   nginx       nginx reverse proxy, 1 worker, keepalive to the upstream
#   nginx-key   the same with an API-key `map` check (401 without the key; the key stripped)
#   nginx-mtls  nginx TLS with a required client certificate from the hub CA (the mTLS comparison)
#   scg         vanilla Spring Cloud Gateway (bench/gateway/vanilla-scg), one route, no filters
#   scg-key     the same jar plus a trivial API-key lookup + local Bucket4j bucket global filter
#   rn-key      the floor under any Reactor Netty gateway: the same key lookup + bucket, then Reactor Netty's client,
#               with no Spring at all (bench/gateway/vanilla-scg/.../BareReactorNettyProxy.java, from the same jar)
#   hub-key     the hub (embedded default) with the demo partner's API key; rate limit raised so it never binds
#   hub-jwt     the hub with an OAuth2 client-credentials token of the demo partner (re-fetched per measurement)
#   hub-mtls    the hub's HTTPS edge with the demo partner's client certificate (no other credential)
# Load generator: wrk from Debian. wrk has no client-certificate option, so for the two mTLS targets it runs
# with bench/gateway/wrk-client-cert.c preloaded (loads a PEM cert/key into wrk's SSL_CTX).
#
# Method: per phase (pinned, unpinned) every target is started once; each JVM target gets WARMUP seconds of
# load and then more, WARMUP_STEP seconds at a time, until its throughput settles (JIT; see warm_up_jvm),
# nginx targets 3 s; then ROUNDS rounds, each measuring every target at every CONNECTIONS value
# for DURATION seconds, in an order rotated from round to round. Ratios are computed within a round, then the
# median over rounds is printed (bench/gateway/summarise.py). CPU per request = utime+stime delta of the proxy
# process(es) (/proc/<pid>/stat, nginx: master + worker) over the measurement / requests served.
# Pinned: wrk and the upstream nginx on CPU $LOAD_CPU, the measured proxy on CPU $TARGET_CPU; JVMs get
# -XX:ActiveProcessorCount=1 -XX:+UseG1GC (otherwise one visible CPU would switch them to SerialGC).
# Unpinned: nothing pinned, JVMs -XX:+UseG1GC, wrk with 2 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [[ "${QUICK:-0}" == 1 ]]; then
  ROUNDS=${ROUNDS:-2} WARMUP=${WARMUP:-20} DURATION=${DURATION:-5}
fi
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-90}
WARMUP_STEP=${WARMUP_STEP:-15}
WARMUP_MAX=${WARMUP_MAX:-240}
WARMUP_STEADY_PCT=${WARMUP_STEADY_PCT:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-"8 64"}
PINNED=${PINNED:-both}
TARGETS=${TARGETS:-"upstream nginx nginx-key nginx-mtls scg scg-key rn-key hub-key hub-jwt hub-mtls"}
HEAP=${HEAP:-512m}
LOAD_CPU=${LOAD_CPU:-0}
TARGET_CPU=${TARGET_CPU:-1}
PORT_BASE=${PORT_BASE:-18180}
HUB_JAR=${HUB_JAR:-$ROOT/hub-app/target/hub.jar}
OUT=${OUT:-$ROOT/bench/out/gateway-$(date -u +%Y%m%dT%H%M%SZ)}
BENCH_PATH=/api/v1/bookings/bench

UPSTREAM_PORT=$PORT_BASE
NGINX_PLAIN_PORT=$((PORT_BASE + 1))
NGINX_KEY_PORT=$((PORT_BASE + 2))
NGINX_MTLS_PORT=$((PORT_BASE + 3))
SCG_PORT=$((PORT_BASE + 4))
SCG_KEY_PORT=$((PORT_BASE + 5))
HUB_HTTP_PORT=$((PORT_BASE + 6))
HUB_HTTPS_PORT=$((PORT_BASE + 7))
HUB_ADMIN_PORT=$((PORT_BASE + 8))
HUB_SANDBOX_PORT=$((PORT_BASE + 9))
RN_KEY_PORT=$((PORT_BASE + 10))
# The one key scg-key and rn-key accept (the hub targets use the demo partner's own).
BENCH_KEY=bench-scg-key-0123456789

case "$PINNED" in both) PHASES="pinned unpinned" ;; yes) PHASES=pinned ;; no) PHASES=unpinned ;;
  *) echo "PINNED must be both, yes or no" >&2; exit 2 ;; esac

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools and builds
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v nginx >/dev/null || need_apt+=(nginx)
command -v gcc >/dev/null || need_apt+=(gcc)
if ((${#need_apt[@]})); then
  log "installing ${need_apt[*]} (Debian packages)"
  apt-get install -y "${need_apt[@]}" >/dev/null
fi
command -v taskset >/dev/null || die "taskset (util-linux) missing"
[[ "$PHASES" != *pinned* || "$PHASES" == unpinned || $(nproc) -ge 2 ]] || die "pinning needs 2 CPUs"

mkdir -p "$OUT"
[[ -f "$HUB_JAR" ]] || { log "building the hub"; ./mvnw -q -B -DskipTests package; }
SCG_JAR=$ROOT/bench/gateway/vanilla-scg/target/vanilla-scg.jar
if [[ ! -f "$SCG_JAR" || -n "$(find bench/gateway/vanilla-scg/src bench/gateway/vanilla-scg/pom.xml -newer "$SCG_JAR")" ]]; then
  log "building the vanilla Spring Cloud Gateway"
  ./mvnw -q -B -f bench/gateway/vanilla-scg/pom.xml -DskipTests package
fi
SHIM=$OUT/wrk-client-cert.so
gcc -O2 -shared -fPIC -o "$SHIM" bench/gateway/wrk-client-cert.c -ldl

# ---------------------------------------------------------------- process bookkeeping
PIDS=()          # every process this script started, stopped in reverse order
HUB_WORK=""
stop_pid() { # pid [seconds]: TERM, wait, then KILL
  local pid=$1 t=${2:-15}
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((t * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
stop_all() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}" 30; done
  PIDS=()
  # The hub stops its embedded PostgreSQL on a clean exit; if it was killed, stop the orphan too.
  if [[ -n "$HUB_WORK" && -f "$HUB_WORK/data/postgres/postmaster.pid" ]]; then
    local pg; pg=$(head -1 "$HUB_WORK/data/postgres/postmaster.pid")
    [[ "$pg" =~ ^[0-9]+$ ]] && stop_pid "$pg" 10
  fi
  [[ -n "$HUB_WORK" ]] && rm -rf "$HUB_WORK"
  HUB_WORK=""
}
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

wait_http() { # url seconds [curl args...]: until any HTTP answer
  local url=$1 t=$2; shift 2
  for _ in $(seq $((t * 2))); do
    curl -s -o /dev/null -m 2 "$@" "$url" && return 0
    sleep 0.5
  done
  die "no answer from $url after ${t}s"
}

cpu_ticks() { # pid... -> utime+stime in clock ticks, summed
  local sum=0 p v
  for p in "$@"; do
    v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') || v=0
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
nginx_pids() { echo "$1" $(pgrep -P "$1" || true); }

# ---------------------------------------------------------------- one phase
run_phase() {
  local phase=$1 pin_load="" pin_target="" jvm_opts threads
  jvm_opts="-Xms$HEAP -Xmx$HEAP -XX:+UseG1GC"
  if [[ "$phase" == pinned ]]; then
    pin_load="taskset -c $LOAD_CPU"
    pin_target="taskset -c $TARGET_CPU"
    jvm_opts="$jvm_opts -XX:ActiveProcessorCount=1"
    threads=1
  else
    threads=2
  fi
  local run=$OUT/$phase
  mkdir -p "$run/tls"
  log "[$phase] starting targets (JVM: $jvm_opts)"

  # Upstream: shares the load generator's CPU when pinned, so the measured proxy has its core to itself.
  RUN=$run UPSTREAM_PORT=$UPSTREAM_PORT envsubst '${RUN} ${UPSTREAM_PORT}' \
    <bench/gateway/nginx/upstream.conf >"$run/upstream.conf"
  $pin_load nginx -p "$run" -c "$run/upstream.conf" >"$run/upstream.log" 2>&1 &
  PIDS+=($!); UPSTREAM_PID=$!

  HUB_WORK=$(mktemp -d /tmp/gateway-bench-hub.XXXXXX)
  (cd "$HUB_WORK" && exec $pin_target java $jvm_opts -Xlog:gc:file="$run/hub-gc.log" -jar "$HUB_JAR" \
      --server.port=$HUB_ADMIN_PORT --hub.listeners.edge.http-port=$HUB_HTTP_PORT \
      --hub.listeners.edge.https-port=$HUB_HTTPS_PORT --hub.sandbox.port=$HUB_SANDBOX_PORT \
      --hub.integration.booking-api.base-url=http://127.0.0.1:$UPSTREAM_PORT \
      --hub.booking-api.url=http://127.0.0.1:$UPSTREAM_PORT) >"$run/hub.log" 2>&1 &
  PIDS+=($!); HUB_PID=$!
  $pin_target java $jvm_opts -Xlog:gc:file="$run/scg-gc.log" -jar "$SCG_JAR" --server.port=$SCG_PORT \
      --bench.upstream=http://127.0.0.1:$UPSTREAM_PORT >"$run/scg.log" 2>&1 &
  PIDS+=($!); SCG_PID=$!
  $pin_target java $jvm_opts -Xlog:gc:file="$run/scg-key-gc.log" -jar "$SCG_JAR" --server.port=$SCG_KEY_PORT \
      --bench.upstream=http://127.0.0.1:$UPSTREAM_PORT --bench.api-key=$BENCH_KEY >"$run/scg-key.log" 2>&1 &
  PIDS+=($!); SCG_KEY_PID=$!
  $pin_target java $jvm_opts -Xlog:gc:file="$run/rn-key-gc.log" -Dloader.main=bench.vanilla.BareReactorNettyProxy \
      -cp "$SCG_JAR" org.springframework.boot.loader.launch.PropertiesLauncher --server.port=$RN_KEY_PORT \
      --bench.upstream=http://127.0.0.1:$UPSTREAM_PORT --bench.api-key=$BENCH_KEY >"$run/rn-key.log" 2>&1 &
  PIDS+=($!); RN_KEY_PID=$!

  wait_http "http://127.0.0.1:$HUB_ADMIN_PORT/actuator/health" 240
  local creds=$HUB_WORK/data/demo-partner.json
  for _ in $(seq 60); do [[ -s "$creds" ]] && break; sleep 0.5; done
  [[ -s "$creds" ]] || die "the hub wrote no $creds"
  HUB_KEY=$(jq -r .apiKey.key "$creds")
  CLIENT_ID=$(jq -r .oauthClient.clientId "$creds")
  CLIENT_SECRET=$(jq -r .oauthClient.clientSecret "$creds")
  local partner admin_token p12pass
  partner=$(jq -r .partnerId "$creds")
  admin_token=$(cat "$HUB_WORK/data/admin-token")
  # The limiter keeps running on every request, but with a budget the bench cannot spend.
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$HUB_ADMIN_PORT/admin/v1/partners/$partner/rate-limit" \
    -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d '{"quota":1000000000,"windowSeconds":3600}'
  jq -r .clientCertificate.pkcs12Base64 "$creds" | base64 -d >"$run/tls/demo.p12"
  p12pass=$(jq -r .clientCertificate.pkcs12Password "$creds")
  openssl pkcs12 -in "$run/tls/demo.p12" -passin "pass:$p12pass" -nocerts -nodes -out "$run/tls/client.key" 2>/dev/null
  openssl pkcs12 -in "$run/tls/demo.p12" -passin "pass:$p12pass" -nokeys -clcerts -out "$run/tls/client.pem" 2>/dev/null
  jq -r .caCertificatePem "$creds" >"$run/tls/hub-ca.pem"
  # nginx's server key: EC P-256 like the hub's edge certificate.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -keyout "$run/tls/server.key" -out "$run/tls/server.pem" 2>/dev/null

  RUN=$run UPSTREAM_PORT=$UPSTREAM_PORT NGINX_PLAIN_PORT=$NGINX_PLAIN_PORT NGINX_KEY_PORT=$NGINX_KEY_PORT \
    NGINX_MTLS_PORT=$NGINX_MTLS_PORT API_KEY=$HUB_KEY \
    envsubst '${RUN} ${UPSTREAM_PORT} ${NGINX_PLAIN_PORT} ${NGINX_KEY_PORT} ${NGINX_MTLS_PORT} ${API_KEY}' \
    <bench/gateway/nginx/proxy.conf >"$run/proxy.conf"
  $pin_target nginx -p "$run" -c "$run/proxy.conf" >"$run/proxy.log" 2>&1 &
  PIDS+=($!); PROXY_PID=$!

  wait_http "http://127.0.0.1:$SCG_PORT$BENCH_PATH" 240
  wait_http "http://127.0.0.1:$SCG_KEY_PORT$BENCH_PATH" 240
  wait_http "http://127.0.0.1:$RN_KEY_PORT$BENCH_PATH" 60
  wait_http "http://127.0.0.1:$NGINX_PLAIN_PORT$BENCH_PATH" 30
  local gc
  for gc in hub scg scg-key rn-key; do log "[$phase] $gc: $(grep -m1 -o 'Using [A-Za-z0-9 ]*' "$run/$gc-gc.log" || echo 'GC unknown')"; done

  # Preflight: every target must answer 200 with the bench upstream's body (not, say, the hub's sandbox);
  # a target that does not is reported and skipped.
  local t active=()
  for t in $TARGETS; do
    target_args "$t"
    local code
    code=$(env "${WRK_ENV[@]}" curl -sk -o "$run/preflight-$t.body" -w '%{http_code}' "${CURL_CERT[@]}" \
      "${CURL_HDR[@]}" "$URL") || code=000
    if [[ "$code" == 200 ]] && grep -q '"id":"bench"' "$run/preflight-$t.body"; then
      active+=("$t")
    else
      log "[$phase] SKIPPING $t: preflight answered $code ($(head -c 200 "$run/preflight-$t.body"))"
    fi
  done
  [[ " ${active[*]} " == *" hub-key "* ]] && curl -s -D - -o /dev/null -H "X-API-Key: $HUB_KEY" \
    "http://127.0.0.1:$HUB_HTTP_PORT$BENCH_PATH" | grep -i '^ratelimit-policy' >&2 || true

  local maxc=0 c
  for c in $CONNECTIONS; do ((c > maxc)) && maxc=$c; done
  for t in "${active[@]}"; do
    target_args "$t"
    if [[ "$t" == scg* || "$t" == rn-* || "$t" == hub-* ]]; then
      warm_up_jvm "$phase" "$t" "$maxc" "$threads" "$pin_load"
    else
      log "[$phase] warm-up $t: 3s at $maxc connections"
      env "${WRK_ENV[@]}" $pin_load wrk -t$threads -c$maxc -d3s --timeout 5s "${WRK_HDR[@]}" "$URL" >/dev/null
    fi
  done

  local round i n=${#active[@]}
  for round in $(seq 1 "$ROUNDS"); do
    log "[$phase] round $round/$ROUNDS"
    for ((i = 0; i < n; i++)); do
      t=${active[$(((i + round - 1) % n))]}
      for c in $CONNECTIONS; do
        measure "$phase" "$round" "$t" "$c" "$threads" "$pin_load"
      done
    done
  done
  log "[$phase] stopping targets"
  stop_all
}

# Sets URL, WRK_HDR/CURL_HDR (credential headers), WRK_ENV (client certificate for the shim), CURL_CERT, PROC.
target_args() {
  local t=$1
  WRK_HDR=() CURL_HDR=() WRK_ENV=(BENCH=1) CURL_CERT=()
  case "$t" in
    upstream) URL=http://127.0.0.1:$UPSTREAM_PORT$BENCH_PATH; PROC="$(nginx_pids "$UPSTREAM_PID")" ;;
    nginx) URL=http://127.0.0.1:$NGINX_PLAIN_PORT$BENCH_PATH; PROC="$(nginx_pids "$PROXY_PID")" ;;
    nginx-key) URL=http://127.0.0.1:$NGINX_KEY_PORT$BENCH_PATH; PROC="$(nginx_pids "$PROXY_PID")"
      WRK_HDR=(-H "X-API-Key: $HUB_KEY") ;;
    nginx-mtls) URL=https://127.0.0.1:$NGINX_MTLS_PORT$BENCH_PATH; PROC="$(nginx_pids "$PROXY_PID")" ;;
    scg) URL=http://127.0.0.1:$SCG_PORT$BENCH_PATH; PROC=$SCG_PID ;;
    scg-key) URL=http://127.0.0.1:$SCG_KEY_PORT$BENCH_PATH; PROC=$SCG_KEY_PID
      WRK_HDR=(-H "X-API-Key: $BENCH_KEY") ;;
    rn-key) URL=http://127.0.0.1:$RN_KEY_PORT$BENCH_PATH; PROC=$RN_KEY_PID
      WRK_HDR=(-H "X-API-Key: $BENCH_KEY") ;;
    hub-key) URL=http://127.0.0.1:$HUB_HTTP_PORT$BENCH_PATH; PROC=$HUB_PID
      WRK_HDR=(-H "X-API-Key: $HUB_KEY") ;;
    hub-jwt) URL=http://127.0.0.1:$HUB_HTTP_PORT$BENCH_PATH; PROC=$HUB_PID
      local token
      # Hub tokens live 15 min: a fresh one per measurement.
      token=$(curl -fsS -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \
        "http://127.0.0.1:$HUB_HTTP_PORT/oauth2/token" | jq -r .access_token) || token=none
      WRK_HDR=(-H "Authorization: Bearer $token") ;;
    hub-mtls) URL=https://127.0.0.1:$HUB_HTTPS_PORT$BENCH_PATH; PROC=$HUB_PID ;;
    *) die "unknown target $t" ;;
  esac
  if [[ "$t" == *-mtls ]]; then
    local dir=$OUT/$CURRENT_PHASE/tls
    WRK_ENV=(LD_PRELOAD=$SHIM WRK_CLIENT_CERT=$dir/client.pem WRK_CLIENT_KEY=$dir/client.key)
    CURL_CERT=(--cert "$dir/client.pem" --key "$dir/client.key")
  fi
  CURL_HDR=("${WRK_HDR[@]}")
}

# JIT warm-up: WARMUP seconds at least, then on in WARMUP_STEP windows until two consecutive windows differ
# by less than WARMUP_STEADY_PCT % in throughput, or WARMUP_MAX seconds have passed. On this 2-core machine a
# pinned JVM shares its core between its event loops (four in vanilla SCG, one in the hub) and the C2 compiler,
# and 90 s was seen to leave it at a fraction of its settled throughput.
warm_up_jvm() { # phase target conns threads pin   (target_args already called)
  local phase=$1 t=$2 c=$3 threads=$4 pin=$5 spent prev=0 now diff
  log "[$phase] warm-up $t: ${WARMUP}s at $c connections, then until steady (max ${WARMUP_MAX}s)"
  env "${WRK_ENV[@]}" $pin wrk -t$threads -c$c -d${WARMUP}s --timeout 5s "${WRK_HDR[@]}" "$URL" >/dev/null
  spent=$WARMUP
  while ((spent < WARMUP_MAX)); do
    now=$(env "${WRK_ENV[@]}" $pin wrk -t$threads -c$c -d${WARMUP_STEP}s --timeout 5s "${WRK_HDR[@]}" "$URL" \
      | awk '/^Requests\/sec/ {printf "%d", $2}')
    spent=$((spent + WARMUP_STEP))
    if ((prev > 0 && now > 0)); then
      diff=$(((now > prev ? now - prev : prev - now) * 100 / prev))
      if ((diff < WARMUP_STEADY_PCT)); then
        log "[$phase] warm-up $t: steady at ~$now req/s after ${spent}s"
        return 0
      fi
    fi
    prev=${now:-0}
  done
  log "[$phase] warm-up $t: not steady after ${spent}s (last window ~$prev req/s); measuring anyway"
}

measure() { # phase round target conns threads pin
  local phase=$1 round=$2 t=$3 c=$4 threads=$5 pin=$6 before after line
  target_args "$t"
  ((threads > c)) && threads=$c
  before=$(cpu_ticks $PROC)
  line=$(env "${WRK_ENV[@]}" $pin wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout 5s \
    -s bench/gateway/report.lua "${WRK_HDR[@]}" "$URL" | grep '^RESULT') || line=""
  after=$(cpu_ticks $PROC)
  if [[ -z "$line" ]]; then
    log "[$phase] $t c=$c: wrk reported nothing"
    return 0
  fi
  # RESULT requests=.. duration_us=.. p50_us=.. p99_us=.. non2xx=.. sockerr=..
  local -A f
  local kv
  for kv in ${line#RESULT }; do f[${kv%%=*}]=${kv#*=}; done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$round" "$t" "$c" "${f[requests]}" \
    "${f[duration_us]}" "${f[p50_us]}" "${f[p99_us]}" "$((after - before))" "$CLK_TCK" "${f[non2xx]}" \
    "${f[sockerr]}" >>"$RESULTS"
  awk -v now="$(date -u +%H:%M:%S)" -v p="$phase" -v r="$round" -v t="$t" -v c="$c" -v n="${f[requests]}" -v d="${f[duration_us]}" \
    -v p50="${f[p50_us]}" -v ticks=$((after - before)) -v k="$CLK_TCK" -v e="${f[non2xx]}+${f[sockerr]}" \
    'BEGIN { printf "%s [%s] r%s %s c=%s: %.0f req/s, p50 %.2f ms, proxy CPU %.1f us/req, errors %s\n",
             now, p, r, t, c, n / d * 1e6, p50 / 1000, ticks / k / n * 1e6, e }' >&2
}

# ---------------------------------------------------------------- main
CLK_TCK=$(getconf CLK_TCK)
RESULTS=$OUT/results.tsv
printf 'phase\tround\ttarget\tconns\trequests\tduration_us\tp50_us\tp99_us\tcpu_ticks\tclk_tck\tnon2xx\tsockerr\n' >"$RESULTS"
nt=$(wc -w <<<"$TARGETS"); nc=$(wc -w <<<"$CONNECTIONS"); nj=$(grep -oE 'scg|rn-|hub-' <<<"$TARGETS" | wc -l)
np=$(wc -w <<<"$PHASES")
est=$(((nj * (WARMUP + 2 * WARMUP_STEP) + (nt - nj) * 3 + ROUNDS * nt * nc * (DURATION + 1) + 60) * np))
log "phases: $PHASES; rounds $ROUNDS, warm-up ${WARMUP}s..${WARMUP_MAX}s per JVM target, ${DURATION}s per measurement, connections: $CONNECTIONS"
log "expected duration: ~$((est / 60)) min; output in $OUT"
log "hub jar: $HUB_JAR ($(git log -1 --format='%h %s' 2>/dev/null | cut -c1-60))"
for CURRENT_PHASE in $PHASES; do
  run_phase "$CURRENT_PHASE"
done

{
  echo "gateway bench: $(date -u +%FT%TZ), $(nproc) CPUs, $(uname -r), java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "phases: $PHASES; ROUNDS=$ROUNDS WARMUP=${WARMUP}s DURATION=${DURATION}s CONNECTIONS=\"$CONNECTIONS\" HEAP=$HEAP"
  echo "pinned: wrk -t1 + upstream on CPU $LOAD_CPU, proxy on CPU $TARGET_CPU, JVMs -XX:ActiveProcessorCount=1 -XX:+UseG1GC; unpinned: wrk -t2, JVMs -XX:+UseG1GC"
  python3 bench/gateway/summarise.py "$RESULTS"
} | tee "$OUT/summary.txt"
