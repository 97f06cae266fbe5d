#!/usr/bin/env bash
# Benchmark: the console's reuse dashboard in headless Chromium, over 1,000,000 ledger rows and
# 200,000 dossiers (PostgreSQL).
#
#   bash bench/console.sh            # from the repository root
#
# Uses the database bench/reports.sh seeds ($BENCH_DB, default lgsp_bench; seeded by running
# `bash bench/reports.sh` first, or here with SEED=1). Starts the hub on it and Chromium through
# chromedriver's W3C WebDriver HTTP API (curl + jq, the Debian packages chromium / chromium-driver),
# signs in as the auditor, then loads /console/#/dashboard for the current month and for the whole
# year, 1 warm-up + $RUNS times each, every time a fresh page load. The figure is the time from the
# page's navigation start to the dashboard drawn: the console stamps main[data-rendered-ms] with
# performance.now() once a page's figures, tables and charts are in the document.
#
# Environment: BENCH_DB, BENCH_OUT (default /tmp/lgsp-bench/console), RUNS (10), JAVA (java),
# SEED=1 (seed the database first, as bench/reports.sh does), DRIVER_PORT (19515), TIMINGS=1 (print
# each view's requests of its last run: start and duration, ms from navigation start).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${BENCH_DB:-lgsp_bench}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/console}"
RUNS="${RUNS:-10}"
JAVA="${JAVA:-java}"
DRIVER_PORT="${DRIVER_PORT:-19515}"
DRIVER="http://127.0.0.1:$DRIVER_PORT"
DRIVER_PID=""
SESSION=""

cleanup() {
    [[ -n "$SESSION" ]] && curl -s -X DELETE "$DRIVER/session/$SESSION" >/dev/null || true
    [[ -n "$DRIVER_PID" ]] && kill "$DRIVER_PID" 2>/dev/null || true
    stop_hub
    stop_wiremock
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v chromedriver >/dev/null && command -v chromium >/dev/null \
    || die "chromium and chromedriver are needed: apt-get install -y chromium chromium-driver"
command -v jq >/dev/null || die "jq is needed: apt-get install -y jq"

mkdir -p "$OUT"
cd "$ROOT"
hub_jar >/dev/null
ensure_postgres
if [[ "${SEED:-0}" == 1 ]]; then
    BENCH_DB="$DB" RUNS=1 bash "$BENCH_DIR/reports.sh" >"$OUT/seed.txt"
fi
[[ "$(psql -X -Atq -d "$DB" -c "SELECT count(*) >= 1000000 FROM lookup_ledger" 2>/dev/null)" == t ]] \
    || die "database $DB is not seeded: run bash bench/reports.sh first, or SEED=1 bash bench/console.sh"
mapfile -t PG_ARGS < <(postgres_args "$DB")
start_hub "$JAVA" "$OUT/data" "$OUT/hub.log" - "${PG_ARGS[@]}"

# webdriver METHOD PATH [JSON]: one WebDriver command, its "value"
webdriver() {
    local answer
    answer="$(curl -s -X "$1" "$DRIVER$2" -H 'Content-Type: application/json' -d "${3:-{\}}")"
    if [[ "$(jq -r 'if (.value | type) == "object" then .value.error // empty else empty end' <<<"$answer")" != "" ]]; then
        die "WebDriver $1 $2: $(jq -c '.value | {error, message}' <<<"$answer")"
    fi
    jq -c '.value' <<<"$answer"
}
script() { webdriver POST "/session/$SESSION/execute/async" "$(jq -nc --arg s "$1" '{script: $s, args: []}')"; }

chromedriver --port="$DRIVER_PORT" >"$OUT/chromedriver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 50); do curl -s "$DRIVER/status" >/dev/null && break; sleep 0.1; done
SESSION="$(webdriver POST /session '{"capabilities": {"alwaysMatch": {"browserName": "chrome",
    "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox",
    "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--window-size=1280,900"]}}}}' \
    | jq -r '.sessionId')"
log "Chromium $(chromium --version | awk '{print $2}'), WebDriver session $SESSION"

webdriver POST "/session/$SESSION/url" "{\"url\": \"$HUB_URL/console/\"}" >/dev/null
signed_in="$(script 'const done = arguments[arguments.length - 1];
  fetch("/console/session", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({apiKey: "dev-auditor-key"})}).then(r => done(r.status), e => done(String(e)));')"
[[ "$signed_in" == 200 ]] || die "sign-in as the auditor answered $signed_in"

YEAR="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
MONTH="$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)"
LAST_DAY="$(TZ=Asia/Ho_Chi_Minh date -d "$MONTH-01 +1 month -1 day" +%F)"
# label|hash
VARIANTS=(
    "month $MONTH, trend by day|#/dashboard?from=$MONTH-01&to=$LAST_DAY&trend=day"
    "year $YEAR, trend by day|#/dashboard?from=$YEAR-01-01&to=$YEAR-12-31&trend=day"
    "year $YEAR, trend by week|#/dashboard?from=$YEAR-01-01&to=$YEAR-12-31&trend=week"
    "year $YEAR, trend by month|#/dashboard?from=$YEAR-01-01&to=$YEAR-12-31&trend=month"
)
# the time from navigation start to the dashboard drawn, waiting for it at most 30 s
RENDERED='const done = arguments[arguments.length - 1], started = Date.now();
  (function poll() {
    const main = document.getElementById("main");
    if (main && main.dataset.page === "dashboard" && main.dataset.renderedMs) {
      done({ms: Number(main.dataset.renderedMs), charts: document.querySelectorAll("#main .uplot").length,
            problems: document.querySelectorAll("#main .problem").length});
    } else if (Date.now() - started > 30000) {
      done({timeout: true, page: main && main.dataset.page, text: main ? main.innerText.slice(0, 300) : null});
    } else { setTimeout(poll, 20); }
  })();'
webdriver POST "/session/$SESSION/timeouts" '{"script": 40000}' >/dev/null

RESULTS="$OUT/results.md"
{
    echo "Console dashboard render, database $DB, Chromium headless ($(date -u +%FT%TZ), $("$JAVA" -version 2>&1 | head -n1))"
    echo
    echo "| view | charts | p50 (ms) | max (ms) | all $RUNS runs (ms) |"
    echo "|---|---|---|---|---|"
} >"$RESULTS"
slow=0
for v in "${VARIANTS[@]}"; do
    label="${v%%|*}" hash="${v#*|}"
    times=()
    charts=0
    for ((r = 0; r <= RUNS; r++)); do
        # a fresh load each time: about:blank first, so the hash change is a navigation, not a route change
        webdriver POST "/session/$SESSION/url" '{"url": "about:blank"}' >/dev/null
        webdriver POST "/session/$SESSION/url" "$(jq -nc --arg u "$HUB_URL/console/$hash" '{url: $u}')" >/dev/null
        drawn="$(script "$RENDERED")"
        [[ "$(jq -r '.timeout // false' <<<"$drawn")" == false ]] \
            || die "$label: the dashboard was not drawn within 30 s: $drawn"
        [[ "$(jq -r .problems <<<"$drawn")" == 0 ]] || die "$label: the dashboard shows an error"
        charts="$(jq -r .charts <<<"$drawn")"
        ((r == 0)) && continue # warm-up
        times+=("$(jq -r '.ms | floor' <<<"$drawn")")
    done
    if [[ "${TIMINGS:-0}" == 1 ]]; then
        # the last run's requests: name, start and duration (ms from navigation start)
        script 'const done = arguments[arguments.length - 1];
          const n = performance.getEntriesByType("navigation")[0];
          done([["(page) response end / DOM content loaded", Math.round(n.responseEnd),
                 Math.round(n.domContentLoadedEventEnd)]].concat(performance.getEntriesByType("resource")
            .map(e => [e.name.replace(location.origin, ""), Math.round(e.startTime), Math.round(e.duration)]),
            [["(page) drawn", Number(document.getElementById("main").dataset.renderedMs), 0]]));' | jq -r '.[] | @tsv' | sed "s/^/    $label\t/" >&2
    fi
    read -r p50 max < <(printf '%s\n' "${times[@]}" | sort -g | awk '{v[NR]=$1} END {
        m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%d %d\n", m, v[NR]}')
    ((max >= 1000)) && slow=$((slow + 1))
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$charts" "$p50" "$max" "${times[*]}" >>"$RESULTS"
    log "$label: p50 $p50 ms, max $max ms"
done
echo >>"$RESULTS"
echo "Views with a render >= 1 s: $slow of ${#VARIANTS[@]}" >>"$RESULTS"
cat "$RESULTS"
