-- The certificate's PDF (phieuLLTP) of an issued criminal-record request, AES-GCM encrypted as the
-- certificate is (its own associated data); null until issued, and when the service sent none.
ALTER TABLE criminal_record_request ADD COLUMN certificate_pdf BYTEA;
-- the service knows a request by its dossier (maHoSoMCDT): a new request looks for the dossier's open one
CREATE INDEX ix_criminal_record_dossier ON criminal_record_request (dossier_id, status);
