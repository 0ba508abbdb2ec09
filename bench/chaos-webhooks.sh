#!/usr/bin/env bash
# Crash-safety drill for webhook delivery (issue 4), with the real hub jar.
#
# A private PostgreSQL cluster (initdb under a temp dir, a free port or $PG_PORT, 127.0.0.1 only) holds the
# outbox; NODES delivering hub processes (roles webhooks,registry) share it while a producer commits
# a stream of events (SQL batches mirroring Outbox.append, bench/webhooks/Producer.java) to one
# endpoint served by a local receiver (bench/webhooks/Receiver.java) that answers 204 after a short
# random delay, so kills land with requests in flight. The nodes are SIGKILLed in turn KILLS times
# (each kill waits until another node is healthy, so a live worker is there to reclaim the orphans;
# the killed node is restarted under a new worker id) and PostgreSQL is crash-restarted once
# (pg_ctl -m immediate) in the middle. Right after every kill the rows still leased are snapshotted.
#
# Checks (the script exits 1 when any fails):
#  1. every event has a logged 2xx attempt (webhook_attempts) and a validly signed receipt at the receiver;
#  2. every request carried the webhook-id of the event in its body and a valid signature, so each
#     duplicate carries its original webhook-id;
#  3. duplicates <= what was in flight: each duplicated delivery was leased at one of the kills, except
#     at most NODES x (WORKERS + SLOW_LANE_WORKERS) x BATCH around the PostgreSQL restart (every delivery
#     loop, regular or slow lane, may hold a batch); the total is compared with
#     sum(leased at each kill) + that restart bound;
#  4. no row was claimed by two live workers at once: no delivery has two DELIVERED attempts (a killed
#     worker never records; a live one records once, after which the row is no longer claimable), and
#     two receipts of one webhook-id are never closer than LEASE - 1 s (a second claim is only possible
#     once the first lease has ended);
#  5. orphans (rows leased by the killed worker) are reclaimed when their lease ends: first attempt
#     after the kill at >= lease_until - 0.25 s and <= lease_until + RECLAIM_GRACE.
# With PAUSES=n the drill also SIGSTOPs a node n times for LEASE+PAUSE_EXTRA seconds and resumes it:
# a stalled worker that outlives its lease. Its rows count as in flight (bound) and as orphans.
#
#   bench/chaos-webhooks.sh
#   KILLS=12 NODES=2 RATE=300 LEASE=5 bench/chaos-webhooks.sh
#
# In-JVM variant (test-built node JVMs on a schema of the shared server): the webhooks module's
#   ./mvnw -o -q -B -pl webhooks -am test -Dtest=CrashSafetyIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

KILLS="${KILLS:-8}"
NODES="${NODES:-2}"
RATE="${RATE:-200}"                 # events/s offered during the drill
WORKERS="${WORKERS:-2}"
SLOW_LANE_WORKERS="${SLOW_LANE_WORKERS:-1}"
BATCH="${BATCH:-50}"
POLL="${POLL:-50ms}"
LEASE="${LEASE:-5}"                 # seconds; connect 1 s + read 2 s stay inside it
RECLAIM_GRACE="${RECLAIM_GRACE:-3}" # seconds after lease end by which an orphan must have been re-attempted
PAUSES="${PAUSES:-0}"               # optional: SIGSTOP a node for LEASE+PAUSE_EXTRA s, then SIGCONT (a stalled, not dead, worker)
PAUSE_EXTRA="${PAUSE_EXTRA:-3}"
RESTART_PG="${RESTART_PG:-true}"
PG_STOP_MODE="${PG_STOP_MODE:-immediate}"
PG_PORT="${PG_PORT:-}"              # default: a free port
DELAY_MS="${DELAY_MS:-40}"          # receiver answers after DELAY_MS + random(0..JITTER_MS)
JITTER_MS="${JITTER_MS:-80}"
DRAIN_SECONDS="${DRAIN_SECONDS:-120}"
KEEP="${KEEP:-false}"
# nodes restart often here: C1 only and a small heap start them fastest
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
((NODES >= 2)) || { echo "NODES must be >= 2 (a live node reclaims the killed one's rows)" >&2; exit 2; }

WORK="$(mktemp -d /tmp/webhooks-chaos.XXXXXX)"
chmod 755 "$WORK"
source "$ROOT/bench/webhooks/common.sh"

PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PGDATA="$WORK/pgdata"
as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

declare -A NODE_PID NODE_PORT NODE_WORKER
cleanup() {
  local pid
  for pid in "${NODE_PID[@]}" "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PID[@]}" "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  if [[ "$KEEP" == true ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -n "$PG_PORT" ]] || PG_PORT="$(free_port)"
log "private PostgreSQL on 127.0.0.1:$PG_PORT ($PGBIN)"
mkdir -p "$PGDATA"
chown postgres "$PGDATA" 2>/dev/null || true
as_postgres "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >"$WORK/initdb.log" 2>&1
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGDATA -c max_connections=100 -c shared_buffers=64MB" start >/dev/null
as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres hub_chaos
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/hub_chaos"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d hub_chaos -tA)

HUB="$(hub_jar)"
DRIVER="$(jdbc_driver "$HUB")"
GEN=0

launch() { # NODE: (re)start a node under a fresh worker id
  local node="$1"
  GEN=$((GEN + 1))
  NODE_WORKER[$node]="$node-gen$GEN"
  [[ -n "${NODE_PORT[$node]:-}" ]] || NODE_PORT[$node]="$(free_port)"
  NODE_PID[$node]="$(start_hub "$node" "$JDBC" "${NODE_PORT[$node]}" "${NODE_WORKER[$node]}" \
    --hub.webhooks.delivery.workers="$WORKERS" --hub.webhooks.delivery.slow-lane-workers="$SLOW_LANE_WORKERS" \
    --hub.webhooks.delivery.batch-size="$BATCH" \
    --hub.webhooks.delivery.poll-interval="$POLL" --hub.webhooks.delivery.lease="${LEASE}s" \
    --hub.webhooks.delivery.connect-timeout=1s --hub.webhooks.delivery.read-timeout=2s \
    --hub.webhooks.retry-schedule=0s,1s,2s,4s,8s,16s,32s --hub.webhooks.jitter=0 \
    --spring.datasource.hikari.connection-timeout=2000)"
}
healthy() { wait_http "http://127.0.0.1:${NODE_PORT[$1]}/actuator/health" "${2:-180}"; }

NODE_LIST=()
for ((n = 1; n <= NODES; n++)); do NODE_LIST+=("node$n"); done

# the first node alone runs the migrations, then the rest join
launch node1
healthy node1 || { tail -40 "$WORK/node1.log"; exit 1; }
for node in "${NODE_LIST[@]:1}"; do launch "$node"; done

RECEIVER_PORT="$(free_port)"
PARTNER="$(python3 -c 'import uuid; print(uuid.uuid4())')"
read -r ENDPOINT SECRET < <(create_endpoint "${NODE_PORT[node1]}" "$PARTNER" "http://127.0.0.1:$RECEIVER_PORT/hook")
RECEIVER_PID="$(start_receiver "$RECEIVER_PORT" "$SECRET" 1 "$DELAY_MS" "$JITTER_MS" 64)"
PIDS+=("$RECEIVER_PID")
wait_http "http://127.0.0.1:$RECEIVER_PORT/stats" 60
for node in "${NODE_LIST[@]}"; do healthy "$node" || { grep -m3 -E 'ERROR|Caused by' "$WORK/$node.log"; exit 1; }; done
log "endpoint $ENDPOINT -> receiver :$RECEIVER_PORT; nodes: ${NODE_LIST[*]}"

HAS_OWNER="$("${PSQL[@]}" -c "select count(*) from information_schema.columns where table_name = 'webhook_deliveries' and column_name = 'lease_owner'")"
OWNER_EXPR="null::text"
[[ "$HAS_OWNER" == 1 ]] && OWNER_EXPR="d.lease_owner"
"${PSQL[@]}" <<'EOF'
create table bench_kills (k int, node text, worker text, killed_at timestamptz, snapshot_at timestamptz, kind text default 'kill');
create table bench_leased (k int, delivery_id bigint, lease_until timestamptz, owner text);
create table bench_pg_restart (started_at timestamptz, ended_at timestamptz);
create table bench_receipts (recv_us bigint, webhook_id text, t_us bigint, sig smallint, id_match smallint, port int);
EOF

# The producer runs until the kill sequence is over (it reconnects across the PostgreSQL restart).
(cd "$ROOT/bench/webhooks" && exec java -Xmx256m -XX:+UseSerialGC -cp "$DRIVER" Producer.java rate "$JDBC" "$PARTNER" "$RATE" 3600) \
  >"$WORK/producer.log" 2>&1 &
PRODUCER_PID=$!
PIDS+=("$PRODUCER_PID")
sleep 5

RESTART_AT=$(((KILLS + 1) / 2))
for ((k = 1; k <= KILLS; k++)); do
  victim="${NODE_LIST[$(((k - 1) % NODES))]}"
  for node in "${NODE_LIST[@]}"; do
    [[ "$node" == "$victim" ]] || healthy "$node" || { log "$node did not come back"; exit 1; }
  done
  healthy "$victim" || { log "$victim did not come back"; exit 1; }
  sleep "$(python3 -c 'import random; print(round(random.uniform(2, 4), 2))')"
  killed_at="$(date +%s.%N)"
  kill -9 "${NODE_PID[$victim]}"
  "${PSQL[@]}" <<EOF
insert into bench_leased select $k, d.id, d.lease_until, $OWNER_EXPR from webhook_deliveries d
  where d.status = 'PENDING' and d.lease_until > now();
insert into bench_kills values ($k, '$victim', '${NODE_WORKER[$victim]}', to_timestamp($killed_at), clock_timestamp());
EOF
  wait "${NODE_PID[$victim]}" 2>/dev/null || true
  log "kill $k: SIGKILL $victim (${NODE_WORKER[$victim]}), rows leased right after: $("${PSQL[@]}" -c "select count(*) from bench_leased where k = $k")"
  launch "$victim"
  if [[ "$RESTART_PG" == true && $k == "$RESTART_AT" ]]; then
    for node in "${NODE_LIST[@]}"; do healthy "$node" || { log "$node did not come back"; exit 1; }; done
    sleep 3
    pg_started="$(date +%s.%N)"
    log "restarting PostgreSQL (-m $PG_STOP_MODE)"
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m "$PG_STOP_MODE" -w -t 60 restart \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGDATA -c max_connections=100 -c shared_buffers=64MB" >/dev/null
    "${PSQL[@]}" -c "insert into bench_pg_restart values (to_timestamp($pg_started), clock_timestamp())"
  fi
done
for ((p = 1; p <= PAUSES; p++)); do
  k=$((KILLS + p))
  victim="${NODE_LIST[$(((p - 1) % NODES))]}"
  for node in "${NODE_LIST[@]}"; do healthy "$node" || { log "$node did not come back"; exit 1; }; done
  sleep "$(python3 -c 'import random; print(round(random.uniform(2, 4), 2))')"
  stopped_at="$(date +%s.%N)"
  kill -STOP "${NODE_PID[$victim]}"
  "${PSQL[@]}" <<EOF
insert into bench_leased select $k, d.id, d.lease_until, $OWNER_EXPR from webhook_deliveries d
  where d.status = 'PENDING' and d.lease_until > now();
insert into bench_kills values ($k, '$victim', '${NODE_WORKER[$victim]}', to_timestamp($stopped_at), clock_timestamp(), 'pause');
EOF
  sleep $((LEASE + PAUSE_EXTRA))
  kill -CONT "${NODE_PID[$victim]}"
  log "pause $p: SIGSTOP $victim (${NODE_WORKER[$victim]}) for $((LEASE + PAUSE_EXTRA))s, rows leased right after: $("${PSQL[@]}" -c "select count(*) from bench_leased where k = $k")"
done
for node in "${NODE_LIST[@]}"; do healthy "$node" || { log "$node did not come back"; exit 1; }; done
sleep 3
kill "$PRODUCER_PID" 2>/dev/null || true
wait "$PRODUCER_PID" 2>/dev/null || true

log "waiting for every delivery to complete (<= ${DRAIN_SECONDS}s)"
deadline=$((SECONDS + DRAIN_SECONDS))
while :; do
  left="$("${PSQL[@]}" -c "select count(*) from webhook_deliveries where status <> 'DELIVERED'")"
  [[ "$left" == 0 ]] && break
  ((SECONDS < deadline)) || { log "$left deliveries still not DELIVERED"; break; }
  sleep 1
done
sleep 1
receiver "/dump?file=$WORK/receipts.tsv" >/dev/null
chmod 644 "$WORK/receipts.tsv"
"${PSQL[@]}" -c "\\copy bench_receipts from '$WORK/receipts.tsv'"

RESTART_BOUND=0
[[ "$RESTART_PG" == true ]] && RESTART_BOUND=$((NODES * (WORKERS + SLOW_LANE_WORKERS) * BATCH))
FAILED=0
check() { # NAME OK(0/1) DETAIL
  if [[ "$2" == 1 ]]; then echo "  PASS  $1: $3"; else echo "  FAIL  $1: $3"; FAILED=1; fi
}
q() { "${PSQL[@]}" -F ' ' -c "$1"; }

EVENTS="$(q "select count(*) from webhook_events")"
DELIVERIES="$(q "select count(*) from webhook_deliveries")"
NO_2XX="$(q "select count(*) from webhook_events e where not exists (select 1 from webhook_attempts a
  where a.event_id = e.id and a.outcome = 'DELIVERED' and a.status_code between 200 and 299)")"
NOT_DELIVERED="$(q "select count(*) from webhook_deliveries where status <> 'DELIVERED'")"
NOT_RECEIVED="$(q "select count(*) from webhook_events e where not exists (select 1 from bench_receipts r
  where r.webhook_id = e.id::text and r.sig = 1)")"
read -r REQUESTS DISTINCT <<<"$(q "select count(*), count(distinct webhook_id) from bench_receipts")"
DUPS=$((REQUESTS - DISTINCT))
BAD_REQ="$(q "select count(*) from bench_receipts where sig <> 1 or id_match <> 1")"
UNKNOWN="$(q "select count(*) from bench_receipts r where not exists (select 1 from webhook_events e where e.id::text = r.webhook_id)")"
DUP_IDS="$(q "select count(*) from (select webhook_id from bench_receipts group by 1 having count(*) > 1) x")"
UNCOVERED="$(q "select count(*) from (select webhook_id, count(*) - 1 as extra from bench_receipts group by 1 having count(*) > 1) x
  join webhook_deliveries d on d.event_id::text = x.webhook_id
  where not exists (select 1 from bench_leased l where l.delivery_id = d.id)")"
LEASED_SUM="$(q "select count(*) from bench_leased")"
LEASED_PER_KILL="$(q "select string_agg(n::text, ',' order by k) from (select k.k, count(l.delivery_id) n from bench_kills k left join bench_leased l using (k) where k.kind = 'kill' group by k.k) x")"
LEASED_PER_PAUSE="$(q "select coalesce(string_agg(n::text, ',' order by k), 'none') from (select k.k, count(l.delivery_id) n from bench_kills k left join bench_leased l using (k) where k.kind = 'pause' group by k.k) x")"
STALE="$(q "select count(*) from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
  where a.outcome = 'DELIVERED' and d.status = 'DELIVERED' and a.attempted_at < d.delivered_at - interval '1 second'")"
DOUBLE_DELIVERED="$(q "select count(*) from (select delivery_id from webhook_attempts where outcome = 'DELIVERED' group by 1 having count(*) > 1) x")"
MIN_GAP="$(q "select coalesce(round(min(gap)::numeric / 1e6, 3)::text, 'none') from (
  select recv_us - lag(recv_us) over (partition by webhook_id order by recv_us) as gap from bench_receipts) x where gap is not null")"
CLOSE_PAIRS="$(q "select count(*) from (select recv_us - lag(recv_us) over (partition by webhook_id order by recv_us) as gap
  from bench_receipts) x where gap < ($LEASE - 1) * 1e6")"
DUP_ATTEMPTS="$(q "select count(*) - count(distinct delivery_id) from webhook_attempts")"

# Orphans of kill k: rows the killed incarnation still held. With lease_owner that is exact; without
# it, rows whose only completion was claimed after the snapshot (a live node's own rows were claimed before).
if [[ "$HAS_OWNER" == 1 ]]; then
  ORPHANS_SQL="select l.k, l.delivery_id, l.lease_until, kk.killed_at from bench_leased l join bench_kills kk using (k) where l.owner = kk.worker"
else
  ORPHANS_SQL="select l.k, l.delivery_id, l.lease_until, kk.killed_at from bench_leased l join bench_kills kk using (k)
    where not exists (select 1 from webhook_attempts a where a.delivery_id = l.delivery_id and a.attempted_at <= kk.snapshot_at + interval '100 ms' and a.attempted_at > kk.killed_at - interval '$LEASE seconds')"
fi
read -r ORPHANS EARLY LATE MAXDELAY MAXFROMKILL NOREATTEMPT <<<"$(q "with o as ($ORPHANS_SQL),
  r as (select o.*, (select min(a.attempted_at) from webhook_attempts a where a.delivery_id = o.delivery_id and a.attempted_at > o.killed_at) as reclaimed_at from o)
  select count(*),
         count(*) filter (where reclaimed_at < lease_until - interval '250 ms'),
         count(*) filter (where reclaimed_at > lease_until + interval '$RECLAIM_GRACE seconds'),
         coalesce(round(max(extract(epoch from reclaimed_at - lease_until))::numeric, 3)::text, 'none'),
         coalesce(round(max(extract(epoch from reclaimed_at - killed_at))::numeric, 3)::text, 'none'),
         count(*) filter (where reclaimed_at is null)
  from r")"
PG_RESTART="$(q "select coalesce(round(extract(epoch from ended_at - started_at)::numeric, 1)::text || ' s', 'not done') from bench_pg_restart union all select 'not done' limit 1")"
PRODUCED="$(tail -1 "$WORK/producer.log" 2>/dev/null || true)"

echo
echo "webhooks chaos drill ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, private PostgreSQL $("${PSQL[@]}" -c 'show server_version') on :$PG_PORT)"
echo "  settings: NODES=$NODES KILLS=$KILLS PAUSES=$PAUSES RATE=$RATE/s workers=$WORKERS slow-lane-workers=$SLOW_LANE_WORKERS batch-size=$BATCH poll=$POLL lease=${LEASE}s connect/read 1s/2s;"
echo "            receiver delay ${DELAY_MS}+rand(${JITTER_MS}) ms; PostgreSQL restart (-m $PG_STOP_MODE): $PG_RESTART; lease_owner column: $([[ $HAS_OWNER == 1 ]] && echo yes || echo no)"
echo "  events $EVENTS, deliveries $DELIVERIES, attempts logged $(q 'select count(*) from webhook_attempts') (extra attempts $DUP_ATTEMPTS), receiver requests $REQUESTS (distinct $DISTINCT)"
echo "  rows leased right after each kill: $LEASED_PER_KILL; after each pause: $LEASED_PER_PAUSE (sum $LEASED_SUM)"
((PAUSES == 0)) || echo "  DELIVERED attempts older than their delivery's completion by > 1 s (a stalled worker's late log): $STALE"
check "every event has a logged 2xx" "$([[ $NO_2XX == 0 && $NOT_DELIVERED == 0 ]] && echo 1 || echo 0)" \
  "events without a 2xx attempt: $NO_2XX, deliveries not DELIVERED: $NOT_DELIVERED"
check "every event received, signed" "$([[ $NOT_RECEIVED == 0 ]] && echo 1 || echo 0)" "events without a valid signed receipt: $NOT_RECEIVED"
check "duplicates carry the original webhook-id" "$([[ $BAD_REQ == 0 && $UNKNOWN == 0 ]] && echo 1 || echo 0)" \
  "requests with a bad signature or a webhook-id other than the body's event: $BAD_REQ, unknown ids: $UNKNOWN"
check "duplicates bounded by what was in flight" \
  "$([[ $UNCOVERED -le $RESTART_BOUND && $DUPS -le $((LEASED_SUM + RESTART_BOUND)) ]] && echo 1 || echo 0)" \
  "duplicates $DUPS (of $DUP_IDS events) <= bound $((LEASED_SUM + RESTART_BOUND)) (leased at kills $LEASED_SUM + restart $RESTART_BOUND = nodes x (workers + slow-lane workers) x batch); duplicated events not leased at any kill: $UNCOVERED <= $RESTART_BOUND; static bound kills x (workers + slow-lane workers) x batch + restart = $((KILLS * (WORKERS + SLOW_LANE_WORKERS) * BATCH + RESTART_BOUND))"
check "no row claimed by two live workers" "$([[ $DOUBLE_DELIVERED == 0 && $CLOSE_PAIRS == 0 ]] && echo 1 || echo 0)" \
  "deliveries with two DELIVERED attempts: $DOUBLE_DELIVERED; receipt pairs of one webhook-id closer than $((LEASE - 1)) s: $CLOSE_PAIRS (closest: $MIN_GAP s)"
check "orphans reclaimed when the lease ends" \
  "$([[ $ORPHANS -gt 0 && $EARLY == 0 && $LATE == 0 && $NOREATTEMPT == 0 ]] && echo 1 || echo 0)" \
  "orphaned rows $ORPHANS; re-attempted before lease end: $EARLY; later than lease end + ${RECLAIM_GRACE}s: $LATE; never: $NOREATTEMPT; max lease-end-to-reattempt $MAXDELAY s, max kill-to-reattempt $MAXFROMKILL s (lease ${LEASE}s)"
if [[ "$DOUBLE_DELIVERED" != 0 ]]; then
  echo "  deliveries with two DELIVERED attempts (first 5; * = worker was SIGSTOPped at that time):"
  q "select '    delivery ' || a.delivery_id || ': ' || string_agg(a.worker || case when exists (select 1 from bench_kills k
        where k.kind = 'pause' and k.worker = a.worker) then '*' else '' end || ' claimed ' || to_char(a.attempted_at, 'HH24:MI:SS.MS'), ', ' order by a.id)
      from webhook_attempts a where a.outcome = 'DELIVERED' and a.delivery_id in (
        select delivery_id from webhook_attempts where outcome = 'DELIVERED' group by 1 having count(*) > 1 order by 1 limit 5)
      group by a.delivery_id order by a.delivery_id"
fi
echo "  producer: $PRODUCED"
if [[ "$FAILED" == 0 ]]; then echo "chaos drill: PASS"; else echo "chaos drill: FAIL (work dir kept: $WORK)"; KEEP=true; fi
exit "$FAILED"
