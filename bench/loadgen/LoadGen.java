import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The benchmarks' load generator: one Java file, no dependencies. The scripts compile it once
 * ({@code LOADGEN} in bench/lib.sh); the JDK's source launcher runs it too
 * ({@code java bench/loadgen/LoadGen.java ...}), at the cost of a compile when it starts.
 *
 * <p><b>Open model</b> ({@code --rate R}): request i is due at {@code start + i / R}, whatever the
 * answers before it did. Its latency is counted from that due time, not from when it was actually
 * sent, so a stall of the system under test shows in the percentiles of every request it delayed
 * (coordinated omission corrected). Requests are sent asynchronously, so a slow answer never holds
 * back the schedule. <b>Closed model</b> ({@code --concurrency C}): C clients each send the next
 * request when the previous one is answered, which finds the saturation throughput.
 *
 * <p>The warm-up ({@code --warmup S}, not reported) of the open model ramps the rate up linearly from a
 * tenth of R to R over its S seconds, so that the system under test, and this generator's own JIT
 * compiler, warm up below capacity instead of starting with a queue that a full-rate start on a small
 * machine can leave behind.
 *
 * <pre>
 * java bench/loadgen/LoadGen.java --url URL [--header 'Name: value']... (--rate R | --concurrency C)
 *      [--duration 30] [--warmup 10] [--expect 200] [--label text] [--method GET] [--body-file FILE]
 * </pre>
 * {@code {n}} in the URL or the body is replaced by a number unique to the request within the
 * process, prefixed by the process start time, so every request can name a new resource (a new
 * dossier, say).
 * Prints one result line: {@code RESULT label=... model=... target=... achieved_per_s=... errors=...
 * statuses=200:n,503:m,... p50_ms=... p99_ms=... p999_ms=... max_ms=...} ({@code none}: no answer), and
 * the same as a markdown table row.
 */
public final class LoadGen {

    private static final class Options {
        String url;
        final List<String> headers = new ArrayList<>();
        double rate;
        int concurrency;
        int durationSeconds = 30;
        int warmupSeconds = 10;
        int expect = 200;
        String label = "run";
        String method = "GET";
        String body;
    }

    private static final String UNIQUE = "{n}";
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** The requests of a run: the same one each time, or one per call when the URL or body has {n}. */
    private static final class Requests {
        private final Options o;
        private final HttpRequest fixed;

        Requests(Options o) {
            this.o = o;
            boolean unique = o.url.contains(UNIQUE) || (o.body != null && o.body.contains(UNIQUE));
            this.fixed = unique ? null : build("");
        }

        HttpRequest next() {
            return fixed != null ? fixed : build(RUN + "-" + SEQUENCE.incrementAndGet());
        }

        private HttpRequest build(String n) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(o.url.replace(UNIQUE, n)))
                    .timeout(Duration.ofSeconds(30))
                    .method(o.method, o.body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(o.body.replace(UNIQUE, n)));
            for (String h : o.headers) {
                int colon = h.indexOf(':');
                builder.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            return builder.build();
        }
    }

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        Requests request = new Requests(o);
        if (o.warmupSeconds > 0) {
            run(client, request, o, o.warmupSeconds, false);
        }
        run(client, request, o, o.durationSeconds, true);
        System.exit(0);
    }

    private static void run(HttpClient client, Requests request, Options o, int seconds, boolean report)
            throws InterruptedException {
        Recorder recorder = o.rate > 0
                ? open(client, request, o.rate, seconds, o.expect, !report)
                : closed(client, request, o.concurrency, seconds, o.expect);
        if (report) {
            recorder.print(o, seconds);
        } else {
            System.out.printf(Locale.ROOT, "WARMUP label=%s requests=%d errors=%d statuses=%s%n", o.label,
                    recorder.count.get(), recorder.errors.get(), recorder.statuses());
        }
    }

    /**
     * Due times at a fixed rate, or (ramp) at a rate rising linearly from rate / 10 to rate over the
     * seconds; each request's latency is measured from its due time.
     */
    private static Recorder open(HttpClient client, Requests request, double rate, int seconds, int expect,
            boolean ramp) throws InterruptedException {
        double initial = ramp ? rate / 10 : rate;
        // requests due by time t: initial * t + slope * t^2 / 2, with the rate rising by slope per second
        double slope = (rate - initial) / seconds;
        int total = (int) Math.round((initial + rate) / 2 * seconds);
        Recorder recorder = new Recorder(total);
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < total; i++) {
            double at = slope == 0 ? i / rate : (Math.sqrt(initial * initial + 2 * slope * i) - initial) / slope;
            long due = start + (long) (at * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            client.sendAsync(request.next(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                recorder.record(System.nanoTime() - due, failure != null ? -1 : response.statusCode(), expect);
                done.countDown();
            });
        }
        recorder.sendingEnded = System.nanoTime();
        done.await(60, TimeUnit.SECONDS);
        recorder.start = start;
        recorder.end = System.nanoTime();
        return recorder;
    }

    /** {@code concurrency} clients in a loop: the throughput at saturation. */
    private static Recorder closed(HttpClient client, Requests request, int concurrency, int seconds, int expect)
            throws InterruptedException {
        Recorder recorder = new Recorder(2_000_000);
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        for (int c = 0; c < concurrency; c++) {
            clients.execute(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = client.send(request.next(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    recorder.record(System.nanoTime() - sent, status, expect);
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        recorder.start = start;
        recorder.end = System.nanoTime();
        recorder.sendingEnded = recorder.end;
        return recorder;
    }

    private static final class Recorder {
        final AtomicLongArray latencies;
        final AtomicLong count = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long start;
        long end;
        long sendingEnded;

        Recorder(int capacity) {
            latencies = new AtomicLongArray(capacity);
        }

        /** status -1: no answer (connection failed or timed out). */
        void record(long nanos, int status, int expect) {
            long i = count.getAndIncrement();
            if (i < latencies.length()) {
                latencies.set((int) i, nanos);
            }
            if (status != expect) {
                errors.incrementAndGet();
            }
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }

        String statuses() {
            StringBuilder all = new StringBuilder();
            new java.util.TreeMap<>(statuses).forEach((status, n) ->
                    all.append(all.length() == 0 ? "" : ",").append(status == -1 ? "none" : status).append(':').append(n));
            return all.toString();
        }

        void print(Options o, int seconds) {
            int n = (int) Math.min(count.get(), latencies.length());
            long[] sorted = new long[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = latencies.get(i);
            }
            Arrays.sort(sorted);
            double elapsed = (end - start) / 1e9;
            double achieved = o.rate > 0 ? n / Math.max(elapsed, seconds) : n / elapsed;
            String model = o.rate > 0 ? "open" : "closed";
            String target = o.rate > 0 ? String.format(Locale.ROOT, "%.0f/s", o.rate) : o.concurrency + " clients";
            System.out.printf(Locale.ROOT, "RESULT label=%s model=%s target=%s duration_s=%d requests=%d achieved_per_s=%.1f "
                            + "errors=%d statuses=%s p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
                    o.label, model, target.replace(' ', '_'), seconds, n, achieved, errors.get(), statuses(),
                    ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999), n == 0 ? 0 : sorted[n - 1] / 1e6);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %d | %.2f | %.2f | %.2f | %.2f |%n",
                    o.label, model, target, achieved, errors.get(), ms(sorted, 0.50), ms(sorted, 0.99),
                    ms(sorted, 0.999), n == 0 ? 0 : sorted[n - 1] / 1e6);
        }

        private static double ms(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    private static String readBody(String file) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file, e);
        }
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> o.url = args[++i];
                case "--header" -> o.headers.add(args[++i]);
                case "--rate" -> o.rate = Double.parseDouble(args[++i]);
                case "--concurrency" -> o.concurrency = Integer.parseInt(args[++i]);
                case "--duration" -> o.durationSeconds = Integer.parseInt(args[++i]);
                case "--warmup" -> o.warmupSeconds = Integer.parseInt(args[++i]);
                case "--expect" -> o.expect = Integer.parseInt(args[++i]);
                case "--label" -> o.label = args[++i];
                case "--method" -> o.method = args[++i];
                case "--body-file" -> o.body = readBody(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (value " + value + ")");
            }
        }
        if (o.url == null || (o.rate <= 0) == (o.concurrency <= 0)) {
            throw new IllegalArgumentException("--url and exactly one of --rate or --concurrency are required");
        }
        return o;
    }
}
