#!/usr/bin/env bash
# Benchmark 2: lookup throughput with the reuse ledger on and off.
#
#   bash bench/ledger-throughput.sh      # from the repository root
#
# For each combination of database x JDK x CPU placement x ledger (on, off) it starts a fresh hub
# (dev profile, the standalone WireMock mocks, every source reuse-mode=off so every lookup calls the
# mock), checks one lookup, runs wrk for $WARMUP s (discarded), then $DURATION s (measured), reads
# how many lookups the hub answered (hub_lookups_seconds_count, counted after the ledger commit),
# stops the hub gracefully and, with the ledger on, counts the rows of lookup_ledger. wrk's own
# count is lower by the requests in flight when each wrk run closed its connections (at most
# CONNECTIONS per run): the hub still answers and records those.
#
# Environment (defaults in brackets):
#   DBS         databases: h2 and/or postgres [h2]; postgres uses database lgsp_bench_tp (DROPPED)
#   JDKS        JDK homes or "default" (java on the PATH) ["default"]
#   PLACEMENTS  unpinned and/or pinned (hub on CPU 0, wrk on CPU 1, with taskset) [unpinned]
#   LEDGERS     on and/or off [on off]
#   WARMUP [10]  DURATION [30]  THREADS [2]  CONNECTIONS [64]
#   BENCH_OUT   logs and wrk outputs [/tmp/lgsp-bench/throughput]
#   WRK_TIMEOUT [10s] (wrk's default of 2 s would drop slower answers from the latency figures)
#   HUB_JAVA_OPTS  JVM flags of the hub [-Xmx512m]
#   QUIET_BUSY [15], QUIET_MAX_WAIT [900]: before each run, wait until the machine is < 15 % busy
#
# The hub, the WireMock mocks and wrk share the machine's CPUs; the table shows the CPU each
# used during the measured run (in cores) and what other processes used meanwhile.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DBS="${DBS:-h2}"
JDKS="${JDKS:-default}"
PLACEMENTS="${PLACEMENTS:-unpinned}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-30}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/throughput}"
PG_DB="lgsp_bench_tp"
URL_PATH="$LOOKUP_PATH"
HEADERS=(-H 'X-API-Key: dev-provincial-key' -H 'X-Dossier-Id: BENCH-1' -H 'X-Procedure-Code: 1.001612'
    -H 'X-Officer-Id: CB-0042' -H 'X-Agency-Code: 000.00.12.H12')

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
mkdir -p "$OUT"
cd "$ROOT"
JAR="$(hub_jar)"
H2_JAR="$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n1 || true)"
if [[ -z "$H2_JAR" ]]; then
    H2_JAR="$OUT/h2.jar"
    unzip -p "$JAR" "$(unzip -Z1 "$JAR" | grep -m1 'BOOT-INF/lib/h2-.*\.jar')" >"$H2_JAR"
fi


# wrk_run SECONDS OUTFILE CPUS: its own CPU time (user system, seconds) goes to OUTFILE.cpu
wrk_run() {
    local -a cmd=(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --timeout "$WRK_TIMEOUT" --latency "${HEADERS[@]}"
                  "$HUB_URL$URL_PATH")
    [[ "$3" == "-" ]] || cmd=(taskset -c "$3" "${cmd[@]}")
    local TIMEFORMAT='%U %S'
    { time "${cmd[@]}" >"$2" 2>"$2.stderr"; } 2>"$2.cpu"
}

# wrk's "Requests/sec", completed requests, 50 % and 99 % latencies, non-2xx/3xx, socket errors
wrk_figures() {
    awk '
        /requests in/ {req = $1}
        /^Requests\/sec:/ {rps = $2}
        /^ +50%/ {p50 = $2}
        /^ +99%/ {p99 = $2}
        /Non-2xx or 3xx responses:/ {non2xx = $NF}
        /Socket errors:/ {sub(/.*Socket errors: /, ""); errs = $0}
        END {printf "%s|%s|%s|%s|%s|%s\n", rps, req, p50, p99, (non2xx == "" ? 0 : non2xx), (errs == "" ? "none" : errs)}
    ' "$1"
}

ledger_rows() { # db data_dir
    if [[ "$1" == h2 ]]; then
        h2_ledger_rows "$H2_JAR" "$2"
    else
        psql -X -At -d "$PG_DB" -c 'select count(*) from lookup_ledger'
    fi
}

RESULTS="$OUT/results.md"
{
    echo "Lookup throughput, wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s then ${DURATION}s measured, GET $URL_PATH (all sources reuse-mode=off) ($(date -u +%FT%TZ))"
    echo
    echo "| database | JDK | placement | ledger | requests/s | p50 | p99 | non-2xx | socket errors | requests (check + warm-up + measured) | lookups the hub answered | ledger rows | CPU hub / wrk / postgres / others (cores) | hub CPU: mock / JIT / GC / ledger writer / H2 / rest (cores) | busy before |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"

for db in $DBS; do
    for jdk in $JDKS; do
        jname="$(java_name "$jdk")"
        for placement in $PLACEMENTS; do
            if [[ "$placement" == pinned ]]; then hub_cpus=0 wrk_cpus=1; else hub_cpus=- wrk_cpus=-; fi
            for ledger in ${LEDGERS:-on off}; do
                tag="$db-jdk$jname-$placement-ledger-$ledger"
                data="$OUT/data-$tag"
                rm -rf "$data"
                args=(--hub.sources.citizens.reuse-mode=off --hub.sources.enterprises.reuse-mode=off
                      --hub.sources.land.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000)
                [[ "$ledger" == on ]] || args+=(--hub.ledger.enabled=false)
                if [[ "$db" == postgres ]]; then
                    ensure_postgres
                    recreate_db "$PG_DB"
                    mapfile -t pg < <(postgres_args "$PG_DB")
                    args+=("${pg[@]}")
                else
                    args+=(--spring.profiles.active=dev)
                fi
                log "== $tag"
                start_hub "$(java_bin "$jdk")" "$data" "$OUT/hub-$tag.log" "$hub_cpus" "${args[@]}"
                served="$(curl -s -o /dev/null -D - "${HEADERS[@]}" "$HUB_URL$URL_PATH" | tr -d '\r' |
                    awk 'NR == 1 {code = $2} tolower($1) == "x-hub-served-from:" {from = $2} END {print code "/" from}')"
                [[ "$served" == 200/source ]] || die "check lookup: expected 200 served from source, got $served"
                busy_before="$(wait_quiet)%"
                wrk_run "$WARMUP" "$OUT/wrk-$tag-warmup.txt" "$wrk_cpus"
                threads0="$(thread_snapshot "$HUB_PID")"
                snap0="$(cpu_snapshot "$HUB_PID")"
                wrk_run "$DURATION" "$OUT/wrk-$tag.txt" "$wrk_cpus"
                snap1="$(cpu_snapshot "$HUB_PID")"
                threads1="$(thread_snapshot "$HUB_PID")"
                cpu="$(cpu_use "$snap0" "$snap1" "$(awk '{print $1 + $2}' "$OUT/wrk-$tag.txt.cpu")")"
                sleep 2 # lookups wrk abandoned when it stopped are finished by now
                answered="$(curl -s "$HUB_URL/actuator/prometheus" |
                    awk '/^hub_lookups_seconds_count/ {n += $NF} END {printf "%d\n", n}')"
                split="$(thread_use "$threads0" "$threads1" "$(awk -v a="$snap0" -v b="$snap1" \
                    'BEGIN {split(a, x, " "); split(b, y, " "); print y[1] - x[1]}')")"
                stop_hub
                IFS='|' read -r rps req p50 p99 non2xx errs < <(wrk_figures "$OUT/wrk-$tag.txt")
                IFS='|' read -r _ wreq _ _ wnon2xx _ < <(wrk_figures "$OUT/wrk-$tag-warmup.txt")
                total=$((1 + wreq + req)) # the check lookup, the warm-up, the measured run
                if [[ "$ledger" == on ]]; then
                    rows="$(ledger_rows "$db" "$data")"
                else
                    rows="-"
                fi
                printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$db" \
                    "$jname" "$placement" "$ledger" "$rps" "$p50" "$p99" "$non2xx" "$errs" \
                    "1 + $wreq + $req = $total" "$answered" "$rows" "$cpu" "$split" "$busy_before" >>"$RESULTS"
                log "$tag: $rps req/s, p50 $p50, p99 $p99, non-2xx $non2xx, rows $rows (wrk completed $total, hub answered $answered), CPU $cpu ($split)"
            done
        done
    done
done

cat "$RESULTS"
