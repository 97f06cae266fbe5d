-- EXPLAIN (ANALYZE, BUFFERS) of the reuse report's statements over a whole year, on the data set of
-- bench/report-seed.sql. Read-only.
--
--   psql -X -d lgsp_bench -v year=2026 -f bench/report-explain.sql
--
-- The SQL is that of src/main/java/vn/lgsp/hub/reports/ReuseReports.java as the hub sends it (its
-- JdbcTemplate DEBUG log), with the year's bounds in place of the parameters: received_at in
-- [YYYY-01-01T00:00+07:00, (YYYY+1)-01-01T00:00+07:00), business_date in [YYYY-01-01, YYYY-12-31].

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

\echo
\echo ================= 1. dossier counts, no grouping (groupBy=agency/procedure/day differ only in the key)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, COUNT(*), SUM(declared), SUM(observed), SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END) FROM (SELECT 'all' AS k, f.* FROM (SELECT d.agency_code, d.procedure_code, d.received_date, CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, MAX(CASE WHEN s.dossier_id IS NULL THEN 0 ELSE 1 END) AS observed, MAX(CASE WHEN s.source = 'citizens' THEN 1 ELSE 0 END) AS citizen, CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced FROM dossier d LEFT JOIN dossier_source s ON s.dossier_id = d.dossier_id WHERE d.received_at >= :'lo' AND d.received_at < :'hi' GROUP BY d.dossier_id, d.agency_code, d.procedure_code, d.received_date, d.declared_reuse, d.sync_state) f) g GROUP BY k;

\echo
\echo ================= 2a. the range's dossier totals (groupBy=source, with statement 2)
EXPLAIN (ANALYZE, BUFFERS)
SELECT COUNT(*), SUM(CASE WHEN d.declared_reuse THEN 1 ELSE 0 END), SUM(CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END) FROM dossier d WHERE d.received_at >= :'lo' AND d.received_at < :'hi';

\echo
\echo ================= 2. observed reuse per source (groupBy=source)
EXPLAIN (ANALYZE, BUFFERS)
SELECT s.source, COUNT(*), SUM(CASE WHEN d.declared_reuse THEN 1 ELSE 0 END) FROM dossier d JOIN dossier_source s ON s.dossier_id = d.dossier_id WHERE d.received_at >= :'lo' AND d.received_at < :'hi' GROUP BY s.source;

\echo
\echo ================= 3. lookup counts from the daily counters, no grouping (also groupBy=source)
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, SUM(lookups), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN lookups ELSE 0 END) FROM (SELECT 'all' AS k, source, outcome, served_from, lookups FROM lookup_daily WHERE dimension = 'all' AND business_date >= :'d_from' AND business_date <= :'d_to') x GROUP BY k, source;

\echo
\echo ================= 4. lookup counts grouped by agency (procedure: the same with dimension 'procedure')
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, SUM(lookups), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN lookups ELSE 0 END) FROM (SELECT dimension_key AS k, source, outcome, served_from, lookups FROM lookup_daily WHERE dimension = 'agency' AND business_date >= :'d_from' AND business_date <= :'d_to') x GROUP BY k, source;

\echo
\echo ================= 5. lookup counts grouped by procedure
EXPLAIN (ANALYZE, BUFFERS)
SELECT k, source, SUM(lookups), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome = 'NOT_FOUND' THEN lookups ELSE 0 END), SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN lookups ELSE 0 END) FROM (SELECT dimension_key AS k, source, outcome, served_from, lookups FROM lookup_daily WHERE dimension = 'procedure' AND business_date >= :'d_from' AND business_date <= :'d_to') x GROUP BY k, source;
