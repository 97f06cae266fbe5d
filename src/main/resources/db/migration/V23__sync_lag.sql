-- The portal sync's lag (dossiers/SyncLag, the metric hub_portal_sync_lag_seconds and its alert): the oldest
-- version still waiting for the portal, found through this index instead of reading the whole outbox.
CREATE INDEX ix_dossier_sync_state ON dossier_sync (state, created_at);
