package vn.lgsp.hub.dossiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.SealedTable;

/**
 * How the dossiers package keeps what names an applicant: a dossier's document and each version's snapshot,
 * as JSON encrypted with the data-protection key current when it was sealed (its version kept beside it),
 * bound to the row they belong to.
 */
@Component
class DossierSeals implements SealedTable.Owner {

    private final DataProtection protection;
    private final ObjectMapper json;

    DossierSeals(DataProtection protection, ObjectMapper json) {
        this.protection = protection;
        this.json = json;
    }

    DataProtection.Sealed sealDocument(String dossierId, DossierDocument document) {
        return protection.encrypt(toJson(document), documentData(dossierId));
    }

    DossierDocument openDocument(String dossierId, DataProtection.Sealed sealed) {
        return fromJson(protection.decrypt(sealed, documentData(dossierId)), DossierDocument.class);
    }

    /** A version's snapshot sealed for the outbox: what is written and published after the commit. */
    DossierVersionAccepted sealSnapshot(DossierSnapshot snapshot) {
        return new DossierVersionAccepted(snapshot.dossierId(), snapshot.version(),
                protection.encrypt(toJson(snapshot), snapshotData(snapshot.dossierId(), snapshot.version())));
    }

    DossierSnapshot openSnapshot(String dossierId, int version, DataProtection.Sealed sealed) {
        return fromJson(protection.decrypt(sealed, snapshotData(dossierId, version)), DossierSnapshot.class);
    }

    /** Whether what was sealed under this key version can still be opened (its key is configured). */
    boolean opens(int keyVersion) {
        return protection.opens(keyVersion);
    }

    /** The dossier's document and each version's snapshot, for the re-encryption job. */
    @Override
    public List<SealedTable> sealedTables() {
        return List.of(
                new SealedTable("dossier", List.of("dossier_id"), List.of(new SealedTable.Column("document",
                        key -> documentData((String) key.get(0))))),
                new SealedTable("dossier_sync", List.of("dossier_id", "version"), List.of(new SealedTable.Column(
                        "snapshot", key -> snapshotData((String) key.get(0), ((Number) key.get(1)).intValue())))));
    }

    private static String documentData(String dossierId) {
        return "dossier:" + dossierId;
    }

    private static String snapshotData(String dossierId, int version) {
        return "dossier_sync:" + dossierId + ":" + version;
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Dossier documents and snapshots always serialise", e);
        }
    }

    private <T> T fromJson(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
