#!/usr/bin/env bash
# Profile of the hub's lookups with async-profiler (BENCHMARKS.md "Where a lookup's time goes"): the
# hub on the standalone WireMock (reuse off, the image's JVM options), lookups at saturation (16
# clients) until the JIT has settled (bench/lib.sh jit_settle: $WARMUP to $WARMUP_MAX s), then
# async-profiler is attached (jcmd JVMTI.agent_load) for $DURATION s more of load: closed model by default, or open model at $RATE/s when RATE is set. It
# writes collapsed stacks (one line per stack, count last) and their breakdown by layer
# (bench/collapsed-breakdown.py), with the hub's CPU seconds and lookups of the profiled run, so
# that a layer's share converts to milliseconds of CPU per lookup. The profiler comes from Maven
# Central (tools.profiler:async-profiler, the linux-x64 jar); it costs some throughput itself
# (about 10 % at EVENT=cpu, more at EVENT=wall), so compare profiles with each other, and take figures
# from bench/nginx-ratio.sh.
#
#   bash bench/profile-async.sh            # from the repository root
#
# Environment: JDK [default: the java on the PATH], EVENT [cpu | alloc | wall], INTERVAL [1ms; bytes
# for alloc, e.g. 512k], WARMUP [60], WARMUP_MAX [600], DURATION [20], RATE [unset: closed model],
# HUB_JAVA_OPTS [the image's], BENCH_OUT [/tmp/lgsp-bench/profile-async].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-default}"
EVENT="${EVENT:-cpu}"
INTERVAL="${INTERVAL:-1ms}"
WARMUP="${WARMUP:-60}"
WARMUP_MAX="${WARMUP_MAX:-600}"
DURATION="${DURATION:-20}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/profile-async}"
PROFILER_VERSION=4.1
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:-$(image_bench_java_opts)}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
rm -rf "$OUT/data" "$OUT/profiler"
cd "$ROOT"
hub_jar >/dev/null

# the profiler's native library, from the jar Maven Central serves
mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION:jar:linux-x64" \
    -DoutputDirectory="$OUT/profiler" >/dev/null || die "could not fetch async-profiler $PROFILER_VERSION"
(cd "$OUT/profiler" && unzip -q -o "async-profiler-$PROFILER_VERSION-linux-x64.jar")
LIBRARY="$OUT/profiler/linux-x64/libasyncProfiler.so"
[[ -f "$LIBRARY" ]] || die "no $LIBRARY in the profiler's jar"

start_wiremock "$OUT/wiremock.log" -
start_hub "$(java_bin "$JDK")" "$OUT/data" "$OUT/hub.log" - --spring.profiles.active=dev \
    --hub.sources.citizens.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000
load() { "${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --warmup 0 "$@"; }
profiler() { "$(jdk_tool "$JDK" jcmd)" "$HUB_PID" JVMTI.agent_load "$LIBRARY" "\"$1\"" >/dev/null; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$HUB_PID/stat"; }

jit_settle "$JDK" "$HUB_PID" "$WARMUP" "$WARMUP_MAX" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" \
    --concurrency 16 --label warm-up
if [[ -n "${RATE:-}" ]]; then model=(--rate "$RATE"); else model=(--concurrency 16); fi
total="" allocation=()
if [[ "$EVENT" == alloc ]]; then total=",total" allocation=(--allocation); fi
profiler "start,event=$EVENT,interval=$INTERVAL"
ticks0="$(cpu_ticks)"
load "${model[@]}" --duration "$DURATION" --label "profiled-$EVENT" | tee "$OUT/load.txt" | grep '^RESULT'
ticks1="$(cpu_ticks)"
profiler "stop,file=$OUT/$EVENT.collapsed,collapsed$total"
lookups="$(loadgen_field "RESULT label=profiled-$EVENT" requests "$OUT/load.txt")"
cpu="$(awk -v t=$((ticks1 - ticks0)) 'BEGIN {printf "%.2f", t / 100}')"
log "collapsed stacks in $OUT/$EVENT.collapsed; $cpu CPU s for $lookups lookups"
python3 "$BENCH_DIR/collapsed-breakdown.py" "$OUT/$EVENT.collapsed" --lookups "$lookups" --cpu-seconds "$cpu" \
    "${allocation[@]}" | tee "$OUT/$EVENT-breakdown.txt"
