#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Portal sync", scenario d of issue 7): new dossiers PUT to the hub
# (202 accepted: committed with their sync snapshot, then queued on the persistent Artemis journal)
# and delivered to the portal mock, end to end. The generator is bench/loadgen/LoadGen.java, each
# request a new dossier ({n} in the path); the script then waits until every accepted dossier is
# delivered and reads the sync table for the delivery rate.
#
#   bash bench/sync-throughput.sh     # from the repository root
#
# Environment: JDK ["default" or a JDK home] [/usr/lib/jvm/temurin-25-jdk-amd64], MODEL ["--concurrency 32"
# or "--rate R"], DURATION [30], WARMUP [10], CONSUMERS [8], HUB_JAVA_OPTS [-Xmx512m],
# PROFILE [0; 1: JDK Flight Recorder from the end of the warm-up to the last delivery, then the
# breakdown of bench/jfr-breakdown.py and the hottest methods], BENCH_OUT [/tmp/lgsp-bench/sync].
# PostgreSQL database lgsp_bench_sync is DROPPED and recreated.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MODEL="${MODEL:---concurrency 32}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
CONSUMERS="${CONSUMERS:-8}"
PROFILE="${PROFILE:-0}"
PG_DB=lgsp_bench_sync
OUT="${BENCH_OUT:-/tmp/lgsp-bench/sync}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null

ensure_postgres
recreate_db "$PG_DB"
mapfile -t pg < <(postgres_args "$PG_DB")
start_wiremock "$OUT/wiremock.log" -
[[ "$PROFILE" == 1 ]] && export HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx512m} -XX:FlightRecorderOptions:stackdepth=512"
start_hub "$(java_bin "$JDK")" "$OUT/data" "$OUT/hub.log" - "${pg[@]}" \
    --hub.portal.concurrent-consumers="$CONSUMERS" --hub.security.rate-limits.default-per-second=1000000

sql() { psql -X -At -d "$PG_DB" -c "$1"; }
busy="$(wait_quiet)"
log "== dossiers: $MODEL, ${WARMUP}s warm-up + ${DURATION}s (machine ${busy}% busy before)"
if [[ "$PROFILE" == 1 ]]; then
    (sleep "$WARMUP"; "$(jdk_tool "$JDK" jcmd)" "$HUB_PID" JFR.start name=sync settings=profile >/dev/null) &
fi
# shellcheck disable=SC2086 # MODEL is two words
"${LOADGEN[@]}" --url "$HUB_URL/api/v1/dossiers/BENCH-{n}" --method PUT \
    --body-file bench/dossier.json --header 'X-API-Key: dev-provincial-key' --header 'Content-Type: application/json' \
    --expect 202 $MODEL --duration "$DURATION" --warmup "$WARMUP" --label "dossier-put" | tee "$OUT/loadgen.txt"
accepted="$(sql "select count(*) from dossier_sync")"
log "$accepted versions accepted; waiting for their delivery"
deadline=$((SECONDS + 900))
while :; do
    left="$(sql "select count(*) from dossier_sync where state not in ('DELIVERED', 'SKIPPED', 'DEAD')")"
    [[ "$left" == 0 ]] && break
    ((SECONDS < deadline)) || die "$left versions still undelivered after 900 s"
    sleep 2
done
rss="$(rss_mb "$HUB_PID")"
if [[ "$PROFILE" == 1 ]]; then
    "$(jdk_tool "$JDK" jcmd)" "$HUB_PID" JFR.stop name=sync filename="$OUT/hub.jfr" >/dev/null
    "$(jdk_tool "$JDK" jfr)" print --events jdk.ExecutionSample --stack-depth 512 "$OUT/hub.jfr" \
        | python3 bench/jfr-breakdown.py >"$OUT/breakdown.md"
    "$(jdk_tool "$JDK" jfr)" view --width 160 hot-methods "$OUT/hub.jfr" >"$OUT/hot-methods.txt" 2>&1 || true
fi
IFS='|' read -r delivered dead seconds < <(sql "select count(*) filter (where state = 'DELIVERED'),
    count(*) filter (where state = 'DEAD'),
    extract(epoch from max(delivered_at) - min(created_at)) from dossier_sync")
{
    echo "Portal sync ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), PostgreSQL, embedded Artemis (persistent journal), $CONSUMERS consumers"
    machine_info
    echo
    echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    grep '^|' "$OUT/loadgen.txt"
    echo
    awk -v a="$accepted" -v d="$delivered" -v x="$dead" -v s="$seconds" 'BEGIN {
        printf "- versions accepted (warm-up included): %d; delivered: %d; dead-lettered: %d\n", a, d, x
        printf "- delivered per second, first version created to last delivered: %.0f (%.1f s)\n", d / s, s }'
    echo "- RSS after the run: $rss MB"
    [[ "$PROFILE" != 1 ]] || echo "- with JDK Flight Recorder on (PROFILE=1): the rates above are lower; profile in $OUT/breakdown.md"
} >"$OUT/results.md"
cat "$OUT/results.md"
