-- The reuse report filtered to one agency, one procedure or both (GET /api/v1/reports/reuse?agency=&procedure=).
-- Plain SQL that PostgreSQL and H2 both run.

-- Dossiers: the range of one agency's or one procedure's receipts, as ix_dossier_received is the range of all.
CREATE INDEX ix_dossier_agency_received ON dossier (agency_code, received_at);
CREATE INDEX ix_dossier_procedure_received ON dossier (procedure_code, received_at);

-- Lookups: lookup_daily counts by agency and by procedure apart, so it cannot give one agency's lookups by
-- procedure, nor those of an agency and a procedure together. These counters are by both: one per business
-- day, agency, procedure, source, outcome and served-from, with the agency and the procedure of
-- lookup_daily's dimensions ('unknown' when there is none). The ledger writer increments them in the same
-- transaction as lookup_daily; a filtered report reads them (its primary key for an agency, or an agency and
-- a procedure; the index below for a procedure), an unfiltered one still reads lookup_daily.
CREATE TABLE lookup_daily_agency_procedure (
    agency_code    VARCHAR(64) NOT NULL,
    business_date  DATE        NOT NULL,
    procedure_code VARCHAR(16) NOT NULL,
    source         VARCHAR(32) NOT NULL,
    outcome        VARCHAR(16) NOT NULL,
    served_from    VARCHAR(16) NOT NULL,
    lookups        BIGINT      NOT NULL,
    PRIMARY KEY (agency_code, business_date, procedure_code, source, outcome, served_from)
);
CREATE INDEX ix_lookup_daily_procedure ON lookup_daily_agency_procedure (procedure_code, business_date);

-- The ledger rows written before this migration, as V5 counted them by agency and by procedure.
INSERT INTO lookup_daily_agency_procedure (agency_code, business_date, procedure_code, source, outcome, served_from,
                                           lookups)
SELECT COALESCE(l.agency_code, d.agency_code, 'unknown'), l.business_date, COALESCE(l.procedure_code, 'unknown'),
       l.source, l.outcome, COALESCE(l.served_from, ''), COUNT(*)
FROM lookup_ledger l LEFT JOIN dossier d ON d.dossier_id = l.dossier_id
GROUP BY COALESCE(l.agency_code, d.agency_code, 'unknown'), l.business_date, COALESCE(l.procedure_code, 'unknown'),
         l.source, l.outcome, COALESCE(l.served_from, '');
