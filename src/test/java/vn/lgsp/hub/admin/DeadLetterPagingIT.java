package vn.lgsp.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.common.DeadLetterSource;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §6: the dead letters a page at a time ({@code limit}, {@code offset}, {@code total},
 * {@code nextOffset}), read in place from the embedded broker, or over JMS as from a standalone one;
 * and the time it takes with 10,000 of them (printed, see BENCHMARKS.md "Dead letters a page at a time").
 */
class DeadLetterPagingIT extends HubIT {

    private static final String MARK = "hubPagingTest";
    private static final List<String> QUEUES = List.of("criminal-records.dlq", "portal.sync.dlq");

    @Autowired
    private EmbeddedActiveMQ broker;
    @Autowired
    private List<DeadLetterSource> sources;
    @Autowired
    private DeadLetters inPlace;

    /** This test's dead letters, on one dead-letter queue: {@code n} of them, in one transaction per 500. */
    private void deadLetters(String queue, int n, String run) {
        JmsTemplate batches = new JmsTemplate(jms.getConnectionFactory());
        batches.setSessionTransacted(true);
        for (int from = 0; from < n; from += 500) {
            int first = from;
            batches.execute((Session session) -> {
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                for (int i = first; i < Math.min(n, first + 500); i++) {
                    Message m = session.createBytesMessage();
                    m.setStringProperty(DeadLetterHeaders.ID, UUID.randomUUID().toString());
                    m.setStringProperty(DeadLetterHeaders.REASON, "The portal answered HTTP 500");
                    m.setStringProperty(DeadLetterHeaders.FAILED_AT, "2026-11-20T03:00:15.123Z");
                    m.setIntProperty(DeadLetterHeaders.ATTEMPTS, 3);
                    m.setStringProperty(DeadLetterHeaders.ORIGINAL_QUEUE, queue.replace(".dlq", ""));
                    m.setStringProperty(MARK, run);
                    m.setIntProperty("hubVersion", i);
                    producer.send(m);
                }
                session.commit();
                producer.close();
                return null;
            }, true);
        }
        // the broker files a committed message in its queue a moment after the commit: the pages are compared
        // once every message of this run can be read
        await("the broker has filed every dead letter of this run").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> filed(queue, run) == n);
    }

    /** How many messages of this run the broker's queue holds where a browser reads them. */
    private long filed(String queue, String run) {
        var q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        long n = 0;
        if (q != null) {
            try (var references = q.browserIterator()) {
                while (references.hasNext()) {
                    if (run.equals(String.valueOf(references.next().getMessage().getStringProperty(MARK)))) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    @AfterEach
    void removeThisTestsDeadLetters() throws Exception {
        for (String queue : QUEUES) {
            var q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
            if (q != null) {
                q.deleteMatchingReferences(FilterImpl.createFilter(MARK + " IS NOT NULL"));
            }
        }
    }

    private JsonNode list(String query) {
        Response response = get("/api/v1/admin/dead-letters" + query, ADMIN_KEY);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("deadLetters").forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }

    private static List<String> ids(DeadLetters.Page page) {
        return page.deadLetters().stream().map(DeadLetters.DeadLetter::id).toList();
    }

    @Test
    void pagesFollowOneAnotherAcrossQueuesAndAddUpToTheWholeList() {
        String run = "pages-" + System.nanoTime();
        deadLetters("criminal-records.dlq", 3, run);
        deadLetters("portal.sync.dlq", 4, run);
        JsonNode all = list("");
        List<String> everyId = ids(all);

        List<String> paged = new ArrayList<>();
        JsonNode page = list("?limit=2");
        int pages = 1;
        paged.addAll(ids(page));
        while (!page.path("nextOffset").isNull()) {
            assertThat(page.path("total").asLong()).isEqualTo(everyId.size());
            assertThat(page.path("deadLetters").size()).isEqualTo(2);
            page = list("?limit=2&offset=" + page.path("nextOffset").asLong());
            paged.addAll(ids(page));
            pages++;
        }

        assertThat(all.path("total").asLong()).isEqualTo(everyId.size());
        assertThat(all.path("nextOffset").isNull()).isTrue();
        assertThat(everyId.size()).isGreaterThanOrEqualTo(7);
        assertThat(paged).isEqualTo(everyId);
        assertThat(pages).isEqualTo((everyId.size() + 1) / 2);
        // the queues in the order of their names, each oldest first
        JsonNode first = list("?limit=1000").path("deadLetters");
        List<String> queues = new ArrayList<>();
        first.forEach(d -> queues.add(d.path("queue").asText()));
        assertThat(queues).isSorted();
        // past the end: an empty page, nothing next
        JsonNode past = list("?offset=" + everyId.size());
        assertThat(past.path("deadLetters")).isEmpty();
        assertThat(past.path("total").asLong()).isEqualTo(everyId.size());
        assertThat(past.path("nextOffset").isNull()).isTrue();
    }

    @Test
    void overJmsAsFromAStandaloneBrokerThePagesAreTheSame() {
        String run = "jms-" + System.nanoTime();
        deadLetters("criminal-records.dlq", 2, run);
        deadLetters("portal.sync.dlq", 3, run);
        DeadLetters overJms = new DeadLetters(sources, jms, null);
        long total = inPlace.page(0, 1).total();

        for (int offset = 0; offset <= total; offset++) {
            DeadLetters.Page page = overJms.page(offset, 2);
            assertThat(page.total()).as("offset " + offset).isEqualTo(total);
            assertThat(ids(page)).as("offset " + offset).isEqualTo(ids(inPlace.page(offset, 2)));
            assertThat(page.deadLetters()).as("offset " + offset).isEqualTo(inPlace.page(offset, 2).deadLetters());
        }
        assertThat(overJms.list()).isEqualTo(inPlace.list());
    }

    @Test
    void badPagesAre400NamingTheParameter() {
        for (String[] c : new String[][] {{"limit=0", "limit"}, {"limit=1001", "limit"}, {"limit=x", "limit"},
                {"offset=-1", "offset"}, {"offset=1000000000", "offset"}, {"offset=1e3", "offset"}}) {
            Response response = get("/api/v1/admin/dead-letters?" + c[0], ADMIN_KEY);
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.json().path("code").asText()).as(c[0]).isEqualTo("client.invalid_request");
            assertThat(response.json().path("errors").get(0).path("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }

    /** 10,000 dead letters on one queue: the first and the last page of 50, in place and over JMS, and the whole list. */
    @Test
    void tenThousandDeadLetters() {
        String run = "bench-" + System.nanoTime();
        long start = System.nanoTime();
        deadLetters("portal.sync.dlq", 10_000, run);
        System.out.printf(Locale.ROOT, "dead letters: 10,000 put on portal.sync.dlq in %.0f ms%n", ms(start));
        long total = list("?limit=1").path("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(10_000);
        DeadLetters overJms = new DeadLetters(sources, jms, null);
        String first = "?limit=50";
        String last = "?limit=50&offset=" + (total - 50);
        JsonNode lastPage = list(last);
        assertThat(lastPage.path("deadLetters").size()).isEqualTo(50);
        assertThat(lastPage.path("nextOffset").isNull()).isTrue();
        assertThat(lastPage.path("deadLetters").get(49).path("details").path("hubVersion").asInt()).isEqualTo(9_999);
        assertThat(ids(inPlace.page(0, 50)).get(0)).isEqualTo(ids(list(first)).get(0));
        // over JMS (as from a standalone broker), the same pages; Artemis's browser can end early while the
        // broker is still delivering to it, which a page short of the broker's count is browsed again for
        System.out.printf(Locale.ROOT, "dead letters: over JMS, the last page has %d of 50, the whole list %d of %d%n",
                overJms.page(total - 50, 50).deadLetters().size(), overJms.list().size(), total);

        report("HTTP first page (in place)", () -> list(first));
        report("HTTP last page (in place)", () -> list(last));
        report("JMS first page", () -> overJms.page(0, 50));
        report("JMS last page", () -> overJms.page(total - 50, 50));
        report("HTTP whole list (no limit)", () -> list(""));
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** Times 1 warm-up and 7 calls; prints the median and the slowest. */
    private static void report(String label, Supplier<?> call) {
        call.get();
        double[] times = new double[7];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            call.get();
            times[i] = ms(start);
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "dead letters: %-28s p50 %7.1f ms, max %7.1f ms%n", label, times[3], times[6]);
    }
}
