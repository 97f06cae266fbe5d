#!/usr/bin/env bash
# Profile of the hub at saturation (BENCHMARKS.md "Where a lookup's time goes"): the hub on the
# standalone WireMock (as bench/lookup-latency.sh), $CONCURRENCY closed-loop clients of
# bench/loadgen/LoadGen.java for ${WARMUP}s; then JDK Flight Recorder is started (jcmd), so that
# neither start-up nor JIT warm-up is in the recording, for ${DURATION}s more of the same load; then
# the JFR views of the hottest methods and of allocation, written next to the recording. Stacks are
# recorded 512 frames deep (the default 64 cuts off the servlet container under a lookup's frames).
#
#   bash bench/profile-lookups.sh          # from the repository root
#
# Environment: JDK [/usr/lib/jvm/temurin-25-jdk-amd64], CONCURRENCY [64], DURATION [30], WARMUP [10],
# REUSE_MODE [off: every lookup calls the mock; prefer-copy: reuse-store hits], BENCH_OUT [/tmp/lgsp-bench/profile].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CONCURRENCY="${CONCURRENCY:-64}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
REUSE_MODE="${REUSE_MODE:-off}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/profile}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
rm -rf "$OUT/data" "$OUT/hub.jfr"
cd "$ROOT"
hub_jar >/dev/null

start_wiremock "$OUT/wiremock.log" -
HUB_JAVA_OPTS="-Xmx512m -XX:FlightRecorderOptions:stackdepth=512" \
    start_hub "$JDK/bin/java" "$OUT/data" "$OUT/hub.log" - --spring.profiles.active=dev \
    --hub.sources.citizens.reuse-mode="$REUSE_MODE" --hub.security.rate-limits.default-per-second=1000000

load() {
    "${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" \
        "${LOADGEN_HEADERS[@]}" --concurrency "$CONCURRENCY" --warmup 0 "$@"
}
load --duration "$WARMUP" --label warm-up >/dev/null
"$JDK/bin/jcmd" "$HUB_PID" JFR.start name=lookups settings=profile >/dev/null
load --duration "$DURATION" --label "profile-reuse-$REUSE_MODE" | tee "$OUT/load.txt"
"$JDK/bin/jcmd" "$HUB_PID" JFR.stop name=lookups filename="$OUT/hub.jfr" >/dev/null
stop_hub

for view in hot-methods allocation-by-class contention-by-site; do
    "$JDK/bin/jfr" view --width 160 "$view" "$OUT/hub.jfr" >"$OUT/$view.txt" 2>&1 || true
done
log "recording $OUT/hub.jfr; views in $OUT/*.txt"
head -n 30 "$OUT/hot-methods.txt"
