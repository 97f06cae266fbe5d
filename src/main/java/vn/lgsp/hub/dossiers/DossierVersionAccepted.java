package vn.lgsp.hub.dossiers;

import vn.lgsp.hub.common.DataProtection;

/**
 * Published after the commit of a new dossier version (PUT or event), for the portal sync to queue it.
 *
 * @param sealedSnapshot the version's snapshot as kept, encrypted, with its key version ({@link Dossiers#open}
 *                       reads it): the queued message carries it, so its delivery reads nothing back
 * @param traceparent the W3C trace context of the request that made the version, or null: the portal's call
 *                    for it goes on in that trace
 */
public record DossierVersionAccepted(String dossierId, int version, DataProtection.Sealed sealedSnapshot,
                                     String traceparent) {

    DossierVersionAccepted(String dossierId, int version, DataProtection.Sealed sealedSnapshot) {
        this(dossierId, version, sealedSnapshot, null);
    }

    DossierVersionAccepted inTrace(String traceparent) {
        return new DossierVersionAccepted(dossierId, version, sealedSnapshot, traceparent);
    }

    @Override
    public String toString() {
        return "DossierVersionAccepted[" + dossierId + " v" + version + "]";
    }
}
