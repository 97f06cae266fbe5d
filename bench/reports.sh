#!/usr/bin/env bash
# Benchmark 1: reuse report timings on PostgreSQL over 1,000,000 ledger rows and 200,000 dossiers.
#
#   bash bench/reports.sh            # from the repository root
#
# Recreates the database $BENCH_DB (default lgsp_bench: DROPPED if it exists), lets the hub's
# Flyway create the schema, seeds it with bench/report-seed.sql, starts the hub on it and times
# every report variant with curl (1 warm-up + $RUNS runs each), as the auditor. The console's dashboard
# calls the "dashboard" variants: one request for a range's totals, days and ISO weeks.
#
# Environment: BENCH_DB, BENCH_OUT (logs and bodies, default /tmp/lgsp-bench/reports), RUNS (10),
# JAVA (java), SKIP_SEED=1 (reuse an already seeded $BENCH_DB), ONLY=<text> (time only the variants
# whose label contains it, e.g. ONLY=dashboard), EXPLAIN=1 (also run
# bench/report-explain.sql on the database, EXPLAIN (ANALYZE, BUFFERS) of every report statement),
# QUIET_BUSY [15] / QUIET_MAX_WAIT [900]: before each variant, wait until the machine is < 15 % busy.
# The table shows the CPU the hub, PostgreSQL and other processes used during each variant's runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${BENCH_DB:-lgsp_bench}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/reports}"
RUNS="${RUNS:-10}"
JAVA="${JAVA:-java}"
KEY="dev-auditor-key"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null
ensure_postgres
mapfile -t PG_ARGS < <(postgres_args "$DB")

if [[ "${SKIP_SEED:-0}" != 1 ]]; then
    log "recreating database $DB"
    recreate_db "$DB"
    log "starting the hub once so Flyway creates the schema"
    start_hub "$JAVA" "$OUT/data" "$OUT/hub-flyway.log" - "${PG_ARGS[@]}"
    stop_hub
    log "seeding (bench/report-seed.sql)"
    start=$SECONDS
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/report-seed.sql" | tee "$OUT/seed.txt"
    log "seeded in $((SECONDS - start)) s"
fi

YEAR="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
MONTH="$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)"
YEAR_RANGE="from=$YEAR-01-01&to=$YEAR-12-31"

start_hub "$JAVA" "$OUT/data" "$OUT/hub.log" - "${PG_ARGS[@]}" \
    --logging.level.org.springframework.jdbc.core.JdbcTemplate=DEBUG

# label|path
VARIANTS=(
    "month (default)|/api/v1/reports/reuse"
    "month groupBy=agency|/api/v1/reports/reuse?groupBy=agency"
    "month groupBy=procedure|/api/v1/reports/reuse?groupBy=procedure"
    "month groupBy=source|/api/v1/reports/reuse?groupBy=source"
    "month groupBy=day|/api/v1/reports/reuse?groupBy=day"
    "month groupBy=week|/api/v1/reports/reuse?groupBy=week"
    "month dashboard: groupBy=day include=total,week|/api/v1/reports/reuse?groupBy=day&include=total,week"
    "year|/api/v1/reports/reuse?$YEAR_RANGE"
    "year groupBy=agency|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=agency"
    "year groupBy=procedure|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=procedure"
    "year groupBy=source|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=source"
    "year groupBy=day|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=day"
    "year groupBy=week|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=week"
    "year groupBy=month|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=month"
    "year dashboard: groupBy=day include=total,week|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=day&include=total,week"
    "year dashboard: groupBy=day include=total,week,month|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=day&include=total,week,month"
    "year dashboard of one agency (a breakdown row's details): agency=000.01.01.H12|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=day&include=total,week,month&agency=000.01.01.H12"
    "year dashboard of one procedure: procedure=1.001607|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=day&include=total,week,month&procedure=1.001607"
    "year dashboard of one agency and procedure|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=day&include=total,week,month&agency=000.01.01.H12&procedure=1.001607"
    "year groupBy=source include=total|/api/v1/reports/reuse?$YEAR_RANGE&groupBy=source&include=total"
    "year CSV groupBy=day|/api/v1/reports/reuse.csv?$YEAR_RANGE&groupBy=day"
    "year CSV groupBy=week|/api/v1/reports/reuse.csv?$YEAR_RANGE&groupBy=week"
)

RESULTS="$OUT/results.md"
{
    echo "Reuse report timings, PostgreSQL database $DB, month = $MONTH, year = $YEAR ($(date -u +%FT%TZ))"
    echo
    echo "| variant | HTTP | body bytes | p50 (s) | max (s) | all $RUNS runs (s) | CPU hub / - / postgres / others (cores) | busy before |"
    echo "|---|---|---|---|---|---|---|---|"
} >"$RESULTS"

slow=0
i=0
for v in "${VARIANTS[@]}"; do
    label="${v%%|*}" path="${v#*|}"
    i=$((i + 1))
    [[ -z "${ONLY:-}" || "$label" == *"$ONLY"* ]] || continue
    body="$OUT/body-$i"
    busy_before="$(wait_quiet)%"
    curl -s -o "$body" -H "X-API-Key: $KEY" "$HUB_URL$path" >/dev/null # warm-up
    snap0="$(cpu_snapshot "$HUB_PID")"
    times=()
    code=""
    for ((r = 0; r < RUNS; r++)); do
        read -r code t < <(curl -s -o "$body" -w '%{http_code} %{time_total}\n' -H "X-API-Key: $KEY" "$HUB_URL$path")
        [[ "$code" == 200 ]] || die "$label: HTTP $code ($(head -c 300 "$body"))"
        times+=("$t")
    done
    cpu="$(cpu_use "$snap0" "$(cpu_snapshot "$HUB_PID")" 0)"
    read -r p50 max < <(printf '%s\n' "${times[@]}" | sort -g | awk '{v[NR]=$1} END {
        m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.3f %.3f\n", m, v[NR]}')
    awk -v m="$max" 'BEGIN {exit !(m >= 1.0)}' && slow=$((slow + 1))
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$code" "$(wc -c <"$body")" "$p50" "$max" \
        "$(printf '%s ' "${times[@]}" | sed 's/ $//')" "$cpu" "$busy_before" >>"$RESULTS"
    log "$label: p50 $p50 s, max $max s"
done

stop_hub
grep -o 'Executing prepared SQL statement \[.*' "$OUT/hub.log" | sort | uniq -c | sort -rn >"$OUT/statements.txt" || true

if [[ "${EXPLAIN:-0}" == 1 ]]; then
    wait_quiet >/dev/null
    log "EXPLAIN (ANALYZE, BUFFERS) of the report statements -> $OUT/explain.txt"
    psql -X -v ON_ERROR_STOP=1 -d "$DB" -v year="$YEAR" -v month="$MONTH" \
        -f "$BENCH_DIR/report-explain.sql" >"$OUT/explain.txt" 2>&1
fi

echo >>"$RESULTS"
echo "Variants with a run >= 1 s: $slow of ${#VARIANTS[@]}" >>"$RESULTS"
cat "$RESULTS"
