#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "The default run under sustained load"): the development run exactly as
# `mvn spring-boot:run` starts it (dev profile, H2, embedded broker, the in-process WireMock mocks,
# which keep no request journal), with -Xmx512m, under LOOKUP_RATE lookups/s through the hub and
# MOCK_RATE/s of a tester's own calls to the mocks, for DURATION seconds. Every SAMPLE seconds the
# heap is measured after a full GC: a heap that holds what it served (a request journal, say) grows
# sample after sample, and dies of OutOfMemoryError. Passes when no request failed and the heap after
# GC at the end is within HEAP_SLACK_MB of the first sample.
#
#   bash bench/default-run.sh                                        # JDK 17 (the default java)
#   JDK=/usr/lib/jvm/temurin-25-jdk-amd64 bash bench/default-run.sh
#
# Environment: JDK [default], LOOKUP_RATE [500], MOCK_RATE [300], DURATION [180], SAMPLE [20],
# HEAP_SLACK_MB [40], BENCH_OUT [/tmp/lgsp-bench/default-run].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-default}"
LOOKUP_RATE="${LOOKUP_RATE:-500}"
MOCK_RATE="${MOCK_RATE:-300}"
DURATION="${DURATION:-180}"
SAMPLE="${SAMPLE:-20}"
HEAP_SLACK_MB="${HEAP_SLACK_MB:-40}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/default-run}"

MVN_PID=""
cleanup() {
    [[ -n "$HUB_PID" ]] && kill -TERM "$HUB_PID" 2>/dev/null || true
    [[ -n "$MVN_PID" ]] && wait "$MVN_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
rm -rf "$OUT/data" "$OUT"/*.txt
cd "$ROOT"
port_free "$HUB_PORT" || die "port $HUB_PORT is in use"
port_free "$MOCK_PORT" || die "port $MOCK_PORT is in use"

java_home=""
[[ "$JDK" == default ]] || java_home="$JDK"
log "starting the default run: mvn spring-boot:run (JDK ${JDK})"
JAVA_HOME="${java_home:-${JAVA_HOME:-}}" mvn -B -q spring-boot:run \
    -Dspring-boot.run.jvmArguments="-Xmx512m" \
    -Dspring-boot.run.arguments="--server.port=$HUB_PORT --hub.mocks.port=$MOCK_PORT --hub.sources.citizens.base-url=http://127.0.0.1:$MOCK_PORT --hub.sources.enterprises.base-url=http://127.0.0.1:$MOCK_PORT --hub.sources.land.base-url=http://127.0.0.1:$MOCK_PORT --hub.portal.base-url=http://127.0.0.1:$MOCK_PORT --hub.criminal-records.base-url=http://127.0.0.1:$MOCK_PORT --hub.data-dir=$OUT/data --hub.sources.citizens.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000" \
    >"$OUT/hub.log" 2>&1 &
MVN_PID=$!
deadline=$((SECONDS + READY_TIMEOUT))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$HUB_URL/actuator/health/readiness" 2>/dev/null)" == 200 ]]; do
    kill -0 "$MVN_PID" 2>/dev/null || { tail -n 40 "$OUT/hub.log" >&2; die "the default run exited"; }
    ((SECONDS < deadline)) || die "the default run was not ready within ${READY_TIMEOUT}s"
    sleep 1
done
HUB_PID="$(ss -ltnpH "sport = :$HUB_PORT" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -n1)"
[[ -n "$HUB_PID" ]] || die "no process listens on $HUB_PORT"
log "default run ready (pid $HUB_PID)"

heap_after_gc() {
    "$(jdk_tool "$JDK" jcmd)" "$HUB_PID" GC.run >/dev/null
    "$(jdk_tool "$JDK" jcmd)" "$HUB_PID" GC.heap_info | awk '/used/ {
        for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); printf "%.0f\n", v / 1024; exit}}'
}

"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --rate "$LOOKUP_RATE" \
    --duration "$DURATION" --warmup 20 --label "lookups" >"$OUT/lookups.txt" 2>&1 &
lookups_pid=$!
"${LOADGEN[@]}" --url "http://127.0.0.1:$MOCK_PORT$MOCK_LOOKUP_PATH" "${MOCK_LOOKUP_ARGS[@]}" --rate "$MOCK_RATE" \
    --duration "$DURATION" --warmup 20 --label "direct-to-mocks" >"$OUT/mocks.txt" 2>&1 &
mocks_pid=$!
sleep 20
echo "seconds heap_after_gc_mb rss_mb" >"$OUT/heap.txt"
for ((t = 0; t <= DURATION; t += SAMPLE)); do
    # a JVM that no longer answers jcmd (out of memory) is recorded as such, and the run goes on
    heap="$(heap_after_gc 2>/dev/null || true)"
    echo "$t ${heap:-none} $(rss_mb "$HUB_PID" 2>/dev/null || echo none)" | tee -a "$OUT/heap.txt" >&2
    ((t + SAMPLE <= DURATION)) && sleep "$SAMPLE"
done
wait "$lookups_pid" || true
wait "$mocks_pid" || true
first="$(awk 'NR == 2 {print $2}' "$OUT/heap.txt")"
last="$(awk 'END {print $2}' "$OUT/heap.txt")"
errors="$(loadgen_field RESULT errors "$OUT/lookups.txt")"
oom="$(grep -c OutOfMemoryError "$OUT/hub.log" || true)"
verdict=PASS
if [[ "$first" =~ ^[0-9]+$ && "$last" =~ ^[0-9]+$ ]]; then
    ((last - first <= HEAP_SLACK_MB)) || verdict="FAIL: the heap grew by $((last - first)) MB"
else
    verdict="FAIL: the heap could not be measured to the end"
fi
[[ "${errors:-1}" == 0 ]] || verdict="FAIL: $errors lookups failed"
((oom == 0)) || verdict="FAIL: OutOfMemoryError"
{
    echo "The default run under sustained load ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), -Xmx512m, ${DURATION}s"
    machine_info
    echo
    echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    grep -h '^|' "$OUT/lookups.txt" "$OUT/mocks.txt"
    echo
    echo "- lookups by status: $(loadgen_field RESULT statuses "$OUT/lookups.txt"); direct calls to the mocks: $(loadgen_field RESULT statuses "$OUT/mocks.txt")"
    echo "- heap after a full GC, MB, every ${SAMPLE}s: $(awk 'NR > 1 {printf "%s ", $2}' "$OUT/heap.txt")"
    echo "- RSS, MB: $(awk 'NR > 1 {printf "%s ", $3}' "$OUT/heap.txt")"
    echo "- OutOfMemoryError in the log: $oom"
    echo "- verdict: $verdict (heap after GC within ${HEAP_SLACK_MB} MB of the first sample, no failed lookup)"
} >"$OUT/results.md"
cat "$OUT/results.md"
[[ "$verdict" == PASS ]]
