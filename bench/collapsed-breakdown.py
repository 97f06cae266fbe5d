#!/usr/bin/env python3
"""Where a profile's samples go, from async-profiler's collapsed stacks (bench/profile-async.sh).

Each sample is given to the innermost layer of the hub's stack it passes through (so the shares add
up to 100 %): the servlet container, Spring Security, Camel's routing, the HTTP client, the ledger and
H2, ... With --lookups and --cpu-seconds, a CPU profile's shares are also given in milliseconds of CPU
per lookup. For an allocation profile (--allocation: the counts are bytes), the top allocating frames of the hub's and its
libraries' code (the innermost frame outside the JDK) are listed too, in kilobytes per lookup.

    python3 bench/collapsed-breakdown.py cpu.collapsed --lookups 17099 --cpu-seconds 17.78
"""
import argparse
import collections
import re

LAYERS = [
    ("servlet container (Tomcat: sockets, poller, worker pool)", r"org/apache/(catalina|coyote|tomcat)"),
    ("Spring Security filter chain", r"org/springframework/security"),
    ("Spring Web / MVC", r"org/springframework/web"),
    ("hub servlet filters", r"vn/lgsp/hub/(common|security)/\w+(Filter|Limiter)"),
    ("Camel servlet (REST binding)", r"org/apache/camel/(component/servlet|http/common|component/rest|component/platform)"),
    ("Camel routing engine", r"org/apache/camel/(impl|processor|support|converter|language|util|component/direct|component/bean)"),
    ("metrics (Micrometer)", r"org/apache/camel/component/micrometer|io/micrometer"),
    ("circuit breaker (resilience4j)", r"resilience4j"),
    ("camel-http producer", r"org/apache/camel/component/http/"),
    ("HTTP client (Apache HttpClient 5)", r"org/apache/hc/"),
    ("hub lookup code (gateway, sources, reuse)", r"vn/lgsp/hub/(gateway|sources|reuse|catalogues)"),
    ("XML (Woodstox, Jackson XML)", r"(com/ctc/wstx|javax/xml|jackson/dataformat/xml|com/sun/org/apache)"),
    ("JSON (Jackson)", r"com/fasterxml/jackson/(databind|core)"),
    ("ledger (journal and import)", r"vn/lgsp/hub/ledger"),
    ("H2 database", r"org/h2/"),
    ("logging (Logback)", r"ch/qos/logback|org/slf4j"),
    ("cryptography", r"(javax/crypto|sun/security|com/sun/crypto|DataProtection)"),
    ("Artemis (embedded broker)", r"org/apache/activemq"),
    ("JIT compilers", r"(C2Compiler|C1Compiler|CompileBroker|Compile::|CompilerThread)"),
    ("garbage collector", r"(G1|GCTask|WorkerThread|ConcurrentGC|PSScavenge|PSParallel|ParallelScavenge|DefNewGeneration|SerialHeap|GenCollectedHeap|gc_)"),
]
PATTERNS = [(name, re.compile(regex)) for name, regex in LAYERS]
JDK_FRAME = re.compile(r"(java/|jdk/|sun/|\[)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collapsed")
    parser.add_argument("--lookups", type=int, default=0)
    parser.add_argument("--cpu-seconds", type=float, default=0.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--allocation", action="store_true", help="the counts are bytes allocated")
    args = parser.parse_args()

    total = 0
    layers = collections.Counter()
    allocators = collections.Counter()
    for line in open(args.collapsed, encoding="utf-8", errors="replace"):
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack:
            continue
        count = int(count)
        total += count
        frames = stack.split(";")
        owner = "other"
        for frame in frames:
            for name, pattern in PATTERNS:
                if pattern.search(frame):
                    owner = name
                    break
        layers[owner] += count
        for frame in reversed(frames[:-1]):
            if not JDK_FRAME.match(frame):
                allocators[frame] += count
                break

    ms_per_lookup = 1000 * args.cpu_seconds / args.lookups if args.lookups and args.cpu_seconds else 0
    print(f"{total} samples" + (f"; {ms_per_lookup:.3f} ms of CPU per lookup in all" if ms_per_lookup else ""))
    print()
    print("| layer (innermost on the stack) | share |" + (" ms of CPU per lookup |" if ms_per_lookup else ""))
    print("|---|---|" + ("---|" if ms_per_lookup else ""))
    for name, count in layers.most_common():
        share = count / total if total else 0
        print(f"| {name} | {100 * share:.1f} % |" + (f" {ms_per_lookup * share:.3f} |" if ms_per_lookup else ""))
    if args.allocation and args.lookups:
        print()
        print("| innermost frame outside the JDK | per lookup (allocation profile: KB) |")
        print("|---|---|")
        for frame, count in allocators.most_common(args.top):
            print(f"| {frame} | {count / args.lookups / 1000:.1f} |")


if __name__ == "__main__":
    main()
