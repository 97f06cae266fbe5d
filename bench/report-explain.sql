-- EXPLAIN (ANALYZE, BUFFERS) of the reuse report's statements over a whole year, on the data set of
-- bench/report-seed.sql, and of the rewrites that would make them fast. Read-only: every what-if
-- runs in a transaction that is rolled back.
--
--   psql -X -d lgsp_bench -v year=2026 -f bench/report-explain.sql
--
-- Part A is the SQL of src/main/java/vn/lgsp/hub/reports/ReuseReports.java exactly as the hub sends
-- it (taken from its JdbcTemplate DEBUG log), with the year's bounds in place of the parameters:
-- received_at in [YYYY-01-01T00:00+07:00, (YYYY+1)-01-01T00:00+07:00), business_date in [YYYY-01-01, YYYY-12-31].

\set ON_ERROR_STOP on
\if :{?year}
\else
  SELECT extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS year \gset
\endif
SELECT (make_date(:year, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS lo,
       (make_date(:year + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS hi,
       make_date(:year, 1, 1) AS d_from, make_date(:year, 12, 31) AS d_to \gset
\echo year :year: received_at in [:lo, :hi), business_date in [:d_from, :d_to]
\timing on
SHOW jit;
SHOW work_mem;
SHOW max_parallel_workers_per_gather;

\echo
\echo ================= A1. dossier counts, no grouping (year, year groupBy=source runs it once per source with AND s.source = ?)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, COUNT(*), SUM(declared), SUM(observed), SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END) FROM (SELECT 'all' AS k, CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id ) THEN 1 ELSE 0 END AS observed, CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id AND s.source = 'citizens') THEN 1 ELSE 0 END AS citizen, CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced FROM dossier d WHERE d.received_at >= :'lo' AND d.received_at < :'hi') f GROUP BY k;

\echo
\echo ================= A2. dossier counts grouped by day (agency and procedure differ only in the key)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, COUNT(*), SUM(declared), SUM(observed), SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END) FROM (SELECT CAST(d.received_date AS VARCHAR(10)) AS k, CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id ) THEN 1 ELSE 0 END AS observed, CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id AND s.source = 'citizens') THEN 1 ELSE 0 END AS citizen, CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced FROM dossier d WHERE d.received_at >= :'lo' AND d.received_at < :'hi') f GROUP BY k;

\echo
\echo ================= A3. lookup counts, no grouping (also groupBy=source)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, COUNT(*), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN 1 ELSE 0 END) FROM (SELECT 'all' AS k, l.source, l.outcome, l.served_from FROM lookup_ledger l  WHERE l.business_date >= :'d_from' AND l.business_date <= :'d_to') x GROUP BY k, source;

\echo
\echo ================= A4. lookup counts grouped by day (procedure: same index-only scan)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, COUNT(*), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN 1 ELSE 0 END) FROM (SELECT CAST(l.business_date AS VARCHAR(10)) AS k, l.source, l.outcome, l.served_from FROM lookup_ledger l  WHERE l.business_date >= :'d_from' AND l.business_date <= :'d_to') x GROUP BY k, source;

\echo
\echo ================= A5. lookup counts grouped by agency (joins the dossier of every ledger row)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, COUNT(*), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN 1 ELSE 0 END) FROM (SELECT COALESCE(l.agency_code, d.agency_code, 'unknown') AS k, l.source, l.outcome, l.served_from FROM lookup_ledger l LEFT JOIN dossier d ON d.dossier_id = l.dossier_id WHERE l.business_date >= :'d_from' AND l.business_date <= :'d_to') x GROUP BY k, source;

\echo
\echo ================= B1. A1 with jit = off (the JIT compilation is counted in A1 when its cost estimate passes jit_above_cost)
BEGIN;
SET LOCAL jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, COUNT(*), SUM(declared), SUM(observed), SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END) FROM (SELECT 'all' AS k, CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id ) THEN 1 ELSE 0 END AS observed, CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id AND s.source = 'citizens') THEN 1 ELSE 0 END AS citizen, CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced FROM dossier d WHERE d.received_at >= :'lo' AND d.received_at < :'hi') f GROUP BY k;
ROLLBACK;

\echo
\echo ================= B2. query-only rewrite of A1: one probe of dossier_source per dossier, behind an OFFSET 0 fence
\echo =================     (NULL = no FOUND lookup, true = citizens among them), so the outer SUMs cannot re-run it
BEGIN;
SET LOCAL jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, COUNT(*), SUM(declared), SUM(observed), SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END)
FROM (SELECT k, declared, CASE WHEN c IS NOT NULL THEN 1 ELSE 0 END AS observed, CASE WHEN c THEN 1 ELSE 0 END AS citizen, synced
      FROM (SELECT 'all' AS k, CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared,
                   (SELECT bool_or(s.source = 'citizens') FROM dossier_source s WHERE s.dossier_id = d.dossier_id) AS c,
                   CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced
            FROM dossier d WHERE d.received_at >= :'lo' AND d.received_at < :'hi' OFFSET 0) g) f
GROUP BY k;
ROLLBACK;

\echo
\echo ================= B3. groupBy=source in one statement instead of one A1 per source
BEGIN;
SET LOCAL jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT s.source, COUNT(*) AS observed,
       SUM(CASE WHEN d.declared_reuse THEN 1 ELSE 0 END) AS declared_and_observed
FROM dossier d JOIN dossier_source s ON s.dossier_id = d.dossier_id
WHERE d.received_at >= :'lo' AND d.received_at < :'hi'
GROUP BY s.source;
ROLLBACK;

\echo
\echo ================= B4. schema what-if: the observed flags kept on the dossier row (written with dossier_source),
\echo =================     read through a covering index; the report no longer touches dossier_source
BEGIN;
SET LOCAL jit = off;
ALTER TABLE dossier ADD COLUMN found_citizens boolean NOT NULL DEFAULT false,
                    ADD COLUMN found_enterprises boolean NOT NULL DEFAULT false,
                    ADD COLUMN found_land boolean NOT NULL DEFAULT false;
UPDATE dossier d SET found_citizens = f.c, found_enterprises = f.e, found_land = f.l
FROM (SELECT dossier_id, bool_or(source = 'citizens') c, bool_or(source = 'enterprises') e, bool_or(source = 'land') l
      FROM dossier_source GROUP BY dossier_id) f
WHERE f.dossier_id = d.dossier_id;
CREATE INDEX ix_whatif_dossier_report ON dossier (received_at)
    INCLUDE (received_date, agency_code, procedure_code, declared_reuse, sync_state, found_citizens, found_enterprises, found_land);
EXPLAIN (ANALYZE, BUFFERS)
SELECT CAST(d.received_date AS VARCHAR(10)) AS k, COUNT(*),
       SUM(CASE WHEN d.declared_reuse THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.found_citizens OR d.found_enterprises OR d.found_land THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.declared_reuse OR d.found_citizens OR d.found_enterprises OR d.found_land THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.found_citizens THEN 1 ELSE 0 END), SUM(CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.found_enterprises THEN 1 ELSE 0 END), SUM(CASE WHEN d.found_land THEN 1 ELSE 0 END)
FROM dossier d WHERE d.received_at >= :'lo' AND d.received_at < :'hi'
GROUP BY 1;
ROLLBACK;

\echo
\echo ================= B5. A5 (by agency) with the agency resolved when the row is written (agency_code never NULL)
\echo =================     and an index that covers it: no join to dossier
BEGIN;
SET LOCAL jit = off;
CREATE INDEX ix_whatif_ledger_agency ON lookup_ledger (business_date, agency_code, source, outcome, served_from);
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, COUNT(*), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN 1 ELSE 0 END) FROM (SELECT COALESCE(l.agency_code, 'unknown') AS k, l.source, l.outcome, l.served_from FROM lookup_ledger l WHERE l.business_date >= :'d_from' AND l.business_date <= :'d_to') x GROUP BY k, source;
ROLLBACK;
