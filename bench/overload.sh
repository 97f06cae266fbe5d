#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Overload: admission control"): lookups sent at a fixed rate well above
# what the hub can serve (open model: the generator does not slow down), to show what the hub does
# with the excess. Past hub.admission.max-in-flight requests in progress, it answers 503
# hub.overloaded at once, so the requests it accepts keep a bounded latency and its memory stays
# bounded. Reports the answers by status, latency, RSS, the hub's refused-request counter, and a
# lookup made right after the overload.
#
#   bash bench/overload.sh            # from the repository root
#
# Environment: JDK [/usr/lib/jvm/temurin-25-jdk-amd64: virtual threads, so nothing but admission
# control bounds the requests in progress], RATE [1000], DURATION [30], WARMUP [10],
# HUB_JAVA_OPTS [-Xmx512m], BENCH_OUT [/tmp/lgsp-bench/overload].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RATE="${RATE:-1000}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/overload}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
rm -rf "$OUT/data"
cd "$ROOT"
hub_jar >/dev/null

start_wiremock "$OUT/wiremock.log" -
start_hub "$(java_bin "$JDK")" "$OUT/data" "$OUT/hub.log" - --spring.profiles.active=dev \
    --hub.sources.citizens.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000
idle_rss="$(rss_mb "$HUB_PID")"
busy="$(wait_quiet)"
log "== $RATE lookups/s for ${DURATION}s after ${WARMUP}s (machine ${busy}% busy before)"
"${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --rate "$RATE" \
    --duration "$DURATION" --warmup "$WARMUP" --label "overload-$RATE" | tee "$OUT/loadgen.txt"
loaded_rss="$(rss_mb "$HUB_PID")"
refused="$(curl -s "$HUB_URL/actuator/prometheus" | awk '/^hub_requests_refused_total/ {print $NF}')"
after="$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "${CURL_HEADERS[@]}" "$HUB_URL$LOOKUP_PATH")"
{
    echo "Overload ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), open model $RATE/s, ${WARMUP}s warm-up + ${DURATION}s"
    machine_info
    echo
    echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
    echo "|---|---|---|---|---|---|---|---|---|"
    grep '^|' "$OUT/loadgen.txt"
    echo
    echo "- answers by status (measured part): $(loadgen_field RESULT statuses "$OUT/loadgen.txt")"
    echo "- hub_requests_refused_total (warm-up included): $refused"
    echo "- RSS: $idle_rss MB before, $loaded_rss MB after (${HUB_JAVA_OPTS:--Xmx512m})"
    echo "- a lookup right after: $after"
} >"$OUT/results.md"
cat "$OUT/results.md"
