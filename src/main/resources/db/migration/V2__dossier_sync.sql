-- Dossier sync to the National Public Service Portal (an outbox): every accepted version of a
-- dossier is kept as an encrypted snapshot, queued on Artemis after commit, delivered in order.
ALTER TABLE dossier ADD COLUMN synced_version INTEGER DEFAULT 0 NOT NULL;

CREATE TABLE dossier_sync (
    dossier_id   VARCHAR(64) NOT NULL,
    version      INTEGER     NOT NULL,
    snapshot     BYTEA       NOT NULL,               -- AES-GCM: the dossier as it was at this version
    state        VARCHAR(16) NOT NULL,               -- QUEUED DELIVERED SKIPPED DEAD
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    enqueued_at  TIMESTAMP WITH TIME ZONE,           -- null until the message is on the queue
    delivered_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (dossier_id, version)
);
-- the sweeper: versions committed but not yet queued (a crash between commit and send)
CREATE INDEX ix_dossier_sync_unqueued ON dossier_sync (enqueued_at, created_at);
