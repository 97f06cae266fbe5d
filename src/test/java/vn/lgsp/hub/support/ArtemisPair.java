package vn.lgsp.hub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone ActiveMQ Artemis primary/backup pair with replication (classic replication HA policy
 * with quorum voting: no shared store, no ZooKeeper), each broker its own OS process from the Artemis
 * distribution, for the tests whose promise is about a broker dying ({@code kill -9}) under load. Not
 * a Spring test: the test talks to the pair through {@link #clientUrl()} like the hub does.
 *
 * <p>The distribution is the one {@code -Pcluster-it} unpacks into {@code target/artemis}, passed as the
 * system property {@code hub.it.artemis-home}. {@link #create} makes two broker instances with
 * {@code bin/artemis create} under the run directory ({@code primary/}, {@code backup/}), then adjusts
 * their {@code etc/broker.xml}:
 * <ul>
 *   <li>one acceptor, CORE only, on a free port of 127.0.0.1 picked at run time (the machine runs other
 *       brokers on the usual AMQP, MQTT and STOMP ports); no web console;</li>
 *   <li>a persistent NIO journal with data sync, replicated synchronously to the backup;</li>
 *   <li>the address settings of the hub's embedded broker ({@code EmbeddedBrokerConfig}): never
 *       discard a redelivered message, redelivery delay 1 s doubling up to 60 s, 1024 group buckets,
 *       expired messages to {@code ExpiryQueue};</li>
 *   <li>failback: the primary has {@code check-for-active-server}, the backup {@code allow-failback}
 *       and {@code restart-backup}. A primary restarted after a failover finds the backup active with
 *       its node id, synchronizes from it as a passive replica, then takes over again; the backup
 *       stops (clients fail over once more, back to the primary) and restarts in its JVM as the
 *       passive backup of the primary. Without {@code check-for-active-server} the restarted primary
 *       would activate on its stale journal beside the active backup: split brain.</li>
 * </ul>
 *
 * <p>A broker's output goes to {@code primary-1.log}, {@code primary-2.log} (after a restart), … and
 * {@code backup-1.log} in the run directory; states are read from the broker's log codes there:
 * {@value #ACTIVE} (server is now active), {@value #BACKUP_SYNCHRONIZED} (backup synchronized with
 * its primary). Should the test JVM stop, a shutdown hook kills every broker it started.
 */
public final class ArtemisPair implements AutoCloseable {

    /** Log code: "Server is now active". */
    public static final String ACTIVE = "AMQ221007";
    /** Log code: "Backup server … is synchronized with primary server". */
    public static final String BACKUP_SYNCHRONIZED = "AMQ221024";
    /** How long a pair may take to be active and replicating. */
    public static final Duration START_WITHIN = Duration.ofSeconds(90);

    private static final String USER = "hub";
    private static final String PASSWORD = "hub";
    private static final String CLUSTER_USER = "hub-cluster";
    private static final String CLUSTER_PASSWORD = "hub-cluster";
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
    private static final List<ProcessHandle> STARTED = new CopyOnWriteArrayList<>();

    static {
        // should the test JVM itself be stopped, no broker is left running behind it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(ArtemisPair::killTree)));
    }

    private final Broker primary;
    private final Broker backup;
    /** Where the backup's log stood when the primary was last killed: its activation is awaited after it. */
    private volatile long backupLogAtKill;

    private ArtemisPair(Broker primary, Broker backup) {
        this.primary = primary;
        this.backup = backup;
    }

    /**
     * Creates the two broker instances under {@code runDir} (not started): {@code runDir/primary} and
     * {@code runDir/backup}, on two free ports of 127.0.0.1.
     */
    public static ArtemisPair create(Path runDir) throws IOException, InterruptedException {
        Path home = artemisHome();
        Files.createDirectories(runDir);
        int primaryPort = freePort();
        int backupPort = freePort();
        while (backupPort == primaryPort) {
            backupPort = freePort();
        }
        Broker primary = new Broker("primary", runDir, primaryPort);
        Broker backup = new Broker("backup", runDir, backupPort);
        primary.create(home, backupPort, false);
        backup.create(home, primaryPort, true);
        return new ArtemisPair(primary, backup);
    }

    /** The unpacked distribution: {@code -Dhub.it.artemis-home}, set by {@code -Pcluster-it}. */
    static Path artemisHome() {
        String home = System.getProperty("hub.it.artemis-home");
        if (home == null || home.isBlank() || !Files.isRegularFile(Path.of(home, "bin", "artemis"))) {
            throw new IllegalStateException("no Artemis distribution at -Dhub.it.artemis-home=" + home
                    + " (run with -Pcluster-it, which unpacks it into target/artemis)");
        }
        return Path.of(home);
    }

    /**
     * Starts the primary, then the backup, and returns once the primary is active and the backup has
     * synchronized its journal from it (from then on a {@code kill -9} of the primary loses nothing
     * that was committed).
     */
    public void start() throws IOException {
        primary.launch();
        primary.awaitLog(ACTIVE, 0, START_WITHIN);
        backup.launch();
        backup.awaitLog(BACKUP_SYNCHRONIZED, 0, START_WITHIN);
    }

    /**
     * The client URL of the pair: both acceptors, {@code ha=true} (the client follows the cluster
     * topology and fails over to the backup on the same connections and sessions) and endless
     * reconnection, first after 100 ms, then backing off by 1.5 to at most 2 s.
     */
    public String clientUrl() {
        return "(tcp://127.0.0.1:" + primary.port + ",tcp://127.0.0.1:" + backup.port + ")"
                + "?ha=true&reconnectAttempts=-1&retryInterval=100&retryIntervalMultiplier=1.5&maxRetryInterval=2000";
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int primaryPort() {
        return primary.port;
    }

    public int backupPort() {
        return backup.port;
    }

    /** The primary's current log (the latest of {@code primary-N.log}). */
    public Path primaryLog() {
        return primary.log;
    }

    /** The backup's log ({@code backup-1.log}). */
    public Path backupLog() {
        return backup.log;
    }

    /**
     * {@code kill -9} of the primary's broker JVM (and anything it started): no shutdown hook, no
     * goodbye to the backup or the clients. Returns once the process is gone.
     */
    public void killPrimary() throws InterruptedException {
        backupLogAtKill = backup.logLength();
        primary.kill();
    }

    /**
     * Waits until the backup has activated after the primary's last {@link #killPrimary} (its log's
     * {@value #ACTIVE} after the kill): clients can fail over to it from then on.
     */
    public void awaitBackupActive(Duration within) {
        backup.awaitLog(ACTIVE, backupLogAtKill, within);
    }

    /**
     * Starts the primary again after {@link #killPrimary}, on its own journal, and waits for the
     * failback: the primary synchronizes from the active backup, becomes active again, and the backup,
     * restarted as passive, has synchronized from it once more.
     */
    public void restartPrimary() throws IOException {
        long backupMark = backup.logLength();
        primary.launch();
        primary.awaitLog(ACTIVE, 0, START_WITHIN);
        backup.awaitLog(BACKUP_SYNCHRONIZED, backupMark, START_WITHIN);
    }

    /**
     * Stops both brokers: the backup first (so that the primary's stop makes nothing fail over), each
     * gracefully (SIGTERM, the broker's own shutdown) and, should it not be gone within 30 s, by
     * SIGKILL. Safe to call twice.
     */
    public void stop() throws InterruptedException {
        backup.stop();
        primary.stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * Starts a pair in a directory and keeps it running until the JVM is stopped, printing its client
     * URL: for a bench script. {@code java -cp … -Dhub.it.artemis-home=… vn.lgsp.hub.support.ArtemisPair DIR}
     */
    public static void main(String[] args) throws Exception {
        ArtemisPair pair = create(Path.of(args.length > 0 ? args[0] : "target/artemis-pair").toAbsolutePath());
        pair.start();
        System.out.println("ARTEMIS_URL=" + pair.clientUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pair.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Thread.currentThread().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** SIGKILLs a process and its descendants (children first, so none is re-parented and missed). */
    private static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** One broker of the pair: its instance directory, port and current process. */
    private static final class Broker {

        private final String name;
        private final Path runDir;
        private final Path instance;
        private final int port;
        private Process process;
        private Path log;
        private int launches;

        Broker(String name, Path runDir, int port) {
            this.name = name;
            this.runDir = runDir;
            this.instance = runDir.resolve(name);
            this.port = port;
        }

        /** {@code bin/artemis create}, then the adjustments to {@code etc/broker.xml} the class describes. */
        void create(Path home, int peerPort, boolean isBackup) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(
                    "/bin/sh", home.resolve("bin/artemis").toString(), "create",
                    "--silent", "--force",
                    "--name", name,
                    "--user", USER, "--password", PASSWORD, "--require-login",
                    "--clustered", "--replicated",
                    "--cluster-user", CLUSTER_USER, "--cluster-password", CLUSTER_PASSWORD,
                    "--host", "127.0.0.1",
                    "--default-port", Integer.toString(port),
                    "--static-cluster", "tcp://127.0.0.1:" + peerPort,
                    "--no-web",
                    "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                    "--nio", "--no-autotune",
                    "--java-memory", "512M"));
            if (isBackup) {
                command.add("--backup");
            }
            command.add(instance.toString());
            Path createLog = runDir.resolve(name + "-create.log");
            Process create = processBuilder(command).redirectOutput(createLog.toFile()).start();
            if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0) {
                create.destroyForcibly();
                throw new IllegalStateException("artemis create " + name + " failed (see " + createLog + ")");
            }
            Path brokerXml = instance.resolve("etc/broker.xml");
            String xml = Files.readString(brokerXml, StandardCharsets.UTF_8);
            xml = replaceOnce(xml, "<acceptor name=\"artemis\">[^<]*</acceptor>",
                    "<acceptor name=\"artemis\">tcp://127.0.0.1:" + port
                            + "?protocols=CORE;useEpoll=true;tcpSendBufferSize=1048576;tcpReceiveBufferSize=1048576"
                            + "</acceptor>");
            xml = replaceOnce(xml, "<ha-policy>.*?</ha-policy>", isBackup ? """
                    <ha-policy>
                             <replication>
                                <backup>
                                   <allow-failback>true</allow-failback>
                                   <restart-backup>true</restart-backup>
                                </backup>
                             </replication>
                          </ha-policy>""" : """
                    <ha-policy>
                             <replication>
                                <primary>
                                   <check-for-active-server>true</check-for-active-server>
                                </primary>
                             </replication>
                          </ha-policy>""");
            xml = replaceOnce(xml, "<address-setting match=\"#\">.*?</address-setting>", """
                    <address-setting match="#">
                                <expiry-address>ExpiryQueue</expiry-address>
                                <max-delivery-attempts>-1</max-delivery-attempts>
                                <redelivery-delay>1000</redelivery-delay>
                                <redelivery-delay-multiplier>2</redelivery-delay-multiplier>
                                <max-redelivery-delay>60000</max-redelivery-delay>
                                <default-group-buckets>1024</default-group-buckets>
                                <address-full-policy>PAGE</address-full-policy>
                                <auto-create-queues>true</auto-create-queues>
                                <auto-create-addresses>true</auto-create-addresses>
                                <auto-delete-queues>false</auto-delete-queues>
                                <auto-delete-addresses>false</auto-delete-addresses>
                             </address-setting>""");
            Files.writeString(brokerXml, xml, StandardCharsets.UTF_8);
        }

        /** {@code bin/artemis run} of the instance (the script execs the broker JVM), output to the next log. */
        void launch() throws IOException {
            launches++;
            log = runDir.resolve(name + "-" + launches + ".log");
            process = processBuilder(List.of("/bin/sh", instance.resolve("bin/artemis").toString(), "run"))
                    .redirectOutput(log.toFile())
                    .start();
            STARTED.add(process.toHandle());
        }

        void kill() throws InterruptedException {
            if (process == null) {
                return;
            }
            killTree(process.toHandle());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        }

        void stop() throws InterruptedException {
            if (process == null || !process.isAlive()) {
                return;
            }
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                killTree(process.toHandle());
                process.waitFor(30, TimeUnit.SECONDS);
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        long logLength() {
            try {
                return log == null ? 0 : Files.size(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for a log code to appear in the current log after byte {@code from}; fails fast should the broker exit. */
        void awaitLog(String code, long from, Duration within) {
            Path current = log;
            await(name + " logging " + code + " (" + current + ")")
                    .atMost(within).pollInterval(Duration.ofMillis(100))
                    .failFast(name + " exited (see " + current + ")", () -> !process.isAlive())
                    .until(() -> logFrom(current, from).contains(code));
        }

        private static String logFrom(Path file, long from) throws IOException {
            if (!Files.exists(file)) {
                return "";
            }
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(Math.min(from, Files.size(file)));
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private static ProcessBuilder processBuilder(List<String> command) {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            // the broker runs on this JVM's Java, with the instance's own profile (no inherited overrides)
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.remove("JAVA_ARGS");
            env.remove("JAVA_ARGS_APPEND");
            env.remove("ARTEMIS_HOME");
            env.remove("ARTEMIS_INSTANCE");
            return builder;
        }

        private static String replaceOnce(String xml, String regex, String replacement) {
            Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(xml);
            if (!matcher.find()) {
                throw new IllegalStateException("broker.xml as created has no " + regex);
            }
            return xml.substring(0, matcher.start()) + replacement + xml.substring(matcher.end());
        }
    }
}
