#!/usr/bin/env bash
# Rate limiter latency (issue 3): 200 concurrent requests of one partner add <= 1 ms p99 in the
# cluster-mode (Redis) limiter and cause no compare-and-swap time-outs. Anchor: a plain Redis round
# trip (PING) at the same concurrency, measured side by side with the limiter in every round; the
# local (in-memory) limiter is printed too. Figures are medians of the measured rounds.
#
#   bench/ratelimit.sh                         # Redis at 127.0.0.1:6379, 5 warm-up + 7 measured rounds
#   REDIS=redis://127.0.0.1:6380 ROUNDS=15 bench/ratelimit.sh
#
# The limiter is package-private, so the driver lives in the gateway's test sources
# (LimiterLatencyBenchmark) and runs on the gateway's test classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
REDIS="${REDIS:-redis://127.0.0.1:6379}"
ROUNDS="${ROUNDS:-7}"
WARMUP_ROUNDS="${WARMUP_ROUNDS:-5}"
WAVES="${WAVES:-10}"
CONCURRENCY="${CONCURRENCY:-200}"

./mvnw -q -B -pl gateway -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test-classpath.txt)"
exec java -Xmx512m -XX:+UseG1GC -cp "$CP" io.barberpro.hub.gateway.ratelimit.LimiterLatencyBenchmark \
  "$REDIS" "$ROUNDS" "$WARMUP_ROUNDS" "$WAVES" "$CONCURRENCY"
