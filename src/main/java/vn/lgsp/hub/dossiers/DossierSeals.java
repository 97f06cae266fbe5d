package vn.lgsp.hub.dossiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;

/**
 * How the dossiers package keeps what names an applicant: a dossier's document and each version's snapshot,
 * as JSON encrypted with the data-protection key, bound to the row they belong to.
 */
@Component
class DossierSeals {

    private final DataProtection protection;
    private final ObjectMapper json;

    DossierSeals(DataProtection protection, ObjectMapper json) {
        this.protection = protection;
        this.json = json;
    }

    byte[] sealDocument(String dossierId, DossierDocument document) {
        return protection.encrypt(toJson(document), "dossier:" + dossierId);
    }

    DossierDocument openDocument(String dossierId, byte[] sealed) {
        return fromJson(protection.decrypt(sealed, "dossier:" + dossierId), DossierDocument.class);
    }

    /** A version's snapshot sealed for the outbox: what is written and published after the commit. */
    DossierVersionAccepted sealSnapshot(DossierSnapshot snapshot) {
        return new DossierVersionAccepted(snapshot.dossierId(), snapshot.version(),
                protection.encrypt(toJson(snapshot), snapshotData(snapshot.dossierId(), snapshot.version())));
    }

    DossierSnapshot openSnapshot(String dossierId, int version, byte[] sealed) {
        return fromJson(protection.decrypt(sealed, snapshotData(dossierId, version)), DossierSnapshot.class);
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
