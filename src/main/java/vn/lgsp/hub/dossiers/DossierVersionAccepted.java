package vn.lgsp.hub.dossiers;

import vn.lgsp.hub.common.DataProtection;

/**
 * Published after the commit of a new dossier version (PUT or event), for the portal sync to queue it.
 *
 * @param sealedSnapshot the version's snapshot as kept, encrypted, with its key version ({@link Dossiers#open}
 *                       reads it): the queued message carries it, so its delivery reads nothing back
 */
public record DossierVersionAccepted(String dossierId, int version, DataProtection.Sealed sealedSnapshot) {

    @Override
    public String toString() {
        return "DossierVersionAccepted[" + dossierId + " v" + version + "]";
    }
}
