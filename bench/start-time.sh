#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md "Start time and memory"): time from process start to ready
# (/actuator/health/readiness answers 200) and resident memory once idle, per JDK, for three ways of
# launching the same build:
#   jar        java -jar target/lgsp-hub-*.jar (what `java -jar` users do)
#   extracted  the jar extracted with Spring Boot's `-Djarmode=tools extract` (classes read from plain jars)
#   archived   extracted, plus a class archive made by a training run of the hub: on JDK 17 a dynamic
#              CDS archive (-XX:ArchiveClassesAtExit / -XX:SharedArchiveFile), on JDK 24+ the AOT cache
#              (-XX:AOTCacheOutput / -XX:AOTCache). The training run is the image's (Dockerfile): it
#              creates every bean of the application context and exits (-Dspring.context.exit=onRefresh,
#              dev profile without the mocks), and the archive is written as it exits.
# Each variant is started $RUNS times (the median is reported), with HUB_JAVA_OPTS [-Xmx512m], the dev
# profile and the standalone WireMock of bench/lib.sh; idle RSS is read $IDLE_SECONDS after ready.
#
#   bash bench/start-time.sh          # from the repository root
#
# Environment: JDKS [default /usr/lib/jvm/temurin-25-jdk-amd64], RUNS [3], IDLE_SECONDS [10],
# BENCH_OUT [/tmp/lgsp-bench/start].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDKS="${JDKS:-default /usr/lib/jvm/temurin-25-jdk-amd64}"
RUNS="${RUNS:-3}"
IDLE_SECONDS="${IDLE_SECONDS:-10}"
OUT="${BENCH_OUT:-/tmp/lgsp-bench/start}"
BASE_OPTS="${HUB_JAVA_OPTS:--Xmx512m}"

cleanup() { stop_hub; stop_wiremock; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
cd "$ROOT"
JAR="$(hub_jar)"

lookups() {
    local -a h=(-s -o /dev/null -w '%{http_code} ' "${CURL_HEADERS[@]}")
    curl "${h[@]}" "$HUB_URL$LOOKUP_PATH"
    curl "${h[@]}" "$HUB_URL/api/v1/enterprises/0100233488"
    curl "${h[@]}" "$HUB_URL/api/v1/land-parcels/25747/12/345"
    echo
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

RESULTS="$OUT/results.md"
{
    echo "Start time and idle memory ($(date -u +%FT%TZ)), $RUNS starts per variant, $BASE_OPTS"
    machine_info
    echo
    echo "| JDK | launch | ready s (median of $RUNS) | runs | idle RSS MB (median) |"
    echo "|---|---|---|---|---|"
} >"$RESULTS"

start_wiremock "$OUT/wiremock.log" -
for jdk in $JDKS; do
    jbin="$(java_bin "$jdk")"
    jname="$(java_name "$jdk")"
    major="${jname%%.*}"
    log "== JDK $jname"
    image_app "$jdk" "$JAR" "$OUT/app-$major" "$BASE_OPTS"
    extracted="$IMAGE_JAR" use_opts="$IMAGE_ARCHIVE_OPTS"

    for variant in jar extracted archived; do
        case "$variant" in
            jar) jar="$JAR" opts="$BASE_OPTS" ;;
            extracted) jar="$extracted" opts="$BASE_OPTS" ;;
            archived) jar="$extracted" opts="$BASE_OPTS $use_opts" ;;
        esac
        : >"$OUT/ready.txt"
        : >"$OUT/rss.txt"
        for ((run = 1; run <= RUNS; run++)); do
            wait_quiet >/dev/null
            rm -rf "$OUT/data-run"
            HUB_JAR="$jar" HUB_JAVA_OPTS="$opts" \
                start_hub "$jbin" "$OUT/data-run" "$OUT/hub-$major-$variant-$run.log" - --spring.profiles.active=dev
            echo "$HUB_READY_SECONDS" >>"$OUT/ready.txt"
            codes="$(lookups)"
            [[ "$codes" == "200 200 200 " ]] || die "lookups after start answered $codes"
            sleep "$IDLE_SECONDS"
            rss_mb "$HUB_PID" >>"$OUT/rss.txt"
            stop_hub
        done
        echo "| $jname | $variant | $(median <"$OUT/ready.txt") | $(paste -sd' ' "$OUT/ready.txt") | $(median <"$OUT/rss.txt") |" \
            | tee -a "$RESULTS"
    done
done

log "results: $RESULTS"
cat "$RESULTS"
