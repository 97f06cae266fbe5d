#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md, appendix "fourth pass"): two hubs compared in one run, A and B, side by side
# on one standalone WireMock, their loads alternating, so that the machine's drift from minute to minute
# (±50 % within an hour on this shared VM) falls on both alike. Both run as the image runs them (the
# image's JVM options and class archive, bench/lib.sh image_app), reuse off, each with its own database.
# After lookups to each until its JIT has settled (bench/lib.sh jit_settle), six 10 s slices at saturation each
# (closed model, 16 connections): throughput and CPU per lookup (process CPU ÷ lookups of its slices);
# then two 15 s slices at $RATE/s each (open model): p50 / p99; then 10 s of health probes each; then
# RSS and the collections each made (GC log). Each hub's metrics at the end: metrics-A.txt, metrics-B.txt.
#
#   A_OPTS='-XX:+UseSerialGC' B_OPTS='-XX:+UseParallelGC -XX:GCTimeRatio=19 -Xmx256m' BASE_SED='s/-XX:+UseSerialGC //' bash bench/ab.sh
#   B_ARGS='--hub.ledger.enabled=false' bash bench/ab.sh
#   B_JAR=/tmp/before/target/lgsp-hub-0.1.0-SNAPSHOT.jar bash bench/ab.sh   # this build against an earlier one
#
# Environment: JDK [default], A_JAR / B_JAR [each hub's jar; the one in target/], A_OPTS / B_OPTS [JVM
# options added to each], A_ARGS / B_ARGS [hub arguments added to each; @DATA@ stands for that hub's
# data directory, e.g. --spring.datasource.url=jdbc:h2:file:@DATA@/lgsp-hub;...], BASE_SED [a sed
# expression applied to the image's JVM options first, to take out an option one side replaces],
# JIT_WARMUP [60: the warm-up's least seconds], JIT_WARMUP_MAX [600], RATE [200], BENCH_OUT [/tmp/lgsp-bench/ab].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_lock

JDK="${JDK:-default}"
JIT_WARMUP="${JIT_WARMUP:-60}"
JIT_WARMUP_MAX="${JIT_WARMUP_MAX:-600}"
RATE="${RATE:-200}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/ab}"
declare -A PID PORT=([A]=18080 [B]=18082)

cleanup() {
    local h
    for h in A B; do
        if [[ -n "${PID[$h]:-}" ]]; then HUB_PID="${PID[$h]}" stop_hub; fi
    done
    stop_wiremock
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$ROOT"
base="$(image_bench_java_opts | sed "${BASE_SED:-s/^//}")"
declare -A APP_JAR ARCHIVE_OPTS
for h in A B; do
    jar="${h}_JAR"
    if [[ "$h" == B && "${!jar:-}" == "${A_JAR:-}" ]]; then
        APP_JAR[B]="${APP_JAR[A]}" ARCHIVE_OPTS[B]="${ARCHIVE_OPTS[A]}"
        continue
    fi
    image_app "$JDK" "${!jar:-$(hub_jar)}" "$OUT/app-$h" "$base"
    APP_JAR[$h]="$IMAGE_JAR" ARCHIVE_OPTS[$h]="$IMAGE_ARCHIVE_OPTS"
done
image_malloc_env
start_wiremock "$OUT/wiremock.log" -
for h in A B; do
    opts="${h}_OPTS" args="${h}_ARGS"
    extra="${!args:-}"
    # shellcheck disable=SC2086 # the extra arguments are a list
    HUB_PORT="${PORT[$h]}" HUB_URL="http://127.0.0.1:${PORT[$h]}" HUB_JAR="${APP_JAR[$h]}" \
        HUB_JAVA_OPTS="$base ${ARCHIVE_OPTS[$h]} -Xlog:gc:file=$OUT/gc-$h.log ${!opts:-}" \
        start_hub "$(java_bin "$JDK")" "$OUT/data-$h" "$OUT/hub-$h.log" - --spring.profiles.active=dev \
        --hub.sources.citizens.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000 \
        ${extra//@DATA@/$OUT/data-$h}
    PID[$h]="$HUB_PID"
    HUB_PID=""
done

load() { "${LOADGEN[@]}" --url "http://127.0.0.1:${PORT[$1]}${2:-$LOOKUP_PATH}" "${LOADGEN_HEADERS[@]}" --warmup 0 "${@:3}"; }
ticks() { awk '{print $14 + $15}' "/proc/${PID[$1]}/stat"; }
declare -A SETTLED
for h in A B; do
    log "JIT warm-up of $h"
    jit_settle "$JDK" "${PID[$h]}" "$JIT_WARMUP" "$JIT_WARMUP_MAX" --url "http://127.0.0.1:${PORT[$h]}$LOOKUP_PATH" \
        "${LOADGEN_HEADERS[@]}" --concurrency 16 --label "warm-$h"
    SETTLED[$h]="$( ((JIT_SETTLED)) && echo "JIT settled after ${JIT_SETTLED_SECONDS} s" || echo "JIT not settled in ${JIT_SETTLED_SECONDS} s")"
done
declare -A cpu=([A]=0 [B]=0) lookups=([A]=0 [B]=0)
for ((r = 0; r < 6; r++)); do
    for h in A B; do
        t0="$(ticks "$h")"
        load "$h" "" --concurrency 16 --duration 10 --label "sat-$h" >"$OUT/slice.txt"
        t1="$(ticks "$h")"
        cat "$OUT/slice.txt" >>"$OUT/raw.txt"
        cpu[$h]=$((cpu[$h] + t1 - t0))
        lookups[$h]=$((lookups[$h] + $(loadgen_field "RESULT label=sat-$h" requests "$OUT/slice.txt")))
    done
done
for ((r = 0; r < 2; r++)); do
    for h in A B; do load "$h" "" --rate "$RATE" --duration 15 --label "open-$h-$r" >>"$OUT/raw.txt"; done
done
for h in A B; do load "$h" /actuator/health --concurrency 16 --duration 10 --label "health-$h" >>"$OUT/raw.txt"; done
for h in A B; do curl -s "http://127.0.0.1:${PORT[$h]}/actuator/prometheus" >"$OUT/metrics-$h.txt" || true; done
{
    echo "A: ${A_JAR:-} ${A_OPTS:-} ${A_ARGS:-} (${SETTLED[A]})"
    echo "B: ${B_JAR:-} ${B_OPTS:-} ${B_ARGS:-} (${SETTLED[B]})"
    echo "| hub | lookups/s at saturation | CPU ms per lookup | p50 / p99 ms at ${RATE}/s, two slices | health /s | RSS MB | young / full collections |"
    echo "|---|---|---|---|---|---|---|"
    for h in A B; do
        printf '| %s | %d | %.3f | %s / %s, %s / %s | %s | %s | %s / %s |\n' "$h" $((lookups[$h] / 60)) \
            "$(awk -v t="${cpu[$h]}" -v n="${lookups[$h]}" 'BEGIN {print t * 10 / n}')" \
            "$(loadgen_field "RESULT label=open-$h-0" p50_ms "$OUT/raw.txt")" "$(loadgen_field "RESULT label=open-$h-0" p99_ms "$OUT/raw.txt")" \
            "$(loadgen_field "RESULT label=open-$h-1" p50_ms "$OUT/raw.txt")" "$(loadgen_field "RESULT label=open-$h-1" p99_ms "$OUT/raw.txt")" \
            "$(loadgen_field "RESULT label=health-$h" achieved_per_s "$OUT/raw.txt")" "$(rss_mb "${PID[$h]}")" \
            "$(grep -c 'Pause Young' "$OUT/gc-$h.log" || true)" "$(grep -c 'Pause Full' "$OUT/gc-$h.log" || true)"
    done
} | tee "$OUT/results.md"
