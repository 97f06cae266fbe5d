-- Live source settings (API.md §6, PUT /api/v1/admin/sources/{source}): what an administrator set
-- overrides the source's hub.sources.<name>.* configuration for as long as the row exists. Every hub
-- instance reads these rows at start and again when a change is announced on hub.sources.changed.
CREATE TABLE source_settings (
    source                          VARCHAR(64)  PRIMARY KEY,
    base_url                        VARCHAR(500) NOT NULL,
    timeout_ms                      INTEGER      NOT NULL,
    connect_timeout_ms              INTEGER      NOT NULL,
    enabled                         BOOLEAN      NOT NULL,
    reuse_mode                      VARCHAR(16)  NOT NULL,   -- prefer-copy, fallback, off
    reuse_ttl_seconds               BIGINT       NOT NULL,
    cb_failure_rate_threshold       REAL         NOT NULL,
    cb_sliding_window_size          INTEGER      NOT NULL,
    cb_minimum_number_of_calls      INTEGER      NOT NULL,
    cb_wait_in_open_state_ms        BIGINT       NOT NULL,
    cb_permitted_calls_in_half_open INTEGER      NOT NULL,
    version                         BIGINT       NOT NULL,   -- 1 on the first change, +1 on each one after
    updated_at                      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by                      VARCHAR(64)  NOT NULL    -- the administrator's client id
);

-- An admin change's object before and after it, as JSON (settings only, never personal data).
ALTER TABLE audit_event ADD COLUMN before_value VARCHAR(4000);
ALTER TABLE audit_event ADD COLUMN after_value VARCHAR(4000);
