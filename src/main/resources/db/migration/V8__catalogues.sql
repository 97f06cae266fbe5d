-- Catalogues changed by administrators (api.md §6, PUT /api/v1/admin/catalogues/{name}): a row replaces
-- the shipped catalogue of the same name (src/main/resources/catalogues/<name>.json) for as long as it
-- exists. Every hub instance reads these rows at start, again when a change is announced on
-- hub.catalogues.changed, and whenever its periodic comparison of versions finds one it has not applied.
CREATE TABLE catalogue (
    name          VARCHAR(64)   PRIMARY KEY,         -- a shipped catalogue's name, e.g. ethnicity
    description   VARCHAR(500)  NOT NULL,
    source        VARCHAR(1000) NOT NULL,            -- where the list was taken from, and how sure it is
    numeric_codes BOOLEAN       NOT NULL,            -- codes compared as numbers: 01 is 1
    entries       VARCHAR       NOT NULL,            -- JSON [{"code": "01", "name": "Kinh"}, ...], 1-2000 entries
    version       BIGINT        NOT NULL,            -- 1 on the first change, +1 on each one after
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(64)   NOT NULL             -- the administrator's client id
);
