-- A data subject's accesses (docs/api.md §2.3, GET /api/v1/data-subjects/citizens/{personalId}/accesses):
-- the ledger's rows of one subject, found by its keyed hash (never by scanning), newest first, a page at a
-- time (keyset: occurred_at, id).
CREATE INDEX ix_ledger_subject ON lookup_ledger (subject_hash, occurred_at DESC, id DESC);
