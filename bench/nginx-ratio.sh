#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Current figures"): the hub as a fraction of a bare proxy hop, in one run,
# and the issue's targets, met or missed. The same citizen lookup is sent, closed model, $CONNECTIONS
# connections, $DURATION s each after $WARMUP s:
#   direct   POST of the population service's SOAP request to a standalone WireMock (journal off)
#   nginx    the same POST through nginx, a bare keep-alive proxy hop to that WireMock
#   source   GET /api/v1/citizens/{id}?fullName=…&birthDate=… through the hub, reuse off: every lookup
#            calls the mock and is a ledger row
# then, open model at $RATE/s ($WARMUP s of warm-up ramping up to the rate, $DURATION s measured; latency
# counted from each request's due time), the nginx hop and the hub from the source (reuse still off):
#   nginx-open, source-open
# then, closed model again:
#   reuse    the same lookup answered from the reuse store (citizens switched to prefer-copy live)
#   health   GET /actuator/health
# It reports the ratios to the nginx hop, the latency the hub adds to the hop at $RATE/s (its p50 and
# p99 minus the hop's), the hub's CPU per lookup (process CPU seconds ÷ lookups of the source run and
# its warm-up, mock and nginx excluded), its RSS after the runs, and a table of the targets. Before the
# measured runs, hub lookups at saturation are sent and not counted until the JIT compilers have settled
# (bench/lib.sh jit_settle: at least $JIT_WARMUP s, at most $JIT_WARMUP_MAX s): on two cores JDK 17's
# compilers take a whole core for two to three minutes of load (BENCHMARKS.md, Method), and what is
# measured is the hub as it runs for days. Per JDK in $JDKS.
#
# The hub runs as the image runs it: with the JVM options of the image (the Dockerfile's
# JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX, bench/lib.sh image_bench_java_opts), so that its RSS is the
# image's (-Xmx512m is added if they set no maximum heap), and, unless IMAGE_LAUNCH=0, extracted with the
# class archive of the image's training run (bench/lib.sh image_app; CDS on JDK 17, the AOT cache on 24+).
# The whole run holds the lock $BENCH_LOCK, which every benchmark on this machine takes: one at a time.
#
#   bash bench/nginx-ratio.sh      # from the repository root; installs nginx with apt-get if missing
#
# Environment: JDKS [default /usr/lib/jvm/temurin-25-jdk-amd64], CONNECTIONS [16], DURATION [30],
# WARMUP [30], JIT_WARMUP [60], JIT_WARMUP_MAX [600], RATE [200], NGINX_PORT [18090], HUB_JAVA_OPTS [the image's], IMAGE_LAUNCH
# [1: extracted jar and class archive, as the image; 0: java -jar target/lgsp-hub-*.jar], HUB_ARGS
# [more of the hub's arguments, e.g. --hub.ledger.enabled=false to measure it without its ledger],
# BENCH_LOCK [/tmp/lgsp-bench.lock], BENCH_OUT [/tmp/lgsp-bench/nginx-ratio].
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_lock

JDKS="${JDKS:-default /usr/lib/jvm/temurin-25-jdk-amd64}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-30}"
JIT_WARMUP="${JIT_WARMUP:-60}"
JIT_WARMUP_MAX="${JIT_WARMUP_MAX:-600}"
IMAGE_LAUNCH="${IMAGE_LAUNCH:-1}"
RATE="${RATE:-200}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/nginx-ratio}"
if [[ -n "${HUB_JAVA_OPTS:-}" ]]; then
    HEAP_FROM="HUB_JAVA_OPTS"
else
    HUB_JAVA_OPTS="$(image_bench_java_opts)"
    if [[ "$HUB_JAVA_OPTS" == "$(image_java_opts)" ]]; then
        HEAP_FROM="the image's, from the Dockerfile"
    else
        HEAP_FROM="the image's options set no maximum heap: -Xmx512m added"
    fi
fi
# the image's malloc arenas too (glibc's default is 8 per core): its resident memory is what is measured
image_malloc_env
log "hub JVM options: $HUB_JAVA_OPTS ($HEAP_FROM); MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"

cleanup() { stop_hub; stop_nginx; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null
RAW="$OUT/raw.txt"
RESULTS="$OUT/results.md"
: >"$RAW"
rm -f "$OUT"/targets-*.tsv
# run LABEL URL [LoadGen options]: closed model, $CONNECTIONS connections
run() {
    local label="$1" url="$2"
    shift 2
    "${LOADGEN[@]}" --url "$url" --concurrency "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
        --label "$label" "$@" | tee -a "$RAW" | grep '^|'
}
# run_open LABEL URL [LoadGen options]: open model at $RATE/s, latency from each request's due time
run_open() {
    local label="$1" url="$2"
    shift 2
    "${LOADGEN[@]}" --url "$url" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" \
        --label "$label" "$@" | tee -a "$RAW" | grep '^|'
}
field() { loadgen_field "RESULT label=$1" "$2" "$RAW"; }
cpu_seconds() { awk '{printf "%.2f\n", ($14 + $15) / 100}' "/proc/$1/stat"; }

{
    echo "The hub against a bare nginx hop ($(date -u +%FT%TZ)): closed model, $CONNECTIONS connections,"
    echo "${WARMUP} s warm-up + ${DURATION} s measured each, after unmeasured hub lookups until the JIT settled (${JIT_WARMUP}-${JIT_WARMUP_MAX} s);"
    echo "open model at ${RATE}/s (nginx-open, source-open): ${WARMUP} s ramp-up + ${DURATION} s measured"
    echo "- CPU: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
    echo "- hub JVM options: $HUB_JAVA_OPTS ($HEAP_FROM); MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; launched $([[ "$IMAGE_LAUNCH" == 1 ]] && echo "as the image: extracted, with the class archive of its training run" || echo "with java -jar")"
    echo "- command: JDKS='$JDKS' IMAGE_LAUNCH=$IMAGE_LAUNCH HUB_ARGS='${HUB_ARGS:-}' CONNECTIONS=$CONNECTIONS DURATION=$DURATION WARMUP=$WARMUP JIT_WARMUP=$JIT_WARMUP JIT_WARMUP_MAX=$JIT_WARMUP_MAX RATE=$RATE bash bench/nginx-ratio.sh"
} >"$RESULTS"

start_wiremock "$OUT/wiremock.log" -
start_nginx "$OUT/nginx"

for jdk in $JDKS; do
    tag="jdk$(java_name "$jdk")"
    log "== $tag"
    # a fresh database: settings an earlier run stored (citizens switched to prefer-copy) must not carry over
    rm -rf "$OUT/data-$tag"
    hub_jar_run="$(hub_jar)" hub_opts_run="$HUB_JAVA_OPTS"
    if [[ "$IMAGE_LAUNCH" == 1 ]]; then
        image_app "$jdk" "$hub_jar_run" "$OUT/app-$tag" "$HUB_JAVA_OPTS"
        hub_jar_run="$IMAGE_JAR" hub_opts_run="$HUB_JAVA_OPTS $IMAGE_ARCHIVE_OPTS"
    fi
    HUB_JAR="$hub_jar_run" HUB_JAVA_OPTS="$hub_opts_run" start_hub "$(java_bin "$jdk")" "$OUT/data-$tag" "$OUT/hub-$tag.log" - \
        --spring.profiles.active=dev --hub.sources.citizens.reuse-mode=off \
        --hub.security.rate-limits.default-per-second=1000000 ${HUB_ARGS:-}
    ready="$HUB_READY_SECONDS"
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "${CURL_HEADERS[@]}" "$HUB_URL$LOOKUP_PATH")" == 200 ]] \
        || die "the hub does not answer the lookup with 200"
    jit_settle "$jdk" "$HUB_PID" "$JIT_WARMUP" "$JIT_WARMUP_MAX" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" \
        --concurrency "$CONNECTIONS" --label "jit-$tag"
    jit_note="the JIT $( ((JIT_SETTLED)) && echo settled || echo "had not settled") after ${JIT_SETTLED_SECONDS} s of lookups"

    {
        echo
        echo "### $(java_name "$jdk")"
        echo
        echo "| run | model | target | achieved/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |"
        echo "|---|---|---|---|---|---|---|---|---|"
    } >>"$RESULTS"
    run "direct-$tag" "http://127.0.0.1:$MOCK_PORT$MOCK_LOOKUP_PATH" "${MOCK_LOOKUP_ARGS[@]}" >>"$RESULTS"
    run "nginx-$tag" "http://127.0.0.1:$NGINX_PORT$MOCK_LOOKUP_PATH" "${MOCK_LOOKUP_ARGS[@]}" >>"$RESULTS"
    cpu_before="$(cpu_seconds "$HUB_PID")"
    run "source-$tag" "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" >>"$RESULTS"
    cpu_after="$(cpu_seconds "$HUB_PID")"
    run_open "nginx-open-$tag" "http://127.0.0.1:$NGINX_PORT$MOCK_LOOKUP_PATH" "${MOCK_LOOKUP_ARGS[@]}" >>"$RESULTS"
    run_open "source-open-$tag" "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" >>"$RESULTS"
    settings="$(curl -s -H 'X-API-Key: dev-admin-key' "$HUB_URL/api/v1/admin/sources/citizens")"
    body="$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s.pop("source", None); s["reuseMode"]="prefer-copy"; s["reuseTtlSeconds"]=86400; print(json.dumps(s))' "$settings")"
    curl -sf -o /dev/null -X PUT -H 'X-API-Key: dev-admin-key' -H 'Content-Type: application/json' -d "$body" \
        "$HUB_URL/api/v1/admin/sources/citizens" || die "could not switch citizens to prefer-copy"
    curl -s -o /dev/null "${CURL_HEADERS[@]}" "$HUB_URL$LOOKUP_PATH"
    run "reuse-$tag" "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" >>"$RESULTS"
    run "health-$tag" "$HUB_URL/actuator/health" >>"$RESULTS"
    rss="$(rss_mb "$HUB_PID")"
    stop_hub

    # the figures of this JDK, and its row of each target for the table at the end (targets-*.tsv)
    awk -v n="$(field "nginx-$tag" achieved_per_s)" -v d="$(field "direct-$tag" achieved_per_s)" \
        -v s="$(field "source-$tag" achieved_per_s)" -v r="$(field "reuse-$tag" achieved_per_s)" \
        -v h="$(field "health-$tag" achieved_per_s)" \
        -v errors="$(( $(field "source-$tag" errors) + $(field "reuse-$tag" errors) + $(field "health-$tag" errors) ))" \
        -v open_errors="$(( $(field "nginx-open-$tag" errors) + $(field "source-open-$tag" errors) ))" \
        -v hop50="$(field "nginx-open-$tag" p50_ms)" -v hop99="$(field "nginx-open-$tag" p99_ms)" \
        -v hub50="$(field "source-open-$tag" p50_ms)" -v hub99="$(field "source-open-$tag" p99_ms)" \
        -v lookups="$(( $(field "source-$tag" requests) + $(loadgen_field "WARMUP label=source-$tag" requests "$RAW") ))" \
        -v c0="$cpu_before" -v c1="$cpu_after" -v rate="$RATE" -v heap_from="$HEAP_FROM" \
        -v rss="$rss" -v ready="$ready" -v opts="$HUB_JAVA_OPTS" -v targets="$OUT/targets-$tag.tsv" -v jit="$jit_note" '
        function pct(a, b) { return b > 0 ? 100 * a / b : 0 }
        function verdict(ok) { return ok ? "met" : "MISSED" }
        function target(name, value, ok) { printf "%s\t%s\t%s\n", name, value, verdict(ok) > targets }
        BEGIN {
            cpu = lookups > 0 ? 1000 * (c1 - c0) / lookups : 0
            add50 = hub50 - hop50; add99 = hub99 - hop99
            printf "\n- the nginx hop keeps %.0f %% of direct; from the source, the hub is %.1f %% of the hop; from the reuse store, %.1f %%\n", pct(n, d), pct(s, n), pct(r, n)
            printf "- at %s/s the hub adds p50 %.2f ms, p99 %.2f ms over the nginx hop (hub %.2f / %.2f ms, hop %.2f / %.2f ms; %d errors)\n", rate, add50, add99, hub50, hub99, hop50, hop99, open_errors
            printf "- hub CPU per lookup from the source: %.3f ms (%.1f CPU s for %d lookups, its warm-up included; %s)\n", cpu, c1 - c0, lookups, jit
            printf "- RSS after the runs %d MB (%s: %s); health %.0f/s; ready %s s after start\n", rss, opts, heap_from, h, ready
            note = errors > 0 ? sprintf(" (%d errors in source, reuse, health)", errors) : ""
            onote = open_errors > 0 ? sprintf(" (%d errors)", open_errors) : ""
            target("from the source ≥ 25 % of the nginx hop", sprintf("%.1f %%%s", pct(s, n), note), pct(s, n) >= 25 && errors == 0)
            target("reuse-store hits ≥ 40 % of the nginx hop", sprintf("%.1f %%%s", pct(r, n), note), pct(r, n) >= 40 && errors == 0)
            target("added p50 ≤ 1 ms and p99 ≤ 5 ms at 200/s" (rate == 200 ? "" : " (measured at " rate "/s)"),
                sprintf("p50 %+.2f ms, p99 %+.2f ms%s", add50, add99, onote), add50 <= 1 && add99 <= 5 && open_errors == 0)
            target("hub CPU per lookup ≤ 0.4 ms", sprintf("%.3f ms", cpu), cpu <= 0.4)
            target("RSS after the benchmark ≤ 400 MB (the image'"'"'s heap settings)",
                sprintf("%d MB%s", rss, heap_from ~ /^the image.s, / ? "" : " (" heap_from ")"), rss <= 400)
            target("health ≥ 5,000/s", sprintf("%.0f/s%s", h, note), h >= 5000 && errors == 0)
        }' >>"$RESULTS"
done

# The targets, one column per JDK; "met" only where every JDK meets it.
{
    echo
    echo "### Targets"
    echo
    for jdk in $JDKS; do printf '%s\t%s\n' "$OUT/targets-jdk$(java_name "$jdk").tsv" "JDK $(java_name "$jdk")"; done |
        awk -F '\t' '
            NR == FNR {file[++k] = $1; head[k] = $2; next}
            END {
                for (j = 1; j <= k; j++) {
                    i = 0
                    while ((getline line < file[j]) > 0) {
                        split(line, f, "\t"); i++
                        name[i] = f[1]; cell[i, j] = f[2] " — " f[3]
                        if (f[3] != "met") missed[i] = 1
                    }
                    rows = i
                }
                printf "| target |"; for (j = 1; j <= k; j++) printf " %s |", head[j]; print " met |"
                printf "|---|"; for (j = 1; j <= k; j++) printf "---|"; print "---|"
                for (i = 1; i <= rows; i++) {
                    printf "| %s |", name[i]
                    for (j = 1; j <= k; j++) printf " %s |", cell[i, j]
                    print " " (missed[i] ? "MISSED" : "met") " |"
                }
            }'
} >>"$RESULTS"
log "results: $RESULTS"
cat "$RESULTS"
