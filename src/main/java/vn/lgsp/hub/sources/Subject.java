package vn.lgsp.hub.sources;

/** The validated identifier of what a lookup asks a national database about. */
public interface Subject {

    /** A canonical string form of the subject, e.g. for hashing into the ledger. Never logged. */
    String key();
}
