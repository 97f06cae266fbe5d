#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Portal sync"): new dossiers PUT to the hub (202 accepted: committed with
# their sync snapshot, then queued on the persistent Artemis journal) and delivered to the portal mock,
# end to end; and beside it, in the same run and before the hub starts, the physical limit: a raw Artemis
# broker configured as the hub's (bench/rawbroker/RawBroker.java: persistent journal on the same disk,
# messages the size of a sealed snapshot, transacted batches of 100 produced and consumed at once). The
# generator is bench/loadgen/LoadGen.java, each request a new dossier ({n} in the path); the script then
# waits until every accepted dossier is delivered and reads the sync table for the delivery rate.
#
#   bash bench/sync-throughput.sh     # from the repository root
#
# Environment: JDK ["default" or a JDK home] [/usr/lib/jvm/temurin-25-jdk-amd64], DB [postgres; h2: the
# embedded database in the data directory], MODEL ["--concurrency 32" or "--rate R"], DURATION [30],
# WARMUP [10], PARALLELISM [the hub's default: hub.portal.concurrent-consumers], RAW [1; 0: no raw broker
# run], HUB_JAVA_OPTS [-Xmx512m], PROFILE [0; 1: JDK Flight Recorder from the end of the warm-up to the
# last delivery, then the breakdown of bench/jfr-breakdown.py and the hottest methods],
# BENCH_OUT [/tmp/lgsp-bench/sync]. PostgreSQL database lgsp_bench_sync is DROPPED and recreated.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MODEL="${MODEL:---concurrency 32}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
DB="${DB:-postgres}"
PARALLELISM="${PARALLELISM:-}"
RAW="${RAW:-1}"
PROFILE="${PROFILE:-0}"
PG_DB=lgsp_bench_sync
OUT="${BENCH_OUT:-/tmp/lgsp-bench/sync}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null

raw_rate=""
if [[ "$RAW" == 1 ]]; then
    lib="$ROOT/target/bench-lib"
    if [[ ! -d "$lib/BOOT-INF/lib" || "$(hub_jar)" -nt "$lib/BOOT-INF/lib" ]]; then
        rm -rf "$lib" && unzip -q -o "$(hub_jar)" 'BOOT-INF/lib/*' -d "$lib"
    fi
    mkdir -p "$ROOT/target/rawbroker"
    javac --release 17 -d "$ROOT/target/rawbroker" -cp "$lib/BOOT-INF/lib/*" bench/rawbroker/RawBroker.java
    rm -rf "$OUT/raw-broker"
    log "== the raw broker: 200000 messages of 1500 bytes, transacted batches of 100"
    "$(java_bin "$JDK")" -Xmx512m -cp "$ROOT/target/rawbroker:$lib/BOOT-INF/lib/*" RawBroker --dir "$OUT/raw-broker" \
        --messages 200000 --batch 100 --size 1500 >"$OUT/raw-broker.log" 2>&1
    grep '^RAW ' "$OUT/raw-broker.log" | tee "$OUT/raw.txt"
    raw_rate="$(tr ' ' '\n' <"$OUT/raw.txt" | awk -F= '$1 == "consumed_per_s" {print $2}')"
    rm -rf "$OUT/raw-broker"
fi

declare -a db_args=()
if [[ "$DB" == postgres ]]; then
    ensure_postgres
    recreate_db "$PG_DB"
    mapfile -t db_args < <(postgres_args "$PG_DB")
else
    rm -rf "$OUT/data"
    # the embedded database, opened by the script too while the hub runs (AUTO_SERVER)
    db_args=(--spring.profiles.active=dev --spring.datasource.url="jdbc:h2:file:$OUT/data/lgsp-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;AUTO_SERVER=TRUE")
fi
start_wiremock "$OUT/wiremock.log" -
[[ "$PROFILE" == 1 ]] && export HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx512m} -XX:FlightRecorderOptions:stackdepth=512"
declare -a tuning=()
[[ -n "$PARALLELISM" ]] && tuning+=(--hub.portal.concurrent-consumers="$PARALLELISM")
start_hub "$(java_bin "$JDK")" "$OUT/data" "$OUT/hub.log" - "${db_args[@]}" "${tuning[@]}" \
    --hub.security.rate-limits.default-per-second=1000000

# the hub's own figures, read through its API would be slower than the run: the sync table, by SQL
if [[ "$DB" == postgres ]]; then
    sql() { psql -X -At -d "$PG_DB" -c "$1"; }
else
    sql() { java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$OUT/data/lgsp-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE" -user sa \
        -sql "$1" | awk 'NR > 1 && !/^\(/' | sed 's/ *| */|/g; s/^ *//; s/ *$//'; }
    H2_JAR="$(ls "$ROOT"/target/bench-lib/BOOT-INF/lib/h2-*.jar 2>/dev/null | head -n1)"
fi
# This machine's PostgreSQL runs with autovacuum off; a deployment's has it on (docs/production.md). Every
# version updates its dossier and outbox rows: without a vacuum their dead row versions pile up and every
# write slows down as the run goes on. The script vacuums the two tables every 30 s, as autovacuum would.
vacuum_pid=""
if [[ "$DB" == postgres && "$(psql -X -At -d "$PG_DB" -c 'show autovacuum')" == off ]]; then
    (while sleep 30; do psql -X -q -d "$PG_DB" -c "VACUUM (ANALYZE) dossier, dossier_sync" >/dev/null 2>&1; done) &
    vacuum_pid=$!
    log "autovacuum is off on this server: vacuuming dossier and dossier_sync every 30 s"
fi
cleanup() { [[ -z "$vacuum_pid" ]] || kill "$vacuum_pid" 2>/dev/null; stop_hub; stop_wiremock; }
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
    echo "Portal sync ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), $DB, embedded Artemis (persistent journal), parallelism ${PARALLELISM:-default}"
    machine_info
    echo
    echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    grep '^|' "$OUT/loadgen.txt"
    echo
    put_rate="$(loadgen_field RESULT achieved_per_s "$OUT/loadgen.txt")"
    awk -v a="$accepted" -v d="$delivered" -v x="$dead" -v s="$seconds" -v p="$put_rate" -v r="$raw_rate" 'BEGIN {
        printf "- versions accepted (warm-up included): %d; delivered: %d; dead-lettered: %d\n", a, d, x
        printf "- delivered per second, first version created to last delivered: %.0f (%.1f s)\n", d / s, s
        if (r != "") {
            both = (p < d / s) ? p : d / s
            printf "- raw broker, same run: %.0f messages/s produced and consumed; the hub accepted-and-delivered at %.0f/s = %.1f %% of it\n", r, both, 100 * both / r
        } }'
    echo "- RSS after the run: $rss MB"
    [[ "$PROFILE" != 1 ]] || echo "- with JDK Flight Recorder on (PROFILE=1): the rates above are lower; profile in $OUT/breakdown.md"
} >"$OUT/results.md"
cat "$OUT/results.md"
