import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnectorFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The physical limit beside the hub's portal sync (bench/sync-throughput.sh): an embedded Artemis broker
 * configured as the hub's (persistent journal on the same disk, in-VM connections), a producer sending
 * persistent messages the size of a sealed dossier snapshot, grouped by dossier, in transactions of
 * {@code --batch} messages, and a consumer taking them in transactions of {@code --batch} as well, both at
 * once. Prints the rate at which messages were produced and consumed, end to end.
 *
 *   java -cp CLASSPATH RawBroker --dir /tmp/raw --messages 200000 --batch 100 --size 1500
 */
public final class RawBroker {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(arg(args, "--dir", "/tmp/lgsp-bench/raw-broker"));
        int messages = Integer.parseInt(arg(args, "--messages", "200000"));
        int batch = Integer.parseInt(arg(args, "--batch", "100"));
        int size = Integer.parseInt(arg(args, "--size", "1500"));
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dir.resolve("largemessages").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName()));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(false,
                new TransportConfiguration(InVMConnectorFactory.class.getName()));
        byte[] body = new byte[size];
        CountDownLatch consumed = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        long started = System.nanoTime();
        Thread consumer = new Thread(() -> {
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer c = session.createConsumer(session.createQueue("raw.sync"));
                int inTransaction = 0;
                while (received.get() < messages) {
                    Message m = c.receive(1000);
                    if (m != null) {
                        received.incrementAndGet();
                        inTransaction++;
                    }
                    if (inTransaction > 0 && (m == null || inTransaction == batch)) {
                        session.commit();
                        inTransaction = 0;
                    }
                }
                if (inTransaction > 0) {
                    session.commit();
                }
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                consumed.countDown();
            }
        });
        consumer.start();
        long producedNanos;
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = session.createProducer(session.createQueue("raw.sync"));
            for (int i = 1; i <= messages; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(body);
                m.setStringProperty("JMSXGroupID", "RAW-" + (i % 10_000));
                p.send(m, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0);
                if (i % batch == 0) {
                    session.commit();
                }
            }
            session.commit();
            producedNanos = System.nanoTime() - started;
        }
        consumed.await();
        long totalNanos = System.nanoTime() - started;
        System.out.printf("RAW messages=%d batch=%d size=%d produced_per_s=%.0f consumed_per_s=%.0f seconds=%.1f%n",
                messages, batch, size, messages / (producedNanos / 1e9), received.get() / (totalNanos / 1e9),
                totalNanos / 1e9);
        // the measurement is done: the broker's orderly stop (tens of seconds) is not waited for
        Runtime.getRuntime().halt(0);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
