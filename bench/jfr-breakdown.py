#!/usr/bin/env python3
"""Where the CPU samples of a JFR recording go: the share of execution samples whose stack holds
each of a list of frames (inclusive, so shares overlap), and the top leaf packages.

    jfr print --events jdk.ExecutionSample --stack-depth 512 hub.jfr | python3 bench/jfr-breakdown.py
"""
import collections
import re
import sys

# (label, regex over a frame line), in the order of a lookup's path through the hub
MARKERS = [
    ("Tomcat / servlet container", r"org\.apache\.(catalina|coyote|tomcat)\."),
    ("Spring Security filter chain", r"org\.springframework\.security\.web\.FilterChainProxy"),
    ("hub servlet filters (correlation, size, admission, rate limit, firewall, API key)", r"vn\.lgsp\.hub\.(common\.(CorrelationIdFilter|RequestSizeFilter|AdmissionFilter)|security\.(RateLimitFilter|HeaderFirewallFilter|ApiKeyAuthenticationFilter))"),
    ("Spring MVC DispatcherServlet", r"org\.springframework\.web\.servlet\.DispatcherServlet"),
    ("Camel platform-http bridge (async REST consumer, before)", r"org\.apache\.camel\.component\.platform\.http"),
    ("Camel servlet (REST consumer, after)", r"org\.apache\.camel\.(component\.servlet|http\.common)\."),
    ("Camel routing engine", r"org\.apache\.camel\.(impl|processor|support)\."),
    ("circuit breaker / bulkhead (resilience4j)", r"(io\.github\.resilience4j|org\.apache\.camel\.component\.resilience4j)"),
    ("camel-http + Apache HttpClient (the call to the source)", r"(org\.apache\.camel\.component\.http\.|org\.apache\.hc\.)"),
    ("mapping the answer (XML/JSON)", r"(vn\.lgsp\.hub\.sources\..*Mapper|com\.fasterxml\.jackson\.dataformat\.xml|javax\.xml|com\.ctc\.wstx)"),
    ("JSON (Jackson)", r"com\.fasterxml\.jackson\.databind"),
    ("ledger writer (group commit)", r"vn\.lgsp\.hub\.ledger\.LedgerWriter\.(run|commit)"),
    ("H2 database", r"org\.h2\."),
    ("data protection (HMAC, AES-GCM)", r"vn\.lgsp\.hub\.common\.DataProtection"),
    ("metrics (Micrometer)", r"io\.micrometer"),
    ("logging (Logback)", r"ch\.qos\.logback"),
]

samples = 0
hits = collections.Counter()
leaf_packages = collections.Counter()
threads = collections.Counter()
stack = []
thread = None


def flush():
    global samples
    if not stack:
        return
    samples += 1
    text = "\n".join(stack)
    for label, pattern in MARKERS:
        if re.search(pattern, text):
            hits[label] += 1
    threads[thread or "?"] += 1
    leaf = re.match(r"\s*([\w.$]+)\.[\w$<>]+\(", stack[0])
    if leaf:
        leaf_packages[".".join(leaf.group(1).split(".")[:3])] += 1
    stack.clear()


in_stack = False
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush()
        in_stack = False
    elif "sampledThread = " in line:
        named = re.search(r'sampledThread = "([^"]*)"', line)
        # pool threads by their pool: drop a trailing number
        thread = re.sub(r"[-# ]*\d+$", "", re.sub(r"thread #\d+ - ", "", named.group(1))) if named else None
    elif "stackTrace = [" in line:
        in_stack = True
    elif in_stack:
        if line.strip().startswith("]"):
            in_stack = False
        elif line.strip() and not line.strip().startswith("..."):
            stack.append(line.strip())
flush()

print(f"{samples} execution samples\n")
print("| frames on the stack | share of samples |")
print("|---|---|")
for label, _ in MARKERS:
    print(f"| {label} | {100.0 * hits[label] / max(samples, 1):.1f} % |")
print("\n| thread (pool) | share of samples |")
print("|---|---|")
for name, n in threads.most_common(8):
    print(f"| {name} | {100.0 * n / max(samples, 1):.1f} % |")
print("\n| leaf package (top 12) | share |")
print("|---|---|")
for package, n in leaf_packages.most_common(12):
    print(f"| {package} | {100.0 * n / max(samples, 1):.1f} % |")
