#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Sustained lookups with the ledger on", scenario b of issue 7): lookups at a
# fixed rate for ten minutes, every one calling the national database (reuse off) and committing
# its ledger row before it is answered. Before the run, $JIT_WARMUP s of the same lookups at
# saturation (32 clients) let the JIT compile the request path. Then the hub is stopped and its
# ledger counted: every lookup the generator sent (the check, the JIT warm-up, the warm-up and the
# measured run) must have been answered 200 and have its row.
#
#   bash bench/sustained.sh           # from the repository root
#
# So that a stall can be explained after the fact, every run records the hub's GC log (gc.log), a JDK
# Flight Recorder recording with its always-on `default` settings (hub.jfr) and a per-second CPU
# timeline of the machine, the hub, the mock and the rest (cpu.txt, with the hypervisor's steal).
#
# Environment: JDK ["default" = java on PATH, or a JDK home] [/usr/lib/jvm/temurin-25-jdk-amd64],
# RATE [800], DURATION [600], WARMUP [30], JIT_WARMUP [60], DB [h2 | postgres: database lgsp_bench_sustained, DROPPED],
# HUB_JAVA_OPTS [-Xmx512m] (the recordings are added to it), BENCH_OUT [/tmp/lgsp-bench/sustained].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RATE="${RATE:-800}"
DURATION="${DURATION:-600}"
WARMUP="${WARMUP:-30}"
JIT_WARMUP="${JIT_WARMUP:-60}"
DB="${DB:-h2}"
PG_DB=lgsp_bench_sustained
OUT="${BENCH_OUT:-/tmp/lgsp-bench/sustained}"

cleanup() { stop_cpu_timeline; stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
JAR="$(hub_jar)"
H2_JAR="$OUT/h2.jar"
unzip -p "$JAR" "$(unzip -Z1 "$JAR" | grep -m1 'BOOT-INF/lib/h2-.*\.jar')" >"$H2_JAR"

args=(--hub.sources.citizens.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000)
data="$OUT/data"
rm -rf "$data"
if [[ "$DB" == postgres ]]; then
    ensure_postgres
    recreate_db "$PG_DB"
    mapfile -t pg < <(postgres_args "$PG_DB")
    args+=("${pg[@]}")
else
    args+=(--spring.profiles.active=dev)
fi

ledger_rows() {
    if [[ "$DB" == postgres ]]; then
        psql -X -At -d "$PG_DB" -c 'select count(*) from lookup_ledger'
    else
        h2_ledger_rows "$H2_JAR" "$data"
    fi
}

rm -f "$OUT/hub.jfr" "$OUT/gc.log" "$OUT/cpu.txt"
start_wiremock "$OUT/wiremock.log" -
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx512m} -Xlog:gc*:file=$OUT/gc.log:time,uptime \
-XX:StartFlightRecording=settings=default,filename=$OUT/hub.jfr,dumponexit=true" \
    start_hub "$(java_bin "$JDK")" "$data" "$OUT/hub.log" - "${args[@]}"
cpu_timeline "$OUT/cpu.txt" "$HUB_PID" "$WIREMOCK_PID"
check="$(curl -s -o /dev/null -w '%{http_code}' "${CURL_HEADERS[@]}" "$HUB_URL$LOOKUP_PATH")"
[[ "$check" == 200 ]] || die "the check lookup answered $check"
log "== JIT warm-up: ${JIT_WARMUP}s at saturation"
"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --concurrency 32 \
    --duration "$JIT_WARMUP" --warmup 0 --label jit-warm-up | tee "$OUT/jit-warm-up.txt"
busy="$(wait_quiet)"
log "== $RATE lookups/s for ${DURATION}s after ${WARMUP}s of warm-up (machine ${busy}% busy before)"
"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --rate "$RATE" \
    --duration "$DURATION" --warmup "$WARMUP" --label "sustained-$DB" | tee "$OUT/loadgen.txt"
rss="$(rss_mb "$HUB_PID")"
stop_cpu_timeline
stop_hub
rows="$(ledger_rows)"

sent=$((1 + $(loadgen_field RESULT requests "$OUT/jit-warm-up.txt") + $(loadgen_field WARMUP requests "$OUT/loadgen.txt")
        + $(loadgen_field RESULT requests "$OUT/loadgen.txt")))
errors=$(($(loadgen_field RESULT errors "$OUT/jit-warm-up.txt") + $(loadgen_field WARMUP errors "$OUT/loadgen.txt")
          + $(loadgen_field RESULT errors "$OUT/loadgen.txt")))
{
    echo "Sustained lookups ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), $DB, open model $RATE/s, ${WARMUP}s warm-up + ${DURATION}s"
    machine_info
    echo
    echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    grep '^|' "$OUT/loadgen.txt"
    echo
    echo "- lookups sent (check + JIT warm-up + warm-up + measured): $sent, errors $errors; ledger rows: $rows"
    echo "- answers by status: JIT warm-up $(loadgen_field RESULT statuses "$OUT/jit-warm-up.txt"), warm-up $(loadgen_field WARMUP statuses "$OUT/loadgen.txt"), measured $(loadgen_field RESULT statuses "$OUT/loadgen.txt")"
    echo "- RSS at the end of the run: $rss MB"
    echo "- recordings: $OUT/gc.log, $OUT/hub.jfr, $OUT/cpu.txt (highest steal in a second: $(awk 'NR > 1 && $3 > m {m = $3} END {print m + 0}' "$OUT/cpu.txt") %)"
} >"$OUT/results.md"
cat "$OUT/results.md"
[[ "$errors" == 0 && "$rows" == "$sent" ]] || die "errors: $errors (none expected); ledger rows: $rows, lookups sent: $sent (equal expected)"
