package vn.lgsp.hub.sources.lookup;

import java.time.Instant;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * One data lookup, made once at the edge (the lookup route's first step) and carried through the
 * whole route in the exchange property {@value #PROPERTY}: who asks and for which dossier, the source,
 * the validated subject and its keyed hash, when it started, and as it goes on the canonical answer,
 * where the answer came from and how the lookup ended.
 *
 * <p>Route files read it in simple expressions: {@code ${exchangeProperty.lookup.subject.value}},
 * {@code ${exchangeProperty.lookup.subject.communeCode}} (routes/README.md). Java steps read it with
 * {@link #of(Exchange)}. Nothing else of a lookup travels in exchange properties.
 */
public final class Lookup {

    /** The exchange property holding the lookup. */
    public static final String PROPERTY = "lookup";
    /** {@link #servedFrom()} of an answer the source gave. */
    public static final String FROM_SOURCE = "source";
    /** {@link #servedFrom()} of an answer from a stored copy. */
    public static final String FROM_REUSE_STORE = "reuse-store";

    private final String source;
    private final boolean known;
    private final Instant startedAt;
    private final long startedNanos;
    private final Context context;
    private Subject subject;
    private String subjectHash;
    private Set<String> allowedFields;
    private Object answer;
    private byte[] storedAnswer;
    private String servedFrom;
    private String sunset;

    /**
     * @param known whether the hub has a source of this name: a lookup of an unknown one is refused
     *     and never recorded
     */
    public Lookup(String source, boolean known, Instant startedAt, long startedNanos, Context context) {
        this.source = source;
        this.known = known;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
        this.context = context;
    }

    /**
     * Who asks, for which dossier and procedure, on behalf of which officer and agency: what was
     * valid of the request's context (a refused lookup is recorded with what was valid in it).
     */
    public record Context(String correlationId, String path, String clientId, String dossierId,
                          String procedureCode, String officerId, String agencyCode) {
    }

    /** The lookup the exchange carries; a step of the lookup route or the source template only. */
    public static Lookup of(Exchange exchange) {
        Lookup lookup = exchange.getProperty(PROPERTY, Lookup.class);
        if (lookup == null) {
            throw new IllegalStateException("Not a lookup's exchange: no " + PROPERTY + " property");
        }
        return lookup;
    }

    public String source() {
        return source;
    }

    /** Whether the source exists; a lookup of an unknown source is never recorded. */
    public boolean known() {
        return known;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public Context context() {
        return context;
    }

    public String correlationId() {
        return context.correlationId();
    }

    /** The validated subject, or null until (or unless) it was found valid. */
    public Subject subject() {
        return subject;
    }

    /** The keyed hash standing for the subject in the ledger and the reuse store (of what was given, valid or not). */
    public String subjectHash() {
        return subjectHash;
    }

    public void subjectHash(String hash) {
        this.subjectHash = hash;
    }

    public void accepted(Subject validSubject, String hash, Set<String> fields) {
        this.subject = validSubject;
        this.subjectHash = hash;
        this.allowedFields = fields;
    }

    /** The fields the client may receive from this source, or null for all of them. */
    public Set<String> allowedFields() {
        return allowedFields;
    }

    /** The canonical answer the source's mapper made, to be serialised once. */
    public Object answer() {
        return answer;
    }

    /** The canonical JSON of the stored copy that answers, when one does. */
    public byte[] storedAnswer() {
        return storedAnswer;
    }

    /** Answered from a stored copy: the source is not called. */
    public void answerFromCopy(byte[] canonicalJson, String sunsetHeader) {
        this.storedAnswer = canonicalJson;
        this.servedFrom = FROM_REUSE_STORE;
        this.sunset = sunsetHeader;
    }

    public void answerFromSource(Object canonical) {
        this.answer = canonical;
        this.servedFrom = FROM_SOURCE;
    }

    /** Whether the source is still to be called (no stored copy answered). */
    public boolean needsSource() {
        return servedFrom == null;
    }

    /** {@value #FROM_SOURCE}, {@value #FROM_REUSE_STORE}, or null while (or if) nothing answered. */
    public String servedFrom() {
        return servedFrom;
    }

    /** The {@code Sunset} header of the answer (a copy-only lookup), or null. */
    public String sunset() {
        return sunset;
    }
}
