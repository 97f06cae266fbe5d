-- The keyed digest (HMAC-SHA256) of a reuse copy's canonical answer, its retrievedAt left out: a lookup
-- that gets the same answer again leaves the stored copy as it is until the copy nears its expiry
-- (LedgerWriter), instead of encrypting and rewriting it on every lookup. Null for copies stored before.
ALTER TABLE reuse_copy ADD COLUMN answer_digest CHAR(64);
