# Shared helpers of the benchmark scripts (sourced, not run). Bash only.
#
# Ports: the hub on 18080 and the standalone WireMock mocks on 18089, so a benchmark never collides with
# a development hub on 8080/8089. Override with HUB_PORT / MOCK_PORT.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
HUB_PORT="${HUB_PORT:-18080}"
MOCK_PORT="${MOCK_PORT:-18089}"
HUB_URL="http://127.0.0.1:$HUB_PORT"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER

HUB_PID=""

# A benchmark lookup: a citizen of the mocks (LOOKUP_PATH), with the context headers of the dev
# provincial client, a dossier and a procedure, for LoadGen.java (LOADGEN_HEADERS) and for curl (CURL_HEADERS).
LOOKUP_PATH='/api/v1/citizens/074085000123?fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-14'
LOOKUP_CONTEXT=("X-API-Key: dev-provincial-key" "X-Dossier-Id: 000.00.12.H12-261120-0001" "X-Procedure-Code: 1.001612"
    "X-Officer-Id: CB-0042" "X-Agency-Code: 000.00.12.H12")
# The same citizen asked of the population database's mock directly, as the hub asks it (the baseline
# a bench compares the hub with): a SOAP POST; MOCK_LOOKUP_ARGS for LoadGen, MOCK_CURL_ARGS for curl.
MOCK_LOOKUP_PATH=/dancuquocgia/TraCuuThongTinCongDan
# The mock checks that the platform's headers are there (mock-endpoints/mappings/auth.json), not the hash.
MOCK_LOOKUP_HEADERS=("Content-Type: application/xml; charset=UTF-8" "X-Road-Client: VN/GOV/000.00.00.H12/LGSP-HUB"
    "ApiKey: dev-ndxp-api-key" "Timestamp: 1764547200000" "Authorization: Basic ZGV2LWh1Yjpub3QtY2hlY2tlZC1ieS10aGUtbW9jaw==")
MOCK_LOOKUP_ARGS=(--method POST --body-file bench/citizen-request.xml)
MOCK_CURL_ARGS=(-X POST --data-binary @bench/citizen-request.xml)
for header in "${MOCK_LOOKUP_HEADERS[@]}"; do
    MOCK_LOOKUP_ARGS+=(--header "$header")
    MOCK_CURL_ARGS+=(-H "$header")
done
LOADGEN_HEADERS=()
CURL_HEADERS=()
for header in "${LOOKUP_CONTEXT[@]}"; do
    LOADGEN_HEADERS+=(--header "$header")
    CURL_HEADERS+=(-H "$header")
done
unset header

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# bench_lock: one benchmark at a time (the machine has two cores: a second benchmark would halve both).
# Holds $BENCH_LOCK [/tmp/lgsp-bench.lock] on descriptor 9 until the script ends, waiting for whoever holds it.
bench_lock() {
    BENCH_LOCK="${BENCH_LOCK:-/tmp/lgsp-bench.lock}"
    exec 9>"$BENCH_LOCK"
    if ! flock -n 9; then
        log "another benchmark holds $BENCH_LOCK: waiting for it"
        flock 9
    fi
}

# The hub jar from target/, built if missing; HUB_JAR overrides it (an extracted jar, say).
hub_jar() {
    if [[ -n "${HUB_JAR:-}" ]]; then
        printf '%s\n' "$HUB_JAR"
        return
    fi
    local jar
    jar="$(ls "$ROOT"/target/lgsp-hub-*.jar 2>/dev/null | grep -v -e '\.original$' -e 'plain' | head -n1 || true)"
    if [[ -z "$jar" ]]; then
        log "no jar in target/: building it (mvn -B -q -DskipTests package)"
        (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
        jar="$(ls "$ROOT"/target/lgsp-hub-*.jar | grep -v -e '\.original$' -e 'plain' | head -n1)"
    fi
    printf '%s\n' "$jar"
}

# The load generator, compiled once into target/loadgen (again when its source is newer), so that no run
# starts with the source launcher's compile competing with the hub for the CPU. Use as "${LOADGEN[@]}".
LOADGEN=(java -cp "$ROOT/target/loadgen" LoadGen)
# loadgen_field PREFIX KEY FILE: KEY's value on the last line of FILE that starts with PREFIX (a LoadGen
# line: "RESULT", "WARMUP", or "RESULT label=x" for one run among several)
loadgen_field() { grep -h "^$1 " "$3" | tail -n1 | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
loadgen_build() {
    local src="$BENCH_DIR/loadgen/LoadGen.java" out="$ROOT/target/loadgen"
    [[ "$out/LoadGen.class" -nt "$src" ]] && return 0
    mkdir -p "$out"
    javac --release 17 -d "$out" "$src" || die "could not compile $src"
}
loadgen_build

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

java_bin() { if [[ "$1" == default ]]; then echo java; else echo "$1/bin/java"; fi; }
# jdk_tool JDK NAME: a tool of that JDK (jcmd, jfr), "default" = the one on PATH
jdk_tool() { if [[ "$1" == default ]]; then echo "$2"; else echo "$1/bin/$2"; fi; }
java_name() { "$(java_bin "$1")" -version 2>&1 | head -n1 | sed 's/.*version "\([^"]*\)".*/\1/'; }

WIREMOCK_PID=""

# start_wiremock LOG_FILE [CPU_LIST|-]: a standalone WireMock on MOCK_PORT serving mock-endpoints/,
# request journal off and 200 container threads, so that the mock is not what a benchmark measures.
# Every hub start_hub starts calls it.
start_wiremock() {
    local log_file="$1" cpus="${2:--}"
    local jar
    jar="$(ls ~/.m2/repository/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar | sort -V | tail -n1)"
    [[ -f "$jar" ]] || die "wiremock-standalone is not in ~/.m2 (run mvn -B verify once)"
    port_free "$MOCK_PORT" || die "port $MOCK_PORT is in use"
    local -a cmd=(java -Xmx256m -jar "$jar" --port "$MOCK_PORT" --bind-address 127.0.0.1
        --root-dir "$ROOT/mock-endpoints" --no-request-journal --container-threads 200 --disable-banner)
    [[ "$cpus" == "-" ]] || cmd=(taskset -c "$cpus" "${cmd[@]}")
    log "starting WireMock: ${cmd[*]}"
    "${cmd[@]}" >"$log_file" 2>&1 &
    WIREMOCK_PID=$!
    local deadline=$((SECONDS + 60))
    until curl -sf -o /dev/null "http://127.0.0.1:$MOCK_PORT/__admin/health"; do
        kill -0 "$WIREMOCK_PID" 2>/dev/null || die "WireMock exited (log: $log_file)"
        ((SECONDS < deadline)) || die "WireMock not ready within 60 s"
        sleep 0.5
    done
}

stop_wiremock() {
    [[ -n "$WIREMOCK_PID" ]] || return 0
    kill "$WIREMOCK_PID" 2>/dev/null || true
    wait "$WIREMOCK_PID" 2>/dev/null || true
    WIREMOCK_PID=""
}

# start_nginx DIR: nginx on NGINX_PORT as a bare keep-alive proxy hop to the WireMock on MOCK_PORT (the
# baseline the hub is compared with), its configuration and logs in DIR; installed with apt-get if
# missing. Sets NGINX_PID; stop_nginx stops it.
NGINX_PORT="${NGINX_PORT:-18090}"
NGINX_PID=""
start_nginx() {
    local dir="$1"
    mkdir -p "$dir"
    command -v nginx >/dev/null || apt-get install -y -q nginx-light >/dev/null || die "nginx is not installed"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir;
    proxy_temp_path $dir;
    fastcgi_temp_path $dir;
    uwsgi_temp_path $dir;
    scgi_temp_path $dir;
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
    nginx -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
    NGINX_PID=$!
    sleep 1
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "${MOCK_CURL_ARGS[@]}" "http://127.0.0.1:$NGINX_PORT$MOCK_LOOKUP_PATH")" == 200 ]] \
        || die "the mock does not answer 200 through nginx"
}
stop_nginx() {
    [[ -n "$NGINX_PID" ]] || return 0
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
}

# image_java_opts [DOCKERFILE]: the JVM options the image starts the hub with: the quoted value of the
# Dockerfile's `ENV JAVA_TOOL_OPTIONS="..."` (its last such line: the runtime stage's).
image_java_opts() {
    local file="${1:-$ROOT/Dockerfile}" opts
    opts="$(sed -n 's/^[[:space:]]*ENV[[:space:]][[:space:]]*JAVA_TOOL_OPTIONS[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$file" | tail -n1)"
    [[ -n "$opts" ]] || die "no ENV JAVA_TOOL_OPTIONS=\"...\" line in $file"
    printf '%s\n' "$opts"
}

# image_env NAME [DOCKERFILE]: the value the image gives an environment variable (`ENV NAME=value`), or nothing.
image_env() {
    sed -n "s/^[[:space:]]*ENV[[:space:]][[:space:]]*$1=\([^[:space:]]*\).*/\1/p" "${2:-$ROOT/Dockerfile}" | tail -n1
}

# image_malloc_env: the image's MALLOC_ARENA_MAX exported for the hubs a benchmark starts (its resident
# memory is the image's), unless the caller set one.
image_malloc_env() {
    if [[ -z "${MALLOC_ARENA_MAX:-}" && -n "$(image_env MALLOC_ARENA_MAX)" ]]; then
        export MALLOC_ARENA_MAX="$(image_env MALLOC_ARENA_MAX)"
    fi
}

# image_bench_java_opts [DOCKERFILE]: the image's JVM options for a benchmark's hub (HUB_JAVA_OPTS), so
# that the benchmark runs with the heap the image runs with and the two cannot diverge. Options that
# set no maximum heap (-Xmx, -XX:MaxHeapSize) size it from the RAM the JVM sees, which outside a
# container is the whole machine's: then -Xmx512m is added, and logged.
image_bench_java_opts() {
    local opts
    opts="$(image_java_opts "$@")" || exit 1
    if [[ " $opts" != *" -Xmx"* && "$opts" != *"MaxHeapSize="* ]]; then
        log "the image's JVM options ($opts) set no maximum heap: outside a container that would be a share of the machine's RAM; adding -Xmx512m"
        opts="$opts -Xmx512m"
    fi
    printf '%s\n' "$opts"
}

# image_app JDK JAR DIR OPTS: the hub as the image launches it on JDK (as in JDKS: `default` or a JDK home) (Dockerfile): JAR extracted into DIR
# (Spring Boot's `-Djarmode=tools extract`) and a class archive made by the image's training run (every
# bean of the application context created, then exit; dev profile without the mocks) with the JVM
# options OPTS: on JDK 17 a dynamic CDS archive, on JDK 24+ the AOT cache. Sets IMAGE_JAR (the
# extracted jar) and IMAGE_ARCHIVE_OPTS (the option that uses the archive).
image_app() {
    local java_bin major train_opts jar="$2" dir="$3" opts="$4"
    java_bin="$(java_bin "$1")"
    major="$(java_name "$1")"
    major="${major%%.*}"
    rm -rf "$dir"
    "$java_bin" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null || die "could not extract $jar"
    IMAGE_JAR="$(ls "$dir"/*.jar | head -n1)"
    if ((major >= 24)); then
        train_opts="-XX:AOTCacheOutput=$dir/hub.aot" IMAGE_ARCHIVE_OPTS="-XX:AOTCache=$dir/hub.aot"
    else
        train_opts="-XX:ArchiveClassesAtExit=$dir/hub.jsa" IMAGE_ARCHIVE_OPTS="-XX:SharedArchiveFile=$dir/hub.jsa"
    fi
    log "training run for the class archive (JDK $major)"
    # shellcheck disable=SC2086 # opts and train_opts are lists of JVM options
    "$java_bin" $opts $train_opts -Dspring.context.exit=onRefresh -jar "$IMAGE_JAR" \
        --hub.data-dir="$dir/data-train" --hub.routes-dir="$ROOT/routes" --spring.profiles.active=dev \
        --hub.mocks.enabled=false >"$dir/train.log" 2>&1 || die "the training run failed (log: $dir/train.log)"
    rm -rf "$dir/data-train"
    ls "$dir"/hub.* >/dev/null 2>&1 || die "the training run wrote no archive (log: $dir/train.log)"
}

# jit_compile_seconds JDK PID: the JIT's compile time so far, in seconds (jstat -compiler: every
# compilation's elapsed time, summed over the compiler threads)
jit_compile_seconds() { "$(jdk_tool "$1" jstat)" -compiler "$2" | awk 'NR == 2 {print $4}'; }

# jit_settle JDK PID MIN MAX LOADGEN_ARGS...: sends LoadGen's load (its arguments given, but duration and
# warm-up) in 10 s slices, at least MIN s, until the JIT compilers have been quiet for two slices in a row
# (under half a second of compile time in each: 5 % of one core), at most MAX s. On two cores the compilers
# of JDK 17 take a whole core for two to four minutes of load, and the hub's CPU per lookup measured
# before they settle is the JIT's as much as the hub's. Sets JIT_SETTLED_SECONDS (the load sent), and
# JIT_SETTLED (1, or 0 when MAX was reached first).
jit_settle() {
    local jdk="$1" pid="$2" min="$3" max="$4" quiet=0 before after
    shift 4
    JIT_SETTLED_SECONDS=0 JIT_SETTLED=0
    before="$(jit_compile_seconds "$jdk" "$pid")"
    while ((JIT_SETTLED_SECONDS < max)); do
        "${LOADGEN[@]}" "$@" --duration 10 --warmup 0 >/dev/null
        JIT_SETTLED_SECONDS=$((JIT_SETTLED_SECONDS + 10))
        after="$(jit_compile_seconds "$jdk" "$pid")"
        if awk -v a="$before" -v b="$after" 'BEGIN {exit !(b - a < 0.5)}'; then quiet=$((quiet + 1)); else quiet=0; fi
        before="$after"
        if ((quiet >= 2 && JIT_SETTLED_SECONDS >= min)); then
            JIT_SETTLED=1
            break
        fi
    done
    if ((JIT_SETTLED)); then
        log "JIT settled after ${JIT_SETTLED_SECONDS}s of load (${before}s of compile time in all)"
    else
        log "JIT not settled within ${max}s of load (${before}s of compile time in all)"
    fi
}

# rss_mb PID: resident set size in MB
rss_mb() { awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }

# start_hub JAVA_BIN DATA_DIR LOG_FILE [CPU_LIST|-] [extra args...]
# Starts the hub (dev profile) in the background, calling the standalone WireMock on MOCK_PORT (the
# jar carries no mock server): one started with start_wiremock, or else one started here and stopped
# by stop_wiremock. Sets HUB_PID and HUB_READY_SECONDS (start to ready).
# CPU_LIST (e.g. "0") pins it with taskset; "-" leaves it unpinned.
start_hub() {
    local java_bin="$1" data_dir="$2" log_file="$3" cpus="$4"
    shift 4
    port_free "$HUB_PORT" || die "port $HUB_PORT is in use"
    if [[ -z "$WIREMOCK_PID" ]] && port_free "$MOCK_PORT"; then
        start_wiremock "${log_file%.log}-wiremock.log" -
    fi
    local -a mocks=(--hub.mocks.enabled=false --hub.portal.base-url="http://127.0.0.1:$MOCK_PORT")
    mkdir -p "$data_dir"
    local -a cmd=("$java_bin" ${HUB_JAVA_OPTS:--Xmx512m} -jar "$(hub_jar)"
        --server.port="$HUB_PORT"
        "${mocks[@]}"
        --hub.sources.citizens.base-url="http://127.0.0.1:$MOCK_PORT"
        --hub.sources.enterprises.base-url="http://127.0.0.1:$MOCK_PORT"
        --hub.sources.land.base-url="http://127.0.0.1:$MOCK_PORT"
        --hub.data-dir="$data_dir"
        --hub.routes-dir="$ROOT/routes"
        "$@")
    if [[ "$cpus" != "-" ]]; then
        cmd=(taskset -c "$cpus" "${cmd[@]}")
    fi
    log "starting the hub: ${cmd[*]}"
    local started_ns
    started_ns="$(date +%s%N)"
    "${cmd[@]}" >"$log_file" 2>&1 &
    HUB_PID=$!
    wait_ready "$log_file"
    HUB_READY_SECONDS="$(awk -v a="$started_ns" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')"
}

wait_ready() {
    local log_file="$1" deadline=$((SECONDS + READY_TIMEOUT))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$HUB_URL/actuator/health/readiness" 2>/dev/null)" == 200 ]]; do
        if ! kill -0 "$HUB_PID" 2>/dev/null; then
            tail -n 40 "$log_file" >&2 || true
            HUB_PID=""
            die "the hub exited before it was ready (log: $log_file)"
        fi
        if ((SECONDS > deadline)); then
            tail -n 40 "$log_file" >&2 || true
            die "the hub was not ready within ${READY_TIMEOUT}s (log: $log_file)"
        fi
        sleep 0.2
    done
    log "hub ready (pid $HUB_PID)"
}

# Graceful stop (SIGTERM: waiting ledger rows are committed), SIGKILL after 60 s.
stop_hub() {
    [[ -n "$HUB_PID" ]] || return 0
    if kill -0 "$HUB_PID" 2>/dev/null; then
        kill -TERM "$HUB_PID" 2>/dev/null || true
        local i
        for ((i = 0; i < 60; i++)); do
            kill -0 "$HUB_PID" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$HUB_PID" 2>/dev/null; then
            log "hub $HUB_PID did not stop within 60 s: SIGKILL"
            kill -KILL "$HUB_PID" 2>/dev/null || true
        fi
    fi
    wait "$HUB_PID" 2>/dev/null || true
    HUB_PID=""
}

# h2_ledger_rows H2_JAR DATA_DIR: the rows of lookup_ledger in a stopped hub's H2 database
h2_ledger_rows() {
    java -cp "$1" org.h2.tools.Shell \
        -url "jdbc:h2:file:$2/lgsp-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" -user sa -password '' \
        -sql 'select count(*) from lookup_ledger' | awk 'NR == 2 {print $1}'
}

ensure_postgres() {
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
        log "PostgreSQL is down: starting it"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
        local i
        for ((i = 0; i < 30; i++)); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0; sleep 1; done
        die "PostgreSQL did not come up on $PGHOST:$PGPORT"
    fi
}

# recreate_db NAME: drops (if it exists) and creates an empty database.
recreate_db() {
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

postgres_args() {
    printf '%s\n' --spring.profiles.active=dev,postgres \
        "--spring.datasource.url=jdbc:postgresql://$PGHOST:$PGPORT/$1" \
        "--spring.datasource.username=$PGUSER" --spring.datasource.password=
}

machine_info() {
    echo "- CPU: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
    echo "- memory: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "- kernel: $(uname -r)"
}

# --- CPU accounting: the machine is shared, so every measurement says how busy it was -------------

CLK_TCK="$(getconf CLK_TCK)"
# busy and total jiffies of all CPUs (busy = user nice system irq softirq steal)
cpu_jiffies() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
# cpu_snapshot PID: "uptime busy-jiffies-of-all-CPUs jiffies-of-PID jiffies-of-user-postgres", one read
cpu_snapshot() {
    local -a files=(/proc/uptime /proc/stat "/proc/$1/stat")
    local pid
    for pid in $(pgrep -u postgres || true); do files+=("/proc/$pid/stat"); done
    awk -v pidfile="/proc/$1/stat" '
        FILENAME == "/proc/uptime" {up = $1; next}
        FILENAME == "/proc/stat" {if ($1 == "cpu") busy = $2 + $3 + $4 + $7 + $8 + $9; next}
        FILENAME == pidfile {p = $14 + $15; next}
        {pg += $14 + $15}
        END {print up, busy, p + 0, pg + 0}' "${files[@]}" 2>/dev/null || true
}

# cpu_use SNAPSHOT_BEFORE SNAPSHOT_AFTER EXTRA_CPU_SECONDS: "pid / extra / postgres / others" in cores
cpu_use() {
    awk -v a="$1" -v b="$2" -v extra="$3" -v hz="$CLK_TCK" 'BEGIN {
        split(a, x, " "); split(b, y, " "); w = y[1] - x[1]
        p = (y[3] - x[3]) / hz / w; pg = (y[4] - x[4]) / hz / w; e = extra / w
        other = (y[2] - x[2]) / hz / w - p - pg - e; if (other < 0) other = 0
        printf "%.2f / %.2f / %.2f / %.2f", p, e, pg, other}'
}

# cpu_busy SECONDS: % of all CPUs busy over the next SECONDS
cpu_busy() {
    local a b
    a="$(cpu_jiffies)"; sleep "$1"; b="$(cpu_jiffies)"
    echo "$a $b" | awk '{printf "%.0f\n", 100 * ($3 - $1) / ($4 - $2)}'
}

# cpu_timeline FILE HUB_PID MOCK_PID: in the background until stop_cpu_timeline, one line a second to
# FILE: the time, the machine's busy % and steal % (of all cores: time the hypervisor gave to other
# machines), and the hub's, the mock's and everything else's (the load generator) share of one core.
# A stall in a run can then be told apart: the hub busy, the machine taken by others, or idle.
CPU_TIMELINE_PID=""
cpu_timeline() {
    local file="$1" hub="$2" mock="$3"
    (
        echo "time busy% steal% hub%core mock%core rest%core"
        prev=""
        while kill -0 "$hub" 2>/dev/null; do
            now="$(date +%T) $(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat) \
$(awk '{print $14 + $15}' "/proc/$hub/stat" 2>/dev/null || echo 0) $(awk '{print $14 + $15}' "/proc/$mock/stat" 2>/dev/null || echo 0)"
            if [[ -n "$prev" ]]; then
                echo "$prev $now" | awk -v cores="$(nproc)" '{
                    total = $10 - $4; if (total <= 0) next
                    busy = $8 - $2; steal = $9 - $3; hub = $11 - $5; mock = $12 - $6
                    printf "%s %.0f %.0f %.0f %.0f %.0f\n", $7, 100 * busy / total, 100 * steal / total,
                        100 * cores * hub / total, 100 * cores * mock / total, 100 * cores * (busy - hub - mock) / total}'
            fi
            prev="$now"
            sleep 1
        done
    ) >"$file" 2>/dev/null &
    CPU_TIMELINE_PID=$!
}

stop_cpu_timeline() {
    [[ -n "$CPU_TIMELINE_PID" ]] || return 0
    kill "$CPU_TIMELINE_PID" 2>/dev/null || true
    wait "$CPU_TIMELINE_PID" 2>/dev/null || true
    CPU_TIMELINE_PID=""
}

# wait_quiet: waits (up to QUIET_MAX_WAIT s, default 900) until the machine is below QUIET_BUSY %
# busy (default 15) over 5 s, so that work of other users does not distort the figures; prints
# the last busy % measured. QUIET_MAX_WAIT=0 does not wait.
wait_quiet() {
    local max="${QUIET_MAX_WAIT:-900}" limit="${QUIET_BUSY:-15}" start=$SECONDS busy
    while :; do
        busy="$(cpu_busy 5)"
        ((busy < limit || SECONDS - start >= max)) && break
        log "machine ${busy}% busy (other work): waiting for < ${limit}% ($((SECONDS - start))/${max}s)"
    done
    ((busy < limit)) || log "WARNING: machine still ${busy}% busy: measuring anyway"
    echo "$busy"
}

# thread_snapshot PID: jiffies of the live threads of a JVM by kind, "mock jit gc ledger db total":
# mock = WireMock's Jetty pool (qtp*), jit = C1/C2 compiler threads, gc = GC threads, ledger = the
# ledger writer, db = H2's threads, total = the whole process (dead threads included).
thread_snapshot() {
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
    done | awk -F '\t' -v total="$(awk '{print $14 + $15}' "/proc/$1/stat")" '
        $1 ~ /^qtp/ {m += $2; next}
        $1 ~ /^C[12] CompilerThre/ {j += $2; next}
        $1 ~ /^(GC Thread|G1 |VM Thread)/ {g += $2; next}
        $1 ~ /^ledger-writer/ {l += $2; next}
        $1 ~ /^(H2 |MVStore)/ {d += $2; next}
        END {print m + 0, j + 0, g + 0, l + 0, d + 0, total}'
}

# thread_use BEFORE AFTER SECONDS: "mock / jit / gc / ledger writer / h2 / rest" in cores
thread_use() {
    awk -v a="$1" -v b="$2" -v w="$3" -v hz="$CLK_TCK" 'BEGIN {
        split(a, x, " "); split(b, y, " "); s = 0
        for (i = 1; i <= 5; i++) {d[i] = (y[i] - x[i]) / hz / w; s += d[i]}
        rest = (y[6] - x[6]) / hz / w - s; if (rest < 0) rest = 0
        printf "%.2f / %.2f / %.2f / %.2f / %.2f / %.2f", d[1], d[2], d[3], d[4], d[5], rest}'
}
