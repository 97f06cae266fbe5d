-- The reuse report reads lookups from a daily rollup instead of the ledger's rows: one counter per
-- business day, grouping dimension, source, outcome and served-from. The ledger writer increments
-- it in the same transaction as the rows it appends, so it always equals the ledger.
--
-- dimension 'all'       dimension_key ''             (totals, groupBy=day and groupBy=source)
--           'agency'    the X-Agency-Code sent, else the agency of the dossier as registered when
--                       the lookup was recorded, else 'unknown'
--           'procedure' the X-Procedure-Code sent, else 'unknown'
-- served_from is '' unless the outcome is FOUND.
CREATE TABLE lookup_daily (
    dimension     VARCHAR(16) NOT NULL,
    business_date DATE        NOT NULL,
    dimension_key VARCHAR(64) NOT NULL,
    source        VARCHAR(32) NOT NULL,
    outcome       VARCHAR(16) NOT NULL,
    served_from   VARCHAR(16) NOT NULL,
    lookups       BIGINT      NOT NULL,
    PRIMARY KEY (dimension, business_date, dimension_key, source, outcome, served_from)
);

-- The ledger rows written before this migration.
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

-- Nothing reads the ledger by date any more: its wide date index only cost every append.
DROP INDEX ix_ledger_day;
