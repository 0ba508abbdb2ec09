#!/usr/bin/env bash
# Webhook delivery benchmark (issue 4): signed deliveries per second from the outbox to a local
# receiver with PostgreSQL on this machine (every attempt row written), then commit-to-receipt
# p50/p99 at a fixed offered rate, printed as ratios against the issue's targets and the anchor
# (db-scheduler: 2,000-10,000 executions/s on PostgreSQL with SKIP LOCKED lock-and-fetch).
#
#   bench/webhooks.sh                 # 5 minutes per phase, as the issue asks
#   DURATION=30 bench/webhooks.sh     # a quick run
#   RATE=1000 WORKERS=4 BATCH=100 bench/webhooks.sh
#
# The hub, the receiver and the load generator share this machine's cores with PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-300}"
RATE="${RATE:-1000}"
WORKERS="${WORKERS:-4}"
BATCH="${BATCH:-100}"

pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start

./mvnw -o -q -B -pl webhooks -am test -Dtest=WebhooksBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.webhooks=true -Dbench.duration="$DURATION" -Dbench.rate="$RATE" -Dbench.workers="$WORKERS" -Dbench.batch="$BATCH" \
  -Dsurefire.timeout=0
sed -n '/^webhooks bench/,/^signature spot checks/p' \
  webhooks/target/surefire-reports/io.barberpro.hub.webhooks.bench.WebhooksBenchmark-output.txt
