#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Lookup latency and capacity"): the hub against the WireMock stub it calls,
# in the same run, with the open-model generator bench/loadgen/LoadGen.java (latency from each
# request's due time: coordinated omission corrected). Per JDK:
#
# The hub's per-client rate limit is lifted (a benchmark client is one client sending thousands/s).
#
#   a. GET /api/v1/citizens/{id} through the hub (reuse off: every lookup calls the mock) and GET of
#      the same stub on WireMock directly: saturation throughput with $CONCURRENCY closed-loop clients,
#      then latency at each rate of $RATE (open model); added p50/p99 and the capacity ratio. The
#      saturation runs come first, so the JIT has compiled the request path before latency is measured;
#      before any of them, $JIT_WARMUP s of the same lookups at saturation are sent and not counted.
#   c. the same lookup answered from the reuse store (citizens switched to prefer-copy live):
#      saturation, then latency at $REUSE_RATE/s.
#   e. time from process start to ready, RSS idle (after start) and loaded (after the saturation runs).
#
#   bash bench/lookup-latency.sh          # from the repository root
#
# Environment: JDKS ("default" = java on PATH, or a JDK home) [default /usr/lib/jvm/temurin-25-jdk-amd64],
# RATE [200; several, space-separated, measure each], JIT_WARMUP [60], REUSE_RATE [1000], CONCURRENCY [64], DURATION [30], WARMUP [10], PIN [1: hub on CPU 0,
# WireMock and the generator on CPU 1; 0: unpinned], HUB_JAVA_OPTS [-Xmx512m],
# BENCH_OUT [/tmp/lgsp-bench/latency].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDKS="${JDKS:-default /usr/lib/jvm/temurin-25-jdk-amd64}"
RATE="${RATE:-200}"
REUSE_RATE="${REUSE_RATE:-1000}"
JIT_WARMUP="${JIT_WARMUP:-60}"
CONCURRENCY="${CONCURRENCY:-64}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
PIN="${PIN:-1}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/latency}"
SUBJECT=074085000123
HUB_PATH="$LOOKUP_PATH"
STUB_PATH="$MOCK_LOOKUP_PATH"
if [[ "$PIN" == 1 ]]; then HUB_CPUS=0 SIDE_CPUS=1; else HUB_CPUS=- SIDE_CPUS=-; fi

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null

# loadgen LABEL URL MODEL_ARGS... : one run; prints the table row, keeps the RESULT line
loadgen() {
    local label="$1" url="$2"
    shift 2
    local -a cmd=("${LOADGEN[@]}" --url "$url" --duration "$DURATION" --warmup "$WARMUP"
                  --label "$label" "$@")
    [[ "$SIDE_CPUS" == "-" ]] || cmd=(taskset -c "$SIDE_CPUS" "${cmd[@]}")
    "${cmd[@]}" | tee -a "$OUT/raw.txt" | grep '^|'
}

field() { loadgen_field "RESULT label=$1" "$2" "$OUT/raw.txt"; }

RESULTS="$OUT/results.md"
: >"$OUT/raw.txt"
{
    echo "Lookup latency and capacity ($(date -u +%FT%TZ)), open model at $RATE /s and $REUSE_RATE/s, closed model"
    echo "with $CONCURRENCY clients, ${WARMUP}s warm-up + ${DURATION}s measured each, PIN=$PIN"
    machine_info
    echo
} >"$RESULTS"

for jdk in $JDKS; do
    jname="$(java_name "$jdk")"
    tag="jdk$jname"
    rm -rf "$OUT/data-$tag"
    start_wiremock "$OUT/wiremock-$tag.log" "$SIDE_CPUS"
    start_hub "$(java_bin "$jdk")" "$OUT/data-$tag" "$OUT/hub-$tag.log" "$HUB_CPUS" \
        --spring.profiles.active=dev --hub.sources.citizens.reuse-mode=off \
        --hub.security.rate-limits.default-per-second=1000000
    ready="$HUB_READY_SECONDS"
    sleep 5
    idle_rss="$(rss_mb "$HUB_PID")"
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "${MOCK_CURL_ARGS[@]}" "http://127.0.0.1:$MOCK_PORT$STUB_PATH")" == 200 ]] \
        || die "the stub does not answer 200"
    served="$(curl -s -o /dev/null -D - "${CURL_HEADERS[@]}" "$HUB_URL$HUB_PATH" | tr -d '\r' | awk 'tolower($1) == "x-hub-served-from:" {print $2}')"
    [[ "$served" == source ]] || die "the hub did not answer from the source ($served)"

    {
        echo "### JDK $jname"
        echo
        echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
        echo "|---|---|---|---|---|---|---|---|---|"
    } >>"$RESULTS"
    log "== $tag: JIT warm-up, ${JIT_WARMUP}s at saturation (not counted)"
    loadgen "jit-warm-up-$tag" "$HUB_URL$HUB_PATH" "${LOADGEN_HEADERS[@]}" --concurrency "$CONCURRENCY" --warmup 0 \
        --duration "$JIT_WARMUP" >/dev/null
    log "== $tag: a. saturation, $CONCURRENCY clients"
    loadgen "direct-max-$tag" "http://127.0.0.1:$MOCK_PORT$STUB_PATH" "${MOCK_LOOKUP_ARGS[@]}" --concurrency "$CONCURRENCY" >>"$RESULTS"
    loadgen "hub-max-$tag" "$HUB_URL$HUB_PATH" "${LOADGEN_HEADERS[@]}" --concurrency "$CONCURRENCY" >>"$RESULTS"
    loaded_rss="$(rss_mb "$HUB_PID")"
    for rate in $RATE; do
        log "== $tag: a. latency at $rate/s, direct then through the hub"
        loadgen "direct-$rate-$tag" "http://127.0.0.1:$MOCK_PORT$STUB_PATH" "${MOCK_LOOKUP_ARGS[@]}" --rate "$rate" >>"$RESULTS"
        loadgen "hub-$rate-$tag" "$HUB_URL$HUB_PATH" "${LOADGEN_HEADERS[@]}" --rate "$rate" >>"$RESULTS"
    done

    log "== $tag: c. reuse-store hits"
    settings="$(curl -s -H 'X-API-Key: dev-admin-key' "$HUB_URL/api/v1/admin/sources/citizens")"
    body="$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s.pop("source", None); s["reuseMode"]="prefer-copy"; s["reuseTtlSeconds"]=86400; print(json.dumps(s))' "$settings")"
    curl -sf -o /dev/null -X PUT -H 'X-API-Key: dev-admin-key' -H 'Content-Type: application/json' -d "$body" \
        "$HUB_URL/api/v1/admin/sources/citizens" || die "could not switch citizens to prefer-copy"
    curl -s -o /dev/null "${CURL_HEADERS[@]}" "$HUB_URL$HUB_PATH"
    loadgen "reuse-max-$tag" "$HUB_URL$HUB_PATH" "${LOADGEN_HEADERS[@]}" --concurrency "$CONCURRENCY" >>"$RESULTS"
    loadgen "reuse-$tag" "$HUB_URL$HUB_PATH" "${LOADGEN_HEADERS[@]}" --rate "$REUSE_RATE" >>"$RESULTS"
    loaded_rss="$(( $(rss_mb "$HUB_PID") > loaded_rss ? $(rss_mb "$HUB_PID") : loaded_rss ))"

    dmax="$(field "direct-max-$tag" achieved_per_s)" hmax="$(field "hub-max-$tag" achieved_per_s)"
    {
        echo
        for rate in $RATE; do
            awk -v d50="$(field "direct-$rate-$tag" p50_ms)" -v d99="$(field "direct-$rate-$tag" p99_ms)" \
                -v h50="$(field "hub-$rate-$tag" p50_ms)" -v h99="$(field "hub-$rate-$tag" p99_ms)" -v rate="$rate" \
                'BEGIN {printf "- added by the hub at %s/s: p50 %.2f ms, p99 %.2f ms\n", rate, h50 - d50, h99 - d99}'
        done
        awk -v dmax="$dmax" -v hmax="$hmax" \
            'BEGIN {printf "- saturation: hub %.0f/s, direct %.0f/s, ratio %.0f %%\n", hmax, dmax, 100 * hmax / dmax}'
        echo "- ready ${ready} s after the process started; RSS idle ${idle_rss} MB, loaded ${loaded_rss} MB (${HUB_JAVA_OPTS:--Xmx512m})"
        echo
    } >>"$RESULTS"
    stop_hub
    stop_wiremock
done

log "results: $RESULTS"
cat "$RESULTS"
