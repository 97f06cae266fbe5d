#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md): the hub as a fraction of a bare proxy hop, in one run. The same citizen
# lookup is sent, closed model, $CONNECTIONS connections, $DURATION s each after $WARMUP s:
#   direct   POST of the population service's SOAP request to a standalone WireMock (journal off)
#   nginx    the same POST through nginx, a bare keep-alive proxy hop to that WireMock
#   source   GET /api/v1/citizens/{id}?fullName=…&birthDate=… through the hub, reuse off: every lookup
#            calls the mock and is a ledger row
#   reuse    the same lookup answered from the reuse store (citizens switched to prefer-copy live)
#   health   GET /actuator/health
# and reports the ratios to the nginx hop, the hub's CPU per lookup (process CPU seconds ÷ lookups of the
# source run and its warm-up, mock and nginx excluded) and its RSS after the runs. Before the measured runs, $JIT_WARMUP s
# of hub lookups at saturation are sent and not counted. Per JDK in $JDKS.
#
#   bash bench/nginx-ratio.sh      # from the repository root; installs nginx with apt-get if missing
#
# Environment: JDKS [default /usr/lib/jvm/temurin-25-jdk-amd64], CONNECTIONS [16], DURATION [30],
# WARMUP [5], JIT_WARMUP [30], NGINX_PORT [18090], HUB_JAVA_OPTS [-Xmx512m], BENCH_OUT [/tmp/lgsp-bench/nginx-ratio].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDKS="${JDKS:-default /usr/lib/jvm/temurin-25-jdk-amd64}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-5}"
JIT_WARMUP="${JIT_WARMUP:-30}"
NGINX_PORT="${NGINX_PORT:-18090}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/nginx-ratio}"
NGINX_PID=""

stop_nginx() {
    [[ -n "$NGINX_PID" ]] || return 0
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
}
cleanup() { stop_hub; stop_nginx; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT/nginx"
cd "$ROOT"
hub_jar >/dev/null
command -v nginx >/dev/null || apt-get install -y -q nginx-light >/dev/null || die "nginx is not installed"

cat >"$OUT/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx;
    proxy_temp_path $OUT/nginx;
    fastcgi_temp_path $OUT/nginx;
    uwsgi_temp_path $OUT/nginx;
    scgi_temp_path $OUT/nginx;
    upstream mock { server 127.0.0.1:$MOCK_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://mock;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF

RAW="$OUT/raw.txt"
RESULTS="$OUT/results.md"
: >"$RAW"
run() {
    local label="$1" url="$2"
    shift 2
    "${LOADGEN[@]}" --url "$url" --concurrency "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
        --label "$label" "$@" | tee -a "$RAW" | grep '^|'
}
field() { loadgen_field "RESULT label=$1" "$2" "$RAW"; }
cpu_seconds() { awk '{printf "%.2f\n", ($14 + $15) / 100}' "/proc/$1/stat"; }

{
    echo "The hub against a bare nginx hop ($(date -u +%FT%TZ)): closed model, $CONNECTIONS connections,"
    echo "${WARMUP} s warm-up + ${DURATION} s measured each, after ${JIT_WARMUP} s of unmeasured hub lookups"
    echo "- CPU: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
    echo "- command: JDKS='$JDKS' CONNECTIONS=$CONNECTIONS DURATION=$DURATION bash bench/nginx-ratio.sh"
} >"$RESULTS"

start_wiremock "$OUT/wiremock.log" -
nginx -c "$OUT/nginx/nginx.conf" >"$OUT/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
sleep 1
[[ "$(curl -s -o /dev/null -w '%{http_code}' "${MOCK_CURL_ARGS[@]}" "http://127.0.0.1:$NGINX_PORT$MOCK_LOOKUP_PATH")" == 200 ]] \
    || die "the mock does not answer 200 through nginx"

for jdk in $JDKS; do
    tag="jdk$(java_name "$jdk")"
    log "== $tag"
    start_hub "$(java_bin "$jdk")" "$OUT/data-$tag" "$OUT/hub-$tag.log" - \
        --spring.profiles.active=dev --hub.sources.citizens.reuse-mode=off \
        --hub.security.rate-limits.default-per-second=1000000
    ready="$HUB_READY_SECONDS"
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "${CURL_HEADERS[@]}" "$HUB_URL$LOOKUP_PATH")" == 200 ]] \
        || die "the hub does not answer the lookup with 200"
    "${LOADGEN[@]}" --url "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" --concurrency "$CONNECTIONS" \
        --duration "$JIT_WARMUP" --warmup 0 --label "jit-$tag" >/dev/null

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
    settings="$(curl -s -H 'X-API-Key: dev-admin-key' "$HUB_URL/api/v1/admin/sources/citizens")"
    body="$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s.pop("source", None); s["reuseMode"]="prefer-copy"; s["reuseTtlSeconds"]=86400; print(json.dumps(s))' "$settings")"
    curl -sf -o /dev/null -X PUT -H 'X-API-Key: dev-admin-key' -H 'Content-Type: application/json' -d "$body" \
        "$HUB_URL/api/v1/admin/sources/citizens" || die "could not switch citizens to prefer-copy"
    curl -s -o /dev/null "${CURL_HEADERS[@]}" "$HUB_URL$LOOKUP_PATH"
    run "reuse-$tag" "$HUB_URL$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}" >>"$RESULTS"
    run "health-$tag" "$HUB_URL/actuator/health" >>"$RESULTS"
    rss="$(rss_mb "$HUB_PID")"
    stop_hub

    awk -v n="$(field "nginx-$tag" achieved_per_s)" -v d="$(field "direct-$tag" achieved_per_s)" \
        -v s="$(field "source-$tag" achieved_per_s)" -v r="$(field "reuse-$tag" achieved_per_s)" \
        -v lookups="$(( $(field "source-$tag" requests) + $(loadgen_field "WARMUP label=source-$tag" requests "$RAW") ))" \
        -v c0="$cpu_before" -v c1="$cpu_after" \
        -v rss="$rss" -v ready="$ready" -v opts="${HUB_JAVA_OPTS:--Xmx512m}" 'BEGIN {
            printf "\n- the nginx hop keeps %.0f %% of direct; from the source, the hub is %.1f %% of the hop; from the reuse store, %.1f %%\n", 100 * n / d, 100 * s / n, 100 * r / n
            printf "- hub CPU per lookup from the source: %.3f ms (%.1f CPU s for %d lookups, its warm-up included)\n", 1000 * (c1 - c0) / lookups, c1 - c0, lookups
            printf "- RSS after the runs %d MB (%s); ready %s s after start\n", rss, opts, ready
        }' >>"$RESULTS"
done
log "results: $RESULTS"
cat "$RESULTS"
