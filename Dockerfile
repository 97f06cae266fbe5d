# LGSP Hub image: builds the jar with Maven, runs it on a JRE as a non-root user.
# Used by docker-compose.yml (`build: .`); also works standalone:
#   docker build -t lgsp-hub . && docker run -p 8080:8080 lgsp-hub

# ---- build stage ------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Dependencies first, so source edits do not re-download them. This step only
# warms the cache; anything it misses is fetched by `package` below.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline || true

COPY . ./
RUN mvn -B -DskipTests package \
 && cp target/lgsp-hub-*.jar /build/app.jar \
 && java -Djarmode=tools -jar /build/app.jar extract --destination /build/app \
 && mkdir -p /build/routes

# ---- runtime stage ----------------------------------------------------------
FROM eclipse-temurin:17-jre

# eclipse-temurin (Ubuntu) images ship curl; it is used by the HEALTHCHECK.
RUN groupadd --system --gid 10001 hub \
 && useradd --system --uid 10001 --gid hub --home-dir /app --shell /usr/sbin/nologin hub \
 && mkdir -p /app/data \
 && chown hub:hub /app /app/data

WORKDIR /app
# The jar extracted by Spring Boot (app.jar and lib/): classes load from plain jars, not nested ones.
COPY --from=build --chown=hub:hub /build/app /app
# Camel YAML DSL routes administrators may edit (loaded from ./routes at start).
COPY --from=build --chown=hub:hub /build/routes /app/routes

USER hub
EXPOSE 8080

# Memory and garbage collection: the serial collector and a heap of up to 160 MB (the hub's live data is
# 75-95 MB; with the ledger's journal little of its garbage lives long enough to be promoted), whose
# young generation is a third of the heap: on two cores the serial collector's young collections are as
# short as the parallel one's, without its 19 MB of structures; its pauses, CPU and the resident set
# under load are in BENCHMARKS.md. Memory the JVM's own native allocations (the JIT compilers' arenas)
# freed is handed back to the system every 5 s; bounded metaspace, code cache and thread stacks;
# override with JAVA_TOOL_OPTIONS at run time for a bigger heap (docs/production.md). A heap that runs
# out ends the process, so that the container restarts rather than limps on.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms64m -Xmx160m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError"
# Two malloc arenas instead of glibc's eight per core: the JVM's native allocations come from few
# threads, and each extra arena keeps its own free memory resident.
ENV MALLOC_ARENA_MAX=2

# Class archive (CDS): a training run creates every bean of the application context, then exits
# (spring.context.exit=onRefresh) and writes the classes it loaded to hub.jsa; every start then maps
# them instead of loading and verifying them again (docs/production.md, BENCHMARKS.md "Start time").
# It serves nothing and calls nothing: the dev profile only lends it throwaway secrets (the jar has no
# mocks), and its database and journal go to a directory removed after. The archive belongs to this JRE
# and this jar; a JVM that cannot use it starts without it.
RUN java -XX:ArchiveClassesAtExit=/app/hub.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar \
        --spring.profiles.active=dev \
        --hub.data-dir=/tmp/hub-training --hub.routes-dir=/app/routes \
 && rm -rf /tmp/hub-training

HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
  CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness || exit 1

ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/hub.jsa", "-jar", "/app/app.jar"]
