#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Floods of refused requests"): what refused requests cost the hub.
#   1. a flood of requests without a credential (closed model, FLOOD_CONNECTIONS connections, for
#      ANON_SECONDS): the database must grow by less than 1 MB (refusals are counted, not stored);
#   2. a victim, the land office, looks up land parcels at VICTIM_RATE/s (open model, within its own
#      rate limit) for VICTIM_SECONDS: alone, then while the provincial client floods the hub with
#      FLOOD_CONNECTIONS connections, all above its rate limit of FLOOD_CLIENT_LIMIT/s, so that nearly
#      every one of them is answered 429. The victim's successful rate must stay at >= 50 % of its
#      rate alone.
# H2 (the default database); one JDK per run.
#
#   bash bench/refusal-flood.sh                                   # JDK 17 (the default java)
#   JDK=/usr/lib/jvm/temurin-25-jdk-amd64 bash bench/refusal-flood.sh
#
# Environment: JDK [default], FLOOD_CONNECTIONS [200], ANON_SECONDS [60], VICTIM_RATE [150],
# VICTIM_SECONDS [30], FLOOD_CLIENT_LIMIT [5], HUB_JAVA_OPTS [-Xmx512m], BENCH_OUT [/tmp/lgsp-bench/refusal-flood].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-default}"
FLOOD_CONNECTIONS="${FLOOD_CONNECTIONS:-200}"
ANON_SECONDS="${ANON_SECONDS:-60}"
VICTIM_RATE="${VICTIM_RATE:-150}"
VICTIM_SECONDS="${VICTIM_SECONDS:-30}"
FLOOD_CLIENT_LIMIT="${FLOOD_CLIENT_LIMIT:-5}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/refusal-flood}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
rm -rf "$OUT/data" "$OUT"/*.txt
cd "$ROOT"
hub_jar >/dev/null

VICTIM=(--header "X-API-Key: dev-land-office-key" --header "X-Dossier-Id: FLOOD-VICTIM"
    --header "X-Procedure-Code: 1.001612")
VICTIM_PATH=/api/v1/land-parcels/25747/12/345
db_bytes() { du -sb "$OUT/data/lgsp-hub.mv.db" | cut -f1; }
refusals() { curl -s "$HUB_URL/actuator/prometheus" | awk -v k="$1" -v c="$2" \
    'index($0, "hub_refusals_total{") == 1 && index($0, "client=\"" c "\"") && index($0, "kind=\"" k "\"") {print $NF}'; }

start_wiremock "$OUT/wiremock.log" -
# the provincial client's limit is what makes its flood a flood of refusals; the land office keeps its 200/s
start_hub "$(java_bin "$JDK")" "$OUT/data" "$OUT/hub.log" - --spring.profiles.active=dev \
    --hub.sources.land.reuse-mode=off \
    --hub.security.rate-limits.per-client.provincial-ap-system="$FLOOD_CLIENT_LIMIT"
busy="$(wait_quiet)"

log "== warm-up: the victim's lookups and a short anonymous flood"
"${LOADGEN[@]}" --url "$HUB_URL$VICTIM_PATH" "${VICTIM[@]}" --rate "$VICTIM_RATE" --duration 20 --warmup 20 \
    --label warmup >/dev/null
"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" --concurrency "$FLOOD_CONNECTIONS" --duration 10 --warmup 5 \
    --expect 401 --label warmup-flood >/dev/null

log "== 1. ${ANON_SECONDS}s of requests without a credential, $FLOOD_CONNECTIONS connections"
sleep 2
db_before="$(db_bytes)"
anon_before="$(refusals client.unauthenticated anonymous)"
"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" --concurrency "$FLOOD_CONNECTIONS" --duration "$ANON_SECONDS" \
    --warmup 0 --expect 401 --label "anonymous-flood" | tee "$OUT/anonymous.txt"
sleep 2
db_after="$(db_bytes)"
anon_after="$(refusals client.unauthenticated anonymous)"

log "== 2a. the land office alone, $VICTIM_RATE/s for ${VICTIM_SECONDS}s"
"${LOADGEN[@]}" --url "$HUB_URL$VICTIM_PATH" "${VICTIM[@]}" --rate "$VICTIM_RATE" --duration "$VICTIM_SECONDS" \
    --warmup 5 --label "victim-alone" | tee "$OUT/victim-alone.txt"

log "== 2b. the land office while the provincial client floods ($FLOOD_CONNECTIONS connections, limit $FLOOD_CLIENT_LIMIT/s)"
limited_before="$(refusals client.rate_limited provincial-ap-system)"
"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --concurrency "$FLOOD_CONNECTIONS" \
    --duration "$((VICTIM_SECONDS + 10))" --warmup 0 --expect 429 --label "client-flood" >"$OUT/client-flood.txt" &
flood_pid=$!
sleep 5
"${LOADGEN[@]}" --url "$HUB_URL$VICTIM_PATH" "${VICTIM[@]}" --rate "$VICTIM_RATE" --duration "$VICTIM_SECONDS" \
    --warmup 0 --label "victim-flooded" | tee "$OUT/victim-flooded.txt"
wait "$flood_pid" || true
cat "$OUT/client-flood.txt"
limited_after="$(refusals client.rate_limited provincial-ap-system)"

ok() { loadgen_field RESULT statuses "$1" | tr ',' '\n' | awk -F: '$1 == 200 {print $2}'; }
alone_ok="$(ok "$OUT/victim-alone.txt")"; alone_ok="${alone_ok:-0}"
flooded_ok="$(ok "$OUT/victim-flooded.txt")"; flooded_ok="${flooded_ok:-0}"
ratio="$(awk -v a="$alone_ok" -v b="$flooded_ok" 'BEGIN {printf "%.0f", (a > 0 ? 100 * b / a : 0)}')"
growth="$(awk -v a="$db_before" -v b="$db_after" 'BEGIN {printf "%.3f", (b - a) / 1048576}')"
{
    echo "Floods of refused requests ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), H2, ${HUB_JAVA_OPTS:--Xmx512m}"
    machine_info
    echo "(machine ${busy}% busy before)"
    echo
    echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    grep -h '^|' "$OUT/anonymous.txt" "$OUT/victim-alone.txt" "$OUT/client-flood.txt" "$OUT/victim-flooded.txt"
    echo
    echo "- anonymous flood: $(loadgen_field RESULT statuses "$OUT/anonymous.txt"); counted by the hub:" \
        "$(awk -v a="${anon_before:-0}" -v b="${anon_after:-0}" 'BEGIN {printf "%d", b - a}')"
    echo "- database (H2 file) growth over the anonymous flood: $growth MB ($db_before -> $db_after bytes; target < 1 MB)"
    echo "- client flood: $(loadgen_field RESULT statuses "$OUT/client-flood.txt"); 429s counted by the hub:" \
        "$(awk -v a="${limited_before:-0}" -v b="${limited_after:-0}" 'BEGIN {printf "%d", b - a}')"
    echo "- the land office's successful lookups: $alone_ok alone, $flooded_ok while flooded: $ratio % (target >= 50 %)"
} >"$OUT/results.md"
cat "$OUT/results.md"
