#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Scale out"): the clustered deployment of docs/operations.md on this machine —
# hub instances behind HAProxy, one PostgreSQL, a replicated Artemis primary/backup pair (the Apache
# distribution, bench/../src/test/java/vn/lgsp/hub/support/ArtemisPair.java), the WireMock mocks — with one
# instance, then with two. For each: lookups/s through the balancer (closed model), then new dossiers/s
# (PUT → 202) and their delivery to the portal mock; and what each operation cost the hubs, PostgreSQL and
# the brokers in CPU (their processes' CPU time over the measured run ÷ its operations). The machine's two
# cores are shared by everything: the second instance shows the overhead of a cluster and that it is
# correct under load, not scaling.
#
#   bash bench/cluster.sh     # from the repository root, after mvn -B -Pcluster-it verify (or -DskipTests
#                             # package and the artemis unpack: see ARTEMIS_HOME)
#
# Environment: JDK ["default" or a JDK home] [default], CLIENTS [32], DURATION [60], WARMUP [30],
# ARTEMIS_HOME [target/artemis/apache-artemis-2.40.0], BENCH_OUT [/tmp/lgsp-bench/cluster].
# PostgreSQL database lgsp_bench_cluster is DROPPED and recreated for each instance count.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="${JDK:-default}"
CLIENTS="${CLIENTS:-32}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-30}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/cluster}"
ARTEMIS_HOME="${ARTEMIS_HOME:-$ROOT/target/artemis/apache-artemis-2.40.0}"
PG_DB=lgsp_bench_cluster
LB_PORT="${LB_PORT:-18080}"
HUB_PORTS=(18081 18082)

bench_lock
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null
[[ -x "$ARTEMIS_HOME/bin/artemis" ]] || die "no Artemis distribution at $ARTEMIS_HOME (mvn -B -Pcluster-it verify unpacks it)"
[[ -f target/test-classes/vn/lgsp/hub/support/ArtemisPair.class ]] || die "target/test-classes is not built (mvn -B -DskipTests package)"
command -v haproxy >/dev/null || apt-get install -y -q haproxy >/dev/null || die "haproxy is not installed"

declare -a PIDS=()
PAIR_PID=""
LB_PID=""
VACUUM_PID=""
cleanup() {
    [[ -z "$VACUUM_PID" ]] || kill "$VACUUM_PID" 2>/dev/null || true
    [[ -z "$LB_PID" ]] || kill "$LB_PID" 2>/dev/null || true
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
    if [[ -n "$PAIR_PID" ]]; then
        kill "$PAIR_PID" 2>/dev/null || true
        wait "$PAIR_PID" 2>/dev/null || true
        PAIR_PID=""
    fi
    stop_wiremock
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# jiffies PID...: the CPU time (user + system, in clock ticks) of these processes so far
jiffies() {
    local pid sum=0 t
    for pid in "$@"; do
        t="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
        sum=$((sum + t))
    done
    echo "$sum"
}
postgres_pids() { pgrep -u postgres || true; }
broker_pids() { pgrep -f "artemis.instance=$OUT/artemis" || true; }
hub_pids() { printf '%s\n' "${PIDS[@]}"; }
CLK_TCK="$(getconf CLK_TCK)"

# start_pair: a fresh replicated pair; sets PAIR_PID and ARTEMIS_URL
start_pair() {
    rm -rf "$OUT/artemis"
    local cp="target/test-classes:$(ls ~/.m2/repository/org/awaitility/awaitility/*/awaitility-*.jar | sort -V | tail -n1)"
    cp="$cp:$(ls ~/.m2/repository/org/hamcrest/hamcrest/*/hamcrest-*.jar | grep -v sources | sort -V | tail -n1)"
    java -cp "$cp" -Dhub.it.artemis-home="$ARTEMIS_HOME" vn.lgsp.hub.support.ArtemisPair "$OUT/artemis" \
        >"$OUT/artemis-pair.log" 2>&1 &
    PAIR_PID=$!
    local deadline=$((SECONDS + 180))
    until grep -q '^ARTEMIS_URL=' "$OUT/artemis-pair.log"; do
        kill -0 "$PAIR_PID" 2>/dev/null || die "the Artemis pair did not start (log: $OUT/artemis-pair.log)"
        ((SECONDS < deadline)) || die "the Artemis pair not ready within 180 s"
        sleep 1
    done
    ARTEMIS_URL="$(sed -n 's/^ARTEMIS_URL=//p' "$OUT/artemis-pair.log")"
    log "Artemis pair ready: $ARTEMIS_URL"
}

# start_lb PORT...: HAProxy on LB_PORT, round robin over the hubs on these ports, checked on readiness
start_lb() {
    [[ -z "$LB_PID" ]] || { kill "$LB_PID" 2>/dev/null || true; wait "$LB_PID" 2>/dev/null || true; }
    {
        cat <<CONF
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
frontend hub
    bind 127.0.0.1:$LB_PORT
    default_backend hubs
backend hubs
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    default-server inter 2s fall 3 rise 2
CONF
        local port
        for port in "$@"; do echo "    server hub-$port 127.0.0.1:$port check"; done
    } >"$OUT/haproxy.cfg"
    haproxy -f "$OUT/haproxy.cfg" >"$OUT/haproxy.log" 2>&1 &
    LB_PID=$!
    sleep 3
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LB_PORT/actuator/health/readiness")" == 200 ]] \
        || die "the balancer does not answer (log: $OUT/haproxy.log)"
}

# start_instance PORT: a hub of the cluster on PORT (its own data directory: the ledger journal)
start_instance() {
    local port="$1"
    HUB_PORT="$port" HUB_URL="http://127.0.0.1:$port" start_hub "$(java_bin "$JDK")" "$OUT/data-$port" \
        "$OUT/hub-$port.log" - "${DB_ARGS[@]}" \
        --spring.artemis.mode=native --spring.artemis.embedded.enabled=false \
        --spring.artemis.broker-url="$ARTEMIS_URL" --spring.artemis.user=hub --spring.artemis.password=hub \
        --hub.criminal-records.base-url="http://127.0.0.1:$MOCK_PORT" \
        --hub.security.rate-limits.default-per-second=1000000
    PIDS+=("$HUB_PID")
    HUB_PID=""
}

sql() { psql -X -At -d "$PG_DB" -c "$1"; }

await_delivered() {
    local deadline=$((SECONDS + 600)) left
    while :; do
        left="$(sql "select count(*) from dossier_sync where state not in ('DELIVERED', 'SKIPPED', 'DEAD')")"
        [[ "$left" == 0 ]] && return 0
        ((SECONDS < deadline)) || die "$left versions undelivered after 600 s"
        sleep 1
    done
}

# measure LABEL LOADGEN-ARGS...: the load's warm-up, then the measured run with the CPU of each part
# counted around it; appends "LABEL achieved errors p50 p99 hub_ms pg_ms broker_ms" to $OUT/rows.txt
measure() {
    local label="$1"
    shift
    "${LOADGEN[@]}" "$@" --concurrency "$CLIENTS" --duration "$WARMUP" --warmup 0 --label "$label-warmup" >/dev/null
    [[ "$label" != versions* ]] || await_delivered
    local h0 p0 b0 h1 p1 b1
    h0="$(jiffies $(hub_pids))"; p0="$(jiffies $(postgres_pids))"; b0="$(jiffies $(broker_pids))"
    local t0 t1
    t0="$(date +%s.%N)"
    "${LOADGEN[@]}" "$@" --concurrency "$CLIENTS" --duration "$DURATION" --warmup 0 --label "$label" \
        | tee "$OUT/$label.txt"
    # the versions' delivery is part of their cost: counted until the last is delivered
    [[ "$label" != versions* ]] || await_delivered
    t1="$(date +%s.%N)"
    h1="$(jiffies $(hub_pids))"; p1="$(jiffies $(postgres_pids))"; b1="$(jiffies $(broker_pids))"
    local achieved errors p50 p99 ops
    achieved="$(loadgen_field RESULT achieved_per_s "$OUT/$label.txt")"
    errors="$(loadgen_field RESULT errors "$OUT/$label.txt")"
    p50="$(loadgen_field RESULT p50_ms "$OUT/$label.txt")"
    p99="$(loadgen_field RESULT p99_ms "$OUT/$label.txt")"
    ops="$(awk -v a="$achieved" -v d="$DURATION" 'BEGIN {printf "%.0f", a * d}')"
    awk -v l="$label" -v a="$achieved" -v e="$errors" -v p50="$p50" -v p99="$p99" -v n="$ops" -v hz="$CLK_TCK" \
        -v h="$((h1 - h0))" -v p="$((p1 - p0))" -v b="$((b1 - b0))" -v t0="$t0" -v t1="$t1" 'BEGIN {
        printf "%s %s %s %s %s %.3f %.3f %.3f %.0f\n", l, a, e, p50, p99, 1000 * h / hz / n, 1000 * p / hz / n,
            1000 * b / hz / n, n / (t1 - t0)}' \
        >>"$OUT/rows.txt"
}

run_cluster() {
    local count="$1" i
    ensure_postgres
    recreate_db "$PG_DB"
    mapfile -t DB_ARGS < <(postgres_args "$PG_DB")
    if [[ "$(psql -X -At -d "$PG_DB" -c 'show autovacuum')" == off ]]; then
        # as in sync-throughput.sh: this machine's server runs without autovacuum, a deployment's with it
        (while sleep 30; do psql -X -q -d "$PG_DB" -c "VACUUM (ANALYZE) dossier, dossier_sync" >/dev/null 2>&1; done) &
        VACUUM_PID=$!
    fi
    start_pair
    local -a ports=()
    for ((i = 0; i < count; i++)); do
        start_instance "${HUB_PORTS[$i]}"
        ports+=("${HUB_PORTS[$i]}")
    done
    start_lb "${ports[@]}"
    log "== $count instance(s): lookups, $CLIENTS clients, ${WARMUP}s warm-up + ${DURATION}s"
    measure "lookups-$count" --url "http://127.0.0.1:$LB_PORT$LOOKUP_PATH" "${LOADGEN_HEADERS[@]}"
    log "== $count instance(s): new dossiers, $CLIENTS clients, ${WARMUP}s warm-up + ${DURATION}s, until delivered"
    measure "versions-$count" --url "http://127.0.0.1:$LB_PORT/api/v1/dossiers/CLUSTER-$count-{n}" --method PUT \
        --body-file bench/dossier.json --header 'X-API-Key: dev-provincial-key' \
        --header 'Content-Type: application/json' --expect 202
    cleanup
    [[ -z "$VACUUM_PID" ]] || { kill "$VACUUM_PID" 2>/dev/null || true; VACUUM_PID=""; }
    LB_PID=""
}

rm -f "$OUT/rows.txt"
start_wiremock "$OUT/wiremock.log" -
run_cluster 1
start_wiremock "$OUT/wiremock.log" -
run_cluster 2
{
    echo "Cluster ($(date -u +%FT%TZ)), JDK $(java_name "$JDK"), PostgreSQL, replicated Artemis pair, HAProxy"
    machine_info
    echo
    echo "| instances | operation | answered/s | errors | p50 ms | p99 ms | hub CPU ms/op | PostgreSQL CPU ms/op | brokers CPU ms/op | done/s (versions: delivered) |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    awk '{split($1, k, "-"); printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", k[2], k[1], $2, $3, $4, $5, $6, $7, $8, $9}' "$OUT/rows.txt"
} >"$OUT/results.md"
cat "$OUT/results.md"
