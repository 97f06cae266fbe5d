#!/usr/bin/env bash
# Portal sync throughput: dossiers accepted (PUT, 202) and delivered to the portal mock, end to end,
# with the broker journal and the database persistent.
#
#   bash bench/sync-throughput.sh         # from the repository root; JAVA_HOME picks the JDK
#
# Starts the hub jar (dev profile, H2, embedded Artemis, in-process WireMock mocks), runs wrk with
# bench/put-dossier.lua for DURATION s (each request a new dossier), then polls the mock's request
# journal until every accepted dossier reached the portal. Reports accepted/s (intake) and
# delivered/s from the first PUT to the last delivery.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT="${PORT:-28080}"; MOCKS="${MOCKS:-28089}"; DURATION="${DURATION:-20}"; CONNECTIONS="${CONNECTIONS:-32}"
CONSUMERS="${CONSUMERS:-8}"; OUT="${BENCH_OUT:-/tmp/lgsp-bench/sync}"
JAR="$(ls target/lgsp-hub-*.jar 2>/dev/null | grep -v original | head -n1 || true)"
[ -n "$JAR" ] || { mvn -B -q -DskipTests package; JAR="$(ls target/lgsp-hub-*.jar | grep -v original | head -n1)"; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$JAVA" -Xmx512m -jar "$JAR" --spring.profiles.active=dev --server.port="$PORT" --hub.mocks.port="$MOCKS" \
  --hub.portal.base-url="http://127.0.0.1:$MOCKS" --hub.portal.concurrent-consumers="$CONSUMERS" \
  --hub.security.rate-limits.default-per-second=1000000 --hub.data-dir="$OUT/data" \
  --logging.level.vn.lgsp.hub=WARN > "$OUT/hub.log" 2>&1 &
HUB=$!
trap 'kill $HUB 2>/dev/null; wait $HUB 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break; sleep 1; done
portal_count() {
  curl -s -X POST "http://127.0.0.1:$MOCKS/__admin/requests/count" \
    -d '{"method":"POST","urlPath":"/dvcqg/api/v1/dongbohoso"}' | grep -o '[0-9]*' | head -n1
}
START=$(date +%s.%N)
RUN=$RANDOM wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/put-dossier.lua --latency \
  "http://127.0.0.1:$PORT" > "$OUT/wrk.txt"
INTAKE_END=$(date +%s.%N)
ACCEPTED=$(grep -o '[0-9]* requests in' "$OUT/wrk.txt" | grep -o '^[0-9]*')
NON2XX=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$OUT/wrk.txt" | grep -o '[0-9]*$' || echo 0)
ACCEPTED=$((ACCEPTED - ${NON2XX:-0}))
for _ in $(seq 1 600); do
  DELIVERED=$(portal_count); [ "${DELIVERED:-0}" -ge "$ACCEPTED" ] && break; sleep 0.5
done
END=$(date +%s.%N)
java_version=$("$JAVA" -version 2>&1 | head -n1)
printf '| %s | %d | %s | %.0f | %.0f | %s | %s |\n' "$java_version" "$ACCEPTED" "${NON2XX:-0}" \
  "$(echo "$ACCEPTED / ($INTAKE_END - $START)" | bc -l)" "$(echo "$DELIVERED / ($END - $START)" | bc -l)" \
  "$(grep -A4 'Latency Distribution' "$OUT/wrk.txt" | grep '99%' | awk '{print $2}')" "$DELIVERED"
