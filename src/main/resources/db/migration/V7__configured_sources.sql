-- Sources configured by administrators alone (routes/README.md, "Adding a national database"): a row
-- of source_settings may now stand for a source that has no hub.sources.<name>.* configuration, created
-- by PUT /api/v1/admin/sources/{source}. Such a source names the subjects it accepts and, when the
-- jsonMapper bean reads its answers, where each canonical field is in them.
ALTER TABLE source_settings ADD COLUMN subject_pattern VARCHAR(200);   -- a regex the whole subject matches
ALTER TABLE source_settings ADD COLUMN canonical_fields VARCHAR(3000); -- JSON {"canonicalName": "/json/pointer"}
