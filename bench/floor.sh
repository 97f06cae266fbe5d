#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "The framework floor"): what the hub's stack costs per request before any of
# the hub's own work. bench/floor/ is the smallest Spring Boot + Camel application that does on the wire
# what a citizen lookup does: a GET in, the population database's SOAP request POSTed to the standalone
# WireMock, its answer passed back, and nothing else (no security, no ledger, no mapping, no logging).
# It answers two ways:
#   camel   GET /camel/citizens/{id}: Camel's servlet consumer and HTTP producer (the hub's stack)
#   mvc     GET /mvc/citizens/{id}: a Spring MVC controller and a pooled Apache HttpClient 5
# After unmeasured load on each way until the JIT has settled (bench/lib.sh jit_settle: at least half of
# $JIT_WARMUP s, at most $JIT_WARMUP_MAX s each), per way: closed model ($CONNECTIONS connections,
# $WARMUP s + $DURATION s) with the application's CPU per request (process CPU seconds ÷ requests of the
# run and its warm-up, as bench/nginx-ratio.sh counts the hub's), then the open model at $RATE/s against
# the nginx hop (latency added to the hop's p50 and p99), and the RSS. Same JVM options as the hub's
# benchmark (the image's). Per JDK in $JDKS.
#
#   bash bench/floor.sh      # from the repository root, about 5 minutes per JDK
#
# Environment: JDKS [default], CONNECTIONS [16], DURATION [20], WARMUP [10], JIT_WARMUP [60],
# JIT_WARMUP_MAX [300], RATE [200], FLOOR_PORT [18081], HUB_JAVA_OPTS [the image's], BENCH_OUT [/tmp/lgsp-bench/floor].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_lock

JDKS="${JDKS:-default}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
JIT_WARMUP="${JIT_WARMUP:-60}"
JIT_WARMUP_MAX="${JIT_WARMUP_MAX:-300}"
RATE="${RATE:-200}"
FLOOR_PORT="${FLOOR_PORT:-18081}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/floor}"
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:-$(image_bench_java_opts)}"
image_malloc_env
FLOOR_PID=""
stop_floor() {
    [[ -n "$FLOOR_PID" ]] || return 0
    kill "$FLOOR_PID" 2>/dev/null || true
    wait "$FLOOR_PID" 2>/dev/null || true
    FLOOR_PID=""
}
cleanup() { stop_floor; stop_nginx; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
log "building bench/floor"
mvn -B -q -f bench/floor/pom.xml -DskipTests package >"$OUT/build.log" 2>&1 || die "bench/floor did not build ($OUT/build.log)"
JAR="$ROOT/bench/floor/target/lgsp-floor-0.1.0.jar"

RAW="$OUT/raw.txt"
RESULTS="$OUT/results.md"
: >"$RAW"
field() { loadgen_field "RESULT label=$1" "$2" "$RAW"; }
ticks() { awk '{print $14 + $15}' "/proc/$FLOOR_PID/stat"; }
url() { echo "http://127.0.0.1:$FLOOR_PORT/$1/citizens/074085000123"; }
{
    echo "The framework floor ($(date -u +%FT%TZ)): closed model, $CONNECTIONS connections, ${WARMUP} s warm-up +"
    echo "${DURATION} s measured each, after unmeasured load on each way until the JIT settled; open model at ${RATE}/s"
    echo "- JVM options: $HUB_JAVA_OPTS; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"
    echo "- command: JDKS='$JDKS' CONNECTIONS=$CONNECTIONS DURATION=$DURATION WARMUP=$WARMUP JIT_WARMUP=$JIT_WARMUP JIT_WARMUP_MAX=$JIT_WARMUP_MAX RATE=$RATE bash bench/floor.sh"
    echo
    echo "| JDK | way | closed /s | CPU ms per request | open p50 / p99 ms | added to the nginx hop p50 / p99 ms | RSS MB |"
    echo "|---|---|---|---|---|---|---|"
} >"$RESULTS"

start_wiremock "$OUT/wiremock.log" -
start_nginx "$OUT/nginx"
for jdk in $JDKS; do
    tag="jdk$(java_name "$jdk")"
    log "== $tag"
    # shellcheck disable=SC2086 # HUB_JAVA_OPTS is a list of JVM options
    "$(java_bin "$jdk")" $HUB_JAVA_OPTS -jar "$JAR" --server.port="$FLOOR_PORT" \
        --floor.mock-url="http://127.0.0.1:$MOCK_PORT" --floor.request-file="$ROOT/bench/citizen-request.xml" >"$OUT/floor-$tag.log" 2>&1 &
    FLOOR_PID=$!
    for ((i = 0; i < 300; i++)); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$(url camel)")" == 200 ]] && break
        kill -0 "$FLOOR_PID" 2>/dev/null || die "the floor application exited ($OUT/floor-$tag.log)"
        sleep 0.2
    done
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$(url mvc)")" == 200 ]] || die "the floor application does not answer"
    for way in camel mvc; do
        jit_settle "$jdk" "$FLOOR_PID" $((JIT_WARMUP / 2)) "$JIT_WARMUP_MAX" --url "$(url $way)" \
            --concurrency "$CONNECTIONS" --label "jit-$way-$tag"
    done
    "${LOADGEN[@]}" --url "http://127.0.0.1:$NGINX_PORT$MOCK_LOOKUP_PATH" "${MOCK_LOOKUP_ARGS[@]}" --rate "$RATE" \
        --duration "$DURATION" --warmup "$WARMUP" --label "nginx-open-$tag" >>"$RAW"
    for way in camel mvc; do
        t0="$(ticks)"
        "${LOADGEN[@]}" --url "$(url $way)" --concurrency "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
            --label "$way-$tag" >>"$RAW"
        t1="$(ticks)"
        "${LOADGEN[@]}" --url "$(url $way)" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" \
            --label "$way-open-$tag" >>"$RAW"
        requests=$(( $(field "$way-$tag" requests) + $(loadgen_field "WARMUP label=$way-$tag" requests "$RAW") ))
        awk -v j="$tag" -v w="$way" -v s="$(field "$way-$tag" achieved_per_s)" -v t=$((t1 - t0)) -v n="$requests" \
            -v p50="$(field "$way-open-$tag" p50_ms)" -v p99="$(field "$way-open-$tag" p99_ms)" \
            -v h50="$(field "nginx-open-$tag" p50_ms)" -v h99="$(field "nginx-open-$tag" p99_ms)" \
            -v rss="$(rss_mb "$FLOOR_PID")" 'BEGIN {
                printf "| %s | %s | %.0f | %.3f | %.2f / %.2f | %+.2f / %+.2f | %s |\n",
                    j, w, s, t * 10 / n, p50, p99, p50 - h50, p99 - h99, rss}' | tee -a "$RESULTS"
    done
    stop_floor
done
log "results in $RESULTS"
