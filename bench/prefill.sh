#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Pre-fill: the slowest part, not the sum"): POST /api/v1/dossiers/{id}/prefill
# for procedure 2.001157 (citizens, enterprises and land: three national databases) with every mock
# answering after $DELAY_MS ms (WireMock's global fixed delay), against, in the same run:
#   - one citizen lookup through the hub (one of the three parts alone), and
#   - the population database's mock asked directly (the delay itself, the floor).
# Open model at $RATE/s (bench/loadgen/LoadGen.java: latency from each request's due time). Target:
# pre-fill p50 <= 130 ms with 100 ms per source; the three lookups one after another would be >= 300 ms.
#
#   bash bench/prefill.sh          # from the repository root
#
# Environment: JDKS ("default" = java on PATH, or a JDK home) [default /usr/lib/jvm/temurin-25-jdk-amd64],
# DELAY_MS [100], RATE [20], DURATION [30], WARMUP [10], JIT_WARMUP [30], PIN [1: hub on CPU 0, WireMock and
# the generator on CPU 1], HUB_JAVA_OPTS [-Xmx512m], BENCH_OUT [/tmp/lgsp-bench/prefill].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDKS="${JDKS:-default /usr/lib/jvm/temurin-25-jdk-amd64}"
DELAY_MS="${DELAY_MS:-100}"
RATE="${RATE:-20}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
JIT_WARMUP="${JIT_WARMUP:-30}"
PIN="${PIN:-1}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/prefill}"
if [[ "$PIN" == 1 ]]; then HUB_CPUS=0 SIDE_CPUS=1; else HUB_CPUS=- SIDE_CPUS=-; fi
PREFILL_PATH=/api/v1/dossiers/000.00.12.H12-261120-0001/prefill
PREFILL_ARGS=(--method POST --body-file bench/prefill.json --header "Content-Type: application/json"
    --header "X-API-Key: dev-provincial-key" --header "X-Procedure-Code: 2.001157" --header "X-Officer-Id: CB-0042"
    --header "X-Agency-Code: 000.00.12.H12")

bench_lock
cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null

loadgen() {
    local label="$1" url="$2"
    shift 2
    local -a cmd=("${LOADGEN[@]}" --url "$url" --duration "$DURATION" --warmup "$WARMUP" --label "$label" "$@")
    [[ "$SIDE_CPUS" == "-" ]] || cmd=(taskset -c "$SIDE_CPUS" "${cmd[@]}")
    "${cmd[@]}" | tee -a "$OUT/raw.txt" | grep '^|'
}
field() { loadgen_field "RESULT label=$1" "$2" "$OUT/raw.txt"; }

RESULTS="$OUT/results.md"
: >"$OUT/raw.txt"
{
    echo "Pre-fill ($(date -u +%FT%TZ)): three sources, each mock answering after ${DELAY_MS} ms; open model at"
    echo "$RATE/s, ${WARMUP}s warm-up + ${DURATION}s measured each, PIN=$PIN"
    machine_info
    echo
} >"$RESULTS"

for jdk in $JDKS; do
    jname="$(java_name "$jdk")"
    tag="jdk$jname"
    rm -rf "$OUT/data-$tag"
    start_wiremock "$OUT/wiremock-$tag.log" "$SIDE_CPUS"
    start_hub "$(java_bin "$jdk")" "$OUT/data-$tag" "$OUT/hub-$tag.log" "$HUB_CPUS" \
        --spring.profiles.active=dev --hub.sources.citizens.reuse-mode=off --hub.sources.enterprises.reuse-mode=off \
        --hub.sources.land.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000
    status="$(curl -s -o "$OUT/prefill-$tag.json" -w '%{http_code}' -X POST --data-binary @bench/prefill.json \
        -H 'Content-Type: application/json' -H 'X-API-Key: dev-provincial-key' -H 'X-Procedure-Code: 2.001157' \
        -H 'X-Officer-Id: CB-0042' -H 'X-Agency-Code: 000.00.12.H12' "$HUB_URL$PREFILL_PATH")"
    [[ "$status" == 200 ]] || die "the pre-fill answered $status (see $OUT/prefill-$tag.json)"
    curl -s -X POST -H 'Content-Type: application/json' -d "{\"fixedDelay\": $DELAY_MS}" \
        "http://127.0.0.1:$MOCK_PORT/__admin/settings" >/dev/null

    {
        echo "### JDK $jname"
        echo
        echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
        echo "|---|---|---|---|---|---|---|---|---|"
    } >>"$RESULTS"
    log "== $tag: JIT warm-up, ${JIT_WARMUP}s of pre-fills (not counted)"
    loadgen "jit-warm-up-$tag" "$HUB_URL$PREFILL_PATH" "${PREFILL_ARGS[@]}" --rate "$RATE" --warmup 0 \
        --duration "$JIT_WARMUP" >/dev/null
    log "== $tag: the mock directly, one citizen lookup, the pre-fill"
    loadgen "mock-$tag" "http://127.0.0.1:$MOCK_PORT$MOCK_LOOKUP_PATH" "${MOCK_LOOKUP_ARGS[@]}" --rate "$RATE" >>"$RESULTS"
    loadgen "lookup-$tag" "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --rate "$RATE" >>"$RESULTS"
    loadgen "prefill-$tag" "$HUB_URL$PREFILL_PATH" "${PREFILL_ARGS[@]}" --rate "$RATE" >>"$RESULTS"
    {
        echo
        awk -v m="$(field "mock-$tag" p50_ms)" -v l="$(field "lookup-$tag" p50_ms)" -v p="$(field "prefill-$tag" p50_ms)" \
            -v d="$DELAY_MS" 'BEGIN {printf "- p50: mock %.1f ms, one lookup %.1f ms, pre-fill of three %.1f ms (target <= 130; three in a row >= %d): pre-fill / one lookup %.2f\n", m, l, p, 3 * d, p / l}'
        echo
    } >>"$RESULTS"
    stop_hub
    stop_wiremock
done

log "results: $RESULTS"
cat "$RESULTS"
