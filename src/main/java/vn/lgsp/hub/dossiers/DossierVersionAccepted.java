package vn.lgsp.hub.dossiers;

/** Published after the commit of a new dossier version (PUT or event), for the portal sync to queue it. */
public record DossierVersionAccepted(String dossierId, int version) {
}
