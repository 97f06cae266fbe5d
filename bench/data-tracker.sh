#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "The data tracker among 1,000,000 ledger rows"): GET
# /api/v1/data-subjects/citizens/{personalId}/accesses on PostgreSQL, the subject found among 1,000,000 ledger
# rows of 400,000 subjects per source (bench/report-seed.sql, the reports' data set).
#
#   bash bench/data-tracker.sh          # from the repository root
#
# Recreates $BENCH_DB (DROPPED if it exists), lets Flyway create the schema, seeds it, then makes real
# lookups of the fixture citizen 074085000123 through the hub (so its rows carry the hub's own subject hash)
# and copies them back over the year: $SUBJECT_ROWS rows of that citizen, the rest of the ledger other
# people's. Then, per JDK, $RUNS requests (curl, one at a time, after 20 not counted) of: the default range
# (a year) first page (100 rows), a page deep into the year (with before=), and a narrow range (one week).
# EXPLAIN (ANALYZE, BUFFERS) of the statement is written to $BENCH_OUT/explain.txt.
#
# Environment: BENCH_DB [lgsp_bench_tracker], JDKS [default /usr/lib/jvm/temurin-25-jdk-amd64], RUNS [200],
# SUBJECT_ROWS [150], SKIP_SEED=1 (reuse a seeded $BENCH_DB), BENCH_OUT [/tmp/lgsp-bench/data-tracker].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${BENCH_DB:-lgsp_bench_tracker}"
JDKS="${JDKS:-default /usr/lib/jvm/temurin-25-jdk-amd64}"
RUNS="${RUNS:-200}"
SUBJECT_ROWS="${SUBJECT_ROWS:-150}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/data-tracker}"
SUBJECT=074085000123
PORTAL=(-H 'X-API-Key: dev-portal-key')

bench_lock
cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null
ensure_postgres
mapfile -t PG_ARGS < <(postgres_args "$DB")
HUB_ARGS=("${PG_ARGS[@]}" --hub.sources.citizens.reuse-mode=off --hub.security.rate-limits.default-per-second=1000000)

if [[ "${SKIP_SEED:-0}" != 1 ]]; then
    log "recreating database $DB, seeding 1,000,000 ledger rows (bench/report-seed.sql)"
    recreate_db "$DB"
    start_hub java "$OUT/data" "$OUT/hub-seed.log" - "${HUB_ARGS[@]}"
    stop_hub
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/report-seed.sql" >"$OUT/seed.txt"
    start_hub java "$OUT/data" "$OUT/hub-seed.log" - "${HUB_ARGS[@]}"
    for i in $(seq 1 10); do
        curl -s -o /dev/null "${CURL_HEADERS[@]/000.00.12.H12-261120-0001/BENCH-TRACKER-$i}" "$HUB_URL$LOOKUP_PATH"
    done
    stop_hub
    # the citizen's rows, copied back over the year: each a day or more before the last
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
INSERT INTO lookup_ledger (occurred_at, business_date, client_id, agency_code, dossier_id, procedure_code,
                           officer_id, source, subject_hash, outcome, served_from, duration_ms, correlation_id)
SELECT l.occurred_at - g * interval '2 days' - (g % 7) * interval '37 minutes',
       ((l.occurred_at - g * interval '2 days') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       l.client_id, l.agency_code, 'BENCH-TRACKER-COPY-' || g, l.procedure_code, l.officer_id, l.source,
       l.subject_hash, l.outcome, l.served_from, l.duration_ms, md5(g::text)::uuid::text
FROM (SELECT * FROM lookup_ledger WHERE dossier_id = 'BENCH-TRACKER-1' LIMIT 1) l,
     generate_series(1, $SUBJECT_ROWS - 10) g;
ANALYZE lookup_ledger;
SQL
fi
rows="$(psql -X -At -d "$DB" -c "SELECT count(*) FROM lookup_ledger")"
hash="$(psql -X -At -d "$DB" -c "SELECT subject_hash FROM lookup_ledger WHERE dossier_id = 'BENCH-TRACKER-1' LIMIT 1")"
mine="$(psql -X -At -d "$DB" -c "SELECT count(*) FROM lookup_ledger WHERE subject_hash = '$hash'")"
[[ "$mine" -ge 100 ]] || die "the citizen has $mine rows: the seed did not take"
psql -X -d "$DB" >"$OUT/explain.txt" <<SQL
EXPLAIN (ANALYZE, BUFFERS)
SELECT occurred_at, client_id, agency_code, source, procedure_code, dossier_id, outcome, served_from, id
FROM lookup_ledger WHERE ((subject_hash = '$hash' AND source = 'citizens')
    OR (subject_hash = '$(printf 'a%.0s' {1..64})' AND source = 'civil-status')
    OR (subject_hash = '$(printf 'b%.0s' {1..64})' AND source = 'criminal-records'))
  AND occurred_at >= now() - interval '1 year' AND occurred_at < now() + interval '1 day'
ORDER BY occurred_at DESC, id DESC FETCH FIRST 101 ROWS ONLY;
SQL

RESULTS="$OUT/results.md"
{
    echo "The data tracker ($(date -u +%FT%TZ)): one citizen's $mine rows among $rows ledger rows, PostgreSQL;"
    echo "$RUNS requests per variant, one at a time (curl), after 20 not counted"
    machine_info
    echo
    echo "| JDK | variant | rows answered | p50 ms | p95 ms | max ms |"
    echo "|---|---|---|---|---|---|"
} >"$RESULTS"

# time_variant LABEL URL: RUNS timed requests; one table row
time_variant() {
    local label="$1" url="$2" jname="$3" i
    for i in $(seq 1 20); do curl -s -o /dev/null "${PORTAL[@]}" "$url"; done
    local answered
    # JSON: one "clientId" per access; CSV: one line per access, starting with its time
    answered="$(curl -s "${PORTAL[@]}" "$url" | tr ',' '\n' \
        | { grep -c -e '"clientId"' -e '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T' || true; })"
    for i in $(seq 1 "$RUNS"); do
        curl -s -o /dev/null -w '%{time_total}\n' "${PORTAL[@]}" "$url"
    done | sort -n | awk -v label="$label" -v jdk="$jname" -v rows="$answered" '
        { t[NR] = $1 * 1000 }
        END { printf "| %s | %s | %d | %.1f | %.1f | %.1f |\n", jdk, label, rows, t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }' \
        >>"$RESULTS"
}

BASE="$HUB_URL/api/v1/data-subjects/citizens/$SUBJECT/accesses"
TODAY="$(TZ=Asia/Ho_Chi_Minh date +%F)"
WEEK_AGO="$(TZ=Asia/Ho_Chi_Minh date -d '6 days ago' +%F)"
for jdk in $JDKS; do
    jname="$(java_name "$jdk")"
    start_hub "$(java_bin "$jdk")" "$OUT/data" "$OUT/hub-$jname.log" - "${HUB_ARGS[@]}"
    deep="$(curl -s "${PORTAL[@]}" "$BASE?limit=100" | sed -nE 's/.*"next":"([^"]+)".*/\1/p')"
    [[ -n "$deep" ]] || die "no second page: the citizen has fewer than 100 rows in a year"
    time_variant "a year, first page (100)" "$BASE" "$jname"
    time_variant "a year, second page (before=)" "$BASE?before=$deep" "$jname"
    time_variant "one week" "$BASE?from=$WEEK_AGO&to=$TODAY" "$jname"
    time_variant "a year, as CSV" "$BASE.csv" "$jname"
    stop_hub
done
{
    echo
    echo "The plan (EXPLAIN ANALYZE, $OUT/explain.txt):"
    echo
    sed -n '3,$p' "$OUT/explain.txt" | sed -E 's/ +$//; s/^/    /' | head -n 16
} >>"$RESULTS"
log "results: $RESULTS"
cat "$RESULTS"
