-- The procedure catalogue (docs/api.md, "Pre-fill"; PUT /api/v1/admin/procedures/{code}): for a national
-- procedure code, the sources its form is pre-filled from, each with the dossier's subject it is asked about
-- and the canonical fields the form needs. A row replaces the shipped entry of its code (hub.procedures.shipped)
-- or adds one. Every hub instance reads these rows at start, again when a change is announced on
-- hub.procedures.changed, and whenever its periodic comparison of versions finds one it has not applied.
CREATE TABLE procedure_catalogue (
    code       VARCHAR(16)   PRIMARY KEY,            -- a national procedure code, e.g. 1.001612
    name       VARCHAR(200),
    sources    VARCHAR       NOT NULL,               -- JSON {"citizens": {"subject": "personalId", "fields": [...]}}
    version    BIGINT        NOT NULL,               -- 1 on the first change, +1 on each one after
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(64)   NOT NULL                -- the administrator's client id
);
