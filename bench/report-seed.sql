-- Seeds the reuse-report benchmark data set into a database whose schema Flyway has created
-- (src/main/resources/db/migration/V1__ledger_reuse_dossiers.sql). Set-based only (generate_series),
-- deterministic (setseed). Run: psql -v ON_ERROR_STOP=1 -d lgsp_bench -f bench/report-seed.sql
--
--   200,000 dossier rows     received on working days' office hours over the current calendar year
--                            (Asia/Ho_Chi_Minh), 30 agencies, 50 procedures, ~60 % declared reuse,
--                            ~70 % SYNCED, 70 % with every component digitised at reception; about 65 %
--                            of them get lookups
-- 1,000,000 lookup_ledger rows over the same year, citizens/enterprises/land, ~70 % for a registered
--                            dossier (within a day of its reception), the rest for dossier ids the
--                            hub has no dossier for
--           dossier_source   one row per dossier id and source with >= 1 FOUND lookup (as the
--                            ledger writer keeps it)
--           lookup_daily     the report's daily counters of those lookups (as the ledger writer
--                            keeps them, computed with the SQL of the V5 migration's backfill)
--           lookup_daily_agency_procedure  the same by agency and procedure together (V16's backfill)
--
-- Sizes can be changed with psql variables: -v dossiers=200000 -v lookups=1000000

\set ON_ERROR_STOP on
\if :{?dossiers}
\else
  \set dossiers 200000
\endif
\if :{?lookups}
\else
  \set lookups 1000000
\endif

SET TIME ZONE 'UTC';
SELECT setseed(0.20260101);

TRUNCATE lookup_ledger, lookup_daily, lookup_daily_agency_procedure, dossier_source, dossier_event, dossier, reuse_copy;

-- The year being seeded: the current one in Asia/Ho_Chi_Minh.
CREATE TEMP TABLE bench_year AS
SELECT make_date(y, 1, 1) AS first_day, make_date(y, 12, 31) AS last_day,
       (make_date(y + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS year_end
FROM (SELECT extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS y) t;

-- 30 agencies (the first ones busier) and 50 procedures (a long tail).
CREATE TEMP TABLE bench_agency AS
SELECT a AS n, format('000.%s.%s.H12', lpad((a % 3 + 0)::text, 2, '0'), lpad(a::text, 2, '0')) AS code
FROM generate_series(1, 30) a;
CREATE TEMP TABLE bench_procedure AS
SELECT p AS n, '1.00' || (1600 + p * 7) AS code FROM generate_series(1, 50) p;

-- Working days of the year (Monday to Friday).
CREATE TEMP TABLE bench_day AS
SELECT row_number() OVER (ORDER BY d)::int AS n, d::date AS day
FROM bench_year y, generate_series(y.first_day, y.last_day, interval '1 day') d
WHERE extract(isodow FROM d) < 6;

-- The dossiers, numbered, with what the ledger rows need to refer to them.
CREATE TEMP TABLE bench_dossier AS
WITH r AS MATERIALIZED (
    SELECT g AS n,
           1 + floor(random() * (SELECT count(*) FROM bench_day))::int AS day_n,
           random() AS t_of_day,
           -- skewed: agency 1 gets ~3x the dossiers of agency 30
           1 + floor(30 * power(random(), 1.6))::int AS agency_n,
           1 + floor(50 * power(random(), 2.0))::int AS procedure_n,
           random() AS r_declared, random() AS r_sync, random() AS r_lookups, random() AS r_channel,
           random() AS r_status
    FROM generate_series(1, :dossiers) g
)
SELECT r.n, a.code AS agency_code, p.code AS procedure_code,
       ((d.day + time '07:30' + r.t_of_day * interval '9 hours 30 minutes')
            AT TIME ZONE 'Asia/Ho_Chi_Minh') AS received_at,
       r.r_declared < 0.60 AS declared_reuse,
       CASE WHEN r.r_sync < 0.70 THEN 'SYNCED' ELSE 'PENDING' END AS sync_state,
       CASE WHEN r.r_channel < 0.50 THEN 'IN_PERSON' WHEN r.r_channel < 0.92 THEN 'ONLINE' ELSE 'POST' END AS channel,
       CASE WHEN r.r_status < 0.10 THEN 'RECEIVED' WHEN r.r_status < 0.35 THEN 'PROCESSING'
            WHEN r.r_status < 0.40 THEN 'SUPPLEMENT_REQUESTED' WHEN r.r_status < 0.92 THEN 'RESOLVED'
            WHEN r.r_status < 0.97 THEN 'RETURNED' ELSE 'CANCELLED' END AS status,
       r.r_lookups < 0.65 AS looked_up
FROM r
JOIN bench_day d ON d.n = r.day_n
JOIN bench_agency a ON a.n = r.agency_n
JOIN bench_procedure p ON p.n = r.procedure_n;

ALTER TABLE bench_dossier ADD COLUMN dossier_id varchar(64);
UPDATE bench_dossier SET dossier_id = format('%s-%s-%s', agency_code,
    to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD'), lpad(n::text, 6, '0'));

-- The dossiers that get lookups, numbered 1..k so a random ledger row can pick one.
CREATE TEMP TABLE bench_looked_up AS
SELECT row_number() OVER (ORDER BY n)::int AS k, n, dossier_id, agency_code, procedure_code, received_at
FROM bench_dossier WHERE looked_up;
CREATE UNIQUE INDEX ON bench_looked_up (k);
ANALYZE bench_looked_up;

INSERT INTO dossier (dossier_id, client_id, procedure_code, agency_code, received_at, received_date, channel,
                     status, status_at, declared_reuse, components_digitized, document, version, sync_state,
                     sync_attempts, last_sync_error, last_synced_at, updated_at)
SELECT dossier_id, 'provincial-ap-system', procedure_code, agency_code, received_at,
       (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, channel, status,
       received_at + (n % 240) * interval '1 hour', declared_reuse, (n % 10) < 7, '\x00'::bytea,
       CASE status WHEN 'RECEIVED' THEN 1 WHEN 'PROCESSING' THEN 2 ELSE 3 END,
       sync_state, CASE WHEN sync_state = 'SYNCED' THEN 1 ELSE 0 END, NULL,
       CASE WHEN sync_state = 'SYNCED' THEN received_at + (n % 240) * interval '1 hour' + interval '5 seconds' END,
       received_at + (n % 240) * interval '1 hour'
FROM bench_dossier
ORDER BY received_at;

-- The ledger, in the order the hub appends it (occurred_at).
INSERT INTO lookup_ledger (occurred_at, business_date, client_id, agency_code, dossier_id, procedure_code,
                           officer_id, source, subject_hash, outcome, served_from, duration_ms, correlation_id)
WITH r AS MATERIALIZED (
    SELECT g AS n,
           random() < 0.70 AS tied,
           1 + floor(random() * (SELECT count(*) FROM bench_looked_up))::int AS k,
           random() AS r_when, random() AS r_source, random() AS r_outcome, random() AS r_served,
           random() AS r_agency, random() AS r_officer, random() AS r_duration,
           floor(random() * 400000)::int AS subject_n,
           1 + floor(random() * (SELECT count(*) FROM bench_day))::int AS day_n,
           1 + floor(30 * power(random(), 1.6))::int AS agency_n,
           1 + floor(50 * power(random(), 2.0))::int AS procedure_n
    FROM generate_series(1, :lookups) g
), l AS (
    SELECT r.*,
           CASE WHEN r.r_source < 0.55 THEN 'citizens' WHEN r.r_source < 0.80 THEN 'enterprises' ELSE 'land' END AS source,
           CASE WHEN r.r_outcome < 0.85 THEN 'FOUND' WHEN r.r_outcome < 0.93 THEN 'NOT_FOUND'
                WHEN r.r_outcome < 0.95 THEN 'INVALID' WHEN r.r_outcome < 0.97 THEN 'FAILED'
                WHEN r.r_outcome < 0.99 THEN 'TIMEOUT' ELSE 'UNAVAILABLE' END AS outcome,
           CASE WHEN r.tied THEN b.dossier_id
                ELSE format('%s-%s-X%s', a.code, to_char(dd.day, 'YYMMDD'), lpad(r.n::text, 7, '0')) END AS dossier_id,
           CASE WHEN r.tied THEN least(b.received_at + r.r_when * interval '1 day',
                                       (SELECT year_end FROM bench_year) - interval '1 second')
                ELSE (dd.day + time '07:30' + r.r_when * interval '9 hours 30 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh'
           END AS occurred_at,
           CASE WHEN r.tied THEN b.agency_code ELSE a.code END AS d_agency,
           CASE WHEN r.tied THEN b.procedure_code ELSE p.code END AS procedure_code
    FROM r
    LEFT JOIN bench_looked_up b ON r.tied AND b.k = r.k
    JOIN bench_day dd ON dd.n = r.day_n
    JOIN bench_agency a ON a.n = r.agency_n
    JOIN bench_procedure p ON p.n = r.procedure_n
)
SELECT occurred_at,
       (occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       CASE WHEN source = 'land' AND r_agency < 0.30 THEN 'land-office' ELSE 'provincial-ap-system' END,
       CASE WHEN r_agency < 0.60 THEN d_agency END,                      -- X-Agency-Code is optional
       dossier_id, procedure_code,
       CASE WHEN r_officer < 0.80 THEN 'CB' || lpad((1 + floor(r_officer * 1000))::text, 4, '0') END,
       source,
       encode(sha256(convert_to(source || ':' || subject_n, 'UTF8')), 'hex'),
       outcome,
       CASE WHEN outcome = 'FOUND' THEN
            CASE WHEN r_served < (CASE source WHEN 'enterprises' THEN 0.45 ELSE 0.08 END) THEN 'reuse-store' ELSE 'source' END
       END,
       CASE WHEN outcome = 'TIMEOUT' THEN 3000
            WHEN outcome = 'UNAVAILABLE' THEN (r_duration * 5)::int
            WHEN outcome = 'INVALID' THEN (r_duration * 2)::int
            WHEN outcome = 'FOUND' AND r_served < (CASE source WHEN 'enterprises' THEN 0.45 ELSE 0.08 END)
                 THEN 2 + (r_duration * 10)::int
            ELSE 40 + (power(r_duration, 3) * 1500)::int END,
       md5(n::text || ':' || subject_n)::uuid::text
FROM l
ORDER BY occurred_at;

-- What the ledger writer keeps beside it: the sources that answered FOUND for each dossier id.
INSERT INTO dossier_source (dossier_id, source, first_found_at)
SELECT DISTINCT ON (dossier_id, source) dossier_id, source, occurred_at
FROM lookup_ledger
WHERE outcome = 'FOUND' AND dossier_id IS NOT NULL
ORDER BY dossier_id, source, occurred_at
ON CONFLICT DO NOTHING;

-- What the ledger writer keeps beside it: the report's daily counters (as V5 backfills them).
INSERT INTO lookup_daily (dimension, business_date, dimension_key, source, outcome, served_from, lookups)
SELECT 'all', business_date, '', source, outcome, COALESCE(served_from, ''), COUNT(*)
FROM lookup_ledger GROUP BY business_date, source, outcome, COALESCE(served_from, '');
INSERT INTO lookup_daily (dimension, business_date, dimension_key, source, outcome, served_from, lookups)
SELECT 'procedure', business_date, COALESCE(procedure_code, 'unknown'), source, outcome, COALESCE(served_from, ''),
       COUNT(*)
FROM lookup_ledger
GROUP BY business_date, COALESCE(procedure_code, 'unknown'), source, outcome, COALESCE(served_from, '');
INSERT INTO lookup_daily (dimension, business_date, dimension_key, source, outcome, served_from, lookups)
SELECT 'agency', l.business_date, COALESCE(l.agency_code, d.agency_code, 'unknown'), l.source, l.outcome,
       COALESCE(l.served_from, ''), COUNT(*)
FROM lookup_ledger l LEFT JOIN dossier d ON d.dossier_id = l.dossier_id
GROUP BY l.business_date, COALESCE(l.agency_code, d.agency_code, 'unknown'), l.source, l.outcome,
         COALESCE(l.served_from, '');
-- and by agency and procedure together (as V16 backfills them), which filtered reports read
INSERT INTO lookup_daily_agency_procedure (agency_code, business_date, procedure_code, source, outcome, served_from,
                                           lookups)
SELECT COALESCE(l.agency_code, d.agency_code, 'unknown'), l.business_date, COALESCE(l.procedure_code, 'unknown'),
       l.source, l.outcome, COALESCE(l.served_from, ''), COUNT(*)
FROM lookup_ledger l LEFT JOIN dossier d ON d.dossier_id = l.dossier_id
GROUP BY COALESCE(l.agency_code, d.agency_code, 'unknown'), l.business_date, COALESCE(l.procedure_code, 'unknown'),
         l.source, l.outcome, COALESCE(l.served_from, '');

VACUUM ANALYZE dossier;
VACUUM ANALYZE lookup_ledger;
VACUUM ANALYZE dossier_source;
VACUUM ANALYZE lookup_daily;
VACUUM ANALYZE lookup_daily_agency_procedure;

SELECT 'dossier' AS "table", count(*) AS "rows" FROM dossier
UNION ALL SELECT 'lookup_ledger', count(*) FROM lookup_ledger
UNION ALL SELECT 'lookup_ledger (dossier registered)', count(*) FROM lookup_ledger l
    WHERE EXISTS (SELECT 1 FROM dossier d WHERE d.dossier_id = l.dossier_id)
UNION ALL SELECT 'dossier_source', count(*) FROM dossier_source
UNION ALL SELECT 'lookup_daily', count(*) FROM lookup_daily
UNION ALL SELECT 'lookup_daily_agency_procedure', count(*) FROM lookup_daily_agency_procedure
UNION ALL SELECT 'lookup_daily, dimension ' || dimension, count(*) FROM lookup_daily GROUP BY dimension;
