-- Keys that can change (docs/production.md, "Rotating the data-protection keys"): each row that holds data
-- sealed with hub.data-protection's AES key records the key version its sealed columns are under, so that a new
-- key can be added by configuration, new rows sealed under it, old rows read under theirs, and the
-- re-encryption job move them to the current key (cluster/Reencryption, keyset pages, one transaction per page).
-- Every row written before this migration was sealed under version 1. A constant default adds the column
-- without rewriting the table on PostgreSQL 11 and later. Plain SQL that PostgreSQL and H2 both run.
--
-- Subject hashes need no change: a hash under version n >= 2 is written as 'k<n>:' and the HMAC's first hex
-- digits, 64 characters like version 1's (common/DataProtection), so that the CHAR(64) columns holding them
-- (lookup_ledger, reuse_copy, criminal_record_request) stay as they are: on PostgreSQL, widening CHAR(64) to
-- VARCHAR rewrites the whole table and its indexes under an exclusive lock, the append-only ledger included.
ALTER TABLE reuse_copy ADD COLUMN key_version SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE dossier ADD COLUMN key_version SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE dossier_sync ADD COLUMN key_version SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE criminal_record_request ADD COLUMN key_version SMALLINT DEFAULT 1 NOT NULL;
